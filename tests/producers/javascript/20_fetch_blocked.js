// Records fetched from an HTTP API before they are put: the playground has no network.
const { KinesisClient, PutRecordsCommand } = require("@aws-sdk/client-kinesis");

const client = new KinesisClient({});

async function main() {
  console.log("fetching orders");
  const response = await fetch("https://api.example.com/orders?since=1h");
  const orders = await response.json();
  await client.send(new PutRecordsCommand({
    StreamName: "orders",
    Records: orders.map((o) => ({ PartitionKey: o.id, Data: JSON.stringify(o) })),
  }));
}

main();
