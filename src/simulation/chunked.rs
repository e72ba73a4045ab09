//! [`simulate`](super::simulate) for inputs too large to hold: records are fed a chunk at a time
//! and each keeps a few compact facts, not its `ProducedRecord` or `RecordOutcome`.
//!
//! The stages are the core's own: `validate` (AWS's per-call checks, on each chunk), `hash` (the
//! multi-buffer MD5 of each chunk's partition keys), `place` ([`place_record`]), `throttle`
//! ([`limits::predict_throttling_by`]), number and filter, and the one mapping engine
//! ([`engine::run_with_failures`]). What is kept per record is [`Facts`] (48 bytes); after
//! [`ChunkedSimulation::finish`] the engine holds its own per-entry state on top (its
//! [`StreamEntry`] of 48 bytes, the `MappingRun`'s vectors and each invocation's list of entries).
//! Errors are kept only for the records that have one. Nothing grows with distinct keys.
//!
//! [`ChunkedRun::outcome`] gives back a record's [`RecordOutcome`] when it is read again, exactly
//! as `simulate` computes it (`tests/it/chunked_simulation_matches_simulate.rs` holds the two
//! equal), so a caller can write each record's result while reading its input a second time.
//! Insights are not computed: they need every outcome at once.

use super::{event_bytes_before_placement, place_record, RecordOutcome};
use crate::diagnostic::AwsError;
use crate::hash_key::HashKey;
use crate::layout::{sequence_number, StreamLayout};
use crate::limits;
use crate::mapping::engine::{self, EntryRules, MappingRun, StreamEntry};
use crate::mapping::event::{placement_len, EventSource};
use crate::mapping::failures::{
    Attempts, CompiledRules, FailureEffect, FailureRules, RandomFailures, RecordView,
};
use crate::mapping::filter::FilterCriteria;
use crate::mapping::{FunctionModel, MappingConfig};
use crate::record::ProducedRecord;
use crate::router::Router;
use std::collections::HashMap;
use std::sync::Arc;

/// `u32::MAX` in a [`Facts`] index field: none.
const NONE: u32 = u32::MAX;

/// The most records one chunked simulation takes (record indices are `u32`).
pub const MAX_RECORDS: usize = NONE as usize - 1;

/// What is kept of one record between the passes.
#[derive(Clone, Copy, Debug)]
struct Facts {
    /// MD5 of the partition key: it picks the lane.
    partition_hash: HashKey,
    arrival_ms: u64,
    /// AWS's record size (data plus partition key).
    record_bytes: u32,
    /// Its Lambda event record's size before placement, then (numbered) with it.
    event_bytes: u32,
    /// The shard it routes to, or `NONE` when refused before routing.
    shard: u32,
    /// Its place in its shard's sequence, or `NONE` when it never entered the stream.
    index_in_shard: u32,
    /// Its index among the mapping's entries, or `NONE` when never invoked.
    entry: u32,
    /// 1 + the index of its first failure rule; 0: none.
    rule: u8,
    /// The mapping's FilterCriteria match its data.
    matches: bool,
    /// Over its shard's write limits (its error names its own stream, read again in pass two).
    throttled: bool,
}

/// A simulation being fed records (pass one).
pub struct ChunkedSimulation<'a> {
    layout: &'a StreamLayout,
    mapping: &'a MappingConfig,
    function: &'a FunctionModel,
    source: &'a EventSource,
    random: Option<RandomFailures>,
    router: Router,
    filters: FilterCriteria,
    rules: CompiledRules,
    arns: (String, String),
    facts: Vec<Facts>,
    /// Errors of the records that have one (refused calls, gaps).
    errors: HashMap<u32, Arc<AwsError>>,
    /// Each failure rule's effect and attempts, once a record matched it.
    rule_effects: Vec<Option<(FailureEffect, Attempts)>>,
}

/// A finished simulation: each record's outcome on demand (pass two).
pub struct ChunkedRun<'a> {
    layout: &'a StreamLayout,
    facts: Vec<Facts>,
    errors: HashMap<u32, Arc<AwsError>>,
    shard_numbers: Vec<u64>,
    pub mapping: MappingRun,
}

impl<'a> ChunkedSimulation<'a> {
    pub fn new(
        layout: &'a StreamLayout,
        mapping: &'a MappingConfig,
        function: &'a FunctionModel,
        source: &'a EventSource,
        failures: &'a FailureRules,
    ) -> ChunkedSimulation<'a> {
        // As in `simulate`: `validate` refuses bad patterns and rules before a simulation; here a
        // bad one simply matches nothing.
        ChunkedSimulation {
            layout,
            mapping,
            function,
            source,
            random: failures.random.filter(|r| r.per_mille > 0),
            router: Router::new(layout),
            filters: mapping.filters().unwrap_or_default(),
            rules: failures.compile().unwrap_or_default(),
            arns: (source.stream_arn(), source.role_arn()),
            facts: Vec::new(),
            errors: HashMap::new(),
            rule_effects: Vec::new(),
        }
    }

    /// How many records were pushed.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Validates, hashes and places the next records in put order. A chunk holds whole put calls
    /// (a call's records are never split between chunks). Refuses more than [`MAX_RECORDS`].
    pub fn push(&mut self, records: &[ProducedRecord]) -> Result<(), String> {
        let first = self.facts.len();
        if first + records.len() > MAX_RECORDS {
            return Err(format!(
                "more than {MAX_RECORDS} records: too many for one simulation"
            ));
        }
        let request_errors = super::validate(records);
        let hashes = super::hash(records);
        self.facts.reserve(records.len());
        for (offset, ((record, request_error), partition_hash)) in
            records.iter().zip(request_errors).zip(hashes).enumerate()
        {
            let index = first + offset;
            let (shard, error) = place_record(&self.router, record, request_error, partition_hash);
            let placed = shard.is_some() && error.is_none();
            if let Some(error) = error {
                self.errors.insert(index as u32, error);
            }
            let rule = if placed && !self.rules.is_empty() {
                let view = RecordView {
                    number: index,
                    partition_key: &record.partition_key,
                    sequence_number: "",
                    data: &record.data,
                };
                match self.rules.rule_for(&view) {
                    Some((rule, effect, attempts)) => {
                        if self.rule_effects.len() <= rule {
                            self.rule_effects.resize(rule + 1, None);
                        }
                        self.rule_effects[rule] = Some((effect, attempts));
                        // At most `MAX_RULES` (100) rules.
                        u8::try_from(rule + 1).unwrap_or(u8::MAX)
                    }
                    None => 0,
                }
            } else {
                0
            };
            self.facts.push(Facts {
                partition_hash,
                arrival_ms: record.arrival_ms,
                record_bytes: record.size_bytes().min(u32::MAX as usize) as u32,
                event_bytes: event_bytes_before_placement(record, self.source, &self.arns)
                    .min(u32::MAX as usize) as u32,
                shard: shard.map_or(NONE, |s| s as u32),
                index_in_shard: NONE,
                entry: NONE,
                rule,
                matches: placed && self.filters.matches(&record.data),
                throttled: false,
            });
        }
        Ok(())
    }

    /// Throttles, numbers and filters the records, and runs the mapping over them.
    pub fn finish(self) -> ChunkedRun<'a> {
        let ChunkedSimulation {
            layout,
            mapping,
            function,
            source,
            random,
            rules,
            mut facts,
            errors,
            rule_effects,
            ..
        } = self;
        // Throttle: as `simulate`'s stage, over the facts.
        let placed = |i: usize| {
            let f = &facts[i];
            (f.shard != NONE && !errors.contains_key(&(i as u32))).then_some(f.shard as usize)
        };
        let throttled = limits::predict_throttling_by(
            facts.len(),
            placed,
            |i| facts[i].arrival_ms,
            |i| facts[i].record_bytes as usize,
        );
        for (fact, throttled) in facts.iter_mut().zip(throttled) {
            fact.throttled = throttled;
        }
        // Number and filter: each shard's sequence in arrival order (a stable sort, as
        // `simulate`'s), the matching records becoming the mapping's entries.
        let mut delivered: Vec<u32> = (0..facts.len() as u32)
            .filter(|&i| {
                let fact = &facts[i as usize];
                fact.shard != NONE && !fact.throttled && !errors.contains_key(&i)
            })
            .collect();
        delivered.sort_by_key(|&i| facts[i as usize].arrival_ms);
        let shard_numbers = super::shard_numbers(layout);
        let shard_id_bytes: Vec<usize> = (layout.shards.iter())
            .map(|shard| placement_len("", &shard.id))
            .collect();
        let mut next_in_shard = vec![0u32; layout.shards.len()];
        let mut entries = Vec::new();
        let mut rule_of = Vec::new();
        for i in delivered {
            let fact = &mut facts[i as usize];
            let shard = fact.shard as usize;
            fact.index_in_shard = next_in_shard[shard];
            next_in_shard[shard] += 1;
            if !fact.matches {
                continue;
            }
            let sequence = sequence_number(shard_numbers[shard], u64::from(fact.index_in_shard));
            fact.entry = entries.len() as u32;
            entries.push(StreamEntry {
                shard,
                partition_hash: fact.partition_hash,
                arrival_ms: fact.arrival_ms,
                event_bytes: fact.event_bytes as usize
                    + placement_len(&sequence, "")
                    + shard_id_bytes[shard],
                record_bytes: fact.record_bytes as usize,
            });
            if !rules.is_empty() {
                rule_of.push(
                    (fact.rule > 0)
                        .then(|| rule_effects[usize::from(fact.rule) - 1])
                        .flatten(),
                );
            }
        }
        let rules = EntryRules { rule_of, random };
        let mapping = engine::run_with_failures(
            layout,
            &entries,
            mapping,
            function,
            &rules,
            source.clock_origin_ms,
        );
        ChunkedRun {
            layout,
            facts,
            errors,
            shard_numbers,
            mapping,
        }
    }
}

impl ChunkedRun<'_> {
    /// How many records were simulated.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// What `simulate` computes for record `index`, which is `record` read again.
    pub fn outcome(&self, index: usize, record: &ProducedRecord) -> RecordOutcome {
        let fact = &self.facts[index];
        let entry = (fact.entry != NONE).then_some(fact.entry as usize);
        RecordOutcome {
            hash_key: limits::record_hash_key(record, fact.partition_hash).ok(),
            partition_hash: fact.partition_hash,
            shard: (fact.shard != NONE).then_some(fact.shard as usize),
            sequence_number: (fact.index_in_shard != NONE).then(|| {
                let shard = fact.shard as usize;
                sequence_number(self.shard_numbers[shard], u64::from(fact.index_in_shard))
            }),
            lane: entry.map(|e| self.mapping.lane_of[e]),
            batch: entry.and_then(|e| self.mapping.batch_of_entry(e)),
            error: match self.errors.get(&(index as u32)) {
                Some(error) => Some(error.clone()),
                None if fact.throttled => Some(Arc::new(limits::throttling_error(
                    &self.layout.shards[fact.shard as usize].id,
                    &record.stream,
                ))),
                None => None,
            },
            filtered_out: fact.index_in_shard != NONE && !fact.matches,
            deliveries: entry.map_or(0, |e| self.mapping.deliveries[e]),
            fate: entry.map(|e| self.mapping.fate[e]),
        }
    }

    /// The layout simulated.
    pub fn layout(&self) -> &StreamLayout {
        self.layout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_take_48_bytes_a_record() {
        assert_eq!(std::mem::size_of::<Facts>(), 48);
    }
}
