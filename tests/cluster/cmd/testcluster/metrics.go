package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	yamlutil "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
)

// The Metrics API (metrics.k8s.io) of the test cluster: metrics-server v0.8.0, built in this module, runs on
// loopback as an aggregated API server and scrapes kwok, which simulates each node's kubelet /metrics/resource
// from a Metric object and the usage expressions below (ClusterResourceUsage, CEL).
//
// How the kube-apiserver reaches it: EndpointSlices (and Endpoints) may not hold loopback addresses (validation:
// "may not be in the loopback range"), so a selector-less Service with a hand-made EndpointSlice cannot point at
// 127.0.0.1 and --enable-aggregator-routing cannot be used. Without that flag the aggregator dials the Service's
// cluster IP, or, for an ExternalName Service, externalName:APIService-port: so the Service is of type
// ExternalName with externalName 127.0.0.1 and the APIService names metrics-server's own port. The aggregator
// verifies metrics-server's serving certificate (issued by the cluster CA, SAN metrics-server.kube-system.svc)
// with the APIService's caBundle.

const (
	metricsServiceName      = "metrics-server"
	metricsServiceNamespace = "kube-system"
	metricsAPIService       = "v1beta1.metrics.k8s.io"
	// metricsUser is metrics-server's identity (client certificate CN), bound by the RBAC below.
	metricsUser = "system:metrics-server"
	// defaultMetricResolution is metrics-server's scrape interval unless BINNACLE_METRICS_RESOLUTION says
	// otherwise (metrics-server's minimum is 10s).
	defaultMetricResolution = 15 * time.Second
	// ResourceMetricsPathAnnotation tells metrics-server (>= 0.7) where a node's resource metrics are: kwok serves
	// them per node under /metrics/nodes/NODE/metrics/resource.
	ResourceMetricsPathAnnotation = "metrics.k8s.io/resource-metrics-path"
)

// metricResolution reads BINNACLE_METRICS_RESOLUTION (a Go duration such as 15s, or plain seconds).
func metricResolution() (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv("BINNACLE_METRICS_RESOLUTION"))
	if v == "" {
		return defaultMetricResolution, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		d, err = time.ParseDuration(v + "s")
	}
	if err != nil {
		return 0, fmt.Errorf("BINNACLE_METRICS_RESOLUTION=%q: not a duration", v)
	}
	if d < 10*time.Second {
		return 0, fmt.Errorf("BINNACLE_METRICS_RESOLUTION=%q: metrics-server needs at least 10s", v)
	}
	return d, nil
}

// metricsServerArgs is metrics-server's command line.
func metricsServerArgs(dir string, port int, resolution time.Duration) []string {
	pk := func(f string) string { return filepath.Join(dir, "pki", f) }
	kc := filepath.Join(dir, "kubeconfigs", "metrics-server.kubeconfig")
	timeout := 5 * time.Second // metrics-server wants resolution*0.9 >= the kubelet request timeout
	return []string{
		"--secure-port=" + fmt.Sprint(port), "--bind-address=127.0.0.1",
		"--tls-cert-file=" + pk("metrics-server-serving.crt"), "--tls-private-key-file=" + pk("metrics-server-serving.key"),
		"--cert-dir=" + filepath.Join(dir, "pki", "metrics-server-generated"),
		"--kubeconfig=" + kc, "--authentication-kubeconfig=" + kc, "--authorization-kubeconfig=" + kc,
		// kwok serves every node's "kubelet" on 127.0.0.1 at the node's status port, with a certificate of our CA
		"--kubelet-certificate-authority=" + pk("ca.crt"),
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-use-node-status-port",
		"--kubelet-request-timeout=" + timeout.String(),
		"--metric-resolution=" + resolution.String(),
		"--profiling=false",
	}
}

// metricsAPIObjects: RBAC as in metrics-server's own manifests (for a user instead of a ServiceAccount), the
// ExternalName Service and the APIService.
func metricsAPIObjects(port int, ca []byte) string {
	return fmt.Sprintf(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:aggregated-metrics-reader
  labels:
    k8s-app: metrics-server
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
- apiGroups: [metrics.k8s.io]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:metrics-server
  labels: {k8s-app: metrics-server}
rules:
- apiGroups: [""]
  resources: [nodes/metrics]
  verbs: [get]
- apiGroups: [""]
  resources: [pods, nodes]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:metrics-server
  labels: {k8s-app: metrics-server}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:metrics-server}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: %[1]q}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: metrics-server:system:auth-delegator
  labels: {k8s-app: metrics-server}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:auth-delegator}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: %[1]q}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: metrics-server-auth-reader
  namespace: kube-system
  labels: {k8s-app: metrics-server}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: %[1]q}]
---
apiVersion: v1
kind: Service
metadata:
  name: %[2]s
  namespace: %[3]s
  labels: {k8s-app: metrics-server}
  annotations:
    binnacle.dev/description: "metrics-server of the test cluster, a process on 127.0.0.1:%[4]d (not a pod)"
spec:
  type: ExternalName
  externalName: 127.0.0.1
  ports:
  - {name: https, port: %[4]d, protocol: TCP, targetPort: %[4]d}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: %[5]s
  labels: {k8s-app: metrics-server}
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  insecureSkipTLSVerify: false
  caBundle: %[6]s
  service: {name: %[2]s, namespace: %[3]s, port: %[4]d}
`, metricsUser, metricsServiceName, metricsServiceNamespace, port, metricsAPIService, base64.StdEncoding.EncodeToString(ca))
}

// ---------------------------------------------------------------- simulated usage (kwok)

// Usage annotations on pods (set in the pod templates of seed.yaml; a test may change them on a live pod, kwok
// reads them at every scrape). ".CONTAINER" after the cpu/memory key sets one container's figure.
const (
	usageCPUAnnotation          = "binnacle.dev/usage-cpu"                   // e.g. "60m": mean CPU, ±20 % at each scrape
	usageMemoryAnnotation       = "binnacle.dev/usage-memory"                // e.g. "48Mi": memory, ±2 % at each scrape
	usageGrowthAnnotation       = "binnacle.dev/usage-memory-growth"         // e.g. "64Ki": memory grows by this a second from usage-memory (no jitter)
	usageGrowthSecondsAnnotaton = "binnacle.dev/usage-memory-growth-seconds" // e.g. "6480": ... for this long after the pod's creation, then stays
	defaultUsageCPU             = "3m"
	defaultUsageMemory          = "12Mi"
)

func celHas(key string) string { return key + " in pod.metadata.annotations" }
func celAnn(key string) string { return "pod.metadata.annotations[" + key + "]" }

// celPick is the figure of one container: its own annotation, else the pod's, else def.
func celPick(annotation, def string) string {
	per := `("` + annotation + `." + container.name)`
	all := `"` + annotation + `"`
	return fmt.Sprintf("(%s ? Quantity(%s) : %s ? Quantity(%s) : Quantity(%q))",
		celHas(per), celAnn(per), celHas(all), celAnn(all), def)
}

// celIdle: no usage at all for pods that are not running, and for the crash-looping one (its container is waiting):
// metrics-server then has no figures for them, like a kubelet for a container that is not running.
const celIdle = `pod.status.phase != "Running" || "` + CrashLoopLabel + `" in pod.metadata.labels`

func usageCPUExpression() string {
	return celIdle + ` ? Quantity("0") : ` + celPick(usageCPUAnnotation, defaultUsageCPU) + ` * (0.8 + 0.4 * Rand())`
}

func usageMemoryExpression() string {
	g := `"` + usageGrowthAnnotation + `"`
	gs := `"` + usageGrowthSecondsAnnotaton + `"`
	// Quantities cannot be compared in kwok's CEL (">" is typed int), so the growth stops by time, in seconds.
	seconds := fmt.Sprintf("((%s && pod.SinceSecond() > double(%s)) ? double(%s) : pod.SinceSecond())", celHas(gs), celAnn(gs), celAnn(gs))
	base := celPick(usageMemoryAnnotation, defaultUsageMemory)
	return fmt.Sprintf(`%s ? Quantity("0") : %s ? %s + Quantity(%s) * %s : %s * (0.98 + 0.04 * Rand())`,
		celIdle, celHas(g), base, celAnn(g), seconds, base)
}

// usageObjects: kwok's Metric (what /metrics/nodes/NODE/metrics/resource serves: kwok's stock
// kustomize/metrics/resource with the changes noted) and the ClusterResourceUsage every pod's figures come from.
func usageObjects() string {
	cru := map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "ClusterResourceUsage",
		"metadata": map[string]any{"name": "binnacle-usage"},
		"spec": map[string]any{"usages": []any{map[string]any{"usage": map[string]any{
			"cpu":    map[string]any{"expression": usageCPUExpression()},
			"memory": map[string]any{"expression": usageMemoryExpression()},
		}}}},
	}
	b, _ := json.Marshal(cru)
	return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Metric
metadata:
  name: binnacle-resource
spec:
  path: "/metrics/nodes/{nodeName}/metrics/resource"
  metrics:
  - name: scrape_error
    dimension: node
    help: "[ALPHA] 1 if there was an error while getting metrics from the node, 0 otherwise"
    kind: gauge
    value: '0'
  # kwok's stock value (seconds since the pod's creation, not a Unix time): metrics-server then never takes a pod
  # for a container that just started (it would report ~0 CPU for its first window) nor for a restarted one.
  - name: container_start_time_seconds
    dimension: container
    help: "[ALPHA] Start time of the container since unix epoch in seconds"
    kind: gauge
    labels:
    - {name: container, value: 'container.name'}
    - {name: namespace, value: 'pod.metadata.namespace'}
    - {name: pod, value: 'pod.metadata.name'}
    value: 'pod.SinceSecond()'
  # kwok's cumulative counters are 0 at their first scrape, which metrics-server takes for "no data" (and drops
  # the whole pod): 1 ms of CPU time before the first scrape makes the first scrape count, so figures come after
  # two scrapes instead of three. The offset cancels out of every rate.
  - name: container_cpu_usage_seconds_total
    dimension: container
    help: "[ALPHA] Cumulative cpu time consumed by the container in core-seconds"
    kind: counter
    labels:
    - {name: container, value: 'container.name'}
    - {name: namespace, value: 'pod.metadata.namespace'}
    - {name: pod, value: 'pod.metadata.name'}
    value: 'pod.CumulativeUsage("cpu", container.name) + 0.001'
  - name: container_memory_working_set_bytes
    dimension: container
    help: "[ALPHA] Current working set of the container in bytes"
    kind: gauge
    labels:
    - {name: container, value: 'container.name'}
    - {name: namespace, value: 'pod.metadata.namespace'}
    - {name: pod, value: 'pod.metadata.name'}
    value: 'pod.Usage("memory", container.name)'
  - name: pod_cpu_usage_seconds_total
    dimension: pod
    help: "[ALPHA] Cumulative cpu time consumed by the pod in core-seconds"
    kind: counter
    labels:
    - {name: namespace, value: 'pod.metadata.namespace'}
    - {name: pod, value: 'pod.metadata.name'}
    value: 'pod.CumulativeUsage("cpu") + 0.001'
  - name: pod_memory_working_set_bytes
    dimension: pod
    help: "[ALPHA] Current working set of the pod in bytes"
    kind: gauge
    labels:
    - {name: namespace, value: 'pod.metadata.namespace'}
    - {name: pod, value: 'pod.metadata.name'}
    value: 'pod.Usage("memory")'
  # A node uses its pods' sum plus the system's own share: 600m and 2.5 GiB on the control-plane node, 200m and
  # 1 GiB on the others.
  - name: node_cpu_usage_seconds_total
    dimension: node
    help: "[ALPHA] Cumulative cpu time consumed by the node in core-seconds"
    kind: counter
    value: 'node.CumulativeUsage("cpu") + ("node-role.kubernetes.io/control-plane" in node.metadata.labels ? 0.6 : 0.2) * node.SinceSecond() + 0.001'
  - name: node_memory_working_set_bytes
    dimension: node
    help: "[ALPHA] Current working set of the node in bytes"
    kind: gauge
    value: 'node.Usage("memory") + ("node-role.kubernetes.io/control-plane" in node.metadata.labels ? 2684354560.0 : 1073741824.0)'
---
` + string(b) + "\n"
}

// warmKwokMetrics asks kwok for a node's resource metrics until they list containers. kwok v0.8.0 starts its pod
// cache (which the metrics read) only at the first metrics request, lazily: that first answer has no pod at all
// ("pod not found" for each), so metrics-server's first scrape would be wasted and figures would come a scrape
// later. Asked before metrics-server starts, the cache is filled by its first scrape.
func warmKwokMetrics(ctx context.Context, kwokPort int) error {
	hc := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	url := fmt.Sprintf("https://127.0.0.1:%d/metrics/nodes/%s/metrics/resource", kwokPort, NodeNames[0])
	var last error
	for {
		r, err := hc.Get(url)
		if err == nil {
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode == 200 && bytes.Contains(b, []byte("\ncontainer_memory_working_set_bytes{")) {
				return nil
			}
			err = fmt.Errorf("kwok %s: %d, %d bytes, no container series yet", url, r.StatusCode, len(b))
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("kwok's resource metrics: %v", last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// applyYAML server-side-applies every document of text, in order.
func applyYAML(ctx context.Context, cfg *rest.Config, text string) error {
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))
	dec := yamlutil.NewYAMLOrJSONDecoder(strings.NewReader(text), 4096)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if len(m) == 0 {
			continue
		}
		if err := apply(ctx, dyn, mapper, &unstructured.Unstructured{Object: m}); err != nil {
			return err
		}
	}
}

// ---------------------------------------------------------------- health, stop/start helpers

var apiServiceGVR = schema.GroupVersionResource{Group: "apiregistration.k8s.io", Version: "v1", Resource: "apiservices"}

func adminConfig(st *clusterState) (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", filepath.Join(st.Dir, "kubeconfigs", "admin.kubeconfig"))
	if err != nil {
		return nil, err
	}
	cfg.Timeout = 5 * time.Second
	return cfg, nil
}

// metricsServerServing asks metrics-server itself (/healthz, open to anonymous requests).
func metricsServerServing(port int) (bool, error) {
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	r, err := hc.Get(fmt.Sprintf("https://127.0.0.1:%d/healthz", port))
	if err != nil {
		return false, err
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode == 200, fmt.Errorf("metrics-server /healthz: %d %s", r.StatusCode, bytes.TrimSpace(b))
}

// apiServiceAvailable reports the Available condition of the Metrics API's APIService ("" if it has none).
func apiServiceAvailable(ctx context.Context, cfg *rest.Config) (string, string, error) {
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return "", "", err
	}
	o, err := dyn.Resource(apiServiceGVR).Get(ctx, metricsAPIService, metav1.GetOptions{})
	if err != nil {
		return "", "", err
	}
	conds, _, _ := unstructured.NestedSlice(o.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == "Available" {
			return fmt.Sprint(m["status"]), fmt.Sprintf("%v: %v", m["reason"], m["message"]), nil
		}
	}
	return "", "", nil
}

// metricsAPIServed: metrics-server serves and the kube-apiserver routes the Metrics API to it (the APIService is
// Available and GET /apis/metrics.k8s.io/v1beta1 answers). Figures need one or two scrapes more (metrics-wait).
func metricsAPIServed(st *clusterState) (bool, error) {
	if ok, err := metricsServerServing(st.Ports["metrics-server"]); !ok {
		return false, err
	}
	cfg, err := adminConfig(st)
	if err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if s, why, err := apiServiceAvailable(ctx, cfg); err != nil || s != "True" {
		return false, fmt.Errorf("APIService %s Available=%s %s %v", metricsAPIService, s, why, err)
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return false, err
	}
	if _, err := cs.Discovery().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1").DoRaw(ctx); err != nil {
		return false, fmt.Errorf("GET /apis/metrics.k8s.io/v1beta1: %v", err)
	}
	return true, nil
}

// pokeMetricsService touches the Service's annotations: the aggregator's availability controller re-checks the
// APIService at once on a change of its Service, instead of after its next resync (30 s) or a back-off that
// grew while metrics-server was down.
func pokeMetricsService(st *clusterState) {
	cfg, err := adminConfig(st)
	if err != nil {
		return
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return
	}
	patch := fmt.Sprintf(`{"metadata":{"annotations":{"binnacle.dev/checked":%q}}}`, time.Now().UTC().Format(time.RFC3339Nano))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = cs.CoreV1().Services(metricsServiceNamespace).Patch(ctx, metricsServiceName, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
}

// ---------------------------------------------------------------- metrics-wait

type podMetricsList struct {
	Items []struct {
		Metadata struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"metadata"`
		Containers []struct {
			Name  string            `json:"name"`
			Usage map[string]string `json:"usage"`
		} `json:"containers"`
	} `json:"items"`
}

type nodeMetricsList struct {
	Items []struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Usage map[string]string `json:"usage"`
	} `json:"items"`
}

// wantMetrics lists the pods metrics-server must have figures for: running, not crash-looping, not benchmark,
// not a Job's (CronJob pods come and go), not being deleted.
func wantMetrics(pods []corev1.Pod) []string {
	var want []string
	for _, p := range pods {
		if p.Status.Phase != corev1.PodRunning || p.DeletionTimestamp != nil || p.Labels[CrashLoopLabel] == "true" || p.Labels[BenchLabel] != "" {
			continue
		}
		job := false
		for _, o := range p.OwnerReferences {
			job = job || o.Kind == "Job"
		}
		if !job {
			want = append(want, p.Namespace+"/"+p.Name)
		}
	}
	sort.Strings(want)
	return want
}

// metricsComplete: every node and every pod of wantMetrics has figures in the Metrics API.
func metricsComplete(ctx context.Context, cs kubernetes.Interface) (bool, string, error) {
	raw, err := cs.Discovery().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1/nodes").DoRaw(ctx)
	if err != nil {
		return false, "", fmt.Errorf("node metrics: %v", err)
	}
	var nm nodeMetricsList
	if err := json.Unmarshal(raw, &nm); err != nil {
		return false, "", err
	}
	if len(nm.Items) < len(NodeNames) {
		return false, "", fmt.Errorf("metrics for %d/%d nodes", len(nm.Items), len(NodeNames))
	}
	raw, err = cs.Discovery().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1/pods").DoRaw(ctx)
	if err != nil {
		return false, "", fmt.Errorf("pod metrics: %v", err)
	}
	var pm podMetricsList
	if err := json.Unmarshal(raw, &pm); err != nil {
		return false, "", err
	}
	have := map[string]bool{}
	for _, it := range pm.Items {
		have[it.Metadata.Namespace+"/"+it.Metadata.Name] = true
	}
	pods, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: "!" + BenchLabel})
	if err != nil {
		return false, "", err
	}
	want := wantMetrics(pods.Items)
	var missing []string
	for _, w := range want {
		if !have[w] {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		if len(missing) > 5 {
			missing = append(missing[:5], "…")
		}
		return false, "", fmt.Errorf("no metrics yet for %d/%d pods (%s)", len(missing), len(want), strings.Join(missing, ", "))
	}
	climb := ""
	for _, it := range pm.Items {
		if it.Metadata.Namespace == ClimbingNamespace && it.Metadata.Name == ClimbingPod && len(it.Containers) > 0 {
			if q, err := resource.ParseQuantity(it.Containers[0].Usage["memory"]); err == nil {
				climb = fmt.Sprintf(" (%s/%s: %.1fMi)", ClimbingNamespace, ClimbingPod, q.AsApproximateFloat64()/(1<<20))
			}
		}
	}
	return true, fmt.Sprintf("%d nodes and %d pods have metrics%s", len(nm.Items), len(want), climb), nil
}

// ClimbingNamespace/ClimbingPod: the pod whose memory climbs (seed.yaml, StatefulSet shop/leaky).
const (
	ClimbingNamespace = "shop"
	ClimbingPod       = "leaky-0"
)

func runMetricsWait(args []string) int {
	fs := flag.NewFlagSet("metrics-wait", flag.ExitOnError)
	dir := fs.String("state", "", "cluster state directory")
	timeout := fs.Duration("timeout", 120*time.Second, "how long to wait")
	_ = fs.Parse(args)
	abs, _ := filepath.Abs(*dir)
	st, err := loadState(abs)
	if err != nil || st.ReadyAfterS == 0 {
		fmt.Fprintf(os.Stderr, "metrics-wait: no running cluster in %s\n", abs)
		return 1
	}
	cfg, err := adminConfig(st)
	if err != nil {
		fmt.Fprintln(os.Stderr, "metrics-wait:", err)
		return 1
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "metrics-wait:", err)
		return 1
	}
	t0 := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	var last error
	for {
		ok, summary, err := metricsComplete(ctx, cs)
		if ok {
			started := ""
			for _, p := range st.Procs {
				if p.Name == "metrics-server" && !p.Started.IsZero() {
					started = fmt.Sprintf(", %.1fs after metrics-server started", time.Since(p.Started).Seconds())
				}
			}
			fmt.Printf("metrics-wait: %s after %.1fs%s (metric resolution %s)\n", summary, time.Since(t0).Seconds(), started, st.MetricResolution)
			return 0
		}
		last = err
		select {
		case <-ctx.Done():
			fmt.Fprintf(os.Stderr, "metrics-wait: timed out after %s: %v\n", *timeout, last)
			return 1
		case <-time.After(time.Second):
		}
	}
}
