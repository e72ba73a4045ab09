//! The `shardlane` command line keeps its output contract: JSON Lines on stdout, located errors on
//! stderr with a non-zero exit status.

use crate::support::{aws_vectors, lines, shardlane, temp_file};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;
use shardlane::layout::StreamLayout;
use std::process::Command;

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
    let layout = StreamLayout::uniform(3).unwrap();
    for (line, key) in out.iter().zip(["a", "b", "e", "f"]) {
        let fields: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(fields.len(), 3, "{line}");
        for field in ["partition_key", "hash_key", "shard_id"] {
            assert!(fields.contains(&field), "{line}");
        }
        assert_eq!(line["partition_key"], key);
        // The printed hash key lies in the printed shard's range.
        let hash: u128 = line["hash_key"].as_str().unwrap().parse().unwrap();
        let shard = &layout.shards[layout.index_of(line["shard_id"].as_str().unwrap()).unwrap()];
        assert!(shard.range.contains(shardlane::HashKey(hash)), "{line}");
    }
    assert_eq!(
        out[0]["hash_key"],
        aws_vectors()["md5_hash_keys"]["a"]["hash_key"]
    );
}

#[test]
fn route_streams_input_larger_than_a_pipe() {
    // `route` answers chunk by chunk while it reads: with a megabyte in and out, a test
    // helper that wrote all of stdin before reading stdout would deadlock here.
    let keys: String = (0..100_000).map(|n| format!("user-{n}\n")).collect();
    let out = lines(&shardlane(&["route", "--shards", "4"], &keys));
    assert_eq!(out.len(), 100_000);
    assert_eq!(out[99_999]["partition_key"], "user-99999");
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
    assert!(!too_big.status.success());
    let stderr = String::from_utf8_lossy(&too_big.stderr);
    assert!(
        stderr.contains("line 1") && stderr.contains("InvalidArgumentException"),
        "{stderr}"
    );
}

#[test]
fn layout_prints_list_shards_json_that_reads_back() {
    let output = shardlane(&["layout", "--shards", "3"], "");
    assert!(output.status.success());
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let observed = &aws_vectors()["uniform_layouts_observed"]["3"];
    for (shard, want) in printed["Shards"]
        .as_array()
        .unwrap()
        .iter()
        .zip(observed.as_array().unwrap())
    {
        assert_eq!(shard["ShardId"], want["ShardId"]);
        assert_eq!(shard["HashKeyRange"], want["HashKeyRange"]);
    }
    let layout = StreamLayout::from_aws_json(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(layout, StreamLayout::uniform(3).unwrap());
    let path = temp_file("layout.json", &String::from_utf8_lossy(&output.stdout));
    let routed = lines(&shardlane(
        &["route", "--layout", path.to_str().unwrap()],
        "103\n",
    ));
    assert_eq!(routed[0]["shard_id"], "shardId-000000000001");
}

/// Runs the seed producer (`tests/producers/python/01_seed_put_records.py`) with a stand-in
/// `boto3` that prints the PutRecords request it would send, `Data` base64-encoded as boto3 puts
/// it on the wire.
fn seed_request() -> String {
    const FAKE_BOTO3: &str = r#"
import base64, json, sys, types
sent = []
class Kinesis:
    def put_records(self, **request):
        def wire(data):
            return base64.b64encode(data.encode("utf-8") if isinstance(data, str) else data).decode()
        sent.append(dict(request, Records=[dict(r, Data=wire(r["Data"])) for r in request["Records"]]))
boto3 = types.ModuleType("boto3")
boto3.client = lambda *args, **kwargs: Kinesis()
sys.modules["boto3"] = boto3
path = sys.argv[1]
exec(compile(open(path, encoding="utf-8").read(), path, "exec"), {"__name__": "__main__"})
assert len(sent) == 1, sent
json.dump(sent[0], sys.stdout, indent=2)
"#;
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/producers/python/01_seed_put_records.py"
    );
    let output = Command::new("python3")
        .args(["-B", "-c", FAKE_BOTO3, seed])
        .output()
        .expect("python3 is installed");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

const CONTRACT_FIELDS: [&str; 9] = [
    "seq",
    "partition_key",
    "explicit_hash_key",
    "hash_key",
    "shard_id",
    "lane",
    "batch",
    "environment",
    "data_base64",
];

#[test]
fn simulate_places_the_seed_records_where_aws_put_them() {
    let request = seed_request();
    let path = temp_file("seed.json", &request);
    let out = lines(&shardlane(
        &["simulate", "--shards", "3", path.to_str().unwrap()],
        "",
    ));
    let keys: Vec<&str> = out
        .iter()
        .map(|l| l["partition_key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["100", "101", "101", "101", "101", "101", "102", "103"]
    );
    for (seq, line) in out.iter().enumerate() {
        for field in CONTRACT_FIELDS {
            assert!(
                line.get(field).is_some(),
                "line {seq} lacks {field}: {line}"
            );
        }
        assert_eq!(line["seq"], seq);
        assert!(line["explicit_hash_key"].is_null());
        assert!(line["error"].is_null(), "{line}");
        // The data is the producer's json.dumps(record), whose source is the partition key.
        let data = STANDARD
            .decode(line["data_base64"].as_str().unwrap())
            .unwrap();
        let record: Value = serde_json::from_slice(&data).unwrap();
        assert_eq!(
            record["source"].to_string(),
            line["partition_key"].as_str().unwrap()
        );
        assert!(String::from_utf8(data)
            .unwrap()
            .starts_with("{\"type\": \"c\", \"source\": "));
    }
    let vectors = aws_vectors();
    for line in &out {
        let key = line["partition_key"].as_str().unwrap();
        assert_eq!(
            line["shard_id"], vectors["seed_example_3_shards"][key],
            "{key}"
        );
        assert_eq!(
            line["hash_key"], vectors["md5_hash_keys"][key]["hash_key"],
            "{key}"
        );
    }
    // All eight arrive at once: each shard's records form one batch (its first), and the three
    // shards run side by side in three execution environments.
    let mut environment_of_shard = std::collections::HashMap::new();
    for line in &out {
        assert_eq!(
            (line["lane"].as_u64(), line["batch"].as_u64()),
            (Some(0), Some(0))
        );
        let environment = environment_of_shard
            .entry(line["shard_id"].as_str().unwrap().to_owned())
            .or_insert_with(|| line["environment"].clone());
        assert_eq!(*environment, line["environment"]);
    }
    let environments: std::collections::HashSet<String> = environment_of_shard
        .values()
        .map(|e| e.to_string())
        .collect();
    assert_eq!(environments.len(), 3);

    // The same request from stdin, with PF 2: lanes are 0 or 1 and each key keeps one lane.
    let from_stdin = lines(&shardlane(
        &[
            "simulate",
            "--shards",
            "3",
            "--parallelization-factor",
            "2",
            "-",
        ],
        &request,
    ));
    assert_eq!(from_stdin.len(), 8);
    for (line, file_line) in from_stdin.iter().zip(&out) {
        assert_eq!(line["shard_id"], file_line["shard_id"]);
        let lane = line["lane"].as_u64().unwrap();
        let hash: u128 = line["hash_key"].as_str().unwrap().parse().unwrap();
        assert_eq!(u128::from(lane), hash % 2, "lane = MD5 % PF");
    }
    let lanes_of_101: std::collections::HashSet<_> = from_stdin
        .iter()
        .filter(|l| l["partition_key"] == "101")
        .map(|l| l["lane"].clone())
        .collect();
    assert_eq!(lanes_of_101.len(), 1);
}

#[test]
fn simulate_refuses_a_put_records_request_with_an_explicit_hash_key_of_2_pow_128() {
    let request = r#"{"StreamName": "s", "Records": [
        {"PartitionKey": "a", "Data": "eA=="},
        {"PartitionKey": "b", "Data": "eA==", "ExplicitHashKey": "340282366920938463463374607431768211456"}
    ]}"#;
    let out = lines(&shardlane(&["simulate", "--shards", "3", "-"], request));
    assert_eq!(out.len(), 2);
    for line in &out {
        assert_eq!(line["error"]["code"], "InvalidArgumentException", "{line}");
        assert_eq!(
            line["error"]["message"],
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. \
             Specified value was 340282366920938463463374607431768211456"
        );
        assert!(line["shard_id"].is_null() && line["batch"].is_null());
    }
    assert_eq!(
        out[1]["explicit_hash_key"],
        "340282366920938463463374607431768211456"
    );
}

#[test]
fn after_a_sleep_one_environment_serves_two_shards() {
    // 103 goes to shard 1 and 100 to shard 2 of three; the sleep lets the first invocation end.
    let script = temp_file(
        "sleep.sh",
        "aws kinesis put-record --stream-name s --partition-key 103 --data aGk=\n\
         sleep 5\n\
         aws kinesis put-record --stream-name s --partition-key 100 --data aGk=\n",
    );
    let out = lines(&shardlane(
        &["simulate", "--shards", "3", script.to_str().unwrap()],
        "",
    ));
    assert_eq!(out[0]["shard_id"], "shardId-000000000001");
    assert_eq!(out[1]["shard_id"], "shardId-000000000002");
    assert_eq!(out[1]["arrival_ms"], 5000);
    assert_eq!(out[0]["environment"], out[1]["environment"]);
    let summary = shardlane(
        &[
            "simulate",
            "--shards",
            "3",
            "--summary",
            script.to_str().unwrap(),
        ],
        "",
    );
    let findings = String::from_utf8_lossy(&summary.stderr);
    assert!(
        findings.contains("AWS does not guarantee reuse or tie environments to shards"),
        "{findings}"
    );
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
        r#"{"Records": [{"PartitionKey": "a", "Data": "eA=="}]}"#,
    );
    assert!(!factor.status.success());
    assert!(factor.stdout.is_empty(), "nothing is simulated");
    let stderr = String::from_utf8_lossy(&factor.stderr);
    assert!(
        stderr.contains("'parallelizationFactor'") && stderr.contains("less than or equal to 10"),
        "{stderr}"
    );
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
    let summary = shardlane(&["simulate", "--summary", "-"], &ndjson);
    let findings = String::from_utf8_lossy(&summary.stderr);
    assert!(
        findings.contains("100 records failed: ProvisionedThroughputExceededException")
            && findings.contains("(Model: a shard's 1,000 records and 1 MiB per second"),
        "the throttling finding names its accounting window a model: {findings}"
    );
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
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("InvalidParameterValueException") && stderr.contains("quota"),
        "{stderr}"
    );
    // A Kinesis mapping filters on `data` only: Lambda refuses a pattern on the partition key.
    let on_key = shardlane(
        &[
            "simulate",
            "--filter",
            r#"{"partitionKey": [{"prefix": "a"}]}"#,
            "-",
        ],
        request,
    );
    assert!(!on_key.status.success());
    let stderr = String::from_utf8_lossy(&on_key.stderr);
    assert!(
        stderr.contains("InvalidParameterValueException: Invalid filter pattern definition."),
        "{stderr}"
    );
}

#[test]
fn simulate_help_says_sequence_numbers_are_synthetic_and_names_the_starting_position() {
    let help = shardlane(&["simulate", "--help"], "");
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("Sequence numbers are synthetic (a model)"),
        "{text}"
    );
    assert!(text.contains("StartingPosition LATEST"), "{text}");
    assert!(text.contains(r#"on the record's "data" key"#), "{text}");
}

#[test]
fn mapping_json_from_a_file_needs_a_starting_position_as_lambda_does() {
    let request = r#"{"Records": [{"PartitionKey": "a", "Data": "eA=="}]}"#;
    let without = temp_file("mapping-without.json", r#"{"UUID": "u", "BatchSize": 7}"#);
    let refused = shardlane(
        &["simulate", "--mapping", without.to_str().unwrap(), "-"],
        request,
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(
            "InvalidParameterValueException: 1 validation error detected: Value null at \
             'startingPosition' failed to satisfy constraint: Member must not be null."
        ),
        "{stderr}"
    );
    let with = temp_file(
        "mapping-with.json",
        r#"{"UUID": "u", "BatchSize": 7, "StartingPosition": "TRIM_HORIZON"}"#,
    );
    let out = shardlane(
        &["simulate", "--mapping", with.to_str().unwrap(), "-"],
        request,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The file's settings replace the mapping flags, which may not be given beside it.
    let both = shardlane(
        &[
            "simulate",
            "--mapping",
            with.to_str().unwrap(),
            "--batch-size",
            "3",
            "-",
        ],
        request,
    );
    assert!(!both.status.success());
}

/// `route` hashes its input in chunks of thousands of lines: across chunk boundaries every key is
/// routed in order as one at a time would route it (CRLF and multi-byte keys included), and a bad
/// line stops the run after every line before it was written, located by its number.
#[test]
fn route_streams_in_order_across_chunks_and_stops_at_a_bad_line() {
    let keys: Vec<String> = (0..10_000)
        .map(|i| match i % 3 {
            0 => format!("user-{i}"),
            1 => format!("日本-{i}-😀"),
            _ => "k".repeat(1 + i % 256),
        })
        .collect();
    let layout = StreamLayout::uniform(7).unwrap();
    let router = shardlane::Router::new(&layout);
    let check = |stdout: &[u8], count: usize| {
        let out: Vec<Value> = String::from_utf8_lossy(stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(out.len(), count);
        for (line, key) in out.iter().zip(&keys) {
            let hash_key = shardlane::HashKey::from_partition_key(key);
            let shard_id = &layout.shards[router.route(hash_key).unwrap()].id;
            assert_eq!(line["partition_key"], key.as_str());
            assert_eq!(line["hash_key"], hash_key.to_string(), "{key}");
            assert_eq!(line["shard_id"], shard_id.as_str(), "{key}");
        }
    };
    // The input is written from a thread while the output is read: route answers as it reads.
    let route = |input: Vec<u8>| {
        use std::io::Write;
        let mut child = crate::support::shardlane_command()
            .args(["route", "--shards", "7"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        // A run that stops at a bad line closes its input early: that broken pipe is expected.
        let writer = std::thread::spawn(move || drop(stdin.write_all(&input)));
        let run = child.wait_with_output().unwrap();
        writer.join().unwrap();
        run
    };
    let crlf: String = keys.iter().map(|k| format!("{k}\r\n")).collect();
    let run = route(crlf.into_bytes());
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    check(&run.stdout, keys.len());

    let mut with_empty_key = keys.clone();
    with_empty_key[8999] = String::new();
    let run = route((with_empty_key.join("\n") + "\n").into_bytes());
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("stdin line 9000: a partition key must have 1 to 256"),
        "{stderr}"
    );
    check(&run.stdout, 8999);

    let mut bytes = keys[..4999].join("\n").into_bytes();
    bytes.extend_from_slice(b"\n\xff\xfe\n");
    bytes.extend_from_slice(keys[5000..].join("\n").as_bytes());
    let run = route(bytes);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("stdin line 5000: stream did not contain valid UTF-8"),
        "{stderr}"
    );
    check(&run.stdout, 4999);
}
