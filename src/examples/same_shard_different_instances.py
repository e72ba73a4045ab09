# Question 1: "Records with the same partition key reach the same shard, but different Lambda
# instances. Why?" Each source keeps its shard, but execution environments are a shared pool:
# whichever is idle takes the next batch, from any shard. A trickle lets one warm environment
# serve every shard in turn; a burst then needs several environments at once.
import json
import time
import boto3

kinesis = boto3.client("kinesis")
sources = (100, 101, 102, 103)

for second in range(3):  # a trickle: one record a second
    for source in sources:
        kinesis.put_record(StreamName="my-stream", PartitionKey=str(source),
                           Data=json.dumps({"source": source, "second": second}))
        time.sleep(1)

for source in sources:  # a burst: all sources at once
    kinesis.put_record(StreamName="my-stream", PartitionKey=str(source),
                       Data=json.dumps({"source": source, "burst": True}))
