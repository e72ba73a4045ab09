// What the JavaScript SDK stubs of www/js-engine/kinesis.js hand a producer, run through the
// engine's harness under Node (no browser): the SDKs retry a throttled PutRecord
// on the virtual clock (v3: standard mode, 3 attempts; v2: maxRetries 3), and never retry a
// PutRecords whose entries failed (the call itself succeeded); v3 validates nothing on the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProducer } from '../../www/js-engine/harness.js';

const OPTIONS = JSON.stringify({
  record_cap: 100000, clock_origin_ms: 0, seed: 5, shard_ids: ['shardId-000000000000'],
  shard_starts: ['0'], shard_ends: [String((1n << 128n) - 1n)],
});

async function run(code) {
  const answer = JSON.parse(await runProducer(code, OPTIONS));
  assert.equal(answer.error, null, JSON.stringify(answer.error));
  return answer;
}

const FILL_THE_FIRST_SECOND = `
const records = Array.from({ length: 500 }, () => ({ PartitionKey: 'k', Data: new Uint8Array([1]) }));
`;

test('SDK v3: a throttled PutRecord is retried with backoff on the virtual clock, a PutRecords is not', async () => {
  const answer = await run(`
import { KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
${FILL_THE_FIRST_SECOND}
const client = new KinesisClient({});
await client.send(new PutRecordsCommand({ StreamName: 's', Records: records }));
await client.send(new PutRecordsCommand({ StreamName: 's', Records: records.slice(1) }));
const batch = await client.send(new PutRecordsCommand({ StreamName: 's', Records: records.slice(0, 3) }));
console.log(batch.FailedRecordCount, batch.$metadata.attempts, Date.now());
const single = await client.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: new Uint8Array([1]) }));
console.log(single.$metadata.attempts, single.$metadata.totalRetryDelay > 0, Date.now() >= 1000);
await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
await client.send(new PutRecordsCommand({ StreamName: 's', Records: records }));
await client.send(new PutRecordsCommand({ StreamName: 's', Records: records }));
const once = new KinesisClient({ maxAttempts: 1 });
try {
  await once.send(new PutRecordCommand({ StreamName: 's', PartitionKey: 'k', Data: new Uint8Array([1]) }));
} catch (error) {
  console.log(error.name, error.$metadata.attempts, error.message);
}
`);
  const lines = answer.console.trim().split('\n');
  assert.equal(lines[0], '2 1 0');
  const [attempts, delayed, crossed] = lines[1].split(' ');
  assert.ok(Number(attempts) >= 2 && Number(attempts) <= 3, lines[1]);
  assert.deepEqual([delayed, crossed], ['true', 'true']);
  assert.equal(lines[2], 'ProvisionedThroughputExceededException 1 Rate exceeded for shard shardId-000000000000 in stream s under account 123456789012.');
  // Every attempt reached the stream: the throttled ones stay in the records, refused.
  const singles = answer.records.filter((r) => r.api === 'PutRecord');
  assert.equal(singles.length, Number(attempts) + 1);
});

test('SDK v2: a throttled putRecord is retried maxRetries (3) times after 2^n × 100 ms jittered delays', async () => {
  const answer = await run(`
const AWS = require('aws-sdk');
${FILL_THE_FIRST_SECOND}
const kinesis = new AWS.Kinesis();
await kinesis.putRecords({ StreamName: 's', Records: records }).promise();
await kinesis.putRecords({ StreamName: 's', Records: records }).promise();
// The three retries wait at most 100 + 200 + 400 ms: still the same second, so it fails.
try {
  await kinesis.putRecord({ StreamName: 's', PartitionKey: 'k', Data: 'x' }).promise();
} catch (error) {
  console.log(error.code, error.retryCount, Date.now() < 1000);
}
await new Promise((resolve) => setTimeout(resolve, 950 - Date.now()));
const request = kinesis.putRecord({ StreamName: 's', PartitionKey: 'k', Data: 'x' });
const result = await request.promise();
console.log(request.response.retryCount, Date.now() >= 1000, typeof result.SequenceNumber);
const never = new AWS.Kinesis({ maxRetries: 0 });
await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
await kinesis.putRecords({ StreamName: 's', Records: records }).promise();
await kinesis.putRecords({ StreamName: 's', Records: records }).promise();
never.putRecord({ StreamName: 's', PartitionKey: 'k', Data: 'x' }, (error) => console.log(error.code, error.retryCount));
`);
  const lines = answer.console.trim().split('\n');
  assert.equal(lines[0], 'ProvisionedThroughputExceededException 3 true');
  const [retries, crossed, type] = lines[1].split(' ');
  assert.ok(Number(retries) >= 1 && Number(retries) <= 3, lines[1]);
  assert.deepEqual([crossed, type], ['true', 'string']);
  assert.equal(lines[2], 'ProvisionedThroughputExceededException 0');
});

test('SDK v3 validates nothing on the client: a missing or empty PartitionKey comes back from the service', async () => {
  const answer = await run(`
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
const client = new KinesisClient({});
for (const input of [{ StreamName: 's', Data: 'x' }, { StreamName: 's', PartitionKey: '', Data: 'x' }]) {
  try {
    await client.send(new PutRecordCommand(input));
  } catch (error) {
    console.log(error.name, error.$fault, error.$metadata.attempts, error.message);
  }
}
`);
  assert.deepEqual(answer.console.trim().split('\n'), [
    "ValidationException client 1 1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    "ValidationException client 1 1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ]);
});
