// The service-model spec (tests/service_model/*.json) against www/js-engine/kinesis.js, the
// JavaScript engine's service model, under `node --test` (no browser): each call goes to
// `putCall` on an `openStream`, the entry points the engine's SDK stubs use, and its answer must
// be AWS's. The Rust core and harness.py run the same files (tests/it/service_model_spec.rs,
// harness_in_pyodide.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStream, putCall } from '../../www/js-engine/kinesis.js';
import { checkAnswers, expand, readSpec, specFiles } from './spec.mjs';

const encoder = new TextEncoder();
const dataBytes = (data) => ('text' in data ? encoder.encode(data.text) : new Uint8Array(data.bytes).fill(0x61));

/** Each put call's answer. */
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
    answers.push(putCall(stream, operation, name, entries));
  }
  return answers;
}

test('there are service-model spec files', () => assert.ok(specFiles.length >= 4, specFiles.join(', ')));

for (const file of specFiles) {
  test(`kinesis.js answers ${file} as AWS does`, () => {
    const spec = readSpec(file);
    checkAnswers('kinesis.js', file, spec, answersOf(spec));
  });
}
