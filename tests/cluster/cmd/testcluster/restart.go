package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc/grpclog"
	"k8s.io/client-go/tools/clientcmd"
)

// The components "restart", "stop" and "start" know how to check. The agent is left out: its per-pod servers and
// kwok rules are made at run time and a new agent would not take over the old ports.
var restartable = map[string]bool{"etcd": true, "apiserver": true, "controller-manager": true, "scheduler": true,
	"kwok": true, "metrics-server": true}

const restartableNames = "etcd, apiserver, controller-manager, scheduler, kwok or metrics-server"

func runRestart(args []string) int { return runLifecycle("restart", args) }
func runStop(args []string) int    { return runLifecycle("stop", args) }
func runStart(args []string) int   { return runLifecycle("start", args) }

// runLifecycle is "restart", "stop" and "start" of one component of a running cluster.
//
//   - restart: stops it (SIGTERM, SIGKILL after 10 s; or --kill: SIGKILL at once), stays down --down seconds, starts
//     it again exactly as "up" did (same binary, argv, environment and working directory, recorded in state.json)
//     and returns once it is healthy again: etcd /health, kube-apiserver /readyz, the others' /healthz,
//     metrics-server: the Metrics API routed to it by the kube-apiserver.
//   - stop: stops it and leaves it down (state.json records it as stopped: "status" and "up" do not take the
//     cluster for broken; "down" stops the rest as usual).
//   - start: starts a stopped component as restart does and returns once it is healthy (exit 0 at once if it runs).
func runLifecycle(verb string, args []string) int {
	fs := flag.NewFlagSet(verb, flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	var down *float64
	if verb == "restart" {
		down = fs.Float64("down", 0, "seconds to stay down before starting again")
	}
	timeout := fs.Duration("timeout", 120*time.Second, "how long to wait for the component to be healthy again")
	var kill *bool
	if verb != "start" {
		kill = fs.Bool("kill", false, "SIGKILL at once (a crash) instead of SIGTERM")
	}
	_ = fs.Parse(args)
	component := fs.Arg(0)
	if fs.NArg() > 0 {
		_ = fs.Parse(fs.Args()[1:]) // flags may follow the component: "restart apiserver --down 1"
	}
	if *dir == "" || component == "" || fs.NArg() != 0 {
		flags := map[string]string{"restart": " [--down SECONDS] [--kill]", "stop": " [--kill]", "start": ""}[verb]
		fmt.Fprintf(os.Stderr, "usage: %s --state DIR%s [--timeout 120s] etcd|apiserver|controller-manager|scheduler|kwok|metrics-server\n", verb, flags)
		return 2
	}
	if !restartable[component] {
		fmt.Fprintf(os.Stderr, "%s: cannot %s %q (%s)\n", verb, verb, component, restartableNames)
		return 2
	}
	abs, _ := filepath.Abs(*dir)
	unlock, err := lockCluster(abs) // no up or down of this cluster meanwhile
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", verb, err)
		return 1
	}
	defer unlock()
	st, err := loadState(abs)
	if err != nil || st.ReadyAfterS == 0 {
		fmt.Fprintf(os.Stderr, "%s: no running cluster in %s\n", verb, abs)
		return 1
	}
	idx := -1
	for i, p := range st.Procs {
		if p.Name == component {
			idx = i
		}
	}
	if idx < 0 {
		fmt.Fprintf(os.Stderr, "%s: the cluster in %s has no %s\n", verb, abs, component)
		return 1
	}
	p := st.Procs[idx]
	if len(p.Args) == 0 || p.Path == "" {
		fmt.Fprintf(os.Stderr, "%s: %s was started by an older harness that did not record its command line: run down and up\n", verb, component)
		return 1
	}
	if _, err := os.Stat(p.Path); err != nil && verb != "stop" {
		fmt.Fprintf(os.Stderr, "%s: %s's binary is gone: %v\n", verb, component, err)
		return 1
	}
	running := ownedPid(p.Pid, abs)

	if verb == "start" {
		if running {
			if p.Stopped {
				st.Procs[idx].Stopped = false
				_ = st.save()
			}
			fmt.Printf("start %s: already running (pid %d)\n", component, p.Pid)
			return 0
		}
		t0 := time.Now()
		if err := startAndWait(st, idx, "started by cluster.sh start", *timeout); err != nil {
			fmt.Fprintln(os.Stderr, "start:", err)
			return 1
		}
		fmt.Printf("start %s: healthy %.2fs after start%s\n", component, time.Since(t0).Seconds(), metricsNote(component))
		return 0
	}

	t0 := time.Now()
	oldPid := p.Pid
	if running {
		if *kill {
			_ = syscall.Kill(p.Pid, syscall.SIGKILL)
			for deadline := time.Now().Add(5 * time.Second); ownedPid(p.Pid, abs) && time.Now().Before(deadline); {
				time.Sleep(20 * time.Millisecond)
			}
		} else {
			stopProc(st.Name, p, abs)
		}
		if ownedPid(p.Pid, abs) {
			fmt.Fprintf(os.Stderr, "%s: %s (pid %d) did not stop\n", verb, component, p.Pid)
			return 1
		}
	}
	stopped := time.Since(t0)

	if verb == "stop" {
		st.Procs[idx].Stopped = true
		if err := st.save(); err != nil {
			fmt.Fprintln(os.Stderr, "stop:", err)
			return 1
		}
		if f, err := os.OpenFile(p.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			fmt.Fprintf(f, "---- %s: stopped by cluster.sh stop (pid %d) ----\n", time.Now().Format(time.RFC3339Nano), oldPid)
			f.Close()
		}
		logf(st.Name, "stopped %s (pid %d); cluster.sh start %s starts it again", component, oldPid, component)
		what := ""
		if !running {
			what = " (was not running)"
		}
		fmt.Printf("stop %s: stopped in %.2fs%s%s\n", component, stopped.Seconds(), what, afterMetricsStop(st, component))
		return 0
	}

	time.Sleep(time.Duration(*down * float64(time.Second)))
	startedAt := time.Now()
	if err := startAndWait(st, idx, fmt.Sprintf("restarted by cluster.sh restart (was pid %d, down %.2fs)", oldPid, time.Since(t0).Seconds()), *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		return 1
	}
	logf(st.Name, "restarted %s (pid %d → %d)", component, oldPid, st.Procs[idx].Pid)
	fmt.Printf("restart %s: stopped in %.2fs, down %.2fs, healthy %.2fs after start%s\n", component, stopped.Seconds(), startedAt.Sub(t0).Seconds(), time.Since(startedAt).Seconds(), metricsNote(component))
	return 0
}

func metricsNote(component string) string {
	if component != "metrics-server" {
		return ""
	}
	return " (the Metrics API answers; figures come with its second scrape: cluster.sh metrics-wait)"
}

// startAndWait starts st.Procs[idx] as recorded, saves its new pid and waits until it is healthy.
func startAndWait(st *clusterState, idx int, note string, timeout time.Duration) error {
	p := st.Procs[idx]
	if f, err := os.OpenFile(p.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintf(f, "---- %s: %s ----\n", time.Now().Format(time.RFC3339Nano), note)
		f.Close()
	}
	cmd, err := launch(&p)
	if err != nil {
		return err
	}
	p.Restarts++
	st.Procs[idx] = p // the new pid: down stops this one
	if err := st.save(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var last error
	var poked time.Time
	for {
		ok, err := componentHealthy(st, p.Name)
		if ok {
			return nil
		}
		last = err
		// metrics-server: once it serves, tell the aggregator to look again (see pokeMetricsService)
		if p.Name == "metrics-server" && time.Since(poked) > 3*time.Second {
			if serving, _ := metricsServerServing(st.Ports["metrics-server"]); serving {
				pokeMetricsService(st)
				poked = time.Now()
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("%s (pid %d) exited: %v\n--- last lines of %s ---\n%s\n---", p.Name, p.Pid, err, p.Log, tailFile(p.Log, 40))
		case <-ctx.Done():
			return fmt.Errorf("%s (pid %d) not healthy after %s: %v", p.Name, p.Pid, timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// startStopped starts every component left down by "stop" ("up" of a running cluster does this).
func startStopped(st *clusterState, timeout time.Duration) error {
	for i, p := range st.Procs {
		if !p.Stopped {
			continue
		}
		logf(st.Name, "%s was stopped by cluster.sh stop: starting it again", p.Name)
		if err := startAndWait(st, i, "started again by cluster.sh up", timeout); err != nil {
			return err
		}
	}
	return nil
}

// afterMetricsStop: once metrics-server is down, has the aggregator look at once (instead of at its next 30 s
// resync), so the APIService reads Available=False right away; a short note for the output.
func afterMetricsStop(st *clusterState, component string) string {
	if component != "metrics-server" {
		return ""
	}
	cfg, err := adminConfig(st)
	if err != nil {
		return ""
	}
	t0 := time.Now()
	pokeMetricsService(st)
	for time.Since(t0) < 15*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		s, why, err := apiServiceAvailable(ctx, cfg)
		cancel()
		if err == nil && s != "True" {
			return fmt.Sprintf("; APIService %s Available=%s (%s) %.2fs later", metricsAPIService, s, why, time.Since(t0).Seconds())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Sprintf("; APIService %s still Available=True after 15s (requests fail with 503 all the same)", metricsAPIService)
}

// componentHealthy asks one component whether it is serving.
func componentHealthy(st *clusterState, component string) (bool, error) {
	switch component {
	case "etcd":
		return etcdHealthy(st.Ports["etcd-client"])
	case "apiserver":
		cfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(st.Dir, "kubeconfigs", "admin.kubeconfig"))
		if err != nil {
			return false, err
		}
		return readyz(cfg)
	case "metrics-server":
		return metricsAPIServed(st)
	case "controller-manager", "scheduler", "kwok":
		// /healthz is open to anonymous requests on all three; their serving certificates are self-signed.
		hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		r, err := hc.Get(fmt.Sprintf("https://127.0.0.1:%d/healthz", st.Ports[component]))
		if err != nil {
			return false, err
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode == 200, fmt.Errorf("%s /healthz: %d %s", component, r.StatusCode, b)
	}
	return false, fmt.Errorf("no health check for %s", component)
}

func etcdHealthy(port int) (bool, error) {
	hc := &http.Client{Timeout: 2 * time.Second}
	r, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/health", port))
	if err != nil {
		return false, err
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode == 200 && bytes.Contains(b, []byte(`"true"`)), fmt.Errorf("etcd health: %s", b)
}

// compactMarkerKey is outside /registry: the apiserver never reads it.
const compactMarkerKey = "/binnacle-harness/compact-marker"

// runCompact compacts etcd's history at its current revision (physically), as the apiserver's own compactor does
// every --etcd-compaction-interval, but now. Two writes to a key of its own come first, so the revision compacted
// at is newer than the last event any apiserver watch (one per resource, under /registry) has seen: when such a
// watch has to resume (etcd restarted, connection lost), etcd answers "required revision has been compacted" and
// the apiserver's watch cache relists; clients re-watching from older resourceVersions then get 410 Gone.
func runCompact(args []string) int {
	fs := flag.NewFlagSet("compact", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	_ = fs.Parse(args)
	abs, _ := filepath.Abs(*dir)
	st, err := loadState(abs)
	if err != nil || st.Ports["etcd-client"] == 0 {
		fmt.Fprintf(os.Stderr, "compact: no cluster in %s\n", abs)
		return 1
	}
	// grpc's own logger warns about the connection being closed when we are done: only its errors matter.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, os.Stderr))
	cli, err := clientv3.New(clientv3.Config{Endpoints: []string{"127.0.0.1:" + strconv.Itoa(st.Ports["etcd-client"])}, DialTimeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "compact:", err)
		return 1
	}
	defer cli.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rev int64
	for i := 0; i < 2; i++ {
		r, err := cli.Put(ctx, compactMarkerKey, time.Now().Format(time.RFC3339Nano))
		if err != nil {
			fmt.Fprintln(os.Stderr, "compact: write marker:", err)
			return 1
		}
		rev = r.Header.Revision
	}
	if _, err := cli.Compact(ctx, rev, clientv3.WithCompactPhysical()); err != nil {
		fmt.Fprintln(os.Stderr, "compact:", err)
		return 1
	}
	fmt.Printf("compacted etcd at revision %d\n", rev)
	return 0
}
