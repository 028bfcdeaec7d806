# SPDX-License-Identifier: ISC
"""blast.py PORT MBYTES DELAY [RATE]: in the network namespace it runs in (a test container's,
through nsenter), listen on 127.0.0.1:PORT, then after DELAY seconds send MBYTES MiB to it over
one TCP connection, at RATE MiB/s (default: as fast as loopback takes it; a capture keeps up
with a few MiB/s), and exit. Test traffic only: loopback, bounded."""
import socket
import sys
import threading
import time

port, mbytes, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
rate = float(sys.argv[4]) if len(sys.argv) > 4 else 0
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(1)
srv.settimeout(30)


def drain():
    c, _ = srv.accept()
    c.settimeout(30)
    while c.recv(1 << 16):
        pass


t = threading.Thread(target=drain)
t.start()
time.sleep(delay)
cli = socket.create_connection(("127.0.0.1", port), timeout=30)
chunk = b"\0" * (1 << 16)
for _ in range(mbytes * 16):
    cli.sendall(chunk)
    if rate:
        time.sleep(1.0 / 16 / rate)
cli.close()
t.join(30)
