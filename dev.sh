#!/usr/bin/env bash
# Binnacle's one entry point: ./dev.sh deps | demo | test | bench [name] | cluster up|down [--name NAME]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BINNACLE_BUILD_DIR:-$ROOT/build/dev}"
BUILD_TYPE=Debug
JOBS="${BINNACLE_JOBS:-2}"

# Every Debian bookworm package the project needs, from the toolchain up.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates curl openssl
  qt6-base-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev qt6-httpserver-dev qt6-qpa-plugins
  libgl-dev libxkbcommon-dev
  libyaml-cpp-dev qtkeychain-qt6-dev libqscintilla2-qt6-dev libvterm-dev
  gnome-keyring dbus dbus-x11 libsecret-tools
  xvfb xauth x11-utils imagemagick fonts-dejavu-core
  clang-14 libclang-rt-14-dev clang-format
)

log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

cmd_deps() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${#missing[@]} Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v go >/dev/null || { log "Go is required to build the local cluster (tests/cluster)"; exit 1; }
  command -v kubectl >/dev/null || log "kubectl not found: the cluster smoke test and benchmarks compare against it"
}

# configure_and_build [cmake --build args]: builds $BUILD_DIR as $BUILD_TYPE.
configure_and_build() {
  local -a flags=(-G Ninja "-DCMAKE_BUILD_TYPE=$BUILD_TYPE")
  command -v ccache >/dev/null && flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # CI treats warnings as errors; locally they stay warnings so a new compiler does not block work.
  if [ "${CI:-}" = "true" ]; then flags+=(-DBINNACLE_WERROR=ON); fi
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    log "configuring $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" "${flags[@]}" >/dev/null
  fi
  log "building (ninja -j$JOBS)"
  cmake --build "$BUILD_DIR" --parallel "$JOBS" "$@"
}

cluster_script() { echo "$ROOT/tests/cluster/cluster.sh"; }

# Runs a command with a session bus, an unlocked gnome-keyring (for QtKeychain) and an X server (for UI tests).
with_desktop_session() {
  local inner
  inner='echo "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"'
  xvfb-run -a -s "-screen 0 1600x1000x24" dbus-run-session -- sh -c "$inner" sh "$@"
}

# The libFuzzer targets (tests/fuzz), built with clang, ASan and UBSan in the `asan` preset, each run briefly.
run_fuzzers() {
  local fuzz_dir="$ROOT/build/asan"
  log "building the fuzz targets (asan preset)"
  if [ ! -f "$fuzz_dir/build.ninja" ]; then
    local -a launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    cmake --preset asan -S "$ROOT" "${launcher[@]}" >/dev/null
  fi
  cmake --build "$fuzz_dir" --parallel "$JOBS" --target fuzz_kubeconfig fuzz_jsonpatch fuzz_yaml
  log "running the fuzz targets (20 s each)"
  ctest --test-dir "$fuzz_dir" -L fuzz --output-on-failure
}

cmd_test() {
  configure_and_build
  # The local cluster's cold build is the long pole: do it up front, visibly, not inside a test's timeout.
  log "building the local cluster (cached after the first time)"
  "$(cluster_script)" build
  run_fuzzers
  log "running the tests"
  local rc=0
  with_desktop_session ctest --test-dir "$BUILD_DIR" --output-on-failure --timeout 900 -j1 "$@" || rc=$?
  # If a test died before the cleanup fixture ran, do not leave the cluster behind.
  BINNACLE_CLUSTER_DIR="$BUILD_DIR/cluster" "$(cluster_script)" down --name ctest >/dev/null 2>&1 || true
  return $rc
}

cmd_demo() {
  configure_and_build --target binnacle
  local kubeconfig_line kubeconfig
  log "starting the local demo cluster (the first time builds it: several minutes)"
  kubeconfig_line=$("$(cluster_script)" up --name demo | tail -n 1)
  kubeconfig=${kubeconfig_line#KUBECONFIG=}
  # The cluster goes when the window closes, or when this script is interrupted.
  stop_demo() { "$(cluster_script)" down --name demo >/dev/null 2>&1 || true; }
  trap stop_demo EXIT
  trap 'exit 130' INT TERM
  log "demo cluster ready: KUBECONFIG=$kubeconfig"
  local -a run=("$BUILD_DIR/bin/binnacle" --kubeconfig "$kubeconfig" "$@")
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    log "no display: starting Binnacle inside Xvfb"
    run=(xvfb-run -a -s "-screen 0 1600x1000x24" "${run[@]}")
  fi
  "${run[@]}" &
  local app=$!
  wait "$app" || true
}

cmd_bench() {
  local name="${1:-}"
  # Benchmarks measure an optimised build of their own.
  BUILD_DIR="${BINNACLE_BENCH_BUILD_DIR:-$ROOT/build/bench}"
  BUILD_TYPE=RelWithDebInfo
  configure_and_build
  local found=0
  for script in "$ROOT"/tests/bench/*.sh; do
    [ -e "$script" ] || continue
    local bench
    bench=$(basename "$script" .sh)
    if [ -n "$name" ] && [ "$bench" != "$name" ]; then continue; fi
    found=1
    log "benchmark: $bench"
    XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}" BINNACLE_BUILD_DIR="$BUILD_DIR" with_desktop_session bash "$script"
  done
  if [ "$found" -eq 0 ]; then echo "no benchmark named '${name}' (see tests/bench)" >&2; exit 2; fi
}

cmd_cluster() {
  "$(cluster_script)" "$@"
}

usage() {
  cat >&2 <<'TXT'
usage: ./dev.sh COMMAND
  deps                      install every Debian package the project needs (quiet when all are there)
  demo                      build Binnacle and run it on the local demo cluster (stopped when the window closes)
  test [ctest args]         build and run every test (unit, integration, ui) and print CTest's summary
  bench [name]              run the benchmarks under tests/bench and print their figures
  cluster up|down|...       manage the local cluster (tests/cluster/cluster.sh; --name NAME)
TXT
}

main() {
  local sub="${1:-help}"; shift || true
  case "$sub" in
    deps) cmd_deps ;;
    demo) cmd_deps; cmd_demo "$@" ;;
    test) cmd_deps; cmd_test "$@" ;;
    bench) cmd_deps; cmd_bench "$@" ;;
    cluster) cmd_deps; cmd_cluster "$@" ;;
    help|-h|--help) usage ;;
    *) usage; exit 2 ;;
  esac
}
main "$@"
