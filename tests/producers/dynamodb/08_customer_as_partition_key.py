# args: --parallelization-factor 10
# expect: INSERT*20
# Seed 001: with the customer id as partition key, each customer's events stay in one lane, in order.
import boto3

events = boto3.resource("dynamodb").Table("orders")
for n in range(20):
    events.put_item(Item={"customer": "customer-%d" % (n % 4), "at": n, "type": "event-%d" % n})
