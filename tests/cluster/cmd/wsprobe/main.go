// Command wsprobe speaks the raw WebSocket protocols of exec and port-forward to a test cluster and prints every
// frame, to pin down the wire behaviour Binnacle's client relies on (docs: tests/cluster/README.md).
//
//	go run ./cmd/wsprobe --kubeconfig K --namespace shop --pod POD [--port 8080]
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

func dialer(cfg *rest.Config) (*websocket.Dialer, http.Header, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cfg.CAData)
	tc.RootCAs = pool
	if len(cfg.CertData) > 0 {
		c, err := tls.X509KeyPair(cfg.CertData, cfg.KeyData)
		if err != nil {
			return nil, nil, err
		}
		tc.Certificates = []tls.Certificate{c}
	}
	h := http.Header{}
	if cfg.BearerToken != "" {
		h.Set("Authorization", "Bearer "+cfg.BearerToken)
	}
	return &websocket.Dialer{TLSClientConfig: tc, HandshakeTimeout: 10 * time.Second}, h, nil
}

func show(b []byte) string {
	if len(b) > 0 && len(b) < 200 && strings.ToValidUTF8(string(b[1:]), "") == string(b[1:]) {
		return fmt.Sprintf("ch=%d len=%d %q", b[0], len(b), b[1:])
	}
	if len(b) > 64 {
		return fmt.Sprintf("ch=%d len=%d %s…", b[0], len(b), hex.EncodeToString(b[:64]))
	}
	return fmt.Sprintf("len=%d %s", len(b), hex.EncodeToString(b))
}

func readAll(c *websocket.Conn, limit time.Duration) {
	_ = c.SetReadDeadline(time.Now().Add(limit))
	for {
		mt, b, err := c.ReadMessage()
		if err != nil {
			fmt.Printf("  <- end: %v\n", err)
			return
		}
		fmt.Printf("  <- type=%d %s\n", mt, show(b))
	}
}

func main() {
	kc := flag.String("kubeconfig", "", "kubeconfig")
	ctxName := flag.String("context", "", "context")
	ns := flag.String("namespace", "shop", "namespace")
	pod := flag.String("pod", "", "pod")
	port := flag.Int("port", 8080, "pod port for port-forward")
	flag.Parse()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
		&clientcmd.ClientConfigLoadingRules{ExplicitPath: *kc}, &clientcmd.ConfigOverrides{CurrentContext: *ctxName}).ClientConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	d, hdr, err := dialer(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	base := strings.Replace(cfg.Host, "https://", "wss://", 1) + "/api/v1/namespaces/" + *ns + "/pods/" + *pod

	exec := func(title string, protos []string, cmd []string, stdin string) {
		q := url.Values{}
		for _, c := range cmd {
			q.Add("command", c)
		}
		q.Set("stdout", "true")
		q.Set("stderr", "true")
		if stdin != "" {
			q.Set("stdin", "true")
		}
		d.Subprotocols = protos
		fmt.Printf("== %s: exec %q offering %v\n", title, cmd, protos)
		c, resp, err := d.Dial(base+"/exec?"+q.Encode(), hdr)
		if err != nil {
			code := 0
			if resp != nil {
				code = resp.StatusCode
			}
			fmt.Printf("  dial error (HTTP %d): %v\n", code, err)
			return
		}
		defer c.Close()
		fmt.Printf("  negotiated %q\n", c.Subprotocol())
		if stdin != "" {
			_ = c.WriteMessage(websocket.BinaryMessage, append([]byte{0}, stdin...))
			if c.Subprotocol() == "v5.channel.k8s.io" {
				_ = c.WriteMessage(websocket.BinaryMessage, []byte{255, 0})
			}
		}
		readAll(c, 10*time.Second)
	}
	exec("v5 echo", []string{"v5.channel.k8s.io", "v4.channel.k8s.io"}, []string{"sh", "-c", "echo out; echo err >&2"}, "")
	exec("v5 exit 3", []string{"v5.channel.k8s.io", "v4.channel.k8s.io"}, []string{"sh", "-c", "exit 3"}, "")
	exec("v4 exit 3", []string{"v4.channel.k8s.io"}, []string{"sh", "-c", "exit 3"}, "")
	exec("v5 stdin+close", []string{"v5.channel.k8s.io"}, []string{"cat"}, "hello via stdin\n")

	for _, proto := range []string{"v4.channel.k8s.io", "SPDY/3.1+portforward.k8s.io"} {
		d.Subprotocols = []string{proto}
		fmt.Printf("== port-forward ports=%d offering %q\n", *port, proto)
		c, resp, err := d.Dial(fmt.Sprintf("%s/portforward?ports=%d", base, *port), hdr)
		if err != nil {
			code := 0
			if resp != nil {
				code = resp.StatusCode
			}
			fmt.Printf("  dial error (HTTP %d): %v\n", code, err)
			continue
		}
		fmt.Printf("  negotiated %q\n", c.Subprotocol())
		if c.Subprotocol() == "v4.channel.k8s.io" {
			_ = c.WriteMessage(websocket.BinaryMessage, append([]byte{0}, "GET / HTTP/1.0\r\nHost: x\r\n\r\n"...))
		}
		readAll(c, 5*time.Second)
		c.Close()
	}
}
