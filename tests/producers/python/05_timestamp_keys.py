import time
from datetime import datetime
import boto3

kinesis = boto3.client("kinesis")
for _ in range(6):
    now = datetime.now()
    kinesis.put_record(StreamName="metrics", Data=now.isoformat(), PartitionKey=now.strftime("%Y%m%d%H%M%S"))
    time.sleep(0.75)
print("done at", time.time())
