// Node-like formatting of console arguments (util.format / util.inspect), close to what Node.js
// prints for everyday values: strings, numbers, plain objects, arrays, Maps, Sets, Buffers, typed
// arrays, Dates, errors and functions. Not byte-identical to Node in every corner (Node's
// grouping of long numeric arrays, getters and proxies are not reproduced).

import { Buffer } from 'buffer';

const BREAK_LENGTH = 80;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quote(text) {
  let q = "'";
  if (text.includes("'")) {
    if (!text.includes('"')) q = '"';
    else if (!text.includes('`') && !text.includes('${')) q = '`';
  }
  const escaped = text.replace(/[\\\n\t\r\b\f\v]|[\x00-\x1f\x7f]/g, (c) => ({
    '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v',
  }[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`));
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}

function formatNumber(value) {
  return Object.is(value, -0) ? '-0' : String(value);
}

function keyOf(key) {
  if (typeof key === 'symbol') return `[${key.toString()}]`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

function constructorName(value) {
  try {
    let proto = Object.getPrototypeOf(value);
    while (proto) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (descriptor && typeof descriptor.value === 'function' && descriptor.value.name) return descriptor.value.name;
      proto = Object.getPrototypeOf(proto);
    }
  } catch { /* exotic object */ }
  return null;
}

function isError(value) {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

function functionText(value) {
  let source = '';
  try { source = Function.prototype.toString.call(value); } catch { /* ignore */ }
  const isClass = source.startsWith('class');
  const kind = isClass ? 'class' : (value.constructor && value.constructor.name === 'AsyncFunction' ? 'AsyncFunction'
    : value.constructor && value.constructor.name === 'GeneratorFunction' ? 'GeneratorFunction'
      : value.constructor && value.constructor.name === 'AsyncGeneratorFunction' ? 'AsyncGeneratorFunction' : 'Function');
  if (isClass) {
    const parent = Object.getPrototypeOf(value);
    const extendsText = parent && parent.name ? ` extends ${parent.name}` : '';
    return value.name ? `[class ${value.name}${extendsText}]` : `[class (anonymous)${extendsText}]`;
  }
  return value.name ? `[${kind}: ${value.name}]` : `[${kind} (anonymous)]`;
}

function errorHead(error) {
  const name = (() => { try { return String(error.name ?? 'Error'); } catch { return 'Error'; } })();
  const message = (() => { try { return error.message === undefined ? '' : String(error.message); } catch { return ''; } })();
  return message ? `${name}: ${message}` : name;
}

/** util.inspect(value) with Node's defaults (depth 2, breakLength 80). */
export function inspect(value, options = {}) {
  const depth = options.depth === undefined ? 2 : (options.depth === null ? Infinity : options.depth);
  const seen = [];
  const circular = new Map();

  function formatValue(v, level, topLevel) {
    switch (typeof v) {
      case 'string': return topLevel === 'raw' ? v : quote(v);
      case 'number': return formatNumber(v);
      case 'bigint': return `${v}n`;
      case 'boolean': return String(v);
      case 'undefined': return 'undefined';
      case 'symbol': return v.toString();
      case 'function': {
        const text = functionText(v);
        const keys = Object.keys(v);
        if (keys.length === 0 || level > depth) return text;
        return formatEntries(v, `${text} {`, '}', keys.map((k) => `${keyOf(k)}: ${formatChild(v[k], level)}`), level);
      }
      default: break;
    }
    if (v === null) return 'null';
    if (seen.includes(v)) {
      if (!circular.has(v)) circular.set(v, circular.size + 1);
      return `[Circular *${circular.get(v)}]`;
    }
    return formatObject(v, level);
  }

  function formatChild(v, level) {
    return formatValue(v, level + 1, false);
  }

  function formatEntries(v, open, close, entries, level) {
    if (entries.length === 0) return `${open}${close}`;
    const oneLine = `${open} ${entries.join(', ')} ${close}`;
    const indentation = '  '.repeat(level);
    if (oneLine.length + indentation.length <= BREAK_LENGTH && !oneLine.includes('\n')) return oneLine;
    const inner = '  '.repeat(level + 1);
    return `${open}\n${entries.map((e) => inner + e).join(',\n')}\n${indentation}${close}`;
  }

  function ownEntries(v, level, skip = () => false) {
    const out = [];
    for (const key of Object.keys(v)) {
      if (skip(key)) continue;
      let child;
      try { child = v[key]; } catch (e) { out.push(`${keyOf(key)}: [Getter: threw]`); continue; }
      out.push(`${keyOf(key)}: ${formatChild(child, level)}`);
    }
    for (const symbol of Object.getOwnPropertySymbols(v)) {
      const descriptor = Object.getOwnPropertyDescriptor(v, symbol);
      if (descriptor && descriptor.enumerable) out.push(`${keyOf(symbol)}: ${formatChild(v[symbol], level)}`);
    }
    return out;
  }

  function formatObject(v, level) {
    const tag = Object.prototype.toString.call(v);
    const name = constructorName(v);
    if (v instanceof Date || tag === '[object Date]') {
      const time = Date.prototype.getTime.call(v);
      return Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(v);
    }
    if (v instanceof RegExp) return String(v);
    if (isError(v)) {
      const head = errorHead(v);
      const rest = ownEntries(v, level, (k) => k === 'stack' || k === 'message');
      const shown = level === 0 ? head : `[${head}]`;
      if (rest.length === 0 || level > depth) return shown;
      seen.push(v);
      const text = formatEntries(v, `${shown} {`, '}', rest, level);
      seen.pop();
      return text;
    }
    if (v instanceof Promise) return 'Promise { <pending> }';
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const isBuffer = Buffer.isBuffer(v);
      if (isBuffer) {
        const shown = Array.from(v.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
        const more = v.length > 50 ? ` ... ${v.length - 50} more bytes` : '';
        return `<Buffer${shown ? ' ' : ''}${shown}${more}>`;
      }
      if (level > depth) return `[${name}]`;
      const items = Array.from(v.subarray(0, 100), (x) => (typeof x === 'bigint' ? `${x}n` : formatNumber(x)));
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return formatEntries(v, `${name}(${v.length}) [`, ']', items, level);
    }
    if (v instanceof ArrayBuffer) {
      const bytes = new Uint8Array(v);
      const shown = Array.from(bytes.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
      return `ArrayBuffer { [Uint8Contents]: <${shown}${bytes.length > 50 ? ` ... ${bytes.length - 50} more bytes` : ''}>, byteLength: ${bytes.length} }`;
    }
    if (Array.isArray(v)) {
      if (level > depth) return '[Array]';
      seen.push(v);
      const items = [];
      const shown = Math.min(v.length, 100);
      let holes = 0;
      for (let i = 0; i < shown; i++) {
        if (!(i in v)) { holes++; continue; }
        if (holes) { items.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`); holes = 0; }
        items.push(formatChild(v[i], level));
      }
      if (holes) items.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      if (v.length > 100) items.push(`... ${v.length - 100} more item${v.length - 100 > 1 ? 's' : ''}`);
      items.push(...ownEntries(v, level, (k) => String(k >>> 0) === k));
      seen.pop();
      const prefix = name && name !== 'Array' ? `${name}(${v.length}) [` : '[';
      return withCircular(v, formatEntries(v, prefix, ']', items, level));
    }
    if (v instanceof Map) {
      if (level > depth) return '[Map]';
      seen.push(v);
      const items = [...v].map(([k, x]) => `${formatChild(k, level)} => ${formatChild(x, level)}`);
      seen.pop();
      return withCircular(v, formatEntries(v, `Map(${v.size}) {`, '}', items, level));
    }
    if (v instanceof Set) {
      if (level > depth) return '[Set]';
      seen.push(v);
      const items = [...v].map((x) => formatChild(x, level));
      seen.pop();
      return withCircular(v, formatEntries(v, `Set(${v.size}) {`, "}", items, level));
    }
    if (v instanceof WeakMap) return 'WeakMap { <items unknown> }';
    if (v instanceof WeakSet) return 'WeakSet { <items unknown> }';
    const boxed = [Number, String, Boolean].find((B) => v instanceof B);
    if (boxed) return `[${boxed.name}: ${formatValue(boxed.prototype.valueOf.call(v), level, false)}]`;
    const prefix = name === null ? '[Object: null prototype] ' : (name === 'Object' ? '' : `${name} `);
    const toStringTag = v[Symbol.toStringTag];
    const tagText = typeof toStringTag === 'string' && toStringTag !== name ? `[${toStringTag}] ` : '';
    if (level > depth) return `[${name === 'Object' || name === null ? 'Object' : name}]`;
    seen.push(v);
    const items = ownEntries(v, level);
    seen.pop();
    if (items.length === 0) return `${prefix}${tagText}{}`;
    return withCircular(v, formatEntries(v, `${prefix}${tagText}{`, '}', items, level));
  }

  function withCircular(v, text) {
    return circular.has(v) ? `<ref *${circular.get(v)}> ${text}` : text;
  }

  return formatValue(value, 0, false);
}

/** util.format(...args): printf-like %s %d %i %f %j %o %O %c %%, then the rest inspected. */
export function format(...args) {
  if (args.length === 0) return '';
  const first = args[0];
  let index = 1;
  let out = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    out = first.replace(/%[sdifjoOc%]/g, (token) => {
      if (token === '%%') return '%';
      if (index >= args.length) return token;
      const arg = args[index++];
      switch (token) {
        case '%s':
          if (typeof arg === 'string') return arg;
          if (typeof arg === 'bigint') return `${arg}n`;
          if (typeof arg === 'number') return formatNumber(arg);
          if (typeof arg === 'symbol') return arg.toString();
          if (arg !== null && typeof arg === 'object') return inspect(arg, { depth: 0 });
          return String(arg);
        case '%d':
          if (typeof arg === 'bigint') return `${arg}n`;
          if (typeof arg === 'symbol' || (arg !== null && typeof arg === 'object')) return 'NaN';
          return formatNumber(Number(arg));
        case '%i':
          if (typeof arg === 'bigint') return `${arg}n`;
          if (typeof arg === 'symbol') return 'NaN';
          return formatNumber(parseInt(arg, 10));
        case '%f':
          if (typeof arg === 'symbol') return 'NaN';
          return formatNumber(parseFloat(arg));
        case '%j':
          try { return JSON.stringify(arg); } catch { return '[Circular]'; }
        case '%o':
        case '%O':
          return inspect(arg);
        case '%c':
          return '';
        default:
          return token;
      }
    });
  } else {
    out = inspect(first);
  }
  for (; index < args.length; index++) {
    const arg = args[index];
    out += ' ' + (typeof arg === 'string' ? arg : inspect(arg));
  }
  return out;
}

/** The first line Node prints for an error: "Name: message". */
export function errorHeadline(error) {
  return errorHead(error);
}
