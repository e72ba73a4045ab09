// Every term has its meaning one click away: a "?" beside it opens the glossary at that term; the
// model footnote sits beside the starred settings; long keys never push the page wider than the
// screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

test('a "?" beside a term opens the glossary at that term', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const ceiling = page.locator('.findings li', { hasText: 'Concurrency ceiling' });
  await ceiling.getByRole('button', { name: 'What is Concurrency ceiling (our word)?' }).click();
  assert.equal(await page.locator('#glossary').evaluate((d) => d.open), true);
  const term = page.locator('#term-concurrency-ceiling');
  assert.equal(await term.evaluate((t) => document.activeElement === t), true, 'focus moves to the term');
  const box = await term.boundingBox();
  assert.ok(box.y >= 0 && box.y < 800, 'the term is in view');
  for (const label of ['What is ParallelizationFactor?', 'What is Lane (our word, a model)?',
    'What is Execution environment (Env)?', 'What is Hash key, hash key space?', 'What is IteratorAge?',
    'What is Batching window (MaximumBatchingWindowInSeconds)?']) {
    assert.ok(await page.getByRole('button', { name: label }).count() > 0, label);
  }
});

test('the model footnote sits beside the starred settings', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const note = await page.locator('#settings-model-note').boundingBox();
  const starred = await page.locator('#other-consumers').boundingBox();
  assert.ok(note.y > starred.y && note.y - starred.y < 120, `${note.y - starred.y}px below the last starred field`);
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`a 300-character key does not widen the page (${width}×${height})`, async () => {
    const page = await newPage(app.browser, { width, height });
    await page.goto(app.server.url);
    await page.locator('#records-table tbody tr').nth(7).waitFor();
    const long = 'k'.repeat(300);
    await setCode(page, JSON.stringify([{ PartitionKey: long, Data: 'eA==' }, { PartitionKey: 'b'.repeat(250), Data: 'eA==' }]));
    await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent.length === 300);
    await page.locator('#records-table tbody tr').nth(1).click();
    await page.locator('#explain-panel').waitFor();
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(scrollWidth <= innerWidth, `page ${scrollWidth}px wide in a ${innerWidth}px window`);
    assert.equal(await page.locator('#records-table td.key').first().getAttribute('title'), long, 'the whole key on hover');
    await screenshot(page, `long-key-${width}x${height}`);
  });
}
