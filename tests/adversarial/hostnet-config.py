# SPDX-License-Identifier: ISC
"""hostnet-config.py CONFIG CGROUPSPATH [NETNS]: edit the `runc spec` config.json in place for a
container that shares the host's network namespace and carries the annotations the kubelet puts
on a hostNetwork pod's container (runc keeps them as labels); with NETNS (a /proc/PID/ns/net
path), for one that joins that namespace instead, as docker's --network container: does."""
import json
import sys

p, cg = sys.argv[1], sys.argv[2]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/sh", "-c", "sleep 100000"]
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "network"]
c["linux"]["cgroupsPath"] = cg
if len(sys.argv) > 3:
    c["linux"]["namespaces"].append({"type": "network", "path": sys.argv[3]})
else:
    c["annotations"] = {"io.kubernetes.pod.namespace": "kube-system",
                        "io.kubernetes.pod.name": "nscapt-hostpod",
                        "io.kubernetes.container.name": "main"}
json.dump(c, open(p, "w"))
