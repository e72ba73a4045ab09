//! The `shardlane` command line keeps its output contract: JSON Lines on stdout, located errors on
//! stderr with a non-zero exit status.

use serde_json::Value;
use shardlane::layout::StreamLayout;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn shardlane(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shardlane"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(output: &Output) -> Vec<Value> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("shardlane-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn route_prints_one_json_line_per_key() {
    let out = lines(&shardlane(&["route", "--shards", "3"], "a\nb\ne\nf\n"));
    let shards: Vec<&str> = out
        .iter()
        .map(|l| l["shard_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        shards,
        [
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000001"
        ]
    );
    assert_eq!(out[0]["partition_key"], "a");
    assert_eq!(out[0]["hash_key"], "16955237001963240173058271559858726497");
    assert_eq!(out[0].as_object().unwrap().len(), 3);
}

#[test]
fn route_reads_explicit_hash_keys_and_locates_bad_ones() {
    let out = lines(&shardlane(
        &["route", "--shards", "3", "--explicit-hash-key"],
        "226854911280625642308916404954512140969\n226854911280625642308916404954512140970\n",
    ));
    assert_eq!(out[0]["shard_id"], "shardId-000000000001");
    assert_eq!(out[1]["shard_id"], "shardId-000000000002");
    let bad = shardlane(
        &["route", "--shards", "3", "--explicit-hash-key"],
        "5\n01\n",
    );
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("ValidationException"),
        "{stderr}"
    );
    let too_big = shardlane(
        &["route", "--explicit-hash-key"],
        "340282366920938463463374607431768211456\n",
    );
    assert!(String::from_utf8_lossy(&too_big.stderr).contains("InvalidArgumentException"));
}

#[test]
fn layout_prints_list_shards_json_that_reads_back() {
    let output = shardlane(&["layout", "--shards", "3"], "");
    assert!(output.status.success());
    let layout = StreamLayout::from_aws_json(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(layout, StreamLayout::uniform(3).unwrap());
    let path = temp_file("layout.json", &String::from_utf8_lossy(&output.stdout));
    let routed = lines(&shardlane(
        &["route", "--layout", path.to_str().unwrap()],
        "103\n",
    ));
    assert_eq!(routed[0]["shard_id"], "shardId-000000000001");
}

const SEED_REQUEST: &str = r#"{"StreamName": "my-stream", "Records": [
  {"PartitionKey": "100", "Data": "eyJ0eXBlIjogImMiLCAic291cmNlIjogMTAwLCAiaWQiOiAyMDAsICJkYXRhIjogImNlIn0="},
  {"PartitionKey": "101", "Data": "YQ=="}, {"PartitionKey": "101", "Data": "Yg=="}, {"PartitionKey": "101", "Data": "Yw=="},
  {"PartitionKey": "101", "Data": "ZA=="}, {"PartitionKey": "101", "Data": "ZQ=="},
  {"PartitionKey": "102", "Data": "Zg=="}, {"PartitionKey": "103", "Data": "Zw=="}
]}"#;

#[test]
fn simulate_prints_the_contract_fields_for_the_seed() {
    let path = temp_file("seed.json", SEED_REQUEST);
    let out = lines(&shardlane(
        &[
            "simulate",
            "--shards",
            "3",
            "--batch-size",
            "500",
            path.to_str().unwrap(),
        ],
        "",
    ));
    assert_eq!(out.len(), 8);
    for field in [
        "seq",
        "partition_key",
        "explicit_hash_key",
        "hash_key",
        "shard_id",
        "lane",
        "batch",
        "environment",
        "data_base64",
    ] {
        assert!(out.iter().all(|l| l.get(field).is_some()), "{field}");
    }
    let shard_of =
        |key: &str| out.iter().find(|l| l["partition_key"] == key).unwrap()["shard_id"].clone();
    assert_eq!(shard_of("100"), "shardId-000000000002");
    assert_eq!(shard_of("101"), "shardId-000000000000");
    assert_eq!(shard_of("102"), "shardId-000000000002");
    assert_eq!(shard_of("103"), "shardId-000000000001");
    assert_eq!(out[0]["seq"], 0);
    assert_eq!(out[7]["seq"], 7);
    assert_eq!(
        out[0]["data_base64"],
        "eyJ0eXBlIjogImMiLCAic291cmNlIjogMTAwLCAiaWQiOiAyMDAsICJkYXRhIjogImNlIn0="
    );
    // From stdin, with PF 2: lanes are 0 or 1 and each key keeps one lane.
    let from_stdin = lines(&shardlane(
        &[
            "simulate",
            "--shards",
            "3",
            "--parallelization-factor",
            "2",
            "-",
        ],
        SEED_REQUEST,
    ));
    assert!(from_stdin.iter().all(|l| l["lane"].as_u64().unwrap() < 2));
    let lanes_of_101: std::collections::HashSet<_> = from_stdin
        .iter()
        .filter(|l| l["partition_key"] == "101")
        .map(|l| l["lane"].clone())
        .collect();
    assert_eq!(lanes_of_101.len(), 1);
}

#[test]
fn simulate_reads_aws_cli_lines_and_key_lists() {
    let script = temp_file("put.sh", "aws kinesis put-record --stream-name s --partition-key 100 --data aGk=\nsleep 1\naws kinesis put-record --stream-name s --partition-key 103 --data aGk=\n");
    let out = lines(&shardlane(
        &["simulate", "--shards", "3", script.to_str().unwrap()],
        "",
    ));
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["arrival_ms"], 1000);
    assert_eq!(out[1]["shard_id"], "shardId-000000000001");
    let keys = lines(&shardlane(
        &["simulate", "--shards", "3", "--language", "keys", "-"],
        "a\nb\n",
    ));
    assert_eq!(keys[1]["shard_id"], "shardId-000000000001");
}

#[test]
fn simulate_reports_bad_input_with_its_location() {
    let bad = shardlane(
        &["simulate", "-"],
        "{\"Records\": [\n  {\"PartitionKey\": \"a\",, }]}",
    );
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    let factor = shardlane(
        &["simulate", "--parallelization-factor", "11", "-"],
        SEED_REQUEST,
    );
    assert!(!factor.status.success());
    assert!(String::from_utf8_lossy(&factor.stderr).contains("parallelizationFactor"));
    let cli = shardlane(
        &["simulate", "--language", "aws-cli", "-"],
        "\naws kinesis put-record --partition-key k --data hello\n",
    );
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        !cli.status.success() && stderr.contains("line 2") && stderr.contains("Invalid base64"),
        "{stderr}"
    );
}

#[test]
fn refused_and_throttled_records_carry_aws_errors() {
    let mut entries: Vec<String> = (0..500)
        .map(|_| r#"{"PartitionKey": "hot", "Data": "eA=="}"#.to_owned())
        .collect();
    let request = format!(
        r#"{{"StreamName": "s", "Records": [{}]}}"#,
        entries.join(",")
    );
    let first = lines(&shardlane(&["simulate", "-"], &request));
    assert!(first.iter().all(|l| l["error"].is_null()));
    entries.push(r#"{"PartitionKey": "hot", "Data": "eA=="}"#.to_owned());
    let too_many = format!(
        r#"{{"StreamName": "s", "Records": [{}]}}"#,
        entries.join(",")
    );
    let refused = lines(&shardlane(&["simulate", "-"], &too_many));
    assert!(refused
        .iter()
        .all(|l| l["error"]["code"] == "ValidationException" && l["batch"].is_null()));
    let ndjson: String = (0..1100)
        .map(|_| "{\"PartitionKey\": \"hot\", \"Data\": \"eA==\"}\n")
        .collect();
    let throttled = lines(&shardlane(&["simulate", "-"], &ndjson));
    let failed: Vec<&Value> = throttled.iter().filter(|l| !l["error"].is_null()).collect();
    assert_eq!(failed.len(), 100);
    assert_eq!(
        failed[0]["error"]["code"],
        "ProvisionedThroughputExceededException"
    );
    assert!(failed[0]["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Rate exceeded for shard shardId-000000000000 in stream my-stream"));
}

#[test]
fn filter_criteria_drop_records_before_any_invocation() {
    let request = r#"{"Records": [
        {"PartitionKey": "a", "Data": "eyJ0eXBlIjogImMifQ=="},
        {"PartitionKey": "b", "Data": "eyJ0eXBlIjogImQifQ=="}
    ]}"#;
    let out = lines(&shardlane(
        &["simulate", "--filter", r#"{"data": {"type": ["c"]}}"#, "-"],
        request,
    ));
    assert_eq!(
        (out[0]["filtered_out"].as_bool(), out[0]["batch"].as_u64()),
        (Some(false), Some(0))
    );
    assert_eq!(out[1]["filtered_out"], true);
    assert!(out[1]["batch"].is_null() && out[1]["environment"].is_null());
    assert!(
        out[1]["sequence_number"].is_string(),
        "a filtered record is still in the stream"
    );
    let six: Vec<String> = (0..6)
        .flat_map(|i| {
            [
                "--filter".to_owned(),
                format!(r#"{{"data": {{"n": [{i}]}}}}"#),
            ]
        })
        .collect();
    let mut args: Vec<&str> = vec!["simulate"];
    args.extend(six.iter().map(String::as_str));
    args.push("-");
    let refused = shardlane(&args, request);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("at most 5"));
}
