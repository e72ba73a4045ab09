//! `shardlane simulate --source dynamodb --table FILE INPUT` keeps the simulate contract: one JSON
//! line per stream record (the Kinesis fields plus `event_name`, `keys`, `line`), nothing for a
//! write that changes nothing, refused writes located on stderr, bad tables refused.

use crate::support::{cli_simulate_dynamodb, lines, shardlane, temp_file};
use serde_json::{json, Value};
use std::collections::BTreeSet;

const TABLE: &str = r#"{"Table": {"TableName": "orders",
  "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"}, {"AttributeName": "at", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
  "LatestStreamLabel": "2026-01-01T00:00:00.000"}}"#;

fn simulate(name: &str, writes: &str, extra: &[&str]) -> std::process::Output {
    let table = temp_file(&format!("{name}-table.json"), TABLE);
    let input = temp_file(&format!("{name}-writes.jsonl"), writes);
    cli_simulate_dynamodb(&table, extra, &input)
}

fn fields(line: &Value) -> BTreeSet<String> {
    line.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn one_line_per_stream_record_with_the_kinesis_fields_and_the_item_key() {
    let writes = r#"{"PutItem": {"Item": {"customer": {"S": "c1"}, "at": {"N": "1.50"}, "s": {"S": "new"}}}}
{"PutItem": {"Item": {"customer": {"S": "c1"}, "at": {"N": "1.5"}, "s": {"S": "new"}}}}
{"UpdateItem": {"Key": {"customer": {"S": "c1"}, "at": {"N": "1.5"}}, "UpdateExpression": "SET s = :s", "ExpressionAttributeValues": {":s": {"S": "paid"}}}}
{"DeleteItem": {"Key": {"customer": {"S": "nobody"}, "at": {"N": "1"}}}}
{"DeleteItem": {"Key": {"customer": {"S": "c1"}, "at": {"N": "1.5"}}}}"#;
    let out = lines(&simulate("contract", writes, &[]));
    let names: Vec<&str> = out
        .iter()
        .map(|l| l["event_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["INSERT", "MODIFY", "REMOVE"],
        "the same put and the missing delete print nothing"
    );
    assert_eq!(
        out.iter()
            .map(|l| l["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 3, 5]
    );
    assert_eq!(
        out[0]["keys"],
        json!({"customer": {"S": "c1"}, "at": {"N": "1.5"}})
    );
    assert_eq!(out[0]["partition_key"], "c1");
    assert_eq!(out[0]["seq"], 0);
    assert_eq!(out[2]["outcome"], "processed");
    // The Kinesis simulate's fields, and three more.
    let kinesis = lines(&shardlane(&["simulate", "--shards", "1", "-"], "a\n"));
    let mut expected = fields(&kinesis[0]);
    expected.extend(["event_name", "keys", "line"].map(String::from));
    for line in &out {
        assert_eq!(fields(line), expected);
        let sequence = line["sequence_number"].as_str().unwrap();
        assert!(sequence.bytes().all(|b| b.is_ascii_digit()));
        assert!(line["shard_id"].as_str().unwrap().starts_with("shardId-"));
    }
    // data_base64 holds the record's `dynamodb` object as the Lambda event carries it.
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD
        .decode(out[1]["data_base64"].as_str().unwrap())
        .unwrap();
    let dynamodb: Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(dynamodb["OldImage"]["s"], json!({"S": "new"}));
    assert_eq!(dynamodb["NewImage"]["s"], json!({"S": "paid"}));
}

#[test]
fn refused_writes_are_located_on_stderr_and_the_rest_runs() {
    let writes = "# orders\n{\"PutItem\": {\"Item\": {\"at\": {\"N\": \"1\"}}}}\n{\"PutItem\": {\"Item\": {\"customer\": {\"S\": \"c\"}, \"at\": {\"N\": \"1\"}}}}\n";
    let output = simulate("refused", writes, &[]);
    let out = lines(&output);
    assert_eq!(out.len(), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("writes.jsonl:2: ValidationException: One or more parameter values were invalid: Missing the key customer in the item"),
        "{stderr}"
    );
}

#[test]
fn one_customer_keeps_one_lane_whatever_the_parallelization_factor() {
    // Seed 001: with the customer id as partition key, one customer's changes stay in order.
    let writes: String = (0..40)
        .map(|i| {
            format!(
                "{{\"PutItem\": {{\"Item\": {{\"customer\": {{\"S\": \"c{}\"}}, \"at\": {{\"N\": \"{i}\"}}}}}}}}\n",
                i % 4
            )
        })
        .collect();
    let out = lines(&simulate(
        "lanes",
        &writes,
        &["--parallelization-factor", "10", "--batch-size", "2"],
    ));
    assert_eq!(out.len(), 40);
    for customer in ["c0", "c1", "c2", "c3"] {
        let mine: Vec<&Value> = out
            .iter()
            .filter(|l| l["partition_key"] == customer)
            .collect();
        let lanes: BTreeSet<(String, u64)> = mine
            .iter()
            .map(|l| {
                (
                    l["shard_id"].as_str().unwrap().to_owned(),
                    l["lane"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(lanes.len(), 1, "{customer}: {lanes:?}");
        let batches: Vec<u64> = mine.iter().map(|l| l["batch"].as_u64().unwrap()).collect();
        assert!(
            batches.windows(2).all(|w| w[0] <= w[1]),
            "{customer}: {batches:?}"
        );
    }
}

#[test]
fn bad_tables_and_flags_are_refused() {
    let refused = |args: &[&str], table: &str, expected: &str| {
        let table = temp_file("bad-table.json", table);
        let input = temp_file("bad-writes.jsonl", "");
        let output = cli_simulate_dynamodb(&table, args, &input);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    };
    refused(
        &[],
        &TABLE.replace("true", "false"),
        "Table.StreamSpecification",
    );
    refused(&[], "{\"Table\": {", "line 1");
    refused(&["--shards", "2"], TABLE, "--partitions");
    refused(
        &["--filter", "{\"eventName\": \"INSERT\"}"],
        TABLE,
        "Invalid filter pattern definition.",
    );
    refused(&["--partitions", "0"], TABLE, "partitions must be in");
    refused(
        &["--enhanced-fan-out"],
        TABLE,
        "a DynamoDB stream is read by polling",
    );
    refused(
        &["--summary"],
        TABLE,
        "--summary is not available with --source dynamodb",
    );
    let output = shardlane(&["simulate", "--source", "dynamodb", "-"], "");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--table"));
    let table = temp_file("bad-writes-table.json", TABLE);
    let input = temp_file("bad-writes.jsonl", "{\"PutItem\": {}}\n\n{\"Scan\": {}}");
    let output = cli_simulate_dynamodb(&table, &[], &input);
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 1"));
}

#[test]
fn aws_cli_lines_run_as_calls_with_sleeps() {
    let script = r##"# orders
aws dynamodb put-item --table-name orders --item '{"customer": {"S": "c1"}, "at": {"N": "1"}}'
sleep 2
aws dynamodb update-item --table-name orders \
    --key '{"customer": {"S": "c1"}, "at": {"N": "1"}}' \
    --update-expression "SET #s = :s" --expression-attribute-names '{"#s": "status"}' \
    --expression-attribute-values '{":s": {"S": "paid"}}' --return-values ALL_NEW
aws dynamodb delete-item --table-name orders --key '{"customer": {"S": "c1"}, "at": {"N": "1"}}'
"##;
    let table = temp_file("cli-table.json", TABLE);
    let input = temp_file("cli-writes.sh", script);
    let out = lines(&cli_simulate_dynamodb(&table, &[], &input));
    let seen: Vec<(&str, u64, u64)> = out
        .iter()
        .map(|l| {
            (
                l["event_name"].as_str().unwrap(),
                l["line"].as_u64().unwrap(),
                l["arrival_ms"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [("INSERT", 2, 0), ("MODIFY", 4, 2000), ("REMOVE", 8, 2000)]
    );
}

#[test]
fn failing_keys_are_retried_and_discarded_as_with_kinesis() {
    // "good" comes a second later, in the next batch: the failing batch blocks the shard until
    // it is discarded, then "good" is processed.
    let writes = r#"{"PutItem": {"Item": {"customer": {"S": "bad"}, "at": {"N": "1"}}}}
{"Sleep": {"Seconds": 1}}
{"PutItem": {"Item": {"customer": {"S": "good"}, "at": {"N": "1"}}}}"#;
    let out = lines(&simulate(
        "failures",
        writes,
        &[
            "--fail-key",
            "bad",
            "--maximum-retry-attempts",
            "1",
            "--partitions",
            "1",
        ],
    ));
    let bad = out.iter().find(|l| l["partition_key"] == "bad").unwrap();
    assert_eq!(bad["outcome"], "discarded");
    assert_eq!(bad["discard_reason"], "RetryAttemptsExhausted");
    assert_eq!(bad["deliveries"], 2);
    let good = out.iter().find(|l| l["partition_key"] == "good").unwrap();
    assert_eq!(good["outcome"], "processed");
}

#[test]
fn on_failure_documents_carry_the_ddb_stream_batch_info() {
    let writes = r#"{"PutItem": {"Item": {"customer": {"S": "bad"}, "at": {"N": "1"}}}}
{"Sleep": {"Seconds": 1}}
{"PutItem": {"Item": {"customer": {"S": "good"}, "at": {"N": "1"}}}}"#;
    let documents = temp_file("ddb-on-failure.jsonl", "");
    let out = lines(&simulate(
        "on-failure",
        writes,
        &[
            "--fail-key",
            "bad",
            "--maximum-retry-attempts",
            "1",
            "--partitions",
            "1",
            "--destination-config",
            r#"{"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:123456789012:dlq"}}"#,
            "--on-failure-documents",
            documents.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&documents).unwrap();
    let docs: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1, "{text}");
    let info = &docs[0]["DDBStreamBatchInfo"];
    assert_eq!(docs[0]["requestContext"]["approximateInvokeCount"], 2);
    assert_eq!(info["batchSize"], 1);
    assert_eq!(info["startSequenceNumber"], out[0]["sequence_number"]);
    assert_eq!(info["shardId"], out[0]["shard_id"]);
    assert!(info["streamArn"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/"));
}

#[test]
fn filters_match_the_whole_record_and_drop_what_they_do_not_match() {
    let writes = r##"{"PutItem": {"Item": {"customer": {"S": "c1"}, "at": {"N": "1"}, "status": {"S": "new"}}}}
{"UpdateItem": {"Key": {"customer": {"S": "c1"}, "at": {"N": "1"}}, "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"}, "ExpressionAttributeValues": {":s": {"S": "active"}}}}
{"PutItem": {"Item": {"customer": {"S": "c2"}, "at": {"N": "2"}, "status": {"S": "active"}}}}
{"DeleteItem": {"Key": {"customer": {"S": "c1"}, "at": {"N": "1"}}}}"##;
    let seen = |filters: &[&str]| {
        let mut args = Vec::new();
        for filter in filters {
            args.extend(["--filter", filter]);
        }
        lines(&simulate("filters", writes, &args))
            .iter()
            .map(|l| {
                let passed = !l["filtered_out"].as_bool().unwrap();
                assert_eq!(l["outcome"].is_string(), passed, "{l}");
                assert_eq!(l["batch"].is_number(), passed, "{l}");
                assert_eq!(l["lane"].is_number(), passed, "{l}");
                passed
            })
            .collect::<Vec<bool>>()
    };
    // Every record is printed; the flag says which the function received.
    assert_eq!(seen(&[]), [true, true, true, true]);
    assert_eq!(
        seen(&[r#"{"eventName": ["INSERT"]}"#]),
        [true, false, true, false]
    );
    assert_eq!(
        seen(&[r#"{"dynamodb": {"NewImage": {"status": {"S": ["active"]}}}}"#]),
        [false, true, true, false]
    );
    assert_eq!(
        seen(&[
            r#"{"eventName": ["REMOVE"]}"#,
            r#"{"dynamodb": {"Keys": {"customer": {"S": ["c2"]}}}}"#
        ]),
        [false, false, true, true]
    );
    // An N value is a string in the record: ["2"] matches it, a numeric rule never does.
    assert_eq!(
        seen(&[r#"{"dynamodb": {"Keys": {"at": {"N": ["2"]}}}}"#]),
        [false, false, true, false]
    );
    assert_eq!(
        seen(&[r#"{"dynamodb": {"Keys": {"at": {"N": [{"numeric": [">", 0]}]}}}}"#]),
        [false, false, false, false]
    );
}

#[test]
fn a_filtered_out_record_is_no_failure_even_when_a_rule_would_fail_it() {
    let writes = r#"{"PutItem": {"Item": {"customer": {"S": "bad"}, "at": {"N": "1"}}}}
{"DeleteItem": {"Key": {"customer": {"S": "bad"}, "at": {"N": "1"}}}}
{"PutItem": {"Item": {"customer": {"S": "good"}, "at": {"N": "1"}}}}"#;
    let out = lines(&simulate(
        "filtered-failures",
        writes,
        &[
            "--fail-key",
            "bad",
            "--maximum-retry-attempts",
            "0",
            "--filter",
            r#"{"eventName": ["REMOVE"]}"#,
            "--filter",
            r#"{"dynamodb": {"Keys": {"customer": {"S": ["good"]}}}}"#,
        ],
    ));
    let fates: Vec<(&str, bool, Value)> = out
        .iter()
        .map(|l| {
            (
                l["event_name"].as_str().unwrap(),
                l["filtered_out"].as_bool().unwrap(),
                l["outcome"].clone(),
            )
        })
        .collect();
    assert_eq!(
        fates,
        [
            ("INSERT", true, Value::Null),
            ("REMOVE", false, json!("discarded")),
            ("INSERT", false, json!("processed")),
        ]
    );
}
