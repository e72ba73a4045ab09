//! A DynamoDB stream's failures go through the same engine as Kinesis's (retries, bisect, record
//! age, partial batch responses), and a discarded batch's on-failure document is AWS's
//! `DDBStreamBatchInfo` example (Lambda guide, "Using AWS Lambda with Amazon DynamoDB", "Example
//! Invocation Record"), field for field.

use crate::failure_scenarios::rule;
use crate::on_failure_destination::shape;
use serde_json::Value;
use shardlane::dynamodb::{
    parse_writes, simulate_dynamodb, DynamoDbInput, DynamoDbSimulation, ShardModel,
    TableDefinition, TimeToLive, WriteCall,
};
use shardlane::mapping::failures::{Attempts, FailureEffect};
use shardlane::mapping::{
    AttemptResult, DestinationConfig, DiscardReason, EventSource, FailureRules, FunctionModel,
    FunctionResponseType, MappingConfig, RecordFate,
};

/// AWS's published invocation record for a DynamoDB stream.
const AWS_EXAMPLE: &str = r#"{
    "requestContext": {
        "requestId": "316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",
        "functionArn": "arn:aws:lambda:us-east-2:123456789012:function:myfunction",
        "condition": "RetryAttemptsExhausted",
        "approximateInvokeCount": 1
    },
    "responseContext": {
        "statusCode": 200,
        "executedVersion": "$LATEST",
        "functionError": "Unhandled"
    },
    "version": "1.0",
    "timestamp": "2019-11-14T00:13:49.717Z",
    "DDBStreamBatchInfo": {
        "shardId": "shardId-00000001573689847184-864758bb",
        "startSequenceNumber": "800000000003126276362",
        "endSequenceNumber": "800000000003126276362",
        "approximateArrivalOfFirstRecord": "2019-11-14T00:13:19Z",
        "approximateArrivalOfLastRecord": "2019-11-14T00:13:19Z",
        "batchSize": 1,
        "streamArn": "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388"
    }
}"#;

const TABLE: &str = r#"{"Table": {"TableName": "mytable",
  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
  "LatestStreamLabel": "2019-11-14T00:04:06.388"}}"#;

/// One PutItem per key, `gap_seconds` apart.
fn puts(keys: &[&str], gap_seconds: u64) -> Vec<WriteCall> {
    let lines: Vec<String> = keys
        .iter()
        .enumerate()
        .flat_map(|(i, key)| {
            let put = format!(
                r#"{{"PutItem": {{"Item": {{"id": {{"S": "{key}"}}, "n": {{"N": "{i}"}}}}}}}}"#
            );
            let sleep = format!(r#"{{"Sleep": {{"Seconds": {gap_seconds}}}}}"#);
            [put, sleep]
        })
        .collect();
    parse_writes(&lines.join("\n")).unwrap()
}

struct Run {
    simulation: DynamoDbSimulation,
    documents: Vec<Value>,
}

fn run(calls: &[WriteCall], mapping: &MappingConfig, failures: &FailureRules) -> Run {
    let table = TableDefinition::from_describe_table_json(TABLE).unwrap();
    let source = EventSource {
        region: "us-east-2".into(),
        stream_name: table.name.clone(),
        clock_origin_ms: 1_573_690_399_500,
        ..EventSource::default()
    };
    let input = DynamoDbInput {
        table: &table,
        calls,
        ttl: &TimeToLive::default(),
        shards: &ShardModel {
            partitions: 1,
            ..ShardModel::default()
        },
        mapping,
        function: &FunctionModel::default(),
        failures,
        source: &source,
    };
    let simulation = simulate_dynamodb(&input);
    let documents = (0..simulation.mapping.discards.len())
        .filter_map(|d| simulation.on_failure_document(&input, d))
        .map(|text| {
            assert_eq!(shape(&text), shape(AWS_EXAMPLE), "{text}");
            serde_json::from_str(&text).unwrap()
        })
        .collect();
    Run {
        simulation,
        documents,
    }
}

fn with_destination(mapping: MappingConfig) -> MappingConfig {
    MappingConfig {
        destination_config: DestinationConfig::on_failure("arn:aws:sqs:us-east-2:123456789012:dlq"),
        ..mapping
    }
}

fn fates(simulation: &DynamoDbSimulation) -> Vec<RecordFate> {
    simulation.records.iter().map(|r| r.fate).collect()
}

#[test]
fn the_on_failure_document_is_awss_ddb_stream_batch_info() {
    let mapping = with_destination(MappingConfig {
        maximum_retry_attempts: 0,
        ..MappingConfig::default()
    });
    let poison = rule(FailureEffect::Error, "poison", Attempts::Always);
    let Run {
        simulation,
        documents,
    } = run(&puts(&["a", "poison", "c"], 0), &mapping, &poison);
    assert_eq!(documents.len(), 1);
    let document = &documents[0];
    let info = &document["DDBStreamBatchInfo"];
    assert!(document.get("KinesisBatchInfo").is_none());
    assert_eq!(
        document["requestContext"]["condition"],
        "RetryAttemptsExhausted"
    );
    assert_eq!(document["requestContext"]["approximateInvokeCount"], 1);
    assert_eq!(
        document["requestContext"]["functionArn"],
        EventSource {
            region: "us-east-2".into(),
            ..EventSource::default()
        }
        .function_arn()
    );
    assert_eq!(document["responseContext"]["functionError"], "Unhandled");
    assert_eq!(info["batchSize"], 3);
    assert_eq!(info["shardId"], simulation.layout.shards[0].id.as_str());
    assert_eq!(
        info["startSequenceNumber"],
        simulation.records[0].sequence_number.as_str()
    );
    assert_eq!(
        info["endSequenceNumber"],
        simulation.records[2].sequence_number.as_str()
    );
    // Arrival times in whole seconds, as AWS's example; the document's timestamp in ms.
    assert_eq!(
        info["approximateArrivalOfFirstRecord"],
        "2019-11-14T00:13:19Z"
    );
    assert_eq!(
        info["approximateArrivalOfLastRecord"],
        "2019-11-14T00:13:19Z"
    );
    let timestamp = document["timestamp"].as_str().unwrap();
    assert_eq!(
        timestamp.len(),
        "2019-11-14T00:13:49.717Z".len(),
        "{timestamp}"
    );
    assert_eq!(
        info["streamArn"],
        "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388"
    );
    // Without a destination there is no document.
    let none = run(
        &puts(&["a", "poison", "c"], 0),
        &MappingConfig {
            destination_config: DestinationConfig::default(),
            ..mapping
        },
        &poison,
    );
    assert!(none.documents.is_empty());
    assert_eq!(none.simulation.mapping.discards.len(), 1);
}

#[test]
fn retries_stop_at_the_quota_then_the_shard_moves_on() {
    let mapping = with_destination(MappingConfig {
        batch_size: 1,
        maximum_retry_attempts: 2,
        ..MappingConfig::default()
    });
    let poison = rule(FailureEffect::Error, "poison", Attempts::Always);
    let Run {
        simulation,
        documents,
    } = run(&puts(&["a", "poison", "c"], 0), &mapping, &poison);
    assert_eq!(simulation.records[1].deliveries, 3);
    assert_eq!(
        fates(&simulation),
        [
            RecordFate::Processed,
            RecordFate::Discarded(DiscardReason::RetryAttemptsExhausted),
            RecordFate::Processed
        ]
    );
    assert_eq!(documents[0]["requestContext"]["approximateInvokeCount"], 3);
    assert_eq!(documents[0]["DDBStreamBatchInfo"]["batchSize"], 1);
}

#[test]
fn bisect_isolates_the_poison_item_without_spending_retries() {
    let keys = ["a", "b", "c", "d", "e", "poison", "g", "h"];
    let mapping = with_destination(MappingConfig {
        batch_size: 8,
        maximum_retry_attempts: 2,
        bisect_batch_on_function_error: true,
        ..MappingConfig::default()
    });
    let Run {
        simulation,
        documents,
    } = run(
        &puts(&keys, 0),
        &mapping,
        &rule(FailureEffect::Error, "poison", Attempts::Always),
    );
    let alone: Vec<u32> = (0..simulation.mapping.batches.len())
        .filter(|&b| simulation.batch_records(b) == [5])
        .map(|b| simulation.mapping.batches[b].retry)
        .collect();
    assert_eq!(alone, [0, 1, 2], "8 → 4 → 2 → 1 costs no retry");
    let fate = fates(&simulation);
    assert_eq!(
        fate[5],
        RecordFate::Discarded(DiscardReason::RetryAttemptsExhausted)
    );
    assert!(fate
        .iter()
        .enumerate()
        .all(|(i, f)| i == 5 || *f == RecordFate::Processed));
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["DDBStreamBatchInfo"]["batchSize"], 1);
    assert_eq!(
        documents[0]["DDBStreamBatchInfo"]["startSequenceNumber"],
        simulation.records[5].sequence_number.as_str()
    );
}

#[test]
fn a_record_older_than_the_maximum_age_is_discarded() {
    let mapping = with_destination(MappingConfig {
        batch_size: 1,
        maximum_record_age_seconds: 60,
        ..MappingConfig::default()
    });
    let poison = rule(FailureEffect::Error, "poison", Attempts::Always);
    let Run {
        simulation,
        documents,
    } = run(&puts(&["a", "poison", "c"], 50), &mapping, &poison);
    assert_eq!(
        fates(&simulation),
        [
            RecordFate::Processed,
            RecordFate::Discarded(DiscardReason::RecordAgeExceeded),
            RecordFate::Processed
        ]
    );
    assert_eq!(
        documents[0]["requestContext"]["condition"],
        "RecordAgeExceeded"
    );
    // The poison item was written 50 s after the origin (2019-11-14T00:13:19.5Z).
    assert_eq!(
        documents[0]["DDBStreamBatchInfo"]["approximateArrivalOfFirstRecord"],
        "2019-11-14T00:14:09Z"
    );
}

#[test]
fn partial_batch_responses_retry_from_the_reported_record() {
    let keys = ["a", "b", "bad", "d", "e"];
    let failures = rule(FailureEffect::Partial, "bad", Attempts::First(1));
    let reporting = MappingConfig {
        batch_size: 5,
        function_response_types: vec![FunctionResponseType::ReportBatchItemFailures],
        ..MappingConfig::default()
    };
    let Run { simulation, .. } = run(&puts(&keys, 0), &reporting, &failures);
    assert_eq!(
        simulation.mapping.batches[0].result,
        AttemptResult::Partial {
            reported: 1,
            first: 2
        }
    );
    assert_eq!(simulation.batch_records(1), [2, 3, 4]);
    let deliveries: Vec<u32> = simulation.records.iter().map(|r| r.deliveries).collect();
    assert_eq!(deliveries, [1, 1, 2, 2, 2]);
    let ignoring = MappingConfig {
        function_response_types: Vec::new(),
        ..reporting
    };
    let ignored = run(&puts(&keys, 0), &ignoring, &failures);
    assert_eq!(ignored.simulation.mapping.batches.len(), 1);
    assert_eq!(
        ignored.simulation.mapping.batches[0].result,
        AttemptResult::Ok
    );
}

#[test]
fn filtered_out_records_are_not_in_the_batches_or_the_document() {
    let mapping = with_destination(MappingConfig {
        maximum_retry_attempts: 0,
        filter_criteria: Some(shardlane::mapping::config::AwsFilterCriteria {
            filters: vec![shardlane::mapping::config::AwsFilter {
                pattern: r#"{"dynamodb": {"Keys": {"id": {"S": [{"anything-but": ["b"]}]}}}}"#
                    .into(),
            }],
        }),
        ..MappingConfig::default()
    });
    let Run {
        simulation,
        documents,
    } = run(
        &puts(&["a", "b", "poison"], 0),
        &mapping,
        &rule(FailureEffect::Error, "poison", Attempts::Always),
    );
    assert!(simulation.records[1].filtered_out);
    assert_eq!(simulation.batch_records(0), [0, 2]);
    assert_eq!(documents[0]["DDBStreamBatchInfo"]["batchSize"], 2);
    assert_eq!(
        documents[0]["DDBStreamBatchInfo"]["endSequenceNumber"],
        simulation.records[2].sequence_number.as_str()
    );
}
