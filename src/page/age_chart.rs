//! The iterator-age chart as data: AWS's IteratorAge metric (the age of a batch's last record when
//! the batch finishes) over time, per shard and the maximum over all shards, bucketed to a fixed
//! number of columns so the chart costs the same for 8 records or 100,000.

use crate::layout::StreamLayout;
use crate::simulation::lag::iterator_age_series;
use crate::simulation::Simulation;

/// Columns a series is bucketed into (each keeps its largest age).
pub const AGE_CHART_COLUMNS: usize = 200;
/// The most shards drawn one by one (those with the largest ages); the max line covers them all.
pub const AGE_CHART_SHARDS: usize = 6;

/// One line of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeLine {
    /// A shard's id, or "max (all shards)".
    pub label: String,
    /// `(time ms, IteratorAge ms)`, in time order, at most [`AGE_CHART_COLUMNS`].
    pub points: Vec<(u64, u64)>,
    /// Its largest age.
    pub peak_ms: u64,
}

/// The chart: the max line first, then the shards with the largest ages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgeChart {
    /// The time axis ends here (the last invocation's end).
    pub end_ms: u64,
    /// The age axis ends here (the largest age).
    pub top_ms: u64,
    pub lines: Vec<AgeLine>,
    /// Shards with invocations not drawn one by one (in the max line only).
    pub hidden_shards: usize,
}

/// Keeps the largest age of each column.
fn bucket(series: &[(u64, u64)], end_ms: u64) -> Vec<(u64, u64)> {
    let mut columns: Vec<(u64, u64)> = Vec::new();
    let width = end_ms.max(1).div_ceil(AGE_CHART_COLUMNS as u64).max(1);
    for &(at, age) in series {
        let column = at / width;
        match columns.last_mut() {
            Some(last) if last.0 / width == column => {
                if age >= last.1 {
                    *last = (at, age);
                }
            }
            _ => columns.push((at, age)),
        }
    }
    columns
}

/// The chart of `simulation`'s invocations.
pub fn age_chart(simulation: &Simulation, layout: &StreamLayout) -> AgeChart {
    let batches = &simulation.mapping.batches;
    let end_ms = batches.iter().map(|b| b.end_ms).max().unwrap_or(0);
    let mut all: Vec<(u64, u64)> = batches
        .iter()
        .map(|b| (b.end_ms, b.iterator_age_ms))
        .collect();
    if all.is_empty() {
        return AgeChart::default();
    }
    all.sort_unstable();
    let peaks = &simulation.insights.lag.max_iterator_age_ms;
    let mut shards: Vec<usize> = (0..layout.shards.len())
        .filter(|&shard| batches.iter().any(|b| b.shard == shard))
        .collect();
    shards.sort_by_key(|&shard| {
        (
            std::cmp::Reverse(peaks.get(shard).copied().unwrap_or(0)),
            shard,
        )
    });
    let hidden_shards = shards.len().saturating_sub(AGE_CHART_SHARDS);
    shards.truncate(AGE_CHART_SHARDS);
    shards.sort_unstable();
    let top_ms = all.iter().map(|p| p.1).max().unwrap_or(0);
    let mut lines = vec![AgeLine {
        label: "max (all shards)".to_owned(),
        points: bucket(&all, end_ms),
        peak_ms: top_ms,
    }];
    lines.extend(shards.into_iter().map(|shard| AgeLine {
        label: layout.shards[shard].id.clone(),
        points: bucket(&iterator_age_series(&simulation.mapping, shard), end_ms),
        peak_ms: peaks.get(shard).copied().unwrap_or(0),
    }));
    AgeChart {
        end_ms,
        top_ms,
        lines,
        hidden_shards,
    }
}
