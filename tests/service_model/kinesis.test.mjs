// The service-model spec (tests/service_model/*.json) against www/js-engine/kinesis.js, the
// JavaScript engine's service model, under `node --test` (no browser): each call goes to
// `putCall` on an `openStream`, the entry points the engine's SDK stubs use, and its answer must
// be AWS's. The Rust core and harness.py run the same files (tests/it/service_model_spec.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStream, putCall } from '../../www/js-engine/kinesis.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const specFiles = readdirSync(here).filter((name) => name.endsWith('.json')).sort();
const encoder = new TextEncoder();

const dataBytes = (data) => ('text' in data ? encoder.encode(data.text) : new Uint8Array(data.bytes).fill(0x61));
const expand = (entries) => entries.flatMap(({ times = 1, ...entry }) => Array(times).fill(entry));

/** Each put call's answer, and the spec's. */
function answersOf(spec) {
  const shards = spec.stream.StreamDescription.Shards;
  const stream = openStream({
    shard_ids: shards.map((s) => s.ShardId),
    shard_starts: shards.map((s) => s.HashKeyRange.StartingHashKey),
    shard_ends: shards.map((s) => s.HashKeyRange.EndingHashKey),
  });
  const answers = [];
  for (const call of spec.calls) {
    if ('advance_ms' in call) {
      stream.clockMs += call.advance_ms;
      continue;
    }
    const operation = 'PutRecord' in call ? 'PutRecord' : 'PutRecords';
    const params = call[operation];
    const name = params.StreamName ?? params.StreamARN.split('/').pop();
    const records = operation === 'PutRecord' ? [params] : expand(params.Records);
    const entries = records.map((r) => [r.PartitionKey, dataBytes(r.Data), r.ExplicitHashKey ?? null]);
    answers.push({ operation, answer: putCall(stream, operation, name, entries), expect: call.expect });
  }
  return answers;
}

test('there are service-model spec files', () => assert.ok(specFiles.length >= 4, specFiles.join(', ')));

for (const file of specFiles) {
  test(`kinesis.js answers ${file} as AWS does`, () => {
    const spec = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
    const lastInShard = new Map();
    answersOf(spec).forEach(({ operation, answer, expect }, i) => {
      const entries = answer.Records ?? [answer];
      for (const entry of entries) {
        if (!entry.ShardId) continue;
        assert.match(entry.SequenceNumber, /^[0-9]+$/);
        const number = BigInt(entry.SequenceNumber);
        const last = lastInShard.get(entry.ShardId);
        assert.ok(last === undefined || number > last, `${file}, call ${i}: sequence numbers of ${entry.ShardId} increase`);
        lastInShard.set(entry.ShardId, number);
        delete entry.SequenceNumber;
      }
      const expected = expect.Records ? { ...expect, Records: expand(expect.Records) } : expect;
      assert.deepEqual(answer, expected, `${file}, call ${i} (${operation}) answered differently from AWS`);
    });
  });
}
