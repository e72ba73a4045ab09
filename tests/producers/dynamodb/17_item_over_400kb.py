# expect: INSERT
# keys: c1/2
# shards: s0
# refused: 1
# refused-with: ValidationException: Item size has exceeded the maximum allowed size
# DynamoDB refuses an item over 400 KB (attribute names and values together); the next put is written.
import boto3

table = boto3.resource("dynamodb").Table("orders")
table.put_item(Item={"customer": "c1", "at": 1, "blob": "x" * (400 * 1024)})
table.put_item(Item={"customer": "c1", "at": 2, "blob": "x" * 1024})
