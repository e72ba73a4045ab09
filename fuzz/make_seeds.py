"""Writes fuzz/seeds/<target>/ from the project's fixtures and examples (run from the repo root).

Seeds are small starting points; the corpora the fuzzers grow live outside git.
"""
import json, os, glob, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "fuzz", "seeds")


def put(target, name, text):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "w", encoding="utf-8") as f:
        f.write(text)


def read(path):
    with open(os.path.join(root, path), encoding="utf-8") as f:
        return f.read()


for path in glob.glob(os.path.join(root, "tests/share_links/*")):
    name = os.path.basename(path)
    put("link_scenario" if name.endswith(".json") else "decode_link", name, read(path))
put("decode_link", "embed", "#embed=1&readonly=1&panel=timeline&" + read("tests/share_links/v1_python_four_shards.link").strip())

vectors = json.load(open(os.path.join(root, "tests/vectors/aws.json")))
uniform = vectors["uniform_layouts_observed"]
for count in list(uniform)[:3]:
    put("layout_json", f"list_shards_{count}.json", json.dumps({"Shards": uniform[count]}))
split = vectors["split_1_shard_at_half_observed"]
put("layout_json", "describe_stream_split.json", json.dumps({"StreamDescription": {
    "StreamName": "s", "Shards": [{"ShardId": "shardId-000000000000", "HashKeyRange": {
        "StartingHashKey": "0", "EndingHashKey": "340282366920938463463374607431768211455"},
        "SequenceNumberRange": {"StartingSequenceNumber": "1", "EndingSequenceNumber": "2"}}]
    + split["children"]}}))
put("layout_json", "merged.json", json.dumps({"Shards": [vectors["merge_1_and_2_observed"]]}))

put("records_input", "put_records.json", json.dumps({"StreamName": "orders", "Records": [
    {"PartitionKey": "customer-7", "Data": "eyJvcmRlciI6IDJ9"},
    {"PartitionKey": "k", "Data": "not base64", "ExplicitHashKey": "170141183460469231731687303715884105728"}]}))
put("records_input", "put_record.json", json.dumps({"StreamName": "s", "PartitionKey": "a", "Data": "eA==", "ArrivalMs": 1500}))
put("records_input", "array.json", json.dumps([{"PartitionKey": "a", "Data": "eA=="}, {"PartitionKey": "b", "Data": "eA==", "ArrivalMs": 20}]))
put("records_input", "records.ndjson", '{"PartitionKey": "a", "Data": "eA=="}\n{"PartitionKey": "b", "Data": "{\\"bad\\": true}"}\n')
put("records_input", "keys.txt", "user-1\nuser-2\n\norder-7\n")
put("records_input", "hash_keys.txt", "0\n340282366920938463463374607431768211455\n340282366920938463463374607431768211456\n-1\n")

put("aws_cli", "cli_put_records.sh", read("src/examples/cli_put_records.sh"))

put("mapping_json", "get_event_source_mapping.json", json.dumps({
    "UUID": "u", "BatchSize": 10, "MaximumBatchingWindowInSeconds": 1, "ParallelizationFactor": 2,
    "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "StartingPosition": "TRIM_HORIZON",
    "MaximumRetryAttempts": 2, "MaximumRecordAgeInSeconds": 60, "BisectBatchOnFunctionError": True,
    "FunctionResponseTypes": ["ReportBatchItemFailures"],
    "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}},
    "FilterCriteria": {"Filters": [
        {"Pattern": json.dumps({"data": {"type": ["c"], "n": [{"numeric": [">=", 1, "<", 9]}]}})},
        {"Pattern": json.dumps({"partitionKey": [{"prefix": "user-"}], "data": {"tags": [{"anything-but": ["spam"]}], "bad": [{"exists": True}]}})}]}}))
put("mapping_json", "list_event_source_mappings.json", json.dumps({"EventSourceMappings": [{"UUID": "a", "BatchSize": 5}, {"UUID": "b"}]}))
put("mapping_json", "destination.json", json.dumps({"OnFailure": {"Destination": "arn:aws:s3:::bucket"}}))
put("mapping_json", "summary.json", json.dumps({"StreamDescriptionSummary": {"StreamName": "s", "OpenShardCount": 4}}))
put("mapping_json", "kinesis_event.json", json.dumps({"Records": [{"kinesis": {"partitionKey": "k"}, "eventSource": "aws:kinesis"}]}))

put("failure_rules", "readme.json", """{"rules": [
   {"effect": "error",   "match": {"key_equals": "order-7"}, "attempts": "always"},
   {"effect": "timeout", "match": {"key_prefix": "slow-"},   "attempts": {"first": 2}},
   {"effect": "partial", "match": {"data": {"type": ["bad"]}}},
   {"effect": "error",   "match": {"record": 41}}],
 "random": {"per_mille": 10, "seed": 7}}""")
put("failure_rules", "data_rules.json", json.dumps({"rules": [
    {"effect": "partial", "match": {"data": {"bad": [True], "n": [{"numeric": [">", 2]}]}}},
    {"effect": "error", "match": {"key_prefix": "a"}, "attempts": {"first": 1}}]}))

# The harness's answers to the project's Python producer scripts (the pasted-script path).
options = json.dumps({"record_cap": 12, "seed": 1, "clock_origin_ms": 0, "region": "us-east-1",
    "shard_starts": ["0"], "shard_ends": ["340282366920938463463374607431768211455"],
    "shard_ids": ["shardId-000000000000"]})
for script in sorted(glob.glob(os.path.join(root, "tests/producers/python/*.py"))):
    answer = subprocess.run([sys.executable, "-I", "-S", os.path.join(root, "tests/python/run_with_cpython.py"),
        script, options], capture_output=True, text=True, timeout=20).stdout
    if answer:
        put("harness_output", os.path.basename(script)[:-3] + ".json", answer)
put("harness_output", "internal_error.json", json.dumps({"internal_error": "boom"}))
