// JavaScript producers run in the page: the browser's own engine in a Web Worker with stub AWS
// SDKs, inside a sandboxed frame loaded on the first JavaScript run (a fresh worker per run), the
// frame removed and replaced when a run passes 5 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

const V3_PRODUCER = `import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const client = new KinesisClient({ region: 'eu-west-1' });
const orders = [{ id: 1, customer: 'alice' }, { id: 2, customer: 'bob' }, { id: 3, customer: 'alice' }];

const response = await client.send(new PutRecordsCommand({
  StreamName: 'orders',
  Records: orders.map((order) => ({
    PartitionKey: order.customer,
    Data: new TextEncoder().encode(JSON.stringify(order)),
  })),
}));
console.log('failed:', response.FailedRecordCount);
`;

/** The shard of a key on a uniform 3-shard stream, computed here with node's MD5. */
function shardOf(key) {
  const hash = BigInt(`0x${createHash('md5').update(key, 'utf8').digest('hex')}`);
  const width = (1n << 128n) / 3n;
  const index = hash / width > 2n ? 2n : hash / width;
  return `shardId-00000000000${index}`;
}

async function openSeed(page) {
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
}

test('a pasted AWS SDK v3 producer is detected, run, and its records routed', async () => {
  const page = await newPage(app.browser);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  // The Python engine's files are held back: a JavaScript producer must not need them.
  await page.route('**/python-engine/**', () => {});
  await openSeed(page);
  await setCode(page, V3_PRODUCER);
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'alice',
    null, { timeout: 30_000 });
  assert.match(await page.locator('#language option:checked').textContent(), /Auto \(JavaScript/);
  const rows = await page.locator('#records-table tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [tr.querySelector('.key').textContent, tr.querySelector('.shard').textContent, tr.children[1].textContent]));
  assert.deepEqual(rows, ['alice', 'bob', 'alice'].map((key) => [key, shardOf(key), '6']),
    'keys in put order, shards as MD5 routes them, the line of client.send');
  assert.equal(await page.locator('#console').textContent(), 'failed: 0\n');
  assert.ok(requests.some((url) => url.endsWith('js-sandbox.html')), 'the JavaScript engine\'s sandbox was loaded');
  await screenshot(page, 'javascript-producer-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('a JavaScript error is marked at its line in the editor', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, "const AWS = require('aws-sdk');\nconst kinesis = new AWS.Kinesis();\nkinesis.putRecord({ StreamName: 's', Data: 'x' }).promise()\n  .then(() => undefinedFunction());\n");
  const error = page.locator('.diagnostics .error').first();
  await error.waitFor({ timeout: 30_000 });
  const text = await error.textContent();
  assert.match(text, /MissingRequiredParameter|PartitionKey/, text);
  assert.ok(await page.locator('#code .cm-lintRange-error, #code .cm-lint-marker-error').count() > 0, 'marked in the editor');
});

test('an endless JavaScript loop is stopped after 5 s and the engine restarts', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, 'const AWS = require("aws-sdk");\nwhile (true) {}\n');
  await page.locator('#run-status.busy').waitFor({ timeout: 10_000 });
  await page.fill('#batch-size', '9');
  assert.equal(await page.inputValue('#batch-size'), '9', 'the page answers while the worker spins');
  const status = page.locator('#run-status.error');
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.textContent(), /Stopped after 5 s/);
  await setCode(page, "const AWS = require('aws-sdk');\nawait new AWS.Kinesis().putRecord({ StreamName: 's', PartitionKey: 'after', Data: 'x' }).promise();\n");
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'after', null, { timeout: 30_000 });
  assert.equal(await page.locator('section.input').getAttribute('data-javascript-workers'), '2');
});

test('the JavaScript example keeps each user in one lane over 4 shards × PF 2', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await page.selectOption('#examples', 'javascript-sdk-v3');
  await page.waitForFunction(() => document.querySelectorAll('#records-table tbody tr').length === 40, null, { timeout: 30_000 });
  const rows = await page.locator('#records-table tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [tr.querySelector('.key').textContent, tr.querySelector('.shard').textContent, tr.querySelector('.lane').textContent]));
  const placeOf = new Map();
  for (const [key, shard, lane] of rows) {
    placeOf.set(key, [...(placeOf.get(key) ?? new Set()), `${shard}/${lane}`]);
  }
  assert.equal(placeOf.size, 8);
  for (const [key, places] of placeOf) assert.equal(new Set(places).size, 1, `${key} stays in one lane`);
  assert.equal((await page.locator('#console').textContent()).trim().split('\n').length, 5);
  assert.match(await page.locator('#language option:checked').textContent(), /JavaScript/);
});

test('a throttled record says its per-second window is a model, in its row and in the explain pane', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  // Two 600,000-byte records in the same second: the shard's 1 MiB/s takes the first only.
  await setCode(page, `import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
const client = new KinesisClient({});
const big = { PartitionKey: 'hot', Data: new Uint8Array(600000) };
const answer = await client.send(new PutRecordsCommand({ StreamName: 'my-stream', Records: [big, big] }));
console.log('failed:', answer.FailedRecordCount);
`);
  await page.waitForFunction(() => document.querySelector('#console')?.textContent === 'failed: 1\n', null, { timeout: 30_000 });
  const failed = page.locator('#records-table tbody tr.failed');
  await failed.first().waitFor({ timeout: 30_000 });
  assert.equal(await failed.count(), 1);
  assert.match(await failed.locator('td.error').textContent(),
    /^ProvisionedThroughputExceededException: Rate exceeded for shard shardId-\d{12} in stream my-stream under account 123456789012\. \(per-second window: a model\)$/);
  await failed.click();
  assert.match(await page.locator('#explain').textContent(),
    /Model: a shard's 1,000 records and 1 MiB per second are counted in whole seconds of arrival time/);
  await screenshot(page, 'throttled-record-model-label');
  assert.deepEqual(app.browser.errors, []);
});

test('a key refused for its length in UTF-16 units says that count is a model', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  // 129 emoji: 129 characters, 258 UTF-16 code units, over AWS's 256.
  await setCode(page, `import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
const client = new KinesisClient({});
try {
  await client.send(new PutRecordCommand({ StreamName: 'my-stream', PartitionKey: '😀'.repeat(129), Data: new Uint8Array(1) }));
} catch (error) {
  console.log('refused:', error.name);
}
`);
  await page.waitForFunction(() => document.querySelector('#console')?.textContent === 'refused: ValidationException\n', null, { timeout: 30_000 });
  const failed = page.locator('#records-table tbody tr.failed');
  await failed.first().waitFor({ timeout: 30_000 });
  assert.match(await failed.locator('td.error').textContent(), /partitionKey' failed to satisfy constraint: .*\(key length in UTF-16 units: a model\)$/);
  await failed.click();
  assert.match(await page.locator('#explain').textContent(), /Model: a partition key's length is counted in UTF-16 code units/);
  assert.deepEqual(app.browser.errors, []);
});
