//! The CLI simulates large files with `simulation::chunked` (records fed a chunk at a time, a few
//! compact facts kept per record) instead of `simulate` (every record and outcome in memory).
//! Whatever the records, their chunking, the resharding history, the mapping and the failures,
//! the two agree: each record's outcome field for field, and the mapping's whole run.

use crate::support::history_strategy;
use proptest::prelude::*;
use shardlane::mapping::config::{AwsFilter, AwsFilterCriteria};
use shardlane::mapping::failures::{
    Attempts, FailureEffect, FailureRule, RandomFailures, RecordMatch,
};
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use shardlane::record::{ProducedRecord, PutApi};
use shardlane::simulation::chunked::ChunkedSimulation;
use shardlane::{simulate, SimulationInput, StreamLayout};

/// Simulates `records` both ways, fed in chunks that end where `cuts` say (whole put calls), and
/// checks they agree.
fn check_agree(
    records: &[ProducedRecord],
    cuts: &[usize],
    layout: &StreamLayout,
    mapping: &MappingConfig,
    failures: &FailureRules,
) -> Result<(), TestCaseError> {
    let function = FunctionModel::default();
    let source = EventSource {
        stream_name: records
            .first()
            .map_or("my-stream".into(), |r| r.stream.clone()),
        ..EventSource::default()
    };
    let input =
        SimulationInput::new(records, layout, mapping, &function, &source).with_failures(failures);
    let whole = simulate(&input);
    let mut chunked = ChunkedSimulation::new(layout, mapping, &function, &source, failures);
    let mut start = 0;
    for &cut in cuts.iter().chain([&records.len()]) {
        // Never inside a put call.
        let mut end = cut.clamp(start, records.len());
        while end > start
            && end < records.len()
            && records[end].put_call == records[end - 1].put_call
        {
            end += 1;
        }
        chunked.push(&records[start..end]).unwrap();
        start = end;
    }
    prop_assert_eq!(chunked.len(), records.len());
    let run = chunked.finish();
    prop_assert_eq!(&run.mapping, &whole.mapping);
    for (i, record) in records.iter().enumerate() {
        prop_assert_eq!(&run.outcome(i, record), &whole.outcomes[i], "record {}", i);
    }
    Ok(())
}

fn records_strategy() -> impl Strategy<Value = Vec<ProducedRecord>> {
    let explicit = prop_oneof![
        6 => Just(None),
        1 => any::<u128>().prop_map(|k| Some(k.to_string())),
        1 => Just(Some("01".to_owned())),
        1 => Just(Some("340282366920938463463374607431768211456".to_owned())),
    ];
    let key = prop_oneof!["[a-f]{1,2}", ".{0,70}", "[a-z]{250,258}"];
    let data = prop_oneof![
        Just(br#"{"type":"bad"}"#.to_vec()),
        Just(br#"{"type":"ok"}"#.to_vec()),
        (0usize..300).prop_map(|n| vec![b'x'; n]),
    ];
    let stream = prop_oneof![4 => Just("my-stream"), 1 => Just("other-stream")];
    proptest::collection::vec(
        (
            key,
            explicit,
            data,
            0u64..900,
            0usize..3,
            any::<bool>(),
            stream,
        ),
        1..120,
    )
    .prop_map(|entries| {
        let (mut clock, mut call) = (0u64, 0);
        entries
            .into_iter()
            .map(
                |(key, explicit_hash_key, data, gap, next_call, batch, stream)| {
                    // Mostly in order, sometimes earlier than the record before.
                    clock = if gap > 850 {
                        clock.saturating_sub(gap - 850)
                    } else {
                        clock + gap
                    };
                    call += next_call.min(1);
                    ProducedRecord {
                        explicit_hash_key,
                        arrival_ms: clock,
                        put_call: call,
                        api: if batch {
                            PutApi::PutRecords
                        } else {
                            PutApi::PutRecord
                        },
                        stream: stream.into(),
                        ..ProducedRecord::new(key, data)
                    }
                },
            )
            .collect()
    })
}

fn failures_strategy() -> impl Strategy<Value = FailureRules> {
    let rule = prop_oneof![
        "[a-f]".prop_map(RecordMatch::KeyPrefix),
        (0usize..120).prop_map(RecordMatch::Record),
        Just(RecordMatch::Data(serde_json::json!({"type": ["bad"]}))),
    ];
    let effect = prop_oneof![
        Just(FailureEffect::Error),
        Just(FailureEffect::Timeout),
        Just(FailureEffect::Partial),
    ];
    let attempts = prop_oneof![Just(Attempts::Always), (1u32..3).prop_map(Attempts::First)];
    (
        proptest::collection::vec((effect, rule, attempts), 0..3),
        proptest::option::of((1u32..200, any::<u64>())),
    )
        .prop_map(|(rules, random)| FailureRules {
            rules: rules
                .into_iter()
                .map(|(effect, matches, attempts)| FailureRule {
                    effect,
                    matches,
                    attempts,
                })
                .collect(),
            random: random.map(|(per_mille, seed)| RandomFailures { per_mille, seed }),
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn a_chunked_simulation_equals_a_whole_one(
        records in records_strategy(),
        cuts in proptest::collection::vec(0usize..120, 0..6),
        history in history_strategy(4, 4, true),
        factor in 1u32..=10,
        batch_size in 1u32..40,
        bisect in any::<bool>(),
        window in prop_oneof![Just(0u32), 1u32..4],
        filtered in any::<bool>(),
        partial in any::<bool>(),
        failures in failures_strategy(),
    ) {
        let mut cuts = cuts;
        cuts.sort_unstable();
        let mapping = MappingConfig {
            batch_size,
            parallelization_factor: factor,
            maximum_retry_attempts: 2,
            bisect_batch_on_function_error: bisect,
            tumbling_window_seconds: (window > 0).then_some(window),
            filter_criteria: filtered.then(|| AwsFilterCriteria {
                filters: vec![AwsFilter { pattern: r#"{"data": {"type": ["bad"]}}"#.into() }],
            }),
            function_response_types: if partial {
                vec![shardlane::mapping::FunctionResponseType::ReportBatchItemFailures]
            } else {
                Vec::new()
            },
            ..MappingConfig::default()
        };
        for layout in [history.layouts.first().unwrap(), history.last()] {
            check_agree(&records, &cuts, layout, &mapping, &failures)?;
        }
    }
}

/// More records in a second than a shard takes (1,000), and more bytes (1 MiB): throttled records
/// keep their own stream's name in AWS's message, in a chunk far from the one that filled the
/// shard.
#[test]
fn throttling_agrees_across_chunks() {
    let mut records: Vec<ProducedRecord> = (0..1300)
        .map(|i| ProducedRecord {
            put_call: i,
            arrival_ms: (i as u64 * 7) % 1500,
            stream: if i % 5 == 0 { "other" } else { "my-stream" }.into(),
            ..ProducedRecord::new(format!("user-{}", i % 40), vec![b'y'; 10])
        })
        .collect();
    for i in 0..4 {
        records.push(ProducedRecord {
            put_call: 1300 + i,
            arrival_ms: 1200,
            ..ProducedRecord::new("big", vec![b'z'; 400_000])
        });
    }
    let layout = StreamLayout::uniform(2).unwrap();
    let cuts: Vec<usize> = (1..40).map(|i| i * 33).collect();
    for factor in [1, 4] {
        let mapping = MappingConfig {
            parallelization_factor: factor,
            ..MappingConfig::default()
        };
        check_agree(&records, &cuts, &layout, &mapping, &FailureRules::default()).unwrap();
    }
    let throttled = {
        let function = FunctionModel::default();
        let source = EventSource::default();
        let mapping = MappingConfig::default();
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
        simulate(&input)
            .outcomes
            .iter()
            .filter(|o| {
                o.error
                    .as_deref()
                    .is_some_and(shardlane::limits::is_throttling)
            })
            .count()
    };
    assert!(throttled > 0, "the test must throttle some records");
}
