#!/usr/bin/env bash
# Binnacle's one entry point: ./dev.sh deps | demo | test [--tsan] | bench [name] | package | cluster up|down [--name NAME]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BINNACLE_BUILD_DIR:-$ROOT/build/dev}"
BUILD_TYPE=Debug
JOBS="${BINNACLE_JOBS:-2}"

# Every Debian bookworm package the project needs, from the toolchain up.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates curl openssl
  qt6-base-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev qt6-httpserver-dev qt6-qpa-plugins
  libgl-dev libqt6opengl6-dev libxkbcommon-dev
  libyaml-cpp-dev qtkeychain-qt6-dev libqscintilla2-qt6-dev libdtl-dev libvterm-dev
  gnome-keyring dbus dbus-x11 libsecret-tools
  xvfb xauth x11-utils imagemagick fonts-dejavu-core
  clang-14 libclang-rt-14-dev clang-format
  debootstrap desktop-file-utils appstream
)

# ccache keys on paths relative to the checkout, so that another clone of the repository (CI's) finds this one's
# objects instead of compiling everything again.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

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

# Sanitizer runs read their options from here: halt on the first report, and suppress only what Qt and the system
# libraries do (tests/sanitizers/*.supp, each entry justified), never our own code.
SANITIZER_DIR="$ROOT/tests/sanitizers"
sanitizer_env() {
  export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export LSAN_OPTIONS="suppressions=$SANITIZER_DIR/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$SANITIZER_DIR/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  export TSAN_OPTIONS="suppressions=$SANITIZER_DIR/tsan.supp:halt_on_error=0:second_deadlock_stack=1:history_size=4${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
}

# configure_preset NAME: (re)configures build/NAME from CMakePresets.json. Re-running it is cheap and picks up a
# changed preset in an existing build directory.
configure_preset() {
  local -a flags=()
  command -v ccache >/dev/null && flags+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ "${CI:-}" = "true" ]; then flags+=(-DBINNACLE_WERROR=ON); fi
  log "configuring build/$1 (preset $1)"
  cmake --preset "$1" -S "$ROOT" "${flags[@]}" >/dev/null
}

# run_suite BUILD_DIR [ctest args]: one CTest run in a desktop session, with its own cluster fixture: the cluster's
# state lives in BUILD_DIR/cluster (the CMake cache's BINNACLE_CLUSTER_DIR), so two suites never share one.
run_suite() {
  local dir="$1"; shift
  local rc=0
  with_desktop_session ctest --test-dir "$dir" --output-on-failure --no-tests=error --timeout 900 -j1 "$@" || rc=$?
  # If a test died before the cleanup fixture ran, do not leave the cluster behind.
  BINNACLE_CLUSTER_DIR="$dir/cluster" "$(cluster_script)" down --name ctest >/dev/null 2>&1 || true
  return $rc
}

# The whole suite once more under ASan + UBSan (the `asan` preset, build/asan), with the libFuzzer targets
# (tests/fuzz, label `fuzz`, 20 s each). `all` builds every fuzz_*.cpp; the preset leaves the benchmark out.
run_asan_suite() {
  configure_preset asan
  log "building the asan preset (ninja -j$JOBS)"
  # A build that failed must not run the tests of an older one (or none at all).
  cmake --build "$ROOT/build/asan" --parallel "$JOBS" || return 1
  log "running the tests under ASan + UBSan, fuzz targets included"
  (sanitizer_env; run_suite "$ROOT/build/asan" "$@")
}

# The threaded tests (integration and ui) under ThreadSanitizer (the `tsan` preset, build/tsan). Only their
# executables are built: CTest names them (binnacle_add_test names a test after its target; the cluster fixture's
# tests are scripts).
run_tsan_suite() {
  configure_preset tsan
  local -a targets
  mapfile -t targets < <(ctest --test-dir "$ROOT/build/tsan" -N -L 'integration|ui' --show-only=json-v1 |
    python3 -c 'import json, sys
for t in json.load(sys.stdin)["tests"]:
    if not t.get("command", [""])[0].endswith(".sh"): print(t["name"])')
  log "building the tsan preset: ${targets[*]}"
  cmake --build "$ROOT/build/tsan" --parallel "$JOBS" --target "${targets[@]}" || return 1
  log "running the threaded tests under ThreadSanitizer"
  (sanitizer_env; run_suite "$ROOT/build/tsan" -L 'integration|ui' "$@")
}

cmd_test() {
  if [ "${1:-}" = "--tsan" ]; then
    shift
    log "building the local cluster (cached after the first time)"
    "$(cluster_script)" build
    run_tsan_suite "$@"
    return
  fi
  configure_and_build
  # The local cluster's cold build is the long pole: do it up front, visibly, not inside a test's timeout.
  log "building the local cluster (cached after the first time)"
  "$(cluster_script)" build
  log "running the tests"
  local rc=0
  run_suite "$BUILD_DIR" "$@" || rc=$?
  run_asan_suite "$@" || rc=$?
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

# The install test on its own (installer/install-test.sh): an optimised build packaged as a .deb, installed with apt
# into a clean Debian bookworm root, started there against the local cluster. CTest runs the same script on the
# suite's build (label `package`).
cmd_package() {
  BUILD_DIR="${BINNACLE_PACKAGE_BUILD_DIR:-$ROOT/build/package}"
  BUILD_TYPE=Release
  configure_and_build --target binnacle
  local kubeconfig_line kubeconfig
  log "starting the local cluster 'package'"
  kubeconfig_line=$("$(cluster_script)" up --name package | tail -n 1)
  kubeconfig=${kubeconfig_line#KUBECONFIG=}
  stop_package_cluster() { "$(cluster_script)" down --name package >/dev/null 2>&1 || true; }
  trap stop_package_cluster EXIT
  "$ROOT/installer/install-test.sh" "$BUILD_DIR" "$kubeconfig"
}

cmd_cluster() {
  "$(cluster_script)" "$@"
}

usage() {
  cat >&2 <<'TXT'
usage: ./dev.sh COMMAND
  deps                      install every Debian package the project needs (quiet when all are there)
  demo                      build Binnacle and run it on the local demo cluster (stopped when the window closes)
  test [ctest args]         build and run every test (unit, integration, ui), then all of them again under
                            ASan + UBSan with the fuzz targets (build/asan), and print CTest's summaries
  test --tsan [ctest args]  only the threaded tests (integration, ui) under ThreadSanitizer (build/tsan)
  bench [name]              run the benchmarks under tests/bench and print their figures
  package                   build the .deb, install it with apt into a clean Debian root and start it there
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
    package) cmd_deps; cmd_package ;;
    cluster) cmd_deps; cmd_cluster "$@" ;;
    help|-h|--help) usage ;;
    *) usage; exit 2 ;;
  esac
}
main "$@"
