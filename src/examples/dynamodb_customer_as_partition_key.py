# DynamoDB Streams, seed question: "events for the same customer ID are processed in order?"
# The table's partition key is customer_id (sort key: event_time). Every change of one customer
# has the same partition key, so it goes to the same stream shard (one per table partition, a
# model) and, under ParallelizationFactor 10, the same lane: the customer's events are processed
# one after another, in the order they were written, while other customers run in parallel.
import time

import boto3

table = boto3.resource("dynamodb").Table("customer_events")
events = ["CustomerCreated", "CustomerAddressChanged", "OrderPlaced", "OrderShipped"]
for step, event in enumerate(events):
    for customer in ["c-1", "c-2", "c-3", "c-4", "c-5", "c-6"]:
        table.put_item(Item={
            "customer_id": customer,
            "event_time": step,
            "type": event,
        })
    time.sleep(0.5)
