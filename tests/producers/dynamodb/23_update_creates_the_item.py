# expect: INSERT MODIFY MODIFY
# keys: page-views/1*3
# shards: s0*3
# UpdateItem on a missing item creates it (INSERT); ADD on a counter changes it every time.
import boto3

counters = boto3.resource("dynamodb").Table("orders")
for _ in range(3):
    counters.update_item(Key={"customer": "page-views", "at": 1}, UpdateExpression="ADD hits :one",
                         ExpressionAttributeValues={":one": 1})
