// The Python engine's sandbox: the only script of dist/python-sandbox.html, which the page loads in
// an `<iframe sandbox="allow-scripts">` (an opaque origin: no storage, no cookies, no request to the
// page's origin) under the file's own Content-Security-Policy (no connection at all, no script but
// this one by its hash, 'wasm-unsafe-eval' to compile Pyodide, workers from blob: only;
// scripts/build-sandbox-page.mjs writes it).
//
// An opaque origin cannot fetch the page's files, so the page fetches them and hands them over:
// the engine's script (dist/python-engine/engine.js: Pyodide's loader, harness.py and
// www/python-engine/worker.js as one classic script) and Pyodide's two big files. Pyodide's wasm is
// compiled once, here; each run gets a fresh Web Worker made from the script through a blob: URL,
// which inherits this document's policy and opaque origin, so Python code holding the worker's real
// global (`import js`) still reaches no network and no storage of the page. The worker is ended when
// its run answers, so nothing a run leaves (listeners, patched built-ins, timers, memory) meets the
// next run; a spare is started after each run so the next one does not wait for Pyodide to start.
// The wasm memory's maximum is lowered at build time (scripts/cap-wasm-memory.py).
//
// A result that is not a string of at most MAX_OUTPUT_CHARS is refused here, before it is copied to
// the page (which checks again: MAX_ENGINE_OUTPUT_CHARS in src/page/mod.rs, the same number).
//
// The page's side is src/ui/worker_engine/:
//   sandbox -> page  {type: 'waiting'}            once, when this script runs: send the files
//   page -> sandbox  {type: 'files', files: {'engine.js': string, 'pyodide.asm.wasm': ArrayBuffer,
//                    'python_stdlib.zip': ArrayBuffer}}   once
//   sandbox -> page  {type: 'ready'} | {type: 'failed', message}     once
//   page -> sandbox  {id, code, options}
//   sandbox -> page  {type: 'running', id}, then {type: 'result', id, output} or
//                    {type: 'result', id, oversized: chars}
// Messages are taken only from the parent window at this file's own origin, and sent only there.
const pageOrigin = new URL(location.href).origin;
const post = (message) => parent.postMessage(message, pageOrigin);
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;

/** A worker loading the engine; `ready` settles once it has loaded (or failed to). */
function spawn(engine) {
  const url = URL.createObjectURL(new Blob([engine.source], { type: 'text/javascript' }));
  let worker;
  try {
    // A classic worker: an opaque origin cannot load a module worker from its own blob: URL.
    worker = new Worker(url, { name: 'shardlane-python-engine' });
  } finally {
    URL.revokeObjectURL(url);
  }
  const spawned = { worker, onmessage: null };
  spawned.ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const data = event.data;
      if (spawned.onmessage) spawned.onmessage(data);
      else if (data?.type === 'ready') resolve();
      else if (data?.type === 'failed') reject(String(data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (spawned.onmessage) spawned.onmessage({ type: 'error', message: String(event.message) });
      else reject(String(event.message || 'the worker did not start'));
    };
  });
  spawned.ready.catch(() => {});
  worker.postMessage({ type: 'load', wasm: engine.wasm, stdlib: engine.stdlib });
  return spawned;
}

function start() {
  if (parent === window) return; // opened on its own: nothing to serve
  if (self.origin !== 'null') {
    // Framed without the sandbox attribute, the worker would share the page origin's storage.
    post({ type: 'failed', message: 'the Python engine must run in a sandboxed, opaque-origin frame' });
    return;
  }
  let engine = null;
  let spare = null;

  const run = async (id, code, options) => {
    const current = spare ?? spawn(engine);
    spare = null;
    let output;
    try {
      await current.ready;
      output = await new Promise((resolve) => {
        current.onmessage = (data) => {
          if (data?.type === 'running' && data.id === id) post({ type: 'running', id });
          if (data?.type === 'result' && data.id === id) resolve(data.output);
          if (data?.type === 'error') resolve(JSON.stringify({ internal_error: data.message }));
        };
        current.worker.postMessage({ id, code, options });
      });
    } catch (message) {
      output = JSON.stringify({ internal_error: `the Python engine did not start: ${message}` });
    } finally {
      current.worker.terminate();
    }
    if (typeof output === 'string' && output.length <= MAX_OUTPUT_CHARS) post({ type: 'result', id, output });
    else post({ type: 'result', id, oversized: typeof output === 'string' ? output.length : -1 });
    spare = spawn(engine);
  };

  const load = async (files) => {
    if (typeof files?.['engine.js'] !== 'string'
      || !(files['pyodide.asm.wasm'] instanceof ArrayBuffer)
      || !(files['python_stdlib.zip'] instanceof ArrayBuffer)) {
      throw new Error('incomplete files');
    }
    const wasm = await WebAssembly.compile(files['pyodide.asm.wasm']);
    engine = { source: files['engine.js'], wasm, stdlib: files['python_stdlib.zip'] };
    spare = spawn(engine);
    await spare.ready;
  };

  // One run at a time, in the order asked (the page sends the next only after an answer anyway).
  let queue = null;
  addEventListener('message', (event) => {
    if (event.source !== parent || event.origin !== pageOrigin) return;
    const data = event.data ?? {};
    if (data.type === 'files') {
      if (queue) return;
      queue = load(data.files).then(
        () => post({ type: 'ready' }),
        (error) => post({ type: 'failed', message: `the Python engine did not load: ${error}` }),
      );
      return;
    }
    if (!queue || typeof data.id !== 'number') return;
    const { id, code, options } = data;
    queue = queue.then(() => run(id, String(code ?? ''), String(options ?? '')));
  });
  post({ type: 'waiting' });
}

start();
