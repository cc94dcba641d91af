package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
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
)

//go:embed seed/seed.yaml
var seedYAML []byte

// NodeNames are the kwok nodes every cluster has.
var NodeNames = []string{"kwok-node-0", "kwok-node-1", "kwok-node-2"}

// BenchLabel marks benchmark pods/namespaces: the agent ignores them (they use kwok's cluster-wide fallback rules).
const BenchLabel = "binnacle.dev/bench"

var pfGVR = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "portforwards"}

func seedDocs() ([]*unstructured.Unstructured, error) {
	dec := yamlutil.NewYAMLOrJSONDecoder(bytes.NewReader(seedYAML), 4096)
	var out []*unstructured.Unstructured
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, err
		}
		if len(m) == 0 {
			continue
		}
		out = append(out, &unstructured.Unstructured{Object: m})
	}
}

func apply(ctx context.Context, dyn dynamic.Interface, mapper meta.RESTMapper, obj *unstructured.Unstructured) error {
	gvk := obj.GroupVersionKind()
	m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	// A CRD established a moment ago may not be served by discovery yet (seen: kwok's ClusterResourceUsage 4 s into
	// "up", "no matches for kind"): forget what discovery said and ask again, for a while.
	for deadline := time.Now().Add(30 * time.Second); meta.IsNoMatchError(err) && time.Now().Before(deadline); {
		if resettable, ok := mapper.(meta.ResettableRESTMapper); ok {
			resettable.Reset()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		m, err = mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", gvk, err)
	}
	data, err := obj.MarshalJSON()
	if err != nil {
		return err
	}
	var ri dynamic.ResourceInterface = dyn.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		ns := obj.GetNamespace()
		if ns == "" {
			ns = "default"
		}
		ri = dyn.Resource(m.Resource).Namespace(ns)
	}
	force := true
	_, err = ri.Patch(ctx, obj.GetName(), types.ApplyPatchType, data, metav1.PatchOptions{FieldManager: "binnacle-seed", Force: &force})
	if err != nil {
		return fmt.Errorf("apply %s %s/%s: %w", gvk.Kind, obj.GetNamespace(), obj.GetName(), err)
	}
	return nil
}

// seed creates the kwok nodes, the viewer/operator RBAC and the demo workloads.
func seed(ctx context.Context, name string, cfg *rest.Config, check func() error) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ext, err := apiextclient.NewForConfig(cfg)
	if err != nil {
		return err
	}
	zones := []string{"zone-a", "zone-b", "zone-c"}
	for i, n := range NodeNames {
		node := &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{
				Name: n,
				Annotations: map[string]string{"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0",
					// where metrics-server finds this node's resource metrics (kwok's Metric "binnacle-resource")
					ResourceMetricsPathAnnotation: "/metrics/nodes/" + n + "/metrics/resource"},
				Labels: map[string]string{
					"kubernetes.io/hostname": n, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
					"type": "kwok", "topology.kubernetes.io/zone": zones[i%3], "node.kubernetes.io/instance-type": "kwok.large",
				},
			},
			Status: corev1.NodeStatus{
				NodeInfo: corev1.NodeSystemInfo{
					KubeletVersion: "v1.36.3-kwok", OSImage: "kwok (Binnacle test cluster)", OperatingSystem: "linux",
					Architecture: "amd64", ContainerRuntimeVersion: "kwok://v0.8.0", KernelVersion: "6.1.0",
				},
			},
		}
		if i == 0 {
			node.Labels["node-role.kubernetes.io/control-plane"] = ""
		}
		if _, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("create node %s: %w", n, err)
		}
	}

	docs, err := seedDocs()
	if err != nil {
		return fmt.Errorf("parse seed.yaml: %w", err)
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(discovery.NewDiscoveryClientForConfigOrDie(cfg)))
	var crds []string
	for _, d := range docs { // phase 1: namespaces and CRDs
		if k := d.GetKind(); k == "Namespace" || k == "CustomResourceDefinition" {
			if err := apply(ctx, dyn, mapper, d); err != nil {
				return err
			}
			if k == "CustomResourceDefinition" {
				crds = append(crds, d.GetName())
			}
		}
	}
	if err := waitCRDs(ctx, ext, crds); err != nil {
		return err
	}
	mapper.Reset()

	// RBAC: viewer = ClusterRole view in the limited namespace; operator = logs/exec/port-forward, pod deletion and
	// Deployment patch/scale there.
	ns := LimitedNamespace
	rbac := cs.RbacV1()
	if _, err := rbac.RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "viewer-view", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "viewer"}},
	}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	// operator may delete pods and scale or patch Deployments, but not delete them: tests show "what its Role
	// allows" enabled and the rest disabled.
	operatorRole := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "operator", Namespace: ns},
		Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"get", "list", "watch", "delete"}},
			{APIGroups: []string{""}, Resources: []string{"pods/log", "pods/exec", "pods/portforward"}, Verbs: []string{"get", "create"}},
			{APIGroups: []string{"apps"}, Resources: []string{"deployments", "replicasets"}, Verbs: []string{"get", "list", "watch"}},
			{APIGroups: []string{"apps"}, Resources: []string{"deployments"}, Verbs: []string{"patch"}},
			{APIGroups: []string{"apps"}, Resources: []string{"deployments/scale"}, Verbs: []string{"get", "patch", "update"}},
		},
	}
	if _, err := rbac.Roles(ns).Create(ctx, operatorRole, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		_, err = rbac.Roles(ns).Update(ctx, operatorRole, metav1.UpdateOptions{})
		if err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if _, err := rbac.RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "operator", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "operator"},
		Subjects:   []rbacv1.Subject{{APIGroup: "rbac.authorization.k8s.io", Kind: "User", Name: "operator"}},
	}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}

	// The ServiceAccount admission plugin rejects pods until the namespace's "default" ServiceAccount exists
	// (created by kube-controller-manager). Controllers retry on their own, so this wait only makes the
	// startup quicker to reason about.
	for _, n := range []string{"default", "kube-system", "shop", "payments", "monitoring", "logs"} {
		for {
			if err := check(); err != nil {
				return err
			}
			if _, err := cs.CoreV1().ServiceAccounts(n).Get(ctx, "default", metav1.GetOptions{}); err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("ServiceAccount %s/default never appeared (is kube-controller-manager running?)", n)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	for _, d := range docs { // phase 2: everything else, in file order
		if k := d.GetKind(); k == "Namespace" || k == "CustomResourceDefinition" {
			continue
		}
		if err := apply(ctx, dyn, mapper, d); err != nil {
			return err
		}
	}
	return nil
}

func condTrue(conds []corev1.NodeCondition, t corev1.NodeConditionType) bool {
	for _, c := range conds {
		if c.Type == t {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// seededReady reports whether nodes are Ready, the seeded workloads are available and every running seeded pod
// has the per-pod port-forward rule of the agent.
func seededReady(ctx context.Context, cfg *rest.Config) (bool, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return false, err
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	ready := 0
	for _, n := range nodes.Items {
		if condTrue(n.Status.Conditions, corev1.NodeReady) {
			ready++
		}
	}
	if ready < len(NodeNames) {
		return false, fmt.Errorf("%d/%d nodes Ready", ready, len(NodeNames))
	}
	deps, err := cs.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	for _, d := range deps.Items {
		if d.Name == "fraud-detector" {
			continue
		}
		if d.Spec.Replicas != nil && d.Status.ReadyReplicas < *d.Spec.Replicas {
			return false, fmt.Errorf("deployment %s/%s: %d/%d ready", d.Namespace, d.Name, d.Status.ReadyReplicas, *d.Spec.Replicas)
		}
	}
	sts, err := cs.AppsV1().StatefulSets("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	for _, s := range sts.Items {
		if s.Spec.Replicas != nil && s.Status.ReadyReplicas < *s.Spec.Replicas {
			return false, fmt.Errorf("statefulset %s/%s: %d/%d ready", s.Namespace, s.Name, s.Status.ReadyReplicas, *s.Spec.Replicas)
		}
	}
	dss, err := cs.AppsV1().DaemonSets("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	for _, d := range dss.Items {
		if d.Status.DesiredNumberScheduled == 0 || d.Status.NumberReady < d.Status.DesiredNumberScheduled {
			return false, fmt.Errorf("daemonset %s/%s: %d/%d ready", d.Namespace, d.Name, d.Status.NumberReady, d.Status.DesiredNumberScheduled)
		}
	}
	job, err := cs.BatchV1().Jobs("shop").Get(ctx, "db-migrate", metav1.GetOptions{})
	if err != nil || job.Status.Succeeded < 1 {
		return false, fmt.Errorf("job shop/db-migrate not complete yet")
	}
	pods, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: "!" + BenchLabel})
	if err != nil {
		return false, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return false, err
	}
	pfs, err := dyn.Resource(pfGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		return false, err
	}
	have := map[string]bool{}
	for _, p := range pfs.Items {
		have[p.GetNamespace()+"/"+p.GetName()] = true
	}
	crash := false
	for _, p := range pods.Items {
		if p.Labels[CrashLoopLabel] == "true" {
			for _, c := range p.Status.ContainerStatuses {
				if c.State.Waiting != nil && c.State.Waiting.Reason == "CrashLoopBackOff" {
					crash = true
				}
			}
		}
		if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil && !have[p.Namespace+"/"+p.Name] {
			return false, fmt.Errorf("pod %s/%s has no port-forward rule yet (agent)", p.Namespace, p.Name)
		}
	}
	if !crash {
		return false, errors.New("payments/fraud-detector pod is not in CrashLoopBackOff yet")
	}
	slices, err := cs.DiscoveryV1().EndpointSlices("shop").List(ctx, metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=frontend"})
	if err != nil {
		return false, err
	}
	eps := 0
	for _, s := range slices.Items {
		for _, e := range s.Endpoints {
			if e.Conditions.Ready != nil && *e.Conditions.Ready {
				eps++
			}
		}
	}
	if eps < 3 {
		return false, fmt.Errorf("service shop/frontend has %d ready endpoints", eps)
	}
	return true, nil
}

// seedEvents adds kubelet-like events that a fake kubelet would not emit (controllers emit their own).
func seedEvents(ctx context.Context, cs kubernetes.Interface) error {
	pods, err := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: "!" + BenchLabel})
	if err != nil {
		return err
	}
	now := metav1.Now()
	mk := func(p *corev1.Pod, typ, reason, msg string, count int32) *corev1.Event {
		return &corev1.Event{
			ObjectMeta: metav1.ObjectMeta{GenerateName: p.Name + ".", Namespace: p.Namespace},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: p.Namespace, Name: p.Name, UID: p.UID,
				APIVersion: "v1", FieldPath: "spec.containers{" + p.Spec.Containers[0].Name + "}"},
			Type: typ, Reason: reason, Message: msg, Count: count,
			FirstTimestamp: metav1.NewTime(now.Add(-5 * time.Minute)), LastTimestamp: now,
			Source:              corev1.EventSource{Component: "kubelet", Host: p.Spec.NodeName},
			ReportingController: "kubelet", ReportingInstance: p.Spec.NodeName,
		}
	}
	for i := range pods.Items {
		p := &pods.Items[i]
		if p.Spec.NodeName == "" || len(p.Spec.Containers) == 0 {
			continue
		}
		var evs []*corev1.Event
		c := p.Spec.Containers[0]
		if p.Labels[CrashLoopLabel] == "true" {
			evs = append(evs,
				mk(p, corev1.EventTypeNormal, "Pulled", fmt.Sprintf("Container image %q already present on machine", c.Image), 6),
				mk(p, corev1.EventTypeWarning, "BackOff", fmt.Sprintf("Back-off restarting failed container %s in pod %s_%s(%s)", c.Name, p.Name, p.Namespace, p.UID), 23))
		} else if p.Status.Phase == corev1.PodRunning {
			evs = append(evs,
				mk(p, corev1.EventTypeNormal, "Pulled", fmt.Sprintf("Container image %q already present on machine", c.Image), 1),
				mk(p, corev1.EventTypeNormal, "Started", fmt.Sprintf("Started container %s", c.Name), 1))
			if strings.HasPrefix(p.Name, "frontend-") && p.Spec.NodeName == NodeNames[0] {
				evs = append(evs, mk(p, corev1.EventTypeWarning, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", 2))
			}
		}
		for _, e := range evs {
			if _, err := cs.CoreV1().Events(p.Namespace).Create(ctx, e, metav1.CreateOptions{}); err != nil {
				return err
			}
		}
	}
	return nil
}
