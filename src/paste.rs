//! What a pasted JSON document is, told by its shape, so that a paste in the wrong box is sent to
//! the right one instead of failing with a message about something else (list-shards output in the
//! mapping box once read as a mapping with every setting at its default).
//!
//! Only the top-level keys decide, the way AWS's own outputs differ; the box that gets the paste
//! still reads it in full and reports its errors.

use serde_json::Value;

/// The kinds of AWS JSON a person pastes into Shardlane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PastedJson {
    /// `aws kinesis list-shards` or `describe-stream` output: a stream layout.
    StreamLayout,
    /// `aws kinesis describe-stream-summary` output: a shard count, but no shard list.
    StreamSummary { open_shards: Option<u64> },
    /// `aws lambda get-event-source-mapping` output (or `create-`/`update-`).
    EventSourceMapping,
    /// `aws lambda list-event-source-mappings` output.
    EventSourceMappings { count: usize },
    /// A Lambda event from a Kinesis source.
    KinesisEvent,
    /// A PutRecords or PutRecord request, or records to put.
    Records,
    /// JSON, but none of the above.
    Other,
}

impl PastedJson {
    /// How the page names the kind to a person.
    pub fn name(&self) -> &'static str {
        match self {
            PastedJson::StreamLayout => "`aws kinesis list-shards` (or `describe-stream`) output",
            PastedJson::StreamSummary { .. } => "`aws kinesis describe-stream-summary` output",
            PastedJson::EventSourceMapping => "`aws lambda get-event-source-mapping` output",
            PastedJson::EventSourceMappings { .. } => {
                "`aws lambda list-event-source-mappings` output"
            }
            PastedJson::KinesisEvent => "a Lambda event from Kinesis",
            PastedJson::Records => "records to put (PutRecords JSON)",
            PastedJson::Other => "JSON of another kind",
        }
    }
}

/// The kind of `text`, or `None` when it is not JSON at all.
pub fn recognise(text: &str) -> Option<PastedJson> {
    let value: Value = serde_json::from_str(text).ok()?;
    let Some(object) = value.as_object() else {
        return Some(match value.as_array() {
            Some(entries) if entries.iter().all(|e| e.get("PartitionKey").is_some()) => {
                PastedJson::Records
            }
            _ => PastedJson::Other,
        });
    };
    let has = |key: &str| object.contains_key(key);
    Some(if has("Shards") || has("StreamDescription") {
        PastedJson::StreamLayout
    } else if let Some(summary) = object.get("StreamDescriptionSummary") {
        PastedJson::StreamSummary {
            open_shards: summary.get("OpenShardCount").and_then(Value::as_u64),
        }
    } else if let Some(mappings) = object.get("EventSourceMappings") {
        PastedJson::EventSourceMappings {
            count: mappings.as_array().map_or(0, Vec::len),
        }
    } else if has("EventSourceArn") || has("UUID") || (has("BatchSize") && !has("Records")) {
        PastedJson::EventSourceMapping
    } else if let Some(records) = object.get("Records").and_then(Value::as_array) {
        if records.iter().any(|r| r.get("kinesis").is_some()) {
            PastedJson::KinesisEvent
        } else {
            PastedJson::Records
        }
    } else if has("PartitionKey") {
        PastedJson::Records
    } else {
        PastedJson::Other
    })
}

/// The first mapping of `list-event-source-mappings` output, as `get-event-source-mapping` JSON,
/// with how many there were.
pub fn first_mapping(text: &str) -> Option<(String, usize)> {
    let value: Value = serde_json::from_str(text).ok()?;
    let mappings = value.get("EventSourceMappings")?.as_array()?;
    Some((mappings.first()?.to_string(), mappings.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_outputs_are_told_apart_by_shape() {
        let cases = [
            (
                r#"{"Shards": [], "NextToken": "x"}"#,
                PastedJson::StreamLayout,
            ),
            (
                r#"{"StreamDescription": {"Shards": []}}"#,
                PastedJson::StreamLayout,
            ),
            (
                r#"{"StreamDescriptionSummary": {"StreamName": "s", "OpenShardCount": 4}}"#,
                PastedJson::StreamSummary {
                    open_shards: Some(4),
                },
            ),
            (
                r#"{"UUID": "u", "BatchSize": 100, "EventSourceArn": "arn:aws:kinesis:…"}"#,
                PastedJson::EventSourceMapping,
            ),
            (
                r#"{"EventSourceMappings": [{"UUID": "a"}, {"UUID": "b"}]}"#,
                PastedJson::EventSourceMappings { count: 2 },
            ),
            (
                r#"{"Records": [{"kinesis": {"partitionKey": "k"}, "eventSource": "aws:kinesis"}]}"#,
                PastedJson::KinesisEvent,
            ),
            (
                r#"{"StreamName": "s", "Records": [{"PartitionKey": "k", "Data": "eA=="}]}"#,
                PastedJson::Records,
            ),
            (
                r#"[{"PartitionKey": "k", "Data": "x"}]"#,
                PastedJson::Records,
            ),
            (
                r#"{"PartitionKey": "k", "Data": "eA=="}"#,
                PastedJson::Records,
            ),
            (r#"{"hello": 1}"#, PastedJson::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(recognise(text), Some(kind), "{text}");
        }
        assert_eq!(recognise("import boto3"), None);
        assert_eq!(
            first_mapping(r#"{"EventSourceMappings": [{"UUID": "a"}, {"UUID": "b"}]}"#),
            Some((r#"{"UUID":"a"}"#.to_owned(), 2))
        );
    }
}
