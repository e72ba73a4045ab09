//! What failures and slowness did to the stream: IteratorAge per shard over time, how long each
//! shard was blocked by failing batches, discards, duplicates, and the findings that say so in
//! words ("one poison record blocked shardId-000000000002 for 6 h 59 min; 3,412 records waited
//! behind it").
//!
//! IteratorAge is AWS's metric (DOC: emitted when a batch finishes; the age of its last record
//! then); blocked time is the union, per shard, of the times one of its lanes kept retrying.

use crate::layout::StreamLayout;
use crate::mapping::engine::reading::{GET_RECORDS_MAX_RECORDS, SHARD_READS_PER_SECOND};
use crate::mapping::engine::{MappingRun, MAX_FAILED_INVOCATIONS};
use crate::mapping::{Blockage, Consumer, DiscardReason, MappingConfig, RecordFate};

/// Failure and lag figures of one simulation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LagInsights {
    /// Per shard (indexed like the layout's shards): the largest IteratorAge, in ms.
    pub max_iterator_age_ms: Vec<u64>,
    /// Per shard: how long at least one of its lanes was blocked by a failing batch, in ms.
    pub blocked_ms: Vec<u64>,
    /// Per shard: the longest a record waited between arriving and being read, in ms (polling,
    /// GetRecords' caps and the read throughput; see `engine::reading`).
    pub max_read_wait_ms: Vec<u64>,
    /// Invocations that did not succeed (errors, timeouts, partial responses).
    pub failed_invocations: usize,
    /// Deliveries beyond each record's first: the at-least-once duplicates.
    pub duplicate_deliveries: usize,
    /// Records delivered more than once.
    pub records_delivered_again: usize,
    pub discarded_records: usize,
    pub not_read_records: usize,
    pub findings: Vec<String>,
}

/// `(finish time, IteratorAge)` of every invocation of `shard`, in finish order: the metric's
/// time series.
pub fn iterator_age_series(mapping: &MappingRun, shard: usize) -> Vec<(u64, u64)> {
    let mut series: Vec<(u64, u64)> = mapping
        .batches
        .iter()
        // A tumbling window's final invoke holds no records and emits no IteratorAge.
        .filter(|b| b.shard == shard && !b.records.is_empty())
        .map(|b| (b.end_ms, b.iterator_age_ms))
        .collect();
    series.sort_unstable();
    series
}

pub(crate) fn analyse(
    layout: &StreamLayout,
    mapping: &MappingRun,
    config: &MappingConfig,
) -> LagInsights {
    let shards = layout.shards.len();
    let mut max_iterator_age_ms = vec![0; shards];
    for batch in &mapping.batches {
        let age = &mut max_iterator_age_ms[batch.shard];
        *age = (*age).max(batch.iterator_age_ms);
    }
    let blocked_ms = (0..shards)
        .map(|shard| blocked_time(&mapping.blockages, shard))
        .collect();
    let count = |wanted: fn(&RecordFate) -> bool| mapping.fate.iter().filter(|f| wanted(f)).count();
    let max_read_wait_ms = (0..shards)
        .map(|shard| {
            mapping
                .read_stats
                .get(shard)
                .map_or(0, |s| s.max_read_wait_ms)
        })
        .collect();
    let mut insights = LagInsights {
        max_iterator_age_ms,
        blocked_ms,
        max_read_wait_ms,
        failed_invocations: mapping.batches.iter().filter(|b| b.result.failed()).count(),
        duplicate_deliveries: mapping
            .deliveries
            .iter()
            .map(|&d| d.saturating_sub(1) as usize)
            .sum(),
        records_delivered_again: mapping.deliveries.iter().filter(|&&d| d > 1).count(),
        discarded_records: count(|f| matches!(f, RecordFate::Discarded(_))),
        not_read_records: count(|f| *f == RecordFate::NotRead),
        findings: Vec::new(),
    };
    insights.findings = findings(&insights, layout, mapping, config);
    insights
}

/// The length of the union of a shard's blockages.
fn blocked_time(blockages: &[Blockage], shard: usize) -> u64 {
    let mut spans: Vec<(u64, u64)> = blockages
        .iter()
        .filter(|b| b.shard == shard)
        .map(|b| (b.from_ms, b.to_ms))
        .collect();
    spans.sort_unstable();
    let (mut total, mut covered_to) = (0, 0);
    for (from, to) in spans {
        let from = from.max(covered_to);
        if to > from {
            total += to - from;
            covered_to = to;
        }
    }
    total
}

fn findings(
    insights: &LagInsights,
    layout: &StreamLayout,
    mapping: &MappingRun,
    config: &MappingConfig,
) -> Vec<String> {
    let mut findings = Vec::new();
    let factor = config.parallelization_factor.max(1);
    let mut worst: Vec<&Blockage> = mapping.blockages.iter().collect();
    worst.sort_by_key(|b| std::cmp::Reverse(b.to_ms - b.from_ms));
    for blockage in worst.iter().take(3) {
        findings.push(blockage_finding(blockage, layout, factor));
    }
    findings.extend(discard_finding(mapping, config));
    findings.extend(reading_finding(layout, mapping, config));
    findings.extend(window_finding(mapping, config));
    if insights.records_delivered_again > 0 {
        findings.push(format!(
            "{} record{} delivered more than once ({} extra deliver{}): a retried batch re-delivers \
             records that had been fine, so the function must be idempotent (at-least-once).",
            thousands(insights.records_delivered_again),
            if insights.records_delivered_again == 1 { " was" } else { "s were" },
            thousands(insights.duplicate_deliveries),
            if insights.duplicate_deliveries == 1 { "y" } else { "ies" },
        ));
    }
    if let Some((shard, &age)) = insights
        .max_iterator_age_ms
        .iter()
        .enumerate()
        .max_by_key(|&(_, age)| *age)
        .filter(|&(_, &age)| age >= 60_000)
    {
        findings.push(format!(
            "IteratorAge reached {} on {}: records waited that long between arriving and being \
             processed.",
            duration(age),
            layout.shards[shard].id
        ));
    }
    if mapping.truncated {
        findings.push(format!(
            "The simulation stopped after {} failed invocations (the playground's limit); {} records \
             were never read.",
            thousands(MAX_FAILED_INVOCATIONS),
            thousands(insights.not_read_records)
        ));
    }
    findings
}

/// Tumbling windows: how many closed with a final invoke, and what the model's state is.
fn window_finding(mapping: &MappingRun, config: &MappingConfig) -> Option<String> {
    let seconds = config.tumbling_window_ms()? / 1000;
    let finals = mapping
        .batches
        .iter()
        .filter(|b| b.window.is_some_and(|w| w.final_invoke))
        .count();
    let mut finding = format!(
        "Tumbling windows of {seconds} s, aligned to the clock: {} window{} closed with a final \
         invoke (isFinalInvokeForWindow, no records). Each invocation of a window receives the \
         state the previous one returned; the model's function returns {{\"count\": n}}, the \
         records of the window processed so far (a model).",
        thousands(finals),
        if finals == 1 { "" } else { "s" }
    );
    if config.parallelization_factor > 1 {
        finding.push_str(
            " With ParallelizationFactor > 1 each lane keeps its own window state here (a model); \
             AWS's guide describes one state per shard, and a user report says AWS accepts tumbling \
             windows only with ParallelizationFactor 1.",
        );
    }
    Some(finding)
}

/// Why records waited to be read, on the shard where they waited longest: GetRecords' caps and
/// the shared read throughput (lag AWS's limits cause), or only the polling interval.
fn reading_finding(
    layout: &StreamLayout,
    mapping: &MappingRun,
    config: &MappingConfig,
) -> Option<String> {
    let (shard, stats) = mapping
        .read_stats
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| (s.max_backlog_wait_ms, s.max_read_wait_ms))?;
    let id = &layout.shards[shard].id;
    let sharing = config.other_consumers + 1;
    if stats.max_backlog_wait_ms == 0 {
        return (config.consumer == Consumer::StandardIterator && stats.max_read_wait_ms > 0).then(
            || {
                format!(
                    "Standard iterator: records waited up to {} for the next poll of their shard \
                     (about once a second when caught up; when each poll happens is a model). \
                     Enhanced fan-out pushes records instead.",
                    duration(stats.max_read_wait_ms)
                )
            },
        );
    }
    let mut causes = Vec::new();
    if stats.capped_polls > 0 {
        causes.push(format!(
            "{} GetRecords call{} stopped at {} records or 10 MB with more waiting",
            thousands(stats.capped_polls),
            if stats.capped_polls == 1 { "" } else { "s" },
            thousands(GET_RECORDS_MAX_RECORDS)
        ));
    }
    if stats.throughput_waits > 0 {
        let share = match config.consumer {
            Consumer::EnhancedFanOut => {
                "enhanced fan-out's own 2 MB/s per shard".to_owned()
            }
            Consumer::StandardIterator if sharing > 1 => format!(
                "the shard's 2 MB/s and {SHARD_READS_PER_SECOND} reads/s shared by {sharing} consumers \
                 (equal shares are a model)"
            ),
            Consumer::StandardIterator => "the shard's 2 MB/s of reads".to_owned(),
        };
        causes.push(format!(
            "reads waited {} time{} for {share}",
            thousands(stats.throughput_waits),
            if stats.throughput_waits == 1 { "" } else { "s" }
        ));
    }
    if causes.is_empty() {
        causes.push(format!(
            "{sharing} consumers share the shard's {SHARD_READS_PER_SECOND} reads/s"
        ));
    }
    Some(format!(
        "Reading held records back on {id}: {}; a record waited up to {} to be read beyond the \
         polling interval, and IteratorAge includes that wait.",
        causes.join("; "),
        duration(stats.max_backlog_wait_ms)
    ))
}

fn blockage_finding(blockage: &Blockage, layout: &StreamLayout, factor: u32) -> String {
    let shard = &layout.shards[blockage.shard].id;
    let place = if factor > 1 {
        format!("lane {} of {shard}", blockage.lane)
    } else {
        shard.clone()
    };
    let what = match blockage.discarded_records {
        0 => "A failing batch".to_owned(),
        1 => "One poison record".to_owned(),
        n => format!("{} failing records", thousands(n)),
    };
    let mut finding = format!(
        "{what} blocked {place} for {}; {} record{} waited behind {}.",
        duration(blockage.to_ms - blockage.from_ms),
        thousands(blockage.waiting_records),
        if blockage.waiting_records == 1 {
            ""
        } else {
            "s"
        },
        if blockage.discarded_records > 1 {
            "them"
        } else {
            "it"
        },
    );
    if blockage.bisect_depth > 0 {
        finding.push_str(&format!(
            " Bisect split the batch {} time{} to isolate the failure.",
            blockage.bisect_depth,
            if blockage.bisect_depth == 1 { "" } else { "s" }
        ));
    }
    finding
}

fn discard_finding(mapping: &MappingRun, config: &MappingConfig) -> Option<String> {
    if mapping.discards.is_empty() {
        return None;
    }
    let records = |reason| -> usize {
        mapping
            .discards
            .iter()
            .filter(|d| d.reason == reason)
            .map(|d| d.records.len())
            .sum()
    };
    let exhausted = records(DiscardReason::RetryAttemptsExhausted);
    let too_old = records(DiscardReason::RecordAgeExceeded);
    let destination = match config.destination_config.on_failure_arn() {
        Some(arn) => format!(
            "{arn} received {} invocation record{} describing them (not the records themselves).",
            mapping.discards.len(),
            if mapping.discards.len() == 1 { "" } else { "s" }
        ),
        None => "No OnFailure destination is set, so nothing records which ones.".to_owned(),
    };
    let total = exhausted + too_old;
    Some(format!(
        "{} record{} discarded ({} RetryAttemptsExhausted, {} RecordAgeExceeded): {destination}",
        thousands(total),
        if total == 1 { "" } else { "s" },
        thousands(exhausted),
        thousands(too_old)
    ))
}

/// `6 h 59 min`, `12 s`, `350 ms`.
pub fn duration(ms: u64) -> String {
    let (days, hours, minutes, seconds) = (
        ms / 86_400_000,
        ms / 3_600_000 % 24,
        ms / 60_000 % 60,
        ms / 1000 % 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) if ms < 1000 => format!("{ms} ms"),
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) => format!("{minutes} min {seconds} s"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// `3412` as `3,412`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_counts_read_as_words() {
        assert_eq!(duration(350), "350 ms");
        assert_eq!(duration(12_400), "12 s");
        assert_eq!(duration(25_140_000), "6 h 59 min");
        assert_eq!(duration(90_061_000), "1 d 1 h");
        assert_eq!(thousands(3412), "3,412");
        assert_eq!(thousands(100), "100");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
