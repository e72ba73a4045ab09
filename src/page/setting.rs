//! The number settings of the page: the stream's shard count, the event source mapping's and the
//! function model's numbers, each with the range it takes and where it lives in a [`Scenario`].

use crate::layout::SHARD_COUNT;
use crate::mapping::config::{
    BATCH_SIZE, FUNCTION_MS, MAXIMUM_BATCHING_WINDOW_SECONDS, OTHER_CONSUMERS,
    PARALLELIZATION_FACTOR, RESERVED_CONCURRENCY, TUMBLING_WINDOW_SECONDS,
};
use crate::scenario::Scenario;
use std::ops::RangeInclusive;

/// A number the page's settings panel edits: the stream's, the mapping's or the function model's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// A uniform stream of this many shards (drops a pasted or resharded layout).
    Shards,
    BatchSize,
    ParallelizationFactor,
    BatchingWindowSeconds,
    FunctionMs,
    PerRecordMs,
    ColdStartMs,
    /// 0 means no reserved concurrency.
    ReservedConcurrency,
    /// TumblingWindowInSeconds; 0 means no window.
    TumblingWindowSeconds,
    /// Other shared-throughput consumers of each shard (a model of their share).
    OtherConsumers,
}

impl Setting {
    pub const ALL: [Setting; 10] = [
        Setting::Shards,
        Setting::BatchSize,
        Setting::ParallelizationFactor,
        Setting::BatchingWindowSeconds,
        Setting::FunctionMs,
        Setting::PerRecordMs,
        Setting::ColdStartMs,
        Setting::ReservedConcurrency,
        Setting::TumblingWindowSeconds,
        Setting::OtherConsumers,
    ];

    /// The values the setting takes: the core's own ranges (reserved concurrency adds 0 for
    /// none).
    pub fn range(self) -> RangeInclusive<u32> {
        let ms = || {
            let (start, end) = (*FUNCTION_MS.start(), *FUNCTION_MS.end());
            u32::try_from(start).unwrap_or(0)..=u32::try_from(end).unwrap_or(u32::MAX)
        };
        match self {
            Setting::Shards => {
                let (start, end) = (*SHARD_COUNT.start(), *SHARD_COUNT.end());
                u32::try_from(start).unwrap_or(1)..=u32::try_from(end).unwrap_or(u32::MAX)
            }
            Setting::BatchSize => BATCH_SIZE,
            Setting::ParallelizationFactor => PARALLELIZATION_FACTOR,
            Setting::BatchingWindowSeconds => MAXIMUM_BATCHING_WINDOW_SECONDS,
            Setting::FunctionMs | Setting::PerRecordMs | Setting::ColdStartMs => ms(),
            Setting::ReservedConcurrency => 0..=*RESERVED_CONCURRENCY.end(),
            Setting::TumblingWindowSeconds => TUMBLING_WINDOW_SECONDS,
            Setting::OtherConsumers => OTHER_CONSUMERS,
        }
    }

    /// The setting's value in `scenario` (for shards, the uniform count).
    pub fn value(self, scenario: &Scenario) -> u32 {
        let (mapping, function) = (&scenario.mapping, &scenario.function);
        let clamp = |ms: u64| u32::try_from(ms).unwrap_or(u32::MAX);
        match self {
            Setting::Shards => u32::try_from(scenario.shard_count).unwrap_or(u32::MAX),
            Setting::BatchSize => mapping.batch_size,
            Setting::ParallelizationFactor => mapping.parallelization_factor,
            Setting::BatchingWindowSeconds => mapping.maximum_batching_window_seconds,
            Setting::FunctionMs => clamp(function.fixed_ms),
            Setting::PerRecordMs => clamp(function.per_record_ms),
            Setting::ColdStartMs => clamp(function.cold_start_ms),
            Setting::ReservedConcurrency => function.max_environments.unwrap_or(0),
            Setting::TumblingWindowSeconds => mapping.tumbling_window_seconds.unwrap_or(0),
            Setting::OtherConsumers => mapping.other_consumers,
        }
    }

    pub(super) fn apply(self, scenario: &mut Scenario, value: u32) {
        let (mapping, function) = (&mut scenario.mapping, &mut scenario.function);
        match self {
            Setting::Shards => {
                scenario.shard_count = value as usize;
                scenario.layout = None;
            }
            Setting::BatchSize => mapping.batch_size = value,
            Setting::ParallelizationFactor => mapping.parallelization_factor = value,
            Setting::BatchingWindowSeconds => mapping.maximum_batching_window_seconds = value,
            Setting::FunctionMs => function.fixed_ms = value.into(),
            Setting::PerRecordMs => function.per_record_ms = value.into(),
            Setting::ColdStartMs => function.cold_start_ms = value.into(),
            Setting::ReservedConcurrency => {
                function.max_environments = (value > 0).then_some(value)
            }
            Setting::TumblingWindowSeconds => {
                mapping.tumbling_window_seconds = (value > 0).then_some(value)
            }
            Setting::OtherConsumers => mapping.other_consumers = value,
        }
    }
}
