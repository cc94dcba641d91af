package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/portforward"
	"k8s.io/client-go/transport/spdy"
)

// fallbackLogText is what kwok's cluster-wide ClusterLogs rule serves (the agent writes it at start).
const fallbackLogText = "benchmark pod: no per-pod log (kwok ClusterLogs fallback)"

// kwokServes says whether kwok already answers for the pod with the pod's own rules, asked the way a client asks:
// its log through the apiserver is the pod's file, and a port-forward to it reaches the pod's own HTTP server.
// kwok reads the agent's Logs and PortForward objects through informers of their own, which lag behind after the
// apiserver or etcd came back (their watches back off): until they caught up, a new pod would get the fallback
// log and the fallback HTTP server, and tests that ask a fresh pod would read those.
func (a *agent) kwokServes(ctx context.Context, pod *corev1.Pod, p *podRuntime) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if len(p.containers) > 0 {
		tail := int64(1)
		b, err := a.cs.CoreV1().Pods(pod.Namespace).GetLogs(pod.Name,
			&corev1.PodLogOptions{Container: p.containers[0], TailLines: &tail}).DoRaw(ctx)
		if err != nil {
			return false, err
		}
		if strings.Contains(string(b), fallbackLogText) {
			return false, nil
		}
	}
	name, err := a.forwardedPodName(ctx, pod)
	if err != nil {
		return false, err
	}
	return name == pod.Name, nil
}

// forwardedPodName is the X-Pod-Name of GET /healthz through a port-forward to the pod's port 8080 (every port of
// an agent pod reaches its server; the fallback server names no pod).
func (a *agent) forwardedPodName(ctx context.Context, pod *corev1.Pod) (string, error) {
	rt, upgrader, err := spdy.RoundTripperFor(a.cfg)
	if err != nil {
		return "", err
	}
	url := a.cs.CoreV1().RESTClient().Post().Resource("pods").Namespace(pod.Namespace).Name(pod.Name).
		SubResource("portforward").URL()
	dialer := spdy.NewDialer(upgrader, &http.Client{Transport: rt}, http.MethodPost, url)
	stop, ready := make(chan struct{}), make(chan struct{})
	defer close(stop)
	fw, err := portforward.NewOnAddresses(dialer, []string{"127.0.0.1"}, []string{"0:8080"}, stop, ready, io.Discard, io.Discard)
	if err != nil {
		return "", err
	}
	failed := make(chan error, 1)
	go func() { failed <- fw.ForwardPorts() }()
	select {
	case <-ready:
	case err := <-failed:
		return "", fmt.Errorf("port-forward: %v", err)
	case <-ctx.Done():
		return "", ctx.Err()
	}
	ports, err := fw.GetPorts()
	if err != nil || len(ports) == 0 {
		return "", fmt.Errorf("port-forward: no local port (%v)", err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/healthz", ports[0].Local), nil)
	r, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req)
	if err != nil {
		return "", err
	}
	defer r.Body.Close()
	_, _ = io.Copy(io.Discard, r.Body)
	return r.Header.Get("X-Pod-Name"), nil
}
