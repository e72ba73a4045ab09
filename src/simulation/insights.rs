//! What a simulation means for the person who wrote the producer: hot shards, skew, how many keys
//! each shard and lane holds, the concurrency ceiling and why, and AWS errors the producer would get.
//!
//! The reasons are sentences, built from the numbers, so the page, the CLI and the tests show the
//! same words. The ceiling is `min(open shards × ParallelizationFactor, occupied (shard, lane)
//! pairs, reserved concurrency)`: lanes without records never run, so few distinct keys cap
//! concurrency however many shards and lanes exist.
//!
//! This is the last stage of `simulate`, so it lives under `simulation` and reads the outcomes the
//! other stages wrote; nothing in `simulation` depends on it but `simulate` itself.

use crate::diagnostic::AwsError;
use crate::layout::StreamLayout;
use crate::mapping::event::MAX_PAYLOAD_BYTES;
use crate::mapping::MappingRun;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

use super::lag::{self, LagInsights};
use super::{RecordOutcome, SimulationInput};

/// Records, bytes and distinct keys of one shard or lane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Load {
    pub records: usize,
    pub bytes: usize,
    pub distinct_keys: usize,
}

/// The load of one shard and of each of its lanes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShardLoad {
    pub total: Load,
    /// Indexed by lane (length = ParallelizationFactor).
    pub lanes: Vec<Load>,
    /// Execution environments that processed this shard's batches.
    pub environments: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Insights {
    /// Indexed like the layout's shards.
    pub shards: Vec<ShardLoad>,
    pub distinct_keys: usize,
    /// Shards holding at least twice their fair share of records.
    pub hot_shards: Vec<usize>,
    /// Records of the busiest open shard as a percentage of the mean over open shards (100 = even).
    pub skew_percent: u64,
    pub concurrency_ceiling: usize,
    pub ceiling_reason: String,
    pub peak_concurrency: usize,
    /// Environments that processed batches of more than one shard.
    pub environments_serving_several_shards: usize,
    pub rejected_records: usize,
    pub throttled_records: usize,
    /// Records in the stream that the mapping's FilterCriteria dropped.
    pub filtered_out_records: usize,
    /// Each distinct AWS error, with how many records got it.
    pub errors: Vec<(AwsError, usize)>,
    /// Batches whose single record is larger than Lambda's 6 MB payload.
    pub oversized_batches: Vec<usize>,
    /// Failures and lag: iterator age and blocked time per shard, discards, duplicates.
    pub lag: LagInsights,
    /// Plain-language findings, most important first.
    pub findings: Vec<String>,
}

/// Insights last: what the other stages' results mean, from the outcomes, the mapping run and the
/// invoked records (`invoked[entry]` is the produced record of each mapping entry; `key_ids[i]`
/// numbers record `i`'s partition key, see `RecordKeys`).
pub(crate) fn analyse(
    input: &SimulationInput<'_>,
    key_ids: &[u32],
    outcomes: &[RecordOutcome],
    mapping: &MappingRun,
    invoked: &[usize],
) -> Insights {
    let layout = input.layout;
    let factor = input.mapping.parallelization_factor.max(1) as usize;
    let (mut shards, distinct_keys) = loads(input, key_ids, outcomes, invoked, factor);
    let shards_of_environment = environments(mapping, &mut shards);
    let open = layout.open_shard_indices();
    let (skew_percent, hot_shards) = skew(&shards, &open, invoked.len());

    let lanes_in_stream = open.len() * factor;
    let occupied = shards
        .iter()
        .flat_map(|shard| &shard.lanes)
        .filter(|lane| lane.records > 0)
        .count();
    let reserved = input.function.max_environments.map(|l| l as usize);
    let concurrency_ceiling = lanes_in_stream
        .min(occupied)
        .min(reserved.unwrap_or(usize::MAX));
    let ceiling_reason = ceiling_reason(open.len(), factor, distinct_keys, occupied, reserved);

    let errors = count_errors(outcomes);
    let filtered_out_records = outcomes.iter().filter(|o| o.filtered_out).count();
    let oversized_batches = mapping
        .batches
        .iter()
        .enumerate()
        .filter(|(_, b)| b.payload_bytes > MAX_PAYLOAD_BYTES)
        .map(|(i, _)| i)
        .collect();
    let environments_serving_several_shards =
        shards_of_environment.iter().filter(|s| s.len() > 1).count();

    let mut insights = Insights {
        shards,
        distinct_keys,
        hot_shards,
        skew_percent,
        concurrency_ceiling,
        ceiling_reason,
        peak_concurrency: mapping.peak_concurrency,
        environments_serving_several_shards,
        rejected_records: errors.rejected,
        throttled_records: errors.throttled,
        filtered_out_records,
        errors: errors.distinct,
        oversized_batches,
        lag: lag::analyse(layout, mapping, input.mapping),
        findings: Vec::new(),
    };
    // What failed comes first: it explains everything else the run shows.
    let mut all = insights.lag.findings.clone();
    all.extend(findings(&insights, layout, &shards_of_environment, factor));
    insights.findings = all;
    insights
}

/// The load of every shard and lane, and the number of distinct partition keys invoked.
fn loads(
    input: &SimulationInput<'_>,
    key_ids: &[u32],
    outcomes: &[RecordOutcome],
    invoked: &[usize],
    factor: usize,
) -> (Vec<ShardLoad>, usize) {
    let mut shards = vec![
        ShardLoad {
            lanes: vec![Load::default(); factor],
            ..ShardLoad::default()
        };
        input.layout.shards.len()
    ];
    // Distinct keys are counted by number. Usually each key has one shard and lane (its MD5
    // decides both): the first (shard, lane) of each key is remembered, and a key seen again
    // there adds nothing. A key in several places (ExplicitHashKeys) makes every (shard, key) and
    // (shard, lane, key) pair count once, by sorting the pairs.
    const UNSEEN: (usize, u32) = (usize::MAX, u32::MAX);
    let key_count = key_ids.iter().max().map_or(0, |&id| id as usize + 1);
    let mut first_place = vec![UNSEEN; key_count];
    let mut distinct = 0;
    let mut several_places = false;
    let mut placed = Vec::with_capacity(invoked.len());
    for &i in invoked {
        let (record, outcome) = (&input.records[i], &outcomes[i]);
        let (Some(shard), Some(lane)) = (outcome.shard, outcome.lane) else {
            continue;
        };
        let key = key_ids[i] as usize;
        placed.push((shard, lane, key));
        let shard_load = &mut shards[shard];
        for load in [&mut shard_load.total, &mut shard_load.lanes[lane as usize]] {
            load.records += 1;
            load.bytes += record.size_bytes();
        }
        match first_place[key] {
            UNSEEN => {
                first_place[key] = (shard, lane);
                distinct += 1;
                shard_load.total.distinct_keys += 1;
                shard_load.lanes[lane as usize].distinct_keys += 1;
            }
            place => several_places |= place != (shard, lane),
        }
    }
    if several_places {
        for shard in &mut shards {
            shard.total.distinct_keys = 0;
            shard
                .lanes
                .iter_mut()
                .for_each(|lane| lane.distinct_keys = 0);
        }
        placed.sort_unstable();
        placed.dedup();
        let mut in_shard: Vec<(usize, usize)> = placed.iter().map(|&(s, _, k)| (s, k)).collect();
        in_shard.dedup();
        for &(shard, lane, _) in &placed {
            shards[shard].lanes[lane as usize].distinct_keys += 1;
        }
        in_shard.sort_unstable();
        in_shard.dedup();
        for (shard, _) in in_shard {
            shards[shard].total.distinct_keys += 1;
        }
    }
    (shards, distinct)
}

/// Counts the environments each shard's batches ran in, and returns the shards each environment
/// served: reuse across shards is what the first classic question is about.
fn environments(mapping: &MappingRun, shards: &mut [ShardLoad]) -> Vec<BTreeSet<usize>> {
    let mut environments_of_shard: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); shards.len()];
    let mut shards_of_environment: Vec<BTreeSet<usize>> =
        vec![BTreeSet::new(); mapping.environment_count];
    for batch in &mapping.batches {
        environments_of_shard[batch.shard].insert(batch.environment);
        shards_of_environment[batch.environment].insert(batch.shard);
    }
    for (shard, environments) in environments_of_shard.iter().enumerate() {
        shards[shard].environments = environments.len();
    }
    shards_of_environment
}

/// Fewer records than this on a shard never make it hot: in a handful of records, two on one
/// shard is chance, not skew.
pub const MIN_HOT_SHARD_RECORDS: usize = 20;

/// The busiest open shard as a percentage of the mean, and the hot shards (twice their fair share
/// or more, and at least [`MIN_HOT_SHARD_RECORDS`]); a single open shard is never called hot,
/// there is nothing to compare it with.
fn skew(shards: &[ShardLoad], open: &[usize], invoked: usize) -> (u64, Vec<usize>) {
    let fair_share = invoked as f64 / open.len().max(1) as f64;
    let busiest = open
        .iter()
        .map(|&s| shards[s].total.records)
        .max()
        .unwrap_or(0);
    let skew_percent = if invoked == 0 {
        0
    } else {
        (busiest as f64 / fair_share * 100.0).round() as u64
    };
    // The hottest first (the findings name only the first few).
    let mut hot_shards: Vec<usize> = if open.len() > 1 && invoked > 0 {
        open.iter()
            .copied()
            .filter(|&s| {
                let records = shards[s].total.records;
                records >= MIN_HOT_SHARD_RECORDS && records as f64 >= 2.0 * fair_share
            })
            .collect()
    } else {
        Vec::new()
    };
    hot_shards.sort_by_key(|&s| std::cmp::Reverse(shards[s].total.records));
    (skew_percent, hot_shards)
}

/// The AWS errors the producer would get.
struct ErrorCounts {
    /// Each distinct error in order of first appearance, with how many records got it.
    distinct: Vec<(AwsError, usize)>,
    rejected: usize,
    throttled: usize,
}

fn count_errors(outcomes: &[RecordOutcome]) -> ErrorCounts {
    let mut counts = ErrorCounts {
        distinct: Vec::new(),
        rejected: 0,
        throttled: 0,
    };
    // Most of a burst's records can be throttled, and a shard's throttled records share one
    // error: an error already seen is found by its address, its message hashed only once.
    let mut by_content: FxHashMap<&AwsError, usize> = FxHashMap::default();
    let mut by_address: FxHashMap<*const AwsError, usize> = FxHashMap::default();
    for error in outcomes.iter().filter_map(|o| o.error.as_ref()) {
        if error.code == "ProvisionedThroughputExceededException" {
            counts.throttled += 1;
        } else {
            counts.rejected += 1;
        }
        let index = *by_address.entry(Arc::as_ptr(error)).or_insert_with(|| {
            let next = counts.distinct.len();
            let index = *by_content.entry(error).or_insert(next);
            if index == next {
                counts.distinct.push((AwsError::clone(error), 0));
            }
            index
        });
        counts.distinct[index].1 += 1;
    }
    counts
}

fn ceiling_reason(
    open: usize,
    factor: usize,
    keys: usize,
    occupied: usize,
    reserved: Option<usize>,
) -> String {
    let lanes = open * factor;
    let structure = format!(
        "{lanes} lane{} ({open} open shard{} × ParallelizationFactor {factor})",
        plural(lanes),
        plural(open)
    );
    let mut reason = if occupied == 0 {
        format!("No records reached a shard, so nothing runs; the stream has {structure}.")
    } else if occupied < lanes {
        format!(
            "Only {occupied} of the {structure} hold records: {keys} distinct partition key{}, and each \
             key stays in one lane of one shard (lane = MD5 % ParallelizationFactor is a model). More \
             distinct keys would raise the ceiling.",
            plural(keys)
        )
    } else {
        format!("All {structure} hold records.")
    };
    if let Some(limit) = reserved.filter(|&l| l < lanes.min(occupied)) {
        reason.push_str(&format!(" Reserved concurrency caps it at {limit}."));
    }
    reason
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn findings(
    insights: &Insights,
    layout: &StreamLayout,
    shards_of_environment: &[BTreeSet<usize>],
    factor: usize,
) -> Vec<String> {
    let mut findings = Vec::new();
    let id = |shard: usize| layout.shards[shard].id.as_str();
    if insights.distinct_keys == 1 && layout.open_shard_count() > 1 {
        findings.push(format!(
            "Every record has the same partition key: one shard and one lane take all of them; the \
             other {} shard{} stay idle.",
            layout.open_shard_count() - 1,
            plural(layout.open_shard_count() - 1)
        ));
    }
    let open = layout.open_shard_indices();
    let open_records: usize = open.iter().map(|&s| insights.shards[s].total.records).sum();
    let mean = open_records as f64 / open.len().max(1) as f64;
    for &shard in insights.hot_shards.iter().take(MAX_HOT_SHARDS_NAMED) {
        findings.push(hot_shard_finding(insights, mean, shard, id(shard)));
    }
    if insights.hot_shards.len() > MAX_HOT_SHARDS_NAMED {
        let more = insights.hot_shards.len() - MAX_HOT_SHARDS_NAMED;
        findings.push(format!(
            "…and {more} more hot shard{} (the records table shows each record's shard).",
            plural(more)
        ));
    }
    if let Some((environment, shards)) = shards_of_environment
        .iter()
        .enumerate()
        .find(|(_, s)| s.len() > 1)
    {
        let names: Vec<&str> = shards.iter().map(|&s| id(s)).collect();
        findings.push(format!(
            "Execution environment #{environment} processed batches of {}: {ENVIRONMENT_AFFINITY_WORDS}",
            names.join(" and ")
        ));
    }
    if let Some((shard, load)) = insights
        .shards
        .iter()
        .enumerate()
        .find(|(_, s)| s.environments > 1)
    {
        findings.push(format!(
            "Records of {} were processed by {} different execution environments, one batch at a time \
             per lane and in order.",
            id(shard),
            load.environments
        ));
    }
    if factor > 1 {
        findings.push(format!(
            "ParallelizationFactor {factor}: up to {factor} batches of a shard run at once, and records of \
             one partition key always share a lane, so per-key order holds (lane = MD5 % {factor} is a model)."
        ));
    }
    findings.push(format!(
        "Concurrency ceiling {}; peak reached {}. {}",
        insights.concurrency_ceiling, insights.peak_concurrency, insights.ceiling_reason
    ));
    if insights.filtered_out_records > 0 {
        findings.push(format!(
            "{} record{} matched no FilterCriteria pattern: dropped by the mapping, never invoked.",
            insights.filtered_out_records,
            plural(insights.filtered_out_records)
        ));
    }
    for (error, count) in &insights.errors {
        let model = crate::limits::error_model(error)
            .map(|(label, _)| format!(" ({label})"))
            .unwrap_or_default();
        findings.push(format!(
            "{count} record{} failed: {error}{model}",
            plural(*count)
        ));
    }
    for &batch in &insights.oversized_batches {
        findings.push(format!(
            "Batch {batch} holds one record whose event is over Lambda's 6 MB payload limit."
        ));
    }
    findings
}

/// How many hot shards the findings name one by one; the rest are counted.
pub const MAX_HOT_SHARDS_NAMED: usize = 5;

/// Why a hot shard is hot: its records, its distinct keys and how many times the mean of the open
/// shards it holds (closed shards take no records, so they are not in the mean).
fn hot_shard_finding(insights: &Insights, mean: f64, shard: usize, id: &str) -> String {
    let load = &insights.shards[shard].total;
    format!(
        "{id} is hot: {} records from {} distinct key{} ({:.1}× the mean of the open shards; hot means at least \
         twice the mean and at least {MIN_HOT_SHARD_RECORDS} records).",
        load.records,
        load.distinct_keys,
        plural(load.distinct_keys),
        load.records as f64 / mean.max(f64::MIN_POSITIVE)
    )
}

/// What the insights say when one environment served several shards, in AWS's terms: Lambda may
/// reuse an environment for later invocations but promises neither reuse nor any tie to a shard.
pub const ENVIRONMENT_AFFINITY_WORDS: &str =
    "Lambda may reuse an execution environment for a later \
    invocation from any shard, and AWS does not guarantee reuse or tie environments to shards (its \
    operator guide: \"assume that the environment exists only for a single invocation\"). Ordering \
    is per shard (per key with ParallelizationFactor > 1), never per environment; which batches \
    share an environment here is a model.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash_key::HashKey;

    fn refused(error: Option<&Arc<AwsError>>) -> RecordOutcome {
        RecordOutcome {
            hash_key: None,
            partition_hash: HashKey::from_partition_key("k"),
            shard: None,
            sequence_number: None,
            lane: None,
            batch: None,
            error: error.cloned(),
            filtered_out: false,
            deliveries: 0,
            fate: None,
        }
    }

    #[test]
    fn errors_are_counted_by_content_whether_shared_or_not() {
        let throttled = |shard: &str| AwsError {
            code: "ProvisionedThroughputExceededException",
            message: format!("Rate exceeded for shard {shard}"),
        };
        let a = Arc::new(throttled("0"));
        let b = Arc::new(throttled("1"));
        let a_again = Arc::new(throttled("0"));
        let refusal = Arc::new(AwsError::validation("too big"));
        let outcomes: Vec<_> = [
            Some(&a),
            Some(&a),
            None,
            Some(&b),
            Some(&a),
            Some(&a_again),
            Some(&refusal),
            Some(&a_again),
        ]
        .into_iter()
        .map(refused)
        .collect();
        let counts = count_errors(&outcomes);
        assert_eq!(
            counts.distinct,
            vec![
                (throttled("0"), 5),
                (throttled("1"), 1),
                (AwsError::validation("too big"), 1)
            ]
        );
        assert_eq!((counts.throttled, counts.rejected), (6, 1));
    }
}
