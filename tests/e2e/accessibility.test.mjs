// axe-core (npm, injected into the page by Playwright) finds no serious or critical accessibility
// violation on the page, with a record explained and the Share menu's embed options open, in light
// and dark, nor in a read-only embed, nor on a DynamoDB stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newPage, root, servedApp } from './support.mjs';

const app = servedApp('/');
const axeSource = () => readFile(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious and critical violations in `page`, as "rule: target" lines. */
async function violations(page) {
  // The page's CSP forbids inline scripts: axe is evaluated through the DevTools protocol.
  await page.evaluate(await axeSource());
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n')[1] ?? ''}`));
}

for (const scheme of ['light', 'dark']) {
  test(`no serious accessibility violations on the page (${scheme})`, async () => {
    const page = await newPage(app.browser);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(app.server.url);
    await page.locator('#records-table tbody tr').nth(7).click();
    await page.locator('#explain-panel').waitFor();
    await page.locator('#timeline g.batch').first().click();
    await page.locator('#event-json').waitFor();
    await page.click('details.share summary');
    await page.locator('#embed-options').waitFor();
    assert.deepEqual(await violations(page), []);
  });
}

test('no serious accessibility violations in a read-only embed', async () => {
  const page = await newPage(app.browser, { width: 860, height: 600 });
  await page.goto(`${app.server.url}#embed=1&readonly=1`);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.deepEqual(await violations(page), []);
});

test('no serious accessibility violations on a DynamoDB stream, with the table panel and a stream record explained', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.check('#source-dynamodb');
  await page.waitForFunction(() => document.querySelector('#records-table td.event-name'), null, { timeout: 90_000 });
  await page.locator('#records-table tbody tr').first().click();
  await page.locator('#explain-panel').waitFor();
  await page.click('#table-paste summary');
  await page.locator('#timeline g.batch').first().click();
  await page.locator('#event-json').waitFor();
  assert.deepEqual(await violations(page), []);
});
