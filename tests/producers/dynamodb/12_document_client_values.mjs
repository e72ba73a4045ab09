// expect: INSERT MODIFY
// keys: c1/1*2
// shards: s0*2
// lib-dynamodb marshalls JavaScript values: numbers → N, Set of strings → SS, null → NULL,
// arrays → L, objects → M; an update of the same values writes nothing.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
await doc.send(new PutCommand({
  TableName: 'orders',
  Item: { customer: 'c1', at: 1, total: 19.5, tags: new Set(['gift', 'new']), note: null, lines: [{ sku: 'A-1', qty: 2 }] },
}));
await doc.send(new UpdateCommand({
  TableName: 'orders', Key: { customer: 'c1', at: 1 },
  UpdateExpression: 'SET total = :t', ExpressionAttributeValues: { ':t': 19.5 },
}));
await doc.send(new UpdateCommand({
  TableName: 'orders', Key: { customer: 'c1', at: 1 },
  UpdateExpression: 'ADD visits :one', ExpressionAttributeValues: { ':one': 1 },
}));
