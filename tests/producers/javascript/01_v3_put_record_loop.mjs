// AWS SDK v3, ES module: one PutRecord per sensor reading, awaited in turn.
import { KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";

const client = new KinesisClient({ region: process.env.AWS_REGION });
const STREAM_NAME = process.env.STREAM_NAME || "sensor-readings";

const readings = [
  { sensorId: "sensor-1", temperature: 21.5 },
  { sensorId: "sensor-2", temperature: 19.0 },
  { sensorId: "sensor-3", temperature: 23.25 },
  { sensorId: "sensor-1", temperature: 21.75 },
];

for (const reading of readings) {
  const command = new PutRecordCommand({
    StreamName: STREAM_NAME,
    PartitionKey: reading.sensorId,
    Data: Buffer.from(JSON.stringify(reading)),
  });
  const response = await client.send(command);
  console.log("ROUTE", JSON.stringify(reading.sensorId), response.ShardId, response.SequenceNumber);
  console.log(`status ${response.$metadata.httpStatusCode}, attempts ${response.$metadata.attempts}`);
}
