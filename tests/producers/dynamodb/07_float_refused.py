# error: Float types are not supported. Use Decimal types instead.
import boto3

table = boto3.resource("dynamodb").Table("orders")
table.put_item(Item={"customer": "c1", "at": 1, "total": 19.9})
