// args: --ttl-attribute expires
// expect: INSERT INSERT REMOVE
// keys: a/1 b/1 a/1
// shards: s0 s1 s0
// refused: 1
// A transaction whose condition fails writes nothing; an item whose TTL passes is deleted by TTL.
const { DynamoDBClient, TransactWriteItemsCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});
async function main() {
  const soon = String(Math.floor(Date.now() / 1000) + 10);
  await client.send(new TransactWriteItemsCommand({ TransactItems: [
    { Put: { TableName: 'orders', Item: { customer: { S: 'a' }, at: { N: '1' } } } },
    { ConditionCheck: { TableName: 'orders', Key: { customer: { S: 'zz' }, at: { N: '1' } }, ConditionExpression: 'attribute_exists(customer)' } },
  ] }));
  await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'a' }, at: { N: '1' }, expires: { N: soon } } }));
  await client.send(new PutItemCommand({ TableName: 'orders', Item: { customer: { S: 'b' }, at: { N: '1' } } }));
  await new Promise((resolve) => setTimeout(resolve, 60_000));
}
main();
