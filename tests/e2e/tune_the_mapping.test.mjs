// The mapping settings: raising ParallelizationFactor spreads keys over lanes while each key
// keeps one lane; pasted get-event-source-mapping JSON sets the mapping, or says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, servedApp } from './support.mjs';

const app = servedApp('/');

const lanesByKey = (page) =>
  page.locator('#records-table tbody tr').evaluateAll((rows) => {
    const lanes = {};
    for (const row of rows) {
      const key = row.querySelector('.key').textContent;
      (lanes[key] ??= new Set()).add(row.querySelector('.lane').textContent);
    }
    return Object.fromEntries(Object.entries(lanes).map(([key, set]) => [key, [...set]]));
  });

test('raising ParallelizationFactor changes lanes but keeps each key in one lane', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.deepEqual(Object.values(await lanesByKey(page)).flat(), ['0', '0', '0', '0']);
  await page.fill('#parallelization-factor', '10');
  await page.waitForFunction(() => [...document.querySelectorAll('#records-table td.lane')].some((td) => td.textContent !== '0'));
  const lanes = await lanesByKey(page);
  for (const [key, keyLanes] of Object.entries(lanes)) assert.equal(keyLanes.length, 1, `key ${key} stays in one lane`);
  assert.deepEqual(lanes, { 100: ['9'], 101: ['4'], 102: ['6'], 103: ['2'] }, 'lane = MD5 % 10');
});

test('pasted get-event-source-mapping JSON sets the mapping', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('.paste-mapping summary');
  await page.fill('#mapping-json', '{"BatchSize": 0}');
  await page.click('#use-mapping');
  assert.match(await page.locator('#mapping-error').textContent(), /batchSize/);
  assert.match(await page.locator('#starting-position').textContent(), /^StartingPosition LATEST \(the playground's default; AWS requires every Kinesis mapping to name one\)/);
  // Lambda requires StartingPosition of a Kinesis mapping, and filters on `data` only.
  await page.fill('#mapping-json', JSON.stringify({ UUID: 'u', BatchSize: 2 }));
  await page.click('#use-mapping');
  assert.equal(await page.locator('#mapping-error').textContent(),
    "StartingPosition: InvalidParameterValueException: 1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  await page.fill('#mapping-json', JSON.stringify({ StartingPosition: 'LATEST', FilterCriteria: { Filters: [{ Pattern: '{"partitionKey": ["101"]}' }] } }));
  await page.click('#use-mapping');
  assert.match(await page.locator('#mapping-error').textContent(), /^InvalidParameterValueException: Invalid filter pattern definition\. — a Kinesis event source mapping filters on the "data" key only, not "partitionKey"$/);
  assert.equal(await page.inputValue('#batch-size'), '500', 'a refused mapping changes nothing');
  await page.fill('#mapping-json', JSON.stringify({ UUID: 'u', BatchSize: 2, ParallelizationFactor: 4, StartingPosition: 'TRIM_HORIZON' }));
  await page.click('#use-mapping');
  assert.equal(await page.inputValue('#parallelization-factor'), '4');
  assert.equal(await page.inputValue('#batch-size'), '2');
  assert.equal(await page.locator('#mapping-error').count(), 0);
  assert.match(await page.locator('#starting-position').textContent(), /^StartingPosition TRIM_HORIZON\. Every record/);
  // Five records of key 101 in batches of at most two: batches 0, 1 and 2 of its lane.
  const batches = await page.locator('#records-table tbody tr').evaluateAll((rows) =>
    rows.filter((row) => row.querySelector('.key').textContent === '101').map((row) => row.querySelector('.batch').textContent));
  assert.deepEqual(batches, ['0', '0', '1', '1', '2']);
});

test('a setting outside its range is marked at the field and not used', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const cases = [
    ['#parallelization-factor', '11', '1–10; still using 1'],
    ['#shards', '0', '1–10000; still using 3'],
    ['#shards', '20000', '1–10000; still using 3'],
    ['#batch-size', '0', '1–10000; still using 500'],
  ];
  for (const [field, value, message] of cases) {
    await page.fill(field, value);
    assert.equal(await page.locator(`${field}-error`).textContent(), message, `${field} = ${value}`);
    assert.equal(await page.locator(field).getAttribute('aria-invalid'), 'true');
  }
  // Nothing changed: three shards, lane 0 everywhere.
  const shards = await page.locator('#records-table td.shard').allTextContents();
  assert.ok(shards.every((shard) => /^shardId-00000000000[0-2]$/.test(shard)));
  // A valid value clears the message and is used.
  await page.fill('#parallelization-factor', '2');
  await page.locator('#parallelization-factor-error').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#parallelization-factor').getAttribute('aria-invalid'), null);
});

test('a function slower than its 3 s timeout is retried until its records age out, and the page says so', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.equal(await page.locator('#records-table td.outcome').count(), 0, 'no failure, no outcome column');
  await page.fill('#function-ms', '5000');
  await page.locator('#records-table td.outcome').first().waitFor();
  const outcomes = new Set(await page.locator('#records-table td.outcome').allTextContents());
  assert.deepEqual([...outcomes], ['discarded: RecordAgeExceeded'], 'retried until the 24 h retention passed');
  const deliveries = (await page.locator('#records-table td.deliveries').allTextContents()).map(Number);
  assert.ok(deliveries.every((n) => n > 1), `every record was delivered again: ${deliveries}`);
  assert.ok(await page.locator('#timeline .batch.failed').count() > 0, 'failed invocations are drawn as such');
  assert.match(await page.locator('#timeline .batch.failed title').first().textContent(), /timed out|failed/);
});

test('a tumbling window adds AWS\'s window fields to the event, labelled as a model where it is one', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.match(await page.locator('.model-note').last().textContent(), /polled once a second/);
  await page.fill('#tumbling-window', '60');
  await page.locator('#timeline .batch').first().click();
  await page.waitForFunction(() => /"isFinalInvokeForWindow"/.test(document.querySelector('#event-json')?.textContent ?? ''));
  const event = JSON.parse(await page.locator('#event-json').textContent());
  assert.deepEqual(Object.keys(event).slice(1), ['window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
  assert.match(await page.locator('.event .model-note:not(#sequence-number-model)').textContent(), /Model: the function returns \{"count": n\}/);
  await page.check('#enhanced-fan-out');
  await page.waitForFunction(() => /enhanced fan-out pushes/.test([...document.querySelectorAll('.model-note')].at(-1)?.textContent ?? ''));
});
