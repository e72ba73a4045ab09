//! What holds for any stream, mapping and failure rules: each record ends exactly once (processed,
//! discarded or not read); per-key order holds for every first successful processing; a lane
//! processes nothing behind a record that is still failing; retries stay within
//! MaximumRetryAttempts; records checkpointed by a partial batch response are never delivered
//! again; nothing is delivered after it was discarded; deliveries count the invocations.

use proptest::prelude::*;
use shardlane::layout::StreamLayout;
use shardlane::mapping::failures::{
    Attempts, FailureEffect, FailureRule, RandomFailures, RecordMatch,
};
use shardlane::mapping::{
    AttemptResult, Consumer, EventSource, FailureRules, FunctionModel, FunctionResponseType,
    MappingConfig, MappingRun, RecordFate,
};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, Simulation, SimulationInput};

fn records_strategy() -> impl Strategy<Value = Vec<ProducedRecord>> {
    proptest::collection::vec(("[a-e]{1,2}", 0u64..400), 1..50).prop_map(|entries| {
        let mut clock = 0;
        entries
            .into_iter()
            .enumerate()
            .map(|(call, (key, gap))| {
                clock += gap;
                ProducedRecord {
                    arrival_ms: clock,
                    put_call: call,
                    ..ProducedRecord::new(key, b"{}".to_vec())
                }
            })
            .collect()
    })
}

fn rule_strategy() -> impl Strategy<Value = FailureRule> {
    let effect = prop_oneof![
        Just(FailureEffect::Error),
        Just(FailureEffect::Timeout),
        Just(FailureEffect::Partial)
    ];
    let matches = prop_oneof![
        "[a-e]{1,2}".prop_map(RecordMatch::KeyEquals),
        "[a-e]".prop_map(RecordMatch::KeyPrefix),
        (0usize..50).prop_map(RecordMatch::Record),
    ];
    let attempts = prop_oneof![Just(Attempts::Always), (1u32..4).prop_map(Attempts::First)];
    (effect, matches, attempts).prop_map(|(effect, matches, attempts)| FailureRule {
        effect,
        matches,
        attempts,
    })
}

fn scenario_strategy() -> impl Strategy<Value = (MappingConfig, FunctionModel, FailureRules, usize)>
{
    let mapping = (
        1u32..8,
        1u32..=4,
        -1i32..4,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![
            Just(Consumer::StandardIterator),
            Just(Consumer::EnhancedFanOut)
        ],
        0u32..4,
        proptest::option::of(0u32..4),
    );
    let function = (
        0u64..300,
        0u64..40,
        0u64..3000,
        proptest::option::of(1u32..3),
    );
    let rules = (
        proptest::collection::vec(rule_strategy(), 0..3),
        proptest::option::of((0u32..300, any::<u64>())),
    );
    (mapping, function, rules, 1usize..4).prop_map(
        |(
            (batch, factor, retries, bisect, partial, aged, consumer, others, tumbling),
            (fixed, per, delay, reserved),
            (rules, random),
            shards,
        )| {
            let mapping = MappingConfig {
                batch_size: batch,
                parallelization_factor: factor,
                maximum_retry_attempts: retries,
                maximum_record_age_seconds: if aged { 60 } else { -1 },
                bisect_batch_on_function_error: bisect,
                function_response_types: if partial {
                    vec![FunctionResponseType::ReportBatchItemFailures]
                } else {
                    Vec::new()
                },
                consumer,
                other_consumers: others,
                tumbling_window_seconds: tumbling,
                ..MappingConfig::default()
            };
            let function = FunctionModel {
                fixed_ms: fixed,
                per_record_ms: per,
                retry_delay_ms: delay,
                max_environments: reserved,
                ..FunctionModel::default()
            };
            let random = random.map(|(per_mille, seed)| RandomFailures { per_mille, seed });
            (mapping, function, FailureRules { rules, random }, shards)
        },
    )
}

/// When each entry was processed (the end of its first successful processing) or discarded.
fn resolved_at(run: &MappingRun) -> Vec<Option<u64>> {
    let mut at = vec![None; run.fate.len()];
    for batch in &run.batches {
        let processed = match batch.result {
            AttemptResult::Ok => batch.records.len(),
            AttemptResult::Partial { first, .. } => first,
            _ => 0,
        };
        for &entry in &batch.records[..processed] {
            at[entry].get_or_insert(batch.end_ms);
        }
    }
    for discard in &run.discards {
        for &entry in &discard.records {
            at[entry].get_or_insert(discard.at_ms);
        }
    }
    at
}

fn check_failures(
    simulation: &Simulation,
    mapping: &MappingConfig,
    records: &[ProducedRecord],
) -> Result<(), TestCaseError> {
    let run = &simulation.mapping;
    let resolved = resolved_at(run);
    // Each entry ends exactly once, and its fate agrees with how it was resolved.
    let mut discarded = vec![0; run.fate.len()];
    for discard in &run.discards {
        for &entry in &discard.records {
            discarded[entry] += 1;
        }
    }
    for (entry, fate) in run.fate.iter().enumerate() {
        match fate {
            RecordFate::Processed => prop_assert_eq!(discarded[entry], 0),
            RecordFate::Discarded(_) => prop_assert_eq!(discarded[entry], 1),
            RecordFate::NotRead => prop_assert!(run.truncated && resolved[entry].is_none()),
        }
        prop_assert!(*fate == RecordFate::NotRead || resolved[entry].is_some());
    }
    let mut deliveries = vec![0u32; run.fate.len()];
    for (index, batch) in run.batches.iter().enumerate() {
        if let Some(limit) = mapping.retry_limit() {
            prop_assert!(batch.retry <= limit, "retry {} over {limit}", batch.retry);
        }
        for &entry in &batch.records {
            deliveries[entry] += 1;
            // Nothing is delivered after it was processed or discarded.
            prop_assert!(resolved[entry].is_none_or(|at| batch.start_ms < at || batch.end_ms <= at));
            if let RecordFate::Discarded(_) = run.fate[entry] {
                prop_assert!(batch.end_ms <= resolved[entry].unwrap());
            }
        }
        if let AttemptResult::Partial { first, .. } = batch.result {
            // Checkpointed records are never delivered again.
            for &entry in &batch.records[..first] {
                prop_assert_eq!(run.batch_of[entry], index);
            }
        }
        // Nothing behind a record that is still unresolved in this lane is delivered.
        let lane_of = |e: usize| {
            (
                simulation.outcomes[simulation.entry_record[e]].shard,
                run.lane_of[e],
            )
        };
        // A tumbling window's final invoke holds no records and always succeeds.
        let Some(&first) = batch.records.first() else {
            prop_assert!(batch.window.is_some_and(|w| w.final_invoke) && !batch.result.failed());
            continue;
        };
        for earlier in (0..first).filter(|&e| lane_of(e) == lane_of(first)) {
            prop_assert!(
                batch.records.contains(&earlier)
                    || resolved[earlier].is_some_and(|at| at <= batch.start_ms),
                "batch {index} ran before entry {earlier} of its lane was resolved"
            );
        }
    }
    prop_assert_eq!(&deliveries, &run.deliveries);
    // Tumbling windows: a final invoke's state counts the records of its window (in its shard and
    // lane) that were processed; every other invocation's state counts fewer or as many.
    if let Some(length) = mapping.tumbling_window_ms() {
        let origin = EventSource::default().clock_origin_ms;
        let in_window = |batch: &shardlane::mapping::Batch, start_ms: u64| {
            (0..run.fate.len())
                .filter(|&e| {
                    let record = simulation.entry_record[e];
                    simulation.outcomes[record].shard == Some(batch.shard)
                        && run.lane_of[e] == batch.lane
                        && (origin + records[record].arrival_ms) / length * length == start_ms
                        && run.fate[e] == RecordFate::Processed
                })
                .count() as u64
        };
        for batch in &run.batches {
            let window = batch
                .window
                .expect("every invocation under a window carries it");
            let counted = in_window(batch, window.start_ms);
            if window.final_invoke {
                prop_assert_eq!(
                    window.state.unwrap_or(0),
                    counted,
                    "the final state counts the window"
                );
            } else {
                prop_assert!(window.state.unwrap_or(0) <= counted);
            }
        }
    }
    for discard in &run.discards {
        if let (Some(limit), Some(last)) = (mapping.retry_limit(), discard.last_batch) {
            if discard.reason == shardlane::mapping::DiscardReason::RetryAttemptsExhausted {
                prop_assert_eq!(run.batches[last].retry, limit);
            }
        }
    }
    Ok(())
}

/// Per key, records are first processed in the order they were put.
fn check_key_order(
    simulation: &Simulation,
    records: &[ProducedRecord],
) -> Result<(), TestCaseError> {
    let resolved = resolved_at(&simulation.mapping);
    let mut last_by_key: std::collections::HashMap<&str, u64> = Default::default();
    for (entry, &record) in simulation.entry_record.iter().enumerate() {
        if simulation.mapping.fate[entry] != RecordFate::Processed {
            continue;
        }
        let at = resolved[entry].unwrap();
        let key = records[record].partition_key.as_str();
        if let Some(&before) = last_by_key.get(key) {
            prop_assert!(
                before <= at,
                "key {key}: processed at {at} after a later record at {before}"
            );
        }
        last_by_key.insert(key, at);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn failures_keep_order_and_end_every_record_once(
        records in records_strategy(),
        (mapping, function, failures, shards) in scenario_strategy(),
    ) {
        let layout = StreamLayout::uniform(shards).unwrap();
        let source = EventSource::default();
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source)
            .with_failures(&failures);
        let simulation = simulate(&input);
        check_failures(&simulation, &mapping, &records)?;
        check_key_order(&simulation, &records)?;
    }

    #[test]
    fn without_failures_the_run_is_the_happy_path(
        records in records_strategy(),
        (mapping, function, _, shards) in scenario_strategy(),
    ) {
        let layout = StreamLayout::uniform(shards).unwrap();
        let source = EventSource::default();
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
        let run = simulate(&input).mapping;
        prop_assert!(run.discards.is_empty() && run.blockages.is_empty());
        prop_assert!(run.batches.iter().all(|b| !b.result.failed() && b.retry == 0));
        prop_assert!(run.deliveries.iter().all(|&d| d == 1));
    }
}
