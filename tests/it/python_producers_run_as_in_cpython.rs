//! Real producer scripts run by `shardlane simulate` give the records CPython's harness gives.
//!
//! Every script in `tests/producers/python/` goes through the harness twice: through the CLI (its
//! `python3 -B -I -S` child with the harness compiled into the binary) and through
//! `tests/python/run_with_cpython.py` (the harness file of the checkout). The records, the console
//! and the error must agree; a few scripts also have their meaning checked on the harness's answer,
//! so a bug both runs share is still caught.

use crate::support::{checkout_python, shardlane, temp_file};
use serde_json::Value;
use shardlane::layout::StreamLayout;
use shardlane::producers::harness::{harness_options_json, parse_harness_output, HarnessOptions};
use shardlane::producers::{ProducerRun, StopReason};
use std::path::{Path, PathBuf};

const SHARDS: usize = 3;
const RECORD_CAP: usize = 5_000;
const SEED: u64 = 7;

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
        record_cap: RECORD_CAP,
        seed: SEED,
        ..HarnessOptions::default()
    };
    harness_options_json(&StreamLayout::uniform(SHARDS).unwrap(), &options)
}

/// The harness's answer in CPython, from `run_with_cpython.py`.
fn with_cpython(script: &Path, options: &str) -> String {
    let stdout = checkout_python(
        "tests/python/run_with_cpython.py",
        &[script.as_os_str(), options.as_ref()],
    );
    String::from_utf8(stdout).unwrap()
}

fn run_of(name: &str) -> ProducerRun {
    let script = corpus().into_iter().find(|p| p.ends_with(name)).unwrap();
    parse_harness_output(&with_cpython(&script, &options())).unwrap()
}

/// Where the CLI's run of `script` differs from the harness's answer `expected`, if anywhere.
fn cli_mismatch(script: &Path, expected: &ProducerRun) -> Option<String> {
    let (cap, seed, shards) = (RECORD_CAP.to_string(), SEED.to_string(), SHARDS.to_string());
    let output = shardlane(
        &[
            "simulate",
            "--shards",
            &shards,
            "--record-cap",
            &cap,
            "--seed",
            &seed,
            script.to_str().unwrap(),
        ],
        "",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !stderr.starts_with(&expected.console) {
        return Some(format!("console: {stderr}"));
    }
    if let Some(error) = &expected.error {
        let refused = !output.status.success() && stderr.contains(&error.to_string());
        return (!refused).then(|| format!("error {error}: {stderr}"));
    }
    if !output.status.success() {
        return Some(stderr.into_owned());
    }
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    if lines.len() != expected.records.len() {
        return Some(format!(
            "{} records, not {}",
            lines.len(),
            expected.records.len()
        ));
    }
    use base64::Engine;
    let base64 = base64::engine::general_purpose::STANDARD;
    lines
        .iter()
        .zip(&expected.records)
        .find_map(|(line, record)| {
            let same = line["partition_key"] == record.partition_key.as_str()
                && line["explicit_hash_key"].as_str() == record.explicit_hash_key.as_deref()
                && line["data_base64"] == base64.encode(&record.data).as_str()
                && line["arrival_ms"] == record.arrival_ms;
            (!same).then(|| format!("{line} is not {record:?}"))
        })
}

#[test]
fn every_script_gives_the_cli_the_records_cpython_gives() {
    let options = options();
    let scripts = corpus();
    assert!(
        scripts.len() >= 25,
        "the corpus has {} scripts",
        scripts.len()
    );
    let mismatches: Vec<String> = scripts
        .iter()
        .filter_map(|script| {
            let expected = parse_harness_output(&with_cpython(script, &options)).unwrap();
            cli_mismatch(script, &expected).map(|m| format!("{}: {m}", script.display()))
        })
        .collect();
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
    assert_eq!(run.records.len(), RECORD_CAP);
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
}

/// Runs an example scenario end to end: its Python code in CPython's harness, then the stream and
/// the mapping.
fn simulate_example(id: &str) -> shardlane::simulation::Insights {
    use shardlane::mapping::EventSource;
    let example = shardlane::examples::examples()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap();
    let scenario = example.scenario;
    let layout = StreamLayout::uniform(scenario.shard_count).unwrap();
    let script = temp_file(&format!("example-{id}.py"), &scenario.code);
    let output = with_cpython(
        &script,
        &harness_options_json(&layout, &scenario.harness_options()),
    );
    let run = parse_harness_output(&output).unwrap();
    assert_eq!(run.error, None, "{id}");
    let source = EventSource::default();
    let input = shardlane::SimulationInput::new(
        &run.records,
        &layout,
        &scenario.mapping,
        &scenario.function,
        &source,
    )
    .with_failures(&scenario.failures);
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

/// The examples that teach routing and concurrency must not fail by accident: with Lambda's
/// default 3 s timeout, a batch the function model makes longer would time out and be retried.
#[test]
fn the_python_examples_run_without_failed_invocations() {
    for example in shardlane::examples::examples() {
        if example.scenario.language() != shardlane::producers::Language::Python
            || !example.scenario.failures.is_empty()
        {
            continue;
        }
        let insights = simulate_example(example.id);
        assert_eq!(
            insights.lag.failed_invocations, 0,
            "{}: {:?}",
            example.id, insights.findings
        );
    }
}

/// The "When it fails" examples show what their titles say, with their own failure rules.
#[test]
fn the_failure_examples_show_what_aws_s_guide_says() {
    use shardlane::mapping::DiscardReason;
    let day_ms = 24 * 3_600_000;
    // Default settings: the poison record's shard is blocked until its records age out of the
    // 24 h retention; the other shard is not blocked at all.
    let poison = simulate_example("poison-record").lag;
    assert!(
        poison.blocked_ms.iter().any(|&ms| ms >= day_ms),
        "{:?}",
        poison.findings
    );
    assert!(poison.blocked_ms.contains(&0), "{:?}", poison.blocked_ms);
    assert!(poison
        .max_iterator_age_ms
        .iter()
        .any(|&ms| ms >= day_ms - 60_000));
    assert!(poison.discarded_records > 1, "{:?}", poison.findings);
    assert!(
        poison
            .findings
            .iter()
            .any(|f| f.contains("No OnFailure destination")),
        "{:?}",
        poison.findings
    );
    // Bisect and two retries: the shard moves on within minutes, only the poison record is
    // discarded (retries exhausted) and the queue is told.
    let isolated = simulate_example("poison-record-bisect").lag;
    assert_eq!(isolated.discarded_records, 1, "{:?}", isolated.findings);
    assert!(
        isolated.blocked_ms.iter().all(|&ms| ms < 10 * 60_000),
        "{:?}",
        isolated.blocked_ms
    );
    assert!(
        isolated.findings.iter().any(|f| f
            .contains(DiscardReason::RetryAttemptsExhausted.as_str())
            && f.contains(shardlane::examples::EXAMPLE_ON_FAILURE_QUEUE)),
        "{:?}",
        isolated.findings
    );
    // Partial batch responses: flaky payments are retried, nothing is discarded, and the records
    // before the lowest reported one are not delivered again.
    let partial = simulate_example("partial-batch-response").lag;
    assert!(partial.failed_invocations > 0);
    assert_eq!(partial.discarded_records, 0);
    assert!(partial.records_delivered_again > 0 && partial.records_delivered_again < 200);
    // A slow function falls behind by minutes; ParallelizationFactor 10 keeps the age near a
    // second, and neither times out.
    let slow = simulate_example("slow-function").lag;
    let parallel = simulate_example("slow-function-parallel").lag;
    let worst = |lag: &shardlane::simulation::lag::LagInsights| {
        lag.max_iterator_age_ms.iter().copied().max().unwrap_or(0)
    };
    assert!(worst(&slow) > 60_000, "{:?}", slow.max_iterator_age_ms);
    assert!(
        worst(&parallel) < 5_000,
        "{:?}",
        parallel.max_iterator_age_ms
    );
    assert_eq!(slow.failed_invocations + parallel.failed_invocations, 0);
    assert!(
        slow.findings.iter().any(|f| f.contains("IteratorAge")),
        "{:?}",
        slow.findings
    );
}
