// The JavaScript engine under Node.js, for the `shardlane` CLI: the page's harness (harness.js,
// kinesis.js, runtime.js) run once, as worker.js runs it in the browser.
//
//   stdin   {"code": "...", "options": "<the harness options JSON string>"}
//   stdout  the harness output JSON, or {"internal_error": "..."} for a Shardlane bug
//
// The producer is untrusted code. The CLI starts node with its permission model (no file writes,
// no child processes, reads only the checkout), and this entry takes away what Node adds to the
// browser worker's globals before the producer runs: `process`, `Buffer`, `global` and the
// network names worker.js removes; a module hook (node-hooks.mjs) then refuses every import, so
// `Function('return import("node:http")')()` finds no network module either. Node 20's
// permission model has no network switch; these two steps are what blocks it.
import { register } from 'node:module';
import { BLOCKED, calibrate, runProducer } from './harness.js';

const { stdin, stdout } = process;

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

let output;
try {
  const { code, options } = JSON.parse(await readAll(stdin));
  register('./node-hooks.mjs', import.meta.url);
  for (const name of [...BLOCKED, 'process', 'Buffer', 'global']) {
    try { delete globalThis[name]; } catch { /* not configurable */ }
    if (name in globalThis) globalThis[name] = undefined;
  }
  calibrate();
  output = await runProducer(String(code ?? ''), options);
} catch (error) {
  output = JSON.stringify({ internal_error: String(error && error.stack ? error.stack : error) });
}
stdout.write(output);
