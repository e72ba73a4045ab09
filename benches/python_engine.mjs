// Benchmark (not a test: it measures, never asserts) of the page's Python engine in Chromium, after
// `trunk build --release`:
// - extraction rate: 100,000 records through put_records of 500, against the same loop without
//   the puts (what the harness costs over the user's own code);
// - time from the first edit to the first Python result, on a cold profile and on a second visit
//   (HTTP cache), unthrottled and at 20 and 4 Mbit/s (CDP Network.emulateNetworkConditions);
// - the engine's download, gzip bytes.
// dist/ is served as a static host serves it: gzip for text and wasm, ETag, max-age=600.
// Usage: node benches/python_engine.mjs [--rounds N]
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newPage, openPythonEngine, root, setCode } from '../tests/e2e/support.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const dist = join(root, 'dist');
const base = '/tools/shardlane/';
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.py': 'text/x-python', '.zip': 'application/zip', '.map': 'application/json',
};

/** dist/ under `base`, gzipped where it helps, with validators and a short max-age. */
async function serve() {
  const cache = new Map();
  // Requests for the engine's files and their answers, to tell what a second visit fetched.
  const engineRequests = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (path.includes('/python-engine/')) {
      response.on('finish', () => engineRequests.push(`${response.statusCode} ${path.split('/').pop()}`));
    }
    if (!path.startsWith(base)) return response.writeHead(404).end();
    const file = normalize(join(dist, path.slice(base.length) || 'index.html'));
    if (!file.startsWith(dist)) return response.writeHead(403).end();
    try {
      if (!cache.has(file)) {
        const body = await readFile(file);
        const zip = extname(file) !== '.zip';
        cache.set(file, {
          body: zip ? gzipSync(body, { level: 6 }) : body,
          encoding: zip ? 'gzip' : undefined,
          etag: `"${createHash('sha1').update(body).digest('hex')}"`,
        });
      }
      const entry = cache.get(file);
      const headers = { 'cache-control': 'max-age=600', etag: entry.etag, 'content-type': types[extname(file)] ?? 'application/octet-stream' };
      if (request.headers['if-none-match'] === entry.etag) return response.writeHead(304, headers).end();
      if (entry.encoding) headers['content-encoding'] = entry.encoding;
      response.writeHead(200, { ...headers, 'content-length': entry.body.length }).end(entry.body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${base}`,
    engineRequests,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function downloadBytes() {
  const directory = join(dist, 'python-engine');
  let raw = 0;
  let gzip = 0;
  const rows = [];
  for (const name of (await readdir(directory)).filter((n) => !n.endsWith('.map')).sort()) {
    const body = await readFile(join(directory, name));
    const packed = name.endsWith('.zip') ? body.length : gzipSync(body, { level: 6 }).length;
    raw += body.length;
    gzip += packed;
    rows.push(`  ${name.padEnd(22)} ${(body.length / 1e6).toFixed(2).padStart(6)} MB  ${(packed / 1e6).toFixed(2).padStart(6)} MB gzip`);
  }
  console.log(`Python engine download (dist/python-engine/):\n${rows.join('\n')}\n  ${'total'.padEnd(22)} ${(raw / 1e6).toFixed(2).padStart(6)} MB  ${(gzip / 1e6).toFixed(2).padStart(6)} MB gzip`);
}

const BULK = (puts) => `import boto3
kinesis = boto3.client("kinesis")
batch = []
for i in range(100_000):
    batch.append({"Data": b'{"order": %d}' % i, "PartitionKey": "customer-%d" % (i % 5000)})
    if len(batch) == 500:
        ${puts ? 'kinesis.put_records(StreamName="orders", Records=batch)' : 'pass'}
        batch = []
`;

const OPTIONS = JSON.stringify({
  record_cap: 200_000, seed: 7, clock_origin_ms: 1_700_000_000_000, region: 'us-east-1',
  shard_starts: ['0', '170141183460469231731687303715884105728'],
  shard_ends: ['170141183460469231731687303715884105727', '340282366920938463463374607431768211455'],
  shard_ids: ['shardId-000000000000', 'shardId-000000000001'],
});

async function extractionRate(browser, url) {
  const page = await openPythonEngine(browser, url);
  // The time of one message round trip, measured in the page.
  const run = (code) => page.evaluate(async ([code, options]) => {
    const started = performance.now();
    const output = await window.runPython(code, options);
    return { ms: performance.now() - started, bytes: output.length, records: JSON.parse(output).records.length };
  }, [code, OPTIONS]);
  await run(BULK(true)); // warm-up: imports, caches
  const best = async (code) => {
    let result;
    for (let i = 0; i < rounds; i += 1) {
      const r = await run(code);
      if (!result || r.ms < result.ms) result = r;
    }
    return result;
  };
  const withPuts = await best(BULK(true));
  const bare = await best(BULK(false));
  console.log(`Extraction, 100,000 records through put_records of 500 (best of ${rounds}, message round trip):`);
  console.log(`  with put_records: ${withPuts.ms.toFixed(0)} ms, ${(withPuts.records / withPuts.ms * 1000 / 1000).toFixed(0)} k records/s, result ${(withPuts.bytes / 1e6).toFixed(1)} MB`);
  console.log(`  bare loop:        ${bare.ms.toFixed(0)} ms (the user's own code)`);
  console.log(`  harness cost:     ${(withPuts.ms - bare.ms).toFixed(0)} ms (${((withPuts.ms - bare.ms) / withPuts.ms * 100).toFixed(0)}% of the run)`);
  await page.close();
}

const PROFILES = {
  unthrottled: null,
  '20 Mbit/s': { download: 20e6 / 8, upload: 5e6 / 8, latency: 20 },
  '4 Mbit/s': { download: 4e6 / 8, upload: 1e6 / 8, latency: 40 },
};

/**
 * ms from the first edit to the edited records on screen; the edit comes `after` ms after the
 * first draw (0: at once, before the idle prefetch has loaded anything).
 */
async function firstResult(browser, url, conditions, after = 0) {
  const page = await newPage(browser);
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  if (conditions) {
    await session.send('Network.emulateNetworkConditions', {
      offline: false, latency: conditions.latency, downloadThroughput: conditions.download, uploadThroughput: conditions.upload,
    });
  }
  await page.goto(url);
  await page.locator('#records-table tbody tr').nth(7).waitFor({ timeout: 120_000 });
  const code = await page.evaluate(() => document.querySelector('#code').shardlaneEditor.getDoc());
  await page.waitForTimeout(after);
  const started = Date.now();
  await setCode(page, code.replace("str(r['source'])", "'edited'"));
  await page.waitForFunction(() => document.querySelector('#records-table td.key')?.textContent === 'edited', null, { timeout: 300_000 });
  const ms = Date.now() - started;
  await page.close();
  return ms;
}

async function main() {
  try {
    await stat(join(dist, 'python-engine', 'engine.js'));
  } catch {
    console.error('dist/python-engine/ is missing: run trunk build --release first');
    process.exit(1);
  }
  await downloadBytes();
  const server = await serve();
  try {
    const browser = await launchBrowser();
    try {
      await extractionRate(browser, server.url);
    } finally {
      await browser.context.close();
    }
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`First Python result after the first edit, median of ${rounds} (includes the 400 ms debounce):`);
    for (const [after, label] of [[0, 'edit right after the first draw'], [15_000, 'edit 15 s after it (engine prefetched when idle)']]) {
      console.log(`  ${label}:`);
      for (const [name, conditions] of Object.entries(PROFILES)) {
        if (after && name === '4 Mbit/s') continue;
        const cold = [];
        const warm = [];
        let fetchedWarm;
        for (let round = 0; round < rounds; round += 1) {
          const browser = await launchBrowser();
          try {
            cold.push(await firstResult(browser, server.url, conditions, after));
            server.engineRequests.length = 0;
            warm.push(await firstResult(browser, server.url, conditions, after));
            if (round === 0) fetchedWarm = server.engineRequests.join(', ') || 'nothing';
          } finally {
            await browser.context.close();
          }
        }
        console.log(`    ${name.padEnd(12)} cold ${seconds(median(cold))}, warm (second visit, HTTP cache) ${seconds(median(warm))}; `
          + `the second visit asked the server for: ${fetchedWarm}`);
      }
    }
  } finally {
    await server.close();
  }
}

await main();
