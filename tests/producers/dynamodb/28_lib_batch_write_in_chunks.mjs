// expect: INSERT*30
// keys: c0/0 c1/1 c2/2 c3/3 c4/4 c0/5 c1/6 c2/7 c3/8 c4/9 c0/10 c1/11 c2/12 c3/13 c4/14 c0/15 c1/16 c2/17 c3/18 c4/19 c0/20 c1/21 c2/22 c3/23 c4/24 c0/25 c1/26 c2/27 c3/28 c4/29
// shards: s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2
// lib-dynamodb has no batch writer: 30 puts sent as BatchWriteCommands of at most 25 requests.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const puts = Array.from({ length: 30 }, (_, i) => ({ PutRequest: { Item: { customer: `c${i % 5}`, at: i } } }));
for (let start = 0; start < puts.length; start += 25) {
  const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { orders: puts.slice(start, start + 25) } }));
  console.log(Object.keys(UnprocessedItems).length);
}
