import boto3

kinesis = boto3.client("kinesis")
kinesis.put_records(StreamName="s", Records=[
    {"Data": "a", "PartitionKey": "a"},
    {"Data": "b", "PartitionKey": "b", "ExplicitHashKey": str(2 ** 128)},
])
