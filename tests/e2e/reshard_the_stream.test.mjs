// The stream panel splits, merges and scales the stream with AWS's lineage, says how many keys
// move, re-routes the records, and reports the gaps of a pasted layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

const shardOf = (page, key) =>
  page.locator('#records-table tbody tr').evaluateAll((rows, key) =>
    rows.find((row) => row.querySelector('.key').textContent.endsWith(key)).querySelector('.shard').textContent, key);

test('splitting a shard moves its keys to the children, after the parent', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.equal(await shardOf(page, '101'), 'shardId-000000000000');
  await page.click('#stream-panel summary');
  await page.selectOption('#reshard-shard', '0');
  await page.click('#split-shard');
  assert.match(await page.locator('#reshard-result').textContent(), /SplitShard shardId-000000000000: 5 of 8 record keys now land on a different shard; 33\.3% of the hash space/);
  assert.match(await shardOf(page, '101'), /shardId-00000000000[34]/);
  assert.equal(await shardOf(page, '103'), 'shardId-000000000001', 'other shards keep their keys');
  assert.equal(await page.locator('.lineage tr.closed').count(), 1);
  assert.equal(await page.inputValue('#shards'), '4', 'the Shards input counts the open shards');
  await screenshot(page, 'split-shard-1280x800');
  // The layout travels in the link.
  await page.waitForFunction(() => location.hash.startsWith('#v1.'));
});

test('a pasted layout with a gap is reported', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('#stream-panel summary');
  await page.click('.paste-layout summary');
  await page.fill('#layout-json', JSON.stringify({ Shards: [
    { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '100' } },
    { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '200', EndingHashKey: '340282366920938463463374607431768211455' } },
  ] }));
  await page.click('#use-layout');
  assert.match(await page.locator('#stream-panel .diagnostics .error').first().textContent(), /no open shard holds hash keys \[101, 199\]/);
  assert.equal(await shardOf(page, '101'), 'shardId-000000000001');
});

test('a split message does not outlive a later change of the shard count', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('#stream-panel summary');
  await page.click('#split-shard');
  await page.locator('#reshard-result').waitFor();
  await page.fill('#shards', '5');
  await page.locator('#reshard-result').waitFor({ state: 'detached' });
});

test('JSON that belongs in another box is named and sent there', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const listShards = JSON.stringify({ Shards: [
    { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' } },
    { ShardId: 'shardId-000000000001', HashKeyRange: { StartingHashKey: '170141183460469231731687303715884105728', EndingHashKey: '340282366920938463463374607431768211455' } },
  ] });
  // list-shards output pasted into the mapping box: named, not read as a mapping.
  await page.click('.paste-mapping summary');
  await page.fill('#mapping-json', listShards);
  await page.click('#use-mapping');
  assert.match(await page.locator('#mapping-paste-note').textContent(), /aws kinesis list-shards/);
  assert.equal(await page.inputValue('#batch-size'), '500', 'the mapping is untouched');
  await page.click('#mapping-paste-note button');
  await page.waitForFunction(() => document.querySelector('#shards').value === '2');
  // describe-stream-summary in the layout box offers its shard count.
  await page.click('#stream-panel summary');
  await page.click('.paste-layout summary');
  await page.fill('#layout-json', JSON.stringify({ StreamDescriptionSummary: { StreamName: 's', OpenShardCount: 6 } }));
  await page.click('#use-layout');
  assert.match(await page.locator('#layout-paste-note').textContent(), /no shard list.*6 open shards/);
  await page.click('#layout-paste-note button');
  await page.waitForFunction(() => document.querySelector('#shards').value === '6');
  // list-shards pasted into the code editor (the natural first try).
  await page.selectOption('#language', 'json');
  await setCode(page, listShards);
  await page.locator('#code-paste-note').waitFor();
  assert.match(await page.locator('#code-paste-note').textContent(), /a stream layout/);
});

test('each other kind of pasted JSON is recognised where it lands and sent where it belongs', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const mapping = { UUID: 'u-1', EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', BatchSize: 50, StartingPosition: 'LATEST' };
  const pasteMapping = async (json) => {
    await page.fill('#mapping-json', json);
    await page.click('#use-mapping');
    return page.locator('#mapping-paste-note').textContent();
  };
  const pasteLayout = async (json) => {
    await page.fill('#layout-json', json);
    await page.click('#use-layout');
    return page.locator('#layout-paste-note').textContent();
  };
  await page.click('.paste-mapping summary');
  await page.click('#stream-panel summary');
  await page.click('.paste-layout summary');
  // list-event-source-mappings in the mapping box: its first mapping is offered and applied.
  assert.match(await pasteMapping(JSON.stringify({ EventSourceMappings: [mapping, { ...mapping, UUID: 'u-2' }] })),
    /aws lambda list-event-source-mappings` output with 2 mapping\(s\); Shardlane simulates one/);
  await page.click('#mapping-paste-note button');
  await page.waitForFunction(() => document.querySelector('#batch-size').value === '50');
  // get-event-source-mapping in the layout box: named as mapping settings, the layout untouched.
  assert.match(await pasteLayout(JSON.stringify({ ...mapping, BatchSize: 70 })), /aws lambda get-event-source-mapping` output: mapping settings/);
  assert.equal(await page.inputValue('#shards'), '3');
  // A Lambda event from Kinesis and PutRecords JSON in the mapping box: sent to the code editor.
  const event = { Records: [{ kinesis: { partitionKey: 'k', data: 'aGk=' }, eventSource: 'aws:kinesis' }] };
  assert.match(await pasteMapping(JSON.stringify(event)), /a Lambda event from Kinesis: the code editor reads it/);
  const putRecords = JSON.stringify({ StreamName: 'my-stream', Records: [{ PartitionKey: 'moved-here', Data: 'aGk=' }] });
  assert.match(await pasteMapping(putRecords), /records to put \(PutRecords JSON\): the code editor reads it/);
  await page.click('#mapping-paste-note button');
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent.endsWith('moved-here'));
  assert.equal(await page.inputValue('#batch-size'), '50', 'the mapping box applied nothing');
  // describe-stream in the code editor: a stream layout.
  await page.selectOption('#language', 'json');
  await setCode(page, JSON.stringify({ StreamDescription: { StreamName: 's', Shards: [] } }));
  await page.locator('#code-paste-note').waitFor();
  assert.match(await page.locator('#code-paste-note').textContent(), /describe-stream`\) output: a stream layout/);
  assert.deepEqual(app.browser.errors, []);
});

test('UpdateShardCount to a target other than double or half splits and merges, labelled a model', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('#stream-panel summary');
  assert.match(await page.locator('#rescale-model').textContent(), /Model: AWS does not publish the order of UpdateShardCount's intermediate splits and merges/);
  // 3 → 5: the three shards split in half (6 new), one pair of halves merges (1 new).
  await page.fill('#scale-target', '5');
  await page.click('#update-shard-count');
  assert.match(await page.locator('#reshard-result').textContent(), /UpdateShardCount to 5 \(7 new shards, short-lived ones included; their steps are a model\*\)/);
  assert.match(await page.locator('#stream-panel > summary').textContent(), /5 open shards \(10 in all/);
  assert.equal(await page.locator('.lineage tr.closed').count(), 5, 'three originals and the merged pair of halves');
  // Over double: AWS's LimitExceededException, the layout unchanged.
  await page.fill('#scale-target', '11');
  await page.click('#update-shard-count');
  assert.match(await page.locator('#reshard-result').textContent(), /^LimitExceededException: UpdateShardCount cannot scale up over double your current open shard count\. Current open shard count: 5 Target shard count: 11$/);
  await screenshot(page, 'update-shard-count-model-1280x800');
});
