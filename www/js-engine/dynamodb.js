// The stub DynamoDB SDKs for JavaScript: `@aws-sdk/client-dynamodb` (v3: DynamoDBClient with
// PutItemCommand, UpdateItemCommand, DeleteItemCommand, BatchWriteItemCommand,
// TransactWriteItemsCommand) and `@aws-sdk/lib-dynamodb` (DynamoDBDocumentClient with PutCommand,
// UpdateCommand, DeleteCommand, BatchWriteCommand, TransactWriteCommand, JavaScript values
// marshalled as @aws-sdk/util-dynamodb does). Each write is recorded with its source line and the
// virtual clock, as www/python-engine/dynamodb.py records Python's, and answered as
// `dynamodb_calls`; the Rust core (src/dynamodb/writes.rs) runs them on the table. DynamoDB's own
// answers (a refused item, a failed condition) are decided there, after the script.

import { keepName } from './kinesis.js';
import { RunEnded } from './runtime.js';

const OPERATIONS = {
  PutItem: 'PutItem',
  UpdateItem: 'UpdateItem',
  DeleteItem: 'DeleteItem',
  BatchWriteItem: 'BatchWriteItem',
  TransactWriteItems: 'TransactWriteItems',
};

// The request members the core reads (ReturnValues and the like change nothing in the stream).
const KEPT = ['TableName', 'Item', 'Key', 'UpdateExpression', 'ConditionExpression', 'ExpressionAttributeNames',
  'ExpressionAttributeValues', 'RequestItems', 'TransactItems'];

function record(run, operation, input, line) {
  if (run.dynamodbCalls.length >= run.cap) throw run.reachCap();
  run.calls += 1;
  const request = {};
  for (const name of KEPT) if (input?.[name] !== undefined) request[name] = input[name];
  // Recorded as JSON now: later changes to the caller's objects do not reach the call.
  run.dynamodbCalls.push({ call: { [operation]: JSON.parse(JSON.stringify(request)) }, clock_ms: run.clockMs, line });
}

const metadata = (run) => ({ httpStatusCode: 200, requestId: run.requestId(), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 });

function commandClasses(names) {
  class Command {
    constructor(input) { this.input = input; }
  }
  const classes = {};
  for (const [name, operation] of names) {
    classes[name] = { [name]: class extends Command {} }[name];
    Object.defineProperty(classes[name], 'operation', { value: operation });
  }
  return classes;
}

/** `client.send(command)`: records the call synchronously (so the line is the caller's). */
function sender(run, convert) {
  return function send(command, optionsOrCallback, callback) {
    const cb = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
    let answer;
    const operation = command?.constructor?.operation;
    if (!operation) {
      answer = Promise.reject(new TypeError('client.send() takes a command, e.g. new PutItemCommand({...})'));
    } else {
      const line = run.callerLine();
      try {
        record(run, operation, convert(operation, command.input ?? {}), line);
        const result = { $metadata: metadata(run) };
        if (operation === 'BatchWriteItem') result.UnprocessedItems = {};
        answer = Promise.resolve(result);
      } catch (error) {
        if (error instanceof RunEnded) throw error;
        answer = Promise.reject(error);
      }
    }
    if (typeof cb !== 'function') return answer;
    answer.then((result) => run.callback(() => cb(null, result)), (error) => run.callback(() => cb(error)));
    return undefined;
  };
}

export function makeDynamoDbV3(run) {
  const commands = commandClasses(Object.keys(OPERATIONS).map((op) => [`${op}Command`, op]));
  class DynamoDBClient {
    constructor(configuration = {}) {
      const region = configuration.region ?? run.region;
      this.config = { ...configuration, region: typeof region === 'function' ? region : async () => region, serviceId: 'DynamoDB' };
    }
    destroy() {}
  }
  DynamoDBClient.prototype.send = sender(run, (operation, input) => input);
  keepName(DynamoDBClient, 'DynamoDBClient');
  return new Proxy({ DynamoDBClient, ...commands }, {
    get(target, key) {
      if (key in target || typeof key !== 'string' || key === 'then') return target[key];
      return () => { throw new Error(`Shardlane simulates DynamoDB writes only: ${key} is not available; replace its result with a literal`); };
    },
  });
}

/** A JavaScript value as DynamoDB JSON, as @aws-sdk/util-dynamodb's marshall writes it. */
export function marshallValue(value) {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Special numeric value ${value} is not allowed`);
    if (!Number.isSafeInteger(value) && Number.isInteger(value)) {
      throw new Error(`Number ${value} is greater than Number.MAX_SAFE_INTEGER. Use BigInt.`);
    }
    return { N: String(value) };
  }
  if (typeof value === 'bigint') return { N: value.toString() };
  if (value instanceof Uint8Array) return { B: btoa(String.fromCharCode(...value)) };
  if (value instanceof Set) {
    const members = [...value];
    if (members.length === 0) throw new Error('Pass a non-empty set, or options.convertEmptyValues=true.');
    if (members.every((m) => typeof m === 'string')) return { SS: members };
    if (members.every((m) => typeof m === 'number' || typeof m === 'bigint')) return { NS: members.map(String) };
    if (members.every((m) => m instanceof Uint8Array)) return { BS: members.map((m) => marshallValue(m).B) };
    throw new Error('Only Number Set (NS), Binary Set (BS) or String Set (SS) are allowed.');
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined).map(marshallValue) };
  if (typeof value === 'object') return { M: marshallMap(value) };
  throw new Error(`Unsupported type passed: ${value}. Pass options.convertClassInstanceToMap=true to marshall typeof object as map attribute.`);
}

function marshallMap(object) {
  const map = {};
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) {
      throw new Error('Pass options.removeUndefinedValues=true to remove undefined values from map/array/set.');
    }
    map[name] = marshallValue(value);
  }
  return map;
}

/** A lib-dynamodb input in DynamoDB JSON: Item, Key and ExpressionAttributeValues marshalled. */
function marshallInput(input) {
  const out = { ...input };
  for (const name of ['Item', 'Key', 'ExpressionAttributeValues']) {
    if (out[name] && typeof out[name] === 'object') out[name] = marshallMap(out[name]);
  }
  return out;
}

function marshallDocumentInput(operation, input) {
  if (operation === 'BatchWriteItem') {
    const requestItems = {};
    for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
      requestItems[table] = (requests ?? []).map((r) => (r.PutRequest
        ? { PutRequest: { Item: marshallMap(r.PutRequest.Item ?? {}) } }
        : { DeleteRequest: { Key: marshallMap(r.DeleteRequest?.Key ?? {}) } }));
    }
    return { ...input, RequestItems: requestItems };
  }
  if (operation === 'TransactWriteItems') {
    return {
      ...input,
      TransactItems: (input.TransactItems ?? []).map((item) => Object.fromEntries(
        Object.entries(item).map(([kind, request]) => [kind, marshallInput(request)]))),
    };
  }
  return marshallInput(input);
}

export function makeDocumentClientV3(run) {
  const commands = commandClasses([
    ['PutCommand', 'PutItem'], ['UpdateCommand', 'UpdateItem'], ['DeleteCommand', 'DeleteItem'],
    ['BatchWriteCommand', 'BatchWriteItem'], ['TransactWriteCommand', 'TransactWriteItems'],
  ]);
  class DynamoDBDocumentClient {
    constructor(client, translateConfig) { this.client = client; this.translateConfig = translateConfig; this.config = client?.config; }
    static from(client, translateConfig) { return new DynamoDBDocumentClient(client, translateConfig); }
    destroy() {}
  }
  DynamoDBDocumentClient.prototype.send = sender(run, marshallDocumentInput);
  keepName(DynamoDBDocumentClient, 'DynamoDBDocumentClient');
  return new Proxy({ DynamoDBDocumentClient, ...commands }, {
    get(target, key) {
      if (key in target || typeof key !== 'string' || key === 'then') return target[key];
      return () => { throw new Error(`Shardlane simulates DynamoDB writes only: ${key} is not available; replace its result with a literal`); };
    },
  });
}
