// The first simulation after load against later ones (issue 16, step 3; a benchmark, not a
// test): 100,000 keys are pasted three times (distinct keys each time: each paste validates,
// hashes and simulates afresh), each time from the paste to the table's caption. With
// --no-liftoff, V8 compiles the page's wasm with its optimizing tier from the start, which tells
// how much of a slower first run is V8's baseline code still tiering up.
// Run after `trunk build --release`: node benches/first_simulation.mjs [--no-liftoff]
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDist, setCode } from '../tests/e2e/support.mjs';

const flags = process.argv.includes('--no-liftoff') ? ['--js-flags=--no-liftoff'] : [];
const server = await serveDist('/');
const context = await chromium.launchPersistentContext(await mkdtemp(join(tmpdir(), 'shardlane-bench-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...flags],
});
try {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#language', 'keys');
  await page.locator('#code .cm-content').waitFor();
  const times = [];
  for (const prefix of ['first', 'second', 'third']) {
    await page.waitForTimeout(800);
    const began = Date.now();
    await setCode(page, Array.from({ length: 100_000 }, (_, i) => `${prefix}-${i}`).join('\n'));
    await page.waitForFunction((prefix) => document.querySelector('#records-table td.key')?.textContent.startsWith(prefix)
      && /^100000 records/.test(document.querySelector('#records-caption').textContent), prefix, { timeout: 60_000, polling: 'raf' });
    times.push(Date.now() - began);
  }
  console.log(`100,000 keys pasted, read, hashed, simulated and drawn${flags.length ? ' (--no-liftoff)' : ''}: `
    + `first ${times[0]} ms, then ${times.slice(1).join(', ')} ms`);
} finally {
  await context.close();
  await server.close();
}
