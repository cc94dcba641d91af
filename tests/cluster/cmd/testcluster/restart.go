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

// The components "restart" knows how to check. The agent is left out: its per-pod servers and kwok rules are made
// at run time and a new agent would not take over the old ports.
var restartable = map[string]bool{"etcd": true, "apiserver": true, "controller-manager": true, "scheduler": true, "kwok": true}

// runRestart stops one component of a running cluster (SIGTERM, SIGKILL after 10 s; or --kill: SIGKILL at once) and starts it again exactly as "up" did (same binary, argv,
// environment and working directory, recorded in state.json), optionally after staying down for a while, and
// returns once it is healthy again: etcd /health, kube-apiserver /readyz, the others' /healthz.
func runRestart(args []string) int {
	fs := flag.NewFlagSet("restart", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	down := fs.Float64("down", 0, "seconds to stay down before starting again")
	timeout := fs.Duration("timeout", 120*time.Second, "how long to wait for the component to be healthy again")
	kill := fs.Bool("kill", false, "SIGKILL at once (a crash) instead of SIGTERM")
	_ = fs.Parse(args)
	component := fs.Arg(0)
	if fs.NArg() > 0 {
		_ = fs.Parse(fs.Args()[1:]) // flags may follow the component: "restart apiserver --down 1"
	}
	if *dir == "" || component == "" || fs.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: restart --state DIR [--down SECONDS] [--kill] [--timeout 120s] etcd|apiserver|controller-manager|scheduler|kwok")
		return 2
	}
	if !restartable[component] {
		fmt.Fprintf(os.Stderr, "restart: cannot restart %q (etcd, apiserver, controller-manager, scheduler or kwok)\n", component)
		return 2
	}
	abs, _ := filepath.Abs(*dir)
	unlock, err := lockCluster(abs) // no up or down of this cluster meanwhile
	if err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		return 1
	}
	defer unlock()
	st, err := loadState(abs)
	if err != nil || st.ReadyAfterS == 0 {
		fmt.Fprintf(os.Stderr, "restart: no running cluster in %s\n", abs)
		return 1
	}
	idx := -1
	for i, p := range st.Procs {
		if p.Name == component {
			idx = i
		}
	}
	if idx < 0 {
		fmt.Fprintf(os.Stderr, "restart: the cluster in %s has no %s\n", abs, component)
		return 1
	}
	p := st.Procs[idx]
	if len(p.Args) == 0 || p.Path == "" {
		fmt.Fprintf(os.Stderr, "restart: %s was started by an older harness that did not record its command line: run down and up\n", component)
		return 1
	}
	if _, err := os.Stat(p.Path); err != nil {
		fmt.Fprintf(os.Stderr, "restart: %s's binary is gone: %v\n", component, err)
		return 1
	}

	t0 := time.Now()
	oldPid := p.Pid
	if *kill {
		_ = syscall.Kill(p.Pid, syscall.SIGKILL)
		for deadline := time.Now().Add(5 * time.Second); ownedPid(p.Pid, abs) && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
	} else {
		stopProc(st.Name, p, abs)
	}
	if ownedPid(p.Pid, abs) {
		fmt.Fprintf(os.Stderr, "restart: %s (pid %d) did not stop\n", component, p.Pid)
		return 1
	}
	stopped := time.Since(t0)
	time.Sleep(time.Duration(*down * float64(time.Second)))

	if f, err := os.OpenFile(p.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintf(f, "---- %s: restarted by cluster.sh restart (was pid %d, down %.2fs) ----\n", time.Now().Format(time.RFC3339Nano), oldPid, time.Since(t0).Seconds())
		f.Close()
	}
	startedAt := time.Now()
	cmd, err := launch(&p)
	if err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		return 1
	}
	p.Restarts++
	st.Procs[idx] = p // the new pid: down stops this one
	if err := st.save(); err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		return 1
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var last error
	for {
		ok, err := componentHealthy(st, component)
		if ok {
			break
		}
		last = err
		select {
		case err := <-exited:
			fmt.Fprintf(os.Stderr, "restart: %s (pid %d) exited: %v\n--- last lines of %s ---\n%s\n---\n", component, p.Pid, err, p.Log, tailFile(p.Log, 40))
			return 1
		case <-ctx.Done():
			fmt.Fprintf(os.Stderr, "restart: %s (pid %d) not healthy after %s: %v\n", component, p.Pid, *timeout, last)
			return 1
		case <-time.After(100 * time.Millisecond):
		}
	}
	logf(st.Name, "restarted %s (pid %d → %d)", component, oldPid, p.Pid)
	fmt.Printf("restart %s: stopped in %.2fs, down %.2fs, healthy %.2fs after start\n", component, stopped.Seconds(), startedAt.Sub(t0).Seconds(), time.Since(startedAt).Seconds())
	return 0
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
