// Fake data from a package the playground does not have.
import { KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { faker } from "@faker-js/faker";

const client = new KinesisClient({});
await client.send(new PutRecordCommand({ StreamName: "s", PartitionKey: faker.string.uuid(), Data: faker.lorem.sentence() }));
