// What a producer sees of Node.js while it runs: a virtual clock (Date, performance.now,
// process.hrtime) that only virtual timers move, virtual timers (setTimeout, setInterval,
// setImmediate and their promise forms), seeded randomness (Math.random, crypto.randomUUID,
// crypto.getRandomValues, crypto.randomBytes, uuid.v4), a captured console, `process`, and the
// few Node.js built-in modules producers use. Everything here belongs to one run: a fresh set is
// made for every run, so nothing leaks from one run into the next.
import { Buffer } from 'buffer';
import { md5 as md5Hash, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { format, inspect } from './inspect.js';

export const RealDate = Date;
const realRandomUUIDPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const MAX_CONSOLE_CHARS = 200_000;

/** Thrown through user code when a run has ended (record cap, process.exit): never reported. */
export class RunEnded extends Error {
  constructor(reason) {
    super(`the run ended (${reason})`);
    this.name = 'ShardlaneRunEnded';
  }
}

// ---- seeded randomness ----------------------------------------------------------------------

/**
 * The PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counter, 32-bit), its four words seeded by
 * splitmix32 from the low and high 32 bits of options.seed, then 12 outputs discarded. Math.random
 * takes 53 bits from two outputs; byte APIs take 4 bytes per output, little-endian. One stream
 * feeds Math.random, crypto and uuid, in call order, so a run is a function of its code and seed.
 */
export function makeRandom(seed) {
  const value = BigInt.asUintN(64, BigInt(Math.trunc(Number(seed)) || 0));
  let mix = Number(value & 0xffffffffn) ^ Math.imul(Number(value >> 32n), 0x9e3779b9);
  const splitmix32 = () => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32(), b = splitmix32(), c = splitmix32(), d = splitmix32();
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  const random = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const fill = (bytes) => {
    for (let i = 0; i < bytes.length; i += 4) {
      const word = next32();
      for (let j = 0; j < 4 && i + j < bytes.length; j++) bytes[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return bytes;
  };
  const uuid4 = () => {
    const bytes = fill(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    return uuidText(bytes);
  };
  return { random, fill, uuid4, next32 };
}

function uuidText(bytes) {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- the virtual clock and timers -------------------------------------------------------------

/** Node's delay rule: not a number in [1, 2^31-1] means 1 ms; fractions are dropped. */
function nodeDelay(delay) {
  const ms = Number(delay);
  if (!(ms >= 1 && ms <= 2147483647)) return 1;
  return Math.trunc(ms);
}

function invalidCallback(callback) {
  const error = new TypeError(`The "callback" argument must be of type function. Received ${callback === undefined ? 'undefined' : inspect(callback)}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  return error;
}

/** Timers ordered by (due time, creation order), in a binary heap with lazy removal. */
export class Scheduler {
  constructor(run) {
    this.run = run;
    this.heap = [];
    this.byId = new Map();
    this.nextId = 1;
    this.order = 0;
  }

  less(x, y) {
    return x.time < y.time || (x.time === y.time && x.order < y.order);
  }

  push(timer) {
    timer.order = this.order++;
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop() {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let smallest = i;
        if (l < heap.length && this.less(heap[l], heap[smallest])) smallest = l;
        if (r < heap.length && this.less(heap[r], heap[smallest])) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }

  add(kind, callback, delay, args) {
    if (typeof callback !== 'function') throw invalidCallback(callback);
    const id = this.nextId++;
    const timer = { id, kind, callback, args, delay, time: this.run.clockMs + delay, ref: true, live: true };
    this.byId.set(id, timer);
    this.push(timer);
    return kind === 'immediate' ? new Immediate(this, timer) : new Timeout(this, timer);
  }

  clear(handle) {
    if (handle === undefined || handle === null) return;
    let id = handle;
    if (typeof handle === 'object' || typeof handle === 'function') {
      id = handle._timer ? handle._timer.id : Number(handle[Symbol.toPrimitive]?.('number'));
    }
    const timer = this.byId.get(Number(id));
    if (timer) {
      timer.live = false;
      this.byId.delete(timer.id);
    }
  }

  /** Whether any live timer keeps the run going (an unref()'d timer does not, as in Node). */
  hasRefed() {
    for (const timer of this.byId.values()) if (timer.ref) return true;
    return false;
  }

  /** The next live timer to fire, removed from the queue (an interval is queued again). */
  next() {
    if (!this.hasRefed()) return null;
    while (this.heap.length > 0) {
      const timer = this.pop();
      if (!timer.live) continue;
      if (timer.kind === 'interval') {
        const again = { ...timer, time: timer.time + timer.delay };
        this.byId.set(timer.id, again);
        timer.handle && (timer.handle._timer = again);
        again.handle = timer.handle;
        this.push(again);
      } else {
        timer.live = false;
        this.byId.delete(timer.id);
      }
      return timer;
    }
    return null;
  }
}

/** What setTimeout and setImmediate return in Node: ref/unref decide whether it keeps the run alive. */
class TimerHandle {
  constructor(scheduler, timer) {
    Object.defineProperty(this, '_scheduler', { value: scheduler });
    Object.defineProperty(this, '_timer', { value: timer, writable: true });
    timer.handle = this;
  }
  ref() { this._timer.ref = true; return this; }
  unref() { this._timer.ref = false; return this; }
  hasRef() { return this._timer.ref; }
}

class Timeout extends TimerHandle {
  refresh() {
    const timer = this._timer;
    if (timer.live) {
      this._scheduler.clear(this);
      const fresh = { ...timer, time: this._scheduler.run.clockMs + timer.delay, live: true };
      this._scheduler.byId.set(fresh.id, fresh);
      this._scheduler.push(fresh);
      this._timer = fresh;
    }
    return this;
  }
  close() { this._scheduler.clear(this); return this; }
  [Symbol.toPrimitive]() { return this._timer.id; }
}

class Immediate extends TimerHandle {}

for (const [value, name] of [[Timeout, 'Timeout'], [Immediate, 'Immediate']]) Object.defineProperty(value, 'name', { value: name });

const PROMISIFY_CUSTOM = Symbol.for('nodejs.util.promisify.custom');

export function makeTimers(run) {
  const scheduler = run.scheduler;
  const setTimeout = (callback, delay, ...args) => scheduler.add('timeout', callback, nodeDelay(delay), args);
  const setInterval = (callback, delay, ...args) => scheduler.add('interval', callback, nodeDelay(delay), args);
  const setImmediate = (callback, ...args) => scheduler.add('immediate', callback, 0, args);
  const clear = (handle) => scheduler.clear(handle);
  const sleep = (delay, value) => new Promise((resolve) => scheduler.add('timeout', resolve, nodeDelay(delay), [value]));
  const promises = {
    setTimeout: sleep,
    setImmediate: (value) => new Promise((resolve) => scheduler.add('immediate', resolve, 0, [value])),
    async *setInterval(delay, value) {
      for (;;) {
        await sleep(delay);
        yield value;
      }
    },
    scheduler: { wait: (delay) => sleep(delay), yield: () => promises.setImmediate() },
  };
  Object.defineProperty(setTimeout, PROMISIFY_CUSTOM, { value: promises.setTimeout });
  Object.defineProperty(setImmediate, PROMISIFY_CUSTOM, { value: promises.setImmediate });
  return {
    setTimeout, setInterval, setImmediate,
    clearTimeout: clear, clearInterval: clear, clearImmediate: clear,
    promises,
  };
}

// ---- Date, deterministic and in UTC -----------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * `Date` reading the virtual clock, in the UTC time zone whatever the browser's (as Node with
 * TZ=UTC): new Date() and Date.now() give the clock, local getters and setters are the UTC ones,
 * and local date-time strings without an offset parse as UTC.
 */
export function makeDate(nowMs) {
  const parse = (text) => {
    const s = String(text);
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) return RealDate.parse(`${s}Z`);
    return RealDate.parse(s);
  };
  function VirtualDate(...args) {
    if (!new.target) return VirtualDate.prototype.toString.call(new RealDate(nowMs()));
    let value;
    if (args.length === 0) value = nowMs();
    else if (args.length === 1) {
      const arg = args[0];
      value = arg instanceof RealDate ? RealDate.prototype.getTime.call(arg) : (typeof arg === 'string' ? parse(arg) : arg);
    } else {
      value = RealDate.UTC(...args);
    }
    return Reflect.construct(RealDate, [value], new.target);
  }
  const proto = Object.create(RealDate.prototype);
  const utc = (name) => RealDate.prototype[name.replace(/^(get|set)/, '$1UTC')];
  for (const name of ['getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds',
    'getMilliseconds', 'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds']) {
    const method = utc(name);
    Object.defineProperty(proto, name, { value: function (...a) { return method.apply(this, a); }, writable: true, configurable: true });
  }
  const get = (d, name) => RealDate.prototype[name].call(d);
  const dateText = (d) => `${DAYS[get(d, 'getUTCDay')]} ${MONTHS[get(d, 'getUTCMonth')]} ${pad(get(d, 'getUTCDate'))} ${pad(get(d, 'getUTCFullYear'), 4)}`;
  const timeText = (d) => `${pad(get(d, 'getUTCHours'))}:${pad(get(d, 'getUTCMinutes'))}:${pad(get(d, 'getUTCSeconds'))} GMT+0000 (Coordinated Universal Time)`;
  const valid = (d) => !Number.isNaN(get(d, 'getTime'));
  const methods = {
    getTimezoneOffset() { return 0; },
    toString() { return valid(this) ? `${dateText(this)} ${timeText(this)}` : 'Invalid Date'; },
    toDateString() { return valid(this) ? dateText(this) : 'Invalid Date'; },
    toTimeString() { return valid(this) ? timeText(this) : 'Invalid Date'; },
    toLocaleString(locales, options) { return RealDate.prototype.toLocaleString.call(this, locales ?? 'en-US', { timeZone: 'UTC', ...options }); },
    toLocaleDateString(locales, options) { return RealDate.prototype.toLocaleDateString.call(this, locales ?? 'en-US', { timeZone: 'UTC', ...options }); },
    toLocaleTimeString(locales, options) { return RealDate.prototype.toLocaleTimeString.call(this, locales ?? 'en-US', { timeZone: 'UTC', ...options }); },
  };
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value, writable: true, configurable: true });
  }
  Object.defineProperty(proto, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  VirtualDate.prototype = proto;
  VirtualDate.now = () => nowMs();
  VirtualDate.parse = parse;
  VirtualDate.UTC = RealDate.UTC;
  Object.defineProperty(VirtualDate, 'name', { value: 'Date' });
  return VirtualDate;
}

// ---- console ----------------------------------------------------------------------------------

export function makeConsole(run) {
  const counts = new Map();
  const timers = new Map();
  let indent = '';
  const write = (text) => run.write(text);
  const print = (...args) => {
    const text = format(...args);
    write((indent ? text.split('\n').map((line) => indent + line).join('\n') : text) + '\n');
  };
  const elapsed = (label) => {
    const ms = run.clockMs - timers.get(label);
    return ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
  };
  return {
    log: print, info: print, debug: print, warn: print, error: print, trace: (...args) => print('Trace:', ...args),
    dir: (value, options) => write(inspect(value, options) + '\n'),
    dirxml: print,
    table: (data) => print(data),
    assert: (condition, ...args) => { if (!condition) print(...(args.length ? [`Assertion failed: ${format(...args)}`] : ['Assertion failed'])); },
    count: (label = 'default') => { counts.set(label, (counts.get(label) ?? 0) + 1); print(`${label}: ${counts.get(label)}`); },
    countReset: (label = 'default') => counts.delete(label),
    group: (...args) => { if (args.length) print(...args); indent += '  '; },
    groupCollapsed: (...args) => { if (args.length) print(...args); indent += '  '; },
    groupEnd: () => { indent = indent.slice(2); },
    time: (label = 'default') => timers.set(label, run.clockMs),
    timeLog: (label = 'default', ...args) => { if (timers.has(label)) print(`${label}: ${elapsed(label)}`, ...args); },
    timeEnd: (label = 'default') => { if (timers.has(label)) { print(`${label}: ${elapsed(label)}`); timers.delete(label); } },
  };
}

// ---- hashes (node:crypto) ---------------------------------------------------------------------

const HASHES = { md5: md5Hash, sha1, sha224, sha256, sha384, sha512 };

function hashOf(algorithm) {
  const name = String(algorithm).toLowerCase().replace(/^rsa-/, '').replace(/^sha-/, 'sha');
  const hash = HASHES[name];
  if (!hash) throw new Error('Digest method not supported');
  return hash;
}

function toBytes(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const error = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${inspect(data)}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  throw error;
}

function digestAs(bytes, encoding) {
  const buffer = Buffer.from(bytes);
  return encoding === undefined || encoding === 'buffer' ? buffer : buffer.toString(encoding);
}

class Hash {
  constructor(state) { this._state = state; this._done = false; }
  update(data, encoding) {
    if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
    this._state.update(toBytes(data, encoding));
    return this;
  }
  digest(encoding) {
    if (this._done) throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
    this._done = true;
    return digestAs(this._state.digest(), encoding);
  }
  copy() { const copy = new Hash(this._state.clone()); return copy; }
}

export function makeCrypto(run) {
  const rng = run.rng;
  const getRandomValues = (array) => {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type that is not an integer array.");
    }
    rng.fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  };
  const randomUUID = () => rng.uuid4();
  const randomBytes = (size, callback) => {
    const bytes = Buffer.alloc(size);
    rng.fill(bytes);
    if (typeof callback === 'function') {
      run.timers.setImmediate(() => callback(null, bytes));
      return undefined;
    }
    return bytes;
  };
  const randomInt = (min, max, callback) => {
    if (max === undefined || typeof max === 'function') { callback = max; max = min; min = 0; }
    const value = min + Math.floor(rng.random() * (max - min));
    if (typeof callback === 'function') { run.timers.setImmediate(() => callback(null, value)); return undefined; }
    return value;
  };
  const subtle = (() => {
    const real = globalThis.crypto?.subtle;
    if (!real) return undefined;
    // Real WebCrypto work resolves on the browser's own time; the run waits for it to settle.
    return new Proxy(real, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? (...args) => run.track(value.apply(target, args)) : value;
      },
    });
  })();
  const webcrypto = { getRandomValues, randomUUID, subtle };
  const node = {
    createHash: (algorithm) => new Hash(hashOf(algorithm).create()),
    createHmac: (algorithm, key) => new Hash(hmac.create(hashOf(algorithm), toBytes(key))),
    hash: (algorithm, data, encoding = 'hex') => digestAs(hashOf(algorithm)(toBytes(data)), encoding),
    getHashes: () => Object.keys(HASHES),
    randomUUID, randomBytes, randomInt, getRandomValues,
    randomFillSync: (buffer) => { getRandomValues(buffer); return buffer; },
    pseudoRandomBytes: randomBytes,
    timingSafeEqual: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    webcrypto,
    subtle,
  };
  return { webcrypto, node };
}

// ---- uuid (npm) -------------------------------------------------------------------------------

export function makeUuid(run) {
  const rng = run.rng;
  const v4 = (options, buffer, offset = 0) => {
    const bytes = options?.random ? Uint8Array.from(options.random) : rng.fill(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    if (buffer) { for (let i = 0; i < 16; i++) buffer[offset + i] = bytes[i]; return buffer; }
    return uuidText(bytes);
  };
  const v7 = () => {
    const bytes = rng.fill(new Uint8Array(16));
    let ms = BigInt(run.originMs + run.clockMs);
    for (let i = 5; i >= 0; i--) { bytes[i] = Number(ms & 0xffn); ms >>= 8n; }
    bytes[6] = (bytes[6] & 0x0f) | 0x70;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    return uuidText(bytes);
  };
  const v1 = () => {
    // 100 ns intervals since 1582-10-15, from the virtual clock; clock sequence and node random.
    const ticks = (BigInt(run.originMs + run.clockMs) + 12219292800000n) * 10000n;
    const r = rng.fill(new Uint8Array(8));
    const hex = (n, width) => n.toString(16).padStart(width, '0');
    const low = ticks & 0xffffffffn, mid = (ticks >> 32n) & 0xffffn, high = ((ticks >> 48n) & 0x0fffn) | 0x1000n;
    const seq = ((r[0] & 0x3f) | 0x80) * 256 + r[1];
    const node = Array.from(r.subarray(2, 8), (b) => hex(b, 2)).join('');
    return `${hex(low, 8)}-${hex(mid, 4)}-${hex(high, 4)}-${hex(seq, 4)}-${node}`;
  };
  const validate = (text) => typeof text === 'string' && (realRandomUUIDPattern.test(text) || text === NIL || text === MAX);
  const NIL = '00000000-0000-0000-0000-000000000000';
  const MAX = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  const unsupported = (name) => () => { throw new Error(`uuid.${name} is not available in Shardlane (v1, v4, v7, validate and version are)`); };
  return {
    v1, v4, v7, validate, NIL, MAX,
    version: (text) => { if (!validate(text)) throw new TypeError('Invalid UUID'); return parseInt(text.slice(14, 15), 16); },
    v3: unsupported('v3'), v5: unsupported('v5'), v6: unsupported('v6'),
    parse: (text) => Uint8Array.from(text.replace(/-/g, '').match(/../g), (h) => parseInt(h, 16)),
    stringify: (bytes, offset = 0) => uuidText(Array.prototype.slice.call(bytes, offset, offset + 16)),
  };
}

// ---- events, util, os, url, process -----------------------------------------------------------

export class EventEmitter {
  constructor() { Object.defineProperty(this, '_events', { value: new Map(), writable: true }); }
  _list(name) { if (!this._events.has(name)) this._events.set(name, []); return this._events.get(name); }
  on(name, listener) { this._list(name).push({ listener, once: false }); return this; }
  addListener(name, listener) { return this.on(name, listener); }
  prependListener(name, listener) { this._list(name).unshift({ listener, once: false }); return this; }
  once(name, listener) { this._list(name).push({ listener, once: true }); return this; }
  off(name, listener) {
    const list = this._list(name);
    const i = list.findIndex((e) => e.listener === listener);
    if (i >= 0) list.splice(i, 1);
    return this;
  }
  removeListener(name, listener) { return this.off(name, listener); }
  removeAllListeners(name) { if (name === undefined) this._events.clear(); else this._events.delete(name); return this; }
  emit(name, ...args) {
    const list = [...(this._events.get(name) ?? [])];
    if (name === 'error' && list.length === 0) throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${inspect(args[0])})`);
    for (const entry of list) {
      if (entry.once) this.off(name, entry.listener);
      entry.listener.apply(this, args);
    }
    return list.length > 0;
  }
  listenerCount(name) { return (this._events.get(name) ?? []).length; }
  listeners(name) { return (this._events.get(name) ?? []).map((e) => e.listener); }
  eventNames() { return [...this._events.keys()].filter((k) => this._events.get(k).length > 0); }
  setMaxListeners() { return this; }
  getMaxListeners() { return 10; }
}

Object.defineProperty(EventEmitter, 'name', { value: 'EventEmitter' });
Object.defineProperty(Hash, 'name', { value: 'Hash' });

export function eventsModule() {
  const events = EventEmitter;
  events.EventEmitter = EventEmitter;
  events.once = (emitter, name) => new Promise((resolve, reject) => {
    emitter.once(name, (...args) => resolve(args));
    if (name !== 'error') emitter.once('error', reject);
  });
  events.default = events;
  return events;
}

export function makeUtil(run) {
  const promisify = (original) => {
    if (typeof original !== 'function') throw invalidCallback(original);
    if (original[PROMISIFY_CUSTOM]) return original[PROMISIFY_CUSTOM];
    return function (...args) {
      return new Promise((resolve, reject) => {
        original.call(this, ...args, (error, ...values) => (error ? reject(error) : resolve(values.length > 1 ? values : values[0])));
      });
    };
  };
  promisify.custom = PROMISIFY_CUSTOM;
  const isType = (name) => (value) => Object.prototype.toString.call(value) === `[object ${name}]`;
  return {
    format, inspect, promisify,
    callbackify: (fn) => (...args) => {
      const callback = args.pop();
      fn(...args).then((value) => run.timers.setImmediate(() => callback(null, value)),
        (error) => run.timers.setImmediate(() => callback(error)));
    },
    inherits: (child, parent) => { Object.setPrototypeOf(child.prototype, parent.prototype); Object.setPrototypeOf(child, parent); child.super_ = parent; },
    deprecate: (fn) => fn,
    isDeepStrictEqual: (a, b) => inspect(a, { depth: Infinity }) === inspect(b, { depth: Infinity }),
    TextEncoder, TextDecoder,
    types: {
      isDate: isType('Date'), isRegExp: isType('RegExp'), isPromise: (v) => v instanceof Promise,
      isUint8Array: (v) => v instanceof Uint8Array, isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
      isArrayBuffer: (v) => v instanceof ArrayBuffer, isNativeError: (v) => v instanceof Error,
    },
    isArray: Array.isArray,
  };
}

export function makeProcess(run, env) {
  const process = new EventEmitter();
  const hrtime = (previous) => {
    const ns = BigInt(run.clockMs) * 1000000n;
    const seconds = Number(ns / 1000000000n), nanos = Number(ns % 1000000000n);
    if (!previous) return [seconds, nanos];
    let s = seconds - previous[0], n = nanos - previous[1];
    if (n < 0) { s -= 1; n += 1e9; }
    return [s, n];
  };
  hrtime.bigint = () => BigInt(run.clockMs) * 1000000n;
  const stream = () => ({ write: (chunk, encoding, callback) => { run.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()); if (typeof encoding === 'function') encoding(); else if (typeof callback === 'function') callback(); return true; }, isTTY: false, columns: 80 });
  Object.assign(process, {
    env,
    argv: ['/usr/local/bin/node', '/producer.js'],
    argv0: 'node',
    execArgv: [],
    execPath: '/usr/local/bin/node',
    exitCode: undefined,
    pid: 1, ppid: 0,
    platform: 'linux', arch: 'x64',
    version: 'v20.20.0',
    versions: { node: '20.20.0', v8: '11.3' },
    release: { name: 'node', lts: 'Iron' },
    title: 'node',
    stdout: stream(), stderr: stream(),
    stdin: { on() { return this; }, isTTY: false },
    cwd: () => '/',
    chdir: () => {},
    uptime: () => run.clockMs / 1000,
    hrtime,
    memoryUsage: Object.assign(() => ({ rss: 50_000_000, heapTotal: 20_000_000, heapUsed: 10_000_000, external: 1_000_000, arrayBuffers: 100_000 }), { rss: () => 50_000_000 }),
    cpuUsage: () => ({ user: run.clockMs * 1000, system: 0 }),
    nextTick: (callback, ...args) => queueMicrotask(() => run.guard(() => callback(...args))),
    exit: (code) => run.exit(code === undefined ? process.exitCode : code),
    abort: () => run.exit(134),
    kill: () => true,
    emitWarning: (warning) => run.write(`(node:1) ${warning instanceof Error ? `${warning.name}: ${warning.message}` : `Warning: ${warning}`}\n`),
    binding: () => { throw new Error('No such module'); },
    features: {},
    config: { variables: {} },
  });
  return process;
}

export { Buffer };
