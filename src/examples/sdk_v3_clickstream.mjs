// A Node.js producer with the AWS SDK v3: one record per click, keyed by user, sent in
// PutRecords batches every 200 ms. Each user's clicks stay in order on one shard and one lane;
// different users spread over 4 shards × ParallelizationFactor 2 = 8 lanes.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const users = ['ana', 'ben', 'chen', 'dev', 'eve', 'fatima', 'goran', 'hana'];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

for (let second = 0; second < 5; second++) {
  const clicks = users.map((user, n) => ({
    user,
    page: `/product/${(second * 7 + n) % 12}`,
    at: new Date().toISOString(),
  }));
  const { FailedRecordCount } = await kinesis.send(new PutRecordsCommand({
    StreamName: 'clickstream',
    Records: clicks.map((click) => ({
      PartitionKey: click.user,
      Data: Buffer.from(JSON.stringify(click)),
    })),
  }));
  console.log(`batch ${second}: ${clicks.length} clicks, ${FailedRecordCount} failed`);
  await sleep(200);
}
