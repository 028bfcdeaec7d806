# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. environment: the caller's variables never reach the tool or the dynamic loader.

HOSTILE_ENV=(
    "LD_PRELOAD=$PRELOAD" "LD_LIBRARY_PATH=$ALICE_HOME" "LD_AUDIT=$PRELOAD" "LD_DEBUG=all"
    "GCONV_PATH=$ALICE_HOME" "TZ=/etc/shadow" "PATH=$ALICE_HOME:/tmp" "HOME=/root"
    "LOCALDOMAIN=attacker.invalid" "HOSTALIASES=$ALICE_HOME/hosts" "RES_OPTIONS=debug"
    "GLIBC_TUNABLES=glibc.malloc.check=3" "MALLOC_CHECK_=3" "NLSPATH=$ALICE_HOME/%N"
    "LOCPATH=$ALICE_HOME" "TMPDIR=$ALICE_HOME" "IFS=x" "SHELLOPTS=xtrace" "BASH_ENV=$ALICE_HOME/x"
    "ENV=$ALICE_HOME/x" "PCAP_FRAMES=1" "NSCAP_POLICY=$ALICE_HOME/x"
    "TERM=xterm" "LANG=C.UTF-8" "LC_ALL=../../..$ALICE_HOME" $'LC_CTYPE=C\nLD_PRELOAD=x'
    "LC_TIME=/etc/shadow"
)

# Control: the payload works — a dynamic tool run directly with LD_PRELOAD creates the marker.
t_preload_control() {
    rm -f "$ALICE_HOME/preload-marker"
    run_as "$ALICE" env "LD_PRELOAD=$PRELOAD" tcpdump --version >/dev/null 2>&1
    [[ -s $ALICE_HOME/preload-marker ]] || fail "LD_PRELOAD payload did not run in tcpdump" || return 1
    rm -f "$ALICE_HOME/preload-marker"
}
# The tool's environment is built from scratch: exactly PATH and the sane TERM/LANG.
t_env_probe() {
    rm -f "$ALICE_HOME/preload-marker"
    nscap_as "$ALICE" env "${HOSTILE_ENV[@]}" -- "$CID" probe
    expect_ran || return 1
    local got want
    got=$(awk '$1 == "env" { sub(/^env /, ""); print }' <<<"$OUTPUT" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "$TOOL_PATH_ENV" TERM=xterm LANG=C.UTF-8 | sort | tr '\n' ' ')
    expect_eq "$got" "$want" "tool environment" || return 1
    expect_no_file "$ALICE_HOME/preload-marker"
}
# A dynamic tool (tcpdump) with LD_PRELOAD & co. set by the caller: the payload never runs.
t_env_tcpdump() {
    rm -f "$ALICE_HOME/preload-marker"
    nscap_as "$ALICE" env "${HOSTILE_ENV[@]}" -- "$CID" tcpdump -i lo -nn -c 3 -w /dev/null
    expect_rc 0 || return 1
    expect_no_file "$ALICE_HOME/preload-marker" || return 1
    expect_events "start,end"
}

run_test env-preload-control t_preload_control
run_test env-injection-probe t_env_probe
run_test env-injection-tcpdump-preload t_env_tcpdump
