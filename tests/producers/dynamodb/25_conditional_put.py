# expect: INSERT INSERT
# keys: c1/1 c2/1
# shards: s0*2
# refused: 1
# refused-with: ConditionalCheckFailedException: The conditional request failed
# A put with attribute_not_exists writes once; the second one is refused and writes nothing.
import boto3

session = boto3.Session(region_name="eu-west-1")
client = session.client("dynamodb")
for customer in ["c1", "c1", "c2"]:
    client.put_item(TableName="orders", Item={"customer": {"S": customer}, "at": {"N": "1"}},
                    ConditionExpression="attribute_not_exists(customer)")
