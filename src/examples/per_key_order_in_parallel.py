# Question 2: "How do I keep per-key order but process keys concurrently?" Give each entity its
# own partition key and raise ParallelizationFactor (2-10): a shard then runs several batches at
# once, while every record of one key stays in one lane, in order.
import json
import boto3

kinesis = boto3.client("kinesis")
orders = [f"order-{n}" for n in range(1, 9)]

for step in ("created", "paid", "packed", "shipped"):
    kinesis.put_records(
        StreamName="orders",
        Records=[
            {"PartitionKey": order, "Data": json.dumps({"order": order, "step": step})}
            for order in orders
        ],
    )
