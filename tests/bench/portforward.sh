#!/usr/bin/env bash
# Port-forward: Binnacle's forward beside `kubectl port-forward` of the same Service in the same run (issue 13,
# "Benchmark"), the same clients against both local ports:
#   throughput_ratio   kubectl's time over Binnacle's for a BYTES download (`/bytes`, curl), medians over RUNS;
#                      ≥ 1.0 is the target
#   parallel_failures  requests without an answer among PARALLEL keep-alive connections × REQUESTS each (must be 0);
#                      p99_ms / kubectl_p99_ms their latency
#   connect_ms         a new connection's first byte (GET /healthz), median of 20, beside kubectl_connect_ms
#   probe_100_ms       the replica probe (GET /api/notice) over a Deployment of PROBE_REPLICAS (100) agent pods,
#                      until every answer is in; n/a when one failed
# Runs under ./dev.sh bench portforward. Starts the cluster `portforward-bench` and always stops it. The last line is
# the summary. Knobs: BYTES (200000000), RUNS (3), PARALLEL (200), REQUESTS (20).
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=portforward-bench
NS=shop
SERVICE=frontend
BYTES="${BYTES:-200000000}"
RUNS="${RUNS:-3}"
PARALLEL="${PARALLEL:-200}"
REQUESTS="${REQUESTS:-20}"
PROBE_REPLICAS="${PROBE_REPLICAS:-100}"
PROBE_NS=probe-bench

BENCH_BIN="$BUILD_DIR/bin/portforward_bench"
command -v kubectl >/dev/null || { echo "portforward.sh: kubectl is required (the figures are relative to it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "portforward.sh: curl is required" >&2; exit 1; }
[ -x "$BENCH_BIN" ] || { echo "portforward.sh: $BENCH_BIN is missing (build the portforward_bench target)" >&2; exit 1; }

work=$(mktemp -d)
kubectl_pid=
cleanup() {
  local rc=$?
  [ -n "$kubectl_pid" ] && kill "$kubectl_pid" 2>/dev/null || true
  "$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || echo "portforward.sh: cluster.sh down --name $NAME failed" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
say() { echo "[portforward $(printf '%3d' $((SECONDS - start)))s] $*"; }

"$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || true
say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export KUBECONFIG
[ -f "$KUBECONFIG" ] || { echo "portforward.sh: no kubeconfig from cluster.sh up: $kubeconfig_line" >&2; exit 1; }

# kubectl's forward of the same Service, on a free port it picks (":80" asks for one), ready once it says so.
kubectl port-forward -n "$NS" "svc/$SERVICE" :80 > "$work/kubectl-pf.log" 2>&1 &
kubectl_pid=$!
for _ in $(seq 1 100); do
  grep -q '^Forwarding from 127.0.0.1:' "$work/kubectl-pf.log" && break
  sleep 0.1
done
kubectl_port=$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) .*/\1/p' "$work/kubectl-pf.log" | head -n 1)
[ -n "$kubectl_port" ] || { cat "$work/kubectl-pf.log" >&2; echo "portforward.sh: kubectl port-forward did not start" >&2; exit 1; }
say "kubectl port-forward svc/$SERVICE on 127.0.0.1:$kubectl_port"

say "measuring (portforward_bench)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --namespace "$NS" --service "$SERVICE" --port 80 \
  --kubectl-port "$kubectl_port" --bytes "$BYTES" --runs "$RUNS" --parallel "$PARALLEL" --requests "$REQUESTS" \
  | tee "$work/bench.log" | sed 's/^/    /' || true
figures=$(grep '^figures: ' "$work/bench.log" | tail -n 1 || true)
[ -n "$figures" ] || echo "portforward.sh: portforward_bench printed no figures" >&2
field() {
  local v; v=$(sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${figures#figures: }")
  echo "${v:-n/a}"
}
# The probe's Deployment: agent pods (each its own HTTP server), like shop/frontend's, PROBE_REPLICAS of them.
kubectl apply -f - >/dev/null <<MANIFEST
apiVersion: v1
kind: Namespace
metadata: {name: $PROBE_NS}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: $PROBE_NS}
spec:
  replicas: $PROBE_REPLICAS
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: web:1, ports: [{name: http, containerPort: 8080}]}
MANIFEST
say "waiting for $PROBE_REPLICAS ready pods of $PROBE_NS/web"
kubectl rollout status -n "$PROBE_NS" deployment/web --timeout=300s >/dev/null

say "probing $PROBE_REPLICAS replicas (portforward_bench --probe-deployment)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --probe-namespace "$PROBE_NS" --probe-deployment web \
  | tee "$work/probe.log" | sed 's/^/    /' || true
probe_ms=$(sed -n 's/^figures: .*probe_ms=\([^ ]*\).*/\1/p' "$work/probe.log" | tail -n 1)
ours=$(field download_ms)
theirs=$(field kubectl_download_ms)
throughput_ratio=n/a
if [[ "$ours" =~ ^[0-9.]+$ ]] && [ "$ours" != 0 ] && [[ "$theirs" =~ ^[0-9.]+$ ]]; then
  throughput_ratio=$(awk -v k="$theirs" -v b="$ours" 'BEGIN { printf "%.2f", k / b }')
fi
say "done; stopping the cluster"
echo "portforward: throughput_ratio=$throughput_ratio parallel_failures=$(field parallel_failures)" \
  "p99_ms=$(field p99_ms) kubectl_p99_ms=$(field kubectl_p99_ms) connect_ms=$(field connect_ms)" \
  "kubectl_connect_ms=$(field kubectl_connect_ms) probe_100_ms=${probe_ms:-n/a}"
