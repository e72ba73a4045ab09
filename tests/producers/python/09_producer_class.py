import json
import boto3


class KinesisProducer:
    def __init__(self, stream_name, batch_size=5):
        self.client = boto3.client("kinesis")
        self.stream_name = stream_name
        self.batch_size = batch_size
        self.buffer = []

    def send(self, key, payload):
        self.buffer.append({"PartitionKey": key, "Data": json.dumps(payload)})
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self):
        if self.buffer:
            self.client.put_records(StreamName=self.stream_name, Records=self.buffer)
            self.buffer = []


producer = KinesisProducer("telemetry")
for i in range(13):
    producer.send(f"device-{i % 5}", {"seq": i})
producer.flush()
