"""Answers the calls of a service-model spec (tests/service_model/*.json) with harness.py's
service model and prints the answers as a JSON list, one per put call.

Usage: python3 -B -I -S run_service_model.py SPEC.json
tests/it/service_model_spec.rs runs it and compares the answers with the spec's (and with the
Rust core's comparison rules); tests/service_model/README.md describes the format.
"""
import importlib.util
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
harness_path = os.path.join(here, "..", "..", "www", "python-engine", "harness.py")
spec = importlib.util.spec_from_file_location("shardlane_harness", harness_path)
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)


def data_bytes(data):
    if "text" in data:
        return data["text"].encode("utf-8")
    return b"a" * data["bytes"]


def entries_of(records):
    for record in records:
        entry = (record["PartitionKey"], data_bytes(record["Data"]), record.get("ExplicitHashKey"))
        yield from [entry] * record.get("times", 1)


def main(path):
    with open(path, encoding="utf-8") as file:
        model = json.load(file)
    shards = model["stream"]["StreamDescription"]["Shards"]
    harness.start_service(json.dumps({
        "record_cap": 0, "clock_origin_ms": 0, "seed": 0,
        "shard_ids": [s["ShardId"] for s in shards],
        "shard_starts": [s["HashKeyRange"]["StartingHashKey"] for s in shards],
        "shard_ends": [s["HashKeyRange"]["EndingHashKey"] for s in shards],
    }))
    answers = []
    for call in model["calls"]:
        if "advance_ms" in call:
            harness.advance_clock(call["advance_ms"])
            continue
        operation = "PutRecord" if "PutRecord" in call else "PutRecords"
        params = call[operation]
        stream = params.get("StreamName") or params["StreamARN"].rsplit("/", 1)[-1]
        records = [params] if operation == "PutRecord" else params["Records"]
        answers.append(harness.put_call(operation, stream, list(entries_of(records))))
    json.dump(answers, sys.stdout)


main(sys.argv[1])
