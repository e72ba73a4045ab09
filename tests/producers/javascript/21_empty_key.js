// An empty partition key: AWS refuses the call with a ValidationException, uncaught here.
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({});
const events = [{ user: "u1" }, { user: "" }, { user: "u3" }];

(async () => {
  for (const event of events) {
    const out = await client.send(new PutRecordCommand({ StreamName: "users", PartitionKey: event.user, Data: JSON.stringify(event) }));
    console.log("ROUTE", JSON.stringify(event.user), out.ShardId, out.SequenceNumber);
  }
})();
