# Partition-key strategy: one constant key. Every record hashes to the same shard and the same
# lane: one hot shard, the others idle, and concurrency 1 whatever the mapping says.
import json
import boto3

kinesis = boto3.client("kinesis")
kinesis.put_records(
    StreamName="my-stream",
    Records=[{"PartitionKey": "all-events", "Data": json.dumps({"n": n})} for n in range(200)],
)
