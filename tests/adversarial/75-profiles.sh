# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2016
# 7b. the seccomp profiles' finer refusals, and the caller's umask given back to the tool.

# expect_probe_vals NAME=VALUE...: each key of the probe's report has that value.
expect_probe_vals() {
    local kv bad=()
    for kv in "$@"; do
        [[ $(probe_val "${kv%%=*}") == "${kv#*=}" ]] || bad+=("${kv%%=*} $(probe_val "${kv%%=*}") (want ${kv#*=})")
    done
    ((${#bad[@]} == 0)) || fail "${bad[*]}"
}

# Under every profile: no file without a name, one way to open files, the tool stays in the
# caller's session and process group and keeps its death signal, and output only through
# write() (which the byte budget counts). The same calls work for the probe outside nscap.
t_refusals() {
    nscap_as "$ALICE" -- "$CID" probe refusals
    expect_rc 0 || return 1
    expect_probe_vals memfd_create=EPERM openat2=ENOSYS setsid=EPERM setpgid=EPERM \
        pdeathsig-clear=EPERM sendfile=EPERM splice=EPERM tee=EPERM vmsplice=EPERM \
        copy_file_range=EPERM fallocate=EPERM io_setup=EPERM || return 1
    OUTPUT=$(run_as "$ALICE" setsid -w "$PROBE" refusals)
    expect_probe_vals memfd_create=ok openat2=ok pdeathsig-clear=ok io_setup=ok
}
run_test profile-refusals t_refusals

# capture: packet, netlink and inet datagram sockets only, and nothing can be sent to an
# address or connected (an inet datagram socket is there for libpcap's interface ioctls).
t_capture_sockets() {
    nscap_as "$ALICE" -- "$CID" probe-capture sockets
    expect_rc 0 || return 1
    expect_probe_vals unix=EAFNOSUPPORT inet-stream=EPERM inet-raw=EPERM inet-dccp=EPERM \
        inet6-stream=EPERM packet=ok netlink=ok inet-dgram=ok sendto-addr=EPERM sendmsg=EPERM \
        connect=EPERM
}
run_test profile-capture-sockets t_capture_sockets

# netlink: netlink sockets alone.
t_netlink_sockets() {
    nscap_as "$ALICE" -- "$CID" probe-netlink sockets
    expect_rc 0 || return 1
    expect_probe_vals unix=EAFNOSUPPORT inet-stream=EAFNOSUPPORT inet-raw=EAFNOSUPPORT \
        inet-dccp=EAFNOSUPPORT inet6-stream=EAFNOSUPPORT packet=EAFNOSUPPORT netlink=ok \
        inet-dgram=EAFNOSUPPORT
}
run_test profile-netlink-sockets t_netlink_sockets

# default (ping, tracepath): sockets as the tool's capabilities allow; the control that the
# refusals above are the profiles' doing.
t_default_sockets() {
    nscap_as "$ALICE" -- "$CID" probe sockets
    expect_rc 0 || return 1
    expect_probe_vals unix=ok inet-stream=ok inet-raw=ok inet-dgram=ok connect=ok
}
run_test profile-default-sockets-control t_default_sockets

# The tool gets the caller's umask back (nscap runs under 077 itself).
t_umask() {
    nscap_as "$ALICE" bash -c 'umask 0027; exec "$@"' _ -- "$CID" probe
    expect_ran || return 1
    expect_probe_vals Umask=0027 || return 1
    nscap_as "$ALICE" bash -c 'umask 0002; exec "$@"' _ -- "$CID" probe
    expect_probe_vals Umask=0002
}
run_test tool-gets-callers-umask t_umask
