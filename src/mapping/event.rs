//! The Lambda Kinesis event, exactly as Lambda delivers it to the function.
//!
//! One [`KinesisEventRecord`] per record, serialized in AWS's field order. The same structure
//! serves two purposes: the event JSON shown for a batch, and the payload size that closes a batch
//! at 6 MB (MODEL: the payload is the serialized event, with data in base64). Sizes are measured by
//! serializing into a byte counter, so they can never drift from the JSON the user sees.

use crate::layout::ACCOUNT;
use crate::record::DEFAULT_STREAM_NAME;
use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The largest invocation payload Lambda accepts (6 MB = 6 × 2^20 bytes).
pub const MAX_PAYLOAD_BYTES: usize = 6 * 1024 * 1024;
/// `{"Records":[` and `]}` around the entries.
pub const ENVELOPE_BYTES: usize = r#"{"Records":[]}"#.len();

/// The region of the playground's ARNs and of the SDK clients a producer makes (a model: the
/// playground runs in no region).
pub const DEFAULT_REGION: &str = "us-east-1";

/// The name of the function the playground's mapping invokes.
pub const DEFAULT_FUNCTION_NAME: &str = "my-function";

/// What the event pane says of the event's account, role and times: placeholders, not AWS's.
pub const EVENT_PLACEHOLDERS_LABEL: &str = "The account (123456789012), the function's role and \
    the arrival times (the playground's clock, from 2026-01-01) are placeholders.";

/// Where events come from: the names that appear in every record's ARNs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSource {
    pub region: String,
    pub stream_name: String,
    pub function_role: String,
    /// Unix time of the scenario's clock origin, in milliseconds.
    pub clock_origin_ms: u64,
}

impl Default for EventSource {
    fn default() -> Self {
        EventSource {
            region: DEFAULT_REGION.into(),
            stream_name: DEFAULT_STREAM_NAME.into(),
            function_role: "lambda-role".into(),
            // 2026-01-01T00:00:00Z: a fixed origin keeps every run reproducible.
            clock_origin_ms: 1_767_225_600_000,
        }
    }
}

impl EventSource {
    pub fn stream_arn(&self) -> String {
        format!(
            "arn:aws:kinesis:{}:{ACCOUNT}:stream/{}",
            self.region, self.stream_name
        )
    }

    /// The mapped function's ARN (the playground's function is always `DEFAULT_FUNCTION_NAME`).
    pub fn function_arn(&self) -> String {
        format!(
            "arn:aws:lambda:{}:{ACCOUNT}:function:{DEFAULT_FUNCTION_NAME}",
            self.region
        )
    }

    pub fn role_arn(&self) -> String {
        format!("arn:aws:iam::{ACCOUNT}:role/{}", self.function_role)
    }
}

/// One record of the event's `Records` array.
#[derive(Clone, Copy)]
pub struct KinesisEventRecord<'a> {
    pub partition_key: &'a str,
    pub sequence_number: &'a str,
    pub data: &'a [u8],
    pub arrival_ms: u64,
    pub shard_id: &'a str,
    pub source: &'a EventSource,
    pub stream_arn: &'a str,
    pub role_arn: &'a str,
}

struct KinesisPart<'r, 'a>(&'r KinesisEventRecord<'a>);

impl Serialize for KinesisPart<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.0;
        let seconds = (record.source.clock_origin_ms + record.arrival_ms) as f64 / 1000.0;
        let mut part = serializer.serialize_struct("kinesis", 5)?;
        part.serialize_field("kinesisSchemaVersion", "1.0")?;
        part.serialize_field("partitionKey", record.partition_key)?;
        part.serialize_field("sequenceNumber", record.sequence_number)?;
        part.serialize_field("data", &Base64Text(record.data))?;
        part.serialize_field("approximateArrivalTimestamp", &seconds)?;
        part.end()
    }
}

struct Base64Text<'a>(&'a [u8]);

impl Serialize for Base64Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Base64Display::new(self.0, &STANDARD))
    }
}

struct EventId<'a>(&'a str, &'a str);

impl Serialize for EventId<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}:{}", self.0, self.1))
    }
}

impl Serialize for KinesisEventRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("record", 8)?;
        record.serialize_field("kinesis", &KinesisPart(self))?;
        record.serialize_field("eventSource", "aws:kinesis")?;
        record.serialize_field("eventVersion", "1.0")?;
        record.serialize_field("eventID", &EventId(self.shard_id, self.sequence_number))?;
        record.serialize_field("eventName", "aws:kinesis:record")?;
        record.serialize_field("invokeIdentityArn", self.role_arn)?;
        record.serialize_field("awsRegion", &self.source.region)?;
        record.serialize_field("eventSourceARN", self.stream_arn)?;
        record.end()
    }
}

/// The event `{"Records":[…]}` for a batch, pretty-printed as Lambda's console shows it.
pub fn lambda_event_json(records: &[KinesisEventRecord<'_>]) -> String {
    #[derive(serde::Serialize)]
    struct Event<'r, 'a> {
        #[serde(rename = "Records")]
        records: &'r [KinesisEventRecord<'a>],
    }
    serde_json::to_string_pretty(&Event { records }).unwrap_or_default()
}

/// What a tumbling window adds to the event (DOC, "Example KinesisTimeWindowEvent" in the Lambda
/// developer guide): the window, the state, the shard and stream, and the two flags.
#[derive(Clone, Copy, Debug)]
pub struct WindowFields<'a> {
    /// Unix ms of the window's start and end (whole seconds).
    pub start_ms: u64,
    pub end_ms: u64,
    /// `None`: `{}`; `Some(n)`: the model function's `{"count": n}`.
    pub state: Option<u64>,
    pub shard_id: &'a str,
    pub stream_arn: &'a str,
    pub final_invoke: bool,
    pub terminated_early: bool,
}

/// `2020-12-09T07:04:00Z`: window bounds as AWS's example writes them, to the second.
pub fn window_timestamp(unix_ms: u64) -> String {
    let full = super::destination::iso_timestamp(unix_ms / 1000 * 1000);
    full.replace(".000Z", "Z")
}

/// The event of an invocation under a tumbling window: `Records` (empty for the final invoke),
/// then `window`, `state`, `shardId`, `eventSourceARN`, `isFinalInvokeForWindow` and
/// `isWindowTerminatedEarly`, in AWS's order, pretty-printed. Kinesis and DynamoDB records alike
/// (the Lambda guide's DynamoDBTimeWindowEvent has the Kinesis fields).
pub fn lambda_window_event_json<R: serde::Serialize>(
    records: &[R],
    window: &WindowFields<'_>,
) -> String {
    #[derive(serde::Serialize)]
    struct Bounds {
        start: String,
        end: String,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Event<'r, R> {
        #[serde(rename = "Records")]
        records: &'r [R],
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
    let event = Event {
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
    };
    serde_json::to_string_pretty(&event).unwrap_or_default()
}

/// The compact serialized size of one event record, in bytes.
pub fn serialized_len(record: &KinesisEventRecord<'_>) -> usize {
    // Every field is a plain string or number. The data is counted, not encoded: standard base64
    // has 4 characters per 3 bytes (padded) and none of them is escaped in JSON.
    let without_data = KinesisEventRecord {
        data: &[],
        ..*record
    };
    compact_json_len(&without_data) + record.data.len().div_ceil(3) * 4
}

/// [`serialized_len`] in two parts, for records whose shard is not known yet or changes: this
/// part depends on the record and its source only (it is the size with an empty sequence number
/// and shard id); [`placement_len`] adds what its sequence number and shard id contribute.
pub fn serialized_len_before_placement(record: &KinesisEventRecord<'_>) -> usize {
    serialized_len(&KinesisEventRecord {
        sequence_number: "",
        shard_id: "",
        ..*record
    })
}

/// What a sequence number (digits only) and a shard id add to a record's serialized size: the
/// number appears twice (`sequenceNumber` and `eventID`), the id once, escaped, in `eventID`.
pub fn placement_len(sequence_number: &str, shard_id: &str) -> usize {
    2 * sequence_number.len() + escaped_len(shard_id)
}

/// The length of `text` inside a JSON string (without its quotes).
pub fn escaped_len(text: &str) -> usize {
    compact_json_len(text) - 2
}

/// The length of `value`'s compact JSON, counted without building the text.
pub fn compact_json_len(value: &(impl serde::Serialize + ?Sized)) -> usize {
    let mut counter = ByteCounter(0);
    // Writing into a counter cannot fail.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// The compact event size of a batch of `record_count` records whose serialized sizes add up to
/// `record_bytes`: the envelope, the records and the commas between them.
pub fn batch_payload_bytes(record_count: usize, record_bytes: usize) -> usize {
    ENVELOPE_BYTES + record_bytes + record_count.saturating_sub(1)
}

struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::EVENT_PLACEHOLDERS_LABEL;

    #[test]
    fn the_placeholder_label_names_the_account_the_event_uses() {
        assert!(EVENT_PLACEHOLDERS_LABEL.contains(crate::layout::ACCOUNT));
    }

    use super::*;

    #[test]
    fn size_before_placement_plus_placement_is_the_size() {
        let source = EventSource::default();
        let (stream_arn, role_arn) = (source.stream_arn(), source.role_arn());
        for shard_id in ["shardId-000000000006", "", "odd \"id\"\\ \u{1}é"] {
            for sequence_number in [
                "",
                "0",
                "49590338271490256608559692538361571095921575989136588898",
            ] {
                let record = KinesisEventRecord {
                    partition_key: "1\"é\n",
                    sequence_number,
                    data: b"Hello",
                    arrival_ms: 987,
                    shard_id,
                    source: &source,
                    stream_arn: &stream_arn,
                    role_arn: &role_arn,
                };
                assert_eq!(
                    serialized_len_before_placement(&record)
                        + placement_len(sequence_number, shard_id),
                    serde_json::to_string(&record).unwrap().len(),
                    "{shard_id:?} {sequence_number:?}"
                );
            }
        }
    }

    #[test]
    fn event_has_awss_shape_and_measured_size() {
        let source = EventSource::default();
        let (stream_arn, role_arn) = (source.stream_arn(), source.role_arn());
        let record = KinesisEventRecord {
            partition_key: "1\"é",
            sequence_number: "49590338271490256608559692538361571095921575989136588898",
            data: b"Hello, this is a test.",
            arrival_ms: 987,
            shard_id: "shardId-000000000006",
            source: &source,
            stream_arn: &stream_arn,
            role_arn: &role_arn,
        };
        let compact = serde_json::to_string(&record).unwrap();
        assert_eq!(serialized_len(&record), compact.len());
        // The counted base64 matches the encoded one for every padding case and every byte.
        let bytes: Vec<u8> = (0..=255).collect();
        for length in 0..=bytes.len() {
            let record = KinesisEventRecord {
                data: &bytes[..length],
                ..record
            };
            assert_eq!(
                serialized_len(&record),
                serde_json::to_string(&record).unwrap().len()
            );
        }
        assert!(compact
            .starts_with(r#"{"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1\"é""#));
        assert!(compact.contains(r#""data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","approximateArrivalTimestamp":1767225600.987}"#));
        assert!(compact.contains(r#""eventID":"shardId-000000000006:49590338271490256608559692538361571095921575989136588898""#));
        let two = format!(r#"{{"Records":[{compact},{compact}]}}"#);
        assert_eq!(batch_payload_bytes(2, 2 * compact.len()), two.len());
        let event: serde_json::Value = serde_json::from_str(&lambda_event_json(&[record])).unwrap();
        assert_eq!(
            event["Records"][0]["eventSourceARN"],
            "arn:aws:kinesis:us-east-1:123456789012:stream/my-stream"
        );
    }
}
