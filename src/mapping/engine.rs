//! The event source mapping as a discrete-event simulation: lanes, batches, invocations and
//! execution environments.
//!
//! What is AWS's documented behaviour and what is our model (labelled MODEL in the UI):
//! - Each shard is read in sequence order; with ParallelizationFactor (PF) 1 a shard has one batch in
//!   flight. With PF > 1, MODEL: a record's lane is `MD5(partition key) % PF`, each lane has at most
//!   one batch in flight and keeps shard order, so one key always stays in one lane (AWS: "in-order
//!   processing at the partition-key level").
//! - A batch closes when it holds BatchSize records, when the batching window expires, or when one
//!   more record would push the event past 6 MB (DOC; MODEL: measured on the serialized event).
//! - A child shard is read only after all records of its parents are processed (DOC).
//! - MODEL of environments: a pool; a batch ready to run takes the lowest-numbered idle environment,
//!   a new one (with a cold start) only when none is idle, and waits when reserved concurrency is
//!   used up. Nothing ties an environment to a shard — exactly as with AWS.
//!
//! Batches are planned in the order they close; a lane plans its next batch only when its previous
//! one has ended, so close times come out of the heap in non-decreasing order and every environment
//! decision sees all earlier decisions.

use super::config::{FunctionModel, MappingConfig};
use super::environments::EnvironmentPool;
use super::event::{batch_payload_bytes, MAX_PAYLOAD_BYTES};
use crate::hash_key::HashKey;
use crate::layout::StreamLayout;
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
}

/// The lane (concurrent batch slot of a shard) of a partition key. MODEL.
pub fn lane_of(partition_hash: HashKey, parallelization_factor: u32) -> u32 {
    (partition_hash.0 % u128::from(parallelization_factor.max(1))) as u32
}

/// Why a batch stopped taking records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    BatchSize,
    BatchingWindow,
    Payload,
}

/// One invocation of the function with one batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub shard: usize,
    pub lane: u32,
    /// Numbers the batches of this shard and lane from 0.
    pub number: usize,
    /// Entry indices, in processing order.
    pub records: Vec<usize>,
    pub payload_bytes: usize,
    pub closed_by: CloseReason,
    /// When the batch closed and was ready to invoke.
    pub ready_ms: u64,
    pub start_ms: u64,
    pub end_ms: u64,
    pub environment: usize,
    pub cold_start: bool,
}

/// Everything the mapping did with a set of entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingRun {
    /// In the order they were invoked.
    pub batches: Vec<Batch>,
    /// For each entry, the index of its batch in `batches`.
    pub batch_of: Vec<usize>,
    /// For each entry, its lane.
    pub lane_of: Vec<u32>,
    pub environment_count: usize,
    /// The most invocations running at one instant.
    pub peak_concurrency: usize,
}

#[derive(Clone, Default)]
struct Lane {
    /// Entry indices in shard sequence order.
    queue: Vec<usize>,
    next: usize,
    free_at: u64,
    batches: usize,
    planned: Option<Plan>,
}

#[derive(Clone, Copy)]
struct Plan {
    close_ms: u64,
    take: usize,
    payload_bytes: usize,
    reason: CloseReason,
}

struct Limits {
    batch_size: usize,
    window_ms: u64,
}

/// The next batch of a lane whose previous batch ended at `lane.free_at`.
fn plan_batch(lane: &Lane, gate_ms: u64, entries: &[StreamEntry], limits: &Limits) -> Plan {
    let pending = &lane.queue[lane.next..];
    let opened = lane
        .free_at
        .max(gate_ms)
        .max(entries[pending[0]].arrival_ms);
    let deadline = opened.saturating_add(limits.window_ms);
    let mut take = 0;
    let mut record_bytes = 0;
    let mut closed = (CloseReason::BatchingWindow, deadline);
    for &index in pending {
        let entry = &entries[index];
        if take == limits.batch_size {
            closed = (
                CloseReason::BatchSize,
                opened.max(entries[pending[take - 1]].arrival_ms),
            );
            break;
        }
        if entry.arrival_ms > deadline {
            break;
        }
        // One record alone always forms a batch, even an oversized one (insights report it).
        if take > 0
            && batch_payload_bytes(take + 1, record_bytes + entry.event_bytes) > MAX_PAYLOAD_BYTES
        {
            closed = (CloseReason::Payload, opened.max(entry.arrival_ms));
            break;
        }
        record_bytes += entry.event_bytes;
        take += 1;
    }
    if take == limits.batch_size {
        closed = (
            CloseReason::BatchSize,
            opened.max(entries[pending[take - 1]].arrival_ms),
        );
    }
    Plan {
        close_ms: closed.1,
        take,
        payload_bytes: batch_payload_bytes(take, record_bytes),
        reason: closed.0,
    }
}

/// Runs the event source mapping over `entries` placed in `layout`'s shards.
pub fn run(
    layout: &StreamLayout,
    entries: &[StreamEntry],
    config: &MappingConfig,
    function: &FunctionModel,
) -> MappingRun {
    let factor = config.parallelization_factor.max(1) as usize;
    let shard_count = layout.shards.len();
    let lane_keys: Vec<u32> = entries
        .iter()
        .map(|e| lane_of(e.partition_hash, factor as u32))
        .collect();
    let mut lanes = vec![Lane::default(); shard_count * factor];
    let mut in_sequence: Vec<usize> = (0..entries.len()).collect();
    in_sequence.sort_by_key(|&i| entries[i].arrival_ms);
    for i in in_sequence {
        lanes[entries[i].shard * factor + lane_keys[i] as usize]
            .queue
            .push(i);
    }
    let parents = predecessors(layout);
    let mut children = vec![Vec::new(); shard_count];
    for (child, its_parents) in parents.iter().enumerate() {
        for &parent in its_parents {
            children[parent].push(child);
        }
    }
    let busy_lanes = (0..shard_count)
        .map(|s| {
            lanes[s * factor..(s + 1) * factor]
                .iter()
                .filter(|l| !l.queue.is_empty())
                .count()
        })
        .collect();
    let mut simulator = Simulator {
        entries,
        function,
        limits: Limits {
            batch_size: config.batch_size.max(1) as usize,
            window_ms: u64::from(config.maximum_batching_window_seconds) * 1000,
        },
        factor,
        lanes,
        waiting_parents: parents.iter().map(Vec::len).collect(),
        children,
        gate_ms: vec![0; shard_count],
        busy_lanes,
        last_end_ms: vec![0; shard_count],
        heap: BinaryHeap::new(),
        environments: EnvironmentPool::default(),
        run: MappingRun {
            batch_of: vec![usize::MAX; entries.len()],
            lane_of: lane_keys,
            ..MappingRun::default()
        },
    };
    // Lineage cannot have cycles in AWS; a pasted layout with one simply never starts those shards.
    simulator.start_shards(
        (0..shard_count)
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
    limits: Limits,
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
    /// Planned batches by close time, then lane index.
    heap: BinaryHeap<Reverse<(u64, usize)>>,
    environments: EnvironmentPool,
    run: MappingRun,
}

impl Simulator<'_> {
    /// Plans the first batch of every lane of the given shards, whose parents are all done; a shard
    /// with nothing to process is done at once, which may make its children startable.
    fn start_shards(&mut self, mut startable: Vec<usize>) {
        while let Some(shard) = startable.pop() {
            if self.busy_lanes[shard] > 0 {
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

    fn plan(&mut self, lane_index: usize) {
        let gate = self.gate_ms[lane_index / self.factor];
        let plan = plan_batch(&self.lanes[lane_index], gate, self.entries, &self.limits);
        self.lanes[lane_index].planned = Some(plan);
        self.heap.push(Reverse((plan.close_ms, lane_index)));
    }

    /// Invokes the batch that closes first; false when nothing is left.
    fn invoke_next_batch(&mut self) -> bool {
        let Some(Reverse((ready_ms, lane_index))) = self.heap.pop() else {
            return false;
        };
        let Some(plan) = self.lanes[lane_index].planned.take() else {
            return true;
        };
        let shard = lane_index / self.factor;
        let placement = self
            .environments
            .take(ready_ms, self.function.max_environments);
        let (environment, cold_start, start_ms) = (
            placement.environment,
            placement.cold_start,
            placement.start_ms,
        );
        let lane = &mut self.lanes[lane_index];
        let records = lane.queue[lane.next..lane.next + plan.take].to_vec();
        let end_ms = start_ms + self.function.duration_ms(records.len(), cold_start);
        self.environments.release(environment, end_ms);
        lane.next += plan.take;
        lane.free_at = end_ms;
        self.last_end_ms[shard] = self.last_end_ms[shard].max(end_ms);
        let batch_index = self.run.batches.len();
        for &record in &records {
            self.run.batch_of[record] = batch_index;
        }
        self.run.batches.push(Batch {
            shard,
            lane: (lane_index % self.factor) as u32,
            number: lane.batches,
            records,
            payload_bytes: plan.payload_bytes,
            closed_by: plan.reason,
            ready_ms,
            start_ms,
            end_ms,
            environment,
            cold_start,
        });
        lane.batches += 1;
        if lane.next < lane.queue.len() {
            self.plan(lane_index);
        } else {
            self.busy_lanes[shard] -= 1;
            if self.busy_lanes[shard] == 0 {
                self.start_shards(vec![shard]);
            }
        }
        true
    }
}

/// For each shard, the shards whose records must all be processed before its own: its named
/// parents, and every closed shard listed before it whose range overlaps its range. Open shards
/// never overlap, so an older overlapping closed shard held some of the same keys earlier; waiting
/// for it keeps per-key order even where the lineage names only one parent (UpdateShardCount to a
/// target other than double or half, whose intermediate splits and merges AWS does not publish).
fn predecessors(layout: &StreamLayout) -> Vec<Vec<usize>> {
    let closed: Vec<usize> = (0..layout.shards.len())
        .filter(|&i| layout.shards[i].closed)
        .collect();
    layout
        .shards
        .iter()
        .enumerate()
        .map(|(index, shard)| {
            let named = [&shard.parent, &shard.adjacent_parent]
                .into_iter()
                .flatten()
                .filter_map(|id| layout.index_of(id));
            let overlapping = closed.iter().copied().filter(|&older| {
                let range = layout.shards[older].range;
                older < index && range.start <= shard.range.end && shard.range.start <= range.end
            });
            let mut all: Vec<usize> = named.chain(overlapping).filter(|&p| p != index).collect();
            all.sort_unstable();
            all.dedup();
            all
        })
        .collect()
}

/// The most batches whose `[start, end)` intervals overlap at one instant.
pub fn peak_concurrency(batches: &[Batch]) -> usize {
    let mut edges: Vec<(u64, i32)> = batches
        .iter()
        .flat_map(|b| [(b.start_ms, 1), (b.end_ms, -1)])
        .collect();
    // At equal times an ending batch frees its slot before a starting one takes it.
    edges.sort_unstable();
    let mut running = 0i32;
    let mut peak = 0i32;
    for (_, delta) in edges {
        running += delta;
        peak = peak.max(running);
    }
    peak as usize
}
