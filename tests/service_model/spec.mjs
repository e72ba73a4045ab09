// Reading the service-model spec and checking an implementation's answers against it, for the
// Node runners (kinesis.test.mjs: www/js-engine/kinesis.js; harness_in_pyodide.test.mjs:
// harness.py in the page's Pyodide). tests/it/service_model_spec.rs applies the same rules to the
// Rust core and to harness.py in CPython.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const specDir = fileURLToPath(new URL('.', import.meta.url));
export const specFiles = readdirSync(specDir).filter((name) => name.endsWith('.json')).sort();

export const readSpec = (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

/** Entries with `"times": N` written out N times. */
export const expand = (entries) => entries.flatMap(({ times = 1, ...entry }) => Array(times).fill(entry));

/** The put calls of a spec, in order: [operation, parameters, expected answer]. */
export const putCalls = (spec) => spec.calls.filter((call) => !('advance_ms' in call))
  .map((call) => {
    const operation = 'PutRecord' in call ? 'PutRecord' : 'PutRecords';
    return [operation, call[operation], call.expect];
  });

/**
 * Checks `answers` (one AWS JSON answer per put call) against the spec: sequence numbers increase
 * within each shard, and without them every answer is the spec's.
 */
export function checkAnswers(implementation, file, spec, answers) {
  const calls = putCalls(spec);
  assert.equal(answers.length, calls.length, `${implementation}, ${file}: one answer per call`);
  const lastInShard = new Map();
  answers.forEach((answer, i) => {
    const [operation, , expect] = calls[i];
    for (const entry of answer.Records ?? [answer]) {
      if (!entry.ShardId) continue;
      assert.match(entry.SequenceNumber, /^[0-9]+$/);
      const number = BigInt(entry.SequenceNumber);
      const last = lastInShard.get(entry.ShardId);
      assert.ok(last === undefined || number > last, `${implementation}, ${file}, call ${i}: sequence numbers of ${entry.ShardId} increase`);
      lastInShard.set(entry.ShardId, number);
      delete entry.SequenceNumber;
    }
    const expected = expect.Records ? { ...expect, Records: expand(expect.Records) } : expect;
    assert.deepEqual(answer, expected, `${implementation}, ${file}, call ${i} (${operation}) answered differently from AWS`);
  });
}
