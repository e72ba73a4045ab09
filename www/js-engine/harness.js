// Runs a pasted Kinesis producer written in JavaScript and returns every record it put, as the
// JSON that `producers::python::parse_harness_output` reads (the same contract as
// www/python-engine/harness.py): records, console, how the run stopped, a located error and the
// virtual clock.
//
// The code runs in this realm with stub SDKs (kinesis.js) and a virtual Node.js (runtime.js). It
// is parsed with acorn, import/export declarations are rewritten in place (same lines, same
// columns) and the whole is evaluated as the body of an async function, named by a sourceURL so
// stack frames locate put calls and errors in the user's own lines.
import * as acorn from 'acorn';
import { inspect } from './inspect.js';
import { makeV2, makeV3, openStream } from './kinesis.js';
import { makeDocumentClientV3, makeDynamoDbV2, makeDynamoDbV3 } from './dynamodb.js';
import {
  Buffer, EventEmitter, MAX_CONSOLE_CHARS, RealDate, RunEnded, eventsModule, makeConsole, makeCrypto, makeDate,
  makeProcess, makeRandom, makeTimers, makeUtil, makeUuid, Scheduler,
} from './runtime.js';
import { md5 } from 'js-md5';

const FILE = 'shardlane-producer.js';
const FRAME = /shardlane-producer\.js:(\d+):(\d+)/;
const realGlobal = globalThis;
const RealMessageChannel = globalThis.MessageChannel;
const realSetTimeout = globalThis.setTimeout;
/** Network and cross-context APIs a producer must not reach (also removed by worker.js). */
export const BLOCKED = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'importScripts', 'Worker', 'SharedWorker',
  'WebTransport', 'BroadcastChannel', 'caches', 'indexedDB'];
// Worker plumbing the producer must not reach: it would talk to the page or end the worker.
const HIDDEN = ['postMessage', 'close', 'onmessage', 'onmessageerror', 'addEventListener', 'removeEventListener', 'dispatchEvent', 'window'];
const NODE_BUILTINS = new Set(['assert', 'async_hooks', 'child_process', 'cluster', 'dgram', 'diagnostics_channel', 'dns', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'perf_hooks', 'querystring', 'readline', 'repl',
  'stream', 'stream/promises', 'string_decoder', 'tls', 'tty', 'v8', 'vm', 'worker_threads', 'zlib', 'path']);

// ---- preparing the code -----------------------------------------------------------------------

const PARSE = { ecmaVersion: 'latest', allowHashBang: true, locations: true };

function parse(code) {
  try {
    return { ast: acorn.parse(code, { ...PARSE, sourceType: 'script', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true }), module: false };
  } catch (scriptError) {
    try {
      return { ast: acorn.parse(code, { ...PARSE, sourceType: 'module' }), module: true };
    } catch (moduleError) {
      // The attempt that got further is the one whose complaint is about the real mistake.
      const error = (moduleError.pos ?? 0) >= (scriptError.pos ?? 0) ? moduleError : scriptError;
      return { syntaxError: error };
    }
  }
}

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key of Object.keys(node)) {
    if (key === 'loc') continue;
    const child = node[key];
    if (Array.isArray(child)) for (const item of child) walk(item, visit);
    else if (child && typeof child === 'object' && typeof child.type === 'string') walk(child, visit);
  }
}

/**
 * The code with import/export rewritten in place, and the prelude (one line, no newline) that
 * loads the imported modules before the body runs, as ESM does. Every replacement keeps the
 * length and the line breaks of what it replaces, so lines and columns stay the user's.
 */
function rewrite(code, ast) {
  const chars = code.split('');
  const replace = (start, end, text) => {
    for (let i = start; i < end; i++) {
      if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    }
    for (let i = 0; i < text.length; i++) chars[start + i] = text[i];
  };
  if (code.startsWith('#!')) replace(0, 2, '//');
  const prelude = [];
  const imports = [];
  const load = (node) => {
    imports.push({ line: node.loc.start.line, column: node.loc.start.column + 1, specifier: node.source.value });
    const index = imports.length - 1;
    prelude.push(`const __sl_m${index} = __sl_load(${JSON.stringify(node.source.value)}, ${index});`);
    return `__sl_m${index}`;
  };
  const nameOf = (node) => (node.type === 'Literal' ? node.value : node.name);
  for (const node of ast.body) {
    if (node.type === 'ImportDeclaration') {
      const module = load(node);
      const index = imports.length - 1;
      for (const specifier of node.specifiers) {
        if (specifier.type === 'ImportDefaultSpecifier') prelude.push(`const ${specifier.local.name} = ${module}.default;`);
        else if (specifier.type === 'ImportNamespaceSpecifier') prelude.push(`const ${specifier.local.name} = ${module};`);
        else prelude.push(`const ${specifier.local.name} = __sl_named(${module}, ${JSON.stringify(nameOf(specifier.imported))}, ${index});`);
      }
      replace(node.start, node.end, '');
    } else if (node.type === 'ExportAllDeclaration' || (node.type === 'ExportNamedDeclaration' && node.source)) {
      load(node);
      replace(node.start, node.end, '');
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) replace(node.start, node.declaration.start, '');
      else replace(node.start, node.end, '');
    } else if (node.type === 'ExportDefaultDeclaration') {
      const declaration = node.declaration;
      const named = (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id;
      replace(node.start, declaration.start, named ? '' : 'void');
    }
  }
  walk(ast, (node) => {
    if (node.type === 'ImportExpression') replace(node.start, node.start + 6, '__sl_i');
    else if (node.type === 'MetaProperty' && node.meta.name === 'import') replace(node.start, node.end, '__sl_meta');
  });
  return { body: chars.join(''), prelude: prelude.join(' '), imports };
}

// The names the producer's code sees instead of the worker's globals (function parameters of the
// wrapper, so the producer's own `const crypto = require('crypto')` still shadows them).
const PARAMETERS = [
  'require', 'module', 'exports', '__filename', '__dirname', 'process', 'Buffer', 'global', 'globalThis', 'self',
  'console', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'Date', 'Math', 'crypto', 'performance', ...BLOCKED, ...HIDDEN, '__sl_load', '__sl_named', '__sl_i', '__sl_meta',
];

function wrapperSource(prelude, body, strict) {
  return `(function (${PARAMETERS.join(', ')}) { return async function () {${strict ? '"use strict"; ' : ''}${prelude}\n${body}\n}; })\n//# sourceURL=${FILE}`;
}

let lineOffset = null;

/** How many lines the wrapper puts before the user's first line, as this engine reports frames. */
export function calibrate() {
  if (lineOffset !== null) return lineOffset;
  // The async body runs synchronously up to its first await, so the probe is there at once.
  const holder = {};
  const factory = (0, eval)(wrapperSource('', '__sl_meta.error = new Error("probe");', false));
  factory(...PARAMETERS.map((name) => (name === '__sl_meta' ? holder : undefined)))().catch(() => {});
  const match = FRAME.exec(holder.error?.stack ?? '');
  lineOffset = match ? Number(match[1]) - 1 : 1;
  return lineOffset;
}

// ---- one run ----------------------------------------------------------------------------------

class ModuleNotFound extends Error {
  constructor(name) {
    super(`Cannot find module '${name}'`);
    this.code = 'MODULE_NOT_FOUND';
    Object.defineProperty(this, '__sl_module', { value: name });
  }
}

class Run {
  constructor(options) {
    this.cap = options.record_cap;
    this.originMs = Number(options.clock_origin_ms);
    // The stream as the service model holds it: shards, sequence counters, budgets, clockMs.
    Object.assign(this, openStream(options));
    this.region = options.region ?? 'us-east-1';
    this.seed = options.seed;
    this.records = [];
    // DynamoDB writes (dynamodb.js), answered as dynamodb_calls.
    this.dynamodbCalls = [];
    this.calls = 0;
    this.requests = 0;
    this.console = '';
    this.finished = false;
    this.stopped = null;
    this.error = null;
    this.pending = new Set();
    this.rng = makeRandom(options.seed);
    this.scheduler = new Scheduler(this);
    this.timers = makeTimers(this);
  }

  write(text) {
    if (this.finished) return;
    const room = MAX_CONSOLE_CHARS - this.console.length;
    if (room > 0) this.console += text.slice(0, room);
  }

  /** The user-code line of the innermost frame of the user's code on the current stack. */
  callerLine() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    const location = locate(stack);
    return location ? location.line : null;
  }

  reachCap() {
    this.stopped = 'record_cap';
    this.finished = true;
    return new RunEnded('record cap');
  }

  exit(code) {
    if (!this.finished) {
      const value = Number(code ?? 0) || 0;
      if (value !== 0) {
        const location = locate(new Error().stack);
        this.error = { column: location?.column ?? null, kind: 'process.exit', line: location?.line ?? null, message: `process.exit(${value})` };
      }
      this.finished = true;
    }
    throw new RunEnded('process.exit');
  }

  /** An exception nothing caught (or an unhandled rejection): Node would stop here. */
  fail(error) {
    if (this.finished) return;
    this.finished = true;
    this.error = errorOf(error);
  }

  /** Runs a callback of the SDK or a timer as Node's event loop would: throwing ends the run. */
  guard(callback) {
    if (this.finished) return;
    try {
      callback();
    } catch (error) {
      this.fail(error);
    }
  }

  /** SDK callbacks are answered on a later turn of the loop, at the current virtual time. */
  callback(callback) {
    this.timers.setImmediate(() => this.guard(callback));
  }

  requestId() {
    const hex = md5(`shardlane:${this.seed}:${this.requests++}`);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  }

  track(promise) {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }
}

/** The user-code position of the innermost user frame of a stack, or null. */
function locate(stack) {
  if (typeof stack !== 'string') return null;
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (match) {
      const userLine = Number(match[1]) - lineOffset;
      if (userLine >= 1) return { line: userLine, column: Number(match[2]) };
    }
  }
  return null;
}

const HINT = (name) => `Shardlane runs your producer with stub AWS SDKs and a few Node.js built-ins, without npm packages, files or network: replace what '${name}' provides with literals (for example the records it would fetch)`;

function errorOf(error) {
  if (error && typeof error === 'object' && error.__sl_syntax) return error.__sl_syntax;
  const isObject = error !== null && (typeof error === 'object' || typeof error === 'function');
  let location = null;
  try { location = isObject ? (error.__sl_loc ?? locate(error.stack)) : null; } catch { /* exotic */ }
  let kind;
  let message;
  if (isObject && 'message' in error) {
    kind = String(error.name ?? 'Error');
    message = `${kind}: ${String(error.message)}`;
    if (error.__sl_module) message = `${message}. ${HINT(error.__sl_module)}`;
  } else {
    kind = 'Uncaught';
    message = `Uncaught ${inspect(error)}`;
  }
  return { column: location ? location.column : null, kind, line: location ? location.line : null, message };
}

// ---- TypeScript: refused with a clear word ------------------------------------------------------
// The engine runs JavaScript as the browser does; TypeScript's types are not JavaScript, and the
// error acorn gives ("The keyword 'interface' is reserved", "Unexpected token") would not say why.

/** Syntax only TypeScript has, each with what it is called. */
const TYPESCRIPT_SYNTAX = [
  [/^\s*(export\s+)?interface\s+[A-Za-z_$][\w$]*/m, 'an interface'],
  [/^\s*(export\s+)?type\s+[A-Za-z_$][\w$]*\s*(<[^>]*>)?\s*=/m, 'a type alias'],
  [/^\s*import\s+type\s/m, 'import type'],
  [/^\s*(export\s+)?(const\s+)?enum\s+[A-Za-z_$][\w$]*\s*\{/m, 'an enum'],
  [/(\b(let|const|var)\s+[\w$]+|[(,]\s*[\w$]+\??)\s*:\s*(string|number|boolean|any|unknown|void|never|object|bigint|[A-Z][\w$]*(<[^>]*>)?)(\[\])?\s*[,)=;]/, 'a type annotation'],
  [/\)\s*:\s*(string|number|boolean|any|unknown|void|never|Promise<[^>]*>|[A-Z][\w$]*)\s*(\{|=>)/, 'a return type'],
  [/\bas\s+(const|string|number|boolean|any|unknown)\b/, 'an "as" cast'],
  [/\b(private|public|protected|readonly)\s+[A-Za-z_$]/, 'a TypeScript modifier'],
];

/** The error for code that does not parse because it is TypeScript, or undefined. */
function typeScriptError(code, error) {
  const found = TYPESCRIPT_SYNTAX.find(([pattern]) => pattern.test(code));
  if (!found) return undefined;
  const at = syntaxErrorOf(error);
  return {
    ...at,
    kind: 'TypeScriptError',
    message: `This looks like TypeScript (${found[1]}), which Shardlane does not run: it runs JavaScript. `
      + 'Remove the types, or paste the JavaScript that tsc or esbuild makes of it. '
      + `(${at.message}${at.line ? ` at line ${at.line}` : ''})`,
  };
}

function syntaxErrorOf(error) {
  const message = String(error.message).replace(/ \(\d+:\d+\)$/, '');
  return {
    column: error.loc ? error.loc.column + 1 : null,
    kind: 'SyntaxError',
    line: error.loc ? error.loc.line : null,
    message: `SyntaxError: ${message}`,
  };
}

function blocked(name) {
  const message = `${name} is not available: Shardlane runs your producer without network access; replace what it fetches with literals`;
  if (name === 'fetch') return function fetch() { return Promise.reject(new Error(message)); };
  if (name === 'importScripts') return function importScripts() { throw new Error(message); };
  if (name === 'caches' || name === 'indexedDB') {
    return new Proxy({}, { get: (_, key) => (typeof key === 'symbol' ? undefined : () => { throw new Error(message); }) });
  }
  return { [name]: class { constructor() { throw new Error(message); } } }[name];
}

/** Everything the producer's code sees, made for this run only. */
function environment(run, imports) {
  const VirtualDate = makeDate(() => run.originMs + run.clockMs);
  const consoleObject = makeConsole(run);
  const crypto = makeCrypto(run);
  const env = { AWS_REGION: run.region, AWS_DEFAULT_REGION: run.region, TZ: 'UTC', NODE_ENV: 'production', HOME: '/root', PATH: '/usr/local/bin:/usr/bin:/bin' };
  const process = makeProcess(run, env);
  const timers = run.timers;
  const math = Object.create(Math, { random: { value: run.rng.random, writable: true, configurable: true, enumerable: false } });
  const performance = {
    now: () => run.clockMs,
    timeOrigin: run.originMs,
    mark() {}, measure() {}, clearMarks() {}, clearMeasures() {},
    getEntries: () => [], getEntriesByName: () => [], getEntriesByType: () => [],
    toJSON() { return { timeOrigin: run.originMs }; },
  };
  const module = { exports: {}, id: '.', filename: '/producer.js', loaded: false, children: [], paths: [], path: '/' };
  const cache = new Map();
  const util = makeUtil(run);
  const builtin = {
    '@aws-sdk/client-kinesis': () => makeV3(run),
    '@aws-sdk/client-dynamodb': () => makeDynamoDbV3(run),
    '@aws-sdk/lib-dynamodb': () => makeDocumentClientV3(run),
    'aws-sdk': () => makeV2(run, VirtualDate, (kit) => makeDynamoDbV2(run, kit)),
    'aws-sdk/global': () => builtin['aws-sdk'](),
    'aws-sdk/clients/kinesis': () => require('aws-sdk').Kinesis,
    'aws-sdk/clients/dynamodb': () => require('aws-sdk').DynamoDB,
    '@aws-sdk/credential-providers': () => new Proxy({}, { get: (t, key) => (typeof key === 'string' && key !== 'then' ? () => async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }) : undefined) }),
    '@aws-sdk/credential-provider-node': () => ({ defaultProvider: () => async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }) }),
    buffer: () => ({ Buffer, constants: { MAX_LENGTH: 2 ** 32 }, kMaxLength: 2 ** 32 }),
    crypto: () => crypto.node,
    uuid: () => makeUuid(run),
    timers: () => ({ ...timers, promises: timers.promises }),
    'timers/promises': () => timers.promises,
    util: () => util,
    events: () => eventsModule(),
    process: () => process,
    console: () => consoleObject,
    os: () => ({ hostname: () => 'shardlane', EOL: '\n', platform: () => 'linux', type: () => 'Linux', arch: () => 'x64', cpus: () => [{ model: 'virtual', speed: 0 }], tmpdir: () => '/tmp', homedir: () => '/root', uptime: () => run.clockMs / 1000, release: () => '6.0.0', totalmem: () => 2 ** 31, freemem: () => 2 ** 30, userInfo: () => ({ username: 'shardlane', uid: 0, gid: 0, homedir: '/root', shell: '/bin/sh' }), networkInterfaces: () => ({}) }),
    url: () => ({
      URL, URLSearchParams,
      fileURLToPath: (url) => decodeURIComponent(new URL(String(url)).pathname),
      pathToFileURL: (path) => new URL(`file://${String(path).startsWith('/') ? '' : '/'}${path}`),
    }),
    dotenv: () => ({ config: () => ({ parsed: {} }), parse: () => ({}) }),
    'dotenv/config': () => ({}),
  };
  const require = (specifier) => {
    if (run.finished) throw new RunEnded('finished');
    const name = String(specifier).replace(/^node:/, '');
    if (cache.has(name)) return cache.get(name);
    const make = builtin[name];
    if (!make) {
      if (NODE_BUILTINS.has(name) || String(specifier).startsWith('node:')) throw new ModuleNotFound(String(specifier));
      throw new ModuleNotFound(String(specifier));
    }
    const value = make();
    cache.set(name, value);
    return value;
  };
  require.resolve = (specifier) => specifier;
  require.cache = {};
  require.main = module;
  module.require = require;

  /** The ESM view of a module: its named exports, and `default` = the CommonJS exports. */
  const namespaces = new Map();
  const namespaceOf = (specifier) => {
    const exports = require(specifier);
    if (namespaces.has(exports)) return namespaces.get(exports);
    let namespace;
    if (exports && (typeof exports === 'object' || typeof exports === 'function')) {
      namespace = new Proxy(exports, {
        get: (target, key) => (key === 'default' ? exports : key === Symbol.toStringTag ? 'Module' : Reflect.get(target, key)),
        has: (target, key) => key === 'default' || Reflect.has(target, key),
      });
    } else {
      namespace = { default: exports };
    }
    namespaces.set(exports, namespace);
    return namespace;
  };
  const load = (specifier, index) => {
    try {
      return namespaceOf(specifier);
    } catch (error) {
      if (error && typeof error === 'object' && !(error instanceof RunEnded)) {
        Object.defineProperty(error, '__sl_loc', { value: { line: imports[index].line, column: imports[index].column } });
      }
      throw error;
    }
  };
  const named = (namespace, name, index) => {
    if (name === 'default') return namespace.default;
    if (!(name in namespace)) {
      const { line, column, specifier } = imports[index];
      const error = new SyntaxError(`The requested module '${specifier}' does not provide an export named '${name}'`);
      Object.defineProperty(error, '__sl_loc', { value: { line, column } });
      throw error;
    }
    return namespace[name];
  };
  const dynamicImport = (specifier) => {
    try {
      return Promise.resolve(namespaceOf(specifier));
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const overrides = {
    require, module, exports: module.exports, __filename: '/producer.js', __dirname: '/', process, Buffer,
    console: consoleObject, ...Object.fromEntries(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((n) => [n, timers[n]])),
    Date: VirtualDate, Math: math, crypto: crypto.webcrypto, performance,
    ...Object.fromEntries(BLOCKED.map((name) => [name, blocked(name)])),
    ...Object.fromEntries(HIDDEN.map((name) => [name, undefined])),
    queueMicrotask: (callback) => queueMicrotask(() => run.guard(callback)),
    TextEncoder, TextDecoder, URL, URLSearchParams, EventEmitter: undefined,
  };
  delete overrides.EventEmitter;
  // globalThis / global / self: the worker's global, seen through this run's overrides. What the
  // producer sets on it goes to the real global and is removed when the run ends.
  const globalView = new Proxy(realGlobal, {
    get(target, key) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key];
      if (key === 'global' || key === 'globalThis' || key === 'self') return globalView;
      const value = Reflect.get(target, key);
      return typeof value === 'function' && /^[a-z]/.test(String(key)) ? value.bind(target) : value;
    },
    has(target, key) {
      return Object.prototype.hasOwnProperty.call(overrides, key) ? overrides[key] !== undefined : Reflect.has(target, key);
    },
    set(target, key, value) {
      if (Object.prototype.hasOwnProperty.call(overrides, key)) overrides[key] = value;
      else target[key] = value;
      return true;
    },
  });
  const meta = { url: 'file:///producer.js', filename: '/producer.js', dirname: '/', resolve: (s) => s };
  const values = {
    ...overrides, global: globalView, globalThis: globalView, self: globalView,
    __sl_load: load, __sl_named: named, __sl_i: dynamicImport, __sl_meta: meta,
  };
  return { args: PARAMETERS.map((name) => values[name]), module };
}

/** Resolves at the next turn of the real event loop, once every pending microtask has run. */
function macrotasks() {
  if (RealMessageChannel) {
    const channel = new RealMessageChannel();
    const waiting = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return {
      next: () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); }),
      close: () => { channel.port1.close(); channel.port2.close(); },
    };
  }
  return { next: () => new Promise((resolve) => realSetTimeout(resolve, 0)), close: () => {} };
}

let current = null;
function onUnhandled(reason) {
  if (current) current.fail(reason);
}
if (typeof realGlobal.addEventListener === 'function' && typeof realGlobal.document === 'undefined') {
  realGlobal.addEventListener('unhandledrejection', (event) => {
    if (current) {
      event.preventDefault();
      onUnhandled(event.reason);
    }
  });
}
if (typeof realGlobal.process === 'object' && typeof realGlobal.process.on === 'function') {
  realGlobal.process.on('unhandledRejection', onUnhandled);
}

const baseGlobals = new Set(Object.getOwnPropertyNames(realGlobal));

/** Removes globals a previous run created (implicit globals of sloppy code, globalThis.x = ...). */
function cleanGlobals() {
  for (const name of Object.getOwnPropertyNames(realGlobal)) {
    if (!baseGlobals.has(name)) {
      try { delete realGlobal[name]; } catch { /* non-configurable */ }
    }
  }
}

function output(run) {
  return JSON.stringify({
    clock_ms: run.clockMs,
    console: run.console,
    error: run.error,
    records: run.records,
    stopped: run.stopped,
    ...(run.dynamodbCalls.length ? { dynamodb_calls: run.dynamodbCalls } : {}),
  });
}

/** Runs `code` with the harness options JSON and resolves to the harness output JSON. */
export async function runProducer(code, optionsJson) {
  calibrate();
  const options = JSON.parse(optionsJson);
  const run = new Run(options);
  const parsed = parse(code);
  if (parsed.syntaxError) {
    run.error = typeScriptError(code, parsed.syntaxError) ?? syntaxErrorOf(parsed.syntaxError);
    return output(run);
  }
  const { body, prelude, imports } = rewrite(code, parsed.ast);
  let factory;
  try {
    factory = (0, eval)(wrapperSource(prelude, body, parsed.module));
  } catch (error) {
    run.error = { column: null, kind: String(error?.name ?? 'SyntaxError'), line: null, message: `${error?.name ?? 'SyntaxError'}: ${error?.message ?? error}` };
    return output(run);
  }
  cleanGlobals();
  const { args, module } = environment(run, imports);
  const ticks = macrotasks();
  current = run;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(limit ?? 10, 50);
  try {
    const main = factory(...args).call(parsed.module ? undefined : module.exports);
    main.then(() => {}, (error) => { if (!(error instanceof RunEnded)) run.fail(error); });
    let idle = 0;
    for (;;) {
      await ticks.next();
      if (run.finished) break;
      if (run.pending.size > 0) {
        await Promise.race([...run.pending].map((p) => p.then(() => {}, () => {})));
        continue;
      }
      const timer = run.scheduler.next();
      if (!timer) {
        // Nothing left to fire: give late unhandled-rejection events a turn, then stop (Node exits
        // here too, even with a promise that never settles).
        if (idle++ < 2) continue;
        break;
      }
      idle = 0;
      if (timer.time > run.clockMs) run.clockMs = timer.time;
      run.guard(() => timer.callback(...timer.args));
    }
  } finally {
    run.finished = true;
    current = null;
    ticks.close();
    Error.stackTraceLimit = limit;
    cleanGlobals();
  }
  return output(run);
}
