// The page's Python engine (CPython in Pyodide, in its Web Worker, served under a sub-path) against
// CPython on this machine: every corpus script gives byte-identical harness output, common syntax
// mistakes are located and worded as python3 words them, and the trimmed standard library holds
// every module the list names and every module a corpus script imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPage, openPythonEngine, root, servedApp, setCode } from './support.mjs';

const app = servedApp('/tools/shardlane/');
const corpus = join(root, 'tests', 'producers', 'python');

// Three shards split the hash space as CreateStream splits it; the values only need to be the same
// for both engines.
const top = 2n ** 128n - 1n;
const third = (top + 1n) / 3n;
const OPTIONS = JSON.stringify({
  record_cap: 5000,
  seed: 7,
  clock_origin_ms: 1_700_000_000_000,
  region: 'us-east-1',
  shard_starts: ['0', String(third), String(2n * third)],
  shard_ends: [String(third - 1n), String(2n * third - 1n), String(top)],
  shard_ids: ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002'],
});

const scratch = mkdtempSync(join(tmpdir(), 'shardlane-python-'));

/** CPython's harness output for `code` (tests/python/run_with_cpython.py, python3 -B -I -S). */
function cpython(code) {
  const script = join(scratch, 'producer.py');
  writeFileSync(script, code);
  return execFileSync('python3', ['-B', '-I', '-S', join(root, 'tests/python/run_with_cpython.py'), script, OPTIONS],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
}

const openEngine = () => openPythonEngine(app.browser, app.server.url);

const runInPage = (page, code) => page.evaluate(([code, options]) => window.runPython(code, options), [code, OPTIONS]);

test('every corpus script gives byte-identical output in the page and in CPython', async () => {
  const page = await openEngine();
  const scripts = readdirSync(corpus).filter((name) => name.endsWith('.py')).sort();
  assert.ok(scripts.length >= 30, `the corpus has ${scripts.length} scripts`);
  const mismatches = [];
  for (const name of scripts) {
    const code = readFileSync(join(corpus, name), 'utf8');
    const [expected, actual] = [cpython(code), await runInPage(page, code)];
    if (expected !== actual) mismatches.push(`${name}:\n  CPython: ${expected.slice(0, 400)}\n  page:    ${actual.slice(0, 400)}`);
  }
  assert.deepEqual(mismatches, []);
});

// The common mistakes of tests/python/syntax_mistakes.json (shared with the native check
// tests/it/python_syntax_errors_match_cpython.rs, which runs them through the CLI). The page runs
// CPython 3.14 (Pyodide), this machine python3 (3.11 here): both are CPython, so the line and the
// 1-based column (SyntaxError.offset) must agree; a message is compared too, except where the two
// CPython versions word it differently (listed here once seen).
const MISTAKES = JSON.parse(readFileSync(join(root, 'tests/python/syntax_mistakes.json'), 'utf8'));
const WORDED_DIFFERENTLY_ACROSS_VERSIONS = new Set([]);

test('common syntax mistakes are located and worded as python3 reports them', async () => {
  const page = await openEngine();
  const mismatches = [];
  for (const { mistake, code } of MISTAKES) {
    const expected = JSON.parse(cpython(code)).error;
    const actual = JSON.parse(await runInPage(page, code)).error;
    assert.ok(expected && /Error$/.test(expected.kind), `${mistake}: python3 reports ${JSON.stringify(expected)}`);
    assert.equal(typeof expected.line, 'number', `${mistake}: python3 gives a line`);
    const compare = (error) => ({
      line: error?.line,
      column: error?.column,
      message: WORDED_DIFFERENTLY_ACROSS_VERSIONS.has(mistake) ? '(not compared)' : error?.message,
    });
    if (JSON.stringify(compare(actual)) !== JSON.stringify(compare(expected))) {
      mismatches.push(`${mistake}:\n  python3: ${JSON.stringify(expected)}\n  page:    ${JSON.stringify(actual)}`);
    }
  }
  assert.deepEqual(mismatches, []);
});

test('the editor marks a syntax error where CPython places it', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await page.locator('#records-table tbody tr').nth(7).waitFor();
  await page.locator('#code .cm-content').waitFor();
  for (const name of ['missing comma between keyword arguments on two lines', 'missing colon', 'unclosed string', '= for == in an if']) {
    const { code } = MISTAKES.find((m) => m.mistake === name);
    const expected = JSON.parse(cpython(code)).error;
    await setCode(page, code);
    // The page says what python3 says (waiting for this mistake's message, not the last one's).
    const said = `line ${expected.line}, column ${expected.column}: ${expected.message}`;
    await page.waitForFunction((said) => document.querySelector('.diagnostics .error')?.textContent === said,
      said, { timeout: 60_000 }).catch(() => {});
    assert.equal(await page.locator('.diagnostics .error').first().textContent(), said, name);
    // The lint mark starts at that column of that line and runs to the line's end (a column just
    // past the line's end, as for a missing colon, is an empty mark: CodeMirror's lint point).
    const marked = await page.locator('#code .cm-line').evaluateAll((lines) => lines.flatMap((line, index) => {
      const range = line.querySelector('.cm-lintRange-error, .cm-lintPoint-error');
      return range ? [{ line: index + 1, text: range.classList.contains('cm-lintPoint') ? '' : range.textContent }] : [];
    }));
    const lineText = code.split('\n')[expected.line - 1];
    assert.deepEqual(marked, [{ line: expected.line, text: lineText.slice(expected.column - 1) }], name);
  }
});

/** Every module named in the list, and every module a corpus script imports (found by python3's ast). */
function modulesToImport() {
  const listed = readFileSync(join(root, 'www/python-engine/stdlib-modules.txt'), 'utf8')
    .split('\n').flatMap((line) => line.split('#')[0].split(/\s+/)).filter(Boolean)
    .map((name) => name.replace(/\.\*$/, ''));
  const imported = JSON.parse(execFileSync('python3', ['-B', '-I', '-S', '-c', `
import ast, json, pathlib, sys
names = set()
for path in pathlib.Path(sys.argv[1]).glob("*.py"):
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        continue
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
print(json.dumps(sorted(n for n in names if n.partition(".")[0] in sys.stdlib_module_names)))
`, corpus], { encoding: 'utf8' }));
  return { listed, imported };
}

test('the trimmed standard library holds every listed module and every module the corpus imports', async () => {
  const { listed, imported } = modulesToImport();
  assert.ok(imported.includes('hashlib') && imported.includes('logging'), `corpus imports: ${imported}`);
  const page = await openEngine();
  const code = `import importlib\nfailed = []\nfor name in ${JSON.stringify([...new Set([...listed, ...imported])])}:\n`
    + '    try:\n        importlib.import_module(name)\n    except Exception as error:\n'
    + '        failed.append("%s: %r" % (name, error))\nprint("\\n".join(failed))\n';
  const output = JSON.parse(await runInPage(page, code));
  assert.equal(output.error, null);
  assert.equal(output.console, '\n', 'modules that failed to import');
});

test('a standard module left out of the trimmed library is named as such, not as a third-party package', async () => {
  const page = await openEngine();
  const output = JSON.parse(await runInPage(page, 'import boto3\nimport json\nimport xml.dom.minidom\n'));
  assert.equal(output.error.line, 3);
  assert.match(output.error.message, /'xml' is not in Shardlane's trimmed Python library/);
  assert.doesNotMatch(output.error.message, /third-party/);
  const thirdParty = JSON.parse(await runInPage(page, 'import requests\n'));
  assert.match(thirdParty.error.message, /without third-party packages/);
});
