//! Real producer scripts run by RustPython extract byte-for-byte the records CPython does.
//!
//! Every script in `tests/producers/python/` goes through the harness twice: in RustPython (the
//! engine the CLI and the page use) and in CPython (`python3`, with the same harness file). The
//! JSON must be identical; a few scripts also have their meaning checked, so a bug the two runs
//! share is still caught.

use shardlane::layout::StreamLayout;
use shardlane::producers::harness::{harness_options_json, parse_harness_output, HarnessOptions};
use shardlane::producers::{ProducerRun, StopReason};
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/producers/python");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "py"))
        .collect();
    scripts.sort();
    scripts
}

fn options() -> String {
    let options = HarnessOptions {
        record_cap: 5_000,
        seed: 7,
        ..HarnessOptions::default()
    };
    harness_options_json(&StreamLayout::uniform(3).unwrap(), &options)
}

fn with_cpython(script: &Path, options: &str) -> String {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/run_with_cpython.py");
    // -I -S: no site-packages, like RustPython, so a third-party import fails the same way.
    let output = Command::new("python3")
        .args(["-I", "-S"])
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

fn with_rustpython(script: &Path, options: &str) -> String {
    let code = std::fs::read_to_string(script).unwrap();
    shardlane_python::run_harness(&code, options).unwrap()
}

fn run_of(name: &str) -> ProducerRun {
    let script = corpus().into_iter().find(|p| p.ends_with(name)).unwrap();
    parse_harness_output(&with_rustpython(&script, &options())).unwrap()
}

#[test]
fn every_script_extracts_the_same_records_as_cpython() {
    let options = options();
    let scripts = corpus();
    assert!(
        scripts.len() >= 25,
        "the corpus has {} scripts",
        scripts.len()
    );
    let mut mismatches = Vec::new();
    for script in &scripts {
        let (expected, actual) = (
            with_cpython(script, &options),
            with_rustpython(script, &options),
        );
        if expected != actual {
            mismatches.push(format!(
                "{}:\n  CPython:    {expected}\n  RustPython: {actual}",
                script.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_seed_sends_its_eight_records_in_one_call() {
    let run = run_of("01_seed_put_records.py");
    let keys: Vec<&str> = run
        .records
        .iter()
        .map(|r| r.partition_key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["100", "101", "101", "101", "101", "101", "102", "103"]
    );
    assert!(run
        .records
        .iter()
        .all(|r| r.put_call == 0 && r.source_line == Some(27)));
    assert_eq!(
        run.records[0].data,
        br#"{"type": "c", "source": 100, "id": 200, "data": "ce"}"#
    );
    assert_eq!(run.error, None);
}

#[test]
fn an_endless_producer_stops_at_the_cap_with_its_records_spread_in_time() {
    let run = run_of("14_endless_with_sleep.py");
    assert_eq!(run.stopped, Some(StopReason::RecordCap));
    assert_eq!(run.records.len(), 5_000);
    assert_eq!(run.records[4_999].arrival_ms, 4_999 * 10_000);
    assert_eq!(run.error, None);
}

#[test]
fn errors_come_back_located_with_pythons_message() {
    let syntax = run_of("15_syntax_error.py").error.unwrap();
    assert_eq!(syntax.line, Some(4));
    assert!(
        syntax.message.starts_with("SyntaxError"),
        "{}",
        syntax.message
    );
    let name = run_of("16_name_error.py");
    assert_eq!(name.records.len(), 1);
    let error = name.error.unwrap();
    assert_eq!(error.line, Some(5));
    assert_eq!(error.message, "NameError: name 'payload' is not defined");
    let import = run_of("17_third_party_import.py").error.unwrap();
    assert_eq!(import.line, Some(2));
    assert!(
        import.message.contains("'requests'") && import.message.contains("literals"),
        "{}",
        import.message
    );
    let int_key = run_of("25_int_partition_key.py").error.unwrap();
    assert_eq!(int_key.line, Some(5));
    assert!(
        int_key.message.contains("valid types: <class 'str'>"),
        "{}",
        int_key.message
    );
}

#[test]
fn throttled_records_are_answered_and_retried() {
    let run = run_of("21_retry_throttled.py");
    // 1,500 records on one shard in one second: 1,000 accepted, 500 throttled and resent later.
    assert!(
        run.console
            .contains("attempt 0 failed 0\nattempt 0 failed 0\nattempt 0 failed 500"),
        "{}",
        run.console
    );
    assert!(
        run.console.contains("attempt 1 failed 0"),
        "{}",
        run.console
    );
}

#[test]
fn the_page_s_built_in_seed_records_are_what_the_engine_extracts() {
    // The page draws the default scenario from these records before any engine loads.
    assert_eq!(
        shardlane::examples::seed_records(),
        run_of("01_seed_put_records.py").records
    );
    assert_eq!(
        shardlane::scenario::SEED_PYTHON,
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/seed-put-records.py")
        )
        .unwrap_or_else(|_| shardlane::scenario::SEED_PYTHON.to_owned()),
        "the default scenario is the shared seed example"
    );
}

/// Runs an example scenario end to end: its Python code, then the stream and the mapping.
fn simulate_example(id: &str) -> shardlane::simulation::Insights {
    use shardlane::mapping::EventSource;
    let example = shardlane::examples::examples()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    let scenario = example.scenario;
    let layout = StreamLayout::uniform(scenario.shard_count).unwrap();
    let output = shardlane_python::run_harness(
        &scenario.code,
        &harness_options_json(&layout, &scenario.harness_options()),
    )
    .unwrap();
    let run = parse_harness_output(&output).unwrap();
    assert_eq!(run.error, None, "{id}");
    let source = EventSource::default();
    let input = shardlane::SimulationInput::new(
        &run.records,
        &layout,
        &scenario.mapping,
        &scenario.function,
        &source,
    );
    shardlane::simulate(&input).insights
}

#[test]
fn the_examples_answer_the_three_questions() {
    let q1 = simulate_example("same-shard-different-instances");
    assert!(
        q1.environments_serving_several_shards >= 1,
        "{:?}",
        q1.findings
    );
    assert!(
        q1.shards.iter().any(|s| s.environments > 1),
        "{:?}",
        q1.findings
    );

    let q2 = simulate_example("per-key-order-in-parallel");
    assert!(
        q2.peak_concurrency > 2,
        "PF 4 on 2 shards runs keys concurrently: {:?}",
        q2.findings
    );
    assert!(
        q2.findings
            .iter()
            .any(|f| f.contains("per-key order holds")),
        "{:?}",
        q2.findings
    );

    let q3 = simulate_example("concurrency-stuck-few-keys");
    assert_eq!(q3.distinct_keys, 3);
    assert!(
        q3.concurrency_ceiling <= 3 && q3.peak_concurrency <= 3,
        "{:?}",
        q3.findings
    );
    assert!(
        q3.ceiling_reason.contains("3 distinct partition keys"),
        "{}",
        q3.ceiling_reason
    );

    let constant = simulate_example("strategy-constant-key");
    assert_eq!(constant.hot_shards.len(), 1);
    assert_eq!(constant.concurrency_ceiling, 1);
}
