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

test('the Share menu\'s embed, pasted into a documentation page, renders compact, read-only, its panel above the fold', async () => {
  const page = await newPage(app.browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.click('details.share summary');
  await page.selectOption('#embed-panel', 'timeline');
  await page.fill('#embed-height', '420');
  await page.locator('#embed-height').dispatchEvent('change');
  assert.equal(await page.locator('#embed-readonly').isChecked(), true, 'read-only is the default');
  // The live preview shows what the snippet will show.
  const preview = page.frameLocator('#embed-preview');
  await preview.locator('#timeline .batch').first().waitFor({ timeout: 60_000 });
  assert.equal(await preview.locator('#records-table').count(), 0);
  assert.match(await page.locator('#embed-preview').getAttribute('src'), /&embed=1&readonly=1&panel=timeline$/);
  await page.click('#copy-embed');
  assert.equal(await page.locator('#copy-embed').textContent(), 'Copied ✓');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(snippet, await page.locator('#embed-snippet').textContent());
  assert.match(snippet, /src="[^"]+#v1\.[\w.-]+&amp;embed=1&amp;readonly=1&amp;panel=timeline"/);
  assert.match(snippet, /height="420"/);
  assert.match(snippet, /<script src="[^"]+\/tools\/shardlane\/embed\.js" async><\/script>$/);

  // A documentation page elsewhere on the site, holding nothing but the snippet.
  const docs = `${app.server.url}docs/runbook.html`;
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const host = await newPage(app.browser, { width, height });
    await host.route(docs, (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!DOCTYPE html><html lang="en"><head><title>Runbook</title></head><body><h1>Runbook</h1>${snippet}</body></html>`,
    }));
    await host.goto(docs);
    const embed = host.frameLocator('iframe[data-shardlane]');
    await embed.locator('#timeline .batch').first().waitFor({ timeout: 60_000 });
    assert.equal(await embed.locator('#open-in-shardlane').isVisible(), true, 'a way out to the full app');
    assert.equal(await embed.locator('#code .cm-content').getAttribute('contenteditable'), 'false', 'the code shows, read-only');
    for (const control of ['#examples', '#language', '#run', '#code-help', '#shards', '#mapping-json', '#records-table', '#run-status', 'select:disabled', 'input:disabled']) {
      assert.equal(await embed.locator(control).count(), 0, `${control} is not drawn in the embed`);
    }
    // Above the fold: the timeline starts within the height the snippet gives the frame.
    const top = await embed.locator('#timeline').evaluate((svg) => svg.getBoundingClientRect().top);
    assert.ok(top < 420, `the timeline starts ${top}px down the ${width}px-wide frame`);
    // embed.js sizes the frame to its content.
    await host.waitForFunction(() => Number(document.querySelector('iframe[data-shardlane]').dataset.shardlaneHeight) > 120);
    await screenshot(host, `embed-from-share-menu-${width}x${height}`);
    await host.close();
  }
});
