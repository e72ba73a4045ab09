// What the default scenario's first draw waits for (a diagnostic, not a test): each file's
// fetch (start → end, ms after navigation) and when the page's milestones happen, in a cold
// profile. Run after `trunk build --release`: node benches/profile_first_draw.mjs
import { launchBrowser, newPage, serveDist } from '../tests/e2e/support.mjs';

const server = await serveDist('/');
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    const seen = {};
    const watch = () => {
      const now = performance.now();
      if (!seen.editor && globalThis.ShardlaneEditor) seen.editor = now;
      if (!seen.app && document.querySelector('main')) seen.app = now;
      if (!seen.table && document.querySelectorAll('#records-table tbody tr').length >= 8) seen.table = now;
      if (!seen.codemirror && document.querySelector('.cm-editor')) seen.codemirror = now;
      globalThis.__milestones = seen;
      if (!seen.codemirror || !seen.table) requestAnimationFrame(watch);
    };
    addEventListener('TrunkApplicationStarted', () => { seen.wasmStarted = performance.now(); });
    requestAnimationFrame(watch);
  });
  const began = Date.now();
  await page.goto(server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.locator('.cm-editor').waitFor();
  console.log(`drawn ${Date.now() - began} ms after navigation (wall clock, as benches/page.mjs)`);
  const report = await page.evaluate(() => ({
    milestones: globalThis.__milestones,
    paint: performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]),
    resources: performance.getEntriesByType('resource').map((r) => [r.name.split('/').pop(), r.startTime, r.responseEnd]),
    nav: performance.getEntriesByType('navigation').map((n) => [n.responseEnd, n.domInteractive, n.domContentLoadedEventEnd])[0],
  }));
  const ms = (x) => Math.round(x).toString().padStart(5);
  console.log(`index.html response end ${ms(report.nav[0])}, DOM interactive ${ms(report.nav[1])}, DOMContentLoaded end ${ms(report.nav[2])}`);
  for (const [name, start, end] of report.resources) console.log(`  ${ms(start)} → ${ms(end)}  ${name}`);
  for (const [name, at] of report.paint) console.log(`${ms(at)}  ${name}`);
  for (const [name, at] of Object.entries(report.milestones).sort((a, b) => a[1] - b[1])) console.log(`${ms(at)}  ${name}`);
} finally {
  await browser.context.close();
  await server.close();
}
