#!/usr/bin/env bash
# Exec: Binnacle's terminal over the exec WebSocket beside kubectl in the same run (issue 12, "Benchmark"):
#   throughput_ratio  `kubectl exec POD -- cat FILE > /dev/null` over `cat FILE` through Binnacle's terminal (a
#                     TerminalView on screen, every byte fed to its surface), medians over RUNS; ≥ 0.5 is the target
#   tty_throughput_ratio
#                     the same against `kubectl exec -t` (under script(1), which gives it a pty): both then pay for
#                     the server's pty, which a terminal session cannot avoid and which bounds throughput_ratio
#   echo_p50_ms, echo_p99_ms
#                     a key pressed on the view to its echo on the surface, over KEYS keys; p99 ≤ 20 ms
#   rss_mb            RSS growth for one terminal with a full 10,000-line scrollback; ≤ 30 MB
# The file: MB megabytes of base64 (76-column lines) written into a seeded pod's directory (kwok runs exec on the
# host, there). Runs under ./dev.sh bench exec (X server and session bus provided). Starts the cluster
# `exec-bench` and always stops it. The last line is the summary. Knobs: MB (50), RUNS (3), KEYS (1000).
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=exec-bench
NS=shop
MB="${MB:-50}"
RUNS="${RUNS:-3}"
KEYS="${KEYS:-1000}"
FILE=bench-data.txt

BENCH_BIN="$BUILD_DIR/bin/exec_bench"
command -v kubectl >/dev/null || { echo "exec.sh: kubectl is required (the figures are relative to it)" >&2; exit 1; }
[ -x "$BENCH_BIN" ] || { echo "exec.sh: $BENCH_BIN is missing (build the exec_bench target)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  local rc=$?
  "$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || echo "exec.sh: cluster.sh down --name $NAME failed" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
say() { echo "[exec $(printf '%3d' $((SECONDS - start)))s] $*"; }

"$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || true
say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export KUBECONFIG
[ -f "$KUBECONFIG" ] || { echo "exec.sh: no kubeconfig from cluster.sh up: $kubeconfig_line" >&2; exit 1; }

pod=$(kubectl get pods -n "$NS" -l app=frontend -o jsonpath='{.items[0].metadata.name}')
kubectl exec -n "$NS" "$pod" -- sh -c "base64 -w 76 /dev/urandom | head -c $((MB * 1000000)) > $FILE"
bytes=$(kubectl exec -n "$NS" "$pod" -- sh -c "wc -c < $FILE" | tr -d ' \r')
say "pod $NS/$pod: $FILE holds $bytes bytes"

: > "$work/kubectl_ms"
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  kubectl exec -n "$NS" "$pod" -- cat "$FILE" > /dev/null
  echo $(($(now_ms) - t0)) >> "$work/kubectl_ms"
done
kubectl_ms=$(median < "$work/kubectl_ms")
say "kubectl exec $pod -- cat $FILE > /dev/null: median ${kubectl_ms} ms ($(tr '\n' ' ' < "$work/kubectl_ms")ms)"
: > "$work/kubectl_tty_ms"
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  script -qfc "kubectl exec -t -n $NS $pod -- cat $FILE" /dev/null > /dev/null
  echo $(($(now_ms) - t0)) >> "$work/kubectl_tty_ms"
done
kubectl_tty_ms=$(median < "$work/kubectl_tty_ms")
say "kubectl exec -t $pod -- cat $FILE (with a pty): median ${kubectl_tty_ms} ms ($(tr '\n' ' ' < "$work/kubectl_tty_ms")ms)"

say "measuring (exec_bench)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --namespace "$NS" --pod "$pod" --file "$FILE" --runs "$RUNS" --keys "$KEYS" \
  | tee "$work/bench.log" | sed 's/^/    /' || true
figures=$(grep '^figures: ' "$work/bench.log" | tail -n 1 || true)
[ -n "$figures" ] || echo "exec.sh: exec_bench printed no figures" >&2
field() {
  local v; v=$(sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${figures#figures: }")
  echo "${v:-n/a}"
}
stream_ms=$(field stream_ms)
throughput_ratio=n/a
tty_throughput_ratio=n/a
if [[ "$stream_ms" =~ ^[0-9.]+$ ]] && [ "$stream_ms" != 0 ]; then
  throughput_ratio=$(awk -v k="$kubectl_ms" -v b="$stream_ms" 'BEGIN { printf "%.2f", k / b }')
  tty_throughput_ratio=$(awk -v k="$kubectl_tty_ms" -v b="$stream_ms" 'BEGIN { printf "%.2f", k / b }')
fi
say "done; stopping the cluster"
echo "exec: throughput_ratio=$throughput_ratio echo_p50_ms=$(field echo_p50_ms) echo_p99_ms=$(field echo_p99_ms)" \
  "rss_mb=$(field rss_mb) tty_throughput_ratio=$tty_throughput_ratio"
