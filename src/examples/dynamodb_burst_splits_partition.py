# DynamoDB Streams: a burst that splits a partition. The table starts with one partition (a
# setting). 600 writes of 2-KB items (2 write units each) in one second pass the 1,000 write
# units a partition takes, so it splits in two (a model): its stream shard closes and two child
# shards take the later writes. Lambda reads a parent shard to its end before its children
# (parents before children), so each item's changes stay in order across the split.
import time

import boto3

table = boto3.resource("dynamodb").Table("orders")
blob = "x" * 2000
for i in range(600):
    table.put_item(Item={"customer_id": "c-%03d" % i, "blob": blob})
time.sleep(1)
for i in range(100):
    table.update_item(
        Key={"customer_id": "c-%03d" % i},
        UpdateExpression="SET paid = :yes",
        ExpressionAttributeValues={":yes": True},
    )
