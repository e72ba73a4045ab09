// Keys hashed from user ids with crypto.createHash (sha256, sha1, md5), as privacy-minded producers do.
const crypto = require("crypto");
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

const kinesis = new KinesisClient({ region: "us-east-1" });
const users = ["alice@example.com", "bob@example.com", "carol@example.com"];

async function main() {
  for (const email of users) {
    const key = crypto.createHash("sha256").update(email).digest("hex");
    const res = await kinesis.send(new PutRecordCommand({ StreamName: "signups", PartitionKey: key, Data: JSON.stringify({ email }) }));
    console.log("ROUTE", JSON.stringify(key), res.ShardId, res.SequenceNumber);
  }
  const short = crypto.createHash("sha1").update("alice@example.com", "utf8").digest("base64");
  const legacy = crypto.createHash("md5").update(Buffer.from("bob@example.com")).digest("hex");
  for (const key of [short, legacy]) {
    const res = await kinesis.send(new PutRecordCommand({ StreamName: "signups", PartitionKey: key, Data: "{}" }));
    console.log("ROUTE", JSON.stringify(key), res.ShardId, res.SequenceNumber);
  }
  console.log(crypto.createHmac("sha256", "secret").update("alice").digest("hex"));
}

main();
