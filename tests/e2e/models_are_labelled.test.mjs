// Every result docs/SEMANTICS.md calls a MODEL is labelled as a model where the page shows it:
// lanes, batch timing and execution environments (records table, explain pane, timeline),
// sequence numbers (explain pane, event pane), when polls happen, UpdateShardCount's intermediate
// steps, the function's timings and the retry delay, and the StartingPosition the page assumes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, servedApp } from './support.mjs';

const app = servedApp('/');

test('the page labels every model result it shows', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const text = (selector) => page.locator(selector).first().textContent();

  // Records table: lane and environment columns.
  assert.match(await page.locator('#records-table th[title*="Lane" i], #records-table th[title*="MD5" i]').first().getAttribute('title'), /model/);
  assert.match(await page.locator('#records-table th[title*="environment" i]').first().getAttribute('title'), /model/);
  // The results' footnote: lanes, batch timing, environments, and when polls happen.
  const footnote = await page.locator('.results > .model-note').last().textContent();
  assert.match(footnote, /A model: .*lanes.*times batches.*execution environments/);
  assert.match(footnote, /Model: each shard is polled once a second when caught up/);
  // Timeline: environments.
  assert.match(await text('figure.timeline figcaption'), /execution environment \(a model/);

  // Explain pane of one record.
  await page.locator('#records-table tbody tr').nth(1).click();
  const explain = await text('#explain');
  for (const label of ['Sequence number (model)', 'Lane (model)', 'Batch (timing: model)', 'Execution environment (model)']) {
    assert.ok(explain.includes(label), `explain pane: ${label}`);
  }
  assert.match(explain, /Sequence numbers are synthetic \(a model\)/);

  // Event pane of one invocation.
  await page.locator('#timeline .batch').first().click();
  await page.locator('#event-json').waitFor();
  assert.match(await text('#sequence-number-model'), /^Sequence numbers are synthetic \(a model\).*placeholders\.$/);

  // Settings: the function model, the retry delay, the StartingPosition the page assumes.
  for (const id of ['function-ms', 'per-record-ms', 'cold-start-ms']) {
    assert.match(await page.locator(`label[for="${id}"]`).textContent(), /\*/, id);
  }
  assert.match(await page.locator('label[for="retry-delay-ms"]').textContent(), /\(model\)/);
  assert.match(await text('#starting-position'), /the playground's default/);

  // Stream panel: UpdateShardCount's intermediate steps.
  await page.click('#stream-panel summary');
  assert.match(await text('#rescale-model'), /Model: AWS does not publish the order of UpdateShardCount's intermediate splits and merges/);
});
