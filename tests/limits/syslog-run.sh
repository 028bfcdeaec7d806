#!/bin/bash
# SPDX-License-Identifier: ISC
# syslog-run.sh PY MSGS STOP [NAME DIR COMMAND]...: run in a private /dev by 22-syslog.sh. Starts
# syslog-listener.py on /dev/log, then runs each COMMAND (shell words as printf %q writes them)
# in DIR with stdout discarded and prints "NAME <exit status>"; then stops the listener.
py=$1 msgs=$2 stop=$3
shift 3
"$py" "$(dirname "${BASH_SOURCE[0]}")/syslog-listener.py" "$msgs" "$stop" &
for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
while (($# >= 3)); do
    (cd "$2" && eval "$3" >/dev/null)
    echo "$1 $?"
    shift 3
done
sleep 0.3
: >"$stop"
wait
