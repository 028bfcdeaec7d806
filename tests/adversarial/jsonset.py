# SPDX-License-Identifier: ISC
"""jsonset.py FILE KEY=JSON...: FILE's JSON object with each top-level KEY set to the JSON value,
on stdout (forged runtime records)."""
import json
import sys

o = json.load(open(sys.argv[1]))
for a in sys.argv[2:]:
    k, v = a.split("=", 1)
    o[k] = json.loads(v)
print(json.dumps(o))
