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

// ---- AWS SDK for JavaScript v2: AWS.DynamoDB and AWS.DynamoDB.DocumentClient -----------------

/** The v2 input shapes of the five writes (apis/dynamodb-2012-08-10.min.json), for ParamValidator. */
const AV = { type: 'structure', required: [], members: {} };
Object.assign(AV.members, {
  S: {}, N: {}, B: { type: 'binary' }, SS: { type: 'list', member: {} }, NS: { type: 'list', member: {} },
  BS: { type: 'list', member: { type: 'binary' } }, M: { type: 'map', value: AV }, L: { type: 'list', member: AV },
  NULL: { type: 'boolean' }, BOOL: { type: 'boolean' },
});
const AV_MAP = { type: 'map', value: AV };
const CONDITIONAL = {
  ConditionExpression: {}, ExpressionAttributeNames: { type: 'map', value: {} }, ExpressionAttributeValues: AV_MAP,
  ReturnValuesOnConditionCheckFailure: {},
};
const EXPECTED = {
  type: 'map',
  value: { type: 'structure', required: [], members: { Value: AV, Exists: { type: 'boolean' }, ComparisonOperator: {}, AttributeValueList: { type: 'list', member: AV } } },
};
const METRICS = { ReturnConsumedCapacity: {}, ReturnItemCollectionMetrics: {} };
const structure = (required, members) => ({ type: 'structure', required, members });
const V2_SHAPES = {
  putItem: structure(['TableName', 'Item'], {
    TableName: {}, Item: AV_MAP, Expected: EXPECTED, ReturnValues: {}, ...METRICS, ConditionalOperator: {}, ...CONDITIONAL,
  }),
  updateItem: structure(['TableName', 'Key'], {
    TableName: {}, Key: AV_MAP,
    AttributeUpdates: { type: 'map', value: structure([], { Value: AV, Action: {} }) },
    Expected: EXPECTED, ConditionalOperator: {}, ReturnValues: {}, ...METRICS, UpdateExpression: {}, ...CONDITIONAL,
  }),
  deleteItem: structure(['TableName', 'Key'], {
    TableName: {}, Key: AV_MAP, Expected: EXPECTED, ConditionalOperator: {}, ReturnValues: {}, ...METRICS, ...CONDITIONAL,
  }),
  batchWriteItem: structure(['RequestItems'], {
    RequestItems: {
      type: 'map',
      value: {
        type: 'list',
        member: structure([], {
          PutRequest: structure(['Item'], { Item: AV_MAP }),
          DeleteRequest: structure(['Key'], { Key: AV_MAP }),
        }),
      },
    },
    ...METRICS,
  }),
  transactWriteItems: structure(['TransactItems'], {
    TransactItems: {
      type: 'list',
      member: structure([], {
        ConditionCheck: structure(['Key', 'TableName', 'ConditionExpression'], { Key: AV_MAP, TableName: {}, ...CONDITIONAL }),
        Put: structure(['Item', 'TableName'], { Item: AV_MAP, TableName: {}, ...CONDITIONAL }),
        Delete: structure(['Key', 'TableName'], { Key: AV_MAP, TableName: {}, ...CONDITIONAL }),
        Update: structure(['Key', 'UpdateExpression', 'TableName'], { Key: AV_MAP, UpdateExpression: {}, TableName: {}, ...CONDITIONAL }),
      }),
    },
    ...METRICS, ClientRequestToken: {},
  }),
};

/** Low-level method name → the operation recorded. */
const V2_WRITES = { putItem: 'PutItem', updateItem: 'UpdateItem', deleteItem: 'DeleteItem', batchWriteItem: 'BatchWriteItem', transactWriteItems: 'TransactWriteItems' };
/** Reads and control-plane calls: there, but answered "not available". */
const V2_OTHERS = ['getItem', 'batchGetItem', 'query', 'scan', 'transactGetItems', 'executeStatement', 'batchExecuteStatement',
  'executeTransaction', 'describeTable', 'createTable', 'deleteTable', 'updateTable', 'listTables', 'updateTimeToLive',
  'describeTimeToLive', 'waitFor'];

const isBinary = (value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value);
function base64(value) {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value)
    : value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/** An AttributeValue as v2's JSON builder sends it: binary (bytes, or a string's UTF-8) in base64. */
function wireValue(av) {
  if (av === null || typeof av !== 'object' || Array.isArray(av)) return av;
  const out = { ...av };
  if (out.B !== undefined && out.B !== null) out.B = base64(out.B);
  if (Array.isArray(out.BS)) out.BS = out.BS.map(base64);
  if (out.M && typeof out.M === 'object') out.M = wireMap(out.M);
  if (Array.isArray(out.L)) out.L = out.L.map(wireValue);
  return out;
}
// A map member that is null or undefined is left out, as v2's JSON builder leaves it out.
const wireMap = (map) => (map && typeof map === 'object'
  ? Object.fromEntries(Object.entries(map).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, wireValue(v)]))
  : map);
function wireRequest(request) {
  if (!request || typeof request !== 'object') return request;
  const out = { ...request };
  for (const name of ['Item', 'Key', 'ExpressionAttributeValues']) if (name in out) out[name] = wireMap(out[name]);
  return out;
}
function wireParams(operation, params) {
  if (operation === 'BatchWriteItem') {
    return {
      ...params,
      RequestItems: Object.fromEntries(Object.entries(params.RequestItems ?? {}).map(([table, requests]) => [table,
        (requests ?? []).map((r) => ({ ...r, ...(r?.PutRequest ? { PutRequest: wireRequest(r.PutRequest) } : {}), ...(r?.DeleteRequest ? { DeleteRequest: wireRequest(r.DeleteRequest) } : {}) }))])),
    };
  }
  if (operation === 'TransactWriteItems') {
    return { ...params, TransactItems: (params.TransactItems ?? []).map((item) => Object.fromEntries(Object.entries(item ?? {}).map(([kind, r]) => [kind, wireRequest(r)]))) };
  }
  return wireRequest(params);
}

/** v2's DynamoDBSet (lib/dynamodb/set.js), made by `documentClient.createSet(list)`. */
class DynamoDBSet {
  constructor(list, options = {}) {
    this.wrapperName = 'Set';
    this.values = [].concat(list);
    this.type = SET_TYPES[v2TypeOf(this.values[0])];
    if (!this.type) throw Object.assign(new Error('Sets can contain string, number, or binary values'), { code: 'InvalidSetType' });
    if (options.validate) {
      for (const value of this.values) {
        if (SET_TYPES[v2TypeOf(value)] !== this.type) {
          throw Object.assign(new Error(`${this.type} Set contains ${v2TypeOf(value)} value`), { code: 'InvalidType' });
        }
      }
    }
  }
}
keepName(DynamoDBSet, 'Set');
const SET_TYPES = { String: 'String', Number: 'Number', Binary: 'Binary' };

/** v2's typeOf (lib/dynamodb/types.js): binary first, then the constructor's name. */
function v2TypeOf(value) {
  if (value === null) return 'null';
  if (value !== undefined && isBinary(value)) return 'Binary';
  if (value instanceof DynamoDBSet) return 'Set';
  if (value !== undefined && value !== null && value.constructor) return value.constructor.name;
  return 'undefined';
}

/** v2's Converter.input (lib/dynamodb/converter.js): a JavaScript value as an AttributeValue. */
function v2Input(value, options) {
  const type = v2TypeOf(value);
  if (type === 'Object') return { M: v2Map(value, options) };
  if (type === 'Array') return { L: value.map((v) => v2Input(v, options)) };
  if (type === 'Set') {
    // A DynamoDBSet; a native Set has no `type` and becomes an empty AttributeValue, as in v2.
    let values = Array.isArray(value.values) ? value.values : [];
    if (options.convertEmptyValues && value.type !== 'Number') {
      values = values.filter((v) => v.length !== 0);
      if (values.length === 0) return { NULL: true };
    }
    if (value.type === 'String') return { SS: values };
    if (value.type === 'Binary') return { BS: values };
    if (value.type === 'Number') return { NS: values.map(String) };
    return {};
  }
  if (type === 'String') return value.length === 0 && options.convertEmptyValues ? { NULL: true } : { S: value };
  if (type === 'Number' || type === 'BigInt') return { N: value.toString() };
  if (type === 'Binary') return (value.length === 0 || value.byteLength === 0) && options.convertEmptyValues ? { NULL: true } : { B: value };
  if (type === 'Boolean') return { BOOL: value };
  if (type === 'null') return { NULL: true };
  if (type !== 'undefined' && type !== 'Function') return { M: v2Map(value, options) };
  return undefined;
}
function v2Map(object, options) {
  const map = {};
  for (const key in object) {
    const formatted = v2Input(object[key], options);
    if (formatted !== undefined) map[key] = formatted;
  }
  return map;
}

/** The DocumentClient's translation of a request's attribute-value members (translator.js). */
function v2Translate(operation, params, options) {
  if (!params || typeof params !== 'object') return params;
  const map = (m) => (m && typeof m === 'object' ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v2Input(v, options) ?? null])) : m);
  const request = (r) => {
    if (!r || typeof r !== 'object') return r;
    const out = { ...r };
    for (const name of ['Item', 'Key', 'ExpressionAttributeValues']) if (name in out) out[name] = map(out[name]);
    return out;
  };
  if (operation === 'batchWriteItem') {
    return {
      ...params,
      RequestItems: params.RequestItems && typeof params.RequestItems === 'object'
        ? Object.fromEntries(Object.entries(params.RequestItems).map(([table, requests]) => [table, Array.isArray(requests)
          ? requests.map((r) => (r && typeof r === 'object' ? Object.fromEntries(Object.entries(r).map(([kind, x]) => [kind, request(x)])) : r))
          : requests]))
        : params.RequestItems,
    };
  }
  if (operation === 'transactWriteItems') {
    return {
      ...params,
      TransactItems: Array.isArray(params.TransactItems)
        ? params.TransactItems.map((item) => (item && typeof item === 'object' ? Object.fromEntries(Object.entries(item).map(([kind, x]) => [kind, request(x)])) : item))
        : params.TransactItems,
    };
  }
  return request(params);
}

/** AWS.DynamoDB and AWS.DynamoDB.DocumentClient for the v2 module of kinesis.js's makeV2. */
export function makeDynamoDbV2(run, kit) {
  const { Service, Request } = kit;
  const operations = Object.fromEntries(Object.entries(V2_WRITES).map(([method, operation]) => [method, (params, line) => {
    record(run, operation, wireParams(operation, params), line); // throws RunEnded at the cap
    return { data: operation === 'BatchWriteItem' ? { UnprocessedItems: {} } : {} };
  }]));
  const unsupported = (what) => `Shardlane simulates DynamoDB writes only: ${what} is not available; replace its result with a literal`;

  class DynamoDB extends Service {
    constructor(options) {
      super(options);
      const region = this.config.region ?? run.region;
      this.endpoint = { href: `https://dynamodb.${region}.amazonaws.com/`, host: `dynamodb.${region}.amazonaws.com` };
    }
    makeRequest(operation, params, callback) {
      const name = kit.lowerFirst(String(operation));
      return typeof this[name] === 'function' ? this[name](params, callback) : new Request(this, name, params).send(callback);
    }
  }
  Object.defineProperty(DynamoDB.prototype, 'api', { value: { name: 'DynamoDB', shapes: V2_SHAPES, operations, unsupported } });
  for (const name of [...Object.keys(V2_WRITES), ...V2_OTHERS]) {
    Object.defineProperty(DynamoDB.prototype, name, {
      value(params, callback) {
        if (typeof params === 'function') { callback = params; params = {}; }
        const request = new Request(this, name, params);
        // The caller's line: `doc.put({...})`'s, not that of a later `.promise()` on another line.
        Object.defineProperty(request, 'callLine', { value: run.callerLine() });
        return typeof callback === 'function' ? request.send(callback) : request;
      },
      writable: true, configurable: true,
    });
  }
  DynamoDB.serviceIdentifier = 'dynamodb';
  keepName(DynamoDB, 'DynamoDB');

  /** lib/dynamodb/document_client.js: JavaScript values translated, then the low-level call. */
  class DocumentClient {
    constructor(options = {}) {
      this.options = options;
      this.service = options.service ?? new DynamoDB(options);
    }
    createSet(list, options) { return new DynamoDBSet(list, options); }
    makeServiceRequest(method, params, callback) {
      const translated = v2Translate(method, params, { convertEmptyValues: Boolean(this.options.convertEmptyValues) });
      const request = this.service[method](translated);
      return typeof callback === 'function' ? request.send(callback) : request;
    }
  }
  const documentMethods = {
    put: 'putItem', update: 'updateItem', delete: 'deleteItem', batchWrite: 'batchWriteItem', transactWrite: 'transactWriteItems',
    get: 'getItem', batchGet: 'batchGetItem', query: 'query', scan: 'scan', transactGet: 'transactGetItems',
  };
  for (const [name, method] of Object.entries(documentMethods)) {
    Object.defineProperty(DocumentClient.prototype, name, {
      value(params, callback) { return this.makeServiceRequest(method, params, callback); },
      writable: true, configurable: true,
    });
  }
  keepName(DocumentClient, 'DocumentClient');
  DynamoDB.DocumentClient = DocumentClient;
  DynamoDB.Converter = {
    input: (value, options = {}) => v2Input(value, options),
    marshall: (value, options = {}) => v2Input(value, options)?.M,
  };
  return { DynamoDB };
}
