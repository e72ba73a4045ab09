# DynamoDB Streams: Time to Live deletions. The table's TTL attribute is expires_at (epoch
# seconds). Three sessions expire in 30 s, 90 s and an hour; one is extended. The code then
# advances the virtual clock by two minutes: TTL deletes the expired items, and each deletion
# is a REMOVE stream record whose userIdentity is the DynamoDB service (how a function tells a
# TTL deletion from the application's own DeleteItem). When AWS deletes an expired item is a
# model here: at once ("typically within a few days" in AWS's words).
import time

import boto3

sessions = boto3.resource("dynamodb").Table("sessions")
now = int(time.time())
sessions.put_item(Item={"session_id": "s-1", "user": "ana", "expires_at": now + 30})
sessions.put_item(Item={"session_id": "s-2", "user": "bo", "expires_at": now + 90})
sessions.put_item(Item={"session_id": "s-3", "user": "cy", "expires_at": now + 3600})
# s-3 stays signed in: a MODIFY.
sessions.update_item(
    Key={"session_id": "s-3"},
    UpdateExpression="SET expires_at = :t",
    ExpressionAttributeValues={":t": now + 7200},
)
time.sleep(120)
# The same item again changes nothing: DynamoDB Streams writes no record for it.
sessions.put_item(Item={"session_id": "s-3", "user": "cy", "expires_at": now + 7200})
