# SPDX-License-Identifier: ISC
"""log-argv.py LOG SKIP: the first record after line SKIP is the start record of
`probe report` run with the hostile arguments of t_log_argv (120-log.sh), each escaped as JSON
(invalid UTF-8 as \\xNN text), the 30 KiB one whole and nothing marked truncated."""
import json
import sys

lines = open(sys.argv[1], "rb").read().split(b"\n")[int(sys.argv[2]):]
start = json.loads(lines[0])
a = start["argv"]
want = ["a\nb", "\x1b[2J\x1b]0;pwned\x07", "\\xff\\xfe\\xc0\\xaf", "x\ry", "\x7f",
        '","event":"end","uid":0,"x":"', "\u2028"]
assert a[0] == "report" and a[1:8] == want, "argv decoded as %r" % a[:8]
assert a[8] == "A" * 30720, "the 30 KiB argument is not whole: %d bytes" % len(a[8])
assert start["truncated"] == 0, "nothing was cut"
assert start["uid"] != 0 and start["event"] == "start"
