// The Python engine's Web Worker. It loads RustPython (wasm) once, reporting download progress,
// then runs one producer script per message and answers with the harness's JSON. The page
// terminates this worker when a run passes its wall-clock limit and starts a fresh one.
import init, { run_producer } from './python/python-worker.js';

// The engine's own module is requested first; after that, user code gets no network at all.
const download = fetch(new URL('./python/python-worker_bg.wasm', import.meta.url));
for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts']) {
  try { self[name] = undefined; } catch { /* read-only in some browsers */ }
}

/** The module's bytes, with `{type: 'progress', loaded, total}` messages as they arrive. */
async function downloadWithProgress() {
  const response = await download;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (loaded - reported > 256 * 1024) {
      reported = loaded;
      self.postMessage({ type: 'progress', loaded, total });
    }
  }
  self.postMessage({ type: 'progress', loaded, total: total || loaded });
  return new Blob(chunks).arrayBuffer();
}

const ready = downloadWithProgress()
  .then((bytes) => init({ module_or_path: bytes }))
  .then(
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
