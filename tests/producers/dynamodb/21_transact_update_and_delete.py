# expect: INSERT INSERT MODIFY REMOVE INSERT
# keys: c1/1 c2/1 c1/1 c2/1 c3/1
# shards: s0*4 s1
# refused: 1
# refused-with: TransactionCanceledException
# A transaction's writes land together, one record per item; a cancelled one writes none.
import boto3

client = boto3.client("dynamodb")
key = lambda customer: {"customer": {"S": customer}, "at": {"N": "1"}}
client.put_item(TableName="orders", Item=dict(key("c1"), total={"N": "10"}))
client.put_item(TableName="orders", Item=key("c2"))
client.transact_write_items(TransactItems=[
    {"Update": {"TableName": "orders", "Key": key("c1"), "UpdateExpression": "SET total = total + :d",
                "ExpressionAttributeValues": {":d": {"N": "5"}}}},
    {"Delete": {"TableName": "orders", "Key": key("c2")}},
    {"Put": {"TableName": "orders", "Item": key("c3")}},
])
client.transact_write_items(TransactItems=[
    {"Put": {"TableName": "orders", "Item": key("c4")}},
    {"Update": {"TableName": "orders", "Key": key("c1"), "UpdateExpression": "SET total = :t",
                "ConditionExpression": "total < :t", "ExpressionAttributeValues": {":t": {"N": "1"}}}},
])
