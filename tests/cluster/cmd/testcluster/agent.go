package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

// The agent plays the part of the containers of every seeded pod:
//   - a per-pod working directory <state>/pods/<ns>/<pod>/ (kwok Exec rule: commands run there on the host),
//   - a growing CRI-format log per container, <workdir>/<container>.log (kwok Logs rule, follow: true),
//   - a real HTTP server on a loopback port per pod (kwok PortForward rule: every pod port goes there).
// kwok rules cannot be templated per pod, so the agent creates one namespaced Logs, Exec and PortForward
// object (kwok.x-k8s.io/v1alpha1) per pod, and an Attach one (attach follows the container's log), named like the pod and owned by it (garbage-collected with it).

var (
	logsGVR   = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "logs"}
	execGVR   = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "execs"}
	attachGVR = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "attaches"}
)

type podRuntime struct {
	ns, name, uid, node, app string
	dir                      string
	containers               []string
	inits                    map[string]bool   // init containers that ran to completion (no line every second)
	formats                  map[string]string // container -> log format (logline.go)
	listener                 net.Listener
	srv                      *http.Server
	port                     int
	running                  bool
	ticks                    int
}

type agent struct {
	state string
	cfg   *rest.Config
	cs    kubernetes.Interface
	dyn   dynamic.Interface
	mu    sync.Mutex
	pods  map[string]*podRuntime // ns/name
	rng   *rand.Rand
}

func runAgent(args []string) int {
	fs := flag.NewFlagSet("agent", flag.ExitOnError)
	state := fs.String("state", "", "cluster state dir")
	kc := fs.String("kubeconfig", "", "kubeconfig")
	fallbackPort := fs.Int("fallback-port", 0, "port of the fallback HTTP server (pods without their own)")
	interval := fs.Duration("log-interval", time.Second, "interval between log lines per container")
	_ = fs.Parse(args)
	cfg, err := clientcmd.BuildConfigFromFlags("", *kc)
	if err != nil {
		fmt.Fprintln(os.Stderr, "agent:", err)
		return 1
	}
	cfg.QPS, cfg.Burst = 100, 200
	a := &agent{state: *state, pods: map[string]*podRuntime{}, rng: rand.New(rand.NewSource(time.Now().UnixNano()))}
	a.cfg = cfg
	a.cs = kubernetes.NewForConfigOrDie(cfg)
	a.dyn = dynamic.NewForConfigOrDie(cfg)

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()

	// Fallback server for pods without their own (benchmark pods): answers with what it knows.
	if *fallbackPort != 0 {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *fallbackPort))
		if err != nil {
			fmt.Fprintln(os.Stderr, "agent: fallback listener:", err)
			return 1
		}
		fallback := http.NewServeMux()
		addDataEndpoints(fallback, "")
		fallback.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"pod": "", "fallback": true, "path": r.URL.Path})
		})
		go http.Serve(l, fallback)
	}
	_ = os.MkdirAll(filepath.Join(a.state, "pods"), 0o755)
	_ = os.WriteFile(filepath.Join(a.state, "pods", "fallback.log"),
		[]byte(criLine(time.Now(), "stdout", "benchmark pod: no per-pod log (kwok ClusterLogs fallback)")), 0o644)

	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	factory := informers.NewSharedInformerFactoryWithOptions(a.cs, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = "!" + BenchLabel }))
	podInf := factory.Core().V1().Pods()
	enqueue := func(obj any) {
		if k, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			queue.Add(k)
		}
	}
	_, _ = podInf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueue, UpdateFunc: func(_, n any) { enqueue(n) }, DeleteFunc: enqueue,
	})
	lister := podInf.Lister()
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	fmt.Fprintln(os.Stderr, "agent: pod cache synced")

	// A few workers: the check that kwok serves a new pod's rules takes a round trip or two per pod.
	for w := 0; w < 4; w++ {
		go a.work(ctx, queue, lister)
	}

	t := time.NewTicker(*interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			queue.ShutDown()
			a.mu.Lock()
			for _, p := range a.pods {
				p.srv.Close()
			}
			a.mu.Unlock()
			fmt.Fprintln(os.Stderr, "agent: stopped")
			return 0
		case now := <-t.C:
			a.tick(now)
		}
	}
}

func podDir(state, ns, name string) string { return filepath.Join(state, "pods", ns, name) }

func criLine(t time.Time, stream, msg string) string {
	return fmt.Sprintf("%s %s F %s\n", t.UTC().Format(time.RFC3339Nano), stream, msg)
}

func (a *agent) sync(ctx context.Context, key string, pod *corev1.Pod) error {
	a.mu.Lock()
	cur := a.pods[key]
	a.mu.Unlock()
	if pod == nil || pod.DeletionTimestamp != nil && pod.Status.Phase != corev1.PodRunning {
		if cur != nil {
			a.drop(key, cur)
		}
		return nil
	}
	if pod.Spec.NodeName == "" {
		return nil // not bound yet
	}
	if cur != nil && cur.uid != string(pod.UID) {
		a.drop(key, cur)
		cur = nil
	}
	if cur == nil {
		var err error
		if cur, err = a.create(pod); err != nil {
			return err
		}
		a.mu.Lock()
		a.pods[key] = cur
		a.mu.Unlock()
	}
	a.mu.Lock()
	cur.running = pod.Status.Phase == corev1.PodRunning && pod.Labels[CrashLoopLabel] != "true"
	a.mu.Unlock()
	if err := a.ensureRules(ctx, pod, cur); err != nil {
		return err
	}
	if _, ok := pod.Annotations[AgentReadyAnnotation]; ok {
		return a.restoreReady(ctx, pod)
	}
	// The rules exist; once kwok serves them (its informers may lag), kwok may make the pod Running (podReadyStages).
	// A pod that does not get there in a while is let run anyway, with a word in the log.
	if ok, err := a.kwokServes(ctx, pod, cur); !ok {
		if time.Since(pod.CreationTimestamp.Time) < 60*time.Second {
			return errRetryAfter{250 * time.Millisecond}
		}
		fmt.Fprintf(os.Stderr, "agent: %s: kwok still does not serve its rules (%v): marked ready anyway\n", key, err)
	}
	patch := []byte(`{"metadata":{"annotations":{"` + AgentReadyAnnotation + `":"true"}}}`)
	_, err := a.cs.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.MergePatchType, patch, metav1.PatchOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// errRetryAfter asks for the pod to be synced again after a while, without the failure back-off.
type errRetryAfter struct{ after time.Duration }

func (e errRetryAfter) Error() string { return "retry after " + e.after.String() }

// restoreReady does what a kubelet's next status sync would: kube-controller-manager marks every pod of a node
// NotReady when the node's lease looks stale (the apiserver or etcd away long enough, as in the reliability suite), and
// kwok's stages never make a Running pod Ready again, so a pod would stay out of its Service's endpoints and no
// forward would pick it. Once the node is Ready, a running pod whose containers are ready is Ready again; while the
// node is not, the pod is looked at again every 2 s.
func (a *agent) restoreReady(ctx context.Context, pod *corev1.Pod) error {
	if pod.Status.Phase != corev1.PodRunning || pod.DeletionTimestamp != nil || pod.Labels[CrashLoopLabel] == "true" {
		return nil
	}
	ready, containersReady := corev1.ConditionUnknown, corev1.ConditionUnknown
	for _, c := range pod.Status.Conditions {
		switch c.Type {
		case corev1.PodReady:
			ready = c.Status
		case corev1.ContainersReady:
			containersReady = c.Status
		}
	}
	if ready != corev1.ConditionFalse || containersReady != corev1.ConditionTrue {
		return nil
	}
	node, err := a.cs.CoreV1().Nodes().Get(ctx, pod.Spec.NodeName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	for _, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady && c.Status != corev1.ConditionTrue {
			return errRetryAfter{2 * time.Second}
		}
	}
	now := metav1.Now().UTC().Format(time.RFC3339)
	patch := []byte(`{"status":{"conditions":[{"type":"Ready","status":"True","reason":null,"message":null,"lastTransitionTime":"` + now + `"}]}}`)
	_, err = a.cs.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

// work syncs pods from the queue until it shuts down.
func (a *agent) work(ctx context.Context, queue workqueue.TypedRateLimitingInterface[string], lister corelisters.PodLister) {
	for {
		key, quit := queue.Get()
		if quit {
			return
		}
		ns, name, _ := cache.SplitMetaNamespaceKey(key)
		pod, err := lister.Pods(ns).Get(name)
		if apierrors.IsNotFound(err) {
			pod = nil
			err = nil
		}
		if err == nil {
			err = a.sync(ctx, key, pod)
		}
		var later errRetryAfter
		if errors.As(err, &later) {
			queue.AddAfter(key, later.after) // waiting on something else (a node): not a failure to back off from
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "agent: sync %s: %v\n", key, err)
			queue.AddRateLimited(key)
		} else {
			queue.Forget(key)
		}
		queue.Done(key)
	}
}

func (a *agent) drop(key string, p *podRuntime) {
	a.mu.Lock()
	delete(a.pods, key)
	a.mu.Unlock()
	p.srv.Close()
	_ = os.RemoveAll(p.dir)
	// The kwok rule objects are owned by the pod: the garbage collector deletes them.
}

func appName(pod *corev1.Pod) string {
	for _, k := range []string{"app", "k8s-app", "app.kubernetes.io/name"} {
		if v := pod.Labels[k]; v != "" {
			return v
		}
	}
	return pod.Name
}

// containerFormat is the log format of container C: its own annotation, else the pod's, else plain.
func containerFormat(pod *corev1.Pod, c string) string {
	for _, k := range []string{LogFormatAnnotation + "." + c, LogFormatAnnotation} {
		if f := pod.Annotations[k]; validFormat(f) {
			return f
		}
	}
	return FormatPlain
}

func (a *agent) create(pod *corev1.Pod) (*podRuntime, error) {
	p := &podRuntime{ns: pod.Namespace, name: pod.Name, uid: string(pod.UID), node: pod.Spec.NodeName, app: appName(pod),
		dir: podDir(a.state, pod.Namespace, pod.Name), inits: map[string]bool{}, formats: map[string]string{}}
	var inits, mains []string
	for _, c := range pod.Spec.InitContainers {
		p.containers = append(p.containers, c.Name)
		// a restartable init container (restartPolicy Always) is a sidecar: it keeps running and logging
		if c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways {
			p.inits[c.Name] = true
		}
		inits = append(inits, c.Name)
	}
	for _, c := range pod.Spec.Containers {
		p.containers = append(p.containers, c.Name)
		mains = append(mains, c.Name)
	}
	for _, c := range p.containers {
		p.formats[c] = containerFormat(pod, c)
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return nil, err
	}
	// pod.json is what `testcluster logs` reads to find the default container and the formats.
	info, _ := json.MarshalIndent(map[string]any{"namespace": p.ns, "pod": p.name, "uid": p.uid, "node": p.node,
		"containers": p.containers, "initContainers": inits, "mainContainers": mains, "formats": p.formats}, "", "  ")
	_ = os.WriteFile(filepath.Join(p.dir, "pod.json"), append(info, '\n'), 0o644)
	_ = os.WriteFile(filepath.Join(p.dir, "README"), []byte(
		"Working directory of pod "+p.ns+"/"+p.name+" (Binnacle test cluster).\n"+
			"Write a file named 'notice' here to change what this replica answers on GET /api/notice.\n"), 0o644)
	now := time.Now()
	crash := pod.Labels[CrashLoopLabel] == "true"
	for _, c := range p.containers {
		lines := []logLine{
			{"info", fmt.Sprintf("starting %s (container %s) in pod %s/%s on %s", p.app, c, p.ns, p.name, p.node)},
			{"info", fmt.Sprintf("config loaded: env=production replicas=? pod=%s", p.name)},
			{"warn", fmt.Sprintf("warning: %s running without a real container runtime (kwok)", c)},
		}
		switch {
		case crash:
			lines = append(lines, logLine{"error", "panic: cannot connect to model server at 10.96.0.77:9000: connection refused"})
			_ = os.WriteFile(filepath.Join(p.dir, c+".previous.log"), []byte(criLine(now.Add(-time.Minute), "stdout", "starting "+p.app)+
				criLine(now.Add(-time.Minute+time.Millisecond), "stderr", "panic: cannot connect to model server at 10.96.0.77:9000: connection refused")), 0o644)
		case p.inits[c]:
			lines = append(lines, logLine{"info", fmt.Sprintf("init %s: wrote /etc/app/config.yaml for %s", c, p.name)},
				logLine{"info", "init done, exiting 0"})
		case pod.Status.Phase == corev1.PodSucceeded || ownerKind(pod) == "Job":
			lines = append(lines, logLine{"info", "work done, exiting 0"})
		default:
			lines = append(lines, logLine{"info", fmt.Sprintf("listening on :8080 (pod %s)", p.name)})
		}
		if err := appendFree(filepath.Join(p.dir, c+".log"), p.formats[c], now, lines); err != nil {
			return nil, err
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p.listener = l
	p.port = l.Addr().(*net.TCPAddr).Port
	p.srv = &http.Server{Handler: a.handler(p), ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(l)
	return p, nil
}

func ownerKind(pod *corev1.Pod) string {
	for _, o := range pod.OwnerReferences {
		if o.Controller != nil && *o.Controller {
			return o.Kind
		}
	}
	return ""
}

// handler is the pod's "application": every answer names the pod. A file named "notice" in the pod's working
// directory overrides the /api/notice answer (to make one replica stale).
func (a *agent) handler(p *podRuntime) http.Handler {
	mux := http.NewServeMux()
	js := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Pod-Name", p.name)
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("/api/notice", func(w http.ResponseWriter, r *http.Request) {
		notice, stale := fmt.Sprintf("Welcome to %s/%s", p.ns, p.app), false
		if b, err := os.ReadFile(filepath.Join(p.dir, "notice")); err == nil {
			notice, stale = strings.TrimSpace(string(b)), true
		}
		js(w, map[string]any{"pod": p.name, "namespace": p.ns, "app": p.app, "notice": notice, "stale": stale})
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Pod-Name", p.name)
		_, _ = w.Write([]byte("ok\n"))
	})
	addDataEndpoints(mux, p.name)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		js(w, map[string]any{"pod": p.name, "namespace": p.ns, "app": p.app, "node": p.node, "path": r.URL.Path,
			"message": fmt.Sprintf("Hello from %s", p.name)})
	})
	return mux
}

func (a *agent) ensureRules(ctx context.Context, pod *corev1.Pod, p *podRuntime) error {
	ctrl := true
	owner := []any{map[string]any{"apiVersion": "v1", "kind": "Pod", "name": pod.Name, "uid": string(pod.UID),
		"controller": ctrl, "blockOwnerDeletion": false}}
	var logs, attaches []any
	for _, c := range p.containers {
		attaches = append(attaches, map[string]any{"containers": []any{c}, "logsFile": filepath.Join(p.dir, c+".log")})
		l := map[string]any{"containers": []any{c}, "logsFile": filepath.Join(p.dir, c+".log"), "follow": true}
		if pod.Labels[CrashLoopLabel] == "true" {
			l["previousLogsFile"] = filepath.Join(p.dir, c+".previous.log")
		}
		logs = append(logs, l)
	}
	env := []any{
		map[string]any{"name": "POD_NAME", "value": pod.Name},
		map[string]any{"name": "POD_NAMESPACE", "value": pod.Namespace},
		map[string]any{"name": "NODE_NAME", "value": pod.Spec.NodeName},
		map[string]any{"name": "HOSTNAME", "value": pod.Name},
		map[string]any{"name": "HOME", "value": p.dir},
		map[string]any{"name": "PATH", "value": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
		map[string]any{"name": "TERM", "value": "xterm"},
		map[string]any{"name": "PS1", "value": pod.Name + ":\\w\\$ "},
	}
	objs := map[schema.GroupVersionResource]map[string]any{
		logsGVR:   {"kind": "Logs", "spec": map[string]any{"logs": logs}},
		execGVR:   {"kind": "Exec", "spec": map[string]any{"execs": []any{map[string]any{"local": map[string]any{"workDir": p.dir, "envs": env}}}}},
		attachGVR: {"kind": "Attach", "spec": map[string]any{"attaches": attaches}},
		pfGVR: {"kind": "PortForward", "spec": map[string]any{"forwards": []any{map[string]any{
			"target": map[string]any{"address": "127.0.0.1", "port": int64(p.port)}}}}},
	}
	for gvr, o := range objs {
		u := &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": o["kind"],
			"metadata": map[string]any{"name": pod.Name, "namespace": pod.Namespace, "ownerReferences": owner,
				"labels": map[string]any{"binnacle.dev/agent": "true"}},
			"spec": o["spec"],
		}}
		ri := a.dyn.Resource(gvr).Namespace(pod.Namespace)
		cur, err := ri.Get(ctx, pod.Name, metav1.GetOptions{})
		switch {
		case apierrors.IsNotFound(err):
			if _, err := ri.Create(ctx, u, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
				return err
			}
		case err != nil:
			return err
		default:
			refs := cur.GetOwnerReferences()
			if len(refs) == 1 && string(refs[0].UID) == string(pod.UID) && specEqual(cur.Object["spec"], o["spec"]) {
				continue
			}
			u.SetResourceVersion(cur.GetResourceVersion())
			if _, err := ri.Update(ctx, u, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
	}
	return nil
}

func specEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

var messages = []string{
	"GET /api/items 200 %dms",
	"GET /healthz 200 %dms",
	"POST /api/cart 201 %dms",
	"cache hit ratio 0.%d",
	"GET /api/notice 200 %dms",
	"processed batch in %dms",
}

// tick appends one line to the log of every running container of every running pod (init containers have
// finished; quiet containers only have their start-up lines).
func (a *agent) tick(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b []byte
	for _, p := range a.pods {
		if !p.running {
			continue
		}
		p.ticks++
		for _, c := range p.containers {
			format := p.formats[c]
			if p.inits[c] || format == FormatQuiet {
				continue
			}
			text := fmt.Sprintf(messages[a.rng.Intn(len(messages))], 1+a.rng.Intn(90))
			switch levelOf(format, p.ticks) {
			case "warn":
				text = "slow upstream response"
			case "error":
				text = "upstream 10.96.0.12:8080 refused the connection"
			}
			l, err := openLog(filepath.Join(p.dir, c+".log"))
			if err != nil {
				fmt.Fprintln(os.Stderr, "agent: log:", err)
				continue
			}
			ts := l.next(now)
			b = appendCRI(b[:0], ts, streamOf(format, p.ticks), appendMessage(nil, format, p.name, c, p.ticks, "", text, ts))
			if err := l.write(b); err != nil {
				fmt.Fprintln(os.Stderr, "agent: log:", err)
			}
			_ = l.Close()
		}
	}
}
