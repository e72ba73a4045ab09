// expect: INSERT INSERT MODIFY REMOVE INSERT
// keys: c1/1 c2/1 c1/1 c2/1 c3/1
// shards: s0*4 s1
// refused: 1
// refused-with: TransactionCanceledException
// TransactWriteItemsCommand: one record per item the transaction changes; a cancelled one writes none.
import { DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
const key = (customer) => ({ customer: { S: customer }, at: { N: '1' } });
await client.send(new PutItemCommand({ TableName: 'orders', Item: { ...key('c1'), total: { N: '10' } } }));
await client.send(new PutItemCommand({ TableName: 'orders', Item: key('c2') }));
await client.send(new TransactWriteItemsCommand({ TransactItems: [
  { Update: { TableName: 'orders', Key: key('c1'), UpdateExpression: 'SET total = total + :d', ExpressionAttributeValues: { ':d': { N: '5' } } } },
  { Delete: { TableName: 'orders', Key: key('c2') } },
  { Put: { TableName: 'orders', Item: key('c3') } },
] }));
await client.send(new TransactWriteItemsCommand({ TransactItems: [
  { Put: { TableName: 'orders', Item: key('c4') } },
  { Update: { TableName: 'orders', Key: key('c1'), UpdateExpression: 'SET total = :t', ConditionExpression: 'total < :t', ExpressionAttributeValues: { ':t': { N: '1' } } } },
] }));
