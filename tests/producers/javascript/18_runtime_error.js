// A typo in a method name: two records are sent, then a TypeError stops the producer.
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const kinesis = new KinesisClient({ region: "us-east-1" });

async function sendBatch(items) {
  for (const [index, item] of items.entries()) {
    if (index === 2) {
      await kinesis.sendd(new PutRecordCommand({ StreamName: "s", PartitionKey: item, Data: item }));
    }
    await kinesis.send(new PutRecordCommand({ StreamName: "s", PartitionKey: item, Data: item }));
    console.log("sent", item);
  }
}

sendBatch(["a", "b", "c", "d"]);
