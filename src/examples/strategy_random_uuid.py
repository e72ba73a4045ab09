# Partition-key strategy: a random UUID per record. Load spreads evenly over shards and lanes,
# but records of one entity no longer share a shard: no ordering between them.
import json
import uuid
import boto3

kinesis = boto3.client("kinesis")
kinesis.put_records(
    StreamName="my-stream",
    Records=[{"PartitionKey": str(uuid.uuid4()), "Data": json.dumps({"n": n})} for n in range(200)],
)
