# SPDX-License-Identifier: ISC
"""callerfd.py MODE FD REPORT [BYTES] -- CMD...: run CMD (as root, before it drops to the user)
with its fd FD (1 or 2) a pipe in the state MODE names, as a caller could leave it:

  gone     the pipe's reader exited before CMD started (every write: EPIPE, or SIGPIPE)
  full     the pipe filled to capacity before CMD started, and never read
  hangup   read until BYTES bytes came, then the reader exits (closes its end)

CMD is killed after 30 s (NSCAP_PIPE_BOUND). REPORT gets "key value" lines: "exit N" or
"signal N" (how CMD ended), "ms N" (how long it ran), "filled N" / "read N" (bytes). The exit
status is CMD's, as a shell reports it (128+N for a signal)."""
import os
import signal
import subprocess
import sys
import time

mode, fd, report = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rest = sys.argv[4:]
want = int(rest.pop(0)) if mode == "hangup" else 0
assert rest[0] == "--" and fd in (1, 2) and mode in ("gone", "full", "hangup")
cmd = rest[1:]
bound = float(os.environ.get("NSCAP_PIPE_BOUND", "30"))
facts = {}

r, w = os.pipe()
if mode == "full":
    os.set_blocking(w, False)
    n = 0
    try:
        while True:
            n += os.write(w, b"x" * 4096)
    except BlockingIOError:
        pass
    os.set_blocking(w, True)  # the flag is the open file's: nscap must meet a blocking pipe
    facts["filled"] = n
if mode == "gone":
    os.close(r)
t0 = time.monotonic()
child = subprocess.Popen(cmd, pass_fds=(), **{("stdout" if fd == 1 else "stderr"): w})
os.close(w)
if mode == "hangup":
    got = b""
    end = t0 + bound
    while len(got) < want and time.monotonic() < end:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        got += chunk
    facts["read"] = len(got)
    os.close(r)
try:
    child.wait(timeout=max(0.1, t0 + bound - time.monotonic()))
except subprocess.TimeoutExpired:
    child.send_signal(signal.SIGKILL)
    child.wait()
    facts["bound"] = "killed after %g s" % bound
facts["ms"] = int((time.monotonic() - t0) * 1000)
st = child.returncode
facts["signal" if st < 0 else "exit"] = -st if st < 0 else st
with open(report, "w") as f:
    for k, v in facts.items():
        f.write("%s %s\n" % (k, v))
if mode == "full":
    os.close(r)
sys.exit(128 - st if st < 0 else st)
