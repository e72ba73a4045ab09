// Build step (scripts/build-python-engine.sh): compiles the trimmed standard-library zip to
// bytecode with Pyodide's own CPython, so the page's engine starts without compiling ~150 modules
// from source (measured under node: about half of Pyodide's start-up CPU time).
// Usage: node compile-python-stdlib.mjs PYODIDE_DIR IN_ZIP OUT_ZIP
// Every .py becomes an unchecked hash-based .pyc (PEP 552), which zipimport loads without a source
// or a timestamp; the code objects keep the file names a source import would give them.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pyodideDir, inZip, outZip] = process.argv.slice(2).map((path) => resolve(path));
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdLibURL: inZip });
pyodide.FS.writeFile('/tmp/in.zip', readFileSync(inZip));
pyodide.runPython(`
import importlib.util
import marshal
import sys
import zipfile

stdlib = "/lib/python%d%d.zip/" % sys.version_info[:2]
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for info in source.infolist():
        data = source.read(info)
        name = info.filename
        if name.endswith(".py"):
            code = compile(data, stdlib + name, "exec", dont_inherit=True)
            data = (importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little")
                    + importlib.util.source_hash(data) + marshal.dumps(code))
            name += "c"
        entry = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(entry, data, compresslevel=9)
`);
writeFileSync(outZip, pyodide.FS.readFile('/tmp/out.zip'));
