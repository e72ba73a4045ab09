# When it fails: one poison record. The function throws on the order whose data says
# "type": "bad" (the rule under "When it fails"), on every delivery. With the mapping's defaults,
# MaximumRetryAttempts -1 and MaximumRecordAgeInSeconds -1, Lambda retries that batch until the
# record leaves the stream (24 h retention): its shard is blocked all that time, every later
# record of the shard waits, the other shard moves on. Then the batch is discarded
# (RecordAgeExceeded), with no destination to tell.
import json
import time
import boto3

kinesis = boto3.client("kinesis")

for second in range(10):  # 20 orders a second from 6 customers
    records = []
    for i in range(20):
        n = second * 20 + i
        order = {"order": n, "type": "bad" if n == 33 else "order", "amount": 10 + n % 90}
        records.append({"PartitionKey": f"customer-{n % 6}", "Data": json.dumps(order)})
    kinesis.put_records(StreamName="orders", Records=records)
    time.sleep(1)
