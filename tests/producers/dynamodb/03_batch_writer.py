# expect: INSERT*30
# keys: c0/0 c1/1 c2/2 c3/3 c4/4 c0/5 c1/6 c2/7 c3/8 c4/9 c0/10 c1/11 c2/12 c3/13 c4/14 c0/15 c1/16 c2/17 c3/18 c4/19 c0/20 c1/21 c2/22 c3/23 c4/24 c0/25 c1/26 c2/27 c3/28 c4/29
# shards: s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2 s0*3 s1 s2
# boto3's batch_writer sends BatchWriteItem calls of 25 requests: 25, then 5 when the block ends.
import boto3

table = boto3.resource("dynamodb").Table("orders")
with table.batch_writer() as batch:
    for i in range(30):
        batch.put_item(Item={"customer": "c%d" % (i % 5), "at": i})
