# expect: INSERT MODIFY REMOVE
# keys: c1/1*3
# shards: s0*3
# The same put again and a delete of a missing item change nothing: no stream record.
import boto3

dynamodb = boto3.client("dynamodb", region_name="us-east-1")
item = {"customer": {"S": "c1"}, "at": {"N": "1"}, "status": {"S": "created"}}
dynamodb.put_item(TableName="orders", Item=item)
dynamodb.put_item(TableName="orders", Item=item)
dynamodb.update_item(
    TableName="orders",
    Key={"customer": {"S": "c1"}, "at": {"N": "1"}},
    UpdateExpression="SET #s = :s",
    ExpressionAttributeNames={"#s": "status"},
    ExpressionAttributeValues={":s": {"S": "paid"}},
    ReturnValues="ALL_NEW",
)
dynamodb.delete_item(TableName="orders", Key={"customer": {"S": "nobody"}, "at": {"N": "1"}})
dynamodb.delete_item(TableName="orders", Key={"customer": {"S": "c1"}, "at": {"N": "1"}})
