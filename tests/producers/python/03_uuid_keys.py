import json
import uuid
import boto3

client = boto3.client("kinesis")
for n in range(10):
    payload = {"n": n, "id": str(uuid.uuid4())}
    client.put_record(StreamName="orders", Data=json.dumps(payload), PartitionKey=str(uuid.uuid4()))
