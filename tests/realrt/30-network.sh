# SPDX-License-Identifier: ISC
# shellcheck shell=bash disable=SC2153  # HOST_NETNS comes from setup_base
# Network modes: docker's --network container: (one netns, two containers), and the host
# network of each runtime, which only a host rule may enter.

run_test realrt-docker-network-container t_resolves d-side nscapt-side docker
run_test realrt-docker-network-container-shares-netns expect_eq "${RR_NET[d-side]}" \
    "${RR_NET[d-web]}" "netns of nscapt-side (runtime fact)"
# the other container's traffic (port 8080 of nscapt-web) is seen through nscapt-side
run_test realrt-docker-network-container-capture t_capture_stdout nscapt-side
# host network: denied by container rules (a real run: -n prints the decision on stdout)
t_hostnet_denied() { # TARGET
    nscap_as "$ALICE" -- "$1" probe
    expect_rc 126 && expect_nscap_error_line && expect_eq "$OUTPUT" "" "probe output"
}
t_hostnet_resolves() { expect_resolves "$1" "$HOST_NETNS" && expect_eq "$GOT_KIND" host "kind"; }
t_hostnet_host_rule() { # TARGET: allowed by a host rule, as the host
    with_rules "permit group:$ONCALL on container:* run tcpdump,probe max-time 30s" \
        "permit group:$ONCALL on host run probe" -- t_hostnet_resolves "$1"
}
run_test realrt-docker-hostnet-denied t_hostnet_denied nscapt-hostnet
run_test realrt-docker-hostnet-host-rule t_hostnet_host_rule nscapt-hostnet
run_test realrt-podman-hostnet-denied t_hostnet_denied "${RR_ID[p-host]}"
run_test realrt-podman-hostnet-host-rule t_hostnet_host_rule "${RR_ID[p-host]}"
run_test realrt-containerd-hostnet-denied t_hostnet_denied nscapt-chost
run_test realrt-containerd-hostnet-host-rule t_hostnet_host_rule nscapt-chost
