#!/usr/bin/env bash
# Browse: Binnacle on a cluster of 10,000 pods in 50 namespaces plus ~2,000 other objects (500 Deployments with no
# replicas, their 500 ReplicaSets, 1,000 ConfigMaps), side by side with kubectl in the same run:
#   sync_ratio       connect → pod table full, over `kubectl get pods -A -o json > /dev/null` (medians)
#   rss_mb           RSS with the pod table and the workload tree cached
#   stall_p99_ms     GUI event-loop lateness (a 10 ms timer) under 500 pod updates/s for 60 s (p50 printed too)
#   churn_per_s      the pod updates/s that churn really reached (the server may not keep up with 500/s)
#   converge_ms      from churn's exit (every patch answered by the server) until the pod table equals a fresh LIST
#   idle_cpu_pct     CPU over 30 s with everything cached, % of one core
#   first_window_ms  exec → first painted window on this cluster's kubeconfig (median of 5)
#   usage_rss_mb, lines_rss_mb, usage_stall_p99_ms, poll_ms, kubectl_top_ms
#                    the pod table with CPU, Memory and their shares of requests and limits over 240 polls of every
#                    pod (an hour's history): extra RSS (of which lines_rss_mb is the cache of requests and limits),
#                    GUI lateness during the polls, one poll against `kubectl top pods -A` (usage_bench)
# Runs under ./dev.sh bench browse (X server and session bus provided). Starts the cluster `bench` and always stops
# it. The last line is the summary. Knobs: PODS, NAMESPACES, CHURN_RATE, CHURN_SECONDS, IDLE_SECONDS, WINDOW_RUNS,
# SETTLE_SECONDS, SETTLE_CPU_PCT (before measuring, wait until the bench pods are Running and the cluster is quiet).
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=bench
PODS="${PODS:-10000}"
NAMESPACES="${NAMESPACES:-50}"
DEPLOYMENTS="${DEPLOYMENTS:-500}"
CONFIGMAPS="${CONFIGMAPS:-1000}"
CHURN_RATE="${CHURN_RATE:-500}"
CHURN_SECONDS="${CHURN_SECONDS:-60}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
WINDOW_RUNS="${WINDOW_RUNS:-5}"
SETTLE_SECONDS="${SETTLE_SECONDS:-300}"
SETTLE_CPU_PCT="${SETTLE_CPU_PCT:-20}"

BENCH_BIN="$BUILD_DIR/bin/browse_bench"
USAGE_BIN="$BUILD_DIR/bin/usage_bench"
BINNACLE_BIN="$BUILD_DIR/bin/binnacle"
[ -x "$BENCH_BIN" ] || { echo "browse.sh: $BENCH_BIN is missing (build the browse_bench target)" >&2; exit 1; }
[ -x "$USAGE_BIN" ] || { echo "browse.sh: $USAGE_BIN is missing (build the usage_bench target)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "browse.sh: kubectl is required (the figures are relative to it)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  local rc=$?
  # Stop only what this script started: its background jobs, then the cluster.
  for pid in $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || echo "browse.sh: cluster.sh down --name $NAME failed" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
say() { echo "[browse $(printf '%3d' $((SECONDS - start)))s] $*"; }

# A fresh cluster: `up` on a running one would keep its pods, and `pods` would add 10,000 more.
"$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || true
say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export KUBECONFIG
[ -f "$KUBECONFIG" ] || { echo "browse.sh: no kubeconfig from cluster.sh up: $kubeconfig_line" >&2; exit 1; }
say "cluster up: $KUBECONFIG"

# The namespaces first (cluster.sh pods accepts existing ones), so the other objects can go in beside the pods.
{
  echo '{"apiVersion":"v1","kind":"List","items":['
  for i in $(seq 0 $((NAMESPACES - 1))); do
    [ "$i" -gt 0 ] && echo ','
    echo "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"bench-$i\",\"labels\":{\"binnacle.dev/bench\":\"true\"}}}"
  done
  echo ']}'
} > "$work/namespaces.json"
kubectl create -f "$work/namespaces.json" >/dev/null

say "creating $PODS pods in $NAMESPACES namespaces, $DEPLOYMENTS Deployments (0 replicas) and $CONFIGMAPS ConfigMaps"
"$CLUSTER" pods --name "$NAME" --count "$PODS" --namespaces "$NAMESPACES" --workers 64 >"$work/pods.log" 2>&1 &
pods_pid=$!
# The other objects: four List files created in parallel.
object_pids=()
for part in 0 1 2 3; do
  {
    echo '{"apiVersion":"v1","kind":"List","items":['
    first=1
    for i in $(seq "$part" 4 $((DEPLOYMENTS - 1))); do
      [ $first -eq 1 ] || echo ','; first=0
      ns="bench-$((i % NAMESPACES))"
      echo "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web-$i\",\"namespace\":\"$ns\",\"labels\":{\"app\":\"web-$i\"}},\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"web-$i\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web-$i\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}}}"
    done
    for i in $(seq "$part" 4 $((CONFIGMAPS - 1))); do
      [ $first -eq 1 ] || echo ','; first=0
      ns="bench-$((i % NAMESPACES))"
      echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"config-$i\",\"namespace\":\"$ns\"},\"data\":{\"app.properties\":\"color=blue\\nsize=$i\\n\"}}"
    done
    echo ']}'
  } > "$work/objects-$part.json"
  kubectl create -f "$work/objects-$part.json" >/dev/null &
  object_pids+=($!)
done
objects_ok=1
for pid in "${object_pids[@]}"; do wait "$pid" || objects_ok=0; done
[ $objects_ok -eq 1 ] || { echo "browse.sh: creating the other objects failed" >&2; exit 1; }
say "other objects created"
wait "$pods_pid" || { cat "$work/pods.log" >&2; exit 1; }
sed 's/^/    /' "$work/pods.log"
# The controller manager makes one ReplicaSet per Deployment; wait (bounded) until they are all there.
for _ in $(seq 1 120); do
  rs=$(kubectl get replicasets -A --no-headers 2>/dev/null | grep -c '^bench-' || true)
  [ "$rs" -ge "$DEPLOYMENTS" ] && break
  sleep 0.5
done
say "cluster ready: $(kubectl get pods -A --no-headers | wc -l) pods, $rs bench ReplicaSets, $(kubectl get configmaps -A --no-headers | wc -l) ConfigMaps"

# Let the cluster settle before measuring: kwok and the controller manager turn the pods Running for minutes after
# the last create (~19 ms of cluster CPU per pod), and on 2 cores that work would be measured too. Wait (at most
# SETTLE_SECONDS) until every bench pod is Running, then until the cluster's own processes (pids from state.json,
# CPU from /proc/<pid>/stat) use less than SETTLE_CPU_PCT % of one core over a 5 s window.
STATE_DIR=$("$CLUSTER" env --name "$NAME" | sed -n 's/^BINNACLE_CLUSTER_DIR=//p')
cluster_pids=$(grep -o '"pid": *[0-9]*' "$STATE_DIR/state.json" | grep -o '[0-9]*$' | tr '\n' ' ')
[ -n "$cluster_pids" ] || { echo "browse.sh: no pids in $STATE_DIR/state.json" >&2; exit 1; }
clk_tck=$(getconf CLK_TCK)
cluster_ticks() { # utime + stime of the cluster's processes, in clock ticks
  local total=0 pid fields
  for pid in $cluster_pids; do
    fields=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    # shellcheck disable=SC2086
    set -- $fields # after "(comm) ": state is $1, utime $12, stime $13
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}
settle_start=$SECONDS
running_after=""
cpu_pct=""
settled=0
next_progress=30
while [ $((SECONDS - settle_start)) -lt "$SETTLE_SECONDS" ]; do
  if [ -z "$running_after" ]; then
    if not_running=$(kubectl get pods -A -l binnacle.dev/bench=true --field-selector=status.phase!=Running -o name \
      2>/dev/null | wc -l) && [ "$not_running" -eq 0 ]; then
      running_after=$((SECONDS - settle_start))
      say "all bench pods Running (${running_after} s after the creates ended)"
    fi
  fi
  t0=$(cluster_ticks)
  sleep 5
  cpu_pct=$((($(cluster_ticks) - t0) * 100 / clk_tck / 5))
  if [ -n "$running_after" ] && [ "$cpu_pct" -lt "$SETTLE_CPU_PCT" ]; then
    settled=1
    break
  fi
  if [ $((SECONDS - settle_start)) -ge "$next_progress" ]; then
    say "  settling: ${not_running:-?} bench pods not Running, cluster CPU ${cpu_pct}% of one core," \
      "load average $(cut -d' ' -f1 /proc/loadavg)"
    next_progress=$((next_progress + 30))
  fi
done
if [ $settled -eq 1 ]; then
  say "cluster settled $((SECONDS - settle_start)) s after the creates ended (all bench pods Running after" \
    "${running_after} s; cluster CPU ${cpu_pct}% of one core over 5 s; load average $(cut -d' ' -f1-3 /proc/loadavg))"
else
  say "WARNING: the cluster did not settle within ${SETTLE_SECONDS} s (bench pods all Running:" \
    "${running_after:-no}; cluster CPU ${cpu_pct:-?}% of one core over the last 5 s); measuring anyway"
fi

# Time to first window on this kubeconfig (it starts connecting, but quits once the window has painted).
export XDG_CONFIG_HOME="$work/xdg" # leave the user's settings and window geometry alone
: > "$work/first"
for _ in $(seq 1 "$WINDOW_RUNS"); do
  t0=$(now_ms)
  BINNACLE_QUIT_AFTER_FIRST_PAINT=1 "$BINNACLE_BIN" --kubeconfig "$KUBECONFIG" >/dev/null
  t1=$(now_ms)
  echo $((t1 - t0)) >> "$work/first"
done
first_window_ms=$(median < "$work/first")
say "first painted window: median ${first_window_ms} ms over $WINDOW_RUNS runs ($(tr '\n' ' ' < "$work/first")ms)"

say "measuring (browse_bench)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --cluster-script "$CLUSTER" --cluster-name "$NAME" \
  --churn-rate "$CHURN_RATE" --churn-seconds "$CHURN_SECONDS" --idle-seconds "$IDLE_SECONDS" \
  | tee "$work/bench.log" | sed 's/^/    /'
figures=$(grep '^figures: ' "$work/bench.log" | tail -n 1)
[ -n "$figures" ] || { echo "browse.sh: browse_bench printed no figures" >&2; exit 1; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${figures#figures: }"; }

say "measuring CPU and memory columns (usage_bench)"
"$USAGE_BIN" --kubeconfig "$KUBECONFIG" | tee "$work/usage.log" | sed 's/^/    /'
usage=$(grep '^figures: ' "$work/usage.log" | tail -n 1)
[ -n "$usage" ] || { echo "browse.sh: usage_bench printed no figures" >&2; exit 1; }
ufield() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${usage#figures: }"; }
say "done; stopping the cluster"
echo "browse: sync_ratio=$(field sync_ratio) rss_mb=$(field rss_mb) stall_p99_ms=$(field stall_p99_ms)" \
  "churn_per_s=$(field churn_per_s) converge_ms=$(field converge_ms) idle_cpu_pct=$(field idle_cpu_pct)" \
  "first_window_ms=$first_window_ms usage_rss_mb=$(ufield usage_rss_mb) lines_rss_mb=$(ufield lines_rss_mb)" \
  "usage_stall_p99_ms=$(ufield usage_stall_p99_ms) poll_ms=$(ufield poll_ms) kubectl_top_ms=$(ufield kubectl_top_ms)"
