# args: --ttl-attribute expires
# expect: INSERT INSERT INSERT REMOVE REMOVE
# keys: s1/1 s2/1 s3/1 s1/1 s2/1
# shards: s0 s1*2 s0 s1
# Sessions that expire in 30 s, 90 s and an hour: two minutes later TTL has deleted the first two.
import time

import boto3

sessions = boto3.resource("dynamodb").Table("orders")
now = int(time.time())
sessions.put_item(Item={"customer": "s1", "at": 1, "expires": now + 30})
sessions.put_item(Item={"customer": "s2", "at": 1, "expires": now + 90})
sessions.put_item(Item={"customer": "s3", "at": 1, "expires": now + 3600})
time.sleep(120)
