#!/usr/bin/env bash
# The install test (issue 14): Binnacle's .deb installed with apt into a clean Debian bookworm root, as on a system
# that never saw the build. debootstrap makes the root (a folder of the build; no container runtime), apt resolves
# the package's dependencies from Debian's archive, then inside the root `binnacle --version` runs and the window
# starts under Xvfb against a kubeconfig and is photographed.
#
#   install-test.sh BUILD_DIR [KUBECONFIG]
#
# BUILD_DIR is a configured build tree: its `binnacle` is built and packaged there with CPack. Without a kubeconfig
# the window starts on its "no kubeconfig" page. The base root is cached under build/package-cache (delete it to
# start from Debian's archive again); each run unpacks a fresh copy. Needs root (debootstrap, chroot, mounts).
# Prints `install: deb_kb=… installed_kb=… depends=… seconds=… screenshot=…` last.
set -euo pipefail
BUILD_DIR="$(cd "${1:?usage: install-test.sh BUILD_DIR [KUBECONFIG]}" && pwd)"
KUBECONFIG_FILE="${2:-}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BINNACLE_PACKAGE_CACHE:-$REPO/build/package-cache}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
WORK="$BUILD_DIR/install-test"
ROOTFS="$WORK/root"
start=$SECONDS
say() { echo "[install $(printf '%3d' $((SECONDS - start)))s] $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

mounted=()
xvfb_pid=""
app_pid=""
cleanup() {
  local rc=$?
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do as_root umount -l "${mounted[$i]}" 2>/dev/null || true; done
  exit $rc
}
trap cleanup EXIT
bind() { as_root mkdir -p "$2"; as_root mount --bind "$1" "$2"; mounted+=("$2"); }

command -v debootstrap >/dev/null || { echo "install-test.sh: debootstrap is missing (./dev.sh deps)" >&2; exit 1; }

# 1. The package, from this build tree.
say "building and packaging $BUILD_DIR"
cmake --build "$BUILD_DIR" --target binnacle >/dev/null
rm -rf "$WORK/dist" && mkdir -p "$WORK/dist"
(cd "$BUILD_DIR" && cpack -G DEB -B "$WORK/dist" >/dev/null)
deb=$(ls "$WORK"/dist/*.deb | head -n 1)
deb_kb=$(( $(stat -c %s "$deb") / 1024 ))
depends=$(dpkg-deb -f "$deb" Depends)
say "$(basename "$deb"): ${deb_kb} KB; Section: $(dpkg-deb -f "$deb" Section); Depends: $depends"

# 2. A clean bookworm root: debootstrap once, then a fresh copy per run.
if [ ! -f "$CACHE/bookworm-minbase.tar" ]; then
  say "debootstrap bookworm (minbase) from $MIRROR"
  mkdir -p "$CACHE"
  as_root rm -rf "$CACHE/root.tmp"
  as_root debootstrap --variant=minbase bookworm "$CACHE/root.tmp" "$MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
  as_root tar -C "$CACHE/root.tmp" -cf "$CACHE/bookworm-minbase.tar.part" .
  as_root mv "$CACHE/bookworm-minbase.tar.part" "$CACHE/bookworm-minbase.tar"
  as_root rm -rf "$CACHE/root.tmp"
fi
# A run that was killed may have left its mounts (/dev, /proc, X): take them down before deleting anything, and never
# delete through one.
for mount_point in $(awk -v root="$ROOTFS/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r); do
  as_root umount -l "$mount_point" || true
done
if awk -v root="$ROOTFS/" 'index($2, root) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
  echo "install-test.sh: $ROOTFS still has mounts; not deleting it" >&2
  exit 1
fi
as_root rm -rf --one-file-system "$ROOTFS"
mkdir -p "$ROOTFS"
as_root tar -C "$ROOTFS" -xf "$CACHE/bookworm-minbase.tar"
as_root cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
as_root mount -t proc proc "$ROOTFS/proc" && mounted+=("$ROOTFS/proc")
bind /dev "$ROOTFS/dev"
as_root cp "$deb" "$ROOTFS/tmp/binnacle.deb"

# 3. apt installs it, with what it depends on, from Debian's archive (nothing from this machine).
say "apt-get install ./binnacle.deb in the clean root"
installed_before=$(as_root du -sk "$ROOTFS" --exclude=proc --exclude=dev | cut -f1)
as_root chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  /tmp/binnacle.deb > "$WORK/apt.log" 2>&1 || { tail -n 30 "$WORK/apt.log" >&2; exit 1; }
installed_kb=$(( $(as_root du -sk "$ROOTFS" --exclude=proc --exclude=dev | cut -f1) - installed_before ))
packages=$(as_root chroot "$ROOTFS" dpkg-query -W -f='${Package}\n' | wc -l)
say "installed: $installed_kb KB with its dependencies ($packages packages in the root)"

# What the package laid out, where a desktop looks for it.
for path in usr/bin/binnacle usr/share/applications/io.github.binnacle.Binnacle.desktop \
            usr/share/metainfo/io.github.binnacle.Binnacle.metainfo.xml \
            usr/share/icons/hicolor/scalable/apps/io.github.binnacle.Binnacle.svg \
            usr/share/icons/hicolor/48x48/apps/io.github.binnacle.Binnacle.png \
            usr/share/icons/hicolor/128x128/apps/io.github.binnacle.Binnacle.png \
            usr/share/icons/hicolor/256x256/apps/io.github.binnacle.Binnacle.png usr/share/man/man1/binnacle.1.gz; do
  [ -e "$ROOTFS/$path" ] || { echo "install-test.sh: the package did not install /$path" >&2; exit 1; }
done

# 4. It runs there.
version=$(as_root chroot "$ROOTFS" binnacle --version)
say "binnacle --version: $version"
case "$version" in *Binnacle*) ;; *) echo "install-test.sh: unexpected --version output: $version" >&2; exit 1 ;; esac

# 5. The window, under an X server of this machine reached through the root's /tmp/.X11-unix.
display=""
for candidate in $(seq 150 250); do # above xvfb-run's own (:99 and up, when the suite runs in one)
  if [ ! -e "/tmp/.X11-unix/X$candidate" ] && [ ! -e "/tmp/.X$candidate-lock" ]; then display=$candidate; break; fi
done
[ -n "$display" ] || { echo "install-test.sh: no free X display between :150 and :250" >&2; exit 1; }
Xvfb ":$display" -screen 0 1400x900x24 -nolisten tcp > "$WORK/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [ -S "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -S "/tmp/.X11-unix/X$display" ] || { echo "install-test.sh: Xvfb :$display did not start" >&2; exit 1; }
bind /tmp/.X11-unix "$ROOTFS/tmp/.X11-unix"
args=()
if [ -n "$KUBECONFIG_FILE" ]; then
  # The kubeconfig and the files it names (certificates) at the same paths inside the root.
  dir="$(cd "$(dirname "$KUBECONFIG_FILE")" && pwd)"
  bind "$dir" "$ROOTFS$dir"
  args=(--kubeconfig "$dir/$(basename "$KUBECONFIG_FILE")")
fi
as_root chroot "$ROOTFS" env DISPLAY=":$display" HOME=/root QT_QPA_PLATFORM=xcb binnacle "${args[@]}" \
  > "$WORK/binnacle.log" 2>&1 &
app_pid=$!
shown=""
for _ in $(seq 1 60); do
  if xwininfo -display ":$display" -root -tree 2>/dev/null | grep -q '"Binnacle"'; then shown=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$shown" ] || { cat "$WORK/binnacle.log" >&2; echo "install-test.sh: no Binnacle window appeared" >&2; exit 1; }
sleep "${SETTLE_SECONDS:-6}" # connect, list, paint
kill -0 "$app_pid" 2>/dev/null || { cat "$WORK/binnacle.log" >&2; echo "install-test.sh: binnacle exited" >&2; exit 1; }
screenshot="$WORK/installed-window.png"
import -display ":$display" -window root "$screenshot"
colours=$(convert "$screenshot" -format %k info:)
say "screenshot $screenshot: $colours colours"
[ "$colours" -gt 20 ] || { echo "install-test.sh: the window looks blank ($colours colours)" >&2; exit 1; }
echo "install: deb_kb=$deb_kb installed_kb=$installed_kb depends=\"$depends\" seconds=$((SECONDS - start))" \
  "screenshot=$screenshot"
