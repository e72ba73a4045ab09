// Where a shard-count change's time goes (a diagnostic, not a test): after the page bench's
// 100,000 records load, each change of shard count is timed and Chromium's own counters
// (script, style, layout, DOM nodes) are read before and after it over CDP; with --cpu a sampled
// CPU profile of the changes is written to /tmp/shard-change.cpuprofile (open it in DevTools).
// Run after `trunk build --release`: node benches/profile_shard_change.mjs [--cpu]
import { writeFile } from 'node:fs/promises';
import { launchBrowser, newPage, serveDist, setCode } from '../tests/e2e/support.mjs';

const server = await serveDist('/');
const browser = await launchBrowser();
try {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#language', 'keys');
  await setCode(page, Array.from({ length: 100_000 }, (_, i) => `device-${i}`).join('\n'));
  await page.waitForFunction(() => /^100000 records/.test(document.querySelector('#records-caption').textContent),
    null, { timeout: 60_000 });
  await page.click('#when-it-fails summary');
  await page.fill('#function-timeout-ms', '900000');
  await page.locator('#records-table td.outcome').first().waitFor({ state: 'detached' });
  // --remove=<selector>: take part of the page out first, to see what its layout costs.
  const remove = process.argv.find((a) => a.startsWith('--remove='))?.slice('--remove='.length);
  if (remove) await page.evaluate((selector) => document.querySelectorAll(selector).forEach((e) => e.style.display = 'none'), remove);
  // --css=<rules>: try a style rule first.
  const css = process.argv.find((a) => a.startsWith('--css='))?.slice('--css='.length);
  if (css) await page.addStyleTag({ content: css });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const cpu = process.argv.includes('--cpu');
  if (cpu) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const trace = process.argv.includes('--trace');
  const events = [];
  if (trace) {
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  }
  for (const shards of [4, 5, 6, 7, 8, 64, 3]) {
    await page.waitForTimeout(600);
    const before = await metrics();
    const ms = await page.evaluate(async (shards) => {
      const input = document.querySelector('#shards');
      const began = performance.now();
      input.value = String(shards);
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const last = `shardId-${String(shards - 1).padStart(12, '0')}`;
      while (![...document.querySelectorAll('#records-table td.shard')].some((td) => td.textContent === last)
             && performance.now() - began < 5000) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - began;
    }, shards);
    const after = await metrics();
    const d = (name) => Math.round((after[name] - before[name]) * 1000);
    console.log(`${shards} shards: ${Math.round(ms)} ms; script ${d('ScriptDuration')} ms, style ${d('RecalcStyleDuration')} ms `
      + `(${after.RecalcStyleCount - before.RecalcStyleCount}×), layout ${d('LayoutDuration')} ms (${after.LayoutCount - before.LayoutCount}×), `
      + `task ${d('TaskDuration')} ms; nodes ${after.Nodes}, JS heap ${(after.JSHeapUsedSize / 1e6).toFixed(1)} MB`);
  }
  if (trace) {
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await done;
    await writeFile('/tmp/shard-change.trace.json', JSON.stringify(events));
    const totals = new Map();
    for (const e of events) if (e.ph === 'X' && e.dur) totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
    console.log([...totals].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([n, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${n}`).join('\n'));
    const layouts = events.filter((e) => e.name === 'Layout' && e.dur > 5000);
    for (const e of layouts.slice(0, 30)) console.log(`layout ${(e.dur / 1000).toFixed(1)} ms`, JSON.stringify(e.args?.beginData ?? {}).slice(0, 200), JSON.stringify(e.args?.endData?.root ?? e.args?.endData ?? {}).slice(0, 200));
  }
  if (cpu) {
    const { profile } = await cdp.send('Profiler.stop');
    await writeFile('/tmp/shard-change.cpuprofile', JSON.stringify(profile));
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas;
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      const name = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`;
      self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([n, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${n}`).join('\n'));
  }
  if (browser.errors.length) console.log('console errors:', browser.errors);
} finally {
  await browser.context.close();
  await server.close();
}
