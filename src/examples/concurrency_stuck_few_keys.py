# Question 3: "Why is my concurrency stuck at 2-3 with 4 shards x 10 concurrent batches?"
# Only three tenants send data, so only three (shard, lane) pairs ever hold records: one key
# always maps to one lane of one shard, whatever the shard count and ParallelizationFactor.
import json
import random
import time
import boto3

kinesis = boto3.client("kinesis")
tenants = ["tenant-a", "tenant-b", "tenant-c"]

for batch in range(20):
    kinesis.put_records(
        StreamName="events",
        Records=[
            {"PartitionKey": random.choice(tenants), "Data": json.dumps({"batch": batch, "n": n})}
            for n in range(50)
        ],
    )
    time.sleep(0.5)
