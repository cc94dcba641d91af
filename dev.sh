#!/usr/bin/env bash
# Binnacle's one entry point: ./dev.sh deps | demo | test | bench [name] | cluster up|down [--name NAME]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_DIR="${BINNACLE_BUILD_DIR:-$ROOT/build/dev}"
JOBS="${BINNACLE_JOBS:-2}"

# Every Debian bookworm package the project needs, from the toolchain up.
DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates curl
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

main() {
  local sub="${1:-help}"; shift || true
  case "$sub" in
    deps) cmd_deps ;;
    *) echo "usage: ./dev.sh deps | demo | test | bench [name] | cluster up|down [--name NAME]" >&2; exit 2 ;;
  esac
}
main "$@"
