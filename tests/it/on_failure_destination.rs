//! The on-failure destination: the invocation record of a discarded batch has the shape of AWS's
//! published example, and pasted `get-event-source-mapping` JSON carries the failure settings.

use crate::failure_scenarios::{records, rule};
use serde_json::Value;
use shardlane::layout::StreamLayout;
use shardlane::mapping::failures::{Attempts, FailureEffect};
use shardlane::mapping::{DestinationConfig, EventSource, FunctionModel, MappingConfig};
use shardlane::{simulate, SimulationInput};

/// AWS's published invocation record (Lambda guide, "Example invocation Record").
const AWS_EXAMPLE: &str = r#"{
    "requestContext": {
        "requestId": "c9b8fa9f-5a7f-xmpl-af9c-0c604cde93a5",
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
    "timestamp": "2019-11-14T00:38:06.021Z",
    "KinesisBatchInfo": {
        "shardId": "shardId-000000000001",
        "startSequenceNumber": "49601189658422359378836298521827638475320189012309704722",
        "endSequenceNumber": "49601189658422359378836298522902373528957594348623495186",
        "approximateArrivalOfFirstRecord": "2019-11-14T00:38:04.835Z",
        "approximateArrivalOfLastRecord": "2019-11-14T00:38:05.580Z",
        "batchSize": 500,
        "streamArn": "arn:aws:kinesis:us-east-2:123456789012:stream/mystream"
    }
}"#;

/// The keys of an object in document order, with each value's JSON type, recursively.
pub(crate) fn shape(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: Value = serde::Deserialize::deserialize(&mut deserializer).unwrap();
    // serde_json's Value sorts keys; document order comes from scanning the text for `"key":`.
    let mut rest = text;
    while let Some(at) = rest.find("\":") {
        let start = rest[..at].rfind('"').unwrap();
        out.push(rest[start + 1..at].to_owned());
        rest = &rest[at + 2..];
    }
    fn types(value: &Value, path: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| types(v, &format!("{path}.{k}"), out)),
            Value::String(_) => out.push(format!("{path}: string")),
            Value::Number(_) => out.push(format!("{path}: number")),
            other => out.push(format!("{path}: {other}")),
        }
    }
    types(&value, "", &mut out);
    out
}

/// Seed 003: "To retain a record of discarded batches, configure a failed-event destination.
/// Lambda sends a document to the destination queue or topic with details about the batch."
#[test]
fn the_on_failure_document_has_the_shape_of_awss_example() {
    let keys = ["a", "poison", "c"];
    let mapping = MappingConfig {
        maximum_retry_attempts: 0,
        destination_config: DestinationConfig::on_failure("arn:aws:sqs:us-east-2:123456789012:dlq"),
        ..MappingConfig::default()
    };
    let records = records(&keys);
    let layout = StreamLayout::uniform(1).unwrap();
    let (function, source) = (FunctionModel::default(), EventSource::default());
    let failures = rule(FailureEffect::Error, "poison", Attempts::Always);
    let input = SimulationInput::new(&records, &layout, &mapping, &function, &source)
        .with_failures(&failures);
    let simulation = simulate(&input);
    let document = simulation.on_failure_document(&input, 0).unwrap();
    assert_eq!(shape(&document), shape(AWS_EXAMPLE));
    let value: Value = serde_json::from_str(&document).unwrap();
    assert_eq!(
        value["requestContext"]["condition"],
        "RetryAttemptsExhausted"
    );
    assert_eq!(value["requestContext"]["approximateInvokeCount"], 1);
    assert_eq!(value["KinesisBatchInfo"]["batchSize"], 3);
    assert_eq!(
        value["KinesisBatchInfo"]["startSequenceNumber"],
        simulation.outcomes[0].sequence_number.as_deref().unwrap()
    );
    assert_eq!(
        value["KinesisBatchInfo"]["approximateArrivalOfLastRecord"],
        "2026-01-01T00:00:00.000Z"
    );
    assert_eq!(value["KinesisBatchInfo"]["streamArn"], source.stream_arn());
    // Without a destination there is no document.
    let no_destination = MappingConfig {
        destination_config: DestinationConfig::default(),
        ..mapping
    };
    let input = SimulationInput::new(&records, &layout, &no_destination, &function, &source)
        .with_failures(&failures);
    assert!(simulate(&input).on_failure_records(&input).is_empty());
}

/// `aws lambda get-event-source-mapping` output carries the failure settings.
#[test]
fn pasted_mapping_json_carries_the_failure_settings() {
    let config = MappingConfig::from_aws_json(
        r#"{"UUID": "f89f8514", "BatchSize": 100, "ParallelizationFactor": 1, "StartingPosition": "LATEST",
            "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-2:123456789012:dlq"}},
            "MaximumRecordAgeInSeconds": 3600, "BisectBatchOnFunctionError": true,
            "MaximumRetryAttempts": 2, "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "TumblingWindowInSeconds": 60}"#,
    )
    .unwrap();
    assert_eq!(config.retry_limit(), Some(2));
    assert_eq!(config.record_expiry_ms(), 3_600_000);
    assert!(config.bisect_batch_on_function_error && config.reports_batch_item_failures());
    assert_eq!(
        config.destination_config.on_failure_arn(),
        Some("arn:aws:sqs:us-east-2:123456789012:dlq")
    );
    let bad = MappingConfig::from_aws_json(
        r#"{"DestinationConfig": {"OnFailure": {"Destination": "dlq"}}}"#,
    );
    assert!(bad.unwrap_err().message.contains("onFailure"));
    let types = MappingConfig::from_aws_json("{\n\"FunctionResponseTypes\": [\"Everything\"]}");
    assert_eq!(types.unwrap_err().line, Some(2));
    let retention = MappingConfig {
        retention_period_hours: 8_761,
        ..MappingConfig::default()
    };
    assert!(retention.validate().is_err());
}
