// The JavaScript engine's Web Worker: runs one pasted producer per message with stub AWS SDKs and
// answers with the harness JSON (the contract of src/ui/worker_engine.rs). The worker is
// reused across runs, each of which starts from a clean state; the page terminates it when a run
// passes its wall-clock limit (a synchronous endless loop) and starts a fresh one.
//
//   page -> worker  {id, code, options}            options: the harness options JSON string
//   worker -> page  {type: 'ready'} | {type: 'failed', message}     once, on load
//                   {type: 'result', id, output}   output: the harness output JSON string, or
//                                                  '{"internal_error": "..."}' for a Shardlane bug
import { BLOCKED, calibrate, runProducer } from './harness.js';

const post = self.postMessage.bind(self);

// User code gets no network at all.
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

// Runs one at a time, in the order asked, so every run starts from a clean state.
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
