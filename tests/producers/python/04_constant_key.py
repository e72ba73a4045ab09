import boto3

kinesis = boto3.client("kinesis")
records = [{"Data": b"x" * 10, "PartitionKey": "constant"} for _ in range(50)]
kinesis.put_records(StreamName="hot", Records=records)
