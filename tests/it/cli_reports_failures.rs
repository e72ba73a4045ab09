//! `shardlane simulate` says what failed: the failure flags under the AWS CLI's names, each line's
//! `deliveries`, `outcome` and `discard_reason`, the on-failure documents file, and the summary's
//! iterator age and blocked time per shard.

use crate::support::{lines, shardlane, temp_file};
use serde_json::Value;

const KEYS: &str = "a\nb\npoison\nc\nd\n";

#[test]
fn every_line_says_how_often_a_record_was_delivered_and_how_it_ended() {
    let out = lines(&shardlane(&["simulate", "--shards", "1", "-"], KEYS));
    for line in &out {
        assert_eq!(line["deliveries"], 1, "{line}");
        assert_eq!(line["outcome"], "processed", "{line}");
        assert!(line["discard_reason"].is_null(), "{line}");
    }
    let out = lines(&shardlane(
        &[
            "simulate",
            "--shards",
            "1",
            "--batch-size",
            "2",
            "--fail-key",
            "poison",
            "--maximum-retry-attempts",
            "1",
            "-",
        ],
        KEYS,
    ));
    let outcome: Vec<(&str, u64, &Value)> = out
        .iter()
        .map(|l| {
            (
                l["outcome"].as_str().unwrap(),
                l["deliveries"].as_u64().unwrap(),
                &l["discard_reason"],
            )
        })
        .collect();
    assert_eq!(outcome[0], ("processed", 1, &Value::Null));
    assert_eq!(outcome[2].0, "discarded");
    assert_eq!(outcome[2].2, "RetryAttemptsExhausted");
    // The good record in the poison's batch was delivered twice and discarded with it.
    assert_eq!(
        outcome[3],
        ("discarded", 2, &Value::from("RetryAttemptsExhausted"))
    );
    assert_eq!(outcome[4].0, "processed");
}

#[test]
fn a_failures_file_and_an_on_failure_destination_produce_awss_documents() {
    let rules = temp_file(
        "rules.json",
        r#"{"rules": [{"effect": "error", "match": {"key_prefix": "poi"}, "attempts": "always"}]}"#,
    );
    let documents =
        std::env::temp_dir().join(format!("shardlane-{}-docs.jsonl", std::process::id()));
    let output = shardlane(
        &[
            "simulate",
            "--shards",
            "1",
            "--batch-size",
            "4",
            "--bisect-batch-on-function-error",
            "--maximum-retry-attempts",
            "0",
            "--destination-config",
            r#"{"OnFailure": {"Destination": "arn:aws:sqs:us-east-2:123456789012:dlq"}}"#,
            "--failures",
            rules.to_str().unwrap(),
            "--on-failure-documents",
            documents.to_str().unwrap(),
            "--summary",
            "-",
        ],
        KEYS,
    );
    let out = lines(&output);
    assert_eq!(out[2]["discard_reason"], "RetryAttemptsExhausted");
    assert_eq!(
        out.iter().filter(|l| l["outcome"] == "processed").count(),
        4
    );
    let text = std::fs::read_to_string(&documents).unwrap();
    let docs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["KinesisBatchInfo"]["batchSize"], 1);
    assert_eq!(
        docs[0]["requestContext"]["condition"],
        "RetryAttemptsExhausted"
    );
    assert_eq!(
        docs[0]["KinesisBatchInfo"]["startSequenceNumber"],
        out[2]["sequence_number"]
    );
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("shardId-000000000000: max iterator age "),
        "{summary}"
    );
    assert!(
        summary.contains("One poison record blocked shardId-000000000000"),
        "{summary}"
    );
}

#[test]
fn bad_failure_settings_are_refused_with_their_place() {
    let rules = temp_file(
        "bad-rules.json",
        "{\"rules\": [\n  {\"effect\": \"explode\"}]}",
    );
    // Input from a file: a refused run exits before it would read stdin.
    let keys = temp_file("refused-keys.txt", KEYS);
    let keys = keys.to_str().unwrap();
    let output = shardlane(
        &["simulate", "--failures", rules.to_str().unwrap(), keys],
        "",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    for bad in [
        vec!["--maximum-retry-attempts", "-2"],
        vec!["--maximum-record-age-in-seconds", "59"],
        vec![
            "--destination-config",
            r#"{"OnFailure": {"Destination": "dlq"}}"#,
        ],
        vec!["--function-response-types", "Everything"],
        vec!["--retention-period-hours", "8761"],
    ] {
        let mut args = vec!["simulate"];
        args.extend(bad.iter().copied());
        args.push(keys);
        let output = shardlane(&args, "");
        assert!(!output.status.success(), "{bad:?}");
    }
}
