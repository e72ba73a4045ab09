import boto3
from botocore.exceptions import ClientError

kinesis = boto3.client("kinesis")
try:
    kinesis.put_records(StreamName="s", Records=[{"Data": "a", "PartitionKey": ""}, {"Data": "b", "PartitionKey": "k" * 257}])
except ClientError as error:
    print(error.response["Error"]["Code"])
kinesis.put_record(StreamName="s", Data="ok", PartitionKey="k" * 256)
