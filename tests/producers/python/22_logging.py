import logging
import boto3

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("producer")
kinesis = boto3.client("kinesis")
for i in range(3):
    response = kinesis.put_record(StreamName="logs", Data=f"line {i}", PartitionKey=f"host-{i}")
    log.info("put %s to %s", i, response["ShardId"])
