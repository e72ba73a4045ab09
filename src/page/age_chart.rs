//! The iterator-age chart as data: AWS's IteratorAge metric (the age of a batch's last record when
//! the batch finishes) over time, per shard and the maximum over all shards, bucketed to a fixed
//! number of columns so the chart costs the same for 8 records or 100,000; and the cause of the
//! worst age in words (failing batches blocking the shard, or a function slower than the stream).

use crate::layout::StreamLayout;
use crate::mapping::engine::AttemptResult;
use crate::simulation::lag::{duration, iterator_age_series};
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

/// Why the oldest shard's IteratorAge climbed, in words: failing batches that blocked it, or a
/// function slower than the records arriving (with both rates); `None` without invocations.
pub fn lag_cause(
    simulation: &Simulation,
    layout: &StreamLayout,
    parallelization_factor: u32,
) -> Option<String> {
    let lag = &simulation.insights.lag;
    let (shard, &peak) = lag
        .max_iterator_age_ms
        .iter()
        .enumerate()
        .max_by_key(|&(shard, age)| (*age, std::cmp::Reverse(shard)))?;
    let id = &layout.shards.get(shard)?.id;
    let blocked = lag.blocked_ms.get(shard).copied().unwrap_or(0);
    if blocked > 0 && blocked * 2 >= peak {
        return Some(format!(
            "Why: failing batches blocked {id} for {}; Lambda retried them while every later record \
             of the shard (of the lane, with ParallelizationFactor > 1) waited, so IteratorAge reached {}.",
            duration(blocked),
            duration(peak)
        ));
    }
    let ok: Vec<_> = simulation
        .mapping
        .batches
        .iter()
        .filter(|b| b.shard == shard && b.result == AttemptResult::Ok && !b.records.is_empty())
        .collect();
    if ok.is_empty() {
        return None;
    }
    if peak < 5_000 {
        return Some(format!(
            "IteratorAge stayed under {} on every shard: the function keeps up with the stream.",
            duration(peak.max(1_000))
        ));
    }
    let records: usize = ok.iter().map(|b| b.records.len()).sum();
    let busy_ms: u64 = ok.iter().map(|b| b.end_ms - b.start_ms).sum::<u64>().max(1);
    let arrivals = ok
        .iter()
        .map(|b| b.end_ms.saturating_sub(b.iterator_age_ms));
    let (first, last) = arrivals.fold((u64::MAX, 0), |(lo, hi), at| (lo.min(at), hi.max(at)));
    let span_ms = last.saturating_sub(first).max(1_000);
    let lanes = ok
        .iter()
        .map(|b| b.lane)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let arrived = records as f64 * 1000.0 / span_ms as f64;
    let handled = lanes as f64 * records as f64 * 1000.0 / busy_ms as f64;
    let per_invocation = busy_ms / ok.len() as u64;
    Some(format!(
        "Why: the function is slower than the stream on {id}: about {arrived:.0} records/s arrived, \
         but {lanes} lane{} running one batch at a time handled about {handled:.0} records/s (an \
         invocation took {} for {} records on average), so records queued and IteratorAge reached \
         {}.{}",
        if lanes == 1 { "" } else { "s" },
        duration(per_invocation),
        records / ok.len(),
        duration(peak),
        if parallelization_factor < 10 {
            format!(" A higher ParallelizationFactor (now {parallelization_factor}; up to 10) runs more batches of the shard at once; a larger BatchSize or a faster function also help.")
        } else {
            " A larger BatchSize, a faster function or more shards help.".to_owned()
        }
    ))
}
