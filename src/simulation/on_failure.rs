//! The documents an on-failure destination receives, one per discarded batch (DOC: the invocation
//! record of Lambda's Kinesis guide; see `mapping::destination`).

use super::{Simulation, SimulationInput};
use crate::mapping::destination::{
    iso_timestamp, InvocationRecord, KinesisBatchInfo, RequestContext, ResponseContext,
};

impl Simulation {
    /// The invocation record of discarded batch `discard` (an index into `mapping.discards`), as
    /// the on-failure destination receives it; `None` without an `OnFailure` destination.
    pub fn on_failure_record(
        &self,
        input: &SimulationInput<'_>,
        discard: usize,
    ) -> Option<InvocationRecord> {
        input.mapping.destination_config.on_failure_arn()?;
        let discarded = self.mapping.discards.get(discard)?;
        let first = self.entry_record[*discarded.records.first()?];
        let last = self.entry_record[*discarded.records.last()?];
        let sequence = |record: usize| {
            self.outcomes[record]
                .sequence_number
                .clone()
                .unwrap_or_default()
        };
        let at = |ms: u64| iso_timestamp(input.source.clock_origin_ms + ms);
        Some(InvocationRecord {
            request_context: RequestContext {
                request_id: request_id(discard as u64, discarded.at_ms),
                function_arn: input.source.function_arn(),
                condition: discarded.reason,
                approximate_invoke_count: discarded.invoke_count,
            },
            // A batch invoked before it aged out answers like its invocations did (a failure).
            response_context: ResponseContext::after(discarded.invoke_count > 0),
            version: "1.0",
            timestamp: at(discarded.at_ms),
            kinesis_batch_info: KinesisBatchInfo {
                shard_id: input.layout.shards[discarded.shard].id.clone(),
                start_sequence_number: sequence(first),
                end_sequence_number: sequence(last),
                approximate_arrival_of_first_record: at(input.records[first].arrival_ms),
                approximate_arrival_of_last_record: at(input.records[last].arrival_ms),
                batch_size: discarded.records.len(),
                stream_arn: input.source.stream_arn(),
            },
        })
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
