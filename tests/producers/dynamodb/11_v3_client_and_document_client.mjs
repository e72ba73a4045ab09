// expect: INSERT MODIFY INSERT INSERT REMOVE
// keys: c1/1*2 c2/1 c3/1 c1/1
// shards: s0*3 s1 s0
import { DynamoDBClient, PutItemCommand, UpdateItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient({ region: 'us-east-1' });
const doc = DynamoDBDocumentClient.from(client);
await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'c1' }, at: { N: '1' } } }));
await client.send(new UpdateItemCommand({ TableName: 'orders', Key: { customer: { S: 'c1' }, at: { N: '1' } },
  UpdateExpression: 'SET paid = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } }));
await new Promise((resolve) => setTimeout(resolve, 5000));
await doc.send(new PutCommand({ TableName: 'orders', Item: { customer: 'c2', at: 1, tags: new Set(['a']), n: null, list: [1, 'x'] } }));
await doc.send(new BatchWriteCommand({ RequestItems: { orders: [
  { PutRequest: { Item: { customer: 'c3', at: 1 } } },
  { DeleteRequest: { Key: { customer: 'c1', at: 1 } } },
] } }));
