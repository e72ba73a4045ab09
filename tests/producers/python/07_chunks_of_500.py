import json
import boto3

def chunks(items, size=500):
    for start in range(0, len(items), size):
        yield items[start:start + size]

kinesis = boto3.client("kinesis")
rows = [{"sensor": s % 17, "reading": s * 0.5} for s in range(1200)]
for chunk in chunks(rows):
    response = kinesis.put_records(
        StreamName="sensors",
        Records=[{"Data": json.dumps(r), "PartitionKey": f"sensor-{r['sensor']}"} for r in chunk],
    )
    print(len(chunk), response["FailedRecordCount"])
