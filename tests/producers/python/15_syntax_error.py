import boto3

kinesis = boto3.client("kinesis")
for i in range(3)
    kinesis.put_record(StreamName="s", Data="x", PartitionKey=str(i))
