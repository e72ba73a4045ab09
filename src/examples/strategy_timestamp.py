# Partition-key strategy: the timestamp. All records of one second share a key, so each second
# lands on one shard: a hot shard that moves over time.
import json
import time
from datetime import datetime
import boto3

kinesis = boto3.client("kinesis")
for n in range(60):
    kinesis.put_record(
        StreamName="my-stream",
        PartitionKey=datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S"),
        Data=json.dumps({"n": n}),
    )
    time.sleep(0.1)
