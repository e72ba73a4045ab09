import json
import boto3

events = [
    {"user_id": "u-1", "action": "login"},
    {"user_id": "u-2", "action": "view"},
    {"user_id": "u-1", "action": "buy"},
    {"user_id": "u-3", "action": "view"},
    {"user_id": "u-2", "action": "logout"},
]
kinesis = boto3.client("kinesis")
kinesis.put_records(
    StreamName="user-events",
    Records=[{"Data": json.dumps(e).encode("utf-8"), "PartitionKey": e["user_id"]} for e in events],
)
