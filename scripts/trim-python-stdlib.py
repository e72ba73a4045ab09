"""Writes Pyodide's python_stdlib.zip trimmed to the modules a list names, and its lock file without
the package index (the page loads no packages).

Usage: python3 trim-python-stdlib.py SOURCE_ZIP MODULE_LIST OUT_ZIP SOURCE_LOCK OUT_LOCK
A list line holds module names separated by spaces (# starts a comment). `a.b` keeps a/b.py or
a/b/__init__.py; `a.*` keeps the whole a/ directory. A name the zip does not hold is an error, so a
typo or a module Pyodide dropped fails the build instead of the page.
"""
import json
import sys
import zipfile

source_zip, module_list, out_zip, source_lock, out_lock = sys.argv[1:6]

names = []
with open(module_list, encoding="utf-8") as listing:
    for line in listing:
        names.extend(line.split("#", 1)[0].split())

with zipfile.ZipFile(source_zip) as source:
    members = [m for m in source.namelist() if not m.endswith("/")]
    present = set(members)
    keep = set()
    missing = []
    for name in names:
        path = name.replace(".", "/")
        if name.endswith(".*"):
            prefix = path[:-1]
            found = [m for m in members if m.startswith(prefix) and m.endswith(".py")]
        else:
            found = [p for p in (path + ".py", path + "/__init__.py") if p in present]
        if not found:
            missing.append(name)
        keep.update(found)
    if missing:
        sys.exit("trim-python-stdlib: not in %s: %s" % (source_zip, " ".join(missing)))
    with zipfile.ZipFile(out_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member in sorted(keep):
            # A fixed date keeps the zip's bytes the same from build to build (and so the browser's
            # cached copy valid).
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(member), compresslevel=9)

with open(source_lock, encoding="utf-8") as lock:
    index = json.load(lock)
index["packages"] = {}
with open(out_lock, "w", encoding="utf-8") as lock:
    json.dump(index, lock, separators=(",", ":"))
print("trim-python-stdlib: %d of %d files kept" % (len(keep), len(members)))
