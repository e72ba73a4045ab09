// Shared by the end-to-end tests: a static server for dist/ on 127.0.0.1 and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { createServer } from 'node:http';
import { readFile, mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshots = join(root, 'test-results');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Serves dist/ under `base` (e.g. "/" or "/tools/shardlane/"); resolves to the page URL. */
export async function serveDist(base = '/') {
  const dist = join(root, 'dist');
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('outside the base path');
      return;
    }
    let file = normalize(join(dist, path.slice(base.length) || 'index.html'));
    if (!file.startsWith(dist)) {
      response.writeHead(403).end();
      return;
    }
    if (file.endsWith('/')) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${base}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A fresh Chromium profile; collects console errors and page errors in `errors`. */
export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'shardlane-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  context.on('page', (page) => watch(page, errors));
  return { context, errors };
}

function watch(page, errors) {
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
}

export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  return page;
}

export async function screenshot(page, name) {
  await mkdir(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/**
 * Registers before/after hooks that serve dist/ under `base` and open one browser for the file's
 * tests; the returned object's `server` and `browser` are set once the hooks have run.
 */
export function servedApp(base = '/') {
  const app = { server: undefined, browser: undefined };
  before(async () => {
    app.server = await serveDist(base);
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.context.close();
    await app.server?.close();
  });
  return app;
}

/** Replaces the producer code the way a person does: select all in the editor, then paste. */
export async function setCode(page, code) {
  const editor = page.locator('#code .cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  if (code === '') {
    await page.keyboard.press('Delete');
    return;
  }
  // A paste event with the text, as the clipboard delivers it (typing 100,000 lines key by key,
  // or through the browser's insertText, would take minutes).
  await editor.evaluate((element, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, code);
}

/**
 * The editor's whole text (CodeMirror draws only the visible lines, so ask its handle). The page
 * mounts CodeMirror after its first draw: wait for it.
 */
export async function getCode(page) {
  await page.locator('#code .cm-content').waitFor();
  return page.evaluate(() => document.querySelector('#code').shardlaneEditor.getDoc());
}

/**
 * An HTTP (and WebSocket upgrade) listener on another port of 127.0.0.1 that records every request
 * it gets: containment tests assert that it saw nothing. As a control, a page of `browser`
 * without Shardlane's policy reaches it first (that request is then forgotten).
 */
export async function listen(browser) {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(200, {
      'access-control-allow-origin': '*',
      'content-type': request.url.includes('event') ? 'text/event-stream' : 'text/javascript',
    }).end(request.url.includes('event') ? 'data: reached\n\n' : 'void 0;');
  });
  server.on('upgrade', (request, socket) => {
    seen.push(`UPGRADE ${request.url}`);
    socket.destroy();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const control = await newPage(browser);
  await control.evaluate((url) => fetch(`${url}/control`, { mode: 'no-cors' }), url);
  await control.close();
  assert.deepEqual(seen, ['GET /control'], 'the browser reaches the listener without the policy');
  seen.length = 0;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Waits until the records table shows `key` first and no run is in flight. */
export async function ranWith(page, key, timeout = 30_000) {
  await page.waitForFunction((key) => document.querySelector('#records-table td.key')?.textContent === key
    && !document.querySelector('#run-status.busy'), key, { timeout });
}

/** Which of the page origin's stores (IndexedDB, Cache Storage, OPFS) hold a `shardlane-probe`. */
export async function plantedProbes(page) {
  return page.evaluate(async () => {
    const found = [];
    if ((await indexedDB.databases()).some((db) => db.name === 'shardlane-probe')) found.push('indexedDB');
    if (await caches.has('shardlane-probe')) found.push('caches');
    const root = await navigator.storage.getDirectory();
    for await (const name of root.keys()) if (name === 'shardlane-probe') found.push('OPFS');
    return found;
  });
}

/**
 * Opens the page and starts the Python engine beside the page's own, the way the page does: a
 * sandboxed frame (python-sandbox.html) handed the engine's files; resolves once it is ready, with
 * `window.runPython(code, options)` in the page answering the harness's output.
 */
export async function openPythonEngine(browser, url) {
  const page = await newPage(browser);
  // Read-only: the page does not prefetch its own engine, which would load beside this one.
  await page.goto(`${url}?readonly=1`);
  await page.evaluate(async () => {
    const base = new URL('./python-engine/', document.baseURI);
    const names = ['engine.js', 'pyodide.asm.wasm', 'python_stdlib.zip'];
    const files = {};
    for (const name of names) {
      const response = await fetch(new URL(name, base));
      files[name] = name === 'engine.js' ? await response.text() : await response.arrayBuffer();
    }
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.hidden = true;
    frame.src = new URL('./python-sandbox.html', document.baseURI).href;
    const answers = new Map();
    let next = 0;
    window.runPython = (code, options) => new Promise((resolve) => {
      next += 1;
      answers.set(next, resolve);
      frame.contentWindow.postMessage({ id: next, code, options }, '*');
    });
    await new Promise((resolve, reject) => {
      addEventListener('message', ({ source, data }) => {
        if (source !== frame.contentWindow) return;
        if (data.type === 'waiting') frame.contentWindow.postMessage({ type: 'files', files }, '*');
        if (data.type === 'ready') resolve();
        if (data.type === 'failed') reject(new Error(data.message));
        if (data.type === 'result') answers.get(data.id)(data.output);
      });
      document.body.append(frame);
    });
  });
  return page;
}