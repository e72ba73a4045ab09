// expect: INSERT INSERT
// keys: c1/1 c2/1
// shards: s0*2
// refused: 1
// refused-with: ConditionalCheckFailedException: The conditional request failed
// attribute_not_exists writes the first put only; the refused one writes nothing.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({ region: 'eu-west-1' });
for (const customer of ['c1', 'c1', 'c2']) {
  await client.send(new PutItemCommand({
    TableName: 'orders', Item: { customer: { S: customer }, at: { N: '1' } },
    ConditionExpression: 'attribute_not_exists(customer)',
  }));
}
