// The page's budgets (DESIGN.md), measured in Debian's Chromium against the built dist/:
//   - the default scenario routed and drawn after navigation (budget 1.0 s, cold profile);
//   - 100,000 records: a change of shard count re-routed and re-drawn (budget 100 ms).
// Run after `trunk build --release`: node benches/page.mjs   (a benchmark, not a test)
import { launchBrowser, newPage, serveDist, setCode } from '../tests/e2e/support.mjs';

const server = await serveDist('/');
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  const began = Date.now();
  await page.goto(server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  console.log(`default scenario drawn ${Date.now() - began} ms after navigation (cold profile)`);

  await page.selectOption('#language', 'Keys');
  await setCode(page, Array.from({ length: 100_000 }, (_, i) => `device-${i}`).join('\n'));
  await page.waitForFunction(() => /^100000 records/.test(document.querySelector('#records-caption').textContent),
    null, { timeout: 60_000 });
  const times = [];
  for (const shards of [4, 5, 6, 7, 8, 64, 3]) {
    // From the input event to the next frame after the table shows the new layout.
    const ms = await page.evaluate(async (shards) => {
      const input = document.querySelector('#shards');
      const began = performance.now();
      input.value = String(shards);
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const last = shards === 1 ? null : `shardId-${String(shards - 1).padStart(12, '0')}`;
      while (![...document.querySelectorAll('#records-table td.shard')].some((td) => td.textContent === last)
             && performance.now() - began < 5000) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - began;
    }, shards);
    times.push(Math.round(ms));
  }
  console.log(`100k records, shard count changed: ${times.join(', ')} ms (median ${[...times].sort((a, b) => a - b)[3]} ms)`);
  if (browser.errors.length) console.log('console errors:', browser.errors);
} finally {
  await browser.context.close();
  await server.close();
}
