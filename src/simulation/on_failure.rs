//! The documents an on-failure destination receives, one per discarded batch (DOC: the invocation
//! record of Lambda's Kinesis and DynamoDB guides; see `mapping::destination`). Both streams build
//! it with [`invocation_record`]; only the batch info's name, the sequence numbers and the arrival
//! times' precision differ.

use super::{Simulation, SimulationInput};
use crate::mapping::destination::{
    iso_timestamp, BatchInfo, InvocationRecord, RequestContext, ResponseContext, StreamBatchInfo,
};
use crate::mapping::{EventSource, MappingConfig, MappingRun};

/// What a stream tells [`invocation_record`] about itself.
pub(crate) struct DiscardedStream<'a, Entry, Wrap>
where
    Entry: Fn(usize) -> (String, String),
    Wrap: Fn(StreamBatchInfo) -> BatchInfo,
{
    pub mapping: &'a MappingConfig,
    pub run: &'a MappingRun,
    pub source: &'a EventSource,
    /// The id of each shard of the layout the mapping ran on.
    pub shard_id: &'a dyn Fn(usize) -> String,
    pub stream_arn: String,
    /// A mapping entry's sequence number and its arrival time as the document writes it.
    pub entry: Entry,
    /// `BatchInfo::Kinesis` or `BatchInfo::DynamoDb`.
    pub wrap: Wrap,
}

/// The invocation record of discarded batch `discard` (an index into `run.discards`), as the
/// on-failure destination receives it; `None` without an `OnFailure` destination.
pub(crate) fn invocation_record<Entry, Wrap>(
    stream: &DiscardedStream<'_, Entry, Wrap>,
    discard: usize,
) -> Option<InvocationRecord>
where
    Entry: Fn(usize) -> (String, String),
    Wrap: Fn(StreamBatchInfo) -> BatchInfo,
{
    stream.mapping.destination_config.on_failure_arn()?;
    let discarded = stream.run.discards.get(discard)?;
    let (start_sequence_number, first_arrival) = (stream.entry)(*discarded.records.first()?);
    let (end_sequence_number, last_arrival) = (stream.entry)(*discarded.records.last()?);
    Some(InvocationRecord {
        request_context: RequestContext {
            request_id: request_id(discard as u64, discarded.at_ms),
            function_arn: stream.source.function_arn(),
            condition: discarded.reason,
            approximate_invoke_count: discarded.invoke_count,
        },
        // A batch invoked before it aged out answers like its invocations did (a failure).
        response_context: ResponseContext::after(discarded.invoke_count > 0),
        version: "1.0",
        timestamp: iso_timestamp(stream.source.clock_origin_ms + discarded.at_ms),
        batch_info: (stream.wrap)(StreamBatchInfo {
            shard_id: (stream.shard_id)(discarded.shard),
            start_sequence_number,
            end_sequence_number,
            approximate_arrival_of_first_record: first_arrival,
            approximate_arrival_of_last_record: last_arrival,
            batch_size: discarded.records.len(),
            stream_arn: stream.stream_arn.clone(),
        }),
    })
}

impl Simulation {
    /// The invocation record of discarded batch `discard` (an index into `mapping.discards`), as
    /// the on-failure destination receives it; `None` without an `OnFailure` destination.
    pub fn on_failure_record(
        &self,
        input: &SimulationInput<'_>,
        discard: usize,
    ) -> Option<InvocationRecord> {
        let shard_id = |shard: usize| input.layout.shards[shard].id.clone();
        invocation_record(
            &DiscardedStream {
                mapping: input.mapping,
                run: &self.mapping,
                source: input.source,
                shard_id: &shard_id,
                stream_arn: input.source.stream_arn(),
                entry: |entry: usize| {
                    let record = self.entry_record[entry];
                    (
                        self.outcomes[record]
                            .sequence_number
                            .clone()
                            .unwrap_or_default(),
                        iso_timestamp(
                            input.source.clock_origin_ms + input.records[record].arrival_ms,
                        ),
                    )
                },
                wrap: BatchInfo::Kinesis,
            },
            discard,
        )
    }

    /// The document of discarded batch `discard`, pretty-printed, ready to copy.
    pub fn on_failure_document(
        &self,
        input: &SimulationInput<'_>,
        discard: usize,
    ) -> Option<String> {
        self.on_failure_record(input, discard)
            .map(|record| record.to_json_pretty())
    }

    /// Every record the on-failure destination receives, in the order the batches were
    /// discarded (empty without a destination).
    pub fn on_failure_records(&self, input: &SimulationInput<'_>) -> Vec<InvocationRecord> {
        (0..self.mapping.discards.len())
            .filter_map(|discard| self.on_failure_record(input, discard))
            .collect()
    }
}

/// A UUID-shaped request id derived from the discard (MODEL: AWS's is random), so runs repeat.
fn request_id(discard: u64, at_ms: u64) -> String {
    let mix = |x: u64| {
        let mut z = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z ^ (z >> 29)
    };
    let (a, b) = (
        mix(discard ^ 0x5348_4152_444c_414e),
        mix(at_ms.wrapping_add(discard)),
    );
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}
