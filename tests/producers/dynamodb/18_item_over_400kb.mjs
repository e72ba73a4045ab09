// expect: INSERT
// keys: c1/2
// shards: s0
// refused: 1
// refused-with: ValidationException: Item size has exceeded the maximum allowed size
// The same 400 KB limit through lib-dynamodb's DocumentClient.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
await doc.send(new PutCommand({ TableName: 'orders', Item: { customer: 'c1', at: 1, blob: 'x'.repeat(400 * 1024) } }));
await doc.send(new PutCommand({ TableName: 'orders', Item: { customer: 'c1', at: 2, blob: 'small' } }));
