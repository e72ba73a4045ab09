// Insights advise: with three device types as keys, ParallelizationFactor 10 and 4 shards, the
// page says why more lanes will not help, and "Try keying by device" shows before and after side
// by side (ceiling, peak, busiest shard, keys, order) until Undo puts the page back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

const ndjson = Array.from({ length: 120 }, (_, i) => {
  const kind = ['sensor', 'camera', 'lock'][i % 3];
  return JSON.stringify({ PartitionKey: kind, Data: { type: kind, device: `d${i % 40}` } });
}).join('\n');

const cell = (page, row, column) => page.locator(`#what-if-table tbody tr:nth-child(${row}) td:nth-of-type(${column})`).textContent();

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`a what-if applies, compares and undoes (${width}×${height})`, async () => {
    const page = await newPage(app.browser, { width, height });
    await page.goto(app.server.url);
    await page.locator('#records-table tbody tr').nth(7).waitFor();
    await setCode(page, ndjson);
    await page.fill('#shards', '4');
    await page.fill('#parallelization-factor', '10');
    await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'sensor');
    // The advice sits under the finding it answers: the concurrency ceiling.
    const advice = page.locator('.findings li', { hasText: 'Concurrency ceiling' }).locator('#what-ifs');
    assert.match(await advice.textContent(), /cannot give more than 3 busy lanes/);
    await advice.scrollIntoViewIfNeeded();
    await screenshot(page, `advice-under-its-finding-${width}x${height}`);
    await page.getByRole('button', { name: 'Try keying by device' }).click();
    await page.locator('#what-if').waitFor();
    assert.equal(await cell(page, 1, 1), '3', 'ceiling before');
    assert.ok(Number(await cell(page, 1, 2)) > 3, 'ceiling after');
    assert.equal(await cell(page, 4, 1), '3', 'distinct keys before');
    assert.equal(await cell(page, 4, 2), '40', 'distinct keys after');
    assert.match(await page.locator('#what-if-table').textContent(), /order holds per device, no longer per type/);
    await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'd0');
    await page.locator('#what-if').scrollIntoViewIfNeeded();
    await screenshot(page, `what-if-${width}x${height}`);
    await page.click('#undo-what-if');
    await page.locator('#what-if').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'sensor');
    assert.equal(await page.inputValue('#parallelization-factor'), '10');
    assert.deepEqual(app.browser.errors, []);
  });
}
