import string
import boto3

kinesis = boto3.client("kinesis")
template = string.Template("$region-$shard")
for region in ("eu", "us"):
    for shard in range(3):
        key = template.substitute(region=region, shard=shard)
        kinesis.put_record(StreamName="regions", Data="%s:%d" % (region, shard), PartitionKey=key.upper())
