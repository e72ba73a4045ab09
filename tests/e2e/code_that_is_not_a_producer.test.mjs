// Code that asks for what the page does elsewhere gets a clear word in the page: TypeScript is
// named (not "The keyword 'interface' is reserved"), and a Kinesis control-plane call points to the
// stream panel (not an AttributeError or "not available").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

async function errorFor(code) {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await setCode(page, code);
  const error = page.locator('.diagnostics li.error');
  await error.waitFor({ timeout: 60_000 });
  const text = await error.textContent();
  await page.close();
  return text;
}

test('TypeScript is named, with what to do', async () => {
  const text = await errorFor(`import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
interface Reading { device: string; value: number }
const client = new KinesisClient({});
const readings: Reading[] = [{ device: 'd1', value: 1 }];
for (const r of readings) await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: r.device, Data: new TextEncoder().encode('x') }));
`);
  assert.match(text, /This looks like TypeScript \(an interface\).*Remove the types/);
});

test('a control-plane call in JavaScript points to the stream panel', async () => {
  const text = await errorFor(`import { KinesisClient, SplitShardCommand } from '@aws-sdk/client-kinesis';
const client = new KinesisClient({});
await client.send(new SplitShardCommand({ StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1' }));
`);
  assert.match(text, /Shardlane does not run SplitShardCommand from code: use Split in the stream panel/);
});
