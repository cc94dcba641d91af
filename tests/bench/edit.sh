#!/usr/bin/env bash
# Edit: the YAML editor's logic on a 1 MB ConfigMap of 20,000 lines, side by side with kubectl in the same run:
#   diff_ms           a one-line change → ObjectEdit::parse + jsonPatch + TextDiff::compute done (median)
#   apply_ms          the JSON Patch (with its resourceVersion test) sent to the cluster and answered (median)
#   kubectl_patch_ms  `kubectl patch --type=json` of the same change, process start to exit (median)
# (open_ms and type_p99_ms, the editor widget's own figures, come with the widget.)
# Runs under ./dev.sh bench edit. Starts the cluster `edit` and always stops it. The last line is the summary.
# Knobs: DIFF_RUNS, APPLY_RUNS.
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=edit
DIFF_RUNS="${DIFF_RUNS:-15}"
APPLY_RUNS="${APPLY_RUNS:-7}"

BENCH_BIN="$BUILD_DIR/bin/edit_bench"
[ -x "$BENCH_BIN" ] || { echo "edit.sh: $BENCH_BIN is missing (build the edit_bench target)" >&2; exit 1; }
command -v kubectl >/dev/null || { echo "edit.sh: kubectl is required (the figures are relative to it)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  local rc=$?
  "$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || echo "edit.sh: cluster.sh down --name $NAME failed" >&2
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start=$SECONDS
say() { echo "[edit $(printf '%3d' $((SECONDS - start)))s] $*"; }

"$CLUSTER" down --name "$NAME" >/dev/null 2>&1 || true
say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export KUBECONFIG
[ -f "$KUBECONFIG" ] || { echo "edit.sh: no kubeconfig from cluster.sh up: $kubeconfig_line" >&2; exit 1; }
say "cluster up: $KUBECONFIG"

say "measuring (edit_bench)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --diff-runs "$DIFF_RUNS" --apply-runs "$APPLY_RUNS" \
  | tee "$work/bench.log" | sed 's/^/    /'
figures=$(grep '^figures: ' "$work/bench.log" | tail -n 1)
[ -n "$figures" ] || { echo "edit.sh: edit_bench printed no figures" >&2; exit 1; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${figures#figures: }"; }
say "done; stopping the cluster"
echo "edit: diff_ms=$(field diff_ms) apply_ms=$(field apply_ms) kubectl_patch_ms=$(field kubectl_patch_ms)"
