// expect: INSERT MODIFY INSERT REMOVE
// keys: c1/1*2 c2/2*2
// shards: s0*4
// The JavaScript SDK v2: a DocumentClient with callbacks and .promise(), and the low-level client.
const AWS = require('aws-sdk');

const doc = new AWS.DynamoDB.DocumentClient({ region: 'us-east-1' });
const ddb = new AWS.DynamoDB();

async function main() {
  await doc.put({ TableName: 'orders', Item: { customer: 'c1', at: 1, tags: doc.createSet(['gift']) } }).promise();
  await doc.update({
    TableName: 'orders',
    Key: { customer: 'c1', at: 1 },
    UpdateExpression: 'SET #s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': 'paid' },
  }).promise();
  await ddb.putItem({ TableName: 'orders', Item: { customer: { S: 'c2' }, at: { N: '2' } } }).promise();
  doc.delete({ TableName: 'orders', Key: { customer: 'c2', at: 2 } }, (error) => {
    if (error) throw error;
  });
}
main();
