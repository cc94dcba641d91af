#!/usr/bin/env bash
# Smoke test of a running test cluster with kubectl.
#   tests/cluster/smoke.sh --name NAME      (uses $BINNACLE_CLUSTER_DIR/NAME/cluster.env)
#   KUBECONFIG=<merged file> tests/cluster/smoke.sh
# Prints PASS/FAIL per check and ends with "N passed, M failed"; exits non-zero if any failed.
set -u   # no pipefail: "kubectl … | grep -q" must not fail when grep stops reading early

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BASE="${BINNACLE_CLUSTER_DIR:-$REPO/build/cluster}"
NAME=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --name) NAME="${2:?--name needs a value}"; shift 2 ;;
        --name=*) NAME="${1#--name=}"; shift ;;
        *) echo "smoke.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

if [[ -n "$NAME" ]]; then
    ENV="$BASE/$NAME/cluster.env"
    [[ -f "$ENV" ]] || { echo "smoke.sh: no cluster named $NAME ($ENV missing)"; echo "0 passed, 1 failed"; exit 1; }
    # shellcheck disable=SC1090
    set -a; source "$ENV"; set +a
fi
[[ -n "${KUBECONFIG:-}" ]] || { echo "smoke.sh: give --name NAME or set KUBECONFIG"; echo "0 passed, 1 failed"; exit 1; }
command -v kubectl >/dev/null || { echo "smoke.sh: kubectl not found"; echo "0 passed, 1 failed"; exit 1; }
command -v curl >/dev/null || { echo "smoke.sh: curl not found"; echo "0 passed, 1 failed"; exit 1; }
export KUBECONFIG

if [[ -z "$NAME" ]]; then
    cur="$(timeout 10 kubectl config current-context 2>/dev/null)"
    NAME="${cur%-admin}"
fi
NS="${BINNACLE_CLUSTER_LIMITED_NAMESPACE:-shop}"
T=20   # seconds, per kubectl call
WORK="$(mktemp -d)"
PF_PID=""
cleanup() {
    [[ -n "$PF_PID" ]] && kill "$PF_PID" 2>/dev/null && wait "$PF_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

k() { timeout $((T + 5)) kubectl --request-timeout=${T}s "$@"; }
ka() { k --context "$NAME-admin" "$@"; }

passed=0
failed=0
check() { # check NAME COMMAND...: PASS when the command succeeds
    local name="$1"; shift
    local out
    if out="$("$@" 2>&1)"; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        echo "$out" | tail -n 15 | sed 's/^/     | /'
        failed=$((failed + 1))
    fi
}

echo "smoke: cluster $NAME, KUBECONFIG=$KUBECONFIG, limited namespace $NS"

# -- basics
t_version() { ka version -o json | grep -q '"gitVersion": "v1\.36\.'; }
check "server version is v1.36.x" t_version
t_nodes() {
    local out; out="$(ka get nodes --no-headers)" || return 1
    echo "$out"
    [[ "$(echo "$out" | grep -c ' Ready ')" -ge 3 ]]
}
check "get nodes: 3 kwok nodes Ready" t_nodes
t_pods() {
    local out; out="$(ka get pods -A --no-headers)" || return 1
    echo "$out"
    echo "$out" | grep -Eq '^shop +frontend-[a-z0-9]+-[a-z0-9]+ +1/1 +Running' &&
        echo "$out" | grep -Eq '^payments +fraud-detector-.* +CrashLoopBackOff' &&
        echo "$out" | grep -Eq '^shop +db-migrate-.* +Completed' &&
        echo "$out" | grep -Eq '^monitoring +node-exporter-' &&
        echo "$out" | grep -Eq '^shop +redis-1 +1/1 +Running'
}
check "get pods -A: seeded workloads Running/Completed/CrashLoopBackOff" t_pods
t_workloads() {
    ka get deploy,rs,sts,ds,cronjob,job,svc,endpointslices,cm,secrets -n shop --no-headers | grep -q . &&
        ka get deployment frontend -n shop -o jsonpath='{.status.readyReplicas}' | grep -qx 3 &&
        ka get endpointslices -n shop -l kubernetes.io/service-name=frontend -o jsonpath='{.items[*].endpoints[*].addresses[0]}' | wc -w | grep -qx 3
}
check "workloads: deployment, endpointslices (frontend has 3 endpoints)" t_workloads
t_crd() {
    local out; out="$(ka get widgets -n shop)" || return 1
    echo "$out"
    echo "$out" | grep -Eq '^NAME +COLOR +SIZE +PHASE +AGE' && echo "$out" | grep -Eq '^widget-large +blue +42 +Pending'
}
check "CRD widgets.demo.binnacle.dev with printer columns" t_crd
t_events() { [[ "$(ka get events -A --no-headers | wc -l)" -ge 10 ]]; }
check "events exist" t_events

POD="$(ka get pods -n shop -l app=frontend --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)"
echo "smoke: using pod shop/$POD"

# -- logs -f sees a new line appear
t_logs_follow() {
    [[ -n "$POD" ]] || return 1
    timeout 6 kubectl --context "$NAME-admin" logs -f -n shop "$POD" -c web --tail=1 > "$WORK/follow.txt" 2>&1
    cat "$WORK/follow.txt"
    # --tail=1 gives one old line; anything more arrived while following
    [[ "$(grep -c "pod=$POD" "$WORK/follow.txt")" -ge 2 ]]
}
check "logs -f: new lines appear" t_logs_follow
t_attach() {
    [[ -n "$POD" ]] || return 1
    timeout 5 kubectl --context "$NAME-admin" attach -n shop "$POD" -c web > "$WORK/attach.txt" 2>&1
    cat "$WORK/attach.txt"
    grep -q "pod=$POD" "$WORK/attach.txt"
}
check "attach streams the container's output" t_attach
t_logs_previous() { ka logs -n payments deploy/fraud-detector --previous | grep -q panic; }
check "logs --previous of the crash-looping pod" t_logs_previous

# -- the logs namespace: formats, containers, and the logs command
ESC=$'\e'
# cluster.sh logs writes into the cluster's state dir: the merged kubeconfig lives at its top
STATE_DIR="$(dirname "$KUBECONFIG")"
cluster_logs() { BINNACLE_CLUSTER_DIR="$(dirname "$STATE_DIR")" "$HERE/cluster.sh" logs --name "$(basename "$STATE_DIR")" "$@"; }
t_logs_ansi() {
    local out; out="$(ka logs -n logs ansi --tail=20)" || return 1
    echo "$out" | tail -n 3
    # 16-colour SGR (green INFO) and 256-colour text, each reset
    [[ "$out" == *"${ESC}[32mINFO${ESC}[0m"* && "$out" == *"${ESC}[38;5;"* ]]
}
check "logs: logs/ansi writes ANSI SGR colours (16 and 256)" t_logs_ansi
t_logs_json() {
    local out; out="$(ka logs -n logs json --tail=5)" || return 1
    echo "$out"
    [[ -n "$out" ]] && ! echo "$out" | grep -vqE '^\{"level":"(info|warn|error)","msg":"[^"]*","ts":"[0-9T:.-]+Z",.*\}$'
}
check "logs: logs/json writes JSON lines with level, msg and ts" t_logs_json
t_logs_multi() {
    local web side init
    web="$(ka logs -n logs multi --tail=3)" && side="$(ka logs -n logs multi -c sidecar --tail=3)" &&
        init="$(ka logs -n logs multi -c setup)" || return 1
    echo "$web"; echo "$side"; echo "$init"
    [[ "$web" == *"container=web"* && "$web" == *"${ESC}["* && "$side" == '{"level":'*'"container":"sidecar"'* &&
        "$init" == *"init done, exiting 0"* ]] &&
        ka get pod -n logs multi -o jsonpath='{.status.initContainerStatuses[0].state.terminated.reason}' | grep -qx Completed
}
check "logs: logs/multi: default container web (ANSI), sidecar (JSON), completed init container setup" t_logs_multi
increasing_timestamps() { # FILE of `kubectl logs --timestamps` lines: fails unless each is later than the one before
    # RFC3339Nano drops trailing zeros: pad the fraction to 9 digits so that the strings compare as times
    awk '{ t = $1; sub(/Z$/, "", t); n = split(t, a, "."); f = (n > 1 ? a[2] : "")
           while (length(f) < 9) f = f "0"
           k = a[1] "." f
           if (NR > 1 && k <= prev) { print "not increasing at line " NR ": " $1; bad = 1 }
           prev = k } END { exit bad }' "$1"
}
t_logs_command() {
    local out id="smoke$$"
    out="$(cluster_logs shop "$POD" --container web --lines 500 --id "$id")" || return 1
    echo "$out"
    [[ "$out" == "logs: 500 lines "* ]] || return 1
    ka logs -n shop "$POD" -c web --timestamps > "$WORK/flood.txt" || return 1
    [[ "$(grep -c "seq=[0-9]* flood=$id " "$WORK/flood.txt")" -eq 500 ]] && grep -q "seq=500 flood=$id " "$WORK/flood.txt" &&
        # every timestamp strictly after the one before (the agent's own lines interleave)
        increasing_timestamps "$WORK/flood.txt"
}
check "cluster.sh logs appends 500 lines that kubectl logs shows, timestamps increasing" t_logs_command
t_logs_command_follow() {
    local id="follow$$"
    timeout 15 kubectl --context "$NAME-admin" logs -f -n logs json --tail=0 > "$WORK/follow-flood.txt" 2>&1 &
    local pid=$!
    # the follow is connected once the agent's next line (one a second) arrives
    for _ in $(seq 1 100); do [[ -s "$WORK/follow-flood.txt" ]] && break; sleep 0.1; done
    cluster_logs logs json --lines 200 --rate 400 --id "$id" || { kill $pid; return 1; }
    for _ in $(seq 1 100); do grep -q "\"seq\":200,\"extra\":\"flood=$id\"" "$WORK/follow-flood.txt" && break; sleep 0.1; done
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    [[ "$(grep -c "flood=$id" "$WORK/follow-flood.txt")" -eq 200 ]]
}
check "cluster.sh logs --rate: kubectl logs -f sees all 200 lines" t_logs_command_follow

# -- exec
t_exec() { [[ "$(ka exec -n shop "$POD" -c web -- sh -c 'echo ok')" == "ok" ]]; }
check "exec -- sh -c 'echo ok'" t_exec
t_exec_env() { [[ "$(ka exec -n shop "$POD" -- sh -c 'echo "$POD_NAME $(basename "$PWD")"')" == "$POD $POD" ]]; }
check "exec runs in the pod's working directory" t_exec_env
t_exec_rc() {
    # kwok v0.8.0 reports a non-zero exit as a generic error ("... exit status 3"), not as NonZeroExitCode,
    # so kubectl exits 1 rather than 3.
    local out rc; out="$(ka exec -n shop "$POD" -- sh -c 'exit 3' 2>&1)"; rc=$?
    echo "rc=$rc $out"
    [[ $rc -ne 0 && "$out" == *"exit status 3"* ]]
}
check "exec reports a non-zero exit" t_exec_rc

# -- port-forward + HTTP
start_pf() { # start_pf CONTEXT TARGET: sets PF_PORT
    PF_PORT=""
    kubectl --context "$1" --request-timeout=${T}s port-forward -n shop "$2" :8080 > "$WORK/pf.txt" 2>&1 &
    PF_PID=$!
    for _ in $(seq 1 100); do
        PF_PORT="$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$WORK/pf.txt" | head -1)"
        [[ -n "$PF_PORT" ]] && return 0
        kill -0 "$PF_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$WORK/pf.txt"
    return 1
}
stop_pf() { [[ -n "$PF_PID" ]] && kill "$PF_PID" 2>/dev/null; wait "$PF_PID" 2>/dev/null; PF_PID=""; }
t_pf() {
    start_pf "$NAME-admin" "pod/$POD" || return 1
    local body; body="$(curl -sS -m 10 "http://127.0.0.1:$PF_PORT/")"; local rc=$?
    echo "$body"
    stop_pf
    [[ $rc -eq 0 && "$body" == *"\"pod\":\"$POD\""* ]]
}
check "port-forward + GET / names the pod" t_pf
t_stale() {
    start_pf "$NAME-admin" "pod/$POD" || return 1
    local a b c
    a="$(curl -sS -m 10 "http://127.0.0.1:$PF_PORT/api/notice")"
    ka exec -n shop "$POD" -- sh -c 'echo "old build 0.9" > notice' || { stop_pf; return 1; }
    b="$(curl -sS -m 10 "http://127.0.0.1:$PF_PORT/api/notice")"
    ka exec -n shop "$POD" -- rm -f notice
    c="$(curl -sS -m 10 "http://127.0.0.1:$PF_PORT/api/notice")"
    stop_pf
    echo "$a"; echo "$b"; echo "$c"
    [[ "$a" == *'"stale":false'* && "$b" == *'"notice":"old build 0.9"'* && "$b" == *'"stale":true'* && "$c" == *'"stale":false'* ]]
}
check "port-forward GET /api/notice; a 'notice' file written by exec makes the replica stale" t_stale

# -- users and RBAC
can() { # can CONTEXT EXPECTED VERB RESOURCE[/SUBRESOURCE] NAMESPACE
    # kubectl reads "pods/exec" as the pod named "exec": pass the subresource explicitly
    local res="$4" sub=()
    if [[ "$res" == */* ]]; then sub=(--subresource "${res#*/}"); res="${res%%/*}"; fi
    local got; got="$(k --context "$NAME-$1" auth can-i "$3" "$res" "${sub[@]}" -n "$5" 2>/dev/null)"
    echo "$1: can-i $3 $4 -n $5 -> $got (want $2)"
    [[ "$got" == "$2" ]]
}
t_can_admin() { can admin yes '*' '*' kube-system && can admin yes delete nodes default; }
check "auth can-i admin (client certificate)" t_can_admin
t_can_token() { can admin-token yes '*' '*' kube-system && can admin-token yes create pods/exec payments; }
check "auth can-i admin-token (bearer token)" t_can_token
t_can_viewer() {
    can viewer yes list pods "$NS" && can viewer yes get deployments.apps "$NS" && can viewer no list secrets "$NS" &&
        can viewer no delete pods "$NS" && can viewer no create pods/exec "$NS" && can viewer no list pods payments
}
check "auth can-i viewer (view in $NS only)" t_can_viewer
# The operator Role: logs/exec/port-forward, and deleting pods and scaling Deployments (tst_actions), not deleting them.
t_can_operator() {
    can operator yes get pods/log "$NS" && can operator yes create pods/exec "$NS" && can operator yes get pods/exec "$NS" &&
        can operator yes create pods/portforward "$NS" && can operator yes list pods "$NS" &&
        can operator yes delete pods "$NS" && can operator no delete deployments.apps "$NS" && can operator no create pods/exec payments && can operator no list pods payments
}
check "auth can-i operator (logs/exec/port-forward in $NS)" t_can_operator
t_viewer_403() {
    local out; out="$(k --context "$NAME-viewer" get pods -n payments -v=6 2>&1)"
    echo "$out" | tail -n 3
    echo "$out" | grep -q '403 Forbidden' && echo "$out" | grep -q 'forbidden: User "viewer" cannot list resource "pods"'
}
check "viewer listing pods in payments gets 403" t_viewer_403
t_viewer_reads() { k --context "$NAME-viewer" get pods -n "$NS" --no-headers | grep -q frontend; }
check "viewer can list pods in $NS" t_viewer_reads
t_viewer_exec_403() {
    local out; out="$(k --context "$NAME-viewer" exec -n "$NS" "$POD" -- true 2>&1)"
    echo "$out"
    echo "$out" | grep -qi 'forbidden'
}
check "viewer exec is forbidden" t_viewer_exec_403
t_operator_exec() { [[ "$(k --context "$NAME-operator" exec -n "$NS" "$POD" -- sh -c 'echo ok')" == ok ]]; }
check "operator exec in $NS" t_operator_exec
t_operator_logs() { k --context "$NAME-operator" logs -n "$NS" "$POD" --tail=2 | grep -q "pod=$POD"; }
check "operator logs in $NS" t_operator_logs
t_operator_pf() {
    start_pf "$NAME-operator" "pod/$POD" || return 1
    local body; body="$(curl -sS -m 10 "http://127.0.0.1:$PF_PORT/")"
    stop_pf
    echo "$body"
    [[ "$body" == *"\"pod\":\"$POD\""* ]]
}
check "operator port-forward in $NS" t_operator_pf

# -- the scheduler comes back when it exits on its own (it does, on purpose, when its cache looks corrupted):
# kill the component under its supervisor and a new pod is still scheduled and runs.
t_scheduler_restarts() {
    local dir; dir="$(dirname "$KUBECONFIG")"
    local child=""
    for pid in $(pgrep -f '^kube-scheduler '); do
        if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx 'BINNACLE_SUPERVISED=1' &&
            tr '\0' '\n' < "/proc/$pid/environ" | grep -q "=$dir\$"; then
            child="$pid"
        fi
    done
    [[ -n "$child" ]] || { echo "no supervised kube-scheduler of $dir"; return 1; }
    kill -9 "$child"
    ka delete pod -n default smoke-scheduled --ignore-not-found --wait=false >/dev/null
    ka run smoke-scheduled -n default --image=busybox:1 --restart=Never >/dev/null || return 1
    local node=""
    for _ in $(seq 60); do
        node="$(ka get pod smoke-scheduled -n default -o jsonpath='{.spec.nodeName}')"
        [[ -n "$node" ]] && break
        sleep 0.5
    done
    ka delete pod -n default smoke-scheduled --wait=false >/dev/null
    echo "scheduled on: ${node:-nothing after 30 s}"
    [[ -n "$node" ]]
}
check "the scheduler is started again after it exits" t_scheduler_restarts

# -- a pod the node controller marked NotReady (its node's lease looked stale while the apiserver was away) is Ready
# again once its node is, as a kubelet would make it: kwok alone never would.
t_ready_restored() {
    [[ -n "$POD" ]] || return 1
    ka patch pod -n shop "$POD" --subresource=status --type=strategic \
        -p '{"status":{"conditions":[{"type":"Ready","status":"False","reason":"NodeNotReady"}]}}' >/dev/null || return 1
    local ready=""
    for _ in $(seq 40); do
        ready="$(ka get pod -n shop "$POD" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')"
        [[ "$ready" == True ]] && break
        sleep 0.5
    done
    echo "Ready: $ready"
    [[ "$ready" == True ]]
}
check "a pod marked NotReady is Ready again once its node is" t_ready_restored

# -- the Metrics API (metrics-server scraping kwok's simulated usage). `up` waits for the figures; after
# `up --no-metrics-wait` they take one scrape more (15 s): retry for up to 45 s.
retry45() { for _ in $(seq 45); do "$@" && return 0; sleep 1; done; "$@"; }
top_nodes() {
    local out; out="$(ka top nodes --no-headers)" || return 1
    echo "$out"
    [[ "$(grep -cE '^kwok-node-[0-2] +[0-9]+m +[0-9]+% +[0-9]+Mi' <<<"$out")" -eq 3 ]]
}
check "top nodes: CPU and memory of the 3 kwok nodes" retry45 top_nodes
top_pods() {
    local out; out="$(ka top pods -A --no-headers)" || return 1
    echo "$out" | head -40
    grep -qE '^shop +leaky-0 +[0-9]+m +[0-9]+Mi' <<<"$out" && grep -qE '^shop +frontend-' <<<"$out" &&
        grep -qE '^payments +api-' <<<"$out" && [[ "$(wc -l <<<"$out")" -ge 20 ]]
}
check "top pods -A: figures for the seeded pods (shop/leaky-0 among them)" retry45 top_pods
t_top_containers() { ka top pods -n shop --containers --no-headers | grep -E '^cart-[^ ]+ +envoy +[0-9]+m +[0-9]+Mi'; }
check "top pods --containers: per-container figures (cart's envoy)" t_top_containers
t_metrics_viewer() {
    k --context "$NAME-viewer" top pods -n "$NS" --no-headers | grep -q leaky-0 || return 1
    local out; out="$(k --context "$NAME-viewer" top nodes 2>&1)"
    echo "$out"
    grep -qi forbidden <<<"$out"
}
check "viewer: top pods in $NS works, top nodes is forbidden" t_metrics_viewer

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
