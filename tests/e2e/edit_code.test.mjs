// The code editor (CodeMirror 6): highlighting, line numbers, errors marked at their line, the
// selected record's put call highlighted, Ctrl/Cmd+Enter, and Escape-then-Tab to leave it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCode, newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

async function openSeed(page) {
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.locator('#code .cm-content').waitFor();
}

/** The 1-based line numbers of the editor lines that carry `selector`. */
function linesWith(page, selector) {
  return page.locator('#code .cm-line').evaluateAll((lines, selector) =>
    lines.flatMap((line, index) => (line.matches(selector) || line.querySelector(selector) ? [index + 1] : [])),
  selector);
}

test('the seed code is highlighted as Python, with line numbers', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  assert.match(await getCode(page), /put_records/);
  const keywords = await page.locator('#code .tok-keyword').allTextContents();
  assert.ok(keywords.includes('import') && keywords.includes('for'), `keywords: ${keywords}`);
  assert.ok(await page.locator('#code .tok-string').count() > 5, 'strings are coloured');
  const numbers = await page.locator('#code .cm-lineNumbers .cm-gutterElement').allTextContents();
  assert.ok(numbers.includes('1') && numbers.includes('10'), `line numbers: ${numbers.slice(0, 12)}`);
  assert.deepEqual(app.browser.errors, []);
});

test('selecting a record highlights the line of its put call', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  assert.deepEqual(await linesWith(page, '.cm-put-line'), []);
  await page.locator('#records-table tbody tr').nth(3).click();
  await page.locator('#code .cm-put-line').waitFor();
  const text = await page.locator('#code .cm-put-line').textContent();
  assert.match(text, /put_records\(/, `highlighted: ${text}`);
  const line = Number(await page.locator('#records-table tbody tr').nth(3).locator('td').nth(1).textContent());
  const code = (await getCode(page)).split('\n');
  assert.match(code[line - 1], /put_records\(/, 'the table and the editor agree on the line');
  await screenshot(page, 'editor-put-line-1280x800');
});

test('an error is marked at its line in the editor, with the message', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, '{"Records": [\n  {"PartitionKey": "a", "Data": "eA=="},\n  {"PartitionKey": "b",, }\n]}');
  await page.locator('#code .cm-lintRange-error').waitFor();
  assert.deepEqual(await linesWith(page, '.cm-lintRange-error'), [3]);
  assert.equal(await page.locator('#code .cm-gutter-lint .cm-lint-marker-error').count(), 1);
  assert.match(await page.locator('.diagnostics .error').first().textContent(), /^line 3/);
  // Fixing the code clears the mark.
  await setCode(page, '{"Records": [{"PartitionKey": "a", "Data": "eA=="}]}');
  await page.waitForFunction(() => !document.querySelector('#code .cm-lintRange-error'));
  assert.equal(await page.locator('#records-table tbody tr').count(), 1);
});

test('Tab indents in the editor; Escape then Tab leaves it', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, 'a\n');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cm-content')), true);
  assert.match(await getCode(page), /^a\n\s+$/, 'Tab indented');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
  assert.equal(focused, 'run', 'focus moved on to the Run button');
});

test('Ctrl+Enter runs the code instead of inserting a line', async () => {
  const page = await newPage(app.browser);
  await openSeed(page);
  await setCode(page, 'import boto3\nboto3.client("kinesis").put_record(StreamName="s", Data="x", PartitionKey="ctrl-enter")');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'ctrl-enter', null, { timeout: 60_000 });
  assert.doesNotMatch(await getCode(page), /\n$/, 'no line was inserted');
});
