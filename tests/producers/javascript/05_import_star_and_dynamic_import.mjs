// `import * as`, a default import, and a dynamic import() of the aggregated v3 client.
import * as kinesisSdk from "@aws-sdk/client-kinesis";
import AWSv2 from "aws-sdk";

const client = new kinesisSdk.KinesisClient({});
const first = await client.send(new kinesisSdk.PutRecordCommand({
  StreamName: "mixed",
  PartitionKey: "star-import",
  Data: "from import *",
}));
console.log("ROUTE", JSON.stringify("star-import"), first.ShardId, first.SequenceNumber);

const { Kinesis } = await import("@aws-sdk/client-kinesis");
const aggregated = new Kinesis({ region: "us-west-2" });
const second = await aggregated.putRecord({ StreamName: "mixed", PartitionKey: "dynamic-import", Data: "from import()" });
console.log("ROUTE", JSON.stringify("dynamic-import"), second.ShardId, second.SequenceNumber);

const legacy = new AWSv2.Kinesis();
const third = await legacy.putRecord({ StreamName: "mixed", PartitionKey: "default-import", Data: "from v2" }).promise();
console.log("ROUTE", JSON.stringify("default-import"), third.ShardId, third.SequenceNumber);
console.log(typeof kinesisSdk.PutRecordsCommand, first instanceof Object, "$metadata" in second, "$metadata" in third);
