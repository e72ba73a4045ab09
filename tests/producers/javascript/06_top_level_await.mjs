// Top-level await in an ES module, records built from an inline dataset.
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";

const kinesis = new KinesisClient({ region: "us-east-1" });

const trades = [
  { symbol: "AMZN", price: 181.2, qty: 10 },
  { symbol: "MSFT", price: 412.5, qty: 3 },
  { symbol: "AMZN", price: 181.4, qty: 7 },
  { symbol: "GOOG", price: 171.9, qty: 12 },
];

const { FailedRecordCount, Records } = await kinesis.send(
  new PutRecordsCommand({
    StreamName: "trades",
    Records: trades.map((trade) => ({ PartitionKey: trade.symbol, Data: Buffer.from(JSON.stringify(trade)) })),
  }),
);

console.log(`${trades.length - FailedRecordCount} of ${trades.length} trades written`);
Records.forEach((r, i) => console.log("ROUTE", JSON.stringify(trades[i].symbol), r.ShardId, r.SequenceNumber));
