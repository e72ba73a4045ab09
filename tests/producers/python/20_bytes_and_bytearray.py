import boto3

kinesis = boto3.client("kinesis")
kinesis.put_record(StreamName="raw", Data=bytes([0, 1, 2, 255]), PartitionKey="bin")
kinesis.put_record(StreamName="raw", Data=bytearray(b"abc"), PartitionKey="bin")
kinesis.put_record(StreamName="raw", Data="text é", PartitionKey="txt")
