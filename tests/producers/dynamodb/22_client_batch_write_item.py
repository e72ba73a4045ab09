# expect: INSERT INSERT INSERT REMOVE
# keys: c1/1 c2/1 c3/1 c1/1
# shards: s0*2 s1 s0
# A BatchWriteItem of puts and deletes: each put or delete that changes an item is one record;
# the delete of an item that is not there writes none.
import boto3

client = boto3.client("dynamodb")
client.batch_write_item(RequestItems={"orders": [
    {"PutRequest": {"Item": {"customer": {"S": "c1"}, "at": {"N": "1"}}}},
    {"PutRequest": {"Item": {"customer": {"S": "c2"}, "at": {"N": "1"}}}},
    {"DeleteRequest": {"Key": {"customer": {"S": "c9"}, "at": {"N": "1"}}}},
]})
answer = client.batch_write_item(RequestItems={"orders": [
    {"PutRequest": {"Item": {"customer": {"S": "c3"}, "at": {"N": "1"}}}},
    {"DeleteRequest": {"Key": {"customer": {"S": "c1"}, "at": {"N": "1"}}}},
]})
print(answer["UnprocessedItems"])
