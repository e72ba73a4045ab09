# error: Unknown parameter in Item.customer: "X", must be one of: S, N, B, SS, NS, BS, M, L, NULL, BOOL
# botocore validates an AttributeValue before sending: an unknown type descriptor never reaches DynamoDB.
import boto3

client = boto3.client("dynamodb")
client.put_item(TableName="orders", Item={"customer": {"X": "c1"}, "at": {"N": "1"}})
