// The Python engine's Web Worker. It loads RustPython (wasm) once, then runs one producer script
// per message and answers with the harness's JSON. The page terminates this worker when a run
// passes its wall-clock limit and starts a fresh one for the next run.
import init, { run_producer } from './python/python-worker.js';

// The engine's own module is requested first; after that, user code gets no network at all.
const module = fetch(new URL('./python/python-worker_bg.wasm', import.meta.url));
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts']) {
  try { self[name] = undefined; } catch { /* read-only in some browsers */ }
}

const ready = init({ module_or_path: module }).then(
  () => self.postMessage({ type: 'ready' }),
  (error) => self.postMessage({ type: 'failed', message: `the Python engine did not load: ${error}` }),
);

self.onmessage = async (event) => {
  const { id, code, options } = event.data;
  await ready;
  try {
    self.postMessage({ type: 'result', id, output: run_producer(code, options) });
  } catch (error) {
    self.postMessage({ type: 'result', id, output: JSON.stringify({ internal_error: String(error) }) });
  }
};
