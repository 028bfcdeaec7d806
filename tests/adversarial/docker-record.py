# SPDX-License-Identifier: ISC
"""docker-record.py ID NAME STATE IMAGE [KEY=VALUE...]: a docker config.v2.json on stdout, as
dockerd writes it, for a tenant's container whose strings are hostile. STATE is a PID (running)
or "exited:FINISHED" (stopped, exit 137); the KEY=VALUEs are its Config.Labels. Strings keep
their bytes: control characters are JSON escapes, other bytes raw (a lone 0x9b stays one byte),
as a Go encoder that passed invalid UTF-8 through would leave them."""
import json
import os
import sys

arg = [os.fsencode(a).decode("utf-8", "surrogateescape") for a in sys.argv[1:]]
cid, name, state, image = arg[:4]
labels = dict(kv.split("=", 1) for kv in arg[4:])
running = not state.startswith("exited:")
rec = {
    "State": {"Running": running, "Paused": False, "Restarting": False, "Dead": False,
              "Pid": int(state) if running else 0, "ExitCode": 0 if running else 137,
              "StartedAt": "2024-05-01T10:00:00.1Z",
              "FinishedAt": "0001-01-01T00:00:00Z" if running else state[7:]},
    "ID": cid, "Created": "2024-05-01T10:00:00.0Z", "Path": "sleep", "Args": ["100000"],
    "Config": {"Hostname": cid[:12], "Image": "busybox", "Labels": labels},
    "Image": image, "Name": "/" + name, "Driver": "overlay2", "OS": "linux",
}
sys.stdout.buffer.write(json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogateescape"))
