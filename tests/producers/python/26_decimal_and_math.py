import json
import math
from decimal import Decimal
import boto3

kinesis = boto3.client("kinesis")
prices = [Decimal("19.99"), Decimal("5.01"), Decimal("100")]
for p in prices:
    kinesis.put_record(StreamName="prices", Data=json.dumps({"price": str(p), "log": math.log10(float(p))}), PartitionKey=str(p))
