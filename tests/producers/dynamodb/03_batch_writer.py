# expect: INSERT*30
# boto3's batch_writer sends BatchWriteItem calls of 25 requests: 25, then 5 when the block ends.
import boto3

table = boto3.resource("dynamodb").Table("orders")
with table.batch_writer() as batch:
    for i in range(30):
        batch.put_item(Item={"customer": "c%d" % (i % 5), "at": i})
