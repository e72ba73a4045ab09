// A producer class that buffers events and flushes them with PutRecords, with a timer-driven flush.
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";

class KinesisProducer {
  #buffer = [];

  constructor(streamName, { batchSize = 3, flushIntervalMs = 1000 } = {}) {
    this.client = new KinesisClient({ region: "us-east-1", maxAttempts: 5 });
    this.streamName = streamName;
    this.batchSize = batchSize;
    this.timer = setInterval(() => this.flush(), flushIntervalMs);
  }

  async publish(event) {
    this.#buffer.push({ PartitionKey: event.accountId, Data: Buffer.from(JSON.stringify(event)) });
    if (this.#buffer.length >= this.batchSize) await this.flush();
  }

  async flush() {
    if (this.#buffer.length === 0) return;
    const records = this.#buffer.splice(0);
    const response = await this.client.send(new PutRecordsCommand({ StreamName: this.streamName, Records: records }));
    response.Records.forEach((r, i) => console.log("ROUTE", JSON.stringify(records[i].PartitionKey), r.ShardId, r.SequenceNumber));
    console.log(`flushed ${records.length} at ${Date.now() % 100000}`);
  }

  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}

const producer = new KinesisProducer("payments");
for (let i = 0; i < 4; i++) await producer.publish({ accountId: `acct-${i % 2}`, amount: 10 * i });
await new Promise((resolve) => setTimeout(resolve, 1500));
await producer.publish({ accountId: "acct-9", amount: 99 });
await producer.close();
