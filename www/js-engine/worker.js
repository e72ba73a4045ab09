// The JavaScript engine's Web Worker: runs a pasted producer with stub AWS SDKs and answers with
// the harness JSON (the contract of src/ui/worker_engine.rs). On the page it is bundled as a
// classic script into js-sandbox.html (www/js-sandbox/), which starts a fresh worker from it for
// each run inside a sandboxed, opaque-origin frame and terminates it once the run has answered;
// the page removes the whole frame when a run passes its time limit (a synchronous endless loop).
//
//   sandbox -> worker  {id, code, options}            options: the harness options JSON string
//   worker -> sandbox  {type: 'ready'} | {type: 'failed', message}     once, on load
//                      {type: 'result', id, output}   output: the harness output JSON string, or
//                                                     '{"internal_error": "..."}' for a Shardlane bug
import { BLOCKED, calibrate, runProducer } from './harness.js';

const post = self.postMessage.bind(self);

// User code gets no network at all (the sandbox's policy refuses it too, whatever is left here).
for (const name of BLOCKED) {
  try { self[name] = undefined; } catch { /* read-only in some browsers */ }
}

let loaded = false;
try {
  calibrate();
  loaded = true;
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', message: `the JavaScript engine did not load: ${error}` });
}

// Runs one at a time, in the order asked (the sandbox sends one per worker).
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  const { id, code, options } = event.data ?? {};
  queue = queue.then(async () => {
    let output;
    try {
      if (!loaded) throw new Error('the JavaScript engine did not load');
      output = await runProducer(String(code ?? ''), options);
    } catch (error) {
      output = JSON.stringify({ internal_error: String(error && error.stack ? error.stack : error) });
    }
    post({ type: 'result', id, output });
  });
});
