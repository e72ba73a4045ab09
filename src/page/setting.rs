//! The number settings of the page: the stream's shard count, the event source mapping's and the
//! function model's numbers, each with the range it takes and where it lives in a [`Scenario`].

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
}

impl Setting {
    pub const ALL: [Setting; 8] = [
        Setting::Shards,
        Setting::BatchSize,
        Setting::ParallelizationFactor,
        Setting::BatchingWindowSeconds,
        Setting::FunctionMs,
        Setting::PerRecordMs,
        Setting::ColdStartMs,
        Setting::ReservedConcurrency,
    ];

    /// The values the setting takes.
    pub fn range(self) -> RangeInclusive<u32> {
        match self {
            Setting::Shards | Setting::BatchSize => 1..=10_000,
            Setting::ParallelizationFactor => 1..=10,
            Setting::BatchingWindowSeconds => 0..=300,
            Setting::FunctionMs | Setting::PerRecordMs | Setting::ColdStartMs => 0..=900_000,
            Setting::ReservedConcurrency => 0..=1_000_000,
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
        }
    }
}
