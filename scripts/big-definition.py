#!/usr/bin/env python3
"""A definition file near reportgen's 64 MiB definition-size limit holding tens of millions of
small values (issue 11 item 1: memory must stay < 512 MB on anything accepted, or the file is
refused with a coded limit). Streams the file; never holds it in memory.

Usage: python3 scripts/big-definition.py OUT.json [MEBIBYTES, default 63] [flat|records|projects]
  flat      a project file with an unknown array field `[0,0,0,…]` (2 bytes a value)
  records   the same with `{"a":0,"b":0}` records (longer JSON paths)
  projects  a package file whose `projects` are `{"a":0,"b":0}` records: several problems each
Measure: /usr/bin/time -f %M reportgen validate OUT.json; reportgen package OUT.json -o DIR
"""
import sys

out = sys.argv[1]
size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 63 * 1024 * 1024
shape = sys.argv[3] if len(sys.argv) > 3 else "flat"
head = ('{"format":"reportgen/1","title":"大文件","year":2021,"projects":[' if shape == "projects"
        else '{"id":"big","name":"大文件","year":2021,"filler":[')
tail = ']}\n'
unit = {"flat": "0,", "records": '{"a":0,"b":0},', "projects": '{"a":0,"b":0},'}[shape]
values_per_unit = {"flat": 1, "records": 3, "projects": 3}[shape]
count = (size - len(head) - len(tail)) // len(unit)
with open(out, "w", encoding="utf-8") as f:
    f.write(head)
    chunk = unit * 65536
    left = count
    while left > 0:
        n = min(left, 65536)
        f.write(chunk if n == 65536 else unit * n)
        left -= n
    f.write('{"a":0}' + tail)
print(f"{out}: {count * values_per_unit + 6} values", file=sys.stderr)
