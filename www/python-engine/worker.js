// The Python engine's Web Worker: CPython (Pyodide, from this directory's own files) running
// harness.py. It loads once, posting download progress, then runs one producer script per message
// and answers with the harness's JSON. The page terminates it when a run passes its time limit.
//
// The page starts it from a blob: module that imports this file (src/ui/worker_engine.rs): a blob:
// worker inherits the page's policy container, so the page's Content-Security-Policy (connect-src
// 'self', no 'unsafe-eval') binds everything Python reaches through `import js` or pyodide.http.
// A worker loaded from its URL would take its policy from response headers, which static hosting
// does not send.
//
// Messages (the contract in src/ui/worker_engine.rs): out {type: 'progress', loaded, total},
// {type: 'ready'} or {type: 'failed', message}; in {id, code, options}; out {type: 'running', id}
// when the script starts (the page's time limit counts from there), then {type: 'result', id, output}.
import { loadPyodide } from './pyodide.mjs';
import { files } from './files.mjs';

const here = new URL('./', import.meta.url);
const url = (name) => new URL(name, here).href;

/**
 * Starts the big downloads at once, in parallel, so progress has a total from the start. Each
 * response goes to Pyodide untouched (the wasm streams into the compiler, and the browser can cache
 * its compiled code); a clone of it is read only to count bytes.
 */
function startDownloads() {
  const sizes = { loaded: new Map(), total: 0 };
  for (const name of ['pyodide.asm.wasm', 'python_stdlib.zip']) sizes.total += files[name];
  let reported = 0;
  const report = (force) => {
    let loaded = 0;
    for (const bytes of sizes.loaded.values()) loaded += bytes;
    if (force || loaded - reported >= 256 * 1024) {
      reported = loaded;
      self.postMessage({ type: 'progress', loaded, total: Math.max(sizes.total, loaded) });
    }
  };
  const pending = new Map();
  for (const name of ['pyodide.asm.wasm', 'python_stdlib.zip']) {
    pending.set(url(name), fetch(url(name)).then((response) => {
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      const reader = response.clone().body.getReader();
      sizes.loaded.set(name, 0);
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          sizes.loaded.set(name, sizes.loaded.get(name) + value.length);
          report(false);
        }
        report(true);
      })().catch(() => {});
      return response;
    }));
  }
  return pending;
}

async function load() {
  const pending = startDownloads();
  const harness = fetch(url('harness.py')).then((response) => {
    if (!response.ok) throw new Error(`harness.py: HTTP ${response.status}`);
    return response.text();
  });
  // Pyodide fetches its files itself; while it loads, the two already under way are handed over.
  // The worker's own fetch is back in place before any Python code runs.
  const realFetch = self.fetch;
  self.fetch = (resource, init) => {
    const key = String(resource instanceof Request ? resource.url : new URL(String(resource), here));
    const started = pending.get(key);
    if (started) {
      pending.delete(key);
      return started;
    }
    return realFetch(resource, init);
  };
  let pyodide;
  try {
    pyodide = await loadPyodide({ indexURL: here.href, env: { HOME: '/home/pyodide' } });
  } finally {
    self.fetch = realFetch;
  }
  pyodide.FS.writeFile('/home/pyodide/shardlane_harness.py', await harness);
  pyodide.runPython("import sys\nsys.path.insert(0, '/home/pyodide')\n");
  return pyodide.pyimport('shardlane_harness').run;
}

const ready = load();
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (error) => self.postMessage({ type: 'failed', message: `the Python engine did not load: ${error}` }),
);

self.onmessage = async (event) => {
  const { id, code, options } = event.data;
  let run;
  try {
    run = await ready;
  } catch {
    return;
  }
  self.postMessage({ type: 'running', id });
  let output;
  try {
    output = run(code, options);
  } catch (error) {
    output = JSON.stringify({ internal_error: String(error) });
  }
  self.postMessage({ type: 'result', id, output });
};
