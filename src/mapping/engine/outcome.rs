//! What the mapping did: every invocation (a [`Batch`], failed ones included), every discarded
//! batch, every time a lane was blocked by a failure, and what became of each record.

use crate::mapping::destination::DiscardReason;
use serde::Serialize;

/// Why a batch stopped taking records, or why it was invoked again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    BatchSize,
    BatchingWindow,
    Payload,
    /// The same records again after a failed invocation (or those after a partial failure).
    Retry,
    /// A half of a failed batch that BisectBatchOnFunctionError split.
    Bisect,
    /// The next record belongs to the next tumbling window.
    WindowEnd,
    /// The final invoke of a tumbling window: no records, the window's state
    /// (`isFinalInvokeForWindow`).
    FinalInvoke,
}

/// What one invocation returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AttemptResult {
    Ok,
    /// The function returned an error.
    Error,
    /// The function ran until its timeout.
    Timeout,
    /// A partial batch response reported `reported` records; the records before `first` (the
    /// position of the lowest reported sequence number in the batch) are checkpointed.
    Partial {
        reported: usize,
        first: usize,
    },
}

impl AttemptResult {
    pub fn failed(self) -> bool {
        self != AttemptResult::Ok
    }
}

/// One invocation of the function with one batch (a first try, a retry or a bisected half).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub shard: usize,
    pub lane: u32,
    /// Numbers the invocations of this shard and lane from 0.
    pub number: usize,
    /// Entry indices, in processing order.
    pub records: Vec<usize>,
    pub payload_bytes: usize,
    pub closed_by: CloseReason,
    /// When the batch closed (or its retry delay passed) and was ready to invoke.
    pub ready_ms: u64,
    pub start_ms: u64,
    pub end_ms: u64,
    pub environment: usize,
    pub cold_start: bool,
    pub result: AttemptResult,
    /// 0 for a first try; n for the n-th retry counted against MaximumRetryAttempts.
    pub retry: u32,
    /// How many times these records were bisected before this invocation.
    pub bisect_depth: u32,
    /// It waited for an environment because reserved concurrency was used up (throttled: retried
    /// until it ran, never counted as a function error).
    pub throttled: bool,
    /// The IteratorAge metric this invocation emits: its end − arrival of its last record.
    pub iterator_age_ms: u64,
    /// Index in `MappingRun::discards` when the records were discarded after this invocation.
    pub discarded: Option<usize>,
    /// With tumbling windows: the window this invocation belongs to and the state it receives.
    pub window: Option<WindowInvoke>,
}

/// What an invocation under a tumbling window receives besides its records (see
/// `engine::windows`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowInvoke {
    /// The window's start and end, Unix time in ms (aligned to multiples of its length).
    pub start_ms: u64,
    pub end_ms: u64,
    /// The state the invocation receives: `None` is `{}` (nothing returned yet in this window),
    /// `Some(n)` is the model function's `{"count": n}`.
    pub state: Option<u64>,
    /// `isFinalInvokeForWindow`.
    pub final_invoke: bool,
    /// `isWindowTerminatedEarly` (state over 1 MB: never, for the model's state).
    pub terminated_early: bool,
}

/// A batch the mapping gave up on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    pub shard: usize,
    pub lane: u32,
    /// Entry indices, in sequence order.
    pub records: Vec<usize>,
    pub at_ms: u64,
    pub reason: DiscardReason,
    /// Invocations of exactly these records (`approximateInvokeCount`).
    pub invoke_count: u32,
    /// The last invocation of these records, if any.
    pub last_batch: Option<usize>,
}

/// A time a lane could not move on because its oldest batch kept failing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blockage {
    pub shard: usize,
    pub lane: u32,
    /// Start of the first failed invocation.
    pub from_ms: u64,
    /// When the failing records were finally processed or discarded.
    pub to_ms: u64,
    /// Records of the lane that had arrived by `to_ms` and waited behind the failing ones.
    pub waiting_records: usize,
    /// The deepest bisection of the failing records (0: never split).
    pub bisect_depth: u32,
    /// Discarded records in this episode.
    pub discarded_records: usize,
}

/// What became of a record the mapping was to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordFate {
    /// The simulation ended before the mapping read it (a parent shard never finished, or the
    /// simulation hit its limit of failed invocations).
    NotRead,
    /// An invocation that delivered it succeeded (or checkpointed it in a partial response).
    Processed,
    Discarded(DiscardReason),
}

/// Everything the mapping did with a set of entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingRun {
    /// Every invocation, in the order they were invoked.
    pub batches: Vec<Batch>,
    /// For each entry, the index in `batches` of the last invocation that delivered it (the one
    /// that processed it, unless it was discarded); `usize::MAX` when never delivered.
    pub batch_of: Vec<usize>,
    /// For each entry, its lane.
    pub lane_of: Vec<u32>,
    /// For each entry, how many invocations delivered it (more than one: at-least-once duplicates).
    pub deliveries: Vec<u32>,
    /// For each entry, what became of it.
    pub fate: Vec<RecordFate>,
    pub discards: Vec<Discard>,
    pub blockages: Vec<Blockage>,
    /// The simulation stopped at its limit of failed invocations; the rest is not read.
    pub truncated: bool,
    pub environment_count: usize,
    /// The most invocations running at one instant.
    pub peak_concurrency: usize,
    /// For each entry, when the mapping read it (polled or pushed); a batch never starts earlier.
    pub read_ms: Vec<u64>,
    /// Per shard: how reading went (polls, caps, throughput waits).
    pub read_stats: Vec<super::ReadStats>,
}

impl MappingRun {
    /// The records of batch `batch` in processing order, as indices `record_of_entry` gives for
    /// the batch's entries (each stream's own numbering of its records).
    pub fn batch_records(&self, batch: usize, record_of_entry: &[usize]) -> Vec<usize> {
        self.batches[batch]
            .records
            .iter()
            .map(|&entry| record_of_entry[entry])
            .collect()
    }

    /// The batch of an entry, when an invocation delivered it.
    pub fn batch_of_entry(&self, entry: usize) -> Option<usize> {
        self.batch_of
            .get(entry)
            .copied()
            .filter(|&b| b != usize::MAX)
    }
}
