package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	kwokcrd "sigs.k8s.io/kwok/kustomize/crd"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

// CrashLoopLabel marks pods that kwok shows as CrashLoopBackOff instead of Running.
const CrashLoopLabel = "binnacle.dev/crashloop"

// crashLoopStage turns a pending pod carrying CrashLoopLabel=true into a Running pod whose container waits in
// CrashLoopBackOff after 5 restarts (the look of a real failing pod).
const crashLoopStage = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-crashloop
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.labels["binnacle.dev/crashloop"]'
      operator: 'In'
      values:
      - 'true'
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Pending'
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        reason: ContainersNotReady
        message: "containers with unready status: [{{ range .spec.containers }}{{ .name }} {{ end }}]"
        type: Ready
      - lastTransitionTime: {{ $now | Quote }}
        status: "False"
        reason: ContainersNotReady
        type: ContainersReady
      - lastTransitionTime: {{ $now | Quote }}
        status: "True"
        type: PodScheduled
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        name: {{ .name | Quote }}
        ready: false
        started: false
        restartCount: 5
        lastState:
          terminated:
            exitCode: 1
            reason: Error
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        state:
          waiting:
            reason: CrashLoopBackOff
            message: "back-off 5m0s restarting failed container={{ .name }}"
      {{ end }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
      phase: Running
      startTime: {{ $now | Quote }}
`

// nodeStatusCommon is the node status both node stages write. The stock v0.8.0 heartbeat re-renders the addresses
// from the (possibly stale) object and was seen to wipe them, after which the apiserver cannot reach the "kubelet"
// ("no preferred addresses found"): so the addresses are always written out in full here.
const nodeStatusCommon = `      {{ $now := Now }}
      {{ $lastTransitionTime := or .metadata.creationTimestamp $now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $lastTransitionTime | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - address: "127.0.0.1"
        type: InternalIP
      - address: {{ .metadata.name | Quote }}
        type: Hostname
      daemonEndpoints:
        kubeletEndpoint:
          Port: {{ NodePort }}
`

const nodeInitializeStage = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-initialize
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'NotIn'
      values:
      - 'True'
  next:
    statusTemplate: |
` + nodeStatusCommon + `      allocatable:
        cpu: "32"
        memory: 128Gi
        ephemeral-storage: 500Gi
        pods: "20000"
      capacity:
        cpu: "32"
        memory: 128Gi
        ephemeral-storage: 500Gi
        pods: "20000"
      {{ $nodeInfo := .status.nodeInfo }}
      {{ $kwokVersion := printf "kwok-%s" Version }}
      nodeInfo:
        architecture: {{ or $nodeInfo.architecture "amd64" }}
        bootID: {{ or $nodeInfo.bootID ` + "`\"\"`" + ` }}
        containerRuntimeVersion: {{ or $nodeInfo.containerRuntimeVersion $kwokVersion }}
        kernelVersion: {{ or $nodeInfo.kernelVersion $kwokVersion }}
        kubeProxyVersion: {{ or $nodeInfo.kubeProxyVersion $kwokVersion }}
        kubeletVersion: {{ or $nodeInfo.kubeletVersion $kwokVersion }}
        machineID: {{ or $nodeInfo.machineID ` + "`\"\"`" + ` }}
        operatingSystem: {{ or $nodeInfo.operatingSystem "linux" }}
        osImage: {{ or $nodeInfo.osImage ` + "`\"\"`" + ` }}
        systemUUID: {{ or $nodeInfo.systemUUID ` + "`\"\"`" + ` }}
      phase: Running
`

const nodeHeartbeatStage = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: node-heartbeat-with-lease
spec:
  resourceRef:
    apiGroup: v1
    kind: Node
  selector:
    matchExpressions:
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Running'
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: 'In'
      values:
      - 'True'
  delay:
    durationMilliseconds: 600000
    jitterDurationMilliseconds: 610000
  next:
    statusTemplate: |
` + nodeStatusCommon

// AgentReadyAnnotation is set by the agent on a pod once the pod's own Logs, Exec, Attach and PortForward rules
// exist. The stages below make a pod Running only then: a log (or exec) asked for as soon as the pod runs would
// otherwise get kwok's cluster-wide fallback, not the pod's own file.
const AgentReadyAnnotation = "binnacle.dev/agent-ready"

// withSelectorTerm adds a matchExpressions term to a stage.
func withSelectorTerm(stage, key, operator string) string {
	const anchor = "    matchExpressions:\n"
	term := anchor + "    - key: '" + key + "'\n      operator: '" + operator + "'\n"
	if !strings.Contains(stage, anchor) {
		panic("kwok stage changed shape: no matchExpressions")
	}
	return strings.Replace(stage, anchor, term, 1)
}

func labelKey(label string) string           { return `.metadata.labels["` + label + `"]` }
func annotationKey(annotation string) string { return `.metadata.annotations["` + annotation + `"]` }

// podReadyStages are kwok's stock pod-ready stage twice: for the agent's pods once it has set them up, and, renamed,
// for benchmark pods (which the agent leaves alone) at once. Crash-looping pods have their own stage.
func podReadyStages() []string {
	agentPods := withSelectorTerm(podfast.DefaultPodReady, labelKey(CrashLoopLabel), "DoesNotExist")
	agentPods = withSelectorTerm(agentPods, labelKey(BenchLabel), "DoesNotExist")
	agentPods = withSelectorTerm(agentPods, annotationKey(AgentReadyAnnotation), "Exists")
	const name = "  name: pod-ready\n"
	if !strings.Contains(podfast.DefaultPodReady, name) {
		panic("kwok pod-ready stage changed shape: no name")
	}
	benchPods := strings.Replace(podfast.DefaultPodReady, name, "  name: pod-ready-bench\n", 1)
	benchPods = withSelectorTerm(benchPods, labelKey(BenchLabel), "Exists")
	return []string{agentPods, benchPods}
}

// kwokConfig renders the kwok --config file: stages (kwok v0.8.0 has none by default) and the cluster-wide
// fallback rules for pods the agent does not serve (benchmark pods). Per-pod Logs/Exec/PortForward rules are
// custom resources the agent creates (kwok runs with --enable-crds=Logs,Exec,PortForward,Attach).
func kwokConfig(dir string, fallbackPort int) string {
	// A KwokConfiguration given in --config is NOT defaulted field by field (seen with v0.8.0): without the
	// explicit values below the debugging handlers (logs/exec/port-forward) are off and no node Leases are
	// renewed, so kube-controller-manager marks the nodes NotReady every ~50 s.
	docs := []string{
		`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  enableDebuggingHandlers: true
  enableProfilingHandler: false
  enableContentionProfiling: false
  podPlayStageParallelism: 16
  nodePlayStageParallelism: 4
  nodeLeaseParallelism: 4
  nodeLeaseDurationSeconds: 40
  podsOnNodeSyncParallelism: 2
  enablePodsOnNodeSyncListPager: true
  enablePodsOnNodeSyncStreamWatch: false
`,
		nodeInitializeStage,
		nodeHeartbeatStage,
		podReadyStages()[0],
		podReadyStages()[1],
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
		withSelectorTerm(crashLoopStage, annotationKey(AgentReadyAnnotation), "Exists"),
		fmt.Sprintf(`apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: fallback
spec:
  execs:
  - local:
      workDir: %q
`, filepath.Join(dir, "pods")),
		fmt.Sprintf(`apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: fallback
spec:
  logs:
  - logsFile: %q
    follow: true
`, filepath.Join(dir, "pods", "fallback.log")),
		fmt.Sprintf(`apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterPortForward
metadata:
  name: fallback
spec:
  forwards:
  - target:
      address: 127.0.0.1
      port: %d
`, fallbackPort),
	}
	for i, d := range docs {
		docs[i] = strings.TrimSpace(d)
	}
	return strings.Join(docs, "\n---\n") + "\n"
}

// installKwokCRDs creates kwok's Logs, Exec, PortForward, Attach, Metric, ResourceUsage and ClusterResourceUsage
// CRDs and waits until they are established.
func installKwokCRDs(ctx context.Context, cfg *rest.Config) error {
	cl, err := apiextclient.NewForConfig(cfg)
	if err != nil {
		return err
	}
	var names []string
	for _, raw := range [][]byte{kwokcrd.Logs, kwokcrd.Exec, kwokcrd.PortForward, kwokcrd.Attach,
		kwokcrd.Metric, kwokcrd.ResourceUsage, kwokcrd.ClusterResourceUsage} {
		var crd apiextv1.CustomResourceDefinition
		if err := yaml.Unmarshal(raw, &crd); err != nil {
			return err
		}
		names = append(names, crd.Name)
		if _, err := cl.ApiextensionsV1().CustomResourceDefinitions().Create(ctx, &crd, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return waitCRDs(ctx, cl, names)
}

func waitCRDs(ctx context.Context, cl apiextclient.Interface, names []string) error {
	for _, n := range names {
		for {
			crd, err := cl.ApiextensionsV1().CustomResourceDefinitions().Get(ctx, n, metav1.GetOptions{})
			if err == nil {
				est := false
				for _, c := range crd.Status.Conditions {
					if c.Type == apiextv1.Established && c.Status == apiextv1.ConditionTrue {
						est = true
					}
				}
				if est {
					break
				}
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("CRD %s not established: %v", n, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}
