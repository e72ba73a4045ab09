# When it fails: partial batch responses. Some payments fail their first two deliveries (a
# downstream timeout, say) and the function reports them in batchItemFailures. With
# FunctionResponseTypes ReportBatchItemFailures, Lambda checkpoints the records before the lowest
# reported one and retries from there: the records before it are not delivered again. Turn
# ReportBatchItemFailures off and Lambda ignores the response: the batch counts as a success and
# the failed payments are never retried.
import json
import time
import boto3

kinesis = boto3.client("kinesis")

for second in range(10):
    records = []
    for i in range(20):
        n = second * 20 + i
        kind = "flaky" if n % 37 == 5 else "payment"
        records.append({"PartitionKey": f"account-{n % 8}",
                        "Data": json.dumps({"payment": n, "type": kind})})
    kinesis.put_records(StreamName="payments", Records=records)
    time.sleep(1)
