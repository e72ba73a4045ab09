// An endless telemetry producer: setInterval every 200 ms, never cleared; the record cap stops it.
const AWS = require("aws-sdk");

const kinesis = new AWS.Kinesis({ region: "us-east-1" });
const regions = ["north", "south", "east", "west"];
let sent = 0;

setInterval(() => {
  const reading = { temp: Math.round((15 + Math.random() * 15) * 100) / 100, ts: Date.now() };
  const region = regions[sent % regions.length];
  kinesis.putRecord({ StreamName: "weather", PartitionKey: region, Data: JSON.stringify(reading) }, (err, data) => {
    if (err) throw err;
    console.log("ROUTE", JSON.stringify(region), data.ShardId, data.SequenceNumber);
  });
  sent++;
}, 200);

process.on("SIGINT", () => {
  console.log(`stopping after ${sent} records`);
  process.exit(0);
});
