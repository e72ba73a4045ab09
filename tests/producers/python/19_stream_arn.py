import boto3

kinesis = boto3.client("kinesis")
arn = "arn:aws:kinesis:us-east-1:123456789012:stream/by-arn"
kinesis.put_records(StreamARN=arn, Records=[{"Data": b"1", "PartitionKey": "p1"}, {"Data": b"2", "PartitionKey": "p2"}])
