// AWS SDK v2 with node-style callbacks, as in the SDK's developer guide examples.
var AWS = require('aws-sdk');
AWS.config.update({ region: 'us-east-1' });

var kinesis = new AWS.Kinesis({ apiVersion: '2013-12-02' });

var orders = [
  { orderId: 'A-1001', amount: 25 },
  { orderId: 'A-1002', amount: 40 },
  { orderId: 'A-1003', amount: 15 },
];

function putOrder(i) {
  if (i >= orders.length) {
    console.log('all orders sent');
    return;
  }
  var order = orders[i];
  var params = {
    Data: JSON.stringify(order),
    PartitionKey: order.orderId,
    StreamName: 'orders',
  };
  kinesis.putRecord(params, function (err, data) {
    if (err) {
      console.log(err, err.stack);
    } else {
      console.log('ROUTE', JSON.stringify(order.orderId), data.ShardId, data.SequenceNumber);
      putOrder(i + 1);
    }
  });
  console.log('sent', order.orderId);
}

putOrder(0);
