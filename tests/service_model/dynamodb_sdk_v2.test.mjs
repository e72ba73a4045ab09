// The JavaScript SDK v2's DynamoDB stubs of www/js-engine/dynamodb.js, run through the engine's
// harness under Node: `new AWS.DynamoDB.DocumentClient()` writes JavaScript values as v2's
// Converter does (lib/dynamodb/converter.js: createSet → SS/NS/BS, binary → B, undefined left
// out), `new AWS.DynamoDB()` takes DynamoDB JSON, and both refuse bad input with v2's
// ParamValidator messages (lib/param_validator.js) before anything is recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProducer } from '../../www/js-engine/harness.js';

const OPTIONS = JSON.stringify({
  record_cap: 100000, clock_origin_ms: 0, seed: 5, shard_ids: ['shardId-000000000000'],
  shard_starts: ['0'], shard_ends: [String((1n << 128n) - 1n)],
});

async function run(code) {
  const answer = JSON.parse(await runProducer(code, OPTIONS));
  assert.equal(answer.error, null, JSON.stringify(answer.error));
  return answer;
}

const calls = (answer) => (answer.dynamodb_calls ?? []).map((c) => c.call);

test('DocumentClient: JavaScript values become DynamoDB JSON as v2 converts them', async () => {
  const answer = await run(`
const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
async function main() {
  const put = await doc.put({ TableName: 'orders', Item: {
    customer: 'c1', at: 1, total: 19.9, paid: false, note: null, gone: undefined,
    tags: doc.createSet(['gift', 'new']), sizes: doc.createSet([1, 2]), raw: Buffer.from([0, 1]),
    lines: [{ sku: 'A-1', qty: 2 }], native: new Set(['x']),
  } }).promise();
  console.log(JSON.stringify(put));
  await doc.update({ TableName: 'orders', Key: { customer: 'c1', at: 1 }, UpdateExpression: 'SET s = :s',
    ExpressionAttributeValues: { ':s': 'paid' } }).promise();
  doc.delete({ TableName: 'orders', Key: { customer: 'c1', at: 1 } }, (error, data) => console.log(error, JSON.stringify(data)));
  const batch = await doc.batchWrite({ RequestItems: { orders: [
    { PutRequest: { Item: { customer: 'c2', at: 2 } } }, { DeleteRequest: { Key: { customer: 'c3', at: 3 } } },
  ] } }).promise();
  console.log(JSON.stringify(batch));
  await doc.transactWrite({ TransactItems: [
    { Put: { TableName: 'orders', Item: { customer: 'c4', at: 4 } } },
    { Update: { TableName: 'orders', Key: { customer: 'c2', at: 2 }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 5 } } },
  ] }).promise();
}
main();
`);
  assert.deepEqual(calls(answer), [
    { PutItem: { TableName: 'orders', Item: {
      customer: { S: 'c1' }, at: { N: '1' }, total: { N: '19.9' }, paid: { BOOL: false }, note: { NULL: true },
      tags: { SS: ['gift', 'new'] }, sizes: { NS: ['1', '2'] }, raw: { B: 'AAE=' },
      lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] }, native: {},
    } } },
    { UpdateItem: { TableName: 'orders', Key: { customer: { S: 'c1' }, at: { N: '1' } }, UpdateExpression: 'SET s = :s',
      ExpressionAttributeValues: { ':s': { S: 'paid' } } } },
    { DeleteItem: { TableName: 'orders', Key: { customer: { S: 'c1' }, at: { N: '1' } } } },
    { BatchWriteItem: { RequestItems: { orders: [
      { PutRequest: { Item: { customer: { S: 'c2' }, at: { N: '2' } } } },
      { DeleteRequest: { Key: { customer: { S: 'c3' }, at: { N: '3' } } } },
    ] } } },
    { TransactWriteItems: { TransactItems: [
      { Put: { TableName: 'orders', Item: { customer: { S: 'c4' }, at: { N: '4' } } } },
      { Update: { TableName: 'orders', Key: { customer: { S: 'c2' }, at: { N: '2' } }, UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '5' } } } },
    ] } },
  ]);
  assert.deepEqual(answer.dynamodb_calls.map((c) => c.line), [5, 11, 13, 14, 18]);
  assert.match(answer.console, /^\{\}\nnull \{\}\n\{"UnprocessedItems":\{\}\}\n$/);
});

test('AWS.DynamoDB: DynamoDB JSON, callbacks and promises; require("aws-sdk/clients/dynamodb")', async () => {
  const answer = await run(`
const DynamoDB = require('aws-sdk/clients/dynamodb');
const ddb = new DynamoDB({ region: 'eu-west-1' });
ddb.putItem({ TableName: 'orders', Item: { customer: { S: 'c1' }, at: { N: '1' }, raw: { B: 'hi' } } }, (error, data) => {
  console.log(error, JSON.stringify(data), ddb.endpoint.host);
  ddb.deleteItem({ TableName: 'orders', Key: { customer: { S: 'c1' }, at: { N: '1' } } }).promise().then(() => console.log('deleted'));
});
`);
  assert.deepEqual(calls(answer), [
    // v2 sends a blob given as a string as its UTF-8 in base64.
    { PutItem: { TableName: 'orders', Item: { customer: { S: 'c1' }, at: { N: '1' }, raw: { B: 'aGk=' } } } },
    { DeleteItem: { TableName: 'orders', Key: { customer: { S: 'c1' }, at: { N: '1' } } } },
  ]);
  assert.equal(answer.console, 'null {} dynamodb.eu-west-1.amazonaws.com\ndeleted\n');
});

test("v2's ParamValidator refuses bad input with its own messages and records nothing", async () => {
  const answer = await run(`
const AWS = require('aws-sdk');
const ddb = new AWS.DynamoDB();
const doc = new AWS.DynamoDB.DocumentClient();
const tries = [
  () => doc.put({ TableName: 'orders' }),
  () => ddb.putItem({ TableName: 'orders', Item: { customer: 'c1' } }),
  () => ddb.deleteItem({ TableName: 'orders', Key: { at: { N: 1 } }, Extra: 1 }),
  () => doc.transactWrite({ TransactItems: [{ Update: { TableName: 'orders', Key: { customer: 'c1' } } }] }),
  () => ddb.getItem({ TableName: 'orders', Key: {} }),
  () => ddb.putItem({ TableName: 'orders', Item: { customer: { X: 'c1' } } }),
];
(async () => {
  for (const attempt of tries) {
    try { await attempt().promise(); console.log('sent'); } catch (error) { console.log(error.code + ': ' + error.message); }
  }
  try { doc.createSet([{}]); } catch (error) { console.log(error.code + ': ' + error.message); }
})();
`);
  assert.deepEqual(calls(answer), []);
  assert.equal(answer.console, [
    "MissingRequiredParameter: Missing required key 'Item' in params",
    'MultipleValidationErrors: There were 3 validation errors:',
    "* InvalidParameterType: Expected params.Item['customer'] to be a structure",
    "* UnexpectedParameter: Unexpected key '0' found in params.Item['customer']",
    "* UnexpectedParameter: Unexpected key '1' found in params.Item['customer']",
    'MultipleValidationErrors: There were 2 validation errors:',
    "* InvalidParameterType: Expected params.Key['at'].N to be a string",
    "* UnexpectedParameter: Unexpected key 'Extra' found in params",
    "MissingRequiredParameter: Missing required key 'UpdateExpression' in params.TransactItems[0].Update",
    'NotImplemented: Shardlane simulates DynamoDB writes only: AWS.DynamoDB.getItem is not available; replace its result with a literal',
    "UnexpectedParameter: Unexpected key 'X' found in params.Item['customer']",
    'InvalidSetType: Sets can contain string, number, or binary values',
    '',
  ].join('\n'));
});
