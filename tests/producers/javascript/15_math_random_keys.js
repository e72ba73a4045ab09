// Keys from Math.random(): a bounded set of partitions chosen at random for each record.
const { KinesisClient, PutRecordsCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({ region: "us-east-1" });
const PARTITIONS = 10;

function randomPartitionKey() {
  return `partition-${Math.floor(Math.random() * PARTITIONS)}`;
}

const records = [];
for (let i = 0; i < 200; i++) {
  records.push({ PartitionKey: randomPartitionKey(), Data: JSON.stringify({ i, value: Math.random() }) });
}

client
  .send(new PutRecordsCommand({ StreamName: "random", Records: records }))
  .then((res) => {
    res.Records.forEach((r, i) => console.log("ROUTE", JSON.stringify(records[i].PartitionKey), r.ShardId, r.SequenceNumber));
    console.log("failed:", res.FailedRecordCount);
  })
  .catch((err) => console.error(err));
