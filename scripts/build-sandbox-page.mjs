// Writes a code engine's sandbox page (dist/js-sandbox.html, dist/python-sandbox.html): one inline
// script whose SHA-256 is the only script the page's Content-Security-Policy allows. The page is
// loaded in an `<iframe sandbox="allow-scripts">`, so it has an opaque origin; its policy allows no
// connection at all and workers from blob: only, and a blob: worker inherits that policy.
//   node scripts/build-sandbox-page.mjs SANDBOX_SCRIPT OUTPUT_HTML EVAL [ENGINE_BUNDLE]
// EVAL is the one evaluation the engine needs: 'unsafe-eval' (the JavaScript harness's indirect
// eval) or 'wasm-unsafe-eval' (compiling Pyodide). An ENGINE_BUNDLE is put before the script as the
// string ENGINE_SOURCE (the JavaScript engine travels inside its page; the Python engine's files are
// handed over by the page, which alone can fetch them).
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [sandboxScript, output, evaluation, bundle] = process.argv.slice(2);
if (!output || !["'unsafe-eval'", "'wasm-unsafe-eval'"].includes(evaluation)) {
  throw new Error("usage: build-sandbox-page.mjs SANDBOX_SCRIPT OUTPUT_HTML 'unsafe-eval'|'wasm-unsafe-eval' [ENGINE_BUNDLE]");
}
// JSON, with `<` escaped so that no `</script` or `<!--` can end or bend the script element.
const engine = bundle ? `const ENGINE_SOURCE = ${JSON.stringify(readFileSync(bundle, 'utf8')).replace(/</g, '\\u003c')};\n` : '';
const script = `(() => {\n'use strict';\n${engine}${readFileSync(sandboxScript, 'utf8')}})();\n`;
if (/<\/script|<!--/i.test(script)) throw new Error('the sandbox script would end its element early');
const hash = createHash('sha256').update(script, 'utf8').digest('base64');

const csp = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' ${evaluation}`,
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const template = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'www', 'sandbox.html'), 'utf8');
const parts = template.split('%SCRIPT%');
if (parts.length !== 2) throw new Error('sandbox.html must hold %SCRIPT% once');
writeFileSync(output, parts[0].replace('%CSP%', csp) + script + parts[1]);
