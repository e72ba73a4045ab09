// A missing closing parenthesis: nothing runs, the error points at the line.
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({});
for (let i = 0; i < 3; i++ {
  client.send(new PutRecordCommand({ StreamName: "s", PartitionKey: String(i), Data: "x" }));
}
