#!/usr/bin/env bash
# Logs: Binnacle's log stream and store beside kubectl in the same run (issue 11, "Benchmark"):
#   throughput_ratio        `kubectl logs POD > /dev/null` over Binnacle's stream of the same pod to its last line
#                           stored (medians over RUNS); ≥ 1.0 means Binnacle is at least as fast
#   follow_lines_s          lines/s Binnacle's follow delivers from a pod logging as fast as the agent can
#   kubectl_follow_lines_s  the same for `kubectl logs -f` (lines reaching its stdout)
#   rss_per_byte            RSS growth with the 1,000,000 lines stored, over the bytes kept (≤ 1.3)
#   budget_ok               1 if with a 64 MB budget a log of FLOOD_LINES lines (5,000,000: ~760 MB) streamed kept RSS
#                           growth within budget + 50 MB
#   stall_p99_ms            GUI event-loop lateness (a 10 ms timer) while 20,000 lines/s stream in
#   search_ms               a plain search over the 1,000,000 lines, query set → count known
# The pods: `cluster.sh logs NS POD --create` makes a bare quiet pod and writes its log file directly (1,000,000
# lines of ~152 bytes, ~152 MB, in well under a second), so only the reading is measured. The agent's own write rate
# (what "as fast as the agent can" means) is printed too.
# Runs under ./dev.sh bench logs (X server and session bus provided). Starts the cluster `logs-bench` and always
# stops it. The last line is the summary. Knobs: LINES (1000000), RUNS (3), FOLLOW_LINES (300000),
# FLOOD_LINES (5000000), STALL_RATE (20000), STALL_SECONDS (20).
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=logs-bench
NS=logbench
LINES="${LINES:-1000000}"
RUNS="${RUNS:-3}"
FOLLOW_LINES="${FOLLOW_LINES:-300000}"
FLOOD_LINES="${FLOOD_LINES:-5000000}"
STALL_RATE="${STALL_RATE:-20000}"
STALL_SECONDS="${STALL_SECONDS:-20}"

BENCH_BIN="$BUILD_DIR/bin/logs_bench"
command -v kubectl >/dev/null || { echo "logs.sh: kubectl is required (the figures are relative to it)" >&2; exit 1; }
[ -x "$BENCH_BIN" ] || echo "logs.sh: $BENCH_BIN is missing (build the logs_bench target): kubectl figures only" >&2

work=$(mktemp -d)
cleanup() {
  local rc=$?
  # Stop only what this script started: its background jobs, then the cluster.
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || echo "logs.sh: cluster.sh down --name $NAME failed" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
say() { echo "[logs $(printf '%3d' $((SECONDS - start)))s] $*"; }
logs_cmd() { "$CLUSTER" logs --name "$NAME" "$@"; }

"$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || true
say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export KUBECONFIG
[ -f "$KUBECONFIG" ] || { echo "logs.sh: no kubeconfig from cluster.sh up: $kubeconfig_line" >&2; exit 1; }
say "cluster up: $KUBECONFIG"

# -- the pod with LINES lines (plus its 4 start-up lines)
say "pod $NS/big: writing $LINES lines"
logs_cmd "$NS" big --create --lines "$LINES" --id big | tee "$work/big.txt" | sed 's/^/    /'
write_lines_s=$(sed -n 's/.* = \([0-9]*\) lines\/s.*/\1/p' "$work/big.txt")
big_bytes=$(sed -n 's/^logs: [0-9]* lines (\([0-9]*\) bytes.*/\1/p' "$work/big.txt")
got=$(kubectl logs -n "$NS" big | wc -l)
[ "$got" -eq $((LINES + 4)) ] || { echo "logs.sh: kubectl logs $NS/big gave $got lines, not $((LINES + 4))" >&2; exit 1; }

say "pod $NS/flood: writing $FLOOD_LINES lines (the budget's)"
logs_cmd "$NS" flood --create --lines "$FLOOD_LINES" --id flood | sed 's/^/    /'
logs_cmd "$NS" stall --create --lines 1 --id start >/dev/null

# -- kubectl logs POD > /dev/null, RUNS times
: > "$work/kubectl_ms"
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  kubectl logs -n "$NS" big > /dev/null
  echo $(($(now_ms) - t0)) >> "$work/kubectl_ms"
done
kubectl_ms=$(median < "$work/kubectl_ms")
say "kubectl logs $NS/big > /dev/null ($LINES lines, $((big_bytes / 1000000)) MB): median ${kubectl_ms} ms ($(tr '\n' ' ' < "$work/kubectl_ms")ms)"

# -- kubectl logs -f against a pod flooded as fast as the agent writes
# follow_flood POD ID N: kubectl -f on POD (from now on), then N lines as fast as possible; prints lines/s that
# reached kubectl's stdout, from the flood's start to its last line.
follow_flood() {
  local pod="$1" id="$2" n="$3" out="$work/follow-$2.txt"
  # kubectl writes to a file, read from its end: a pipe into awk (mawk waits for a full buffer) or grep stalled
  kubectl logs -f -n "$NS" "$pod" --tail=0 > "$out" 2>"$work/follow.err" &
  local follower=$!
  # connected once a line written after the start arrives: one line at a time until one does
  local tries=0
  until [ -s "$out" ]; do
    [ $tries -lt 100 ] || { echo "logs.sh: kubectl logs -f $NS/$pod never received a line" >&2; cat "$work/follow.err" >&2; return 1; }
    logs_cmd "$NS" "$pod" --lines 1 --id "probe$tries" >/dev/null
    tries=$((tries + 1))
    sleep 0.2
  done
  local t0; t0=$(now_ms)
  logs_cmd "$NS" "$pod" --lines "$n" --id "$id" | sed 's/^/    /' >&2
  until tail -c 1000 "$out" | grep -qF "seq=$n flood=$id "; do
    kill -0 "$follower" 2>/dev/null || { echo "logs.sh: kubectl logs -f ended early" >&2; cat "$work/follow.err" >&2; return 1; }
    sleep 0.05
  done
  local ms=$(($(now_ms) - t0))
  kill "$follower" 2>/dev/null || true
  wait "$follower" 2>/dev/null || true
  echo "$((n * 1000 / (ms > 0 ? ms : 1)))"
}
logs_cmd "$NS" follow --create --lines 1 --id start >/dev/null
say "kubectl logs -f $NS/follow while $FOLLOW_LINES lines are written as fast as possible"
kubectl_follow_lines_s=$(follow_flood follow kubectl "$FOLLOW_LINES")
say "kubectl logs -f: ${kubectl_follow_lines_s} lines/s (the writer: ${write_lines_s} lines/s)"

# -- Binnacle's side
figures=""
if [ -x "$BENCH_BIN" ]; then
  say "measuring (logs_bench)"
  "$BENCH_BIN" --kubeconfig "$KUBECONFIG" --cluster-script "$CLUSTER" --cluster-name "$NAME" --namespace "$NS" \
    --pod big --lines $((LINES + 4)) --flood-pod flood --follow-lines "$FOLLOW_LINES" --flood-lines "$FLOOD_LINES" \
    --stall-rate "$STALL_RATE" --stall-seconds "$STALL_SECONDS" --runs "$RUNS" \
    | tee "$work/bench.log" | sed 's/^/    /' || true
  figures=$(grep '^figures: ' "$work/bench.log" | tail -n 1 || true)
  [ -n "$figures" ] || echo "logs.sh: logs_bench printed no figures" >&2
fi
field() {
  local v; v=$(sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${figures#figures: }")
  echo "${v:-n/a}"
}
stream_ms=$(field stream_ms)
throughput_ratio=n/a
if [[ "$stream_ms" =~ ^[0-9.]+$ ]] && [ "$stream_ms" != 0 ]; then
  throughput_ratio=$(awk -v k="$kubectl_ms" -v b="$stream_ms" 'BEGIN { printf "%.2f", k / b }')
fi
say "done; stopping the cluster"
echo "logs: throughput_ratio=$throughput_ratio follow_lines_s=$(field follow_lines_s)" \
  "kubectl_follow_lines_s=$kubectl_follow_lines_s rss_per_byte=$(field rss_per_byte) budget_ok=$(field budget_ok)" \
  "stall_p99_ms=$(field stall_p99_ms) search_ms=$(field search_ms)"
