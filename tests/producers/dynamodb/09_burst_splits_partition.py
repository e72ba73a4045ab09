# args: --partitions 1
# expect: INSERT*700
# keys: c{0..599}/1 c{0..99}/2
# shards: s0*600 s1*3 s2 s1 s2*4 s1 s2 s1 s2 s1 s2 s1*2 s2 s1 s2 s1*5 s2 s1*2 s2*2 s1 s2 s1*3 s2*4 s1 s2 s1*3 s2*3 s1*4 s2*3 s1*2 s2 s1 s2*2 s1*2 s2*2 s1*2 s2*3 s1 s2*2 s1 s2*8 s1 s2*3 s1*3 s2*3 s1*2 s2 s1 s2 s1*2 s2 s1
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
