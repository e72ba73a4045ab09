import json
import boto3


def build_records(n):
    return [{"Data": json.dumps({"i": i}), "PartitionKey": f"tenant-{i % 2}"} for i in range(n)]


def main():
    kinesis = boto3.client("kinesis")
    result = kinesis.put_records(StreamName="tenants", Records=build_records(6))
    print(result["FailedRecordCount"], [r["ShardId"] for r in result["Records"]])


if __name__ == "__main__":
    main()
