// Scenarios embedded in a documentation page (www/embed-demo.html) render, size their iframes
// through www/embed.js, never rewrite their URL, and "Open in Shardlane" carries the live state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp } from './support.mjs';

const app = servedApp('/tools/shardlane/');

test('both embeds render, resize their iframes and keep their URLs', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}embed-demo.html`);
  const seed = page.frameLocator('#embed-seed');
  await seed.locator('#records-table tbody tr').nth(7).waitFor();
  assert.equal(await seed.locator('#code .cm-content').getAttribute('contenteditable'), 'false', 'readonly=1 locks the code');
  const parallel = page.frameLocator('#embed-parallel');
  await parallel.locator('#timeline .batch').first().waitFor({ timeout: 60_000 });
  assert.equal(await parallel.locator('#records-table').count(), 0, 'panel=timeline shows the timeline only');
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => Number(f.dataset.shardlaneHeight) > 120));
  const frameUrl = await page.locator('#embed-seed').evaluate((frame) => frame.contentWindow.location.hash);
  assert.equal(frameUrl, '#embed=1&readonly=1', 'an embed never rewrites its URL');
  await screenshot(page, 'embed-demo-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('"Open in Shardlane" reproduces the embedded scenario', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}embed-demo.html`);
  const parallel = page.frameLocator('#embed-parallel');
  const link = parallel.locator('#open-in-shardlane');
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert.match(href, /\/tools\/shardlane\/(index\.html)?#v1\./);
  assert.doesNotMatch(href, /embed=1/);
  const full = await newPage(app.browser);
  await full.goto(href);
  await full.locator('#records-table tbody tr').nth(9).waitFor({ timeout: 60_000 });
  assert.equal(await full.inputValue('#shards'), '4');
  assert.equal(await full.inputValue('#parallelization-factor'), '2');
  assert.equal(await full.inputValue('#batch-size'), '10');
});

test('no frame but a Shardlane embed, from the origin its src names, can resize', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}embed-demo.html`);
  await page.waitForFunction(() => Number(document.querySelector('#embed-seed').dataset.shardlaneHeight) > 120);
  const heights = await page.evaluate(async () => {
    const post = 'parent.postMessage({type: "shardlane:resize", height: 9999}, "*")';
    const frame = (attributes) => new Promise((resolve) => {
      const element = document.createElement('iframe');
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      element.srcdoc = `<script>${post}</script>`;
      element.onload = () => setTimeout(() => resolve(element), 200);
      document.body.append(element);
    });
    // An ad or widget frame on the same docs page, and one that claims to be an embed but is not
    // from the origin its src names.
    const foreign = await frame({});
    const pretender = await frame({ 'data-shardlane': '', src: 'https://elsewhere.invalid/' });
    // The seed embed itself still resizes when its content grows.
    const seed = document.querySelector('#embed-seed');
    seed.contentDocument.body.style.minHeight = '5000px';
    await new Promise((resolve) => setTimeout(resolve, 300));
    return [foreign.style.height, pretender.style.height, seed.style.height];
  });
  assert.deepEqual(heights.slice(0, 2), ['', ''], 'foreign frames are ignored');
  assert.equal(heights[2], '5000px', 'the embed itself still sizes its frame');
});

test('a read-only embed shows the code and results, no controls it cannot use', async () => {
  const page = await newPage(app.browser);
  await page.goto(`${app.server.url}embed-demo.html`);
  const seed = page.frameLocator('#embed-seed');
  await seed.locator('#records-table tbody tr').nth(7).waitFor();
  for (const control of ['#examples', '#language', '#run', '#shards', '#mapping-json', '#code-help']) {
    assert.equal(await seed.locator(control).count(), 0, `${control} is not drawn`);
  }
  assert.match(await seed.locator('#settings-summary').textContent(), /Shards 3 · BatchSize 500 · ParallelizationFactor 1/);
  assert.equal(await seed.locator('#run-status').count(), 0, 'no "runs once you edit it" where editing is impossible');
});
