//! The Lambda event for DynamoDB Streams, exactly as Lambda delivers it: one record per change,
//! in the field order of real events (AWS SAM's sample `DynamoDBUpdate.json`, vendored in
//! `tests/dynamodb/`, and events seen in the wild).
//!
//! `eventVersion` "1.1", `eventSource` "aws:dynamodb"; `dynamodb` holds
//! `ApproximateCreationDateTime` (whole seconds, DOC), `Keys`, `NewImage`/`OldImage` as the
//! stream view type includes them, `SequenceNumber`, `SizeBytes`, `StreamViewType`; TTL
//! deletions add `userIdentity` (DOC).

use super::attribute::Item;
use super::state::EventName;
use super::table::StreamViewType;
use crate::mapping::event::{window_timestamp, WindowFields};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// One record of the event's `Records` array.
#[derive(Clone, Copy, Debug)]
pub struct DynamoDbEventRecord<'a> {
    pub event_id: &'a str,
    pub event_name: EventName,
    pub region: &'a str,
    /// Unix milliseconds of the change (written as whole seconds, rounded down).
    pub unix_ms: u64,
    pub keys: &'a Item,
    pub new_image: Option<&'a Item>,
    pub old_image: Option<&'a Item>,
    pub sequence_number: &'a str,
    pub size_bytes: usize,
    pub view: StreamViewType,
    pub stream_arn: &'a str,
    pub by_ttl: bool,
}

struct StreamRecordPart<'r, 'a>(&'r DynamoDbEventRecord<'a>);

impl Serialize for StreamRecordPart<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let new_image = r.new_image.filter(|_| r.view.has_new_image());
        let old_image = r.old_image.filter(|_| r.view.has_old_image());
        let mut part = serializer.serialize_struct("dynamodb", 7)?;
        part.serialize_field("ApproximateCreationDateTime", &(r.unix_ms / 1000))?;
        part.serialize_field("Keys", r.keys)?;
        if let Some(image) = new_image {
            part.serialize_field("NewImage", image)?;
        }
        if let Some(image) = old_image {
            part.serialize_field("OldImage", image)?;
        }
        part.serialize_field("SequenceNumber", r.sequence_number)?;
        part.serialize_field("SizeBytes", &r.size_bytes)?;
        part.serialize_field("StreamViewType", r.view.as_str())?;
        part.end()
    }
}

struct TtlIdentity;

impl Serialize for TtlIdentity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut identity = serializer.serialize_struct("userIdentity", 2)?;
        identity.serialize_field("type", "Service")?;
        identity.serialize_field("principalId", "dynamodb.amazonaws.com")?;
        identity.end()
    }
}

impl Serialize for DynamoDbEventRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("record", 9)?;
        record.serialize_field("eventID", self.event_id)?;
        record.serialize_field("eventName", self.event_name.as_str())?;
        record.serialize_field("eventVersion", "1.1")?;
        record.serialize_field("eventSource", "aws:dynamodb")?;
        record.serialize_field("awsRegion", self.region)?;
        record.serialize_field("dynamodb", &StreamRecordPart(self))?;
        record.serialize_field("eventSourceARN", self.stream_arn)?;
        if self.by_ttl {
            record.serialize_field("userIdentity", &TtlIdentity)?;
        }
        record.end()
    }
}

/// The event `{"Records":[…]}` for a batch, pretty-printed.
pub fn lambda_dynamodb_event_json(records: &[DynamoDbEventRecord<'_>]) -> String {
    #[derive(serde::Serialize)]
    struct Event<'r, 'a> {
        #[serde(rename = "Records")]
        records: &'r [DynamoDbEventRecord<'a>],
    }
    serde_json::to_string_pretty(&Event { records }).unwrap_or_default()
}

/// The event of an invocation under a tumbling window (DOC, the Lambda guide's
/// DynamoDBTimeWindowEvent has the Kinesis fields): `Records`, `window`, `state`, `shardId`,
/// `eventSourceARN`, `isFinalInvokeForWindow`, `isWindowTerminatedEarly`.
pub fn lambda_dynamodb_window_event_json(
    records: &[DynamoDbEventRecord<'_>],
    window: &WindowFields<'_>,
) -> String {
    #[derive(serde::Serialize)]
    struct Bounds {
        start: String,
        end: String,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Event<'r, 'a> {
        #[serde(rename = "Records")]
        records: &'r [DynamoDbEventRecord<'a>],
        window: Bounds,
        state: serde_json::Value,
        shard_id: &'r str,
        #[serde(rename = "eventSourceARN")]
        event_source_arn: &'r str,
        is_final_invoke_for_window: bool,
        is_window_terminated_early: bool,
    }
    let state = match window.state {
        Some(count) => serde_json::json!({ "count": count }),
        None => serde_json::json!({}),
    };
    serde_json::to_string_pretty(&Event {
        records,
        window: Bounds {
            start: window_timestamp(window.start_ms),
            end: window_timestamp(window.end_ms),
        },
        state,
        shard_id: window.shard_id,
        event_source_arn: window.stream_arn,
        is_final_invoke_for_window: window.final_invoke,
        is_window_terminated_early: window.terminated_early,
    })
    .unwrap_or_default()
}

/// A record's size in the compact event (what closes a batch at 6 MB), counted, not kept.
pub fn serialized_len(record: &DynamoDbEventRecord<'_>) -> usize {
    struct Counter(usize);
    impl std::io::Write for Counter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0);
    // Writing into a counter cannot fail.
    let _ = serde_json::to_writer(&mut counter, record);
    counter.0
}

/// The record's `dynamodb` object alone, compact (what a stream consumer reads as the record).
pub fn stream_record_json(record: &DynamoDbEventRecord<'_>) -> String {
    serde_json::to_string(&StreamRecordPart(record)).unwrap_or_default()
}
