// Runs a producer script through Shardlane's JavaScript harness in Node, directly (not through the
// CLI), and prints the answer JSON: the JavaScript counterpart of tests/python/run_with_cpython.py.
//
// Usage: node tests/dynamodb/run_with_node.mjs SCRIPT.js OPTIONS_JSON
import { readFileSync } from 'node:fs';
import { runProducer } from '../../www/js-engine/harness.js';

const [script, options] = process.argv.slice(2);
process.stdout.write(await runProducer(readFileSync(script, 'utf8'), options));
