#!/bin/sh
# R6: secrets never leak. Runs tst_secretsentinels (the real window, credentials that are all sentinels) with every
# binnacle.* logging category at debug level, in a home directory of its own, then scans what came out for the
# sentinels: its stdout and stderr (the Qt message handler's output included), the QSettings files and every other
# file it left in that home. Any hit fails the test and names where it was found.
# Usage: scan_for_sentinels.sh PATH/TO/tst_secretsentinels
set -eu
program=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/binnacle-sentinels.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/out"

random() { head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
SENTINEL_TOKEN=sentinelToken$(random)
SENTINEL_PASSWORD=sentinelPassword$(random)
SENTINEL_EXEC_TOKEN=sentinelExec$(random)
SENTINEL_URL_PASSWORD=sentinelUrl$(random)
SENTINEL_PROXY_PASSWORD=sentinelProxy$(random)
SENTINEL_KEYCHAIN_TOKEN=sentinelKeychain$(random)
SENTINEL_OUT=$work/out
export SENTINEL_TOKEN SENTINEL_PASSWORD SENTINEL_EXEC_TOKEN SENTINEL_URL_PASSWORD SENTINEL_PROXY_PASSWORD \
    SENTINEL_KEYCHAIN_TOKEN SENTINEL_OUT

status=0
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache \
    XDG_DATA_HOME=$work/home/.local/share QT_LOGGING_RULES='binnacle.*.debug=true' \
    "$program" -maxwarnings 0 >"$work/out/stdout.log" 2>"$work/out/stderr.log" || status=$?
if [ "$status" -ne 0 ]; then
    echo "tst_secretsentinels failed (exit $status):"
    tail -n 60 "$work/out/stdout.log" "$work/out/stderr.log"
    exit 1
fi

# The sentinels as they were given, and as an HTTP header carries them (basic auth is base64 of user:password).
{
    for value in "$SENTINEL_TOKEN" "$SENTINEL_PASSWORD" "$SENTINEL_EXEC_TOKEN" "$SENTINEL_URL_PASSWORD" \
        "$SENTINEL_PROXY_PASSWORD" "$SENTINEL_KEYCHAIN_TOKEN"; do
        echo "$value"
        printf '%s' "$value" | base64 -w0
        echo
    done
    printf 'someone:%s' "$SENTINEL_PASSWORD" | base64 -w0
    echo
    cat "$work/out/client-key-line"
} | grep -v '^$' >"$work/sentinels"

files=$(find "$work/home" "$work/out" -type f ! -name client-key-line | wc -l)
bytes=$(find "$work/home" "$work/out" -type f ! -name client-key-line -exec cat {} + | wc -c)
settings=$(find "$work/home" -type f \( -name '*.conf' -o -name '*.ini' \) | wc -l)
texts=$(grep -c 'window text:' "$work/out/stdout.log" "$work/out/stderr.log" | awk -F: '{ s += $2 } END { print s }')
logs=$(grep -c 'QDEBUG\|QINFO\|QWARN' "$work/out/stdout.log" || true)
sentinels=$(wc -l <"$work/sentinels")
echo "scanned $files files ($bytes bytes): stdout, stderr, $logs Qt messages (binnacle.* at debug), $settings settings file(s)," \
    "$texts window texts; $sentinels sentinel strings"
find "$work/home" -type f | sed "s|$work/home|  ~|"

if grep -r -n -F -f "$work/sentinels" "$work/home" "$work/out/stdout.log" "$work/out/stderr.log"; then
    echo "FAIL: a credential sentinel was found (above)"
    exit 1
fi
echo "0 hits"
