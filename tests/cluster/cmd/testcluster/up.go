package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// LimitedNamespace is the namespace the viewer and operator users are limited to.
const LimitedNamespace = "shop"

// stateEnv marks every process of a cluster, so "down" only signals processes that really belong to it.
const stateEnv = "BINNACLE_CLUSTER_STATE"

// procInfo is one component process. Path, Args (argv, argv[0] included), Env and Dir are exactly what it was
// started with, so "restart" can start it again the same way.
type procInfo struct {
	Name string   `json:"name"`
	Pid  int      `json:"pid"`
	Log  string   `json:"log"`
	Path string   `json:"path,omitempty"`
	Args []string `json:"args,omitempty"`
	Env  []string `json:"env,omitempty"`
	Dir  string   `json:"dir,omitempty"`
	// Restarts counts "restart"s (and "start"s after a "stop") of this component since "up".
	Restarts int `json:"restarts,omitempty"`
	// Started is when this process was started.
	Started time.Time `json:"started,omitempty"`
	// Stopped: left down on purpose by "cluster.sh stop" (until "start", "restart" or the next "up").
	Stopped bool `json:"stopped,omitempty"`
}

type clusterState struct {
	Name        string         `json:"name"`
	Dir         string         `json:"dir"`
	Server      string         `json:"server"`
	Ports       map[string]int `json:"ports"`
	Procs       []procInfo     `json:"procs"`
	Kubeconfig  string         `json:"kubeconfig"`
	Namespace   string         `json:"limitedNamespace"`
	Version     string         `json:"version"`
	StartedAt   time.Time      `json:"startedAt"`
	ReadyAfterS float64        `json:"readyAfterSeconds"`
	// MetricResolution is metrics-server's scrape interval (BINNACLE_METRICS_RESOLUTION, default 15s).
	MetricResolution string `json:"metricResolution,omitempty"`
}

func logf(name, format string, a ...any) {
	fmt.Fprintf(os.Stderr, "[cluster %s %s] %s\n", name, time.Now().Format("15:04:05.000"), fmt.Sprintf(format, a...))
}

func statePath(dir string) string { return filepath.Join(dir, "state.json") }

func loadState(dir string) (*clusterState, error) {
	b, err := os.ReadFile(statePath(dir))
	if err != nil {
		return nil, err
	}
	var s clusterState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *clusterState) save() error {
	b, _ := json.MarshalIndent(s, "", "  ")
	tmp := statePath(s.Dir) + ".tmp"
	// 0600: the components' environments are recorded, and an environment may hold anything.
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, statePath(s.Dir))
}

// ownedPid reports whether pid is alive and belongs to the cluster in dir (by its environment marker).
func ownedPid(pid int, dir string) bool {
	if pid <= 0 {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		return false
	}
	if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// field 3 is the state; Z = zombie
		if i := bytes.LastIndexByte(st, ')'); i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
			return false
		}
	}
	want := []byte(stateEnv + "=" + dir)
	for _, kv := range bytes.Split(b, []byte{0}) {
		if bytes.Equal(kv, want) {
			return true
		}
	}
	return false
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func portListening(port int) bool {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 300*time.Millisecond)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------- up

type upper struct {
	name, dir, self, kwok string
	metricsServer         string
	resolution            time.Duration
	metricsWait           bool
	st                    *clusterState
	died                  chan procExit
	ctx                   context.Context
}

type procExit struct {
	p   procInfo
	err error
}

func (u *upper) start(name string, bin string, args ...string) error {
	p := procInfo{Name: name, Log: filepath.Join(u.dir, "logs", name+".log"), Path: bin, Dir: u.dir,
		Args: append([]string{bin}, args...),
		Env:  append(os.Environ(), stateEnv+"="+u.dir, "GOMAXPROCS=2")}
	switch name { // argv[0] names the component (see main.go)
	case "apiserver", "controller-manager", "scheduler":
		p.Args = append([]string{"kube-" + name}, args[1:]...)
	}
	cmd, err := launch(&p)
	if err != nil {
		return err
	}
	u.st.Procs = append(u.st.Procs, p)
	if err := u.st.save(); err != nil {
		return err
	}
	go func() {
		err := cmd.Wait()
		u.died <- procExit{p, err}
	}()
	logf(u.name, "started %s (pid %d, log %s)", name, p.Pid, p.Log)
	return nil
}

// launch starts p as a daemon in a session of its own, exactly as recorded (binary, argv, environment, working
// directory), appending to its log, and sets p.Pid.
func launch(p *procInfo) (*exec.Cmd, error) {
	lf, err := os.OpenFile(p.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	cmd := &exec.Cmd{Path: p.Path, Args: p.Args, Env: p.Env, Dir: p.Dir, Stdout: lf, Stderr: lf}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", p.Name, err)
	}
	p.Pid = cmd.Process.Pid
	p.Started = time.Now()
	p.Stopped = false
	return cmd, nil
}

// check returns an error naming the first component that exited, with its last log lines.
func (u *upper) check() error {
	select {
	case e := <-u.died:
		return fmt.Errorf("component %s (pid %d) exited: %v\n--- last lines of %s ---\n%s\n---", e.p.Name, e.p.Pid, e.err, e.p.Log, tailFile(e.p.Log, 40))
	default:
		return nil
	}
}

// waitFor polls cond until it is true, the deadline passes, or a component dies.
func (u *upper) waitFor(what string, every time.Duration, cond func() (bool, error)) error {
	var last error
	for {
		if err := u.check(); err != nil {
			return err
		}
		ok, err := cond()
		if ok {
			return nil
		}
		last = err
		select {
		case <-u.ctx.Done():
			if last != nil {
				return fmt.Errorf("timed out waiting for %s: %v", what, last)
			}
			return fmt.Errorf("timed out waiting for %s", what)
		case <-time.After(every):
		}
	}
}

func runUp(args []string) int {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory (…/NAME)")
	name := fs.String("name", "demo", "cluster name")
	kwokBin := fs.String("kwok", "", "path of the kwok binary")
	msBin := fs.String("metrics-server", "", "path of the metrics-server binary")
	timeout := fs.Duration("timeout", 120*time.Second, "readiness budget")
	noMetricsWait := fs.Bool("no-metrics-wait", false, "return once the Metrics API is served, before it has figures (one resolution sooner)")
	_ = fs.Parse(args)
	if *dir == "" || *kwokBin == "" || *msBin == "" {
		fmt.Fprintln(os.Stderr, "up: --state, --kwok and --metrics-server are required")
		return 2
	}
	resolution, err := metricResolution()
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 2
	}
	abs, _ := filepath.Abs(*dir)
	*dir = abs
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(*dir), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 1
	}
	unlock, err := lockCluster(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 1
	}
	defer unlock()

	// Already running?
	if st, err := loadState(*dir); err == nil {
		if healthy(st) == nil {
			logf(*name, "already running (apiserver %s)", st.Server)
			// components left down by "cluster.sh stop" (e.g. by a test that did not get to start them again)
			if err := startStopped(st, *timeout); err != nil {
				fmt.Fprintln(os.Stderr, "up:", err)
				return 1
			}
			printSummary(st)
			return 0
		}
		logf(*name, "found a stale or broken cluster in %s: stopping it and starting anew", *dir)
		stopCluster(st, *dir)
	}
	if err := os.RemoveAll(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "up: cannot clear old state:", err)
		return 1
	}

	t0 := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	u := &upper{name: *name, dir: *dir, self: self, kwok: *kwokBin, metricsServer: *msBin, resolution: resolution,
		metricsWait: !*noMetricsWait, died: make(chan procExit, 16), ctx: ctx}
	err = u.run()
	if err != nil {
		fmt.Fprintf(os.Stderr, "up: cluster %s FAILED after %.1fs: %v\n", *name, time.Since(t0).Seconds(), err)
		if u.st != nil {
			stopCluster(u.st, *dir)
			fmt.Fprintf(os.Stderr, "up: component logs are in %s\n", filepath.Join(*dir, "logs"))
		}
		return 1
	}
	u.st.ReadyAfterS = time.Since(t0).Seconds()
	_ = u.st.save()
	logf(*name, "ready after %.1fs", u.st.ReadyAfterS)
	printSummary(u.st)
	return 0
}

func lockCluster(dir string) (func(), error) {
	f, err := os.OpenFile(dir+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another up/down of %s holds %s.lock", dir, dir)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (u *upper) run() error {
	dir := u.dir
	for _, d := range []string{"logs", "pki", "kubeconfigs", "etcd", "pods"} {
		mode := os.FileMode(0o755)
		if d == "etcd" || d == "pki" {
			mode = 0o700
		}
		if err := os.MkdirAll(filepath.Join(dir, d), mode); err != nil {
			return err
		}
	}
	ports, err := freePorts(8)
	if err != nil {
		return err
	}
	u.st = &clusterState{
		Name: u.name, Dir: dir, Namespace: LimitedNamespace, StartedAt: time.Now(),
		Ports: map[string]int{"etcd-client": ports[0], "etcd-peer": ports[1], "apiserver": ports[2],
			"controller-manager": ports[3], "scheduler": ports[4], "kwok": ports[5], "agent-fallback": ports[6],
			"metrics-server": ports[7]},
		Kubeconfig:       filepath.Join(dir, "kubeconfig"),
		MetricResolution: u.resolution.String(),
	}
	u.st.Server = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	if err := u.st.save(); err != nil {
		return err
	}

	// --- PKI, tokens, kubeconfigs
	pkiDir := filepath.Join(dir, "pki")
	p, err := newPKI(pkiDir)
	if err != nil {
		return err
	}
	if err := p.writeServiceAccountKey(); err != nil {
		return err
	}
	if _, _, err := p.issue("apiserver", "kube-apiserver", nil, true); err != nil {
		return err
	}
	if _, _, err := p.issue("kwok-serving", "kwok-kubelet", nil, true); err != nil {
		return err
	}
	if _, _, err := p.issue("front-proxy-client", "front-proxy-client", nil, false); err != nil {
		return err
	}
	// the aggregator verifies metrics-server as <service>.<namespace>.svc
	msDNS := metricsServiceName + "." + metricsServiceNamespace + ".svc"
	if _, _, err := p.issueWithDNS("metrics-server-serving", "metrics-server", nil, true, []string{msDNS, msDNS + ".cluster.local"}); err != nil {
		return err
	}
	adminToken, viewerToken := randomToken(), randomToken()
	tokens := fmt.Sprintf("%s,admin-token,uid-admin-token,\"system:masters\"\n%s,viewer,uid-viewer,\"binnacle:viewers\"\n", adminToken, viewerToken)
	if err := os.WriteFile(filepath.Join(pkiDir, "tokens.csv"), []byte(tokens), 0o600); err != nil {
		return err
	}
	type user struct {
		name         string
		cert, key    []byte
		token        string
		ns           string
		individual   string
		contextLabel string
	}
	issue := func(file, cn string, orgs ...string) ([]byte, []byte, error) { return p.issue(file, cn, orgs, false) }
	adminCert, adminKey, err := issue("admin", "admin", "system:masters")
	if err != nil {
		return err
	}
	operCert, operKey, err := issue("operator", "operator", "binnacle:operators")
	if err != nil {
		return err
	}
	users := []user{
		{name: "admin", cert: adminCert, key: adminKey},
		{name: "admin-token", token: adminToken},
		{name: "viewer", token: viewerToken, ns: LimitedNamespace},
		{name: "operator", cert: operCert, key: operKey, ns: LimitedNamespace},
	}
	ca := p.caPEM()
	merged := clientcmdapi.NewConfig()
	merged.Clusters[u.name] = &clientcmdapi.Cluster{Server: u.st.Server, CertificateAuthorityData: ca}
	for _, us := range users {
		ctxName := u.name + "-" + us.name
		ai := &clientcmdapi.AuthInfo{ClientCertificateData: us.cert, ClientKeyData: us.key, Token: us.token}
		merged.AuthInfos[ctxName] = ai
		merged.Contexts[ctxName] = &clientcmdapi.Context{Cluster: u.name, AuthInfo: ctxName, Namespace: us.ns}
		single := clientcmdapi.NewConfig()
		single.Clusters[u.name] = merged.Clusters[u.name]
		single.AuthInfos[ctxName] = ai
		single.Contexts[ctxName] = merged.Contexts[ctxName]
		single.CurrentContext = ctxName
		if err := clientcmd.WriteToFile(*single, filepath.Join(dir, "kubeconfigs", us.name+".kubeconfig")); err != nil {
			return err
		}
	}
	merged.CurrentContext = u.name + "-admin"
	if err := clientcmd.WriteToFile(*merged, u.st.Kubeconfig); err != nil {
		return err
	}
	// component kubeconfigs
	comp := func(file, cn string, orgs ...string) error {
		c, k, err := p.issue(file, cn, orgs, false)
		if err != nil {
			return err
		}
		cfg := clientcmdapi.NewConfig()
		cfg.Clusters["c"] = &clientcmdapi.Cluster{Server: u.st.Server, CertificateAuthorityData: ca}
		cfg.AuthInfos["u"] = &clientcmdapi.AuthInfo{ClientCertificateData: c, ClientKeyData: k}
		cfg.Contexts["c"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "u"}
		cfg.CurrentContext = "c"
		return clientcmd.WriteToFile(*cfg, filepath.Join(dir, "kubeconfigs", file+".kubeconfig"))
	}
	// The controller manager runs without per-controller service-account credentials, so it needs broad rights.
	if err := comp("controller-manager", "system:kube-controller-manager", "system:masters"); err != nil {
		return err
	}
	if err := comp("scheduler", "system:kube-scheduler"); err != nil {
		return err
	}
	if err := comp("kwok", "kwok-controller", "system:masters"); err != nil {
		return err
	}
	if err := comp("agent", "binnacle-agent", "system:masters"); err != nil {
		return err
	}
	if err := comp("metrics-server", metricsUser); err != nil {
		return err
	}
	if err := u.writeEnv(); err != nil {
		return err
	}

	// --- etcd
	pp := u.st.Ports
	if err := u.start("etcd", u.self, "etcd", "--data-dir", filepath.Join(dir, "etcd"),
		"--client-port", strconv.Itoa(pp["etcd-client"]), "--peer-port", strconv.Itoa(pp["etcd-peer"])); err != nil {
		return err
	}
	if err := u.waitFor("etcd /health", 100*time.Millisecond, func() (bool, error) {
		return etcdHealthy(pp["etcd-client"])
	}); err != nil {
		return err
	}
	logf(u.name, "etcd healthy")

	// --- kube-apiserver
	pk := func(f string) string { return filepath.Join(pkiDir, f) }
	if err := u.start("apiserver", u.self, "apiserver",
		"--etcd-servers=http://127.0.0.1:"+strconv.Itoa(pp["etcd-client"]),
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(pp["apiserver"]),
		"--tls-cert-file="+pk("apiserver.crt"), "--tls-private-key-file="+pk("apiserver.key"),
		"--client-ca-file="+pk("ca.crt"),
		"--token-auth-file="+pk("tokens.csv"),
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+pk("sa.pub"), "--service-account-signing-key-file="+pk("sa.key"),
		"--service-cluster-ip-range=10.96.0.0/16",
		"--allow-privileged=true",
		"--endpoint-reconciler-type=none",
		"--kubelet-preferred-address-types=InternalIP,Hostname",
		"--profiling=false",
		"--cert-dir="+filepath.Join(dir, "pki", "apiserver-generated"),
		"--max-requests-inflight=1000", "--max-mutating-requests-inflight=500",
		// front proxy (aggregation layer) as in kubeadm clusters; also keeps the controllers from complaining
		// about a missing requestheader CA in kube-system/extension-apiserver-authentication
		"--requestheader-client-ca-file="+pk("ca.crt"), "--requestheader-allowed-names=front-proxy-client",
		"--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
		"--requestheader-extra-headers-prefix=X-Remote-Extra-",
		"--proxy-client-cert-file="+pk("front-proxy-client.crt"), "--proxy-client-key-file="+pk("front-proxy-client.key"),
	); err != nil {
		return err
	}
	adminCfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(dir, "kubeconfigs", "admin.kubeconfig"))
	if err != nil {
		return err
	}
	adminCfg.QPS, adminCfg.Burst = 200, 400
	if err := u.waitFor("kube-apiserver /readyz", 200*time.Millisecond, func() (bool, error) {
		return readyz(adminCfg)
	}); err != nil {
		return err
	}
	logf(u.name, "kube-apiserver ready at %s", u.st.Server)
	cs, err := kubernetes.NewForConfig(adminCfg)
	if err != nil {
		return err
	}
	if v, err := cs.Discovery().ServerVersion(); err == nil {
		u.st.Version = v.GitVersion
		logf(u.name, "server version %s", v.GitVersion)
	}

	// --- kwok CRDs (before kwok starts watching them), nodes, kwok, controllers, agent
	if err := installKwokCRDs(u.ctx, adminCfg); err != nil {
		return fmt.Errorf("install kwok CRDs: %w", err)
	}
	// simulated usage (kwok's Metric and ClusterResourceUsage) and the Metrics API's RBAC, Service, APIService
	if err := applyYAML(u.ctx, adminCfg, usageObjects()+"---\n"+metricsAPIObjects(pp["metrics-server"], ca)); err != nil {
		return fmt.Errorf("metrics API objects: %w", err)
	}
	kwokCfg := filepath.Join(dir, "kwok.yaml")
	if err := os.WriteFile(kwokCfg, []byte(kwokConfig(dir, pp["agent-fallback"])), 0o644); err != nil {
		return err
	}
	if err := u.start("kwok", u.kwok,
		"--kubeconfig="+filepath.Join(dir, "kubeconfigs", "kwok.kubeconfig"),
		"--config="+kwokCfg,
		"--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
		"--node-ip=127.0.0.1",
		"--node-port="+strconv.Itoa(pp["kwok"]),
		"--server-address=127.0.0.1:"+strconv.Itoa(pp["kwok"]),
		"--tls-cert-file="+pk("kwok-serving.crt"), "--tls-private-key-file="+pk("kwok-serving.key"),
		"--cidr=10.244.0.0/16",
		"--enable-crds=Logs,Exec,PortForward,Attach,Metric,ResourceUsage,ClusterResourceUsage",
		"-v=WARN", // at INFO kwok logs a JSON line per pod patch: megabytes with benchmark pods
	); err != nil {
		return err
	}
	kcmKC := filepath.Join(dir, "kubeconfigs", "controller-manager.kubeconfig")
	if err := u.start("controller-manager", u.self, "controller-manager",
		"--kubeconfig="+kcmKC, "--authentication-kubeconfig="+kcmKC, "--authorization-kubeconfig="+kcmKC,
		"--bind-address=127.0.0.1", "--secure-port="+strconv.Itoa(pp["controller-manager"]),
		"--cert-dir="+filepath.Join(dir, "pki", "kcm-generated"),
		"--leader-elect=false",
		"--use-service-account-credentials=false",
		"--service-account-private-key-file="+pk("sa.key"),
		"--root-ca-file="+pk("ca.crt"),
		"--cluster-signing-cert-file="+pk("ca.crt"), "--cluster-signing-key-file="+pk("ca.key"),
		"--cluster-cidr=10.244.0.0/16", "--service-cluster-ip-range=10.96.0.0/16",
		"--kube-api-qps=100", "--kube-api-burst=200",
		"--profiling=false",
	); err != nil {
		return err
	}
	schKC := filepath.Join(dir, "kubeconfigs", "scheduler.kubeconfig")
	if err := u.start("scheduler", u.self, "scheduler",
		"--kubeconfig="+schKC, "--authentication-kubeconfig="+schKC, "--authorization-kubeconfig="+schKC,
		"--bind-address=127.0.0.1", "--secure-port="+strconv.Itoa(pp["scheduler"]),
		"--cert-dir="+filepath.Join(dir, "pki", "scheduler-generated"),
		"--leader-elect=false",
		"--profiling=false",
	); err != nil {
		return err
	}
	if err := u.start("agent", u.self, "agent", "--state", dir,
		"--kubeconfig", filepath.Join(dir, "kubeconfigs", "agent.kubeconfig"),
		"--fallback-port", strconv.Itoa(pp["agent-fallback"])); err != nil {
		return err
	}

	// --- seed
	if err := seed(u.ctx, u.name, adminCfg, u.check); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	warm := make(chan error, 1) // meanwhile, have kwok fill its pod cache (see warmKwokMetrics)
	go func() { warm <- warmKwokMetrics(u.ctx, pp["kwok"]) }()
	logf(u.name, "seed applied; waiting for nodes Ready and seeded pods Running")
	if err := u.waitFor("nodes Ready, seeded pods Running with port-forward rules", 500*time.Millisecond, func() (bool, error) {
		return seededReady(u.ctx, adminCfg)
	}); err != nil {
		return err
	}
	if err := seedEvents(u.ctx, cs); err != nil {
		return fmt.Errorf("seed events: %w", err)
	}
	if err := <-warm; err != nil {
		return err
	}
	// metrics-server last (down stops it first), once the seeded pods run: it scrapes at once and then every
	// resolution, and has a pod's figures at its second scrape of it (a rate needs two points). Started earlier,
	// its first scrape finds no pods and the figures come a scrape later.
	if err := u.start("metrics-server", u.metricsServer, metricsServerArgs(dir, pp["metrics-server"], u.resolution)...); err != nil {
		return err
	}
	msStart := time.Now()
	var poked time.Time
	if err := u.waitFor("the Metrics API (metrics-server)", 200*time.Millisecond, func() (bool, error) {
		ok, err := metricsAPIServed(u.st)
		// the aggregator checked the APIService when it was created, before metrics-server ran, and backs off
		if !ok && time.Since(poked) > 2*time.Second {
			if serving, _ := metricsServerServing(u.st.Ports["metrics-server"]); serving {
				pokeMetricsService(u.st)
				poked = time.Now()
			}
		}
		return ok, err
	}); err != nil {
		return err
	}
	if !u.metricsWait {
		logf(u.name, "Metrics API served by metrics-server (resolution %s; figures after its second scrape: cluster.sh metrics-wait)", u.resolution)
		return nil
	}
	logf(u.name, "Metrics API served; waiting for metrics-server's second scrape (resolution %s)", u.resolution)
	var summary string
	if err := u.waitFor("metrics of every node and running pod", 500*time.Millisecond, func() (bool, error) {
		ok, s, err := metricsComplete(u.ctx, cs)
		summary = s
		return ok, err
	}); err != nil {
		return err
	}
	logf(u.name, "%s, %.1fs after metrics-server started", summary, time.Since(msStart).Seconds())
	return nil
}

func readyz(cfg *rest.Config) (bool, error) {
	c := rest.CopyConfig(cfg)
	c.Timeout = 3 * time.Second
	cs, err := kubernetes.NewForConfig(c)
	if err != nil {
		return false, err
	}
	b, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(context.Background())
	if err != nil {
		return false, fmt.Errorf("%v: %s", err, b)
	}
	return string(b) == "ok", nil
}

func (u *upper) writeEnv() error {
	env := fmt.Sprintf("KUBECONFIG=%s\nBINNACLE_CLUSTER_NAME=%s\nBINNACLE_CLUSTER_SERVER=%s\nBINNACLE_CLUSTER_DIR=%s\nBINNACLE_CLUSTER_LIMITED_NAMESPACE=%s\nBINNACLE_CLUSTER_KUBECONFIG_DIR=%s\n",
		u.st.Kubeconfig, u.name, u.st.Server, u.dir, LimitedNamespace, filepath.Join(u.dir, "kubeconfigs"))
	return os.WriteFile(filepath.Join(u.dir, "cluster.env"), []byte(env), 0o644)
}

func printSummary(st *clusterState) {
	kd := filepath.Join(st.Dir, "kubeconfigs")
	fmt.Printf("cluster %s: kube-apiserver %s at %s\n", st.Name, st.Version, st.Server)
	fmt.Printf("state: %s (component logs in %s)\n", st.Dir, filepath.Join(st.Dir, "logs"))
	fmt.Printf("kubeconfigs (contexts %s-admin, %s-admin-token, %s-viewer, %s-operator; viewer/operator limited to namespace %s):\n",
		st.Name, st.Name, st.Name, st.Name, st.Namespace)
	for _, n := range []string{"admin", "admin-token", "viewer", "operator"} {
		fmt.Printf("  %-12s %s\n", n, filepath.Join(kd, n+".kubeconfig"))
	}
	fmt.Printf("  %-12s %s\n", "merged", st.Kubeconfig)
	fmt.Printf("env file: %s\n", filepath.Join(st.Dir, "cluster.env"))
	fmt.Printf("KUBECONFIG=%s\n", st.Kubeconfig)
}

// healthy checks that every recorded process is alive and the apiserver answers /readyz.
func healthy(st *clusterState) error {
	want := []string{"etcd", "apiserver", "kwok", "controller-manager", "scheduler", "agent", "metrics-server"}
	seen := map[string]bool{}
	for _, p := range st.Procs {
		// a component stopped on purpose ("cluster.sh stop") is no sign of a broken cluster
		if !p.Stopped && !ownedPid(p.Pid, st.Dir) {
			return fmt.Errorf("%s (pid %d) is not running", p.Name, p.Pid)
		}
		seen[p.Name] = true
	}
	for _, w := range want {
		if !seen[w] {
			return fmt.Errorf("%s was never started", w)
		}
	}
	if st.ReadyAfterS == 0 {
		return errors.New("the cluster never became ready")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(st.Dir, "kubeconfigs", "admin.kubeconfig"))
	if err != nil {
		return err
	}
	ok, err := readyz(cfg)
	if !ok {
		return fmt.Errorf("apiserver not ready: %v", err)
	}
	return nil
}

// ---------------------------------------------------------------- down

func stopCluster(st *clusterState, dir string) {
	// reverse start order: agent, scheduler, controller-manager, kwok, apiserver, etcd
	for i := len(st.Procs) - 1; i >= 0; i-- {
		stopProc(st.Name, st.Procs[i], dir)
	}
	// Anything else still carrying the marker (e.g. an exec'd shell left behind by kwok): end it too.
	for _, pid := range markedPids(dir) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// stopProc ends one component: SIGTERM, SIGKILL after 10 s; returns once it is gone (or 15 s have passed).
func stopProc(cluster string, p procInfo, dir string) {
	if !ownedPid(p.Pid, dir) {
		return
	}
	_ = syscall.Kill(p.Pid, syscall.SIGTERM)
	deadline := time.Now().Add(10 * time.Second)
	for ownedPid(p.Pid, dir) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if ownedPid(p.Pid, dir) {
		logf(cluster, "%s (pid %d) ignored SIGTERM for 10s: SIGKILL", p.Name, p.Pid)
		_ = syscall.Kill(p.Pid, syscall.SIGKILL)
		deadline = time.Now().Add(5 * time.Second)
		for ownedPid(p.Pid, dir) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// markedPids lists live processes whose environment carries this cluster's marker.
func markedPids(dir string) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		if ownedPid(pid, dir) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func runDown(args []string) int {
	fs := flag.NewFlagSet("down", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	_ = fs.Parse(args)
	abs, _ := filepath.Abs(*dir)
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "down: --state is required")
		return 2
	}
	if _, err := os.Stat(abs); err != nil {
		fmt.Fprintf(os.Stderr, "down: no cluster state in %s: nothing to stop\n", abs)
		return 0
	}
	unlock, err := lockCluster(abs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "down:", err)
		return 1
	}
	defer unlock()
	st, err := loadState(abs)
	if err != nil {
		st = &clusterState{Name: filepath.Base(abs), Dir: abs}
	}
	stopCluster(st, abs)
	rc := 0
	if left := markedPids(abs); len(left) > 0 {
		fmt.Fprintf(os.Stderr, "down: processes still alive: %v\n", left)
		rc = 1
	}
	for n, port := range st.Ports {
		if portListening(port) {
			fmt.Fprintf(os.Stderr, "down: port %d (%s) still accepts connections\n", port, n)
			rc = 1
		}
	}
	st.Procs = nil
	st.ReadyAfterS = 0
	if st.Dir != "" {
		_ = st.save()
	}
	if rc == 0 {
		fmt.Fprintf(os.Stderr, "cluster %s stopped\n", st.Name)
	}
	return rc
}

func runStatus(args []string) int {
	fs := flag.NewFlagSet("status", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	_ = fs.Parse(args)
	abs, _ := filepath.Abs(*dir)
	st, err := loadState(abs)
	if err != nil {
		fmt.Printf("no cluster in %s\n", abs)
		return 1
	}
	total := 0
	for _, p := range st.Procs {
		state := "running"
		if p.Stopped {
			state = "STOPPED"
		} else if !ownedPid(p.Pid, abs) {
			state = "NOT RUNNING"
		}
		rss := 0
		if state == "running" {
			rss = rssKiB(p.Pid)
		}
		total += rss
		fmt.Printf("%-20s pid %-8d %-12s RSS %7.1f MiB\n", p.Name, p.Pid, state, float64(rss)/1024)
	}
	for _, p := range st.Procs {
		if p.Stopped {
			fmt.Printf("%s was stopped by cluster.sh stop: cluster.sh start %s\n", p.Name, p.Name)
		}
	}
	fmt.Printf("%-20s %-25s RSS %7.1f MiB\n", "total", "", float64(total)/1024)
	if err := healthy(st); err != nil {
		fmt.Printf("cluster %s: NOT healthy: %v\n", st.Name, err)
		return 1
	}
	fmt.Printf("cluster %s: healthy (%s)\nKUBECONFIG=%s\n", st.Name, st.Server, st.Kubeconfig)
	return 0
}

// rssKiB returns the resident set size of pid in KiB (0 if unknown).
func rssKiB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}
