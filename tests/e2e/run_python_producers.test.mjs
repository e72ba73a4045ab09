// Python producers run in CPython (Pyodide) inside a Web Worker: loaded when the page is idle,
// reused, and terminated (then replaced) when a run passes the 5 s limit, while the page stays
// responsive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, servedApp, setCode, getCode } from './support.mjs';

const app = servedApp('/');

const cells = (page, column) => page.locator(`#records-table tbody td.${column}`).allTextContents();

async function typeCode(page, code) {
  await setCode(page, code);
}

async function waitFor(condition, timeout) {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitIdle(page, timeout = 60_000) {
  await page.waitForFunction(() => !document.querySelector('#run-status.busy'), null, { timeout });
}

test('the default scenario draws without waiting for the Python engine, which loads when the page is idle', async () => {
  const page = await newPage(app.browser);
  const engine = [];
  // The engine's files are held back: the records must not need them.
  await page.route('**/python-engine/**', (route) => engine.push(route.request().url()));
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.deepEqual(await cells(page, 'key'), ['100', '101', '101', '101', '101', '101', '102', '103']);
  // Idle time fetches the engine before the first edit (the default scenario is Python).
  await waitFor(() => engine.some((url) => url.endsWith('/python-engine/files.json')), 10_000);
  assert.equal(await page.locator('#run-status.busy').count(), 0, 'loading ahead of time is not a run');
});

test('editing the Python code re-runs it and re-routes the records', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  // Every status the page shows while the engine loads and runs.
  await page.evaluate(() => {
    window.statuses = [];
    new MutationObserver(() => {
      const text = document.querySelector('#run-status')?.textContent;
      if (text && text !== window.statuses.at(-1)) window.statuses.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const code = await getCode(page);
  await typeCode(page, code.replace("str(r['source'])", "'constant'"));
  await page.waitForFunction(() => [...document.querySelectorAll('#records-table td.key')].every((td) => td.textContent === 'constant'),
    null, { timeout: 60_000 });
  const statuses = await page.evaluate(() => window.statuses);
  // Part-way ("1.2 of 12.4 MB (10%)"), or already in when the idle prefetch finished first.
  assert.ok(statuses.some((text) => /Loading the Python engine.* ([\d.]+ of [\d.]+ MB \(\d+%\)|[\d.]+ MB downloaded, starting…)/.test(text)),
    `download progress shown: ${statuses.join(' | ')}`);
  assert.ok(statuses.some((text) => /^Running your producer… \d+ s of 5 s$/.test(text)),
    `then the running time against the limit: ${statuses.join(' | ')}`);
  const shards = new Set(await cells(page, 'shard'));
  assert.equal(shards.size, 1, 'one constant key, one shard');
  assert.match(await page.locator('.findings').textContent(), /same partition key/);
  await screenshot(page, 'python-constant-key-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('a Python syntax error is reported with its line and the last results stay', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await typeCode(page, 'import boto3\nk = boto3.client("kinesis")\nfor i in range(3)\n    k.put_record(StreamName="s", Data="x", PartitionKey=str(i))\n');
  const error = page.locator('.diagnostics .error').first();
  await error.waitFor({ timeout: 60_000 });
  assert.match(await error.textContent(), /^line 3(, column \d+)?: SyntaxError/);
  assert.equal(await page.locator('#records-table tbody tr').count(), 8, 'the last good records stay');
});

test('an endless loop is stopped after 5 s, the page stays responsive, and the engine restarts', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await typeCode(page, 'while True:\n    pass\n');
  await page.locator('#run-status.busy').waitFor({ timeout: 10_000 });
  // The page answers while the worker spins.
  await page.fill('#batch-size', '7');
  assert.equal(await page.inputValue('#batch-size'), '7');
  const status = page.locator('#run-status.error');
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.textContent(), /Stopped after 5 s/);
  await typeCode(page, 'import boto3\nboto3.client("kinesis").put_record(StreamName="s", Data="x", PartitionKey="after")\n');
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'after', null, { timeout: 60_000 });
  assert.equal(await page.locator('section.input').getAttribute('data-python-workers'), '2');
});

test('a script cannot push back its time limit by posting "running" messages itself', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  // The worker's own postMessage is reachable from Python; the run ids are small numbers.
  await typeCode(page, 'import js\nfrom pyodide.ffi import to_js\nwhile True:\n    for i in range(1, 50):\n'
    + '        js.postMessage(to_js({"type": "running", "id": i}, dict_converter=js.Object.fromEntries))\n');
  await page.locator('#run-status.busy').waitFor({ timeout: 60_000 });
  const status = page.locator('#run-status.error');
  await status.waitFor({ timeout: 60_000 });
  assert.match(await status.textContent(), /Stopped after 5 s/);
});

test('at 4 Mbit/s the first run waits for the engine to download, then runs: loading is not running time', async () => {
  // A fresh profile: nothing of the engine is cached.
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions',
      { offline: false, latency: 40, downloadThroughput: 4e6 / 8, uploadThroughput: 1e6 / 8 });
    await page.goto(app.server.url);
    await page.locator('#records-table tbody tr').nth(7).waitFor({ timeout: 60_000 });
    const started = Date.now();
    await typeCode(page, (await getCode(page)).replace("str(r['source'])", "'slow'"));
    await page.locator('#run-status', { hasText: /Loading the Python engine \(CPython/ }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'python-loading-4mbit-1280x800');
    await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'slow', null, { timeout: 120_000 });
    assert.ok(Date.now() - started > 5_000, 'the download alone took longer than the 5 s limit');
    assert.equal(await page.locator('#run-status.error').count(), 0);
  } finally {
    await browser.context.close();
  }
});
