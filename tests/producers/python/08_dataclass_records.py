import json
from dataclasses import dataclass, asdict
import boto3

@dataclass
class Order:
    order_id: int
    customer: str
    total: float

orders = [Order(i, f"c{i % 3}", i * 9.99) for i in range(12)]
kinesis = boto3.client("kinesis")
for order in orders:
    kinesis.put_record(StreamName="orders", Data=json.dumps(asdict(order)), PartitionKey=order.customer)
