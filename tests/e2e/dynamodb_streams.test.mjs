// DynamoDB Streams on the page, one test per seed-001 question: the customer id as partition key
// keeps one customer's changes on one shard and lane, in order; the event id as partition key
// spreads them; TTL deletions are REMOVE records from the DynamoDB service; a burst splits a
// partition and its parent shard is read before its children. Then the source switch travels in a
// share link, and an old Kinesis link still opens as a Kinesis data stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, root, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

const cells = (page, column) => page.locator(`#records-table tbody td.${column}`).allTextContents();

/** Opens the page, loads DynamoDB example `id` and waits for `rows` stream records. */
async function openExample(id, rows, viewport) {
  const page = await newPage(app.browser, viewport);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#examples', id);
  await page.waitForFunction((rows) => document.querySelector('#records-caption')?.textContent.startsWith(`${rows} record`)
    && document.querySelector('#records-table td.event-name'), rows, { timeout: 90_000 });
  return page;
}

/** Every row's item key, event name, shard and lane. */
async function rows(page) {
  const [keys, events, shards, lanes] = await Promise.all(['key', 'event-name', 'shard', 'lane'].map((c) => cells(page, c)));
  return keys.map((key, i) => ({ key, event: events[i], shard: shards[i], lane: lanes[i] }));
}

test('customer id as partition key: one customer\'s changes stay on one shard and lane, in write order', async () => {
  const page = await openExample('dynamodb-customer-partition-key', 24);
  assert.equal(await page.locator('#source-dynamodb').isChecked(), true);
  assert.equal(await page.inputValue('#partition-key-name'), 'customer_id');
  const all = await rows(page);
  assert.ok(all.every((r) => r.event === 'INSERT'), 'every first put of a key is an INSERT');
  for (const customer of ['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']) {
    const mine = all.filter((r) => r.key.startsWith(`customer_id=${customer},`));
    assert.equal(mine.length, 4);
    assert.equal(new Set(mine.map((r) => `${r.shard} ${r.lane}`)).size, 1, `${customer} on one shard and lane`);
    assert.deepEqual(mine.map((r) => r.key.split('event_time=')[1]), ['0', '1', '2', '3'], 'in write order');
  }
  assert.equal(await page.locator('th', { hasText: 'Item key' }).count(), 1);
  // The explain pane says why, and labels the model.
  await page.locator('#records-table tbody tr').first().click();
  const words = await page.locator('#explain').textContent();
  assert.match(words, /INSERT: the PutItem on line \d+ wrote an item whose key was not in the table yet/);
  assert.match(words, /Shard \(a model\): partition key customer_id = "c-1" → MD5/);
  assert.match(await page.locator('#dynamodb-summary').textContent(), /Concurrency ceiling: 6 invocations at once — 4 stream shards open at once × ParallelizationFactor 10 = 40 lanes, of which 6 held records/);
  await screenshot(page, 'dynamodb-customer-1280');
  const narrow = await openExample('dynamodb-customer-partition-key', 24, { width: 390, height: 844 });
  await screenshot(narrow, 'dynamodb-customer-390');
  assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll at 390 px');
});

test('event id as partition key: one customer\'s events land on different shards or lanes', async () => {
  const page = await openExample('dynamodb-event-id-partition-key', 24);
  assert.equal(await page.inputValue('#partition-key-name'), 'event_id');
  const all = await rows(page);
  // c-1 wrote events 1, 7, 13 and 19 (six customers per step).
  const c1 = all.filter((r) => /^event_id=evt-00(01|07|13|19),/.test(r.key));
  assert.equal(c1.length, 4);
  assert.ok(new Set(c1.map((r) => `${r.shard} ${r.lane}`)).size > 1, 'nothing keeps c-1\'s events together');
});

test('TTL deletions: REMOVE records whose userIdentity is the DynamoDB service; a write that changes nothing makes no record', async () => {
  const page = await openExample('dynamodb-ttl', 6);
  assert.deepEqual((await rows(page)).map((r) => r.event), ['INSERT', 'INSERT', 'INSERT', 'MODIFY', 'REMOVE (TTL)', 'REMOVE (TTL)']);
  assert.equal(await page.inputValue('#ttl-attribute'), 'expires_at');
  await page.locator('#records-table tbody tr').nth(4).click();
  assert.match(await page.locator('#explain').textContent(), /REMOVE by Time to Live: the item's expires_at passed .*"principalId": "dynamodb.amazonaws.com"/);
  assert.match(await page.locator('#silent-writes').textContent(), /PutItem: it changed nothing in the item/);
  // The Lambda event of the invocation that carried the deletions.
  const bars = page.locator('#timeline g.batch');
  let found = false;
  for (let i = 0; i < await bars.count() && !found; i += 1) {
    await bars.nth(i).click();
    const text = await page.locator('#event-json').textContent();
    if (text.includes('"REMOVE"')) {
      const event = JSON.parse(text);
      const removes = event.Records.filter((r) => r.eventName === 'REMOVE');
      assert.ok(removes.length > 0);
      for (const record of removes) {
        assert.deepEqual(record.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
        assert.equal(record.eventSource, 'aws:dynamodb');
        assert.ok(record.dynamodb.OldImage.expires_at.N);
      }
      found = true;
    }
  }
  assert.ok(found, 'an invocation delivered the TTL deletions');
  await screenshot(page, 'dynamodb-ttl-1280');
});

test('a burst splits a partition: two children of one parent, and every parent batch ends before a child batch starts', async () => {
  const page = await openExample('dynamodb-partition-split', 700);
  const shards = await page.locator('#dynamodb-shards tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const parent = shards.find((s) => s[1] === '–')[0];
  const children = shards.filter((s) => s[1] === parent).map((s) => s[0]);
  assert.equal(children.length, 2, `two children of ${parent}: ${JSON.stringify(shards)}`);
  assert.match(await page.locator('#dynamodb-summary').textContent(), /1 partition split, each into two children read after their parent/);
  const bars = await page.locator('#timeline g.batch[data-shard]').evaluateAll((gs) => gs.map((g) => {
    const [, start, end] = g.querySelector('title').textContent.match(/, (\d+)–(\d+) ms \(ready/);
    return { shard: g.dataset.shard, start: Number(start), end: Number(end) };
  }));
  assert.ok(bars.some((b) => b.shard === parent) && bars.some((b) => children.includes(b.shard)));
  const parentEnd = Math.max(...bars.filter((b) => b.shard === parent).map((b) => b.end));
  const childStart = Math.min(...bars.filter((b) => children.includes(b.shard)).map((b) => b.start));
  assert.ok(parentEnd <= childStart, `parent ends at ${parentEnd} ms, children start at ${childStart} ms`);
  // c-000's update after the split: its explanation names the parent its INSERT went to.
  await page.locator('#record-filter').fill('c-000');
  await page.waitForFunction(() => document.querySelector('#records-caption').textContent.includes('2 matching'));
  assert.deepEqual((await rows(page)).map((r) => r.event), ['INSERT', 'MODIFY']);
  assert.equal((await rows(page))[0].shard, parent);
  assert.ok(children.includes((await rows(page))[1].shard));
  await page.locator('#records-table tbody tr', { hasText: 'MODIFY' }).first().click();
  assert.match(await page.locator('#explain').textContent(), new RegExp(`is a child of ${parent}; Lambda finishes the parent's records before it reads this shard`));
});

test('the source switch travels in a share link and an embed, and an old Kinesis link still opens as a Kinesis stream', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.check('#source-dynamodb');
  await page.waitForFunction(() => document.querySelector('#records-caption')?.textContent.startsWith('24 records'), null, { timeout: 90_000 });
  await page.fill('#partitions', '2');
  await page.click('details.share summary');
  await page.click('#copy-link');
  const link = await page.locator('#share-link').inputValue();
  const other = await newPage(app.browser);
  await other.goto(link);
  await other.waitForFunction(() => document.querySelector('#records-caption')?.textContent.startsWith('24 records'), null, { timeout: 90_000 });
  assert.equal(await other.locator('#source-dynamodb').isChecked(), true);
  assert.equal(await other.inputValue('#table-name'), 'customer_events');
  assert.equal(await other.inputValue('#partitions'), '2');
  assert.equal(await other.locator('#shards').count(), 0, 'no Kinesis shard count under DynamoDB');
  // An embed of the link carries the source too.
  const embed = await newPage(app.browser, { width: 860, height: 600 });
  await embed.goto(`${link}&embed=1&readonly=1`);
  await embed.locator('#records-table td.event-name').first().waitFor({ timeout: 90_000 });
  assert.match(await embed.locator('#settings-summary').textContent(), /^DynamoDB stream of table customer_events \(partition key customer_id S, NEW_AND_OLD_IMAGES\)/);
  // Back to Kinesis: the seed comes back.
  await other.check('#source-kinesis');
  await other.waitForFunction(() => document.querySelector('#records-caption')?.textContent.startsWith('8 records'));
  assert.equal(await other.locator('th', { hasText: 'Partition key' }).count(), 1);

  const old = readFileSync(join(root, 'tests/share_links/v1_python_four_shards.link'), 'utf8').trim();
  const kinesis = await newPage(app.browser);
  await kinesis.goto(`${app.server.url}#${old}`);
  await kinesis.locator('#records-table tbody tr').first().waitFor({ timeout: 90_000 });
  assert.equal(await kinesis.locator('#source-kinesis').isChecked(), true);
  assert.equal(await kinesis.locator('#link-banner').count(), 0);
  assert.equal(await kinesis.inputValue('#shards'), '4');
});

test('a pasted describe-table sets the keys; a broken one is refused with where it is wrong', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.check('#source-dynamodb');
  await page.click('#table-paste summary');
  await page.fill('#table-json', '{"Table": {"TableName": "events", "AttributeDefinitions": [], "KeySchema": []}}');
  await page.click('#use-table');
  assert.match(await page.locator('#table-error').textContent(), /Table\.KeySchema/);
  await page.fill('#table-json', JSON.stringify({ Table: {
    TableName: 'events',
    AttributeDefinitions: [{ AttributeName: 'customer_id', AttributeType: 'S' }, { AttributeName: 'at', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'customer_id', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
  } }));
  await page.click('#use-table');
  assert.equal(await page.locator('#table-error').count(), 0);
  assert.equal(await page.inputValue('#table-name'), 'events');
  assert.equal(await page.inputValue('#sort-key-name'), 'at');
  assert.equal(await page.inputValue('#stream-view-type'), 'KEYS_ONLY');
});

test('JavaScript (SDK v3 DocumentClient) and `aws dynamodb` lines write the table too', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.check('#source-dynamodb');
  await page.waitForFunction(() => document.querySelector('#records-table td.event-name'), null, { timeout: 90_000 });
  await setCode(page, [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, PutCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';",
    'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    "await doc.send(new PutCommand({ TableName: 'customer_events', Item: { customer_id: 'js-1', event_time: 1, n: 1 } }));",
    "await doc.send(new PutCommand({ TableName: 'customer_events', Item: { customer_id: 'js-1', event_time: 1, n: 2 } }));",
    "await doc.send(new DeleteCommand({ TableName: 'customer_events', Key: { customer_id: 'js-1', event_time: 1 } }));",
    '',
  ].join('\n'));
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent.includes('js-1'), null, { timeout: 90_000 });
  assert.deepEqual((await rows(page)).map((r) => r.event), ['INSERT', 'MODIFY', 'REMOVE']);
  await setCode(page, [
    'aws dynamodb put-item --table-name customer_events --item \'{"customer_id": {"S": "cli-1"}, "event_time": {"N": "1"}}\'',
    'sleep 2',
    'aws dynamodb delete-item --table-name customer_events --key \'{"customer_id": {"S": "cli-1"}, "event_time": {"N": "1"}}\'',
    '',
  ].join('\n'));
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent.includes('cli-1'), null, { timeout: 30_000 });
  assert.deepEqual((await rows(page)).map((r) => [r.key, r.event]),
    [['customer_id=cli-1, event_time=1', 'INSERT'], ['customer_id=cli-1, event_time=1', 'REMOVE']]);
});

test('a failing item blocks its stream shard, and the discarded batch\'s document is DDBStreamBatchInfo', async () => {
  const page = await openExample('dynamodb-customer-partition-key', 24);
  await page.click('#when-it-fails summary');
  await page.click('#add-failure-rule');
  await page.selectOption('#rule-0-match-kind', 'key_equals');
  await page.fill('#rule-0-match', 'c-3');
  await page.fill('#maximum-retry-attempts', '1');
  await page.fill('#on-failure-arn', 'arn:aws:sqs:us-east-1:123456789012:orders-dlq');
  await page.locator('#timeline .batch.discarded').first().waitFor({ timeout: 30_000 });
  await page.locator('#timeline .batch.discarded').first().click();
  await page.locator('#on-failure-json').waitFor();
  const document = JSON.parse(await page.locator('#on-failure-json').textContent());
  assert.equal(document.requestContext.condition, 'RetryAttemptsExhausted');
  assert.equal(document.KinesisBatchInfo, undefined);
  assert.match(document.DDBStreamBatchInfo.streamArn, /^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/customer_events\/stream\//);
  assert.match(document.DDBStreamBatchInfo.approximateArrivalOfFirstRecord, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(await page.locator('#dynamodb-summary').textContent(), /distinct partition-key values across \d+ stream shards: .*there is no shard per key/);
  await screenshot(page, 'dynamodb-on-failure-1280');
});
