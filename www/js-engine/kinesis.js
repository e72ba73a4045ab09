// The Kinesis service model and the stub AWS SDKs for JavaScript: `@aws-sdk/client-kinesis` (v3)
// and `aws-sdk` (v2). Puts are recorded, never sent. The service side (request validation,
// routing, per-shard throttling, sequence numbers, per-entry results) answers as the Rust core
// (src/limits.rs, src/simulation/) and www/python-engine/harness.py do; the calls and AWS's answers
// of tests/service_model/*.json run against all three (here: tests/service_model/kinesis.test.mjs).
import { md5 } from 'js-md5';
import { Buffer } from 'buffer';
import { RunEnded } from './runtime.js';

export const ACCOUNT = '123456789012';
const MIB = 1048576;
const MAX_RECORDS_PER_REQUEST = 500;
const MAX_REQUEST_BYTES = 10 * MIB;
const MAX_RECORD_BYTES = MIB;
const MAX_LISTED_VIOLATIONS = 10;
export const INTERNAL_FAILURE_MESSAGE = 'Internal Service Failure';
const TWO_128 = 1n << 128n;
const encoder = new TextEncoder();

const utf8Length = (text) => encoder.encode(text).length;

// ---- the service ------------------------------------------------------------------------------

function isExplicitHashKey(text) {
  if (text === '0') return true;
  return text.length >= 1 && text.length <= 39 && '123456789'.includes(text[0]) && /^[0-9]+$/.test(text);
}

/** A ValidationException's message: at most ten violations, counted as listed. */
function validationMessage(violations) {
  const listed = violations.slice(0, MAX_LISTED_VIOLATIONS);
  const noun = listed.length === 1 ? 'error' : 'errors';
  return `${listed.length} validation ${noun} detected: ${listed.join('; ')}`;
}

/**
 * The [code, message] AWS refuses a whole call with, if any: request validation first, then the
 * request size, each record's size with its key, and the range of ExplicitHashKey.
 */
export function requestError(entries, batch) {
  const violations = [];
  const member = (i, field) => (batch ? `records.${i + 1}.member.${field}` : field);
  if (batch && entries.length > MAX_RECORDS_PER_REQUEST) {
    violations.push(`Value '[… ${entries.length} entries …]' at 'records' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORDS_PER_REQUEST}`);
  }
  let outOfRange = null;
  const sizes = entries.map(([key, data, explicit], i) => {
    const length = key.length; // UTF-16 code units, as AWS counts
    if (length < 1) {
      violations.push(`Value '' at '${member(i, 'partitionKey')}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    } else if (length > 256) {
      violations.push(`Value '${key}' at '${member(i, 'partitionKey')}' failed to satisfy constraint: Member must have length less than or equal to 256`);
    }
    if (explicit !== null) {
      if (!isExplicitHashKey(explicit)) {
        violations.push(`Value '${explicit}' at '${member(i, 'explicitHashKey')}' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})`);
      } else if (outOfRange === null && BigInt(explicit) >= TWO_128) {
        outOfRange = explicit;
      }
    }
    if (data.length > MAX_RECORD_BYTES) {
      violations.push(`Value 'java.nio.HeapByteBuffer[pos=0 lim=${data.length} cap=${data.length}]' at '${member(i, 'data')}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`);
    }
    return data.length + utf8Length(key);
  });
  if (violations.length > 0) return ['ValidationException', validationMessage(violations)];
  if (batch && sizes.reduce((sum, size) => sum + size, 0) > MAX_REQUEST_BYTES) {
    return ['InvalidArgumentException', 'Records size exceeds 10 MB limit'];
  }
  const tooLarge = sizes.findIndex((size) => size > MAX_RECORD_BYTES);
  if (tooLarge >= 0) {
    return ['ValidationException', `1 validation error detected: Value at '${member(tooLarge, 'data')}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`];
  }
  if (outOfRange !== null) {
    return ['InvalidArgumentException', `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${outOfRange}`];
  }
  return null;
}

/** The 128-bit hash key: the explicit one, or MD5 of the key's UTF-8 bytes, big-endian. */
export function hashKey(partitionKey, explicitHashKey) {
  if (explicitHashKey !== null) return BigInt(explicitHashKey);
  return BigInt(`0x${md5(encoder.encode(partitionKey))}`);
}

/**
 * A stream as the service holds it, from the harness options (shard ids and ranges): its shards,
 * their sequence counters and write budgets, and the virtual clock (`clockMs`) its calls arrive at.
 */
export function openStream(options) {
  return {
    starts: options.shard_starts.map((s) => BigInt(s)),
    ends: options.shard_ends.map((s) => BigInt(s)),
    shardIds: options.shard_ids,
    clockMs: 0,
    nextSequence: new Map(),
    used: new Map(),
  };
}

function shardOf(stream, hash) {
  // bisect_right over the starts, minus one
  let lo = 0, hi = stream.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hash < stream.starts[mid]) hi = mid; else lo = mid + 1;
  }
  const position = lo - 1;
  if (position < 0 || hash > stream.ends[position]) return null;
  return position;
}

/** The per-shard write limit (MODEL: budgets reset every whole second of the virtual clock). */
function accept(stream, position, size) {
  const slot = `${position}:${Math.floor(stream.clockMs / 1000)}`;
  const [count, used] = stream.used.get(slot) ?? [0, 0];
  if (count + 1 > 1000 || used + size > MIB) return false;
  stream.used.set(slot, [count + 1, used + size]);
  return true;
}

function sequenceNumber(stream, position) {
  const shardId = stream.shardIds[position];
  const index = stream.nextSequence.get(position) ?? 0;
  stream.nextSequence.set(position, index + 1);
  const suffix = shardId.split('-').pop();
  const number = /^[0-9]+$/.test(suffix) ? BigInt(suffix) : BigInt(position);
  return `49${String(number % 1000000000000n).padStart(12, '0')}${String(index).padStart(42, '0')}`;
}

/**
 * AWS's answer to one PutRecord or PutRecords call of [partition key, data bytes, explicit hash
 * key or null] entries on `stream` (an `openStream`, or a run, which holds the same fields), in
 * the shape of its JSON response: {ShardId, SequenceNumber}, {FailedRecordCount, Records}, or
 * {Error: {Code, Message}} when AWS refuses the call (a throttled PutRecord included).
 */
export function putCall(stream, operation, streamName, entries) {
  const batch = operation === 'PutRecords';
  const refused = requestError(entries, batch);
  if (refused) return { Error: { Code: refused[0], Message: refused[1] } };
  const results = entries.map(([key, data, explicit]) => {
    const position = shardOf(stream, hashKey(key, explicit));
    if (position === null) return { ErrorCode: 'InternalFailure', ErrorMessage: INTERNAL_FAILURE_MESSAGE };
    if (accept(stream, position, data.length + utf8Length(key))) {
      return { SequenceNumber: sequenceNumber(stream, position), ShardId: stream.shardIds[position] };
    }
    return {
      ErrorCode: 'ProvisionedThroughputExceededException',
      ErrorMessage: `Rate exceeded for shard ${stream.shardIds[position]} in stream ${streamName} under account ${ACCOUNT}.`,
    };
  });
  if (batch) return { FailedRecordCount: results.filter((r) => r.ErrorCode).length, Records: results };
  if (results[0].ErrorCode) return { Error: { Code: results[0].ErrorCode, Message: results[0].ErrorMessage } };
  return results[0];
}

/**
 * Records the entries of one call (what AWS received), then answers as AWS would (`putCall`).
 * Past the record cap it ends the run and throws.
 */
export function put(run, stream, entries, batch, line) {
  const call = run.calls++;
  for (const [key, data, explicit] of entries) {
    if (run.records.length >= run.cap) throw run.reachCap();
    run.records.push({
      api: batch ? 'PutRecords' : 'PutRecord',
      arrival_ms: run.clockMs,
      data_base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
      explicit_hash_key: explicit,
      line,
      partition_key: key,
      put_call: call,
      stream,
    });
  }
  return putCall(run, batch ? 'PutRecords' : 'PutRecord', stream, entries);
}

function streamOf(params) {
  if (params.StreamName !== undefined && params.StreamName !== null) return String(params.StreamName);
  if (params.StreamARN !== undefined && params.StreamARN !== null) return String(params.StreamARN).split('/').pop();
  return null;
}

// MODEL: a call naming neither StreamName nor StreamARN gets the ValidationException that AWS gave
// when StreamName was still a required member.
const NO_STREAM = ["Value null at 'streamName' failed to satisfy constraint: Member must not be null"];


/** A never-settling promise: what a call made after the run ended gets. */
const never = () => new Promise(() => {});

export const KINESIS_OPERATIONS = [
  'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteResourcePolicy', 'DeleteStream',
  'DeregisterStreamConsumer', 'DescribeAccountSettings', 'DescribeLimits', 'DescribeStream', 'DescribeStreamConsumer',
  'DescribeStreamSummary', 'DisableEnhancedMonitoring', 'EnableEnhancedMonitoring', 'GetRecords', 'GetResourcePolicy',
  'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards', 'ListStreamConsumers', 'ListStreams',
  'ListTagsForResource', 'ListTagsForStream', 'MergeShards', 'PutRecord', 'PutRecords', 'PutResourcePolicy',
  'RegisterStreamConsumer', 'RemoveTagsFromStream', 'SplitShard', 'StartStreamEncryption', 'StopStreamEncryption',
  'SubscribeToShard', 'TagResource', 'UntagResource', 'UpdateAccountSettings', 'UpdateMaxRecordSize', 'UpdateShardCount',
  'UpdateStreamMode',
];

/** Class names survive minification (console.log and instanceof messages show them). */
export const keepName = (value, name) => Object.defineProperty(value, 'name', { value: name, configurable: true });

const lowerFirst = (name) => name[0].toLowerCase() + name.slice(1);

function unsupportedMessage(what) {
  return controlPlaneMessage(what)
    ?? `Shardlane simulates Kinesis PutRecord and PutRecords only: ${what} is not available; replace its result with a literal`;
}

// ---- Kinesis control-plane calls: the page's stream panel does them ---------------------------
// The stream's shards are set outside the code (shard count, Split/Merge, pasted list-shards JSON),
// so a call that would create, reshape or list them says where to do it (harness.py says the same).

const CONTROL_PLANE = {
  CreateStream: 'the stream already exists: set its shard count in the stream panel',
  DeleteStream: 'the stream stays: the page simulates one stream',
  SplitShard: 'use Split in the stream panel (Stream layout), or paste list-shards JSON there; the code\'s puts then route to that layout',
  MergeShards: 'use Merge in the stream panel (Stream layout), or paste list-shards JSON there; the code\'s puts then route to that layout',
  UpdateShardCount: 'set the shard count in the stream panel, or use its scale action; the code\'s puts then route to that layout',
  ListShards: 'the stream panel lists the shards and their hash key ranges',
  DescribeStream: 'the stream panel lists the shards and their hash key ranges',
  DescribeStreamSummary: 'the stream panel shows the open shard count',
};

/** `SplitShardCommand` or `splitShard` → the pointer to the stream panel, else undefined. */
function controlPlaneMessage(what) {
  const operation = String(what).split('.').pop().replace(/Command$/, '').replace(/^./, (c) => c.toUpperCase());
  const where = Object.hasOwn(CONTROL_PLANE, operation) ? CONTROL_PLANE[operation] : undefined;
  return where && `Shardlane does not run ${what} from code: ${where}.`;
}

// ---- AWS SDK for JavaScript v3 ----------------------------------------------------------------

const V3_EXCEPTIONS = [
  'AccessDeniedException', 'ExpiredIteratorException', 'ExpiredNextTokenException', 'InternalFailureException',
  'InvalidArgumentException', 'KMSAccessDeniedException', 'KMSDisabledException', 'KMSInvalidStateException',
  'KMSNotFoundException', 'KMSOptInRequired', 'KMSThrottlingException', 'LimitExceededException',
  'ProvisionedThroughputExceededException', 'ResourceInUseException', 'ResourceNotFoundException',
  'ValidationException',
];

export function makeV3(run) {
  class KinesisServiceException extends Error {
    constructor(options = {}) {
      super(options.message);
      Object.defineProperty(this, 'name', { value: options.name ?? 'KinesisServiceException', writable: true, enumerable: false, configurable: true });
      this.$fault = options.$fault ?? 'client';
      this.$metadata = options.$metadata ?? {};
    }
  }
  keepName(KinesisServiceException, 'KinesisServiceException');
  const exceptions = { KinesisServiceException };
  for (const name of V3_EXCEPTIONS) {
    exceptions[name] = { [name]: class extends KinesisServiceException {
      constructor(options = {}) { super({ name, $fault: 'client', ...options }); }
    } }[name];
  }
  // Kinesis answers a malformed body with SerializationException, which the SDK has no class for.
  const serviceError = (code, message) => {
    const Class = exceptions[code];
    const $metadata = { httpStatusCode: 400, requestId: run.requestId(), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 };
    const error = Class ? new Class({ message, $metadata }) : new KinesisServiceException({ name: code, message, $metadata });
    if (code === 'ProvisionedThroughputExceededException') error.$retryable = { throttling: true };
    return error;
  };
  const metadata = () => ({ httpStatusCode: 200, requestId: run.requestId(), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 });

  /**
   * Data as the v3 serializer takes it: a string is UTF-8 encoded (@smithy/util-base64 toBase64
   * accepts string | Uint8Array), any ArrayBufferView's bytes are sent, anything else is the
   * encoder's Error.
   */
  const dataBytes = (data) => {
    if (typeof data === 'string') return encoder.encode(data);
    if (data && typeof data === 'object' && typeof data.byteOffset === 'number' && typeof data.byteLength === 'number' && data.buffer) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    }
    throw new Error('@smithy/util-base64: toBase64 encoder function only accepts string | Uint8Array.');
  };

  // Kinesis is a JSON service and the v3 client does no client-side validation: a missing member
  // reaches AWS as null (ValidationException "Member must not be null"), and a member of the wrong
  // JSON type fails AWS's deserializer (SerializationException). A number key is not coerced.
  const jsonTypeProblem = (value) => {
    if (typeof value === 'number' || typeof value === 'bigint') return 'NUMBER_VALUE cannot be converted to String';
    if (typeof value === 'boolean') return `${value ? 'TRUE' : 'FALSE'}_VALUE cannot be converted to String`;
    return 'Start of structure or map found where not expected.';
  };
  const entryOf = (record, nullViolations, problems, i, batch) => {
    const field = (name) => (batch ? `records.${i + 1}.member.${name}` : name);
    const { PartitionKey: key, Data: data, ExplicitHashKey: explicit } = record ?? {};
    if (data === undefined || data === null) nullViolations.push(`Value null at '${field('data')}' failed to satisfy constraint: Member must not be null`);
    if (key === undefined || key === null) nullViolations.push(`Value null at '${field('partitionKey')}' failed to satisfy constraint: Member must not be null`);
    if (key !== undefined && key !== null && typeof key !== 'string') problems.push(jsonTypeProblem(key));
    if (explicit !== undefined && explicit !== null && typeof explicit !== 'string') problems.push(jsonTypeProblem(explicit));
    if (data === undefined || data === null) return null;
    return [key, dataBytes(data), explicit ?? null];
  };

  const operations = {
    PutRecord(input, line) {
      const nullViolations = [];
      const problems = [];
      const entry = entryOf(input, nullViolations, problems, 0, false);
      const stream = streamOf(input);
      if (problems.length) throw serviceError('SerializationException', problems[0]);
      if (stream === null) nullViolations.unshift(...NO_STREAM);
      if (nullViolations.length) throw serviceError('ValidationException', validationMessage(nullViolations));
      const answer = put(run, stream, [entry], false, line);
      if (answer.Error) throw serviceError(answer.Error.Code, answer.Error.Message);
      return { $metadata: metadata(), EncryptionType: 'NONE', SequenceNumber: answer.SequenceNumber, ShardId: answer.ShardId };
    },
    PutRecords(input, line) {
      const records = input?.Records;
      const stream = streamOf(input ?? {});
      const nullViolations = [];
      const problems = [];
      if (records === undefined || records === null) nullViolations.push("Value null at 'records' failed to satisfy constraint: Member must not be null");
      else if (!Array.isArray(records)) problems.push('Start of structure or map found where not expected.');
      const entries = Array.isArray(records) ? records.map((record, i) => entryOf(record, nullViolations, problems, i, true)) : [];
      if (problems.length) throw serviceError('SerializationException', problems[0]);
      if (stream === null) nullViolations.unshift(...NO_STREAM);
      if (nullViolations.length) throw serviceError('ValidationException', validationMessage(nullViolations));
      const answer = put(run, stream, entries, true, line);
      if (answer.Error) throw serviceError(answer.Error.Code, answer.Error.Message);
      return { $metadata: metadata(), EncryptionType: 'NONE', FailedRecordCount: answer.FailedRecordCount, Records: answer.Records };
    },
  };

  const middlewareStack = () => ({
    add() {}, addRelativeTo() {}, use() {}, remove() { return true; }, removeByTag() { return true; },
    clone() { return middlewareStack(); }, concat() { return middlewareStack(); }, applyToStack() {}, identify() { return []; },
    resolve: (handler) => handler,
  });

  class Command {
    constructor(input) {
      this.input = input;
      this.middlewareStack = middlewareStack();
    }
    resolveMiddleware() { return () => Promise.reject(new Error(unsupportedMessage('resolveMiddleware'))); }
  }
  const commands = {};
  for (const operation of KINESIS_OPERATIONS) {
    const name = `${operation}Command`;
    commands[name] = { [name]: class extends Command {} }[name];
    Object.defineProperty(commands[name], 'operation', { value: operation });
  }

  /**
   * Runs one command: synchronously up to the first answer, so the put's line is the caller's.
   * A throttling error is retried as the SDK's standard retry strategy does (@smithy/core's
   * retry, `Retry.v2026`, behind @smithy/util-retry 4.6): at most `maxAttempts` (3) attempts, after
   * Math.random() × min(1000 ms × 2^retries, 20 s) of the virtual clock, while the client's retry
   * quota lasts (500; 5 per throttling retry; a success gives back 1, or 5 after retries). Only
   * whole-call errors retry: a PutRecords' failed entries are its result.
   */
  const dispatch = (command, retries) => {
    if (run.finished) return never();
    const operation = command?.constructor?.operation;
    if (!operation) {
      return Promise.reject(new TypeError('client.send() takes a command, e.g. new PutRecordCommand({...})'));
    }
    const handler = operations[operation];
    if (!handler) return Promise.reject(new Error(unsupportedMessage(`${operation}Command`)));
    const line = run.callerLine();
    const attempt = (attempts, totalRetryDelay) => {
      try {
        const output = handler(command.input ?? {}, line);
        Object.assign(output.$metadata, { attempts, totalRetryDelay });
        retries.succeeded(attempts > 1);
        return Promise.resolve(output);
      } catch (error) {
        if (error instanceof RunEnded) throw error;
        const delay = error.$retryable?.throttling ? retries.delayMs(attempts) : null;
        if (delay === null) {
          if (error.$metadata) Object.assign(error.$metadata, { attempts, totalRetryDelay });
          return Promise.reject(error);
        }
        return run.timers.promises.setTimeout(delay).then(() => attempt(attempts + 1, totalRetryDelay + delay));
      }
    };
    return attempt(1, 0);
  };

  /** One client's standard retry strategy: its attempts and its retry quota. */
  const retryStrategy = (configuration) => {
    const maxAttempts = Number.isInteger(configuration.maxAttempts) && configuration.maxAttempts > 0 ? configuration.maxAttempts : 3;
    let quota = 500;
    return {
      delayMs(attempts) {
        if (attempts >= maxAttempts || quota < 5) return null;
        quota -= 5;
        return Math.floor(run.rng.random() * Math.min(1000 * 2 ** (attempts - 1), 20000));
      },
      succeeded(retried) { quota = Math.min(500, quota + (retried ? 5 : 1)); },
    };
  };

  class KinesisClient {
    constructor(...[configuration = {}]) {
      const region = configuration.region ?? run.region;
      this.config = {
        ...configuration,
        region: typeof region === 'function' ? region : async () => region,
        serviceId: 'Kinesis',
        apiVersion: '2013-12-02',
      };
      this.middlewareStack = middlewareStack();
      Object.defineProperty(this, '__retries', { value: retryStrategy(configuration) });
    }
    send(command, optionsOrCallback, callback) {
      const cb = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
      const answer = dispatch(command, this.__retries);
      if (typeof cb !== 'function') return answer;
      answer.then((result) => run.callback(() => cb(null, result)), (error) => run.callback(() => cb(error)));
      return undefined;
    }
    destroy() {}
  }

  keepName(KinesisClient, 'KinesisClient');
  keepName(Command, 'Command');

  /** The aggregated client: `new Kinesis({...}).putRecord(input)`. */
  class Kinesis extends KinesisClient {}
  keepName(Kinesis, 'Kinesis');
  for (const operation of KINESIS_OPERATIONS) {
    Object.defineProperty(Kinesis.prototype, lowerFirst(operation), {
      value(input, optionsOrCallback, callback) {
        return this.send(new commands[`${operation}Command`](input), optionsOrCallback, callback);
      },
      writable: true, configurable: true,
    });
  }

  const waiter = (name) => async () => {
    throw new Error(unsupportedMessage(name));
  };
  const module = {
    KinesisClient, Kinesis, ...commands, ...exceptions,
    waitUntilStreamExists: waiter('waitUntilStreamExists'),
    waitForStreamExists: waiter('waitForStreamExists'),
    waitUntilStreamNotExists: waiter('waitUntilStreamNotExists'),
    EncryptionType: { KMS: 'KMS', NONE: 'NONE' },
    StreamStatus: { ACTIVE: 'ACTIVE', CREATING: 'CREATING', DELETING: 'DELETING', UPDATING: 'UPDATING' },
    StreamMode: { ON_DEMAND: 'ON_DEMAND', PROVISIONED: 'PROVISIONED' },
    ShardIteratorType: { AFTER_SEQUENCE_NUMBER: 'AFTER_SEQUENCE_NUMBER', AT_SEQUENCE_NUMBER: 'AT_SEQUENCE_NUMBER', AT_TIMESTAMP: 'AT_TIMESTAMP', LATEST: 'LATEST', TRIM_HORIZON: 'TRIM_HORIZON' },
    __esModule: true,
  };
  return module;
}

// ---- AWS SDK for JavaScript v2 ----------------------------------------------------------------

/** The v2 input shapes of the two operations (apis/kinesis-2013-12-02.min.json). */
const V2_SHAPES = {
  putRecord: {
    type: 'structure', required: ['Data', 'PartitionKey'],
    members: { StreamName: {}, Data: { type: 'binary' }, PartitionKey: {}, ExplicitHashKey: {}, SequenceNumberForOrdering: {}, StreamARN: {} },
  },
  putRecords: {
    type: 'structure', required: ['Records'],
    members: {
      Records: { type: 'list', member: { type: 'structure', required: ['Data', 'PartitionKey'], members: { Data: { type: 'binary' }, ExplicitHashKey: {}, PartitionKey: {} } } },
      StreamName: {}, StreamARN: {},
    },
  },
};

/** An error as v2's AWS.util.error makes it: `code`, `name` = code, `time`. */
function v2Error(message, fields, now) {
  const error = new Error(message);
  Object.assign(error, fields);
  Object.defineProperty(error, 'name', { value: String(fields.name || fields.code || 'Error'), writable: true, enumerable: false, configurable: true });
  Object.defineProperty(error, 'message', { enumerable: true });
  error.time = now();
  return error;
}

/** v2's ParamValidator (lib/param_validator.js) with its default {min: true}, for these shapes. */
export function v2Validate(shape, params, now) {
  const errors = [];
  const fail = (code, message) => errors.push(v2Error(message, { code }, now));
  const typeName = (type) => (typeof type === 'string' ? type : type.name);
  const validateType = (value, context, acceptedTypes, type) => {
    if (value === null || value === undefined) return false;
    for (const accepted of acceptedTypes) {
      if (typeof accepted === 'string' ? typeof value === accepted : (value instanceof accepted || Object.prototype.toString.call(value) === `[object ${accepted.name}]`)) return true;
    }
    let acceptedType = type;
    if (!acceptedType) acceptedType = acceptedTypes.map(typeName).join(', ').replace(/,([^,]+)$/, ', or$1');
    const vowel = /^[aeiou]/i.test(acceptedType) ? 'n' : '';
    fail('InvalidParameterType', `Expected ${context} to be a${vowel} ${acceptedType}`);
    return false;
  };
  const validatePayload = (value, context) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') return;
    if (value && typeof value.byteLength === 'number') return; // typed arrays, ArrayBuffer, DataView
    if (value && ['Buffer', 'Stream', 'File', 'Blob', 'ArrayBuffer', 'DataView'].includes(value.constructor?.name)) return;
    fail('InvalidParameterType', `Expected ${context} to be a string, Buffer, Stream, Blob, or typed array object`);
  };
  const validateMember = (memberShape, value, context) => {
    switch (memberShape.type) {
      case 'structure': return validateStructure(memberShape, value, context);
      case 'list':
        if (validateType(value, context, [Array])) value.forEach((item, i) => validateMember(memberShape.member, item, `${context}[${i}]`));
        return undefined;
      case 'binary': return validatePayload(value, context);
      case 'map':
        if (validateType(value, context, ['object'], 'map')) {
          for (const key of Object.keys(value)) validateMember(memberShape.value, value[key], `${context}['${key}']`);
        }
        return undefined;
      case 'boolean':
        validateType(value, context, ['boolean']);
        return undefined;
      default:
        if (value !== null) validateType(value, context, ['string']);
        return undefined;
    }
  };
  const validateStructure = (structure, value, context) => {
    validateType(value, context, ['object'], 'structure');
    if (value === null || value === undefined) return;
    for (const name of structure.required) {
      if (value[name] === undefined || value[name] === null) fail('MissingRequiredParameter', `Missing required key '${name}' in ${context}`);
    }
    for (const name in value) {
      if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
      const memberShape = structure.members[name];
      if (memberShape !== undefined) validateMember(memberShape, value[name], `${context}.${name}`);
      else if (value[name] !== undefined && value[name] !== null) fail('UnexpectedParameter', `Unexpected key '${name}' found in ${context}`);
    }
  };
  validateMember(shape, params ?? {}, 'params');
  if (errors.length > 1) {
    return v2Error(`There were ${errors.length} validation errors:\n* ${errors.join('\n* ')}`, { code: 'MultipleValidationErrors', errors }, now);
  }
  return errors[0] ?? null;
}

/** Data as v2 sends it: a string as UTF-8, binary as its bytes. */
function v2Bytes(data) {
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return encoder.encode(String(data));
}

/**
 * The `aws-sdk` (v2) module. `moreServices(kit)` adds services built on its Service and Request
 * (dynamodb.js's AWS.DynamoDB and AWS.DynamoDB.DocumentClient).
 */
export function makeV2(run, VirtualDate, moreServices = () => ({})) {
  const now = () => new VirtualDate();
  const serviceError = (code, message) => v2Error(message, {
    code, statusCode: 400, requestId: run.requestId(),
    retryable: code === 'ProvisionedThroughputExceededException', retryDelay: 0,
  }, now);

  const operations = {
    putRecord(params, line) {
      const stream = streamOf(params);
      if (stream === null) return { error: serviceError('ValidationException', validationMessage(NO_STREAM)) };
      const entry = [params.PartitionKey, v2Bytes(params.Data), params.ExplicitHashKey ?? null];
      const answer = put(run, stream, [entry], false, line);
      if (answer.Error) return { error: serviceError(answer.Error.Code, answer.Error.Message) };
      return { data: { ShardId: answer.ShardId, SequenceNumber: answer.SequenceNumber, EncryptionType: 'NONE' } };
    },
    putRecords(params, line) {
      const stream = streamOf(params);
      if (stream === null) return { error: serviceError('ValidationException', validationMessage(NO_STREAM)) };
      const entries = params.Records.map((r) => [r.PartitionKey, v2Bytes(r.Data), r.ExplicitHashKey ?? null]);
      const answer = put(run, stream, entries, true, line);
      if (answer.Error) return { error: serviceError(answer.Error.Code, answer.Error.Message) };
      return { data: { FailedRecordCount: answer.FailedRecordCount, Records: answer.Records, EncryptionType: 'NONE' } };
    },
  };

  /** AWS.Request: sent by a callback, .send() or .promise(); answers on a later turn. */
  class Request {
    constructor(service, operation, params) {
      this.service = service;
      this.operation = operation;
      this.params = params;
      this.httpRequest = { headers: {}, body: '' };
      Object.defineProperty(this, '_listeners', { value: { success: [], error: [], complete: [] } });
      Object.defineProperty(this, '_sent', { value: false, writable: true });
    }
    on(event, listener) {
      (this._listeners[event] ??= []).push(listener);
      return this;
    }
    onAsync(event, listener) { return this.on(event, listener); }
    abort() { return this; }
    createReadStream() { throw new Error(unsupportedMessage('createReadStream')); }
    eachPage(callback) { return this.send(callback); }
    send(callback) {
      if (this._sent) return this;
      this._sent = true;
      if (run.finished) return this;
      // The line of the call that made the request (DynamoDB's note it), else of the send.
      const line = this.callLine ?? run.callerLine();
      // The service's own shapes and operations (Kinesis's here, DynamoDB's from dynamodb.js).
      const api = this.service.api ?? { name: 'Kinesis', shapes: V2_SHAPES, operations, unsupported: unsupportedMessage };
      const invalid = api.shapes[this.operation] ? v2Validate(api.shapes[this.operation], this.params, now) : null;
      const attempt = () => {
        if (invalid) return { error: invalid };
        if (!api.operations[this.operation]) return { error: v2Error(api.unsupported(`AWS.${api.name}.${this.operation}`), { code: 'NotImplemented' }, now) };
        return api.operations[this.operation](this.params, line); // may throw RunEnded at the cap
      };
      // v2 retries a retryable error (throttling included) up to maxRetries (3) times, after
      // Math.random() × 2^retryCount × retryDelayOptions.base (100) ms (AWS.util.calculateRetryDelay).
      const { maxRetries = 3, retryDelayOptions = {} } = this.service.config;
      const base = Number(retryDelayOptions.base ?? 100);
      const settle = (outcome, retryCount) => {
        if (outcome.error?.retryable && retryCount < maxRetries) {
          const delay = run.rng.random() * 2 ** retryCount * base;
          outcome.error.retryDelay = delay;
          run.timers.setTimeout(() => run.guard(() => settle(attempt(), retryCount + 1)), delay);
          return;
        }
        this.respond(outcome, retryCount, callback);
      };
      settle(attempt(), 0);
      return this;
    }
    respond(outcome, retryCount, callback) {
      const response = { request: this, data: outcome.data ?? null, error: outcome.error ?? null, requestId: run.requestId(), retryCount, redirectCount: 0 };
      if (response.error) response.error.retryCount = retryCount;
      this.response = response;
      run.callback(() => {
        if (response.error) for (const listener of this._listeners.error) listener.call(response, response.error, response);
        else for (const listener of this._listeners.success) listener.call(response, response);
        for (const listener of this._listeners.complete) listener.call(response, response);
        if (typeof callback === 'function') callback.call(response, response.error, response.data);
      });
    }
    promise() {
      if (run.finished) return never();
      return new Promise((resolve, reject) => {
        this.send((error, data) => (error ? reject(error) : resolve(data)));
      });
    }
  }

  const globalConfig = {
    region: run.region,
    apiVersions: {},
    update(options) { Object.assign(this, options); },
    loadFromPath() { throw new Error('AWS.config.loadFromPath reads a file: not available in Shardlane; use AWS.config.update({...})'); },
    getCredentials(callback) { if (callback) run.callback(() => callback(null)); },
    setPromisesDependency() {},
  };

  class Service {
    constructor(options = {}) {
      const { update, loadFromPath, getCredentials, setPromisesDependency, ...defaults } = globalConfig;
      this.config = { ...defaults, ...options, update(more) { Object.assign(this, more); } };
      this.endpoint = { href: `https://kinesis.${this.config.region ?? run.region}.amazonaws.com/`, host: `kinesis.${this.config.region ?? run.region}.amazonaws.com` };
    }
  }
  class Kinesis extends Service {
    makeRequest(operation, params, callback) {
      const name = lowerFirst(String(operation));
      return typeof this[name] === 'function' ? this[name](params, callback) : new Request(this, name, params).send(callback);
    }
    waitFor(state, params, callback) {
      const request = new Request(this, `waitFor(${state})`, params);
      return typeof callback === 'function' ? request.send(callback) : request;
    }
  }
  for (const operation of KINESIS_OPERATIONS) {
    const name = lowerFirst(operation);
    Object.defineProperty(Kinesis.prototype, name, {
      value(params, callback) {
        if (typeof params === 'function') { callback = params; params = {}; }
        const request = new Request(this, name, params);
        return typeof callback === 'function' ? request.send(callback) : request;
      },
      writable: true, configurable: true,
    });
  }
  Kinesis.serviceIdentifier = 'kinesis';
  keepName(Kinesis, 'Kinesis');
  keepName(Service, 'Service');
  keepName(Request, 'Request');

  /** A service other than Kinesis: constructing it works, calling it says what to do instead. */
  const otherService = (serviceName) => ({ [serviceName]: class extends Service {
    constructor(options) {
      super(options);
      return new Proxy(this, {
        get(target, key) {
          if (typeof key !== 'string' || key in target) return Reflect.get(target, key);
          return () => { throw new Error(`Shardlane simulates Kinesis only: AWS.${serviceName}.${key} is not available; replace its result with a literal`); };
        },
      });
    }
  } })[serviceName];

  const noop = (name) => ({ [name]: class { constructor(...args) { Object.assign(this, typeof args[0] === 'object' ? args[0] : {}); } get() {} getPromise() { return Promise.resolve(); } } })[name];
  const AWS = {
    config: globalConfig,
    Kinesis,
    Request,
    Service,
    Config: class Config { constructor(options) { Object.assign(this, options); } update(options) { Object.assign(this, options); } },
    Credentials: noop('Credentials'),
    SharedIniFileCredentials: noop('SharedIniFileCredentials'),
    EnvironmentCredentials: noop('EnvironmentCredentials'),
    EC2MetadataCredentials: noop('EC2MetadataCredentials'),
    ECSCredentials: noop('ECSCredentials'),
    ChainableTemporaryCredentials: noop('ChainableTemporaryCredentials'),
    TemporaryCredentials: noop('TemporaryCredentials'),
    WebIdentityCredentials: noop('WebIdentityCredentials'),
    CredentialProviderChain: noop('CredentialProviderChain'),
    Endpoint: class Endpoint { constructor(url) { this.href = String(url); } },
    HttpClient: noop('HttpClient'),
    VERSION: '2.1692.0',
    util: { uuid: { v4: () => run.rng.uuid4() }, base64: { encode: (s) => Buffer.from(s).toString('base64'), decode: (s) => Buffer.from(s, 'base64') } },
  };
  Object.assign(AWS, moreServices({ Service, Request, now, v2Error, lowerFirst }));
  // AWS.S3, AWS.SQS, ...: any other capitalised name is a service Shardlane does not simulate.
  return new Proxy(AWS, {
    get(target, key) {
      if (key in target || typeof key !== 'string') return Reflect.get(target, key);
      if (/^[A-Z]/.test(key)) { target[key] = otherService(key); return target[key]; }
      return undefined;
    },
  });
}
