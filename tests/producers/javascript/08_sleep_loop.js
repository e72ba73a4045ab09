// A polling producer: one record, then sleep 250 ms, with timestamps from the virtual clock.
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");
const { setTimeout: sleep } = require("timers/promises");
const { promisify } = require("util");

const client = new KinesisClient({});
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pause = promisify(setTimeout);

async function run() {
  const started = Date.now();
  for (let i = 0; i < 6; i++) {
    const event = { seq: i, at: new Date().toISOString() };
    await client.send(new PutRecordCommand({ StreamName: "heartbeat", PartitionKey: "node-a", Data: JSON.stringify(event) }));
    if (i % 3 === 0) await wait(250);
    else if (i % 3 === 1) await sleep(250);
    else await pause(250);
  }
  console.log(`elapsed ${Date.now() - started} ms, performance.now() = ${performance.now()}`);
}

run();
