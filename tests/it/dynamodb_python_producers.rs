//! Python and JavaScript producers that write a DynamoDB table (`tests/producers/dynamodb/`), run
//! by `shardlane simulate --source dynamodb` in its `python3` or `node` child, give the stream records their
//! header expects (`# expect:` event names, `NAME*n` for n of them; `# refused:` calls DynamoDB
//! refuses; `# error:` the script's error; `# min-shards:` the fewest stream shards), and (Python)
//! the same records as the checkout's harness in CPython (`tests/python/run_with_cpython.py`) fed to the core.

use crate::support::shardlane;
use serde_json::Value;
use shardlane::dynamodb::{
    calls_from_harness_answer, simulate_dynamodb, DynamoDbInput, ShardModel, TableDefinition,
    TimeToLive,
};
use shardlane::layout::StreamLayout;
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use shardlane::producers::harness::{harness_options_json, HarnessOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

fn directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/producers/dynamodb")
}

/// A `# name: value` (Python) or `// name: value` (JavaScript) header line's value.
fn header(text: &str, name: &str) -> Option<String> {
    text.lines()
        .filter_map(|l| {
            l.strip_prefix(&format!("# {name}: "))
                .or_else(|| l.strip_prefix(&format!("// {name}: ")))
        })
        .map(str::to_owned)
        .next()
}

fn expected_names(spec: &str) -> Vec<String> {
    spec.split_whitespace()
        .flat_map(|word| match word.split_once('*') {
            Some((name, n)) => vec![name.to_owned(); n.parse().unwrap()],
            None => vec![word.to_owned()],
        })
        .collect()
}

/// The harness's answer in the checkout's CPython harness.
fn with_cpython(script: &Path) -> String {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/run_with_cpython.py");
    let options = harness_options_json(
        &StreamLayout::uniform(1).unwrap(),
        &HarnessOptions::default(),
    );
    let output = Command::new("python3")
        .args(["-B", "-I", "-S"])
        .arg(runner)
        .arg(script)
        .arg(options)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn python_producers_write_the_expected_stream_records() {
    let table_path = directory().join("table.json");
    let table =
        TableDefinition::from_describe_table_json(&std::fs::read_to_string(&table_path).unwrap())
            .unwrap();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(directory())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["py", "js", "mjs"].contains(&e.to_str().unwrap()))
        })
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 14);
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let extra = header(&text, "args").unwrap_or_default();
        let mut args = vec![
            "simulate",
            "--source",
            "dynamodb",
            "--table",
            table_path.to_str().unwrap(),
        ];
        args.extend(extra.split_whitespace());
        args.push(script.to_str().unwrap());
        let output = shardlane(&args, "");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let name = script.file_name().unwrap().to_string_lossy().to_string();
        if let Some(error) = header(&text, "error") {
            assert!(!output.status.success(), "{name}");
            assert!(stderr.contains(&error), "{name}: {stderr}");
            continue;
        }
        assert!(output.status.success(), "{name}: {stderr}");
        let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let names: Vec<String> = lines
            .iter()
            .map(|l| l["event_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            expected_names(&header(&text, "expect").unwrap()),
            "{name}"
        );
        if let Some(least) = header(&text, "min-shards") {
            let shards: std::collections::BTreeSet<&str> = lines
                .iter()
                .map(|l| l["shard_id"].as_str().unwrap())
                .collect();
            assert!(shards.len() >= least.parse().unwrap(), "{name}: {shards:?}");
        }
        for message in header(&text, "refused-with")
            .iter()
            .flat_map(|m| m.split('|'))
        {
            assert!(stderr.contains(message), "{name}: {stderr}");
        }
        let refused: usize = header(&text, "refused").map_or(0, |n| n.parse().unwrap());
        assert_eq!(
            stderr.matches("Exception: ").count(),
            refused,
            "{name}: {stderr}"
        );

        if !name.ends_with(".py") {
            continue;
        }
        // The checkout's harness in CPython, through the core, gives the same records.
        let calls = calls_from_harness_answer(&with_cpython(&script)).unwrap();
        let ttl = TimeToLive {
            attribute: extra
                .contains("--ttl-attribute")
                .then(|| "expires".to_string()),
            delay_seconds: 0,
        };
        let (mapping, function, failures, source) = (
            MappingConfig::default(),
            FunctionModel::default(),
            FailureRules::default(),
            EventSource {
                stream_name: table.name.clone(),
                ..EventSource::default()
            },
        );
        let words: Vec<&str> = extra.split_whitespace().collect();
        let shards = ShardModel {
            partitions: words
                .iter()
                .position(|w| *w == "--partitions")
                .map_or(ShardModel::default().partitions, |i| {
                    words[i + 1].parse().unwrap()
                }),
            ..ShardModel::default()
        };
        let simulation = simulate_dynamodb(&DynamoDbInput {
            table: &table,
            calls: &calls,
            ttl: &ttl,
            shards: &shards,
            mapping: &mapping,
            function: &function,
            failures: &failures,
            source: &source,
        });
        assert_eq!(simulation.records.len(), lines.len(), "{name}");
        for ((record, change), line) in simulation
            .records
            .iter()
            .zip(&simulation.table_run.changes)
            .zip(&lines)
        {
            assert_eq!(
                line["sequence_number"],
                record.sequence_number.as_str(),
                "{name}"
            );
            assert_eq!(
                line["keys"],
                serde_json::to_value(&change.keys).unwrap(),
                "{name}"
            );
            assert_eq!(line["line"], change.line, "{name}");
            assert_eq!(line["arrival_ms"], change.at_ms, "{name}");
            assert_eq!(
                line["shard_id"],
                simulation.layout.shards[record.shard].id.as_str(),
                "{name}"
            );
        }
    }
}

#[test]
fn python_values_become_dynamodb_json_as_boto3_writes_them() {
    let script = directory().join("02_resource_python_types.py");
    let answer: Value = serde_json::from_str(&with_cpython(&script)).unwrap();
    let put = &answer["dynamodb_calls"][0];
    assert_eq!(put["line"], 7);
    assert_eq!(
        put["call"]["PutItem"]["Item"],
        serde_json::json!({
            "customer": {"S": "c1"},
            "at": {"N": "1"},
            "total": {"N": "19.90"},
            "paid": {"BOOL": false},
            "note": {"NULL": true},
            "tags": {"SS": ["gift", "new"]},
            "lines": {"L": [{"M": {"sku": {"S": "A-1"}, "qty": {"N": "2"}}}]},
            "raw": {"B": "AAE="}
        })
    );
    assert_eq!(put["call"]["PutItem"]["TableName"], "orders");
}

#[test]
fn the_batch_writer_sends_calls_of_25() {
    let answer: Value =
        serde_json::from_str(&with_cpython(&directory().join("03_batch_writer.py"))).unwrap();
    let sizes: Vec<usize> = answer["dynamodb_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["call"]["BatchWriteItem"]["RequestItems"]["orders"]
                .as_array()
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, [25, 5]);
}

/// The fake boto3's DynamoDB client validates with botocore's texts: the cases in
/// `tests/python/botocore_dynamodb_validation_cases.json` were generated by the real botocore on
/// the dynamodb model (`tests/python/fake_boto3_dynamodb_checks.py`).
#[test]
fn the_dynamodb_client_validates_as_botocore() {
    let checks =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/fake_boto3_dynamodb_checks.py");
    let output = Command::new("python3")
        .args(["-B", "-I", "-S"])
        .arg(checks)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success() && output.stdout == b"ok\n",
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
