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
use crate::mapping::event::compact_json_len;
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

/// A record's size in the compact event (what closes a batch at 6 MB), counted, not kept.
pub fn serialized_len(record: &DynamoDbEventRecord<'_>) -> usize {
    compact_json_len(record)
}

/// The record's `dynamodb` object alone, compact (what a stream consumer reads as the record).
pub fn stream_record_json(record: &DynamoDbEventRecord<'_>) -> String {
    serde_json::to_string(&StreamRecordPart(record)).unwrap_or_default()
}
