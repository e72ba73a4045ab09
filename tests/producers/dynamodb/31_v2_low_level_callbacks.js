// expect: INSERT MODIFY REMOVE
// keys: c1/1*3
// shards: s0*3
// SDK v2's low-level client with nested callbacks: put, a no-op update, a real update, a delete of a
// missing item, then the delete.
const AWS = require('aws-sdk');

AWS.config.update({ region: 'eu-west-1' });
const ddb = new AWS.DynamoDB({ apiVersion: '2012-08-10' });
const key = { customer: { S: 'c1' }, at: { N: '1' } };
const set = (n) => ({ TableName: 'orders', Key: key, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: n } } });
ddb.putItem({ TableName: 'orders', Item: { ...key, n: { N: '1' } } }, (err) => {
  if (err) throw err;
  ddb.updateItem(set('1.0'), () => {
    ddb.updateItem(set('2'), () => {
      ddb.deleteItem({ TableName: 'orders', Key: { customer: { S: 'c2' }, at: { N: '1' } } }, () => {
        ddb.deleteItem({ TableName: 'orders', Key: key }, (error) => console.log('done', error));
      });
    });
  });
});
