// Random keys from the uuid package and crypto.randomUUID(), spread over the shards.
const { v4: uuidv4, validate } = require("uuid");
const { randomUUID } = require("node:crypto");
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({});

(async () => {
  for (let i = 0; i < 10; i++) {
    const key = i % 2 === 0 ? uuidv4() : randomUUID();
    const out = await client.send(new PutRecordCommand({ StreamName: "uuid-keys", PartitionKey: key, Data: `event ${i}` }));
    console.log("ROUTE", JSON.stringify(key), out.ShardId, out.SequenceNumber);
    if (!validate(key)) console.log("not a uuid", key);
  }
  const webKey = crypto.randomUUID();
  await client.send(new PutRecordCommand({ StreamName: "uuid-keys", PartitionKey: webKey, Data: "web crypto" }));
  console.log("done");
})();
