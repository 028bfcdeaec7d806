# SPDX-License-Identifier: ISC
"""Audit log checks for the suites (tests/lib/audit.sh). Output: "key value" lines.

  auditcheck.py check LOG SKIP
      The lines after line SKIP: each must be one JSON object (json.loads) on one line, under
      64 KiB, without raw control characters; the file must end with a newline. Prints
      "events E1,E2,..." (in order) and "bad N: why" for each bad line.
  auditcheck.py stats LOG SKIP
      For the load test: "lines N", "bad N", "events.E N" for each event, "start.UID N",
      "deny.UID N", "sessions_unique 0|1", "unpaired_start N" (a start without exactly one end
      of the same session), "orphan_end N" (an end without a start), "end_exit_nonzero N",
      "tail_newline 0|1".
  auditcheck.py field LOG SKIP EVENT KEY
      json.dumps of KEY in each EVENT record after SKIP, one a line ("<absent>" if missing).
      KEY may be a path: "bytes.writes", "files.0.name".
  auditcheck.py sessions LOG SKIP
      "EVENT SESSION" for each record after SKIP.
"""
import collections
import json
import sys

MAX_LINE = 65536


def lines(path, skip):
    raw = open(path, "rb").read()
    tail = raw.endswith(b"\n") or raw == b""
    out = raw.split(b"\n")
    if out and out[-1] == b"":
        out.pop()
    return out[skip:], tail


def parse(line):
    if len(line) >= MAX_LINE:
        raise ValueError("%d bytes" % len(line))
    if any(b < 0x20 or b == 0x7F for b in line):
        raise ValueError("raw control character")
    o = json.loads(line.decode("utf-8"))
    if not isinstance(o, dict):
        raise ValueError("not an object")
    return o


def records(path, skip):
    ls, _ = lines(path, skip)
    for line in ls:
        try:
            yield parse(line)
        except Exception:  # bad lines are check's business
            continue


def check(path, skip):
    ls, tail = lines(path, skip)
    events = []
    if not tail:
        print("bad end: log does not end with a newline")
    for n, line in enumerate(ls, skip + 1):
        try:
            events.append(parse(line).get("event", "?"))
        except Exception as e:
            print("bad %d: %s: %r" % (n, e, line[:80]))
    print("events " + ",".join(events))


def stats(path, skip):
    ls, tail = lines(path, skip)
    ev = collections.Counter()
    per = collections.Counter()
    starts, ends = collections.Counter(), collections.Counter()
    seen, dup, bad, nonzero = set(), 0, 0, 0
    for line in ls:
        try:
            o = parse(line)
        except Exception:
            bad += 1
            continue
        e = o.get("event")
        s = o.get("session")
        ev[e] += 1
        if e in ("start", "deny"):
            per["%s.%s" % (e, o.get("uid"))] += 1
            if s in seen:
                dup += 1
            seen.add(s)
        if e == "start":
            starts[s] += 1
        if e == "end":
            ends[s] += 1
            if o.get("exit") != 0 or o.get("signal") is not None:
                nonzero += 1
    print("lines %d" % len(ls))
    print("bad %d" % bad)
    for k in sorted(ev, key=str):
        print("events.%s %d" % (k, ev[k]))
    for k in sorted(per):
        print("%s %d" % (k, per[k]))
    print("sessions_unique %d" % (dup == 0))
    print("unpaired_start %d" % sum(1 for s in starts if ends.get(s) != 1))
    print("orphan_end %d" % sum(1 for s in ends if s not in starts))
    print("end_exit_nonzero %d" % nonzero)
    print("tail_newline %d" % tail)


ABSENT = object()


def lookup(o, path):
    for k in path.split("."):
        if isinstance(o, list) and k.isdigit() and int(k) < len(o):
            o = o[int(k)]
        elif isinstance(o, dict) and k in o:
            o = o[k]
        else:
            return ABSENT
    return o


def main():
    cmd, path, skip = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if cmd == "check":
        check(path, skip)
    elif cmd == "stats":
        stats(path, skip)
    elif cmd == "field":
        event, key = sys.argv[4], sys.argv[5]
        for o in records(path, skip):
            if o.get("event") == event:
                print(json.dumps(lookup(o, key)) if lookup(o, key) is not ABSENT else "<absent>")
    elif cmd == "sessions":
        for o in records(path, skip):
            print("%s %s" % (o.get("event"), o.get("session")))
    else:
        sys.exit("unknown command " + cmd)


main()
