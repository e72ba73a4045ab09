import time
import boto3

kinesis = boto3.client("kinesis")
pending = [{"Data": b"x" * 100, "PartitionKey": "one-key"} for _ in range(1500)]
attempt = 0
while pending and attempt < 5:
    for start in range(0, len(pending), 500):
        chunk = pending[start:start + 500]
        response = kinesis.put_records(StreamName="busy", Records=chunk)
        failed = [r for r, result in zip(chunk, response["Records"]) if "ErrorCode" in result]
        print("attempt", attempt, "failed", response["FailedRecordCount"])
    pending = failed
    attempt += 1
    time.sleep(1)
