// The Python engine's Web Worker: CPython (Pyodide) running harness.py. scripts/build-python-engine.sh
// bundles it, as one classic script (dist/python-engine/engine.js), after Pyodide's module factory
// (`_createPyodideModule`) and loader (`loadPyodide`), and the constants PYODIDE_LOCK (the trimmed
// lock file), HARNESS_SOURCE (harness.py) and DYNAMODB_SOURCE (dynamodb.py, imported first as
// `shardlane_dynamodb`, where harness.py finds it).
//
// It runs inside the Python sandbox (www/python-sandbox/sandbox.js): a worker started from a blob:
// URL by an opaque-origin frame whose policy allows no connection. It fetches nothing: the page
// fetched Pyodide's files and the sandbox hands them over in the first message.
//
// Messages: in {type: 'load', wasm: WebAssembly.Module, stdlib: ArrayBuffer} (Pyodide's module,
// compiled once by the sandbox, and python_stdlib.zip); out {type: 'ready'} or {type: 'failed',
// message}. Then in {id, code, options}; out {type: 'running', id} when the script starts, then
// {type: 'result', id, output}: the harness's JSON. The sandbox ends the worker after one run.

/** Where Pyodide believes its files are: a name only, every request for it is answered below. */
const INDEX_URL = 'https://python-engine.invalid/';

/**
 * Loads Pyodide from what the sandbox handed over: its two downloads are answered from memory, and
 * its wasm is instantiated from the compiled module instead of being compiled again. The worker's
 * own fetch and WebAssembly are back in place before any Python runs.
 */
async function load(wasm, stdlib) {
  if (!(wasm instanceof WebAssembly.Module) || !(stdlib instanceof ArrayBuffer)) throw new Error('incomplete files');
  const realFetch = self.fetch;
  const realInstantiateStreaming = WebAssembly.instantiateStreaming;
  self.fetch = async (resource, init) => {
    const url = String(resource instanceof Request ? resource.url : resource);
    if (url === `${INDEX_URL}python_stdlib.zip`) return new Response(stdlib);
    if (url === `${INDEX_URL}pyodide.asm.wasm`) return new Response(new ArrayBuffer(0), { headers: { 'Content-Type': 'application/wasm' } });
    return realFetch(resource, init);
  };
  WebAssembly.instantiateStreaming = async (response, imports) => ({ module: wasm, instance: await WebAssembly.instantiate(wasm, imports) });
  let pyodide;
  try {
    pyodide = await loadPyodide({
      indexURL: INDEX_URL,
      createPyodideModule: _createPyodideModule,
      lockFileContents: PYODIDE_LOCK,
      env: { HOME: '/home/pyodide' },
    });
  } finally {
    self.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiateStreaming;
  }
  pyodide.FS.writeFile('/home/pyodide/shardlane_dynamodb.py', DYNAMODB_SOURCE);
  pyodide.FS.writeFile('/home/pyodide/shardlane_harness.py', HARNESS_SOURCE);
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\n");
  // The fake boto3's DynamoDB first: harness.py finds it in sys.modules as it loads.
  pyodide.pyimport('shardlane_dynamodb');
  return pyodide.pyimport('shardlane_harness').run;
}

let engine = null;

self.onmessage = (event) => {
  const data = event.data ?? {};
  if (data.type === 'load') {
    if (engine) return;
    engine = load(data.wasm, data.stdlib);
    engine.then(
      () => self.postMessage({ type: 'ready' }),
      (error) => self.postMessage({ type: 'failed', message: `the Python engine did not load: ${error}` }),
    );
    return;
  }
  if (!engine || typeof data.id !== 'number') return;
  engine.then((run) => {
    self.postMessage({ type: 'running', id: data.id });
    let output;
    try {
      output = run(String(data.code ?? ''), String(data.options ?? ''));
    } catch (error) {
      // Python's own exceptions are the harness's to report; this is Pyodide failing underneath.
      output = JSON.stringify({ internal_error: String(error) });
    }
    self.postMessage({ type: 'result', id: data.id, output: String(output) });
  }, () => {});
};
