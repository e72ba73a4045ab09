import boto3

kinesis = boto3.client("kinesis", region_name="us-east-1")

for i in range(20):
    kinesis.put_record(
        StreamName="clicks",
        Data=f"event-{i}",
        PartitionKey=str(i % 4),
    )
