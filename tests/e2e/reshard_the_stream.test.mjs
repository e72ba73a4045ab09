// The stream panel splits, merges and scales the stream with AWS's lineage, says how many keys
// move, re-routes the records, and reports the gaps of a pasted layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp } from './support.mjs';

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
