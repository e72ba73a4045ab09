// AWS SDK v3, CommonJS: a batch of events sent with PutRecords in chunks of 500 (the API limit).
const { KinesisClient, PutRecordsCommand } = require("@aws-sdk/client-kinesis");

const kinesis = new KinesisClient({ region: "us-east-1" });
const STREAM = "clickstream";

function chunk(items, size) {
  const chunks = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

async function sendAll(events) {
  let sent = 0;
  for (const batch of chunk(events, 500)) {
    const records = batch.map((event) => ({
      PartitionKey: `user-${event.userId}`,
      Data: new TextEncoder().encode(JSON.stringify(event)),
    }));
    const result = await kinesis.send(new PutRecordsCommand({ StreamName: STREAM, Records: records }));
    sent += batch.length - result.FailedRecordCount;
    console.log(`batch of ${batch.length}: ${result.FailedRecordCount} failed`);
    result.Records.forEach((entry, i) => {
      console.log("ROUTE", JSON.stringify(records[i].PartitionKey), entry.ShardId, entry.SequenceNumber);
    });
  }
  return sent;
}

const events = Array.from({ length: 1200 }, (_, i) => ({ userId: i % 7, page: `/p/${i}` }));
sendAll(events).then((sent) => console.log(`sent ${sent} records`));
