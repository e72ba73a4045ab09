// Keys outside ASCII: Kinesis hashes their UTF-8 bytes.
import { KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";

const client = new KinesisClient({});
const cities = ["São Paulo", "Zürich", "東京", "Київ", "🚀-launch", "naïve café"];

const sends = cities.map(async (city) => {
  const out = await client.send(new PutRecordCommand({ StreamName: "cities", PartitionKey: city, Data: `hello ${city}` }));
  return [city, out];
});
for (const [city, out] of await Promise.all(sends)) {
  console.log("ROUTE", JSON.stringify(city), out.ShardId, out.SequenceNumber);
}
console.log(cities.map((c) => `${c}:${c.length}:${new TextEncoder().encode(c).length}`).join(" "));
