# SPDX-License-Identifier: ISC
"""syslog-listener.py MSGS STOP: bind /dev/log (a private /dev: tests/limits/22-syslog.sh) and
write every datagram to MSGS, one a line, until STOP exists (at most 20 s)."""
import os
import socket
import sys
import time

s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
s.settimeout(0.1)
out = open(sys.argv[1], "w")
end = time.time() + 20
while time.time() < end and not os.path.exists(sys.argv[2]):
    try:
        m = s.recv(65536)
    except socket.timeout:
        continue
    out.write(m.decode("utf-8", "replace").replace("\n", " ") + "\n")
    out.flush()
