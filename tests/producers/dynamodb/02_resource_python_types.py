# expect: INSERT MODIFY MODIFY
# keys: c1/1*3
# shards: s0*3
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table("orders")
table.put_item(Item={
    "customer": "c1",
    "at": 1,
    "total": Decimal("19.90"),
    "paid": False,
    "note": None,
    "tags": {"new", "gift"},
    "lines": [{"sku": "A-1", "qty": 2}],
    "raw": b"\x00\x01",
})
table.update_item(Key={"customer": "c1", "at": 1}, UpdateExpression="ADD visits :one",
                  ExpressionAttributeValues={":one": 1})
table.update_item(Key={"customer": "c1", "at": 1}, UpdateExpression="SET paid = :t REMOVE note",
                  ExpressionAttributeValues={":t": True})
