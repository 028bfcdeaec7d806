# SPDX-License-Identifier: ISC
"""termsafe.py FILE...: is each file safe to show on a terminal as it is? Prints "bad FILE:LINE:
why" for every line that is not valid UTF-8 (a lone byte 0x80-0x9f is a C1 control to an 8-bit
terminal), holds a control character other than its one trailing newline (C0, DEL, C1), a line
or paragraph separator (U+2028, U+2029) or a bidi control (U+202A-U+202E, U+2066-U+2069), or
is not terminated by a newline. Exit status 1 when any line is bad."""
import sys

UNSAFE = set(range(0x20)) | {0x7F} | set(range(0x80, 0xA0)) | {0x2028, 0x2029}
UNSAFE |= set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def why(line):
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at byte %d (0x%02x)" % (e.start, line[e.start])
    for i, ch in enumerate(text):
        if ord(ch) in UNSAFE:
            return "raw U+%04X at character %d" % (ord(ch), i)
    return None


bad = 0
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    lines = raw.split(b"\n")
    if lines[-1] != b"":
        print("bad %s:%d: no newline at the end" % (path, len(lines)))
        bad += 1
    for n, line in enumerate(lines[:-1], 1):
        w = why(line)
        if w:
            print("bad %s:%d: %s: %r" % (path, n, w, line[:120]))
            bad += 1
sys.exit(1 if bad else 0)
