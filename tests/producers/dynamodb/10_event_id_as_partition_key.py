# args: --parallelization-factor 10
# expect: INSERT*24
# Seed 001: with the event id as partition key, one customer's events land on different lanes
# (and partitions), so nothing keeps them in order; compare 08_customer_as_partition_key.py.
import uuid

import boto3

events = boto3.resource("dynamodb").Table("orders")
for n in range(24):
    events.put_item(Item={"customer": str(uuid.uuid4()), "at": n, "owner": "customer-%d" % (n % 3)})
