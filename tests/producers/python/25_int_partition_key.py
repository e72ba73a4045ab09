import boto3

kinesis = boto3.client("kinesis")
kinesis.put_record(StreamName="s", Data="fine", PartitionKey="1")
kinesis.put_record(StreamName="s", Data="not fine", PartitionKey=2)
