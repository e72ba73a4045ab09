# DynamoDB Streams, seed question: "Hash key is Event ID, range key a timestamp" — the same events
# as the customer example, but the partition key is the event's own id. One customer's events
# now have different partition keys, so they land in different table partitions and stream
# shards (a model) and nothing orders them: CustomerAddressChanged can be processed before
# CustomerCreated. Compare the "customer id as partition key" example.
import time

import boto3

table = boto3.resource("dynamodb").Table("customer_events")
events = ["CustomerCreated", "CustomerAddressChanged", "OrderPlaced", "OrderShipped"]
n = 0
for step, event in enumerate(events):
    for customer in ["c-1", "c-2", "c-3", "c-4", "c-5", "c-6"]:
        n += 1
        table.put_item(Item={
            "event_id": "evt-%04d" % n,
            "event_time": step,
            "customer_id": customer,
            "type": event,
        })
    time.sleep(0.5)
