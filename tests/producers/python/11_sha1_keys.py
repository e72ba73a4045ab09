import hashlib
import boto3

kinesis = boto3.client("kinesis")
for email in ["a@example.com", "b@example.com", "c@example.com", "a@example.com"]:
    key = hashlib.sha1(email.encode()).hexdigest()
    kinesis.put_record(StreamName="signups", Data=email, PartitionKey=key)
