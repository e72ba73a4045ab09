// aws-sdk v2 checks params before sending: missing, unexpected and mistyped keys never reach AWS.
const AWS = require("aws-sdk");
const kinesis = new AWS.Kinesis();

const attempts = [
  { StreamName: "s", Data: "no key" },
  { StreamName: "s", PartitionKey: 42, Data: "numeric key" },
  { StreamName: "s", PartitionKey: "k", Data: "x", Partitionkey: "typo" },
  { StreamName: "s", PartitionKey: "k", Data: { not: "bytes" } },
  { StreamName: "s", PartitionKey: "ok", Data: "fine" },
];

attempts.forEach((params, i) => {
  kinesis.putRecord(params, (err, data) => {
    if (err) console.log(`${i}: ${err.code} | ${err.name} | ${err.message}`);
    else console.log("ROUTE", JSON.stringify(params.PartitionKey), data.ShardId, data.SequenceNumber);
  });
});

kinesis.putRecords({ StreamName: "s", Records: [{ Data: "a" }, { PartitionKey: 7 }] }).promise()
  .catch((err) => console.log(`batch: ${err.code}: ${err.message}`));
