//! `shardlane simulate` runs Python producers in the system `python3` and JavaScript producers in
//! `node`, each with the page's harness: seeded, capped, stopped at the time limit, and (for the
//! JavaScript engine, which runs hostile code the same way the page does) without network.

use crate::support::{lines, run_with_stdin, shardlane, shardlane_command, temp_file};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

const RANDOM_KEYS_PY: &str = "\
import random
import boto3

kinesis = boto3.client('kinesis')
while True:
    kinesis.put_record(StreamName='s', PartitionKey=str(random.randint(0, 10**9)), Data=b'x')
";

fn keys(args: &[&str]) -> Vec<String> {
    lines(&shardlane(args, ""))
        .iter()
        .map(|line| line["partition_key"].as_str().unwrap().to_owned())
        .collect()
}

fn javascript_corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/producers/javascript")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_python_producer_runs_in_python3_seeded_and_capped() {
    let script = temp_file("random-keys.py", RANDOM_KEYS_PY);
    let script = script.to_str().unwrap();
    let args = |seed: &'static str| ["simulate", "--record-cap", "3", "--seed", seed, script];
    let first = keys(&args("1"));
    assert_eq!(first.len(), 3, "the cap stops the endless loop");
    assert_eq!(first, keys(&args("1")), "the same seed, the same keys");
    assert_ne!(first, keys(&args("2")), "another seed, other keys");
    let output = shardlane(&args("1"), "");
    assert!(String::from_utf8_lossy(&output.stderr).contains("stopped after 3 records"));
}

#[test]
fn a_javascript_producer_runs_in_node_with_the_v3_sdk() {
    let script = javascript_corpus("01_v3_put_record_loop.mjs");
    let out = lines(&shardlane(&["simulate", "--shards", "3", &script], ""));
    let keys: Vec<&str> = out
        .iter()
        .map(|l| l["partition_key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["sensor-1", "sensor-2", "sensor-3", "sensor-1"]);
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD
        .decode(out[0]["data_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(data, br#"{"sensorId":"sensor-1","temperature":21.5}"#);
    assert_eq!(out[0]["shard_id"], out[3]["shard_id"], "one key, one shard");
    assert!(out.iter().all(|l| l["error"].is_null()));
}

#[test]
fn a_javascript_producer_is_seeded_and_capped_too() {
    let script = javascript_corpus("15_math_random_keys.js");
    let args = |seed: &'static str| ["simulate", "--seed", seed, script.as_str()];
    let first = keys(&args("1"));
    assert!(!first.is_empty());
    assert_eq!(first, keys(&args("1")));
    assert_ne!(first, keys(&args("2")));
    let capped = keys(&["simulate", "--record-cap", "2", &script]);
    assert_eq!(capped.len(), 2);
}

/// An endless loop without puts is killed at `--timeout`, with a message saying so.
fn assert_stopped_at_the_time_limit(name: &str, code: &str) {
    let script = temp_file(name, code);
    let started = Instant::now();
    let output = shardlane(
        &["simulate", "--timeout", "1", script.to_str().unwrap()],
        "",
    );
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(stderr.contains("stopped after 1 s"), "{stderr}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
}

#[test]
fn an_endless_python_loop_is_killed_at_the_time_limit() {
    assert_stopped_at_the_time_limit("endless.py", "while True:\n    pass\n");
}

#[test]
fn an_endless_javascript_loop_is_killed_at_the_time_limit() {
    assert_stopped_at_the_time_limit("endless.js", "const x = 1;\nwhile (true) {}\n");
}

#[test]
fn without_python3_the_error_names_it() {
    let empty = std::env::temp_dir().join(format!("shardlane-{}-no-python", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let script = temp_file("no-python.py", RANDOM_KEYS_PY);
    let mut command = shardlane_command();
    command
        .args(["simulate", script.to_str().unwrap()])
        .env("PATH", &empty);
    let output = run_with_stdin(command, "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("running a Python producer needs python3 on PATH"),
        "{stderr}"
    );
}

#[test]
fn a_javascript_producer_reaches_no_network_and_no_process() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let code = format!(
        r#"const url = {url:?};
const tries = {{
  fetch: () => fetch(url),
  globalFetch: () => Function('return globalThis.fetch')()(url),
  http: () => Function('return import("node:http")')().then((http) => http.get(url)),
  net: () => Function('return import("net")')().then((net) => net.connect(Number(new URL(url).port))),
  process: () => Function('return process')().getBuiltinModule('http').get(url),
  require: () => require('http').get(url),
}};
// Each attempt is answered (an import's refusal comes from Node's loader thread, in real time);
// a virtual interval keeps the run going until all are.
let answered = 0;
for (const [name, attempt] of Object.entries(tries)) {{
  Promise.resolve().then(attempt).then(
    () => console.log(name, 'reached'),
    () => console.log(name, 'refused'),
  ).finally(() => {{ answered += 1; }});
}}
await new Promise((resolve) => {{
  const timer = setInterval(() => {{
    if (answered === Object.keys(tries).length) {{ clearInterval(timer); resolve(); }}
  }}, 10);
}});
"#
    );
    let script = temp_file("network.mjs", &code);
    let output = shardlane(&["simulate", script.to_str().unwrap()], "");
    let console = String::from_utf8_lossy(&output.stderr);
    assert!(!console.contains("reached"), "{console}");
    for name in ["fetch", "globalFetch", "http", "net", "process", "require"] {
        assert!(console.contains(&format!("{name} refused")), "{console}");
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        listener.accept().is_err(),
        "the listener saw a connection: {console}"
    );
}
