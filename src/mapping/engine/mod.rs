//! The event source mapping as a discrete-event simulation: lanes, batches, invocations and
//! execution environments, and what happens when the function fails.
//!
//! What is AWS's documented behaviour and what is our model (labelled MODEL in the UI):
//! - Each shard is read in sequence order; with ParallelizationFactor (PF) 1 a shard has one batch in
//!   flight. With PF > 1, MODEL: a record's lane is `MD5(partition key) % PF`, each lane has at most
//!   one batch in flight and keeps shard order, so one key always stays in one lane (AWS: "in-order
//!   processing at the partition-key level").
//! - A batch closes when it holds BatchSize records, when the batching window expires, or when one
//!   more record would push the event past 6 MB (DOC; MODEL: measured on the serialized event).
//! - A child shard is read only after all records of its parents are processed or discarded (DOC).
//! - A batch holds only records the mapping has read: polled with a standard iterator, pushed with
//!   enhanced fan-out, within GetRecords' caps and the shard's read throughput (see [`reading`]).
//! - MODEL of environments: a pool; a batch ready to run takes the lowest-numbered idle environment,
//!   a new one (with a cold start) only when none is idle, and waits when reserved concurrency is
//!   used up. Nothing ties an environment to a shard — exactly as with AWS.
//! - Failures, retries, bisect, record age and partial batch responses: see [`failures`].
//! - Tumbling windows: see [`windows`].
//!
//! Batches are planned in the order they close; a lane plans its next batch (or retry) only when
//! its previous one has ended, so ready times come out of the heap in non-decreasing order and
//! every environment decision sees all earlier decisions.

pub mod failures;
mod lineage;
mod outcome;
mod plan;
pub mod reading;
pub mod windows;

pub use failures::{EntryRules, MAX_FAILED_INVOCATIONS};
pub use lineage::peak_concurrency;
pub use outcome::{
    AttemptResult, Batch, Blockage, CloseReason, Discard, MappingRun, RecordFate, WindowInvoke,
};
pub use reading::ReadStats;

use super::config::{FunctionModel, MappingConfig};
use super::environments::EnvironmentPool;
use crate::hash_key::HashKey;
use crate::layout::StreamLayout;
use failures::Policy;
use lineage::predecessors;
use plan::{plan_batch, plan_retry, Lane, Limits};
use reading::Reader;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A record as the mapping sees it: already placed in a shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamEntry {
    /// Index into the layout's `shards`.
    pub shard: usize,
    /// MD5 of the partition key (never the ExplicitHashKey): it picks the lane.
    pub partition_hash: HashKey,
    pub arrival_ms: u64,
    /// Size of this record in the serialized Lambda event.
    pub event_bytes: usize,
    /// Its size as Kinesis counts reads: data plus partition key, in bytes.
    pub record_bytes: usize,
}

/// The lane (concurrent batch slot of a shard) of a partition key. MODEL.
pub fn lane_of(partition_hash: HashKey, parallelization_factor: u32) -> u32 {
    (partition_hash.0 % u128::from(parallelization_factor.max(1))) as u32
}

/// Runs the event source mapping over `entries` placed in `layout`'s shards, with a function that
/// never fails, on the default event source's clock.
pub fn run(
    layout: &StreamLayout,
    entries: &[StreamEntry],
    config: &MappingConfig,
    function: &FunctionModel,
) -> MappingRun {
    let clock_origin_ms = crate::mapping::EventSource::default().clock_origin_ms;
    let rules = EntryRules::default();
    run_with_failures(layout, entries, config, function, &rules, clock_origin_ms)
}

/// Runs the event source mapping with the failures `rules` describe for each entry; time 0 is
/// Unix time `clock_origin_ms` (tumbling windows are aligned to the clock).
pub fn run_with_failures(
    layout: &StreamLayout,
    entries: &[StreamEntry],
    config: &MappingConfig,
    function: &FunctionModel,
    rules: &EntryRules,
    clock_origin_ms: u64,
) -> MappingRun {
    let parents = predecessors(layout);
    let mut simulator = Simulator::new(layout, entries, config, function, rules, &parents);
    simulator.windows = windows::Windows::of(config, clock_origin_ms);
    // Lineage cannot have cycles in AWS; a pasted layout with one simply never starts those shards.
    simulator.start_shards(
        (0..layout.shards.len())
            .filter(|&s| parents[s].is_empty())
            .collect(),
    );
    while simulator.invoke_next_batch() {}
    let mut run = simulator.run;
    run.environment_count = simulator.environments.len();
    run.peak_concurrency = peak_concurrency(&run.batches);
    run
}

struct Simulator<'a> {
    entries: &'a [StreamEntry],
    function: &'a FunctionModel,
    rules: &'a EntryRules,
    policy: Policy,
    limits: Limits,
    reader: Reader,
    windows: Option<windows::Windows>,
    /// Per shard: closed (its last window ends with its records, not with the clock).
    closed: Vec<bool>,
    /// Per shard: its entries in sequence order.
    sequence: Vec<Vec<usize>>,
    factor: usize,
    /// Indexed by `shard * factor + lane`.
    lanes: Vec<Lane>,
    children: Vec<Vec<usize>>,
    /// Per shard: parents whose records are not all processed yet.
    waiting_parents: Vec<usize>,
    /// Per shard: the earliest time its records may be processed (its parents' end).
    gate_ms: Vec<u64>,
    /// Per shard: lanes that still have records to process.
    busy_lanes: Vec<usize>,
    last_end_ms: Vec<u64>,
    /// Planned batches by ready time, then lane index.
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    environments: EnvironmentPool,
    failed_invocations: usize,
    run: MappingRun,
}

impl<'a> Simulator<'a> {
    fn new(
        layout: &StreamLayout,
        entries: &'a [StreamEntry],
        config: &MappingConfig,
        function: &'a FunctionModel,
        rules: &'a EntryRules,
        parents: &[Vec<usize>],
    ) -> Simulator<'a> {
        let factor = config.parallelization_factor.max(1) as usize;
        let shard_count = layout.shards.len();
        let lane_keys: Vec<u32> = entries
            .iter()
            .map(|e| lane_of(e.partition_hash, factor as u32))
            .collect();
        let mut lanes = vec![Lane::default(); shard_count * factor];
        let mut sequence = vec![Vec::new(); shard_count];
        let mut in_sequence: Vec<usize> = (0..entries.len()).collect();
        in_sequence.sort_by_key(|&i| entries[i].arrival_ms);
        for i in in_sequence {
            lanes[entries[i].shard * factor + lane_keys[i] as usize]
                .queue
                .push(i);
            sequence[entries[i].shard].push(i);
        }
        let mut children = vec![Vec::new(); shard_count];
        for (child, its_parents) in parents.iter().enumerate() {
            for &parent in its_parents {
                children[parent].push(child);
            }
        }
        let busy_lanes = lanes
            .chunks(factor)
            .map(|shard_lanes| shard_lanes.iter().filter(|l| !l.queue.is_empty()).count())
            .collect();
        Simulator {
            entries,
            function,
            rules,
            policy: Policy::new(config),
            limits: Limits {
                batch_size: config.batch_size.max(1) as usize,
                window_ms: u64::from(config.maximum_batching_window_seconds) * 1000,
            },
            reader: Reader {
                consumer: config.consumer,
                sharing: u64::from(config.other_consumers) + 1,
            },
            windows: None,
            closed: layout.shards.iter().map(|s| s.closed).collect(),
            sequence,
            factor,
            lanes,
            waiting_parents: parents.iter().map(Vec::len).collect(),
            children,
            gate_ms: vec![0; shard_count],
            busy_lanes,
            last_end_ms: vec![0; shard_count],
            heap: BinaryHeap::new(),
            environments: EnvironmentPool::default(),
            failed_invocations: 0,
            run: MappingRun {
                batch_of: vec![usize::MAX; entries.len()],
                lane_of: lane_keys,
                deliveries: vec![0; entries.len()],
                fate: vec![RecordFate::NotRead; entries.len()],
                read_ms: entries.iter().map(|e| e.arrival_ms).collect(),
                read_stats: vec![ReadStats::default(); shard_count],
                ..MappingRun::default()
            },
        }
    }

    /// Plans the first batch of every lane of the given shards, whose parents are all done; a shard
    /// with nothing to process is done at once, which may make its children startable.
    fn start_shards(&mut self, mut startable: Vec<usize>) {
        while let Some(shard) = startable.pop() {
            if self.busy_lanes[shard] > 0 {
                self.run.read_stats[shard] = self.reader.read_shard(
                    self.entries,
                    &self.sequence[shard],
                    self.gate_ms[shard],
                    &mut self.run.read_ms,
                );
                for lane_index in shard * self.factor..(shard + 1) * self.factor {
                    if !self.lanes[lane_index].queue.is_empty() {
                        self.plan(lane_index);
                    }
                }
                continue;
            }
            let done_ms = self.gate_ms[shard].max(self.last_end_ms[shard]);
            for &child in &self.children[shard] {
                self.gate_ms[child] = self.gate_ms[child].max(done_ms);
                self.waiting_parents[child] -= 1;
                if self.waiting_parents[child] == 0 {
                    startable.push(child);
                }
            }
        }
    }

    /// Plans the lane's next invocation: its failing segment's retry, else a new batch.
    fn plan(&mut self, lane_index: usize) {
        let lane = &self.lanes[lane_index];
        let plan = match lane.segments.last() {
            Some(segment) => plan_retry(lane, segment, self.entries),
            None => {
                let gate = self.gate_ms[lane_index / self.factor];
                let window_of = |entry: usize| {
                    self.windows
                        .map(|w| w.index_of(self.entries[entry].arrival_ms))
                };
                plan_batch(
                    lane,
                    gate,
                    &self.run.read_ms,
                    self.entries,
                    window_of,
                    &self.limits,
                )
            }
        };
        self.lanes[lane_index].planned = Some(plan);
        self.heap.push(Reverse((plan.close_ms, lane_index)));
    }

    /// Invokes (or, when its records are too old, discards) the batch that is ready first; false
    /// when nothing is left.
    fn invoke_next_batch(&mut self) -> bool {
        let Some(Reverse((ready_ms, lane_index))) = self.heap.pop() else {
            return false;
        };
        let Some(plan) = self.lanes[lane_index].planned.take() else {
            return true;
        };
        if self.failed_invocations >= MAX_FAILED_INVOCATIONS {
            self.run.truncated = true;
            self.heap.clear();
            return false;
        }
        if plan.reason == CloseReason::FinalInvoke {
            self.invoke_final(lane_index, &plan, ready_ms);
            self.advance(lane_index);
            return true;
        }
        let lane = &self.lanes[lane_index];
        let end = lane.next + plan.take;
        let oldest_ms = self.entries[lane.queue[lane.next]].arrival_ms;
        if ready_ms.saturating_sub(oldest_ms) > self.policy.expiry_ms {
            let reason = crate::mapping::destination::DiscardReason::RecordAgeExceeded;
            self.discard(lane_index, end, ready_ms, reason, None);
        } else {
            let batch = self.invoke(lane_index, &plan, ready_ms);
            self.settle(lane_index, batch);
        }
        self.advance(lane_index);
        true
    }

    /// After an invocation or a discard: plan the lane's next one, or finish the lane (and its
    /// shard, which may start the shard's children).
    fn advance(&mut self, lane_index: usize) {
        let shard = lane_index / self.factor;
        if let Some(plan) = self.final_invoke_due(lane_index) {
            self.lanes[lane_index].planned = Some(plan);
            self.heap.push(Reverse((plan.close_ms, lane_index)));
        } else if self.lanes[lane_index].next < self.lanes[lane_index].queue.len() {
            self.plan(lane_index);
        } else {
            self.busy_lanes[shard] -= 1;
            if self.busy_lanes[shard] == 0 {
                self.start_shards(vec![shard]);
            }
        }
    }
}
