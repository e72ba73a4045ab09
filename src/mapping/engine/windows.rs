//! Tumbling windows (`TumblingWindowInSeconds` > 0).
//!
//! DOC (Lambda developer guide, "Using Lambda with Kinesis", time windows,
//! https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html):
//! - "Tumbling windows are distinct time windows that open and close at regular intervals";
//!   "Lambda determines tumbling window boundaries based on the time when records were inserted
//!   into the stream" (their approximate arrival timestamp). Windows are aligned to the clock:
//!   a window of W seconds starts at a multiple of W seconds of Unix time.
//! - "Each record in a stream belongs to a specific window"; Lambda "aggregates all records received
//!   in the window. You can receive these records in multiple batches, each as a separate
//!   invocation. Each invocation receives a state", which the previous invocation returned.
//! - "At the end of the window, the flag isFinalInvokeForWindow is set to true to indicate that this
//!   is the final state and that it's ready for processing"; after it "the state is dropped". The
//!   event adds `window {start, end}`, `state`, `shardId`, `eventSourceARN`,
//!   `isFinalInvokeForWindow` and `isWindowTerminatedEarly` (true when the state passes 1 MB).
//! - "Tumbling window aggregations do not support resharding. When the shard ends, Lambda considers
//!   the window closed, and the child shards start their own window in a fresh state."
//! - "A value of 0 seconds indicates no tumbling window."
//!
//! MODEL (AWS does not publish these):
//! - The function is a counter: it returns `{"count": n}`, n being the records of the window
//!   processed so far (a failed invocation returns no state; a partial batch response counts the
//!   records it checkpoints). The first invocation of a window receives `{}`. Such a state never
//!   nears 1 MB, so `isWindowTerminatedEarly` is always false.
//! - A batch never holds records of two windows; with ParallelizationFactor > 1 each lane keeps
//!   its own window state (AWS describes the state per shard and says nothing of lanes).
//! - The final invoke has an empty `Records` list (as AWS's guide shows for it) and is ready when
//!   the lane's last batch of the window has ended and the window's end has passed; on a closed
//!   shard the last window ends with the shard's records. It runs `FunctionModel::fixed_ms` and
//!   succeeds: failure rules match records, and it has none.

use super::outcome::WindowInvoke;
use super::plan::Plan;
use super::{CloseReason, Simulator};
use crate::mapping::config::MappingConfig;
use crate::mapping::event::batch_payload_bytes;

/// What the page shows beside a window's state (the function is a model's).
pub const WINDOW_STATE_MODEL_LABEL: &str =
    "Model: the function returns {\"count\": n}, the window's records processed so far";
/// What the page shows beside a window's final invoke time.
pub const FINAL_INVOKE_MODEL_LABEL: &str =
    "Model: the final invoke runs once the window has ended and its last batch is done";

/// The windows' length and the clock they are aligned to.
#[derive(Clone, Copy, Debug)]
pub(super) struct Windows {
    pub length_ms: u64,
    /// Unix time of the simulation's time 0, in ms.
    pub clock_origin_ms: u64,
}

impl Windows {
    /// The mapping's windows on a clock whose time 0 is Unix time `clock_origin_ms`; `None`
    /// without a tumbling window.
    pub fn of(config: &MappingConfig, clock_origin_ms: u64) -> Option<Windows> {
        config.tumbling_window_ms().map(|length_ms| Windows {
            length_ms,
            clock_origin_ms,
        })
    }

    /// The window a record put at `arrival_ms` belongs to (its start over its length).
    pub fn index_of(&self, arrival_ms: u64) -> u64 {
        (self.clock_origin_ms + arrival_ms) / self.length_ms
    }

    /// When window `index` ends, in simulation time.
    fn end_ms(&self, index: u64) -> u64 {
        ((index + 1) * self.length_ms).saturating_sub(self.clock_origin_ms)
    }

    fn invoke(&self, window: LaneWindow, final_invoke: bool) -> WindowInvoke {
        WindowInvoke {
            start_ms: window.index * self.length_ms,
            end_ms: (window.index + 1) * self.length_ms,
            state: window.state,
            final_invoke,
            terminated_early: false,
        }
    }
}

/// The window a lane is aggregating.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LaneWindow {
    pub index: u64,
    /// The state the last successful invocation returned (`None`: `{}`).
    pub state: Option<u64>,
}

impl Simulator<'_> {
    /// The window fields of an invocation of `records` of the lane (none without windows); the
    /// lane enters the records' window.
    pub(super) fn enter_window(
        &mut self,
        lane_index: usize,
        first_record: Option<usize>,
    ) -> Option<WindowInvoke> {
        let windows = self.windows?;
        let lane = &mut self.lanes[lane_index];
        let index = windows.index_of(self.entries[first_record?].arrival_ms);
        let window = *lane.window.get_or_insert(LaneWindow { index, state: None });
        Some(windows.invoke(window, false))
    }

    /// The model function's state after `processed` more records of the lane's window.
    pub(super) fn count_in_window(&mut self, lane_index: usize, processed: usize) {
        if let Some(window) = &mut self.lanes[lane_index].window {
            if processed > 0 {
                window.state = Some(window.state.unwrap_or(0) + processed as u64);
            }
        }
    }

    /// The final invoke of the lane's window, when its records are all processed or discarded
    /// and the next record (if any) belongs to a later window.
    pub(super) fn final_invoke_due(&self, lane_index: usize) -> Option<Plan> {
        let windows = self.windows?;
        let lane = &self.lanes[lane_index];
        let window = lane.window?;
        if !lane.segments.is_empty() {
            return None;
        }
        let next = lane.queue.get(lane.next);
        if next.is_some_and(|&e| windows.index_of(self.entries[e].arrival_ms) == window.index) {
            return None;
        }
        let shard_ended = next.is_none() && self.closed[lane_index / self.factor];
        let close_ms = if shard_ended {
            lane.free_at
        } else {
            lane.free_at.max(windows.end_ms(window.index))
        };
        Some(Plan {
            close_ms,
            take: 0,
            payload_bytes: batch_payload_bytes(0, 0),
            reason: CloseReason::FinalInvoke,
        })
    }

    /// Runs the final invoke of the lane's window; the state is dropped after it.
    pub(super) fn invoke_final(&mut self, lane_index: usize, plan: &Plan, ready_ms: u64) {
        let batch = self.invoke(lane_index, plan, ready_ms);
        let window = self.lanes[lane_index].window.take();
        if let (Some(windows), Some(window)) = (self.windows, window) {
            self.run.batches[batch].window = Some(windows.invoke(window, true));
        }
        self.settle(lane_index, batch);
    }
}
