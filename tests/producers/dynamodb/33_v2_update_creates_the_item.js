// expect: INSERT MODIFY MODIFY
// keys: page-views/1*3
// shards: s0*3
// SDK v2's DocumentClient.update on a missing item creates it; ADD changes it each time; a REMOVE
// of an attribute it does not have writes nothing.
const AWS = require('aws-sdk');

const counters = new AWS.DynamoDB.DocumentClient();
(async () => {
  for (let i = 0; i < 3; i += 1) {
    await counters.update({ TableName: 'orders', Key: { customer: 'page-views', at: 1 }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } }).promise();
  }
  await counters.update({ TableName: 'orders', Key: { customer: 'page-views', at: 1 }, UpdateExpression: 'REMOVE coupon' }).promise();
})();
