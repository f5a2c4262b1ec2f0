#!/usr/bin/env python3
"""Fills cells of an .xlsx as a person would in Excel, for the template round trip test.

xlsx_fill.py IN.xlsx OUT.xlsx '{"E5": 262.5, "E15": "có", ...}' [SHEET_PART]

A number becomes a number cell, a text an inline string cell (both kinds Excel and
LibreOffice save). The sheet part defaults to xl/worksheets/sheet1.xml. Cells are replaced
in place, or added to their row in column order (rows must exist, as in a template)."""
import json
import re
import sys
import zipfile
from xml.sax.saxutils import escape

src, dst, cells = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
part = sys.argv[4] if len(sys.argv) > 4 else "xl/worksheets/sheet1.xml"


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def cell_xml(ref, value, style):
    s = f' s="{style}"' if style else ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


with zipfile.ZipFile(src) as zin:
    parts = {n: zin.read(n) for n in zin.namelist()}
xml = parts[part].decode()
for ref, value in cells.items():
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    pat = re.compile(rf'<c r="{ref}"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)')
    m = pat.search(xml)
    if m:
        xml = xml[: m.start()] + cell_xml(ref, value, m.group(1)) + xml[m.end():]
        continue
    rm = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', xml)
    body = rm.group(1)
    cs = list(re.finditer(r'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', body))
    at = len(body)
    for c in cs:
        if col_index(c.group(1)) > col_index(ref):
            at = c.start()
            break
    body = body[:at] + cell_xml(ref, value, None) + body[at:]
    xml = xml[: rm.start(1)] + body + xml[rm.end(1):]
parts[part] = xml.encode()
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for n, data in parts.items():
        zout.writestr(n, data)
