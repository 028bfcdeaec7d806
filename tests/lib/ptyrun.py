# SPDX-License-Identifier: ISC
"""ptyrun.py: nscap on real pseudo-terminals (the kernel's, from os.openpty), run as root before
CMD drops to the user. REPORT gets "key value" lines; the terminal's output goes to
REPORT.screen.

  ptyrun.py tty ctty|none REPORT DIR -- CMD...
      CMD in a new session, in DIR, with stdin on a second pty; its stdout and stderr on the
      first, which is also its controlling terminal with "ctty" (none with "none").
      Report: "ctty pts/N" (the first), "stdin pts/M", "exit N".
  ptyrun.py jobs fg|maxtime LINE UID REPORT DIR -- SHELL...
      SHELL (an interactive shell) on a pty as its controlling terminal; types LINE (nscap
      running a tool that prints a report, then sleeps) and, once the report is there, ^Z.
      fg: the prompt is back within 3 s, `jobs` says Stopped, the tool (a process of UID named
      as LINE's tool) is stopped; `fg` runs it again; ^C ends it, and `echo rc=$?` says 130.
      maxtime: left stopped, `jobs` says "Exit 124" 9 s after LINE was typed.
      Report: "ok STEP MS" per step passed, "fail STEP: WHY" for the first that did not."""
import fcntl
import os
import re
import select
import sys
import termios
import time

PROMPT = b"nscapt$ "


def run_tty(mode, report, where, cmd):
    ma, sa = os.openpty()
    mb, sb = os.openpty()
    names = os.ttyname(sa), os.ttyname(sb)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if mode == "ctty":
            fcntl.ioctl(sa, termios.TIOCSCTTY, 0)
        os.dup2(sb, 0)
        os.dup2(sa, 1)
        os.dup2(sa, 2)
        for fd in (ma, sa, mb, sb):
            os.close(fd)
        os.chdir(where)
        os.execvp(cmd[0], cmd)
    os.close(sa)
    os.close(sb)
    screen = drain(ma, pid)
    _, st = os.waitpid(pid, 0)
    with open(report + ".screen", "wb") as f:
        f.write(screen)
    with open(report, "w") as f:
        f.write("ctty %s\nstdin %s\nexit %d\n" % (names[0][5:], names[1][5:],
                                                   os.waitstatus_to_exitcode(st)))


def drain(fd, pid, limit=60):
    out, end = b"", time.monotonic() + limit
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: every slave end is closed
                break
            if not chunk:
                break
            out += chunk
        elif os.waitpid(pid, os.WNOHANG)[0]:
            break
    return out


class Term:
    """An interactive shell on a pty, driven like expect(1)."""

    def __init__(self, cmd, where):
        self.pid, self.fd = os.forkpty()
        if self.pid == 0:
            os.chdir(where)
            os.execvp(cmd[0], cmd)
        self.seen = b""

    def send(self, data):
        os.write(self.fd, data)

    def expect(self, pattern, secs, start=None):
        """Wait for pattern in what comes next (or since offset start of what was seen); True
        when it came within secs."""
        end = time.monotonic() + secs
        start = len(self.seen) if start is None else start
        rx = re.compile(pattern)
        while True:
            if rx.search(self.seen, start):
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    return False

    def close(self):
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass


def tool_states(uid, comm):
    """The states (/proc/PID/stat field 3) of the processes named comm whose real uid is uid
    (from status: a tool that is not dumpable has a /proc directory owned by root)."""
    out = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open("/proc/%s/stat" % p).read()
            status = open("/proc/%s/status" % p).read()
        except OSError:
            continue
        real = re.search(r"^Uid:\s+(\d+)", status, re.M)
        if stat[stat.index("(") + 1:stat.rindex(")")] == comm and int(real.group(1)) == uid:
            out.append(stat[stat.rindex(")") + 2])
    return out


def run_jobs(mode, line, uid, report, where, cmd):
    t = Term(cmd, where)
    log, t0 = [], time.monotonic()
    comm = line.split()[2] if len(line.split()) > 2 else ""

    def step(name, ok, why=""):
        log.append("ok %s %d" % (name, (time.monotonic() - t0) * 1000) if ok else
                   "fail %s: %s" % (name, why))
        return ok

    def until(name, secs, pred, why):
        end = time.monotonic() + secs
        while time.monotonic() < end and not pred():
            time.sleep(0.05)
        return step(name, pred(), why)

    def scenario():
        if not step("prompt", t.expect(re.escape(PROMPT), 10), "no prompt"):
            return
        t.send(line.encode() + b"\n")
        if not step("tool-report", t.expect(rb"ns\.net \d+", 15), "the tool printed no report"):
            return
        stopped_at = time.monotonic()
        t.send(b"\x1a")
        if not step("prompt-after-ctrl-z", t.expect(re.escape(PROMPT), 3), "no prompt within 3 s"):
            return
        log.append("ms_to_prompt %d" % ((time.monotonic() - stopped_at) * 1000))
        if not until("tool-stopped", 2, lambda: tool_states(uid, comm) == ["T"],
                     "%s states %s" % (comm, tool_states(uid, comm))):
            return
        mark = len(t.seen)
        t.send(b"jobs\n")
        if not step("jobs-stopped", t.expect(rb"\[1\]\+ +Stopped", 3, mark), "jobs does not say Stopped"):
            return
        if mode == "maxtime":
            time.sleep(max(0, t0 + 9 - time.monotonic()))
            t.send(b"jobs\n")
            step("jobs-exit-124", t.expect(rb"\[1\]\+ +Exit 124", 3),
                 "jobs does not say Exit 124: %r" % t.seen[-300:])
            return
        # the prompt bash prints after jobs' output, waited for now (it may have come with it):
        # else a late one would pass for the prompt coming back after fg
        if not step("prompt-after-jobs", t.expect(rb"\[1\]\+ +Stopped[^\n]*\n" + re.escape(PROMPT),
                                                  3, mark), "no prompt after jobs"):
            return
        t.send(b"fg\n")
        if not until("tool-running-after-fg", 3, lambda: tool_states(uid, comm) == ["S"],
                     "%s states %s" % (comm, tool_states(uid, comm))):
            return
        if not step("no-prompt-while-running", not t.expect(re.escape(PROMPT), 1),
                    "the prompt came back while the job runs"):
            return
        t.send(b"\x03")
        if not step("prompt-after-ctrl-c", t.expect(re.escape(PROMPT), 3), "no prompt within 3 s"):
            return
        t.send(b"echo rc=$?\n")
        step("status-130", t.expect(rb"rc=130", 3), "no rc=130: %r" % t.seen[-200:])

    try:
        scenario()
    finally:
        t.close()
        with open(report + ".screen", "wb") as f:
            f.write(t.seen)
        with open(report, "w") as f:
            f.write("\n".join(log) + "\n")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "tty":
        assert a[4] == "--"
        run_tty(a[1], a[2], a[3], a[5:])
    else:
        assert a[0] == "jobs" and a[6] == "--"
        run_jobs(a[1], a[2], int(a[3]), a[4], a[5], a[7:])
