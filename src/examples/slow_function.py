# When it falls behind: a function slower than the stream. 400 clicks a second arrive on 2 shards
# for 24 s; each batch of 100 takes the function 2.7 s (200 ms + 25 ms per record, a model), so
# one batch at a time per shard handles about 37 records a second and IteratorAge climbs. Raise
# ParallelizationFactor (the next example uses 10): each shard then runs up to 10 batches at once,
# one per lane of partition keys, and the age stays low.
import json
import time
import boto3

kinesis = boto3.client("kinesis")

for tick in range(240):  # every 100 ms, 40 clicks from 500 users
    records = [{"PartitionKey": f"user-{(tick * 40 + i) % 500}",
                "Data": json.dumps({"click": tick * 40 + i})} for i in range(40)]
    kinesis.put_records(StreamName="clicks", Records=records)
    time.sleep(0.1)
