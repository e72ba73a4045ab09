// Data as Buffer (utf8, hex, base64), Uint8Array, TextEncoder output and a DataView.
const { KinesisClient, PutRecordsCommand } = require("@aws-sdk/client-kinesis");
const { Buffer } = require("buffer");

const client = new KinesisClient({});
const header = new Uint8Array([0xca, 0xfe, 0x00, 0x01]);
const view = new DataView(new ArrayBuffer(4));
view.setUint32(0, 1767225600);

const records = [
  { PartitionKey: "utf8", Data: Buffer.from("héllo wörld") },
  { PartitionKey: "hex", Data: Buffer.from("deadbeef", "hex") },
  { PartitionKey: "base64", Data: Buffer.from("c2hhcmRsYW5l", "base64") },
  { PartitionKey: "bytes", Data: header },
  { PartitionKey: "encoder", Data: new TextEncoder().encode("✓ ok") },
  { PartitionKey: "dataview", Data: view },
  { PartitionKey: "concat", Data: Buffer.concat([header.subarray(0, 2), Buffer.from("!")]) },
];

client.send(new PutRecordsCommand({ StreamName: "binary", Records: records })).then((out) => {
  out.Records.forEach((r, i) => console.log("ROUTE", JSON.stringify(records[i].PartitionKey), r.ShardId, r.SequenceNumber));
  console.log(Buffer.from("hi").toString("base64"), Buffer.byteLength("héllo wörld"), records[0].Data);
});
