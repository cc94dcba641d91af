package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// benchClient: qps < 0 means no client-side rate limiter; timeout 0 means none (a request waits for the server's
// answer however long it takes).
func benchClient(kc string, qps float32, timeout time.Duration) (*kubernetes.Clientset, *rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kc)
	if err != nil {
		return nil, nil, err
	}
	cfg.QPS, cfg.Burst = qps, max(int(qps), 1)
	cfg.Timeout = timeout
	// protobuf costs the apiserver less CPU than JSON (the benchmark is CPU-bound on 2 cores)
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	cs, err := kubernetes.NewForConfig(cfg)
	return cs, cfg, err
}

// runPods creates COUNT pods spread over NAMESPACES namespaces bench-0..bench-M-1, bound directly to the kwok
// nodes (spec.nodeName, no scheduler), with WORKERS concurrent creators. --delete removes the bench namespaces.
func runPods(args []string) int {
	fs := flag.NewFlagSet("pods", flag.ExitOnError)
	kc := fs.String("kubeconfig", "", "admin kubeconfig")
	count := fs.Int("count", 1000, "number of pods")
	nss := fs.Int("namespaces", 10, "number of namespaces")
	workers := fs.Int("workers", 32, "concurrent requests")
	wait := fs.Bool("wait", false, "also wait until kwok reports them all Running")
	del := fs.Bool("delete", false, "delete the bench namespaces (and their pods) instead")
	timeout := fs.Duration("timeout", 10*time.Minute, "overall limit")
	_ = fs.Parse(args)
	cs, _, err := benchClient(*kc, 2000, 30*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pods:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if *del {
		list, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: BenchLabel + "=true"})
		if err != nil {
			fmt.Fprintln(os.Stderr, "pods:", err)
			return 1
		}
		for _, n := range list.Items {
			_ = cs.CoreV1().Namespaces().Delete(ctx, n.Name, metav1.DeleteOptions{})
		}
		fmt.Printf("deleting %d bench namespaces (pods go with them)\n", len(list.Items))
		return 0
	}
	t0 := time.Now()
	for i := 0; i < *nss; i++ {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("bench-%d", i), Labels: map[string]string{BenchLabel: "true"}}}
		if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			fmt.Fprintln(os.Stderr, "pods: namespace:", err)
			return 1
		}
	}
	// Pods need the namespace's default ServiceAccount (ServiceAccount admission), made by the controller manager.
	for i := 0; i < *nss; i++ {
		for {
			if _, err := cs.CoreV1().ServiceAccounts(fmt.Sprintf("bench-%d", i)).Get(ctx, "default", metav1.GetOptions{}); err == nil {
				break
			}
			if ctx.Err() != nil {
				fmt.Fprintln(os.Stderr, "pods: default ServiceAccount never appeared")
				return 1
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	tNs := time.Since(t0)
	var created, failed atomic.Int64
	jobs := make(chan int, *workers*2)
	var wg sync.WaitGroup
	run := fmt.Sprintf("%d", time.Now().Unix()%100000)
	no := false
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				pod := &corev1.Pod{
					ObjectMeta: metav1.ObjectMeta{
						Name:      fmt.Sprintf("bench-%s-%06d", run, i),
						Namespace: fmt.Sprintf("bench-%d", i%*nss),
						Labels:    map[string]string{BenchLabel: "true", "app": fmt.Sprintf("bench-app-%d", i%50)},
					},
					Spec: corev1.PodSpec{
						NodeName:                     NodeNames[i%len(NodeNames)],
						AutomountServiceAccountToken: &no,
						Containers: []corev1.Container{{
							Name: "app", Image: "registry.example.invalid/bench:1.0",
							// no resource requests: benchmark pods must not use up the nodes' capacity for the scheduler
						}},
					},
				}
				var err error
				for attempt := 0; attempt < 5; attempt++ {
					_, err = cs.CoreV1().Pods(pod.Namespace).Create(ctx, pod, metav1.CreateOptions{})
					if err == nil || apierrors.IsAlreadyExists(err) || ctx.Err() != nil {
						break
					}
					time.Sleep(time.Duration(100*(attempt+1)) * time.Millisecond)
				}
				if err != nil && !apierrors.IsAlreadyExists(err) {
					if failed.Add(1) <= 5 {
						fmt.Fprintln(os.Stderr, "pods: create:", err)
					}
				} else {
					created.Add(1)
				}
			}
		}()
	}
	tc := time.Now()
	for i := 0; i < *count; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	dc := time.Since(tc)
	fmt.Printf("created %d pods (%d failed) in %d namespaces: %.2fs (%.0f pods/s); namespaces ready in %.2fs\n",
		created.Load(), failed.Load(), *nss, dc.Seconds(), float64(created.Load())/dc.Seconds(), tNs.Seconds())
	if *wait {
		for {
			n := 0
			for i := 0; i < *nss; i++ {
				cont := ""
				for {
					l, err := cs.CoreV1().Pods(fmt.Sprintf("bench-%d", i)).List(ctx, metav1.ListOptions{
						FieldSelector: "status.phase=Running", LabelSelector: BenchLabel, Limit: 5000, Continue: cont})
					if err != nil {
						fmt.Fprintln(os.Stderr, "pods: list:", err)
						return 1
					}
					n += len(l.Items)
					if cont = l.Continue; cont == "" {
						break
					}
				}
			}
			if n >= int(created.Load()) {
				fmt.Printf("all %d pods Running %.2fs after the first create\n", n, time.Since(tc).Seconds())
				break
			}
			if ctx.Err() != nil {
				fmt.Printf("timed out: %d/%d pods Running\n", n, created.Load())
				return 1
			}
			time.Sleep(time.Second)
		}
	}
	if failed.Load() > 0 {
		return 1
	}
	return 0
}

// runChurn patches pods (an annotation) at RATE per second for SECONDS seconds, and leaves no work behind: when it
// returns, every patch it sent has been answered by the server.
//
//   - A fixed pool of workers sends the patches; a request is in flight only while a worker waits for its answer,
//     so at most WORKERS patches are ever outstanding.
//   - A pacer hands out ticks at RATE per second (on a fixed schedule: a late pacer catches up at once). A tick is
//     given to an idle worker or, if none is idle (the server is not keeping up), skipped and counted: ticks are
//     never queued.
//   - No client-side timeout: a worker waits for the server's answer however long it takes (the apiserver ends a
//     request itself after its --request-timeout, 60 s by default), so no patch is abandoned while the server may
//     still apply it. After the last tick, churn waits for every worker's answer before it prints and exits.
//     SIGINT/SIGTERM stop the pacer early; the answers are still awaited.
//   - No pod is patched by two workers at once (concurrent patches of one object only fight over it).
func runChurn(args []string) int {
	fs := flag.NewFlagSet("churn", flag.ExitOnError)
	kc := fs.String("kubeconfig", "", "admin kubeconfig")
	rate := fs.Int("rate", 50, "updates per second")
	secs := fs.Int("seconds", 10, "duration")
	sel := fs.String("selector", BenchLabel+"=true", "label selector of the pods to churn (falls back to all pods if none match)")
	nWorkers := fs.Int("workers", 0, "concurrent requests at most (default: rate/10+4, at most 64)")
	_ = fs.Parse(args)
	if *rate <= 0 || *secs <= 0 {
		fmt.Fprintln(os.Stderr, "churn: --rate and --seconds must be positive")
		return 2
	}
	// QPS < 0: no client-side rate limiter (the pacer is the limiter; client-go's would only delay requests).
	cs, _, err := benchClient(*kc, -1, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "churn:", err)
		return 1
	}
	listCtx, cancelList := context.WithTimeout(context.Background(), 2*time.Minute) // a read: safe to abandon
	list, err := cs.CoreV1().Pods("").List(listCtx, metav1.ListOptions{LabelSelector: *sel})
	if err == nil && len(list.Items) == 0 {
		list, err = cs.CoreV1().Pods("").List(listCtx, metav1.ListOptions{})
	}
	cancelList()
	if err != nil || len(list.Items) == 0 {
		fmt.Fprintln(os.Stderr, "churn: no pods to churn:", err)
		return 1
	}
	type ref struct{ ns, name string }
	pods := make([]ref, 0, len(list.Items))
	for _, p := range list.Items {
		pods = append(pods, ref{p.Namespace, p.Name})
	}
	list = nil
	workers := *nWorkers
	if workers <= 0 {
		workers = min(*rate/10+4, 64)
	}
	workers = min(workers, len(pods))

	// The patches themselves never get a deadline or a cancellation (see above).
	patchCtx := context.Background()
	stop, stopPacer := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stopPacer()

	type tick struct{ seq, pod int }
	ticks := make(chan tick) // unbuffered: a send succeeds only if a worker is idle right now
	busy := make([]atomic.Bool, len(pods))
	var done, failed atomic.Int64
	var mu sync.Mutex
	latencies := make([]time.Duration, 0, *rate**secs)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range ticks {
				p := pods[t.pod]
				start := time.Now()
				patch := fmt.Sprintf(`{"metadata":{"annotations":{"binnacle.dev/churn":"%d","binnacle.dev/churn-at":"%s"}}}`,
					t.seq, start.UTC().Format(time.RFC3339Nano))
				_, err := cs.CoreV1().Pods(p.ns).Patch(patchCtx, p.name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
				lat := time.Since(start)
				busy[t.pod].Store(false)
				if err != nil {
					if failed.Add(1) <= 5 {
						fmt.Fprintf(os.Stderr, "churn: %s/%s: %v\n", p.ns, p.name, err)
					}
					continue
				}
				done.Add(1)
				mu.Lock()
				latencies = append(latencies, lat)
				mu.Unlock()
			}
		}()
	}

	total := *rate * *secs
	interval := time.Second / time.Duration(*rate)
	var skipped, sent int
	next := 0 // the next pod to patch, round-robin
	t0 := time.Now()
	i := 0
	for ; i < total && stop.Err() == nil; i++ {
		if d := time.Until(t0.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		// The next pod that is not being patched right now (at most `workers` are).
		pod := -1
		for k := 0; k <= workers && k < len(pods); k++ {
			if c := (next + k) % len(pods); !busy[c].Load() {
				pod = c
				break
			}
		}
		if pod < 0 {
			skipped++
			continue
		}
		busy[pod].Store(true)
		select {
		case ticks <- tick{sent, pod}:
			sent++
			next = pod + 1
		default:
			busy[pod].Store(false)
			skipped++
		}
	}
	ticksEnd := time.Since(t0)
	close(ticks)
	wg.Wait() // every patch sent has been answered
	el := time.Since(t0)
	if i < total {
		fmt.Fprintf(os.Stderr, "churn: interrupted after %d of %d ticks\n", i, total)
	}

	slices.Sort(latencies)
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p/100*float64(len(latencies))))].Seconds() * 1000
	}
	// browse_bench reads "= <reached>/s (target".
	fmt.Printf("churn: %d updates (%d failed, %d ticks skipped: no worker idle) over %d pods in %.2fs = %.1f/s (target %d/s); "+
		"%d workers, latency p50 %.0f ms, p99 %.0f ms; all answered %.2fs after the last tick\n",
		done.Load(), failed.Load(), skipped, len(pods), el.Seconds(), float64(done.Load())/el.Seconds(), *rate,
		workers, pct(50), pct(99), (el - ticksEnd).Seconds())
	if failed.Load() > 0 {
		return 1
	}
	return 0
}

// runStale makes one replica answer differently on GET /api/notice (a file "notice" in its working directory).
func runStale(args []string) int {
	fs := flag.NewFlagSet("stale", flag.ExitOnError)
	state := fs.String("state", "", "cluster state dir")
	clear := fs.Bool("clear", false, "remove the override")
	text := fs.String("notice", "STALE: this replica runs an old version", "notice text")
	// allow flags after the positional arguments
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--notice" || args[i] == "-notice" || args[i] == "--state" || args[i] == "-state":
			flags = append(flags, args[i])
			if i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		case strings.HasPrefix(args[i], "-"):
			flags = append(flags, args[i])
		default:
			pos = append(pos, args[i])
		}
	}
	_ = fs.Parse(append(flags, pos...))
	if fs.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: stale --state DIR [--clear] [--notice TEXT] NAMESPACE POD")
		return 2
	}
	dir := podDir(*state, fs.Arg(0), fs.Arg(1))
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(os.Stderr, "stale: no working directory for pod %s/%s (%v)\n", fs.Arg(0), fs.Arg(1), err)
		return 1
	}
	f := filepath.Join(dir, "notice")
	if *clear {
		_ = os.Remove(f)
		fmt.Printf("pod %s/%s answers normally again\n", fs.Arg(0), fs.Arg(1))
		return 0
	}
	if err := os.WriteFile(f, []byte(*text+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "stale:", err)
		return 1
	}
	fmt.Printf("pod %s/%s now answers GET /api/notice with %q\n", fs.Arg(0), fs.Arg(1), *text)
	return 0
}
