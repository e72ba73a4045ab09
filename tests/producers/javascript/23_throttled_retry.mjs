// One hot key, 1500 records in the same second: the shard takes 1000 records a second, the rest
// come back as ProvisionedThroughputExceededException entries and are retried a second later.
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";

const kinesis = new KinesisClient({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let pending = Array.from({ length: 1500 }, () => ({ PartitionKey: "one-key", Data: new Uint8Array(100) }));
for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
  const failed = [];
  for (let start = 0; start < pending.length; start += 500) {
    const chunk = pending.slice(start, start + 500);
    const response = await kinesis.send(new PutRecordsCommand({ StreamName: "busy", Records: chunk }));
    response.Records.forEach((entry, i) => {
      if (entry.ErrorCode) failed.push(chunk[i]);
      else console.log("ROUTE", JSON.stringify("one-key"), entry.ShardId, entry.SequenceNumber);
    });
    const firstError = response.Records.find((entry) => entry.ErrorCode);
    console.log(`attempt ${attempt} failed ${response.FailedRecordCount}${firstError ? ` ${firstError.ErrorCode}: ${firstError.ErrorMessage}` : ""}`);
  }
  pending = failed;
  await sleep(1000);
}
