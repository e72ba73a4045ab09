//! The one record type every producer front end emits.
//!
//! Python, JavaScript, AWS CLI lines and JSON all reduce to a list of [`ProducedRecord`]s in put
//! order. A record keeps what AWS receives (stream, partition key, optional `ExplicitHashKey`, data
//! bytes) plus what the playground needs to explain it: when it arrived on the producer's virtual
//! clock, which put call sent it, and the source line of that call.

use serde::Serialize;

/// The stream a record goes to when its producer names none (a JSON entry without StreamName, an
/// AWS CLI line without `--stream-name`), and the name of the playground's uniform layouts. Share
/// links leave it out of their records, so the examples name it too.
pub const DEFAULT_STREAM_NAME: &str = "my-stream";

/// The latest arrival a record may have, in milliseconds from the scenario's clock origin (about
/// 285,000 years: 2^53, exact as an `f64`). Every reader of arrival times from outside (JSON, a
/// Lambda event, `sleep` lines, a code engine's answer, a link's records) refuses later ones, so
/// the simulation's clock (arrival plus batching windows, durations, retry delays, the clock
/// origin) cannot overflow.
pub const MAX_ARRIVAL_MS: u64 = 1 << 53;

/// Which API call sent a record: it decides AWS's request-level limits and message field names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum PutApi {
    PutRecord,
    PutRecords,
}

/// One entry of a `PutRecord` or `PutRecords` call, as the producer made it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProducedRecord {
    /// StreamName, or the stream part of StreamARN.
    pub stream: String,
    pub partition_key: String,
    /// The `ExplicitHashKey` text exactly as given (validated later, as AWS does).
    pub explicit_hash_key: Option<String>,
    pub data: Vec<u8>,
    /// Milliseconds since the scenario's clock origin.
    pub arrival_ms: u64,
    /// 0-based index of the put call that sent this record.
    pub put_call: usize,
    pub api: PutApi,
    /// 1-based source line of the put call, when the record came from code.
    pub source_line: Option<usize>,
}

impl ProducedRecord {
    /// A record sent alone by `PutRecord` at time 0, for tests and simple inputs.
    pub fn new(partition_key: impl Into<String>, data: impl Into<Vec<u8>>) -> ProducedRecord {
        ProducedRecord {
            stream: DEFAULT_STREAM_NAME.to_owned(),
            partition_key: partition_key.into(),
            explicit_hash_key: None,
            data: data.into(),
            arrival_ms: 0,
            put_call: 0,
            api: PutApi::PutRecord,
            source_line: None,
        }
    }

    /// AWS's record size: data bytes plus the partition key's UTF-8 bytes.
    pub fn size_bytes(&self) -> usize {
        self.data.len() + self.partition_key.len()
    }
}
