import itertools
from collections import Counter, defaultdict
import boto3

kinesis = boto3.client("kinesis")
keys = list(itertools.islice(itertools.cycle(["red", "green", "blue"]), 10))
by_key = defaultdict(list)
for n, key in enumerate(keys):
    by_key[key].append(n)
for key, numbers in sorted(by_key.items()):
    kinesis.put_records(StreamName="colors", Records=[{"Data": str(n), "PartitionKey": key} for n in numbers])
print(Counter(keys).most_common(1))
