#!/usr/bin/env bash
# Binnacle's real local Kubernetes cluster: etcd + kube-apiserver + kube-controller-manager + kube-scheduler
# (built from k8s.io/kubernetes) + kwok as the fake kubelet + metrics-server (the Metrics API), all on loopback.
# See tests/cluster/README.md.
#
#   cluster.sh build                          build (cached) the harness, kwok and metrics-server; print where they are
#   cluster.sh up     [--name NAME] [--timeout SECONDS]
#                                             start NAME (default demo); last stdout line: KUBECONFIG=<merged file>
#   cluster.sh down   [--name NAME]           stop NAME; no process or listening port is left behind
#   cluster.sh status [--name NAME]           show its processes and health
#   cluster.sh restart COMPONENT [--down SECONDS] [--kill] [--name NAME]
#                                             stop one component (etcd, apiserver, controller-manager, scheduler,
#                                             kwok, metrics-server; --kill: SIGKILL, a crash) and start it again with
#                                             the same argv and environment after SECONDS down (default 0); returns
#                                             once healthy
#   cluster.sh stop COMPONENT [--kill] [--name NAME]
#                                             stop one component and leave it down (e.g. metrics-server: the
#                                             Metrics API goes away)
#   cluster.sh start COMPONENT [--name NAME]  start a stopped component again; returns once healthy
#   cluster.sh metrics-wait [--name NAME] [--timeout SECONDS]
#                                             wait until the Metrics API has figures for every node and running pod
#   cluster.sh compact [--name NAME]          compact etcd's history at its current revision (physically)
#   cluster.sh env    [--name NAME]           print its cluster.env (shell-sourceable)
#   cluster.sh pods   [--name NAME] --count N [--namespaces M] [--wait] [--delete]
#                                             create N benchmark pods bound to the kwok nodes (bench-* namespaces)
#   cluster.sh churn  [--name NAME] --rate R --seconds S [--selector SEL] [--workers N]
#                                             patch pods at R updates/s for S seconds; exits once all are answered
#   cluster.sh stale  [--name NAME] [--clear] [--notice TEXT] NAMESPACE POD
#                                             make one replica answer differently on GET /api/notice
#   cluster.sh logs   [--name NAME] NAMESPACE POD [--container C] [--lines N] [--rate R] [--format F] [--id ID] [--create]
#                                             append N lines (default 1000) to the pod's container log at R lines/s
#                                             (0, the default: as fast as possible); --create makes the pod first
#
# Environment: BINNACLE_CLUSTER_DIR (default <repo>/build/cluster; the state of NAME is in $BINNACLE_CLUSTER_DIR/NAME),
# BINNACLE_CLUSTER_BIN (default <repo>/build/cluster-bin), BINNACLE_CLUSTER_TIMEOUT (seconds, default 120),
# BINNACLE_METRICS_RESOLUTION (metrics-server's scrape interval at up, default 15s, at least 10s).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BASE="${BINNACLE_CLUSTER_DIR:-$REPO/build/cluster}"
BIN="${BINNACLE_CLUSTER_BIN:-$REPO/build/cluster-bin}"

K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
METRICS_SERVER_VERSION=v0.8.0

export GOTOOLCHAIN=local
export GOFLAGS="-buildvcs=false -mod=readonly"

die() { echo "cluster.sh: $*" >&2; exit 1; }

stamp() {
    # Everything the binaries are built from: module files, sources, embedded data, and the Go version.
    (
        cd "$HERE"
        go version
        echo "$K8S_VERSION $KWOK_VERSION $METRICS_SERVER_VERSION"
        find . -path ./node_modules -prune -o -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name '*.yaml' \) -print \
            | LC_ALL=C sort | xargs sha256sum
    ) | sha256sum | cut -d' ' -f1
}

build() {
    command -v go >/dev/null || die "go is not installed"
    mkdir -p "$BIN"
    # one build at a time per output dir (ctest fixtures and a developer may build at once)
    exec 9>"$BIN/.lock"
    flock -w 1800 9 || die "timed out waiting for another build in $BIN"
    local want have=""
    want="$(stamp)"
    [[ -f "$BIN/.stamp" ]] && have="$(cat "$BIN/.stamp")"
    if [[ "$want" == "$have" && -x "$BIN/testcluster" && -x "$BIN/kwok" && -x "$BIN/metrics-server" ]]; then
        echo "cluster.sh: binaries up to date in $BIN" >&2
        exec 9>&-   # close the lock fd: daemons started later must not inherit it
        return 0
    fi
    echo "cluster.sh: building testcluster (kube-apiserver $K8S_VERSION, etcd, controller-manager, scheduler), kwok $KWOK_VERSION and metrics-server $METRICS_SERVER_VERSION into $BIN" >&2
    echo "cluster.sh: a cold build takes several minutes; later builds use the Go build cache" >&2
    local t0=$SECONDS
    # metrics-server reads its version from k8s.io/client-go/pkg/version (its Makefile sets it so)
    local msv="-X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION -X k8s.io/client-go/pkg/version.gitMajor=0 -X k8s.io/client-go/pkg/version.gitMinor=8 -X k8s.io/client-go/pkg/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.buildDate=2026-01-01T00:00:00Z"
    local kv="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z"
    (
        cd "$HERE"
        # && : `set -e` does not apply inside a subshell tested with ||
        go build -p 2 -trimpath -ldflags "-s -w $kv" -o "$BIN/testcluster.new" ./cmd/testcluster &&
        go build -p 2 -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" -o "$BIN/kwok.new" sigs.k8s.io/kwok/cmd/kwok &&
        # metrics-server from its own module (metrics-server/go.mod: the k8s.io versions it was released with)
        (cd metrics-server && go build -p 2 -trimpath -ldflags "-s -w $msv" -o "$BIN/metrics-server.new" sigs.k8s.io/metrics-server/cmd/metrics-server)
    ) || die "build failed"
    # rename over the old files: running clusters keep their (unlinked) binaries
    mv -f "$BIN/testcluster.new" "$BIN/testcluster"
    mv -f "$BIN/kwok.new" "$BIN/kwok"
    mv -f "$BIN/metrics-server.new" "$BIN/metrics-server"
    echo "$want" > "$BIN/.stamp"
    exec 9>&-
    echo "cluster.sh: built in $((SECONDS - t0))s" >&2
}

NAME=demo
TIMEOUT="${BINNACLE_CLUSTER_TIMEOUT:-120}"
REST=()
parse() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --name) NAME="${2:?--name needs a value}"; shift 2 ;;
            --name=*) NAME="${1#--name=}"; shift ;;
            --timeout) TIMEOUT="${2:?}"; shift 2 ;;
            *) REST+=("$1"); shift ;;
        esac
    done
    [[ "$NAME" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "invalid cluster name '$NAME' (use lowercase letters, digits and -)"
}

cmd="${1:-}"
[[ -n "$cmd" ]] && shift
parse "$@"
STATE="$BASE/$NAME"
ADMIN_KC="$STATE/kubeconfigs/admin.kubeconfig"

case "$cmd" in
    build)
        build
        echo "testcluster: $BIN/testcluster"
        echo "kwok:        $BIN/kwok"
        echo "metrics-server: $BIN/metrics-server"
        ;;
    up)
        build
        exec "$BIN/testcluster" up --state "$STATE" --name "$NAME" --kwok "$BIN/kwok" --metrics-server "$BIN/metrics-server" --timeout "${TIMEOUT}s" "${REST[@]}"
        ;;
    down)
        if [[ ! -d "$STATE" ]]; then
            echo "cluster.sh: no cluster named $NAME in $BASE: nothing to stop" >&2
            exit 0
        fi
        [[ -x "$BIN/testcluster" ]] || build
        exec "$BIN/testcluster" down --state "$STATE"
        ;;
    status)
        [[ -x "$BIN/testcluster" ]] || die "not built yet (cluster.sh build)"
        exec "$BIN/testcluster" status --state "$STATE"
        ;;
    restart|stop|start)
        [[ -f "$STATE/state.json" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        [[ -x "$BIN/testcluster" ]] || die "not built yet (cluster.sh build)"
        exec "$BIN/testcluster" "$cmd" --state "$STATE" --timeout "${TIMEOUT}s" "${REST[@]}"
        ;;
    metrics-wait)
        [[ -f "$STATE/state.json" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        [[ -x "$BIN/testcluster" ]] || die "not built yet (cluster.sh build)"
        exec "$BIN/testcluster" metrics-wait --state "$STATE" --timeout "${TIMEOUT}s" "${REST[@]}"
        ;;
    compact)
        [[ -f "$STATE/state.json" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        [[ -x "$BIN/testcluster" ]] || die "not built yet (cluster.sh build)"
        exec "$BIN/testcluster" compact --state "$STATE" "${REST[@]}"
        ;;
    env)
        [[ -f "$STATE/cluster.env" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        cat "$STATE/cluster.env"
        ;;
    pods)
        [[ -f "$ADMIN_KC" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        exec "$BIN/testcluster" pods --kubeconfig "$ADMIN_KC" "${REST[@]}"
        ;;
    churn)
        [[ -f "$ADMIN_KC" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        exec "$BIN/testcluster" churn --kubeconfig "$ADMIN_KC" "${REST[@]}"
        ;;
    stale)
        [[ -d "$STATE" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        exec "$BIN/testcluster" stale --state "$STATE" "${REST[@]}"
        ;;
    logs)
        [[ -d "$STATE" ]] || die "no cluster named $NAME (cluster.sh up --name $NAME)"
        exec "$BIN/testcluster" logs --state "$STATE" --kubeconfig "$ADMIN_KC" "${REST[@]}"
        ;;
    ""|-h|--help|help)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" # the header comment
        ;;
    *)
        die "unknown command '$cmd' (build|up|down|status|restart|stop|start|metrics-wait|compact|env|pods|churn|stale|logs)"
        ;;
esac
