# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2034
# The one preamble of the root suites (tests/lib/README.md says how to write one):
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh"
#   POLICY_TOOLS=(...) POLICY_RULES=(...)    the suite's policy (write_policy)
#   on_cleanup FUNCTION...                    suite-specific undo, also run on a crash's leftovers
#   suite_begin NAME "$@"                     root, lock, leftovers removed, cleanup at exit
#   run_setup FUNCTION                        (setup_base first in FUNCTION)
#   run_sections                              every NN-*.sh of the suite, by number
#   suite_end                                 summary; exit status
#
# Everything lives under /opt/nscap-test. Diagnostics go to stderr prefixed "# ", so that no line
# but the verdicts starts with PASS or FAIL.
set -u
umask 022

LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LIB/../.." && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)

NT_ROOT=/opt/nscap-test
NT_BIN=$NT_ROOT/bin
NSCAP=$NT_BIN/nscap
PROBE=$NT_BIN/probe
NT_ETC=$NT_ROOT/etc
POLICY=$NT_ETC/policy
NT_LOG=$NT_ROOT/log
AUDIT=$NT_LOG/audit.log
STATE=$NT_ROOT/state
RUNC_ROOT=$STATE/run/runc
NT_BUNDLES=$NT_ROOT/bundles
NT_HOME=$NT_ROOT/home
NT_SCRATCH=$NT_ROOT/scratch # root-owned per-case output files
NT_PIDS=$NT_ROOT/pids       # marked host helper processes, for crash recovery
NT_CACHE=$NT_ROOT/cache     # nscap's lookup indexes (compiled into the tests' binary)
CG_PARENT=nscapt            # cgroupsPath "/nscapt/<id>"

ALICE=nscapt-alice   # in ONCALL, which the suites' rules name
BOB=nscapt-bob       # no rule
CAROL=nscapt-carol   # a second ONCALL member (limits)
DAVE=nscapt-dave     # a second user without a rule (limits)
ONCALL=nscapt-oncall
TOOL_GROUP=nscapt-tool # compiled into out/test/nscap: the tool's own primary group
NT_USERS=("$ALICE" "$BOB" "$CAROL" "$DAVE")
ALICE_HOME=$NT_HOME/alice
TEST_UIDS= # uids of the test users, whose processes a timed-out case leaves to be killed
CAP_NET_RAW=0000000000002000

POLICY_TOOLS=()
POLICY_RULES=()
CLEANUP_HOOKS=()

. "$LIB/proc.sh"
. "$LIB/case.sh"
. "$LIB/expect.sh"
. "$LIB/audit.sh"
. "$LIB/setup.sh"
. "$LIB/nscap.sh"

# on_cleanup FUNCTION...: run at exit (last registered first) and before setup, on a crashed
# run's leftovers; each must be safe to run any number of times.
on_cleanup() { CLEANUP_HOOKS+=("$@"); }

# suite_begin NAME [BINARY]: BIN (default $NSCAP_TEST_BIN, else out/test/nscap), root check,
# the lock, leftovers removed, cleanup traps.
suite_begin() {
    SUITE=$1
    BIN=${2:-${NSCAP_TEST_BIN:-$REPO/out/test/nscap}}
    [[ $BIN == /* ]] || BIN=$PWD/$BIN
    if [[ $(id -u) != 0 ]]; then
        echo "FAIL $SUITE-setup: must run as root"
        exit 1
    fi
    SUITE_TMP=$(mktemp -d "/tmp/nscapt-$SUITE.XXXXXX") && mkfifo "$SUITE_TMP/never" ||
        { echo "FAIL $SUITE-setup: cannot make a directory in /tmp"; exit 1; }
    trap suite_cleanup EXIT
    trap 'exit 130' INT TERM
    trap case_abort USR1
    case_status "waiting for the lock"
    lock_take || exit 1
    leftovers_present && log "removing leftovers of a previous run"
    cleanup_all
}

cleanup_all() {
    local i
    kill_ours
    for ((i = ${#CLEANUP_HOOKS[@]} - 1; i >= 0; i--)); do "${CLEANUP_HOOKS[i]}"; done
    base_cleanup
}

suite_cleanup() {
    local rc=$?
    set +e
    case_status "cleanup"
    case_watch_stop
    [[ -n ${NT_LOCKED-} ]] && cleanup_all
    lock_release
    rm -rf "$SUITE_TMP"
    return $rc
}
