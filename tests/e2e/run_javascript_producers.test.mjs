// JavaScript producers run in the JavaScript engine (www/js-engine/, bundled by esbuild into the
// engine's sandbox page js-sandbox.html) in Debian's Chromium, as the page runs them: in a
// sandboxed, opaque-origin iframe that starts a fresh Web Worker for each run. Every script of
// tests/producers/javascript/ against its NAME.expected.json, routing checked independently
// (node's MD5 over the same layout), and runs in a row shown to keep no state from one to the next.
//
// The sandbox is served from dist/ (where the page's build puts it), or from
// SHARDLANE_JS_ENGINE_DIR, e.g. a build of your own:
//   node_modules/.bin/esbuild www/js-engine/worker.js --bundle --format=iife --target=es2022 \
//     --minify --outfile=/tmp/js-engine/js-engine-worker.js
//   node scripts/build-sandbox-page.mjs www/js-sandbox/sandbox.js /tmp/js-engine/js-sandbox.html \
//     "'unsafe-eval'" /tmp/js-engine/js-engine-worker.js
//   SHARDLANE_JS_ENGINE_DIR=/tmp/js-engine node --test tests/e2e/run_javascript_producers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, root } from './support.mjs';

const engineDir = process.env.SHARDLANE_JS_ENGINE_DIR ?? join(root, 'dist');
const corpusDir = join(root, 'tests', 'producers', 'javascript');
const SANDBOX = 'js-sandbox.html';

// ---- the layout, as the Rust core makes it (StreamLayout::uniform(4)) -------------------------

const SPACE = 1n << 128n;
function uniform(count) {
  const step = SPACE / BigInt(count);
  const shards = [];
  for (let i = 0; i < count; i++) {
    shards.push({
      id: `shardId-${String(i).padStart(12, '0')}`,
      start: BigInt(i) * step,
      end: i === count - 1 ? SPACE - 1n : BigInt(i + 1) * step - 1n,
    });
  }
  return shards;
}
const LAYOUT = uniform(4);
const CLOCK_ORIGIN_MS = 1767225600000; // mapping::EventSource::default().clock_origin_ms

function optionsJson({ recordCap = 10_000, seed = 42 } = {}) {
  return JSON.stringify({
    record_cap: recordCap,
    seed,
    clock_origin_ms: CLOCK_ORIGIN_MS,
    region: 'us-east-1',
    shard_starts: LAYOUT.map((s) => s.start.toString()),
    shard_ends: LAYOUT.map((s) => s.end.toString()),
    shard_ids: LAYOUT.map((s) => s.id),
  });
}

/** The shard AWS routes a key to: MD5 of its UTF-8 bytes, big-endian, or the explicit hash key. */
function shardOf(partitionKey, explicitHashKey = null) {
  const hash = explicitHashKey !== null
    ? BigInt(explicitHashKey)
    : BigInt(`0x${createHash('md5').update(Buffer.from(partitionKey, 'utf8')).digest('hex')}`);
  return LAYOUT.find((s) => s.start <= hash && hash <= s.end).id;
}

// ---- serving the sandbox and talking to it ----------------------------------------------------

let server;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(join(engineDir, SANDBOX)),
    `${join(engineDir, SANDBOX)} is missing: build the page (dist/) or set SHARDLANE_JS_ENGINE_DIR to a build of the sandbox`);
  // The page's own Content-Security-Policy (no 'unsafe-eval'): the engine runs under the
  // sandbox's policy, not the page's.
  const csp = /<meta http-equiv="Content-Security-Policy"[^>]*>/.exec(await readFile(join(root, 'index.html'), 'utf8'))?.[0] ?? '';
  server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>${csp}<title>js engine</title>`);
    } else if (path === `/${SANDBOX}`) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await readFile(join(engineDir, SANDBOX)));
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const ready = await page.evaluate((url) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.src = url;
    document.body.append(frame);
    window.engine = { frame, next: 0, waiting: new Map() };
    window.addEventListener('message', (event) => {
      if (event.source !== frame.contentWindow || event.origin !== 'null') return;
      const message = event.data;
      if (message.type === 'result') {
        window.engine.waiting.get(message.id)?.(message.output);
        window.engine.waiting.delete(message.id);
      } else if (message.type !== 'running') {
        resolve(message);
      }
    });
    window.runProducer = (code, options) => new Promise((done) => {
      const id = ++window.engine.next;
      window.engine.waiting.set(id, done);
      frame.contentWindow.postMessage({ id, code, options }, '*');
    });
  }), `./${SANDBOX}`);
  assert.deepEqual(ready, { type: 'ready' });
});

after(async () => {
  await browser?.context.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

async function run(code, options = {}) {
  const text = await page.evaluate(([c, o]) => window.runProducer(c, o), [code, optionsJson(options)]);
  const output = JSON.parse(text);
  assert.equal(output.internal_error, undefined, `the engine failed: ${output.internal_error}`);
  return output;
}

// ---- checking a run against its expected file -------------------------------------------------

const dataOf = (record) => Buffer.from(record.data_base64, 'base64');

/**
 * Checks every `ROUTE <key as JSON> <ShardId> <SequenceNumber>` (or `ROUTE #<explicit hash key>
 * ...`) line a script printed: the shard by node's MD5 over the layout, the sequence number's
 * shard part and its per-shard index counting up from 0. Returns the console without those lines.
 */
function checkRoutes(consoleText, name) {
  const next = new Map();
  let routes = 0;
  const kept = [];
  for (const line of consoleText.split('\n')) {
    const match = /^ROUTE (#\d+|".*") (shardId-\d{12}) (\d+)$/.exec(line);
    if (!match) {
      assert.ok(!line.startsWith('ROUTE'), `${name}: malformed ROUTE line ${line}`);
      kept.push(line);
      continue;
    }
    routes++;
    const [, key, shard, sequence] = match;
    const expected = key.startsWith('#') ? shardOf('', key.slice(1)) : shardOf(JSON.parse(key));
    assert.equal(shard, expected, `${name}: ${key} routes to ${expected}`);
    const index = next.get(shard) ?? 0;
    next.set(shard, index + 1);
    assert.equal(sequence, `49${shard.slice(-12)}${String(index).padStart(42, '0')}`, `${name}: sequence number of ${key}`);
  }
  return { routes, console: kept.join('\n') };
}

function checkRecord(actual, expected, where) {
  for (const [field, value] of Object.entries(expected)) {
    if (field === 'key') assert.equal(actual.partition_key, value, `${where}: key`);
    else if (field === 'key_pattern') assert.match(actual.partition_key, new RegExp(value), `${where}: key`);
    else if (field === 'data') assert.equal(dataOf(actual).toString('utf8'), value, `${where}: data`);
    else if (field === 'data_hex') assert.equal(dataOf(actual).toString('hex'), value, `${where}: data`);
    else if (field === 'data_pattern') assert.match(dataOf(actual).toString('utf8'), new RegExp(value), `${where}: data`);
    else if (field === 'explicit_hash_key' || field === 'line' || field === 'arrival_ms' || field === 'api' || field === 'put_call' || field === 'stream') {
      assert.equal(actual[field], value, `${where}: ${field}`);
    } else {
      assert.fail(`${where}: unknown expected field ${field}`);
    }
  }
}

function check(output, expected, name) {
  const { routes, console: rest } = checkRoutes(output.console, name);
  if ('routes' in expected) assert.equal(routes, expected.routes, `${name}: ROUTE lines`);
  if ('console' in expected) assert.equal(rest, expected.console, `${name}: console`);
  for (const pattern of expected.console_patterns ?? []) assert.match(rest, new RegExp(pattern, 'm'), `${name}: console`);
  assert.deepEqual(output.stopped, expected.stopped ?? null, `${name}: stopped`);
  if (expected.error === null || expected.error === undefined) {
    assert.equal(output.error, null, `${name}: error ${JSON.stringify(output.error)}`);
  } else {
    const { message_pattern: pattern, ...fields } = expected.error;
    for (const [field, value] of Object.entries(fields)) assert.equal(output.error?.[field], value, `${name}: error.${field} of ${JSON.stringify(output.error)}`);
    if (pattern) assert.match(output.error.message, new RegExp(pattern), `${name}: error.message`);
  }
  if ('clock_ms' in expected) assert.equal(output.clock_ms, expected.clock_ms, `${name}: clock_ms`);
  const records = output.records;
  if (expected.records) {
    assert.equal(records.length, expected.records.length, `${name}: number of records`);
    expected.records.forEach((record, i) => checkRecord(records[i], record, `${name} record ${i}`));
  }
  if ('record_count' in expected) assert.equal(records.length, expected.record_count, `${name}: number of records`);
  (expected.records_head ?? []).forEach((record, i) => checkRecord(records[i], record, `${name} record ${i}`));
  if (expected.records_each) records.forEach((record, i) => checkRecord(record, expected.records_each, `${name} record ${i}`));
  if (expected.records_each_nth) {
    // Fields that follow the record's index: arrival_ms = a * i + b, put_call = c * floor(i / d).
    const { arrival_ms_step: step, arrival_ms_first: first, put_call_every: every } = expected.records_each_nth;
    records.forEach((record, i) => {
      if (step !== undefined) assert.equal(record.arrival_ms, first + step * i, `${name} record ${i}: arrival_ms`);
      if (every !== undefined) assert.equal(record.put_call, Math.floor(i / every), `${name} record ${i}: put_call`);
    });
  }
  if ('distinct_keys' in expected) assert.equal(new Set(records.map((r) => r.partition_key)).size, expected.distinct_keys, `${name}: distinct keys`);
  // Every key is a string AWS can route; each record's data decodes.
  for (const record of records) {
    assert.equal(typeof record.partition_key, 'string');
    assert.ok(Number.isInteger(record.arrival_ms) && record.arrival_ms >= 0);
  }
}

// ---- the corpus -------------------------------------------------------------------------------

const scripts = (await readdir(corpusDir)).filter((f) => /\.(m?js|cjs)$/.test(f)).sort();

test('the corpus has a script and an expected file for each producer style', async () => {
  assert.ok(scripts.length >= 18, `${scripts.length} scripts`);
  for (const script of scripts) {
    assert.ok(existsSync(join(corpusDir, script.replace(/\.(m?js|cjs)$/, '.expected.json'))), `${script} has no expected file`);
  }
});

for (const script of scripts) {
  test(`corpus: ${script}`, async () => {
    const code = await readFile(join(corpusDir, script), 'utf8');
    const expected = JSON.parse(await readFile(join(corpusDir, script.replace(/\.(m?js|cjs)$/, '.expected.json')), 'utf8'));
    const output = await run(code, { recordCap: expected.record_cap ?? 10_000 });
    check(output, expected, script);
  });
}

// ---- one engine, many runs ---------------------------------------------------------------------

const RANDOM_PRODUCER = `
const { KinesisClient, PutRecordCommand } = require('@aws-sdk/client-kinesis');
const client = new KinesisClient({});
globalThis.counter = (globalThis.counter ?? 0) + 1;
implicitGlobal = (typeof implicitGlobal === 'undefined' ? 0 : implicitGlobal) + 1;
async function main() {
  for (let i = 0; i < 5; i++) {
    await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: String(Math.random()), Data: crypto.randomUUID() }));
    await new Promise((resolve) => setTimeout(resolve, 700));
  }
  console.log(Date.now(), performance.now(), counter, implicitGlobal);
}
main();
`;

test('the engine runs scripts in a row from a clean state, and the seed decides the randomness', async () => {
  const first = await run(RANDOM_PRODUCER, { seed: 42 });
  // A run in between that leaves a timer, a pending promise and module state behind.
  const noisy = await run(`
    const AWS = require('aws-sdk');
    AWS.config.update({ region: 'eu-west-1' });
    setTimeout(() => console.log('late'), 10_000_000_000);
    new Promise(() => {});
    Math.random(); Math.random();
    const k = new AWS.Kinesis();
    for (let i = 0; ; i++) k.putRecord({ StreamName: 's', PartitionKey: 'k' + i, Data: 'x' }, () => {});
  `, { seed: 42, recordCap: 3 });
  assert.equal(noisy.stopped, 'record_cap');
  assert.equal(noisy.records.length, 3);
  const again = await run(RANDOM_PRODUCER, { seed: 42 });
  assert.deepEqual(again, first, 'same code, same seed: the same run');
  assert.equal(first.records.length, 5);
  assert.deepEqual(first.records.map((r) => r.arrival_ms), [0, 700, 1400, 2100, 2800]);
  assert.equal(first.console, `${CLOCK_ORIGIN_MS + 3500} 3500 1 1\n`, 'the clock restarts and no global survives a run');
  assert.equal(first.clock_ms, 3500);
  const other = await run(RANDOM_PRODUCER, { seed: 7 });
  assert.notDeepEqual(other.records.map((r) => r.partition_key), first.records.map((r) => r.partition_key));
  assert.deepEqual(other.records.map((r) => r.arrival_ms), first.records.map((r) => r.arrival_ms));
  for (const record of [...first.records, ...other.records]) {
    assert.match(record.partition_key, /^0\.\d+$/);
    assert.match(dataOf(record).toString(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
});

test('a call made after the record cap records nothing, even when the code catches the stop', async () => {
  const output = await run(`
    const { KinesisClient, PutRecordsCommand } = require('@aws-sdk/client-kinesis');
    const client = new KinesisClient({});
    const records = Array.from({ length: 4 }, (_, i) => ({ PartitionKey: 'k' + i, Data: 'x' }));
    for (let round = 0; round < 5; round++) {
      try { client.send(new PutRecordsCommand({ StreamName: 's', Records: records })); } catch (e) { console.log('caught', e.name); }
    }
    setTimeout(() => client.send(new PutRecordsCommand({ StreamName: 's', Records: records })), 1000);
  `, { recordCap: 6 });
  assert.equal(output.stopped, 'record_cap');
  assert.deepEqual(output.records.map((r) => [r.partition_key, r.put_call]), [['k0', 0], ['k1', 0], ['k2', 0], ['k3', 0], ['k0', 1], ['k1', 1]]);
  assert.equal(output.console, '', 'nothing printed after the stop');
  assert.equal(output.error, null);
  assert.equal(output.clock_ms, 0);
});
