// The default scenario (the seed's put_records) opens with every record's shard, lane, batch
// and execution environment on screen, computed by the wasm core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');

async function shardsByKey(page) {
  const rows = await page.locator('#records-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector('.key').textContent, tr.querySelector('.shard').textContent]));
  return Object.fromEntries(rows);
}

test('the seed keys land on the shards AWS chose', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.deepEqual(await shardsByKey(page), {
    100: 'shardId-000000000002', 101: 'shardId-000000000000',
    102: 'shardId-000000000002', 103: 'shardId-000000000001',
  });
  await screenshot(page, 'default-scenario-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('changing the shard count re-routes the records', async () => {
  const page = await newPage(app.browser, { width: 390, height: 844 });
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.fill('#shards', '1');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#records-table .shard')].every((td) => td.textContent === 'shardId-000000000000'));
  await screenshot(page, 'one-shard-390x844');
});

test('broken PutRecords JSON is reported with its line', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').first().waitFor();
  await setCode(page, '{"Records": [\n  {"PartitionKey": "a",, }]}');
  const message = await page.locator('.diagnostics .error').first().textContent();
  assert.match(message, /^line 2, column \d+/);
});

test('the page follows a dark colour scheme', async () => {
  const page = await newPage(app.browser);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(20, 22, 27)');
  await screenshot(page, 'default-scenario-dark-1280x800');
});

test('the records table filters by key or shard', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.fill('#record-filter', '101');
  await page.waitForFunction(() => document.querySelectorAll('#records-table tbody tr').length === 5);
  await page.fill('#record-filter', 'shardId-000000000002');
  await page.waitForFunction(() => document.querySelectorAll('#records-table tbody tr').length === 2);
  assert.match(await page.locator('#records-caption').textContent(), /8 records, 2 matching/);
});

test('records and invocations are reachable with the keyboard', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.locator('#records-table tbody tr').nth(7).focus();
  await page.keyboard.press('Enter');
  assert.match(await page.locator('#explain').textContent(), /"103"/);
  await page.locator('#timeline .batch').first().focus();
  await page.keyboard.press('Enter');
  assert.match(await page.locator('#event-json').textContent(), /"eventSource": "aws:kinesis"/);
});

test('100,000 records scroll in a virtualised table that draws only the rows in view', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#language', 'keys');
  const keys = Array.from({ length: 100_000 }, (_, i) => `device-${i}`).join('\n');
  await setCode(page, keys);
  await page.waitForFunction(() => /^100000 records/.test(document.querySelector('#records-caption').textContent),
    null, { timeout: 60_000 });
  const drawn = await page.locator('#records-table tbody tr:not(.spacer)').count();
  assert.ok(drawn > 10 && drawn < 200, `${drawn} rows in the DOM`);
  assert.equal(await page.locator('#records-table').getAttribute('aria-rowcount'), '100001');
  // Scrolled to the end, the last record is drawn with its own shard.
  await page.locator('.table-wrap').evaluate((box) => { box.scrollTop = box.scrollHeight; });
  await page.waitForFunction(() => [...document.querySelectorAll('#records-table td.key')].some((td) => td.textContent === 'device-99999'));
  const last = page.locator('#records-table tbody tr:not(.spacer)').last();
  assert.equal(await last.locator('td').first().textContent(), '99999');
  assert.match(await last.locator('td.shard').textContent(), /^shardId-00000000000[0-2]$/);
  assert.equal(await last.getAttribute('aria-rowindex'), '100001');
  // Filtering works over every record, not only the drawn ones.
  await page.fill('#record-filter', 'device-99998');
  await page.waitForFunction(() => document.querySelectorAll('#records-table tbody tr').length === 1);
  assert.deepEqual(app.browser.errors, []);
});

test('the AWS CLI example reads put-record and put-records lines, and sleep moves the clock', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#examples', 'aws-cli');
  await page.waitForFunction(() => document.querySelectorAll('#records-table tbody tr').length === 6);
  assert.match(await page.locator('#language option:checked').textContent(), /Auto \(AWS CLI\)/);
  assert.deepEqual(await page.locator('#records-table td.key').allTextContents(),
    ['customer-7', 'customer-7', 'customer-9', 'customer-4', 'customer-9', 'customer-7']);
  // The records after `sleep 2` form later batches than those before it.
  const batches = await page.locator('#records-table td.batch').allTextContents();
  assert.equal(batches[5], String(Number(batches[1]) + 1), 'customer-7 after the sleep is in its lane\'s next batch');
  assert.deepEqual(app.browser.errors, []);
});
