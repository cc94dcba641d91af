package main

import (
	"io"
	"net/http"
	"strconv"
)

// maxBytesAnswer bounds /bytes so a typo cannot make a pod's server stream forever.
const maxBytesAnswer = 4 << 30

// addDataEndpoints adds the endpoints the port-forward tests and benchmark need beside a pod's application:
//
//	GET  /bytes?n=N  N bytes (a repeating pattern), Content-Length set: a download of a known size
//	POST /echo       the request body back, with its Content-Type: an upload read back whole
//
// Both carry X-Pod-Name so every answer says which pod served it ("" for the fallback server).
func addDataEndpoints(mux *http.ServeMux, pod string) {
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.ParseInt(r.URL.Query().Get("n"), 10, 64)
		if err != nil || n < 0 || n > maxBytesAnswer {
			http.Error(w, "n: a number of bytes from 0 to 4 GiB", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		w.Header().Set("X-Pod-Name", pod)
		chunk := make([]byte, 64<<10)
		for i := range chunk {
			chunk[i] = byte('a' + i%26)
		}
		for n > 0 {
			part := chunk
			if n < int64(len(part)) {
				part = part[:n]
			}
			written, err := w.Write(part)
			if err != nil {
				return
			}
			n -= int64(written)
		}
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBytesAnswer))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("X-Pod-Name", pod)
		_, _ = w.Write(body)
	})
}
