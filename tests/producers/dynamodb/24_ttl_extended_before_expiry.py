# args: --ttl-attribute expires
# expect: INSERT INSERT MODIFY REMOVE
# keys: kept/1 dropped/1 kept/1 dropped/1
# shards: s0*4
# A session whose expiry is pushed back before it passes is not deleted; the other one is, by TTL.
import time

import boto3

sessions = boto3.resource("dynamodb").Table("orders")
now = int(time.time())
sessions.put_item(Item={"customer": "kept", "at": 1, "expires": now + 60})
sessions.put_item(Item={"customer": "dropped", "at": 1, "expires": now + 60})
time.sleep(30)
sessions.update_item(Key={"customer": "kept", "at": 1}, UpdateExpression="SET expires = :e",
                     ExpressionAttributeValues={":e": now + 3600})
time.sleep(60)
