package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
)

// runLogs appends N lines to a pod's container log (the file kwok serves for `kubectl logs`), at R lines/s or as
// fast as it can (R = 0). It writes the file directly, in batches under the file's lock (logline.go), so the
// agent's own line every second interleaves and every timestamp is still strictly later than the one before.
// --create makes the pod first (a bare Pod bound to kwok-node-0 with the quiet log format: nothing but the
// start-up lines and what this command writes), for benchmarks.
func runLogs(args []string) int {
	fs := flag.NewFlagSet("logs", flag.ExitOnError)
	state := fs.String("state", "", "cluster state dir")
	kc := fs.String("kubeconfig", "", "admin kubeconfig (for --create)")
	container := fs.String("container", "", "container (default: the pod's first container that is not an init container)")
	lines := fs.Int("lines", 1000, "number of lines")
	rate := fs.Float64("rate", 0, "lines per second (0: as fast as possible)")
	format := fs.String("format", "", "plain|ansi|json (default: the container's own format; quiet containers write plain)")
	id := fs.String("id", "", "flood id written into every line as flood=ID (default: a random one)")
	create := fs.Bool("create", false, "create the pod (namespace too) if it does not exist and wait until it runs")
	timeout := fs.Duration("timeout", 60*time.Second, "how long --create waits for the pod")
	var pos []string
	// flags may follow the positional arguments (cluster.sh logs NS POD --lines N)
	for len(args) > 0 {
		_ = fs.Parse(args)
		args = fs.Args()
		if len(args) > 0 {
			pos = append(pos, args[0])
			args = args[1:]
		}
	}
	if len(pos) != 2 || *lines < 0 || *rate < 0 || (*format != "" && (!validFormat(*format) || *format == FormatQuiet)) {
		fmt.Fprintln(os.Stderr, "usage: logs --state DIR [--container C] [--lines N] [--rate R] [--format plain|ansi|json] [--id ID] [--create --kubeconfig K] NAMESPACE POD")
		return 2
	}
	ns, pod := pos[0], pos[1]
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()
	dir := podDir(*state, ns, pod)
	if *create {
		if err := createLogPod(ctx, *kc, ns, pod, dir, *timeout); err != nil {
			fmt.Fprintln(os.Stderr, "logs:", err)
			return 1
		}
	}
	var info struct {
		Containers     []string          `json:"containers"`
		MainContainers []string          `json:"mainContainers"`
		Formats        map[string]string `json:"formats"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "pod.json"))
	if err == nil {
		err = json.Unmarshal(raw, &info)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "logs: pod %s/%s has no working directory from the agent (%v); benchmark pods (label %s) have no log of their own\n",
			ns, pod, err, BenchLabel)
		return 1
	}
	c := *container
	if c == "" && len(info.MainContainers) > 0 {
		c = info.MainContainers[0]
	}
	if !slices.Contains(info.Containers, c) {
		fmt.Fprintf(os.Stderr, "logs: pod %s/%s has no container %q (containers: %s)\n", ns, pod, c, strings.Join(info.Containers, ", "))
		return 1
	}
	f := *format
	if f == "" {
		f = info.Formats[c]
	}
	if f == "" || f == FormatQuiet {
		f = FormatPlain
	}
	if *id == "" {
		*id = strconv.FormatInt(time.Now().UnixNano()%1e6, 36)
	}
	path := filepath.Join(dir, c+".log")
	written, bytes, took, err := flood(ctx, path, f, pod, c, *id, *lines, *rate)
	target := "as fast as possible"
	if *rate > 0 {
		target = fmt.Sprintf("target %g/s", *rate)
	}
	fmt.Printf("logs: %d lines (%d bytes, flood=%s) appended to %s/%s/%s in %.3fs = %.0f lines/s, %.1f MB/s (%s)\n",
		written, bytes, *id, ns, pod, c, took.Seconds(), float64(written)/max(took.Seconds(), 1e-9),
		float64(bytes)/1e6/max(took.Seconds(), 1e-9), target)
	if err != nil {
		fmt.Fprintln(os.Stderr, "logs:", err)
		return 1
	}
	if written < *lines {
		fmt.Fprintf(os.Stderr, "logs: interrupted after %d of %d lines\n", written, *lines)
		return 1
	}
	return 0
}

// The texts of flood lines: about 150 bytes a line with the CRI prefix and the plain fields.
var floodTexts = []string{
	"GET /api/items/%d 200 %dms bytes=5120 user=u-%04d cache=miss",
	"POST /api/cart/%d 201 %dms bytes=312 user=u-%04d cache=none",
	"GET /api/notice?id=%d 200 %dms bytes=97 user=u-%04d cache=hit",
}

// flood appends LINES lines to PATH at RATE lines/s (0: no pacing) in batches under the file's lock; it returns
// what it wrote and how long that took. Lines are seq=1..LINES; line i is due at start+i/RATE and stamped then
// (or 1 ns after the line before it, whichever is later).
func flood(ctx context.Context, path, format, pod, container, id string, lines int, rate float64) (int, int64, time.Duration, error) {
	l, err := openLog(path)
	if err != nil {
		return 0, 0, 0, err
	}
	defer l.Close()
	if err := l.unlock(); err != nil {
		return 0, 0, 0, err
	}
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	extra := "flood=" + id
	// A batch is at most this many lines (~600 KB): the lock is held for a few milliseconds at most, so the agent's
	// line every second is never kept waiting long.
	const maxBatch = 4096
	buf := make([]byte, 0, maxBatch*200)
	var msg []byte
	var total int64
	start := time.Now()
	written := 0
	for written < lines {
		if ctx.Err() != nil {
			break
		}
		now := time.Now()
		due := lines
		if rate > 0 {
			due = min(lines, int(now.Sub(start).Seconds()*rate)+1)
			if due <= written {
				next := start.Add(time.Duration(float64(written) / rate * float64(time.Second)))
				select {
				case <-ctx.Done():
				case <-time.After(max(next.Sub(now), 50*time.Microsecond)):
				}
				continue
			}
		}
		n := min(due-written, maxBatch)
		if err := l.lock(); err != nil {
			return written, total, time.Since(start), err
		}
		buf = buf[:0]
		for i := 0; i < n; i++ {
			seq := written + i + 1
			at := now
			if rate > 0 {
				at = start.Add(time.Duration(float64(seq-1) / rate * float64(time.Second)))
			}
			ts := l.next(at)
			text := fmt.Sprintf(floodTexts[seq%len(floodTexts)], rng.Intn(1000000), 1+rng.Intn(900), rng.Intn(10000))
			msg = appendMessage(msg[:0], format, pod, container, seq, extra, text, ts)
			buf = appendCRI(buf, ts, streamOf(format, seq), msg)
		}
		err := l.write(buf)
		if uerr := l.unlock(); err == nil {
			err = uerr
		}
		if err != nil {
			return written, total, time.Since(start), err
		}
		written += n
		total += int64(len(buf))
	}
	return written, total, time.Since(start), nil
}

// createLogPod creates NS (if missing) and a bare quiet Pod NAME bound to kwok-node-0, and waits until the agent
// made its working directory and kwok's Logs rule for it exists (kubectl logs would fail before).
func createLogPod(ctx context.Context, kc, ns, name, dir string, timeout time.Duration) error {
	if kc == "" {
		return fmt.Errorf("--create needs --kubeconfig")
	}
	cs, cfg, err := benchClient(kc, 100, 30*time.Second)
	if err != nil {
		return err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}},
		metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("namespace %s: %w", ns, err)
	}
	no := false
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"app": "log-flood"},
			Annotations: map[string]string{LogFormatAnnotation: FormatQuiet}},
		Spec: corev1.PodSpec{
			NodeName: NodeNames[0], AutomountServiceAccountToken: &no,
			Containers: []corev1.Container{{Name: "app", Image: "registry.example.invalid/log-flood:1.0"}},
		},
	}
	for {
		_, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{})
		if err == nil || apierrors.IsAlreadyExists(err) {
			break
		}
		// a new namespace's default ServiceAccount comes from the controller manager a moment later
		if !strings.Contains(err.Error(), "serviceaccount") || ctx.Err() != nil {
			return fmt.Errorf("create pod %s/%s: %w", ns, name, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err == nil && p.Status.Phase == corev1.PodRunning {
			if _, err := os.Stat(filepath.Join(dir, "pod.json")); err == nil {
				if _, err := dyn.Resource(logsGVR).Namespace(ns).Get(ctx, name, metav1.GetOptions{}); err == nil {
					return nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pod %s/%s not running with its log rule within %s", ns, name, timeout)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
