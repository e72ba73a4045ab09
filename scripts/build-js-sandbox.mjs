// Writes dist/js-sandbox.html, the JavaScript engine's sandbox (www/js-sandbox/): the engine's
// bundle as the string ENGINE_SOURCE, then www/js-sandbox/sandbox.js, as one inline script whose
// SHA-256 is the only script the file's Content-Security-Policy allows. Called by build-js.sh.
//   node scripts/build-js-sandbox.mjs ENGINE_BUNDLE OUTPUT_HTML
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [bundle, output] = process.argv.slice(2);
if (!bundle || !output) throw new Error('usage: build-js-sandbox.mjs ENGINE_BUNDLE OUTPUT_HTML');
const www = join(dirname(fileURLToPath(import.meta.url)), '..', 'www', 'js-sandbox');

// JSON, with `<` escaped so that no `</script` or `<!--` can end or bend the script element.
const source = JSON.stringify(readFileSync(bundle, 'utf8')).replace(/</g, '\\u003c');
const sandbox = readFileSync(join(www, 'sandbox.js'), 'utf8');
const script = `(() => {\n'use strict';\nconst ENGINE_SOURCE = ${source};\n${sandbox}})();\n`;
if (/<\/script|<!--/i.test(script)) throw new Error('the sandbox script would end its element early');
const hash = createHash('sha256').update(script, 'utf8').digest('base64');

// Nothing is fetched, no connection is made; the only script is the one below, 'unsafe-eval' is
// what the harness needs (indirect eval), and workers come from blob: only. A blob: worker inherits
// this policy, so it binds the producer's code too.
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' 'unsafe-eval'`,
  'worker-src blob:',
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const template = readFileSync(join(www, 'sandbox.html'), 'utf8');
const parts = template.split('%SCRIPT%');
if (parts.length !== 2) throw new Error('sandbox.html must hold %SCRIPT% once');
writeFileSync(output, parts[0].replace('%CSP%', csp) + script + parts[1]);
