// Clicking a record shows why it went where it did right where the eye is: docked beside the
// table on a wide screen, a sheet from the bottom on a narrow one; never off-screen, and the page
// does not jump (the editor scrolls its own box to the record's put call, not the window).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp } from './support.mjs';

const app = servedApp('/');

const inViewport = (locator) => locator.evaluate((element) => {
  const rect = element.getBoundingClientRect();
  return rect.top >= 0 && rect.top < innerHeight - 40 && rect.left >= 0 && rect.right <= innerWidth + 1;
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`at ${width}×${height} the explanation of a clicked record is in view and the page stays put`, async () => {
    for (const scheme of ['light', 'dark']) {
      const page = await newPage(app.browser, { width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(app.server.url);
      const row = page.locator('#records-table tbody tr').nth(6);
      await row.waitFor();
      await row.scrollIntoViewIfNeeded();
      const before = await page.evaluate(() => scrollY);
      await row.click();
      const explain = page.locator('#explain-panel');
      await explain.waitFor();
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => scrollY), before, 'no scroll jump');
      assert.ok(await inViewport(explain), 'the explanation is in the viewport');
      assert.match(await explain.textContent(), /Record #6[\s\S]*MD5/);
      if (width >= 1100) {
        const [table, panel] = await Promise.all(['.table-wrap', '#explain-panel'].map((s) => page.locator(s).boundingBox()));
        assert.ok(panel.x >= table.x + table.width - 1, 'docked beside the table');
      }
      await screenshot(page, `explain-${width}x${height}-${scheme}`);
      await page.click('#close-explain');
      await explain.waitFor({ state: 'detached' });
      await page.close();
    }
    assert.deepEqual(app.browser.errors, []);
  });
}
