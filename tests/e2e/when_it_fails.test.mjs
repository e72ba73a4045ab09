// When the function fails or falls behind: the poison-record example blocks its shard for a day
// and discards the batch (the on-failure document appears once a destination is set); toggling
// BisectBatchOnFunctionError re-draws what was retried and discarded; failure rules travel in a
// share link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, screenshot, servedApp, setCode } from './support.mjs';

const app = servedApp('/');

/** Opens the page, then loads example `id` and waits for its Python run to be simulated. */
async function openExample(id) {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.selectOption('#examples', id);
  await page.locator('#records-table td.outcome').first().waitFor({ timeout: 90_000 });
  return page;
}

const findings = (page) => page.locator('.findings').textContent();
const discardedCount = async (page) => {
  const match = (await findings(page)).match(/(\d+) records? discarded/);
  return match ? Number(match[1]) : 0;
};

test('a poison record blocks its shard for a day, then its batch is discarded; with a destination the page shows the document', async () => {
  const page = await openExample('poison-record');
  assert.equal(await page.locator('#when-it-fails').evaluate((details) => details.open), true, 'the panel opens when rules exist');
  assert.equal(await page.inputValue('#rule-0-match-kind'), 'data');
  assert.equal(await page.inputValue('#rule-0-match'), '{"type":["bad"]}');
  assert.equal(await page.inputValue('#maximum-retry-attempts'), '-1');
  assert.equal(await page.inputValue('#retention-hours'), '24');
  assert.match(await findings(page), /blocked shardId-000000000001 for 1 d 0 h; 133 records waited behind/);
  assert.match(await findings(page), /150 records discarded \(0 RetryAttemptsExhausted, 150 RecordAgeExceeded\): No OnFailure destination/);
  assert.match(await page.locator('#iterator-age svg[role=img]').getAttribute('aria-label'), /IteratorAge over time: at most 23 h 59 min/);
  assert.deepEqual(await page.locator('#iterator-age .age-line').evaluateAll((lines) => lines.map((l) => l.dataset.label)),
    ['max (all shards)', 'shardId-000000000000', 'shardId-000000000001']);
  assert.match(await page.locator('#lag-cause').textContent(), /^Why: failing batches blocked shardId-000000000001 for 1 d 0 h/);

  // The last invocation of the blocked batch: discarded after it, and nobody is told.
  await page.locator('#timeline .batch.discarded').last().click();
  assert.match(await page.locator('details.event summary').first().textContent(), /failed at 23:59:\d\d: function error, retry \d+/);
  assert.match(await page.locator('#on-failure').textContent(), /Then discarded \(RecordAgeExceeded\) at 1 d 0:0.*no OnFailure destination is set/);

  // An ARN AWS refuses is marked with AWS's message and not used; an SQS queue is.
  await page.fill('#on-failure-arn', 'arn:aws:lambda:us-east-1:123456789012:function:f');
  assert.match(await page.locator('#on-failure-arn-error').textContent(), /Member must be an Amazon SQS queue, Amazon SNS topic or Amazon S3 bucket ARN/);
  await page.fill('#on-failure-arn', 'arn:aws:sqs:us-east-1:123456789012:orders-dlq');
  await page.locator('#on-failure-json').waitFor();
  const document = JSON.parse(await page.locator('#on-failure-json').textContent());
  assert.equal(document.requestContext.condition, 'RecordAgeExceeded');
  assert.equal(document.KinesisBatchInfo.shardId, 'shardId-000000000001');
  assert.equal(document.KinesisBatchInfo.batchSize, 17);
  assert.equal(document.responseContext.functionError, 'Unhandled');
  assert.ok(document.requestContext.approximateInvokeCount > 1000, `${document.requestContext.approximateInvokeCount}`);
  assert.match(await findings(page), /arn:aws:sqs:us-east-1:123456789012:orders-dlq received/);

  // The poison record's own story, in words.
  await page.fill('#record-filter', 'customer-3');
  const poison = page.locator('#records-table tbody tr', { hasText: 'discarded' }).first();
  await poison.click();
  const story = await page.locator('#record-story').textContent();
  assert.match(story, /discarded at 1 d 0:0\d:\d\d: RecordAgeExceeded \(delivered 1,43\d times\)/);
  assert.match(story, /failed at 0:0\d\.\d \(batch of 17, function error\)/);
  assert.match(story, /more deliveries/);
  await screenshot(page, 'when-it-fails-poison-record-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('toggling BisectBatchOnFunctionError re-draws what is retried and discarded', async () => {
  const page = await openExample('poison-record');
  await page.fill('#maximum-retry-attempts', '2');
  await page.waitForFunction(() => /17 records discarded \(17 RetryAttemptsExhausted/.test(document.querySelector('.findings').textContent));
  const titles = () => page.locator('#timeline .batch title').allTextContents();
  assert.ok(!(await titles()).some((t) => t.includes('bisected')));
  await page.check('#bisect');
  await page.waitForFunction(() => /1 record discarded \(1 RetryAttemptsExhausted/.test(document.querySelector('.findings').textContent));
  assert.equal(await discardedCount(page), 1);
  assert.ok((await titles()).some((t) => t.includes('bisected')), 'bisected halves are drawn');
  assert.match(await findings(page), /Bisect split the batch \d+ times/);
  await page.uncheck('#bisect');
  await page.waitForFunction(() => /17 records discarded/.test(document.querySelector('.findings').textContent));
  await screenshot(page, 'when-it-fails-bisect-off-1280x800');
  assert.deepEqual(app.browser.errors, []);
});

test('a failure rule survives a share-link round trip', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await setCode(page, 'a\nb\npoison\nc\n');
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'a');
  await page.click('#when-it-fails summary');
  await page.click('#add-failure-rule');
  await page.selectOption('#rule-0-match-kind', 'key_equals');
  await page.fill('#rule-0-match', '');
  assert.equal(await page.locator('#rule-0-match-error').textContent(), 'a partition key is never empty');
  await page.fill('#rule-0-match', 'poison');
  await page.selectOption('#rule-0-attempts', 'first');
  await page.fill('#rule-0-first', '2');
  await page.selectOption('#rule-0-effect', 'timeout');
  await page.waitForFunction(() => [...document.querySelectorAll('#records-table td.deliveries')].some((td) => td.textContent === '3'));
  const table = (p) => p.locator('#records-table tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent));
  const expected = await table(page);
  await page.click('details.share summary');
  await page.click('#copy-link');
  const link = await page.locator('#share-link').inputValue();

  const fresh = await launchBrowser();
  try {
    const other = await newPage(fresh);
    await other.goto(link);
    await other.locator('#records-table td.deliveries').first().waitFor();
    assert.equal(await other.inputValue('#rule-0-effect'), 'timeout');
    assert.equal(await other.inputValue('#rule-0-match-kind'), 'key_equals');
    assert.equal(await other.inputValue('#rule-0-match'), 'poison');
    assert.equal(await other.inputValue('#rule-0-attempts'), 'first');
    assert.equal(await other.inputValue('#rule-0-first'), '2');
    assert.deepEqual(await table(other), expected);
    // Removing the rule: no failure, no deliveries column.
    await other.click('#rule-0-remove');
    await other.locator('#records-table td.deliveries').first().waitFor({ state: 'detached' });
    assert.equal(await other.locator('#when-it-fails').evaluate((details) => details.open), true,
      'removing the last rule leaves the panel open');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.context.close();
  }
});
