// expect: INSERT INSERT INSERT MODIFY REMOVE
// keys: c1/1 c2/1 c3/1 c1/1 c2/1
// shards: s0*2 s1 s0*2
// SDK v2's DocumentClient: batchWrite (a delete of a missing item writes nothing) and transactWrite.
const AWS = require('aws-sdk');

const doc = new AWS.DynamoDB.DocumentClient();
async function main() {
  await doc.batchWrite({ RequestItems: { orders: [
    { PutRequest: { Item: { customer: 'c1', at: 1, total: 10 } } },
    { PutRequest: { Item: { customer: 'c2', at: 1 } } },
    { DeleteRequest: { Key: { customer: 'c9', at: 1 } } },
  ] } }).promise();
  await doc.transactWrite({ TransactItems: [
    { Put: { TableName: 'orders', Item: { customer: 'c3', at: 1 } } },
    { Update: { TableName: 'orders', Key: { customer: 'c1', at: 1 }, UpdateExpression: 'SET total = :t', ExpressionAttributeValues: { ':t': 12 } } },
    { Delete: { TableName: 'orders', Key: { customer: 'c2', at: 1 } } },
  ] }).promise();
}
main();
