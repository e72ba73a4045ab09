# args: --partitions 1
# expect: INSERT*700
# min-shards: 3
# Seed 001: a burst of 2-KB writes (2 write units each) passes 1,000 units in one second, so the
# partition splits (a model): its stream shard closes and two children take the later writes.
import time

import boto3

table = boto3.resource("dynamodb").Table("orders")
blob = "x" * 2000
for i in range(600):
    table.put_item(Item={"customer": "c%d" % i, "at": 1, "blob": blob})
time.sleep(1)
for i in range(100):
    table.put_item(Item={"customer": "c%d" % i, "at": 2})
