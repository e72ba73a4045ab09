// Explicit hash keys spread records evenly over the shards, whatever their partition keys.
import { KinesisClient, PutRecordsCommand, InvalidArgumentException } from "@aws-sdk/client-kinesis";

const client = new KinesisClient({});
const SHARDS = 4n;
const STEP = (1n << 128n) / SHARDS;

const records = [];
for (let i = 0n; i < 8n; i++) {
  const hashKey = (i % SHARDS) * STEP + i;
  records.push({ PartitionKey: "same-key", ExplicitHashKey: hashKey.toString(), Data: `record ${i}` });
}
const result = await client.send(new PutRecordsCommand({ StreamName: "balanced", Records: records }));
result.Records.forEach((r, i) => console.log("ROUTE", `#${records[i].ExplicitHashKey}`, r.ShardId, r.SequenceNumber));

try {
  await client.send(new PutRecordsCommand({
    StreamName: "balanced",
    Records: [{ PartitionKey: "too-big", ExplicitHashKey: (1n << 128n).toString(), Data: "x" }],
  }));
} catch (error) {
  console.log(error instanceof InvalidArgumentException, error.name, error.message);
}
