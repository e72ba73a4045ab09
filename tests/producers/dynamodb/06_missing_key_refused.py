# expect: INSERT
# keys: c1/1
# shards: s0
# refused: 2
import boto3

table = boto3.resource("dynamodb").Table("orders")
table.put_item(Item={"at": 1, "status": "no customer"})
table.put_item(Item={"customer": 7, "at": 1})
table.put_item(Item={"customer": "c1", "at": 1})
