// expect: INSERT MODIFY REMOVE
// keys: c1/1*3
// shards: s0*3
// SDK v3's low-level client: the same put again, an update to the value already there and a delete
// of a missing item change nothing, so they write no stream record.
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: 'us-east-1' });
const key = { customer: { S: 'c1' }, at: { N: '1' } };
const setStatus = (status) => new UpdateItemCommand({
  TableName: 'orders', Key: key, UpdateExpression: 'SET #s = :s',
  ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: status } },
});
await client.send(new PutItemCommand({ TableName: 'orders', Item: { ...key, status: { S: 'new' } } }));
await client.send(new PutItemCommand({ TableName: 'orders', Item: { ...key, status: { S: 'new' } } }));
await client.send(setStatus('new'));
await client.send(new DeleteItemCommand({ TableName: 'orders', Key: { customer: { S: 'nobody' }, at: { N: '1' } } }));
await client.send(setStatus('paid'));
await client.send(new DeleteItemCommand({ TableName: 'orders', Key: key }));
