//! Python producers in the system CPython: `python3 -B -I -S` (isolated, without site-packages, so
//! a third-party import fails as it does on the page) running `www/python-engine/harness.py`,
//! the one file where Python producer semantics live.
//!
//! The harness is compiled into the binary (`include_str!`) and sent on stdin with the code and
//! the options, so the binary needs no checkout at run time; `tests/python/run_with_cpython.py`
//! calls the same `run(code, options)` entry.

use std::process::Command;

const HARNESS: &str = include_str!("../../../../www/python-engine/harness.py");
/// The fake boto3's DynamoDB, which the harness finds as the module `shardlane_dynamodb`.
const DYNAMODB: &str = include_str!("../../../../www/python-engine/dynamodb.py");

/// Loads the harness from the request and answers on a copy of the original stdout; the real fd 1
/// then points at stderr, so nothing the producer writes around the harness's console capture
/// (`sys.__stdout__`, `os.write(1, …)`) can corrupt the answer.
const DRIVER: &str = r#"
import json, os, sys, types
answer = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
dynamodb = sys.modules["shardlane_dynamodb"] = types.ModuleType("shardlane_dynamodb")
exec(compile(request["dynamodb"], "dynamodb.py", "exec"), dynamodb.__dict__)
harness = types.ModuleType("shardlane_harness")
harness.__file__ = "harness.py"
exec(compile(request["harness"], "harness.py", "exec"), harness.__dict__)
answer.write(harness.run(request["code"], request["options"]).encode("utf-8"))
answer.flush()
"#;

pub fn command(code: &str, options_json: &str) -> (Command, String) {
    let mut command = Command::new("python3");
    command.args(["-B", "-I", "-S", "-c", DRIVER]);
    let request = serde_json::json!({"harness": HARNESS, "dynamodb": DYNAMODB, "code": code, "options": options_json});
    (command, request.to_string())
}
