import boto3

kinesis = boto3.client("kinesis")
request = {
    "StreamName": "events",
    "Records": [{"Data": f"{i}".encode(), "PartitionKey": f"k{i}"} for i in range(8)],
}
kinesis.put_records(**request)
