# expect: INSERT INSERT
# keys: c1/1 c2/1
# shards: s0*2
# refused: 1
# The first transaction's condition fails (c2 does not exist): nothing of it is written.
import boto3

client = boto3.client("dynamodb")
client.transact_write_items(TransactItems=[
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "c1"}, "at": {"N": "1"}}}},
    {"ConditionCheck": {"TableName": "orders", "Key": {"customer": {"S": "c2"}, "at": {"N": "1"}},
                        "ConditionExpression": "attribute_exists(customer)"}},
])
client.transact_write_items(TransactItems=[
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "c1"}, "at": {"N": "1"}}}},
    {"Put": {"TableName": "orders", "Item": {"customer": {"S": "c2"}, "at": {"N": "1"}},
             "ConditionExpression": "attribute_not_exists(customer)"}},
])
