//! What-ifs: the changes the insights suggest — raise ParallelizationFactor, add shards, key by
//! another field the records carry, add a suffix to the key — each with what it would change and
//! what it costs, and, once tried, the figures before and after it side by side.
//!
//! A what-if never guesses: [`compare`] simulates the run as it is and as it would be, and reads
//! the concurrency ceiling, the peak, the busiest shard's share and the records that change shard
//! from the two simulations. The suggestions' words only say what each change can and cannot do;
//! the numbers come from trying it. Key changes rewrite the shown records' partition keys (the
//! producer code is left alone: the page says so and the next run of the code undoes it).

use super::derived::{simulate_run, RunSettings};
use crate::layout::{StreamLayout, SHARD_COUNT};
use crate::mapping::config::PARALLELIZATION_FACTOR;
use crate::producers::ProducerRun;
use crate::scenario::Scenario;
use crate::simulation::Simulation;
use std::collections::{BTreeMap, HashSet};

/// One change to try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhatIf {
    ParallelizationFactor(u32),
    /// A uniform stream of this many shards.
    Shards(usize),
    /// Partition keys taken from this top-level field of each record's JSON data.
    KeyByField(String),
    /// Each key gets `-0` … `-{n-1}`, in turn per key (records of one key spread over n keys).
    KeySuffix(u32),
}

/// A what-if the insights offer: the change, its button and what it would change and cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub what_if: WhatIf,
    pub label: String,
    pub advice: String,
}

/// The insights' findings that a what-if can change, so each shows its own advice: the
/// concurrency ceiling (every suggestion changes it) and a hot shard (only another key spreads
/// one key's records; more shards or lanes keep a key where it is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdvisedFinding {
    ConcurrencyCeiling,
    HotShard,
}

impl AdvisedFinding {
    /// Which advised finding `finding` (one of `Insights::findings`) is, if any.
    pub fn of(finding: &str) -> Option<AdvisedFinding> {
        if finding.starts_with("Concurrency ceiling ") {
            Some(AdvisedFinding::ConcurrencyCeiling)
        } else if finding.contains(" is hot: ") {
            Some(AdvisedFinding::HotShard)
        } else {
            None
        }
    }

    /// Whether trying `what_if` would change what this finding reports.
    pub fn answered_by(self, what_if: &WhatIf) -> bool {
        match self {
            AdvisedFinding::ConcurrencyCeiling => true,
            AdvisedFinding::HotShard => {
                matches!(what_if, WhatIf::KeyByField(_) | WhatIf::KeySuffix(_))
            }
        }
    }
}

/// The figures a what-if is judged by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub concurrency_ceiling: usize,
    pub peak_concurrency: usize,
    /// Records of the busiest open shard, in percent of all records that reached a shard.
    pub busiest_shard_percent: u32,
    pub distinct_keys: usize,
    pub shards: usize,
    pub parallelization_factor: u32,
}

/// A tried what-if: the figures before and after, how many records changed shard, and what
/// happens to the order guarantees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub what_if: WhatIf,
    pub before: Figures,
    pub after: Figures,
    /// Records whose shard differs after the change (of those that reached a shard both times).
    pub records_moved: usize,
    pub records: usize,
    /// Which order guarantee holds after the change, and whether it is the same as before.
    pub order: String,
    pub order_kept: bool,
    pub cost: String,
}

/// The key for field values longer than this is not offered (AWS's PartitionKey limit).
const MAX_KEY_CHARS: usize = 256;
/// The fields of the first records read for key candidates (reading all 100,000 is not needed
/// to know which fields exist; their distinct values are then counted over every record).
const SAMPLED_RECORDS: usize = 200;

/// The what-ifs worth trying for this run, with what each would change and cost.
pub fn suggestions(
    fields: &KeyFields,
    scenario: &Scenario,
    layout: &StreamLayout,
    simulation: &Simulation,
) -> Vec<Suggestion> {
    let keys = simulation.insights.distinct_keys;
    if keys == 0 {
        return Vec::new();
    }
    let factor = scenario.mapping.parallelization_factor;
    let open = layout.open_shard_count().max(1);
    let lanes = open * factor as usize;
    let few_keys = keys < lanes;
    let mut found = Vec::new();
    let max_factor = *PARALLELIZATION_FACTOR.end();
    if factor < max_factor {
        // Whether the keys could fill the lanes the change makes, not the lanes of now.
        let advice = if keys < open * max_factor as usize {
            format!(
                "Raising ParallelizationFactor to {max_factor} gives {} lanes, but {keys} distinct key{} can fill at most {keys} of them: \
                 the ceiling cannot pass {keys}. Costs: more concurrent invocations of the function; order then holds per \
                 partition key, not per shard.",
                open * max_factor as usize, plural(keys)
            )
        } else {
            format!(
                "Raising ParallelizationFactor to {max_factor} gives {} lanes for {keys} keys. Costs: up to {max_factor} concurrent invocations \
                 per shard; order then holds per partition key, not per shard.",
                open * max_factor as usize
            )
        };
        found.push(Suggestion {
            what_if: WhatIf::ParallelizationFactor(max_factor),
            label: format!("Try ParallelizationFactor {max_factor}"),
            advice,
        });
    }
    let more_shards = (open * 2).min(*SHARD_COUNT.end());
    if more_shards > open {
        let advice = if keys < more_shards * factor as usize {
            format!(
                "Doubling the shards to {more_shards} spreads {keys} key{} over more shards but cannot give more than {keys} busy lanes. \
                 Costs: shards are billed per shard-hour; resharding moves keys to new shards.",
                plural(keys)
            )
        } else {
            format!(
                "Doubling the shards to {more_shards} halves each shard's share of the keys. Costs: shards are billed per shard-hour; \
                 resharding moves keys to new shards."
            )
        };
        found.push(Suggestion {
            what_if: WhatIf::Shards(more_shards),
            label: format!("Try {more_shards} shards"),
            advice,
        });
    }
    if let Some((field, values)) = key_field_to_try(fields, keys, lanes) {
        let was = fields
            .current
            .as_deref()
            .map_or("the current key".to_owned(), |f| format!("`{f}`"));
        found.push(Suggestion {
            label: format!("Try keying by {field}"),
            advice: format!(
                "Keying by `{field}`, a field every record carries ({values} distinct values, against {keys} key{} now), spreads the \
                 records over more lanes. Costs: order then holds per {field}, no longer per {was}.",
                plural(keys)
            ),
            what_if: WhatIf::KeyByField(field),
        });
    }
    if few_keys {
        let spread = (lanes.div_ceil(keys)).clamp(2, 10) as u32;
        found.push(Suggestion {
            what_if: WhatIf::KeySuffix(spread),
            label: format!("Try a key suffix -0…-{}", spread - 1),
            advice: format!(
                "Adding a suffix -0…-{} to each key, in turn, spreads each key's records over {spread} keys. Costs: the records of one \
                 original key are no longer in order; whatever needs them together must merge them.",
                spread - 1
            ),
        });
    }
    found
}

/// The field to suggest as the key: one with more distinct values than the keys now, but not one
/// that differs on every record (an id: keying by it keeps no order at all); of those, the one
/// with the fewest values that still fill every lane, else the one with the most.
fn key_field_to_try(fields: &KeyFields, keys: usize, lanes: usize) -> Option<(String, usize)> {
    let candidates: Vec<&(String, usize)> = fields
        .fields
        .iter()
        .filter(|(field, values)| {
            *values > keys && *values < fields.records && Some(field) != fields.current.as_ref()
        })
        .collect();
    let filling = candidates
        .iter()
        .filter(|(_, values)| *values >= lanes)
        .min_by_key(|(_, values)| *values);
    filling
        .or_else(|| candidates.iter().max_by_key(|(_, values)| *values))
        .map(|&field| field.clone())
}

/// What the records' JSON data offers as partition keys: read once per run (the page keeps it
/// while settings change), each record's data parsed once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyFields {
    /// The top-level fields every record carries as a short string or a number, with how many
    /// distinct values each has (more than one).
    pub fields: Vec<(String, usize)>,
    /// The field whose value is every record's partition key, if there is one.
    pub current: Option<String>,
    pub records: usize,
}

impl KeyFields {
    pub fn of(run: &ProducerRun) -> KeyFields {
        let mut candidates: Vec<String> = Vec::new();
        for record in run.records.iter().take(SAMPLED_RECORDS) {
            if let Some(object) = json_object(&record.data) {
                for field in object.keys() {
                    if !candidates.contains(field) {
                        candidates.push(field.clone());
                    }
                }
            }
        }
        let mut values: Vec<HashSet<String>> = vec![HashSet::new(); candidates.len()];
        let mut carried = vec![true; candidates.len()];
        let mut is_key = vec![true; candidates.len()];
        for record in &run.records {
            if !carried.contains(&true) {
                break;
            }
            let object = json_object(&record.data);
            for (index, field) in candidates.iter().enumerate() {
                match object.as_ref().and_then(|o| key_value(o.get(field)?)) {
                    Some(value) if carried[index] => {
                        is_key[index] &= value == record.partition_key;
                        values[index].insert(value);
                    }
                    _ => carried[index] = false,
                }
            }
        }
        let current = candidates
            .iter()
            .zip(carried.iter().zip(&is_key))
            .filter(|(_, (carried, is_key))| **carried && **is_key)
            .map(|(field, _)| field.clone())
            .min();
        let fields = candidates
            .into_iter()
            .zip(values)
            .zip(carried)
            .filter(|(_, carried)| *carried)
            .map(|((field, values), _)| (field, values.len()))
            .filter(|(_, values)| *values > 1)
            .collect();
        KeyFields {
            fields,
            current,
            records: run.records.len(),
        }
    }
}

fn json_object(data: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_slice(data).ok()? {
        serde_json::Value::Object(object) => Some(object),
        _ => None,
    }
}

fn key_value(value: &serde_json::Value) -> Option<String> {
    let text = match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!text.is_empty() && text.chars().count() <= MAX_KEY_CHARS).then_some(text)
}

/// The scenario and records after `what_if`.
pub fn apply(what_if: &WhatIf, scenario: &Scenario, run: &ProducerRun) -> (Scenario, ProducerRun) {
    let mut scenario = scenario.clone();
    let mut run = run.clone();
    match what_if {
        WhatIf::ParallelizationFactor(factor) => {
            scenario.mapping.parallelization_factor = *factor;
        }
        WhatIf::Shards(count) => {
            scenario.shard_count = *count;
            scenario.layout = None;
        }
        WhatIf::KeyByField(field) => {
            for record in &mut run.records {
                if let Some(value) =
                    json_object(&record.data).and_then(|o| key_value(o.get(field)?))
                {
                    record.partition_key = value;
                }
            }
        }
        WhatIf::KeySuffix(spread) => {
            let mut next: BTreeMap<String, u32> = BTreeMap::new();
            for record in &mut run.records {
                let turn = next.entry(record.partition_key.clone()).or_default();
                let suffix = *turn % spread.max(&1);
                *turn += 1;
                let key = format!("{}-{suffix}", record.partition_key);
                // A key near AWS's limit keeps its length: the suffix replaces its end.
                record.partition_key = if key.chars().count() > MAX_KEY_CHARS {
                    let room = MAX_KEY_CHARS - format!("-{suffix}").len();
                    let keep: String = record.partition_key.chars().take(room).collect();
                    format!("{keep}-{suffix}")
                } else {
                    key
                };
            }
        }
    }
    (scenario, run)
}

/// Simulates the run before and after `what_if` and compares them.
pub fn compare(
    what_if: &WhatIf,
    scenario: &Scenario,
    run: &ProducerRun,
    layout: &StreamLayout,
) -> Comparison {
    let before = simulate_run(run, layout, RunSettings::of(scenario));
    let (changed, changed_run) = apply(what_if, scenario, run);
    let after_layout = changed.stream_layout().unwrap_or_else(|_| layout.clone());
    let after = simulate_run(&changed_run, &after_layout, RunSettings::of(&changed));
    let (mut moved, mut records) = (0, 0);
    for (b, a) in before.outcomes.iter().zip(&after.outcomes) {
        if let (Some(b), Some(a)) = (b.shard, a.shard) {
            records += 1;
            // Shards are compared by id: a new layout numbers its shards afresh.
            if layout.shards[b].id != after_layout.shards[a].id {
                moved += 1;
            }
        }
    }
    let (order, order_kept) = order_words(what_if, scenario, run);
    Comparison {
        what_if: what_if.clone(),
        before: figures(&before, scenario, layout),
        after: figures(&after, &changed, &after_layout),
        records_moved: moved,
        records,
        order,
        order_kept,
        cost: cost_words(what_if, scenario, layout),
    }
}

fn figures(simulation: &Simulation, scenario: &Scenario, layout: &StreamLayout) -> Figures {
    let insights = &simulation.insights;
    let loads: Vec<usize> = insights.shards.iter().map(|s| s.total.records).collect();
    let all: usize = loads.iter().sum();
    let busiest = loads.iter().copied().max().unwrap_or(0);
    Figures {
        concurrency_ceiling: insights.concurrency_ceiling,
        peak_concurrency: insights.peak_concurrency,
        busiest_shard_percent: if all == 0 {
            0
        } else {
            (busiest as f64 * 100.0 / all as f64).round() as u32
        },
        distinct_keys: insights.distinct_keys,
        shards: layout.open_shard_count(),
        parallelization_factor: scenario.mapping.parallelization_factor,
    }
}

/// Which order holds after the change: AWS keeps order per shard, and with ParallelizationFactor
/// above 1 per partition key (SEMANTICS.md).
fn order_words(what_if: &WhatIf, scenario: &Scenario, run: &ProducerRun) -> (String, bool) {
    let per_shard = scenario.mapping.parallelization_factor == 1;
    match what_if {
        WhatIf::ParallelizationFactor(factor) if per_shard && *factor > 1 => (
            "Order per shard becomes order per partition key: records of different keys in one shard may now run at once.".into(),
            false,
        ),
        WhatIf::ParallelizationFactor(_) | WhatIf::Shards(_) => (
            "Kept: records of one partition key stay in order (each key stays in one shard and one lane).".into(),
            true,
        ),
        WhatIf::KeyByField(field) => {
            let was = KeyFields::of(run)
                .current
                .unwrap_or_else(|| "the old key".to_owned());
            (
                format!("Changed: order holds per {field}, no longer per {was}; records of one {was} may run in parallel and out of order."),
                false,
            )
        }
        WhatIf::KeySuffix(spread) => (
            format!("Lost per original key: each key's records are spread over {spread} keys that run independently."),
            false,
        ),
    }
}

fn cost_words(what_if: &WhatIf, scenario: &Scenario, layout: &StreamLayout) -> String {
    match what_if {
        WhatIf::ParallelizationFactor(factor) => format!(
            "Up to {factor} concurrent invocations per shard instead of {}: more Lambda concurrency and more load on what the function calls. No Kinesis cost.",
            scenario.mapping.parallelization_factor
        ),
        WhatIf::Shards(count) => format!(
            "{count} shards instead of {}: Kinesis bills provisioned streams per shard-hour, and resharding (UpdateShardCount) moves keys to new shards.",
            layout.open_shard_count()
        ),
        WhatIf::KeyByField(field) => format!("A change to the producer's code (PartitionKey = {field}); consumers that relied on the old grouping must not."),
        WhatIf::KeySuffix(_) => "A change to the producer's code; consumers that aggregate per original key must merge the suffixed keys.".into(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
