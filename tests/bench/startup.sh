#!/usr/bin/env bash
# Startup: time from exec to the first painted main window, and peak RSS, over several runs; beside it the time of
# `kubectl config get-contexts` on the same kubeconfig (what a terminal user waits for to see the same list).
# Runs under ./dev.sh bench startup (which provides an X server). Prints one summary line at the end.
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
RUNS="${RUNS:-10}"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# A kubeconfig with 50 contexts, like an operator's with many clusters.
{
  echo "clusters:"; for i in $(seq 1 50); do echo "- name: c$i"; echo "  cluster: {server: 'https://10.0.0.$i:6443'}"; done
  echo "users:"; for i in $(seq 1 50); do echo "- name: u$i"; echo "  user: {token: t$i}"; done
  echo "contexts:"; for i in $(seq 1 50); do echo "- name: ctx$i"; echo "  context: {cluster: c$i, user: u$i, namespace: ns$i}"; done
  echo "current-context: ctx1"
} > "$work/config"

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

export XDG_CONFIG_HOME="$work/xdg"  # leave the user's window geometry alone
: > "$work/ours"; : > "$work/rss"; : > "$work/kubectl"
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  out=$(BINNACLE_QUIT_AFTER_FIRST_PAINT=1 "$BUILD_DIR/bin/binnacle" --kubeconfig "$work/config")
  t1=$(now_ms)
  echo $((t1 - t0)) >> "$work/ours"
  sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' <<<"$out" >> "$work/rss"
  if command -v kubectl >/dev/null; then
    t0=$(now_ms); kubectl --kubeconfig "$work/config" config get-contexts >/dev/null; t1=$(now_ms)
    echo $((t1 - t0)) >> "$work/kubectl"
  fi
done
first_window_ms=$(median < "$work/ours")
rss_mb=$(( $(median < "$work/rss") / 1024 ))
kubectl_ms=$( [ -s "$work/kubectl" ] && median < "$work/kubectl" || echo n/a)
echo "runs=$RUNS (medians), 50 contexts"
echo "binnacle: first painted window ${first_window_ms} ms, peak RSS ${rss_mb} MB"
echo "kubectl config get-contexts: ${kubectl_ms} ms"
echo "startup: first_window_ms=${first_window_ms} rss_mb=${rss_mb} kubectl_get_contexts_ms=${kubectl_ms}"
