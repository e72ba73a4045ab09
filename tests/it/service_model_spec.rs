//! The service-model spec (`tests/service_model/*.json`: calls and AWS's answers) against the
//! Rust core and against `www/python-engine/harness.py` in CPython. The JavaScript engine runs the
//! same files in `tests/service_model/kinesis.test.mjs` (`node --test`).
//!
//! The core answers through `simulate` and `Simulation::put_call_answers`; the harness through
//! its `put_call` (the service side its fake boto3 client calls), driven by
//! `tests/python/run_service_model.py`. Both answers are compared here with the spec's.

use crate::support::checkout_python;
use serde_json::{json, Value};
use shardlane::layout::StreamLayout;
use shardlane::mapping::event::EventSource;
use shardlane::mapping::{FunctionModel, MappingConfig};
use shardlane::record::{ProducedRecord, PutApi};
use shardlane::simulation::{simulate, SimulationInput};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn spec_files() -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/service_model");
    let mut files: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "the spec files are there");
    files
}

fn read_spec(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The put calls of a spec: (API, parameters), in order.
fn put_calls(spec: &Value) -> Vec<(&str, &Value)> {
    spec["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|call| {
            ["PutRecord", "PutRecords"]
                .into_iter()
                .find_map(|api| call.get(api).map(|params| (api, params)))
        })
        .collect()
}

/// A spec's `Data`: `{"text": …}` or `{"bytes": N}`.
fn data_bytes(data: &Value) -> Vec<u8> {
    match (data.get("text"), data.get("bytes")) {
        (Some(text), _) => text.as_str().unwrap().as_bytes().to_vec(),
        (_, Some(n)) => vec![b'a'; n.as_u64().unwrap() as usize],
        _ => panic!("Data is {{\"text\"}} or {{\"bytes\"}}: {data}"),
    }
}

/// Entries with `"times": N` written out N times.
fn expand(entries: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for entry in entries.as_array().unwrap() {
        let times = entry.get("times").and_then(Value::as_u64).unwrap_or(1);
        let mut entry = entry.clone();
        entry.as_object_mut().unwrap().remove("times");
        out.extend(std::iter::repeat_n(entry, times as usize));
    }
    out
}

/// The spec's calls as the records the core simulates.
fn records_of(spec: &Value) -> Vec<ProducedRecord> {
    let mut records = Vec::new();
    let mut clock_ms = 0;
    let mut call = 0;
    for step in spec["calls"].as_array().unwrap() {
        if let Some(ms) = step.get("advance_ms") {
            clock_ms += ms.as_u64().unwrap();
            continue;
        }
        let (api, params) = if let Some(params) = step.get("PutRecord") {
            (PutApi::PutRecord, params)
        } else {
            (PutApi::PutRecords, &step["PutRecords"])
        };
        let stream = match (params.get("StreamName"), params.get("StreamARN")) {
            (Some(name), _) => name.as_str().unwrap().to_owned(),
            (_, Some(arn)) => arn.as_str().unwrap().rsplit('/').next().unwrap().to_owned(),
            _ => panic!("a spec call names its stream"),
        };
        let entries = match api {
            PutApi::PutRecord => vec![params.clone()],
            PutApi::PutRecords => expand(&params["Records"]),
        };
        for entry in entries {
            records.push(ProducedRecord {
                stream: stream.clone(),
                partition_key: entry["PartitionKey"].as_str().unwrap().to_owned(),
                explicit_hash_key: entry
                    .get("ExplicitHashKey")
                    .map(|k| k.as_str().unwrap().to_owned()),
                data: data_bytes(&entry["Data"]),
                arrival_ms: clock_ms,
                put_call: call,
                api,
                source_line: None,
            });
        }
        call += 1;
    }
    records
}

fn core_answers(spec: &Value) -> Vec<Value> {
    let layout = StreamLayout::from_aws_json(&spec["stream"].to_string()).unwrap();
    let records = records_of(spec);
    let (mapping, function, source) = (
        MappingConfig::default(),
        FunctionModel::default(),
        EventSource::default(),
    );
    let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
    simulate(&input)
        .put_call_answers(&records, &layout)
        .into_iter()
        .map(|answer| serde_json::to_value(answer).unwrap())
        .collect()
}

fn cpython_answers(path: &Path) -> Vec<Value> {
    serde_json::from_slice(&checkout_python(
        "tests/python/run_service_model.py",
        &[path.as_os_str()],
    ))
    .unwrap()
}

/// Sequence numbers as numbers: all digits, compared by length first.
fn sequence_key(number: &Value) -> (usize, String) {
    let text = number
        .as_str()
        .expect("an accepted entry has a SequenceNumber");
    assert!(
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
        "{text}"
    );
    (text.len(), text.to_owned())
}

/// Checks `answers` against the spec: sequence numbers increase within each shard, and without
/// them every answer is the spec's.
fn check(implementation: &str, path: &Path, spec: &Value, answers: &[Value]) {
    let name = path.file_name().unwrap().to_string_lossy();
    let calls = put_calls(spec);
    let expected: Vec<&Value> = spec["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.get("expect"))
        .collect();
    assert_eq!(
        answers.len(),
        calls.len(),
        "{implementation}, {name}: one answer per call"
    );
    let mut last_in_shard: HashMap<String, (usize, String)> = HashMap::new();
    for (i, (answer, expect)) in answers.iter().zip(expected).enumerate() {
        let mut answer = answer.clone();
        let accepted: Vec<&mut Value> = match answer.get_mut("Records") {
            Some(Value::Array(entries)) => entries.iter_mut().collect(),
            _ => vec![&mut answer],
        };
        for entry in accepted {
            if let Some(shard) = entry
                .get("ShardId")
                .and_then(Value::as_str)
                .map(str::to_owned)
            {
                let key = sequence_key(&entry["SequenceNumber"]);
                if let Some(last) = last_in_shard.get(&shard) {
                    assert!(
                        key > *last,
                        "{implementation}, {name}, call {i}: sequence numbers of {shard} must increase"
                    );
                }
                last_in_shard.insert(shard, key);
                entry.as_object_mut().unwrap().remove("SequenceNumber");
            }
        }
        let mut expect = expect.clone();
        if let Some(records) = expect.get("Records") {
            expect["Records"] = json!(expand(records));
        }
        assert_eq!(
            answer, expect,
            "{implementation}, {name}, call {i} ({}) answered differently from AWS",
            calls[i].0
        );
    }
}

#[test]
fn the_core_answers_as_the_service_model_spec() {
    for path in spec_files() {
        let spec = read_spec(&path);
        check("the Rust core", &path, &spec, &core_answers(&spec));
    }
}

#[test]
fn harness_py_in_cpython_answers_as_the_service_model_spec() {
    for path in spec_files() {
        let spec = read_spec(&path);
        check(
            "harness.py in CPython",
            &path,
            &spec,
            &cpython_answers(&path),
        );
    }
}

/// The fake boto3 of harness.py validates parameters with botocore's texts (cases generated by the
/// real botocore, `tests/python/botocore_validation_cases.json`) and retries a throttled PutRecord
/// as botocore's standard mode does, on the virtual clock (`tests/python/fake_boto3_checks.py`).
#[test]
fn harness_py_fake_boto3_validates_and_retries_as_botocore() {
    let stdout = checkout_python("tests/python/fake_boto3_checks.py", &[]);
    assert_eq!(String::from_utf8_lossy(&stdout), "ok\n");
}
