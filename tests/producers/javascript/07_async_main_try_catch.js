// An async main with try/catch around each send: a key over 256 characters is refused by
// Kinesis (the record was still sent, so it is in the table) and the producer carries on.
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({ region: "us-east-1" });

async function send(key, payload) {
  try {
    const out = await client.send(new PutRecordCommand({ StreamName: "events", PartitionKey: key, Data: JSON.stringify(payload) }));
    console.log("ROUTE", JSON.stringify(key), out.ShardId, out.SequenceNumber);
    return true;
  } catch (err) {
    console.error(`${err.name} (${err.$fault}, HTTP ${err.$metadata.httpStatusCode}): ${err.message}`);
    return false;
  }
}

async function main() {
  const results = [];
  results.push(await send("device-17", { on: true }));
  results.push(await send("x".repeat(257), { on: false }));
  results.push(await send("device-18", { on: true }));
  console.log(`ok: ${results.filter(Boolean).length}, failed: ${results.filter((r) => !r).length}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
