//! The page re-simulates a run after a change of layout or settings from the run's `RecordKeys`
//! (validated and hashed once, `page::run_keys`) instead of hashing again. Whatever the records,
//! the resharding history and the mapping, that simulation equals a fresh one, field for field;
//! keys that cannot be the records' (another count or source) are not used.

use crate::support::history_strategy;
use proptest::prelude::*;
use shardlane::mapping::failures::{Attempts, FailureEffect, FailureRule, RecordMatch};
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use shardlane::page::{run_keys, simulate_run, simulate_run_with_keys, RunSettings};
use shardlane::producers::ProducerRun;
use shardlane::record::ProducedRecord;
use shardlane::simulation::RecordKeys;
use shardlane::{simulate, SimulationInput};

fn records_strategy() -> impl Strategy<Value = Vec<ProducedRecord>> {
    let explicit = prop_oneof![
        6 => Just(None),
        1 => any::<u128>().prop_map(|k| Some(k.to_string())),
        1 => Just(Some("01".to_owned())),
        1 => Just(Some("340282366920938463463374607431768211456".to_owned())),
    ];
    let key = prop_oneof!["[a-f]{1,2}", ".{0,70}", "[a-z]{250,258}"];
    proptest::collection::vec((key, explicit, 0usize..300, 0u64..500, 0usize..3), 1..80).prop_map(
        |entries| {
            let (mut clock, mut call) = (0, 0);
            entries
                .into_iter()
                .map(|(key, explicit_hash_key, size, gap, next_call)| {
                    clock += gap;
                    call += next_call.min(1);
                    ProducedRecord {
                        explicit_hash_key,
                        arrival_ms: clock,
                        put_call: call,
                        ..ProducedRecord::new(key, vec![b'x'; size])
                    }
                })
                .collect()
        },
    )
}

/// The insights' distinct keys per shard and lane, counted naively from the outcomes (keys with
/// ExplicitHashKeys may sit in several shards and lanes).
fn check_distinct_keys(records: &[ProducedRecord], simulation: &shardlane::Simulation) {
    use std::collections::HashSet;
    let placed: Vec<(usize, u32, &str)> = simulation
        .entry_record
        .iter()
        .filter_map(|&i| {
            let outcome = &simulation.outcomes[i];
            Some((
                outcome.shard?,
                outcome.lane?,
                records[i].partition_key.as_str(),
            ))
        })
        .collect();
    let insights = &simulation.insights;
    let keys: HashSet<&str> = placed.iter().map(|p| p.2).collect();
    assert_eq!(insights.distinct_keys, keys.len());
    for (shard, load) in insights.shards.iter().enumerate() {
        let in_shard: HashSet<&str> = placed
            .iter()
            .filter(|p| p.0 == shard)
            .map(|p| p.2)
            .collect();
        assert_eq!(load.total.distinct_keys, in_shard.len(), "shard {shard}");
        for (lane, lane_load) in load.lanes.iter().enumerate() {
            let in_lane: HashSet<&str> = placed
                .iter()
                .filter(|p| p.0 == shard && p.1 as usize == lane)
                .map(|p| p.2)
                .collect();
            assert_eq!(
                lane_load.distinct_keys,
                in_lane.len(),
                "shard {shard} lane {lane}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_simulation_from_cached_keys_equals_a_fresh_one(
        records in records_strategy(),
        history in history_strategy(5, 5, true),
        factor in 1u32..=10,
        batch_size in 1u32..40,
        bisect in any::<bool>(),
        failing_prefix in "[a-f]",
    ) {
        let source = EventSource::default();
        let keys = RecordKeys::of(&records, &source);
        let mapping = MappingConfig {
            batch_size,
            parallelization_factor: factor,
            maximum_retry_attempts: 1,
            bisect_batch_on_function_error: bisect,
            ..MappingConfig::default()
        };
        let failures = FailureRules {
            rules: vec![FailureRule {
                effect: FailureEffect::Error,
                matches: RecordMatch::KeyPrefix(failing_prefix),
                attempts: Attempts::First(1),
            }],
            random: None,
        };
        let function = FunctionModel::default();
        for layout in &history.layouts {
            let input = SimulationInput::new(&records, layout, &mapping, &function, &source)
                .with_failures(&failures);
            let fresh = simulate(&input);
            check_distinct_keys(&records, &fresh);
            prop_assert_eq!(&simulate(&input.with_keys(&keys)), &fresh);
            // Keys of fewer records, or computed for another stream, are not used.
            let fewer = RecordKeys::of(&records[1..], &source);
            prop_assert_eq!(&simulate(&input.with_keys(&fewer)), &fresh);
            let other_stream = EventSource { stream_name: "other-stream".into(), ..source.clone() };
            let other_source = RecordKeys::of(&records, &other_stream);
            prop_assert_eq!(&simulate(&input.with_keys(&other_source)), &fresh);
        }
        // The page's way: one run, its keys once, several layouts.
        let run = ProducerRun { records, ..ProducerRun::default() };
        let run_keys = run_keys(&run);
        let scenario = shardlane::scenario::Scenario::default();
        for layout in &history.layouts {
            let settings = RunSettings { mapping: &mapping, function: &function, failures: &failures };
            prop_assert_eq!(
                simulate_run_with_keys(&run, &run_keys, layout, settings),
                simulate_run(&run, layout, settings)
            );
            let settings = RunSettings::of(&scenario);
            prop_assert_eq!(
                simulate_run_with_keys(&run, &run_keys, layout, settings),
                simulate_run(&run, layout, settings)
            );
        }
    }
}
