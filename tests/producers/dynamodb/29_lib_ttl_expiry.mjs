// args: --ttl-attribute expires
// expect: INSERT INSERT INSERT REMOVE REMOVE
// keys: s1/1 s2/1 s3/1 s1/1 s2/1
// shards: s0 s1*2 s0 s1
// Sessions that expire in 30 s, 90 s and an hour; two virtual minutes later TTL has deleted two.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'timers/promises';

const sessions = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const now = Math.floor(Date.now() / 1000);
for (const [customer, ttl] of [['s1', 30], ['s2', 90], ['s3', 3600]]) {
  await sessions.send(new PutCommand({ TableName: 'orders', Item: { customer, at: 1, expires: now + ttl } }));
}
await sleep(120_000);
