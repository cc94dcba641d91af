#!/usr/bin/env bash
# Edit: the YAML editor on a 1 MB ConfigMap of 20,000 lines, side by side with kubectl in the same run:
#   open_ms          the editor asked to open → its text editable (GET, parse, YAML, QScintilla, folding)
#   type_p99_ms      per keystroke in the middle of the text: key event handled and the editor repainted (p99)
#   diff_ms          after a one-line change: parse + JSON Patch + line diff of the whole object (median)
#   apply_ms         Apply clicked → the server's answer shown as the new text (median)
#   kubectl_patch_ms `kubectl patch --type=json` of the same one-line change (median)
# Runs under ./dev.sh bench edit. Starts the cluster `bench-edit` and always stops it. The last line is the summary.
# Knobs: LINES (20000), RUNS (5).
set -euo pipefail
BUILD_DIR="${BINNACLE_BUILD_DIR:?run through ./dev.sh bench}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/tests/cluster/cluster.sh"
NAME=bench-edit
LINES="${LINES:-20000}"
RUNS="${RUNS:-5}"
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

say "starting the cluster '$NAME'"
kubeconfig_line=$("$CLUSTER" up --name "$NAME" 2>"$work/up.log" | tail -n 1) || { cat "$work/up.log" >&2; exit 1; }
export KUBECONFIG="${kubeconfig_line#KUBECONFIG=}"
export XDG_CONFIG_HOME="$work/xdg" XDG_DATA_HOME="$work/data" # leave the user's settings and drafts alone
say "measuring (edit_bench, $LINES lines, $RUNS runs)"
"$BENCH_BIN" --kubeconfig "$KUBECONFIG" --lines "$LINES" --runs "$RUNS" | tee "$work/bench.log" | sed 's/^/    /'
figures=$(grep '^edit: ' "$work/bench.log" | tail -n 1)
[ -n "$figures" ] || { echo "edit.sh: edit_bench printed no figures" >&2; exit 1; }
say "done; stopping the cluster"
echo "$figures"
