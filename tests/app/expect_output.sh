#!/bin/sh
# expect_output.sh PATTERN COMMAND [ARGS...]: passes when COMMAND exits 0 and its output has a line matching PATTERN
# (grep -E). CTest's PASS_REGULAR_EXPRESSION alone ignores the exit code.
pattern=$1
shift
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne 0 ]; then
    echo "expect_output: '$*' exited with $status" >&2
    exit 1
fi
printf '%s\n' "$output" | grep -Eq -- "$pattern" || { echo "expect_output: no line matches '$pattern'" >&2; exit 1; }
