//! The Lambda DynamoDB event is AWS's: the three writes AWS's sample event describes
//! (`tests/dynamodb/`, from the AWS SAM CLI) give that event, field for field; only eventID and
//! SequenceNumber are the model's own (checked for AWS's form instead).

use serde_json::Value;
use shardlane::dynamodb::{
    parse_writes, simulate_dynamodb, DynamoDbInput, ShardModel, StreamViewType, TableDefinition,
    TimeToLive,
};
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/dynamodb/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The events of every batch of `writes` on `table`, in invocation order.
fn events(table: &TableDefinition, writes: &str, ttl: &TimeToLive, origin_ms: u64) -> Vec<Value> {
    let calls = parse_writes(writes).unwrap();
    let (mapping, function, failures) = (
        MappingConfig::default(),
        FunctionModel::default(),
        FailureRules::default(),
    );
    let source = EventSource {
        region: "us-east-1".into(),
        stream_name: table.name.clone(),
        clock_origin_ms: origin_ms,
        ..EventSource::default()
    };
    let input = DynamoDbInput {
        table,
        calls: &calls,
        ttl,
        shards: &ShardModel::default(),
        mapping: &mapping,
        function: &function,
        failures: &failures,
        source: &source,
    };
    let simulation = simulate_dynamodb(&input);
    (0..simulation.mapping.batches.len())
        .map(|b| serde_json::from_str(&simulation.event_json(&input, b)).unwrap())
        .collect()
}

/// The event of the only batch.
fn only_event(table: &TableDefinition, writes: &str) -> Value {
    let mut all = events(table, writes, &TimeToLive::default(), 0);
    assert_eq!(
        all.len(),
        1,
        "changes at one instant in one shard: one batch"
    );
    all.remove(0)
}

#[test]
fn the_sample_writes_give_aws_sample_event() {
    let table = TableDefinition::from_describe_table_json(&fixture("sam-table.json")).unwrap();
    let mut all = events(
        &table,
        &fixture("sam-writes.jsonl"),
        &TimeToLive::default(),
        1_428_537_600_000,
    );
    assert_eq!(
        all.len(),
        1,
        "three changes at one instant, one shard: one batch"
    );
    let mut event = all.remove(0);
    let mut sample: Value = serde_json::from_str(&fixture("sam-DynamoDBUpdate.json")).unwrap();
    let mut previous = String::new();
    for record in event["Records"].as_array_mut().unwrap() {
        let id = record["eventID"].take();
        let id = id.as_str().unwrap();
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
        let sequence = record["dynamodb"]["SequenceNumber"].take();
        let sequence = sequence.as_str().unwrap().to_owned();
        assert!(sequence.len() >= 21 && sequence.bytes().all(|b| b.is_ascii_digit()));
        assert!(sequence > previous, "sequence numbers increase");
        previous = sequence;
    }
    for record in sample["Records"].as_array_mut().unwrap() {
        record["eventID"].take();
        record["dynamodb"]["SequenceNumber"].take();
    }
    assert_eq!(event, sample);
}

#[test]
fn view_types_choose_the_images_and_their_size() {
    let mut table = TableDefinition::from_describe_table_json(&fixture("sam-table.json")).unwrap();
    let writes = fixture("sam-writes.jsonl");
    let sizes = |event: &Value| -> Vec<u64> {
        event["Records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["dynamodb"]["SizeBytes"].as_u64().unwrap())
            .collect()
    };
    table.stream_view_type = StreamViewType::KeysOnly;
    let event = only_event(&table, &writes);
    assert_eq!(sizes(&event), [5, 5, 5], "Keys {{Id: 101}} alone");
    assert!(event["Records"][1]["dynamodb"].get("NewImage").is_none());
    assert_eq!(
        event["Records"][1]["dynamodb"]["StreamViewType"],
        "KEYS_ONLY"
    );
    table.stream_view_type = StreamViewType::NewImage;
    let event = only_event(&table, &writes);
    assert_eq!(sizes(&event), [26, 38, 5]);
    assert!(event["Records"][1]["dynamodb"].get("OldImage").is_none());
    table.stream_view_type = StreamViewType::OldImage;
    let event = only_event(&table, &writes);
    assert_eq!(sizes(&event), [5, 26, 38]);
}

#[test]
fn ttl_deletions_name_the_dynamodb_service() {
    let table = TableDefinition::from_describe_table_json(&fixture("sam-table.json")).unwrap();
    let writes = r#"{"PutItem": {"Item": {"Id": {"N": "1"}, "ttl": {"N": "1000"}}}}
{"Sleep": {"Seconds": 5}}
{"DeleteItem": {"Key": {"Id": {"N": "1"}}}}"#;
    let ttl = TimeToLive {
        attribute: Some("ttl".into()),
        delay_seconds: 0,
    };
    // The clock starts at epoch second 998: the item expires 2 s in; the later delete finds nothing.
    let records: Vec<Value> = events(&table, writes, &ttl, 998_000)
        .into_iter()
        .flat_map(|e| e["Records"].as_array().unwrap().clone())
        .collect();
    assert_eq!(records.len(), 2);
    assert!(records[0].get("userIdentity").is_none());
    assert_eq!(records[1]["eventName"], "REMOVE");
    assert_eq!(
        records[1]["userIdentity"],
        serde_json::json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"})
    );
    assert_eq!(records[1]["dynamodb"]["ApproximateCreationDateTime"], 1000);
}

#[test]
fn tumbling_windows_add_the_window_fields() {
    let table = TableDefinition::from_describe_table_json(&fixture("sam-table.json")).unwrap();
    let calls = parse_writes(&fixture("sam-writes.jsonl")).unwrap();
    let mapping = MappingConfig {
        tumbling_window_seconds: Some(60),
        ..MappingConfig::default()
    };
    let (function, failures) = (FunctionModel::default(), FailureRules::default());
    let source = EventSource::default();
    let input = DynamoDbInput {
        table: &table,
        calls: &calls,
        ttl: &TimeToLive::default(),
        shards: &ShardModel::default(),
        mapping: &mapping,
        function: &function,
        failures: &failures,
        source: &source,
    };
    let simulation = simulate_dynamodb(&input);
    let events: Vec<Value> = (0..simulation.mapping.batches.len())
        .map(|b| serde_json::from_str(&simulation.event_json(&input, b)).unwrap())
        .collect();
    assert_eq!(events[0]["Records"].as_array().unwrap().len(), 3);
    assert_eq!(events[0]["Records"][0]["eventSource"], "aws:dynamodb");
    assert_eq!(events[0]["isFinalInvokeForWindow"], false);
    assert!(events[0]["shardId"]
        .as_str()
        .unwrap()
        .starts_with("shardId-"));
    assert_eq!(events[0]["eventSourceARN"], simulation.stream_arn.as_str());
    let last = events.last().unwrap();
    assert_eq!(last["isFinalInvokeForWindow"], true);
    assert_eq!(last["Records"], serde_json::json!([]));
}
