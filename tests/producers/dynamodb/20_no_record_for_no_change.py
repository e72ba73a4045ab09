# expect: INSERT MODIFY REMOVE
# keys: c1/1 c1/1 c1/1
# shards: s0 s0 s0
# Writes that change nothing write no stream record: the same put again, an update to the value the
# item already has, a REMOVE of an attribute it lacks, a delete of an item that is not there.
import boto3

table = boto3.resource("dynamodb").Table("orders")
table.put_item(Item={"customer": "c1", "at": 1, "status": "new"})
table.put_item(Item={"customer": "c1", "at": 1, "status": "new"})
table.update_item(Key={"customer": "c1", "at": 1}, UpdateExpression="SET #s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "new"})
table.update_item(Key={"customer": "c1", "at": 1}, UpdateExpression="REMOVE coupon")
table.delete_item(Key={"customer": "nobody", "at": 1})
table.update_item(Key={"customer": "c1", "at": 1}, UpdateExpression="SET #s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "paid"})
table.delete_item(Key={"customer": "c1", "at": 1})
table.delete_item(Key={"customer": "c1", "at": 1})
