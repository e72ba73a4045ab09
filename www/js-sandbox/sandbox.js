// The JavaScript engine's sandbox: the only script of dist/js-sandbox.html, which the page loads in
// an `<iframe sandbox="allow-scripts">` (an opaque origin: no storage, no cookies, nothing of the
// page's origin) under the file's own Content-Security-Policy (no connection, no script but this
// one by its hash, 'unsafe-eval' for the harness, workers only from blob:). scripts/build-js.sh
// puts the engine's bundle (www/js-engine/worker.js) before this code as the string
// ENGINE_SOURCE, and hashes the whole into the policy.
//
// Each run gets a fresh Web Worker made from that string through a `blob:` URL: such a worker
// inherits this document's policy and opaque origin, so code holding its real global still has
// no network, no `import()` of anything, no storage; and since the worker is terminated when its
// run answers, nothing it leaves (listeners, patched built-ins, timers) meets the next run. A
// spare worker is started after each run so the next one does not wait for it.
//
// The page's side is src/ui/worker_engine.rs, with the same message contract as a worker:
//   page -> sandbox  {id, code, options}
//   sandbox -> page  {type: 'ready'} | {type: 'failed', message}     once, on load
//                    {type: 'running', id}        the run's worker has started the code
//                    {type: 'result', id, output}
// Messages are taken only from the parent window at this file's own origin, and sent only there.
const pageOrigin = new URL(location.href).origin;
const post = (message) => parent.postMessage(message, pageOrigin);
// The longest result handed to the page; longer ones are refused before they are copied (the page
// checks again: MAX_ENGINE_OUTPUT_CHARS in src/page/mod.rs, the same number).
const MAX_OUTPUT_CHARS = 64 * 1024 * 1024;

/** A fresh engine worker; `ready` settles once it has loaded (or failed to). */
function spawn(blob) {
  const url = URL.createObjectURL(blob);
  let worker;
  try {
    // A classic worker: an opaque origin cannot load a module worker from its own blob: URL.
    worker = new Worker(url, { name: 'shardlane-javascript-engine' });
  } finally {
    // The worker holds its script once constructed; the code it runs never sees this URL.
    URL.revokeObjectURL(url);
  }
  const engine = { worker, running: false, onmessage: null };
  engine.ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const data = event.data;
      if (engine.running) engine.onmessage?.(data);
      else if (data?.type === 'ready') resolve();
      else if (data?.type === 'failed') reject(String(data.message));
    };
    // An error before `ready` means the engine did not load; later ones come from the producer's
    // own real timers or listeners, and the run goes on (its time limit still holds).
    worker.onerror = (event) => {
      event.preventDefault();
      if (!engine.running) reject(String(event.message || 'the worker did not start'));
    };
  });
  engine.ready.catch(() => {});
  return engine;
}

function start() {
  if (parent === window) return; // opened on its own: nothing to serve
  if (self.origin !== 'null') {
    // Framed without the sandbox attribute, the worker would share the page origin's storage.
    post({ type: 'failed', message: 'the JavaScript engine must run in a sandboxed, opaque-origin frame' });
    return;
  }
  const blob = new Blob([ENGINE_SOURCE], { type: 'text/javascript' });
  let spare = spawn(blob);
  spare.ready.then(
    () => post({ type: 'ready' }),
    (message) => post({ type: 'failed', message: `the JavaScript engine did not load: ${message}` }),
  );

  const run = async (id, code, options) => {
    const engine = spare ?? spawn(blob);
    spare = null;
    let output;
    try {
      await engine.ready;
      output = await new Promise((resolve) => {
        engine.running = true;
        engine.onmessage = (data) => {
          if (data?.type === 'result' && data.id === id && typeof data.output === 'string') resolve(data.output);
        };
        engine.worker.postMessage({ id, code, options });
        post({ type: 'running', id });
      });
    } catch (message) {
      output = JSON.stringify({ internal_error: `the JavaScript engine did not start: ${message}` });
    } finally {
      engine.worker.terminate();
    }
    if (output.length <= MAX_OUTPUT_CHARS) post({ type: 'result', id, output });
    else post({ type: 'result', id, oversized: output.length });
    spare = spawn(blob);
  };

  // One run at a time, in the order asked (the page sends the next only after an answer anyway).
  let queue = Promise.resolve();
  addEventListener('message', (event) => {
    if (event.source !== parent || event.origin !== pageOrigin) return;
    const { id, code, options } = event.data ?? {};
    if (typeof id !== 'number') return;
    queue = queue.then(() => run(id, String(code ?? ''), String(options ?? '')));
  });
}

start();
