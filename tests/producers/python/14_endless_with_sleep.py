import json
import random
import time
import boto3

kinesis = boto3.client("kinesis")
while True:
    reading = {"temp": round(random.uniform(15, 30), 2), "ts": time.time()}
    kinesis.put_record(StreamName="weather", Data=json.dumps(reading), PartitionKey=random.choice(["north", "south", "east"]))
    time.sleep(10)
