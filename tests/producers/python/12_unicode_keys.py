import json
import boto3

kinesis = boto3.client("kinesis")
cities = ["東京", "Zürich", "São Paulo", "😀", "Ελλάδα", "København"]
records = [{"Data": json.dumps({"city": c}, ensure_ascii=False), "PartitionKey": c} for c in cities]
kinesis.put_records(StreamName="cities", Records=records)
