// Pasted Python is hostile: Pyodide hands it the worker's globals (`import js`) and pyodide.http.
// The browser, not the engine, keeps it off the network: the Python worker carries the page's
// Content-Security-Policy (connect-src 'self', no 'unsafe-eval'). Each script below tries one way
// out towards a listener on another port of 127.0.0.1, which must see no request at all, while the
// page still answers with the script's records or a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listen, newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');


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
    code: `import js\njs.indexedDB.open("shardlane-probe")\njs.fetch("${url}/after-indexeddb")`,
    throws: false,
  },
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
