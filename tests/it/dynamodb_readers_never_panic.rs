//! Reading untrusted DynamoDB input never panics: arbitrary text as a table, as JSON Lines of
//! calls, as AWS CLI lines or as a code engine's answer gives a value or a located diagnostic, and
//! whatever calls are read run through the whole pipeline.

use proptest::prelude::*;
use shardlane::dynamodb::aws_cli::calls_from_aws_cli;
use shardlane::dynamodb::{
    calls_from_harness_answer, parse_writes, simulate_dynamodb, DynamoDbInput, ShardModel,
    TableDefinition, TimeToLive,
};
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};

const TABLE: &str = r#"{"Table": {"TableName": "t",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "N"}, {"AttributeName": "sk", "AttributeType": "B"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}}}"#;

/// Attribute values, well-formed or not.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{0,45}(\\.[0-9]{0,5})?([eE]-?[0-9]{1,4})?"
            .prop_map(|n| format!(r#"{{"N": "{n}"}}"#)),
        "[A-Za-z0-9+/=]{0,8}".prop_map(|b| format!(r#"{{"B": "{b}"}}"#)),
        "[a-z]{0,3}".prop_map(|s| format!(r#"{{"S": "{s}"}}"#)),
        Just(r#"{"NS": ["1", "1.0"]}"#.to_string()),
        Just(r#"{"SS": []}"#.to_string()),
        Just(r#"{"L": [{"NULL": true}, {"M": {"a": {"BOOL": false}}}]}"#.to_string()),
        Just(r#"{}"#.to_string()),
        Just(r#"{"N": 5}"#.to_string()),
    ]
}

fn call() -> impl Strategy<Value = String> {
    let names = "(pk|sk|ttl|a|#n)";
    prop_oneof![
        (value(), value(), value()).prop_map(|(p, s, t)| format!(
            r#"{{"PutItem": {{"Item": {{"pk": {p}, "sk": {s}, "ttl": {t}}}}}}}"#
        )),
        (value(), value(), names, value()).prop_map(|(p, s, a, v)| format!(
            r##"{{"UpdateItem": {{"Key": {{"pk": {p}, "sk": {s}}}, "UpdateExpression": "SET {a} = :v ADD c :v", "ExpressionAttributeNames": {{"#n": "x"}}, "ExpressionAttributeValues": {{":v": {v}}}, "ConditionExpression": "attribute_not_exists(pk) OR {a} < :v"}}}}"##
        )),
        (value(), value()).prop_map(|(p, s)| format!(
            r#"{{"DeleteItem": {{"Key": {{"pk": {p}, "sk": {s}}}}}}}"#
        )),
        (value(), value()).prop_map(|(p, s)| format!(
            r#"{{"TransactWriteItems": {{"TransactItems": [{{"Delete": {{"Key": {{"pk": {p}, "sk": {s}}}}}}}, {{"Put": {{"Item": {{"pk": {p}, "sk": {s}}}}}}}]}}}}"#
        )),
        (0u32..100_000).prop_map(|ms| format!(r#"{{"Sleep": {{"Seconds": {}}}}}"#, f64::from(ms) / 1000.0)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = TableDefinition::from_describe_table_json(&text);
        let _ = parse_writes(&text);
        let _ = calls_from_aws_cli(&text);
        let _ = calls_from_harness_answer(&text);
    }

    #[test]
    fn odd_calls_run_through_the_pipeline(lines in proptest::collection::vec(call(), 0..25)) {
        let table = TableDefinition::from_describe_table_json(TABLE).unwrap();
        let Ok(calls) = parse_writes(&lines.join("\n")) else {
            return Ok(());
        };
        let ttl = TimeToLive { attribute: Some("ttl".into()), delay_seconds: 0 };
        let (mapping, function, failures) = (MappingConfig::default(), FunctionModel::default(), FailureRules::default());
        let source = EventSource::default();
        let model = ShardModel { partitions: 2, rollover_seconds: 60, split_write_units: 2 };
        let input = DynamoDbInput {
            table: &table,
            calls: &calls,
            ttl: &ttl,
            shards: &model,
            mapping: &mapping,
            function: &function,
            failures: &failures,
            source: &source,
        };
        let simulation = simulate_dynamodb(&input);
        prop_assert_eq!(simulation.records.len(), simulation.table_run.changes.len());
        for batch in 0..simulation.mapping.batches.len() {
            let event: serde_json::Value = serde_json::from_str(&simulation.event_json(&input, batch)).unwrap();
            prop_assert!(event["Records"].is_array());
        }
    }
}
