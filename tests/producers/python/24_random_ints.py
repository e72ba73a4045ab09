import random
import boto3

kinesis = boto3.client("kinesis")
for _ in range(15):
    customer = random.randint(1, 1000)
    kinesis.put_record(StreamName="random", Data=str(customer), PartitionKey=str(customer))
