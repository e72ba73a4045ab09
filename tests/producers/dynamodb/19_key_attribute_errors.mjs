// expect: INSERT
// keys: c1/1
// shards: s0
// refused: 2
// refused-with: ValidationException: One or more parameter values were invalid: Missing the key at in the item|ValidationException: One or more parameter values were invalid: Type mismatch for key customer expected: S actual: N
// SDK v3 validates nothing on the client: DynamoDB refuses a missing sort key and a mistyped partition key.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'c1' } } }));
await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { N: '7' }, at: { N: '1' } } }));
await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'c1' }, at: { N: '1' } } }));
