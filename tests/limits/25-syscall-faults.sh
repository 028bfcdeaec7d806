# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 2. faults: system calls failing, through a seccomp filter the test installs (faultexec.c).

# Control: the launcher itself (a filter on a syscall nscap never makes) changes nothing.
t_sys_control() {
    new_marker
    nscap_fault none "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_rc 0 || return 1
    [[ -f $MARKER ]] || fail "the probe did not run under faultexec" || return 1
    expect_events start,end
}
run_test fault-syscall-control t_sys_control

# setns fails (ENOSYS): nothing ran, an error record names setns.
t_setns_fails() {
    new_marker
    nscap_fault setns "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'setns.*Function not implemented' || return 1
    expect_error_record 'setns.*Function not implemented' || return 1
    expect_field error uid "$ALICE_UID"
}
run_test fault-setns-enosys t_setns_fails

# fork fails (EAGAIN; RLIMIT_NPROC cannot do it, nscap holds real uid 0): nothing ran; the
# start already written is followed by an error record of the same session naming fork.
t_fork_fails() {
    new_marker
    nscap_fault fork "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed 'fork.*Resource temporarily unavailable' || return 1
    expect_error_record 'fork.*Resource temporarily unavailable' start,error || return 1
    expect_same_session start error
}
run_test fault-fork-eagain t_fork_fails

# The tool cannot be started: execveat fails (ENOENT: the child reports it), or the tool's
# seccomp filter cannot be loaded (EINVAL: the tool never runs unfiltered). The end record
# carries the error, exit 125.
t_child_fails() { # FAULT ERE
    new_marker
    nscap_fault "$1" "$ALICE" -- "$CID" probe marker "$MARKER"
    expect_failed "$2" || return 1
    expect_events start,end || return 1
    expect_same_session start end || return 1
    expect_field end exit 125 || return 1
    expect_field_re end error "$2"
}
run_test fault-execveat-enoent t_child_fails execveat 'execut.*No such file'
run_test fault-seccomp-load-fails t_child_fails seccomp 'seccomp'
