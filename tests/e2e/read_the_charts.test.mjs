// Charts stay readable at scale: a 40-lane timeline keeps its labels at 10 px or more (scrolling
// sideways on a phone instead of shrinking), environments are told apart by number, pattern and a
// legend, look-alike keys get far-apart colours, hash-space ticks name their keys and skip records
// AWS refused, and the records table puts the shard before the hash key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

const keys = Array.from({ length: 400 }, (_, i) => `k${i}`).join('\n');

/** The smallest on-screen font size (px) of the elements matching `selector`. */
const smallestFont = (page, selector) => page.locator(selector).evaluateAll((elements) => Math.min(...elements
  .map((e) => e.getScreenCTM().a * parseFloat(getComputedStyle(e).fontSize))));

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`a 40-lane timeline keeps its labels readable (${width}×${height})`, async () => {
    for (const scheme of ['light', 'dark']) {
      const page = await newPage(app.browser, { width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(app.server.url);
      await page.locator('#records-table tbody tr').nth(7).waitFor();
      await page.selectOption('#language', 'keys');
      await setCode(page, keys);
      await page.fill('#shards', '4');
      await page.fill('#parallelization-factor', '10');
      await page.waitForFunction(() => document.querySelectorAll('#timeline text.label').length === 40);
      const smallest = await smallestFont(page, '#timeline text.label');
      assert.ok(smallest >= 10, `lane labels at ${smallest.toFixed(1)} px`);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      assert.ok(scrollWidth <= innerWidth, 'the timeline scrolls in its own box, not the page');
      // Environments: a legend, and a pattern on every bar of environments 1, 2, 3, 5…
      const legend = await page.locator('#timeline-legend li').allTextContents();
      assert.ok(legend.includes('#0') && legend.includes('#1'), legend.join(' '));
      assert.ok(await page.locator('#timeline rect[fill^="url(#env-pattern-"]').count() > 0);
      await page.locator('#timeline').scrollIntoViewIfNeeded();
      await screenshot(page, `timeline-40-lanes-${width}x${height}-${scheme}`);
      await page.close();
    }
  });
}

test('look-alike keys get far-apart colours, and the shard comes before the hash key', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  const swatch = (key) => page.locator('#records-table tr', { has: page.locator(`td.key:text-is("${key}")`) }).first()
    .locator('circle').getAttribute('fill');
  const hue = (colour) => Number(/hsl\((\d+)/.exec(colour)[1]);
  const [a, b] = [hue(await swatch('100')), hue(await swatch('101'))];
  assert.ok(Math.min(Math.abs(a - b), 360 - Math.abs(a - b)) > 60, `hues ${a} and ${b}`);
  const headers = await page.locator('#records-table thead th').allTextContents();
  assert.ok(headers.findIndex((h) => h.startsWith('Shard')) < headers.findIndex((h) => h.startsWith('Hash key')), headers.join(' | '));
});

test('hash-space ticks name their keys and skip records AWS refused', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  // One shard takes 1,000 records a second: the 1,001st, "late", is throttled (it never enters the
  // stream, though it has a hash key), so it draws no tick.
  await page.fill('#shards', '1');
  const entries = Array.from({ length: 1000 }, () => JSON.stringify({ PartitionKey: 'alpha', Data: 'eA==' }));
  await setCode(page, [...entries, JSON.stringify({ PartitionKey: 'late', Data: 'eA==' })].join('\n'));
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'alpha');
  await page.fill('#record-filter', 'late');
  await page.locator('#records-table tr.failed td.key', { hasText: 'late' }).waitFor();
  const titles = await page.locator('.hash-space path.tick title').allTextContents();
  assert.deepEqual(titles, ['key alpha']);
});
