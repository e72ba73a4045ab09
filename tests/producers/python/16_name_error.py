import boto3

kinesis = boto3.client("kinesis")
kinesis.put_record(StreamName="s", Data="first", PartitionKey="a")
kinesis.put_record(StreamName="s", Data=payload, PartitionKey="b")
