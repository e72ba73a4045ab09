// AWS SDK v2 service client module with .promise() and async/await.
const Kinesis = require('aws-sdk/clients/kinesis');

const kinesis = new Kinesis({ region: 'eu-west-1' });

async function publish(events) {
  const params = {
    StreamName: 'audit-log',
    Records: events.map((event) => ({
      Data: JSON.stringify(event),
      PartitionKey: event.tenant,
    })),
  };
  const result = await kinesis.putRecords(params).promise();
  console.log(`FailedRecordCount: ${result.FailedRecordCount}`);
  result.Records.forEach((record, i) => console.log('ROUTE', JSON.stringify(params.Records[i].PartitionKey), record.ShardId, record.SequenceNumber));
  const single = await kinesis.putRecord({ StreamName: 'audit-log', PartitionKey: 'tenant-c', Data: 'login' }).promise();
  console.log('ROUTE', JSON.stringify('tenant-c'), single.ShardId, single.SequenceNumber);
  console.log(Object.keys(single).join(','));
}

publish([
  { tenant: 'tenant-a', action: 'create' },
  { tenant: 'tenant-b', action: 'delete' },
]).catch((err) => {
  console.error('failed', err);
  process.exit(1);
});
