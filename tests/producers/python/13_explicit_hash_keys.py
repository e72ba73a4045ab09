import boto3

kinesis = boto3.client("kinesis")
space = 2 ** 128
for i in range(4):
    kinesis.put_record(
        StreamName="pinned",
        Data=b"pinned",
        PartitionKey="ignored-for-routing",
        ExplicitHashKey=str(i * space // 4),
    )
