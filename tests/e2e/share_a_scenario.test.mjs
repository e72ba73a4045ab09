// A scenario travels in the URL fragment: edit it, copy the link, open the link in a fresh
// browser context, and everything is back; a damaged link shows a banner and the default scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, servedApp, setCode, getCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');

const table = (page) => page.locator('#records-table tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent));

test('a copied link restores the scenario in a fresh browser', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await setCode(page, 'aws kinesis put-record --stream-name s --partition-key shared-key --data aGk=\nsleep 2\naws kinesis put-record --stream-name s --partition-key other --data aGk=\n');
  await page.fill('#shards', '5');
  await page.fill('#parallelization-factor', '3');
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'shared-key');
  await page.click('details.share summary');
  await page.click('#copy-link');
  await page.locator('#changed-since-shared').waitFor({ state: 'detached' });
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /\/tools\/shardlane\/#v1\./);
  assert.ok(link.length < 2000, `${link.length} characters`);
  assert.equal(new URL(link).hash, await page.evaluate(() => location.hash), 'the address bar follows the scenario');
  const expected = await table(page);

  const fresh = await launchBrowser();
  try {
    const other = await newPage(fresh);
    await other.goto(link);
    await other.locator('#records-table tbody tr').nth(1).waitFor();
    assert.equal(await other.inputValue('#shards'), '5');
    assert.equal(await other.inputValue('#parallelization-factor'), '3');
    assert.match(await getCode(other), /shared-key/);
    assert.deepEqual(await table(other), expected);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }
});

test('a damaged link shows a banner and the default scenario', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}#v1.this-is-not-a-scenario`);
  const banner = page.locator('#link-banner');
  await banner.waitFor();
  assert.match(await banner.textContent(), /could not be opened/);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.equal(await page.inputValue('#shards'), '3');
  await screenshot(page, 'damaged-link-1280x800');
});

test('editing after copying says the scenario changed since it was shared', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('details.share summary');
  await page.click('#copy-link');
  assert.equal(await page.locator('#changed-since-shared').count(), 0);
  await page.fill('#batch-size', '42');
  await page.locator('#changed-since-shared').waitFor();
});

test('a small Python scenario carries its records: the reader sees them before any engine loads', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const code = await getCode(page);
  await setCode(page, code.replace("str(r['source'])", "'carried-' + str(r['id'] % 2)"));
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent.startsWith('carried-'), null, { timeout: 60_000 });
  // The fragment is written once edits pause: wait until the run's own write has landed (the hash
  // holds still for longer than the pause), so the next change seen is the selection's.
  await page.waitForFunction(() => {
    const hash = location.hash;
    return new Promise((resolve) => setTimeout(() => resolve(hash.length > 10 && location.hash === hash), 600));
  });
  const before = await page.evaluate(() => location.hash);
  await page.locator('#records-table tbody tr').nth(3).click();
  // The address bar and the Share menu follow the scenario once edits pause.
  await page.waitForFunction((before) => location.hash !== before, before);
  await page.waitForFunction(() => document.querySelector('#share-link').value.endsWith(location.hash));
  await page.click('details.share summary');
  const link = await page.locator('#share-link').inputValue();

  const fresh = await launchBrowser();
  try {
    const reader = await newPage(fresh);
    // The engine's files are held back: the carried records must not need them.
    await reader.route('**/python-engine/**', () => {});
    await reader.goto(link);
    await reader.locator('#records-table tbody tr').nth(7).waitFor();
    assert.equal(await reader.locator('#records-table td.key').first().textContent(), 'carried-0');
    assert.match(await reader.locator('#run-status').textContent(), /came with the link/);
    assert.equal(await reader.locator('#records-table tbody tr.selected').count(), 1, 'the selected record travels too');
    assert.match(await reader.locator('#explain').textContent(), /MD5/);
  } finally {
    await fresh.context.close();
  }
});

test('a hostile query string never reaches the copied snippets', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}?x=)[click](https://evil.invalid)"><script>alert(1)</script>`);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('details.share summary');
  const link = await page.locator('#share-link').inputValue();
  assert.doesNotMatch(link, /evil|script|\?/);
  assert.match(link, /\/tools\/shardlane\/#v1\./);
});

test('every copy button says it copied, and the embed snippet opens a read-only embed', async () => {
  const page = await newPage(app.browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('details.share summary');
  for (const id of ['#copy-link', '#copy-markdown', '#copy-embed']) {
    await page.click(id);
    assert.equal(await page.locator(id).textContent(), 'Copied ✓', id);
  }
  const iframe = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(iframe, /^<iframe data-shardlane src="http:\/\/127\.0\.0\.1:\d+\/tools\/shardlane\/#v1\.[\w.-]+&amp;embed=1&amp;readonly=1"/);
  assert.match(iframe, /\n<script src="http:\/\/127\.0\.0\.1:\d+\/tools\/shardlane\/embed\.js" async><\/script>$/);
});

test('the costliest short link renders in bounded time, saying what it cut', async (t) => {
  // A link chooses every cost: 300,000 records of 20,000 keys, 10,000 shards, BatchSize 1, PF 10 and a
  // function far slower than its timeout (every invocation fails and is retried). The page keeps
  // 100,000 records and stops the simulation at 100,000 failed invocations, and says so.
  const scenario = {
    code: 'import boto3\nk = boto3.client("kinesis")\nfor j in range(0, 300000, 500):\n'
      + '    k.put_records(StreamName="s", Records=[{"Data": b"x", "PartitionKey": str(i % 20000)} for i in range(j, j + 500)])\n',
    language: 'python',
    shard_count: 10000,
    mapping: {
      BatchSize: 1, MaximumBatchingWindowInSeconds: 0, ParallelizationFactor: 10, MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1, BisectBatchOnFunctionError: false, TumblingWindowInSeconds: null,
      StartingPosition: 'LATEST', FilterCriteria: null,
    },
    function: { fixed_ms: 900000, per_record_ms: 0, cold_start_ms: 0, max_environments: null },
    seed: 1,
    record_cap: 1000000,
  };
  const { deflateRawSync } = await import('node:zlib');
  const fragment = `v1.${deflateRawSync(JSON.stringify(scenario), { level: 9 }).toString('base64url')}`;
  t.diagnostic(`the link's fragment is ${fragment.length} characters`);
  assert.ok(fragment.length < 600, 'a short link');
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}#${fragment}`);
  const status = page.locator('#run-status');
  await page.waitForFunction(() => /Cut at 100,000 records/.test(document.querySelector('#run-status')?.textContent ?? ''),
    null, { timeout: 120_000 });
  assert.match(await status.textContent(), /the most the page simulates/);
  await page.locator('.findings').getByText(/stopped after 100,000 failed invocations/i).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#link-banner').count(), 0, 'the link decoded');
  await page.fill('#batch-size', '2');
  assert.equal(await page.inputValue('#batch-size'), '2', 'the page answers afterwards');
  await screenshot(page, 'costliest-short-link');
});

test('a scenario too large for a link takes the old link out of the address bar and says why', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
  await page.selectOption('#language', 'keys');
  // 100,000 keys of 8-12 bytes: about 1.3 MB of JSON, over the 1 MiB a link may inflate to.
  await setCode(page, Array.from({ length: 100_000 }, (_, i) => `device-${i}`).join('\n'));
  await page.waitForFunction(() => /^100000 records/.test(document.querySelector('#records-caption').textContent),
    null, { timeout: 60_000 });
  await page.waitForFunction(() => location.hash === '');
  await page.click('details.share summary');
  const note = page.locator('#link-too-large');
  await note.waitFor();
  assert.match(await note.textContent(), /No link: this scenario is 1\d{3} KiB as JSON, over the 1024 KiB \(1 MiB\) a link carries/);
  assert.equal(await page.locator('#share-link').count(), 0);
  await screenshot(page, 'link-too-large-1280x800');
  // A small scenario again makes a link again.
  await setCode(page, 'a\nb\n');
  await page.locator('#share-link').waitFor();
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
  assert.deepEqual(app.browser.errors, []);
});
