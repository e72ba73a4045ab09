// Build step (scripts/build-python-engine.sh): writes the Python engine's worker script,
// dist/python-engine/engine.js, one classic script (an opaque-origin sandbox can start a classic
// worker from a blob: URL, not a module worker): Pyodide's module factory (pyodide.asm.mjs, its ES
// module syntax taken out), Pyodide's loader (pyodide.js, a classic script defining loadPyodide),
// the constants PYODIDE_LOCK, HARNESS_SOURCE and DYNAMODB_SOURCE (the fake boto3's DynamoDB), then
// www/python-engine/worker.js.
//   node scripts/bundle-python-engine.mjs PYODIDE_DIR LOCK_JSON HARNESS_PY DYNAMODB_PY WORKER_JS OUTPUT_JS
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [pyodide, lock, harness, dynamodb, worker, output] = process.argv.slice(2);
if (!output) throw new Error('usage: bundle-python-engine.mjs PYODIDE_DIR LOCK_JSON HARNESS_PY DYNAMODB_PY WORKER_JS OUTPUT_JS');

/** Replaces `from` in `text` exactly `count` times, or fails the build (a new Pyodide changed it). */
function replaceExactly(text, from, to, count) {
  const found = text.split(from).length - 1;
  if (found !== count) throw new Error(`bundle-python-engine: expected ${count} × ${JSON.stringify(from)} in pyodide.asm.mjs, found ${found}`);
  return text.split(from).join(to);
}

let factory = readFileSync(join(pyodide, 'pyodide.asm.mjs'), 'utf8');
// The module's own URL only names its neighbours; the worker answers every request for them.
factory = replaceExactly(factory, 'import.meta.url', '"https://python-engine.invalid/pyodide.asm.mjs"', 3);
factory = replaceExactly(factory, 'export default _createPyodideModule', '', 1);
const loader = readFileSync(join(pyodide, 'pyodide.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
const constants = `const PYODIDE_LOCK = ${JSON.stringify(readFileSync(lock, 'utf8'))};\n`
  + `const HARNESS_SOURCE = ${JSON.stringify(readFileSync(harness, 'utf8'))};\n`
  + `const DYNAMODB_SOURCE = ${JSON.stringify(readFileSync(dynamodb, 'utf8'))};\n`;
writeFileSync(output, [factory, loader, constants, readFileSync(worker, 'utf8')].join('\n;\n'));
