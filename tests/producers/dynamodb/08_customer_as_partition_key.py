# args: --parallelization-factor 10
# expect: INSERT*20
# keys: customer-0/0 customer-1/1 customer-2/2 customer-3/3 customer-0/4 customer-1/5 customer-2/6 customer-3/7 customer-0/8 customer-1/9 customer-2/10 customer-3/11 customer-0/12 customer-1/13 customer-2/14 customer-3/15 customer-0/16 customer-1/17 customer-2/18 customer-3/19
# shards: s0 s1*2 s0*2 s1*2 s0*2 s1*2 s0*2 s1*2 s0*2 s1*2 s0
# Seed 001: with the customer id as partition key, each customer's events stay in one lane, in order.
import boto3

events = boto3.resource("dynamodb").Table("orders")
for n in range(20):
    events.put_item(Item={"customer": "customer-%d" % (n % 4), "at": n, "type": "event-%d" % n})
