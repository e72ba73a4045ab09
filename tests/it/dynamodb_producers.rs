//! Python and JavaScript producers that write a DynamoDB table (`tests/producers/dynamodb/`), run
//! by `shardlane simulate --source dynamodb` in its `python3` or `node` child, give the stream
//! records their header expects: `# expect:` event names, `# keys:` each record's key
//! (`customer/at`), `# shards:` each record's stream shard, named `s0`, `s1`, … in order of first
//! use (a token `x*n` stands for n of them, `c{0..9}/1` for c0/1 … c9/1); `# refused:` how many
//! calls DynamoDB refuses and `# refused-with:` their messages (`|` between them); `# error:` the
//! script's error; `# min-shards:` the fewest stream shards. Each script's calls, taken from the
//! checkout's harness run directly (Python: `tests/python/run_with_cpython.py` in CPython;
//! JavaScript: `tests/dynamodb/run_with_node.mjs` in Node) and fed to the core, give the CLI's
//! records again.

use crate::support::{checkout_node, checkout_python, cli_simulate_dynamodb};
use serde_json::Value;
use shardlane::dynamodb::{
    calls_from_harness_answer, simulate_dynamodb, DynamoDbInput, ShardModel, TableDefinition,
    TimeToLive,
};
use shardlane::layout::StreamLayout;
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use shardlane::producers::harness::{harness_options_json, HarnessOptions};
use std::path::{Path, PathBuf};

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

/// A header's tokens: `x*n` is n times x, `c{0..9}/1` is c0/1 … c9/1.
fn expand(spec: &str) -> Vec<String> {
    spec.split_whitespace()
        .flat_map(|word| {
            let (word, times) = match word.rsplit_once('*') {
                Some((word, n)) => (word, n.parse().unwrap()),
                None => (word, 1),
            };
            let words: Vec<String> = match (word.find('{'), word.find('}')) {
                (Some(open), Some(close)) => {
                    let (from, to) = word[open + 1..close].split_once("..").unwrap();
                    let (from, to): (u32, u32) = (from.parse().unwrap(), to.parse().unwrap());
                    (from..=to)
                        .map(|n| format!("{}{n}{}", &word[..open], &word[close + 1..]))
                        .collect()
                }
                _ => vec![word.to_owned()],
            };
            std::iter::repeat_n(words, times).flatten()
        })
        .collect()
}

/// Each record's stream shard as `s0`, `s1`, … in order of first use.
fn shard_labels(lines: &[Value]) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    lines
        .iter()
        .map(|line| {
            let id = line["shard_id"].as_str().unwrap();
            let index = seen.iter().position(|s| *s == id).unwrap_or_else(|| {
                seen.push(id);
                seen.len() - 1
            });
            format!("s{index}")
        })
        .collect()
}

/// Each record's key as `customer/at` (the corpus table's partition and sort keys).
fn key_texts(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let keys = &line["keys"];
            let customer = &keys["customer"];
            let customer = customer["S"].as_str().or(customer["N"].as_str()).unwrap();
            format!("{customer}/{}", keys["at"]["N"].as_str().unwrap())
        })
        .collect()
}

/// The harness's answer for a script in the checkout's harness, run directly: CPython for
/// Python, Node for JavaScript.
fn harness_answer(script: &Path) -> String {
    if script.extension().is_some_and(|e| e == "py") {
        with_cpython(script)
    } else {
        with_node(script)
    }
}

/// The harness's answer in the checkout's JavaScript harness under Node.
fn with_node(script: &Path) -> String {
    let options = harness_options_json(
        &StreamLayout::uniform(1).unwrap(),
        &HarnessOptions::default(),
    );
    let stdout = checkout_node(
        "tests/dynamodb/run_with_node.mjs",
        &[script.as_os_str(), options.as_ref()],
    );
    String::from_utf8(stdout).unwrap()
}

/// The harness's answer in the checkout's CPython harness.
fn with_cpython(script: &Path) -> String {
    let options = harness_options_json(
        &StreamLayout::uniform(1).unwrap(),
        &HarnessOptions::default(),
    );
    let stdout = checkout_python(
        "tests/python/run_with_cpython.py",
        &[script.as_os_str(), options.as_ref()],
    );
    String::from_utf8(stdout).unwrap()
}

#[test]
fn producers_write_the_expected_stream_records() {
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
    let mut with_records = (0, 0); // (Python, JavaScript) scripts whose records are checked
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let extra = header(&text, "args").unwrap_or_default();
        let words: Vec<&str> = extra.split_whitespace().collect();
        let output = cli_simulate_dynamodb(&table_path, &words, &script);
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
        assert_eq!(names, expand(&header(&text, "expect").unwrap()), "{name}");
        let keys = header(&text, "keys").unwrap_or_else(|| panic!("{name}: no # keys:"));
        assert_eq!(key_texts(&lines), expand(&keys), "{name}");
        let shards = header(&text, "shards").unwrap_or_else(|| panic!("{name}: no # shards:"));
        assert_eq!(shard_labels(&lines), expand(&shards), "{name}");
        if !lines.is_empty() {
            if name.ends_with(".py") {
                with_records.0 += 1;
            } else {
                with_records.1 += 1;
            }
        }
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

        // The checkout's harness run directly, through the core, gives the same records.
        let calls = calls_from_harness_answer(&harness_answer(&script)).unwrap();
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
            assert_eq!(line["event_name"], change.event_name.as_str(), "{name}");
        }
    }
    assert!(
        with_records.0 >= 15 && with_records.1 >= 15,
        "scripts with records (Python, JavaScript): {with_records:?}"
    );
}

/// The same writes in Python and in JavaScript give the same stream records, field for field
/// (only the call's line differs).
#[test]
fn the_same_writes_in_python_and_javascript_give_the_same_records() {
    let table = directory().join("table.json");
    let run = |name: &str| {
        let script = directory().join(name);
        let text = std::fs::read_to_string(&script).unwrap();
        let extra = header(&text, "args").unwrap_or_default();
        let extra: Vec<&str> = extra.split_whitespace().collect();
        let output = cli_simulate_dynamodb(&table, &extra, &script);
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| {
                let mut line: Value = serde_json::from_str(l).unwrap();
                line.as_object_mut().unwrap().remove("line");
                line
            })
            .collect::<Vec<Value>>()
    };
    for (python, javascript) in [
        ("03_batch_writer.py", "28_lib_batch_write_in_chunks.mjs"),
        ("05_ttl_expiry.py", "29_lib_ttl_expiry.mjs"),
        (
            "08_customer_as_partition_key.py",
            "32_customer_as_partition_key.mjs",
        ),
        (
            "20_no_record_for_no_change.py",
            "26_v3_no_record_for_no_change.mjs",
        ),
        (
            "21_transact_update_and_delete.py",
            "27_v3_transact_write_items.mjs",
        ),
        (
            "23_update_creates_the_item.py",
            "33_v2_update_creates_the_item.js",
        ),
        ("25_conditional_put.py", "34_v3_conditional_put.mjs"),
    ] {
        let (from_python, from_javascript) = (run(python), run(javascript));
        assert!(!from_python.is_empty(), "{python}");
        assert_eq!(from_python, from_javascript, "{python} vs {javascript}");
    }
}

#[test]
fn python_values_become_dynamodb_json_as_boto3_writes_them() {
    let script = directory().join("02_resource_python_types.py");
    let answer: Value = serde_json::from_str(&with_cpython(&script)).unwrap();
    let put = &answer["dynamodb_calls"][0];
    assert_eq!(put["line"], 9);
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
    let stdout = checkout_python("tests/python/fake_boto3_dynamodb_checks.py", &[]);
    assert_eq!(String::from_utf8_lossy(&stdout), "ok\n");
}
