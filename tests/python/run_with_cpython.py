"""Runs a producer script through Shardlane's harness in CPython and prints the result JSON.

Usage: python3 -B -I -S run_with_cpython.py SCRIPT.py OPTIONS_JSON
(-B: no bytecode written; -I -S: without site-packages, as the page's engine has none.)
The corpus tests (tests/it/python_producers_run_as_in_cpython.rs) compare the CLI's records with
this output; the CLI runs the same harness, compiled into the binary, in the same `python3 -B -I -S`.
"""
import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
# The fake boto3's DynamoDB, found by the harness as `shardlane_dynamodb` (as the CLI loads it).
dynamodb_path = os.path.join(here, "..", "..", "www", "python-engine", "dynamodb.py")
dynamodb_spec = importlib.util.spec_from_file_location("shardlane_dynamodb", dynamodb_path)
sys.modules["shardlane_dynamodb"] = importlib.util.module_from_spec(dynamodb_spec)
dynamodb_spec.loader.exec_module(sys.modules["shardlane_dynamodb"])
harness_path = os.path.join(here, "..", "..", "www", "python-engine", "harness.py")
spec = importlib.util.spec_from_file_location("shardlane_harness", harness_path)
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)

with open(sys.argv[1], encoding="utf-8") as source:
    code = source.read()
sys.stdout.write(harness.run(code, sys.argv[2]))
