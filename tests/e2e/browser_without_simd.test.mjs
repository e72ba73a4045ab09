// The page's WebAssembly needs SIMD (simd128). A browser without it gets a plain message saying
// why the page cannot start; with it (every current browser), no such message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, screenshot, servedApp } from './support.mjs';

const app = servedApp('/');

test('a browser with WebAssembly SIMD shows the page and no message', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  assert.equal(await page.locator('.no-simd').count(), 0);
});

test('a browser without WebAssembly SIMD says why the page cannot start', async () => {
  const page = await newPage(app.browser);
  // Such a browser's WebAssembly refuses any module with a SIMD instruction: the check's tiny
  // module, and the app's own when the loader compiles it.
  await page.addInitScript(() => {
    const refuse = () => Promise.reject(new WebAssembly.CompileError('invalid opcode 0xfd (SIMD)'));
    WebAssembly.validate = () => false;
    WebAssembly.instantiateStreaming = refuse;
    WebAssembly.instantiate = refuse;
    WebAssembly.compileStreaming = refuse;
    WebAssembly.compile = refuse;
  });
  await page.goto(app.server.url);
  const message = page.locator('.no-simd[role=alert]');
  await message.waitFor();
  assert.match(await message.textContent(), /lacks SIMD \(simd128\)/);
  assert.equal(await page.locator('#records-table').count(), 0);
  await screenshot(page, 'browser-without-simd');
});
