# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# The runtimes' files of the running containers, as tests/fixtures/runtimes/README.md says
# (the checks are in lib-facts.sh; the stopped and killed ones are in the lifecycle section).

run_test realrt-fact-docker-running f_docker_running
run_test realrt-fact-docker-network-modes f_docker_netmodes
run_test realrt-fact-docker-image-labels f_docker_labels
run_test realrt-fact-docker-image-config f_docker_image_config
run_test realrt-fact-podman-running f_podman_running
run_test realrt-fact-podman-pod f_podman_pod
run_test realrt-fact-podman-image-labels f_podman_labels
run_test realrt-fact-podman-image-annotations f_podman_annotations
run_test realrt-fact-containerd-running f_containerd_running
run_test realrt-fact-containerd-image-labels f_containerd_labels
run_test realrt-fact-host-network f_hostnet
