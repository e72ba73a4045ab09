# Partition-key strategy: one key per entity (customer, device, order). Records of an entity stay
# in order on one shard and lane; many entities spread the load and the concurrency.
import json
import random
import boto3

kinesis = boto3.client("kinesis")
customers = [f"customer-{n}" for n in range(40)]
kinesis.put_records(
    StreamName="my-stream",
    Records=[
        {"PartitionKey": customer, "Data": json.dumps({"customer": customer, "n": n})}
        for n, customer in enumerate(random.choice(customers) for _ in range(300))
    ],
)
