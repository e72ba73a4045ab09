//! Planning a lane's next invocation: a new batch closes on BatchSize, the batching window or the
//! 6 MB payload (DOC; MODEL: measured on the serialized event); a failing segment is retried whole.

use super::{CloseReason, StreamEntry};
use crate::mapping::event::{batch_payload_bytes, MAX_PAYLOAD_BYTES};

#[derive(Clone, Default)]
pub(super) struct Lane {
    /// Entry indices in shard sequence order.
    pub queue: Vec<usize>,
    /// Everything before `queue[next]` is processed or discarded.
    pub next: usize,
    /// When the lane may open its next batch (after a failure: when the retry may start).
    pub free_at: u64,
    /// Invocations so far, which numbers the next one.
    pub batches: usize,
    pub planned: Option<Plan>,
    /// Records still failing, as a stack of segments of `queue` from `next` on, the first to
    /// retry on top: a failed batch is one segment, a bisected one two.
    pub segments: Vec<Segment>,
    /// Failed invocations since the lane last succeeded or discarded (the retry delay doubles).
    pub consecutive_failures: u32,
    /// Since when the lane's current failure blocks it.
    pub blocked: Option<Blocked>,
    /// The tumbling window the lane is in, once it invoked records of it.
    pub window: Option<super::windows::LaneWindow>,
}

/// A lane's current failure episode.
#[derive(Clone, Copy, Debug)]
pub(super) struct Blocked {
    pub from_ms: u64,
    /// The deepest bisection so far.
    pub depth: u32,
    pub discarded: usize,
}

/// Records `queue[next..end]` of a lane that must be retried before anything behind them.
#[derive(Clone, Copy, Debug)]
pub(super) struct Segment {
    pub end: usize,
    /// Retries counted against MaximumRetryAttempts (splits never add to them).
    pub retries: u32,
    pub depth: u32,
    /// Invocations of exactly these records (the on-failure record's approximateInvokeCount).
    pub invokes: u32,
}

#[derive(Clone, Copy)]
pub(super) struct Plan {
    pub close_ms: u64,
    pub take: usize,
    pub payload_bytes: usize,
    pub reason: CloseReason,
}

pub(super) struct Limits {
    pub batch_size: usize,
    pub window_ms: u64,
}

/// The next batch of a lane whose previous batch ended at `lane.free_at`: records count from
/// when the mapping read them (`read_ms`), never before, and a batch never holds records of two
/// tumbling windows (`window_of` an entry; `None` without windows).
pub(super) fn plan_batch(
    lane: &Lane,
    gate_ms: u64,
    read_ms: &[u64],
    entries: &[StreamEntry],
    window_of: impl Fn(usize) -> Option<u64>,
    limits: &Limits,
) -> Plan {
    let pending = &lane.queue[lane.next..];
    let opened = lane.free_at.max(gate_ms).max(read_ms[pending[0]]);
    let deadline = opened.saturating_add(limits.window_ms);
    let mut take = 0;
    let mut record_bytes = 0;
    let mut closed = (CloseReason::BatchingWindow, deadline);
    let window = window_of(pending[0]);
    for &index in pending {
        if take == limits.batch_size {
            closed = (
                CloseReason::BatchSize,
                opened.max(read_ms[pending[take - 1]]),
            );
            break;
        }
        if read_ms[index] > deadline {
            break;
        }
        if window.is_some() && window_of(index) != window {
            closed = (CloseReason::WindowEnd, opened.max(read_ms[index]));
            break;
        }
        // One record alone always forms a batch, even an oversized one (insights report it).
        if take > 0
            && batch_payload_bytes(take + 1, record_bytes + entries[index].event_bytes)
                > MAX_PAYLOAD_BYTES
        {
            closed = (CloseReason::Payload, opened.max(read_ms[index]));
            break;
        }
        record_bytes += entries[index].event_bytes;
        take += 1;
    }
    if take == limits.batch_size {
        closed = (
            CloseReason::BatchSize,
            opened.max(read_ms[pending[take - 1]]),
        );
    }
    Plan {
        close_ms: closed.1,
        take,
        payload_bytes: batch_payload_bytes(take, record_bytes),
        reason: closed.0,
    }
}

/// The retry of a lane's failing segment (or the next half of a bisected batch): the same records,
/// as soon as the lane's retry delay has passed.
pub(super) fn plan_retry(lane: &Lane, segment: &Segment, entries: &[StreamEntry]) -> Plan {
    let records = &lane.queue[lane.next..segment.end];
    let bytes = records.iter().map(|&i| entries[i].event_bytes).sum();
    Plan {
        close_ms: lane.free_at,
        take: records.len(),
        payload_bytes: batch_payload_bytes(records.len(), bytes),
        reason: if segment.invokes == 0 {
            CloseReason::Bisect
        } else {
            CloseReason::Retry
        },
    }
}
