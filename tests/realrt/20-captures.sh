# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Captures as alice, to a file in her home and to stdout, in a container of each runtime.

run_test realrt-capture-docker-file t_capture_file nscapt-web docker.pcap
run_test realrt-capture-docker-stdout t_capture_stdout nscapt-web
run_test realrt-capture-podman-file t_capture_file "${RR_ID[p-web]}" podman.pcap
run_test realrt-capture-podman-pod-member t_capture_stdout "${RR_ID[p-m2]}"
run_test realrt-capture-containerd-file t_capture_file nscapt-c1 containerd.pcap
run_test "realrt-capture-containerd-$RR_NS2-stdout" t_capture_stdout nscapt-c2
