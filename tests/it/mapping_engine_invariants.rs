//! Properties that must hold for any layout and any records: routing is a partition of the hash
//! space; one key keeps one shard and one lane; lanes keep put order, never run two batches at
//! once, and respect BatchSize and the 6 MB payload; children wait for parents; environments run
//! one batch at a time and stay within reserved concurrency.

use proptest::prelude::*;
use shardlane::layout::StreamLayout;
use shardlane::limits::ProducerLimits;
use shardlane::mapping::event::MAX_PAYLOAD_BYTES;
use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, HashKey, Router, Simulation, SimulationInput};
use std::collections::HashMap;

/// A layout made by a random sequence of resharding operations on a uniform stream.
fn layout_strategy() -> impl Strategy<Value = StreamLayout> {
    (
        1usize..6,
        proptest::collection::vec((0u8..3, any::<u64>(), any::<u128>()), 0..6),
    )
        .prop_map(|(count, operations)| {
            let mut layout = StreamLayout::uniform(count).unwrap();
            for (operation, pick, split_at) in operations {
                let open = layout.open_shard_indices();
                let chosen = open[(pick % open.len() as u64) as usize];
                let next = match operation {
                    0 => {
                        let range = layout.shards[chosen].range;
                        let width = range.end.0 - range.start.0;
                        let at = range.start.0 + 2 + split_at % width.saturating_sub(2).max(1);
                        layout.split(&layout.shards[chosen].id.clone(), HashKey(at))
                    }
                    1 => {
                        let position = open.iter().position(|&i| i == chosen).unwrap();
                        match open.get(position + 1) {
                            Some(&upper) => layout.merge(
                                &layout.shards[chosen].id.clone(),
                                &layout.shards[upper].id.clone(),
                            ),
                            None => Ok(layout.clone()),
                        }
                    }
                    _ => {
                        let current = layout.open_shard_count();
                        layout.update_shard_count(
                            (current / 2).max(1) + (pick as usize % (current + 1)),
                        )
                    }
                };
                if let Ok(next) = next {
                    layout = next;
                }
            }
            layout
        })
}

fn records_strategy() -> impl Strategy<Value = Vec<ProducedRecord>> {
    proptest::collection::vec(("[a-e]{1,2}", 0usize..400, 0u64..5_000), 1..120).prop_map(
        |entries| {
            let mut clock = 0;
            entries
                .into_iter()
                .enumerate()
                .map(|(call, (key, size, gap))| {
                    clock += gap;
                    ProducedRecord {
                        arrival_ms: clock,
                        put_call: call,
                        ..ProducedRecord::new(key, vec![b'x'; size])
                    }
                })
                .collect()
        },
    )
}

fn run(
    records: &[ProducedRecord],
    layout: &StreamLayout,
    mapping: &MappingConfig,
    function: &FunctionModel,
) -> Simulation {
    simulate(&SimulationInput {
        records,
        layout,
        mapping,
        function,
        limits: &ProducerLimits::default(),
        source: &EventSource::default(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_hash_key_is_in_exactly_one_open_shard(layout in layout_strategy(), keys in proptest::collection::vec(any::<u128>(), 50)) {
        prop_assert!(layout.coverage_problems().is_empty());
        let router = Router::new(&layout);
        let open = layout.open_shard_indices();
        for key in keys.into_iter().chain([0, u128::MAX]).map(HashKey) {
            let holders: Vec<usize> = open.iter().copied().filter(|&i| layout.shards[i].range.contains(key)).collect();
            prop_assert_eq!(holders.len(), 1);
            prop_assert_eq!(router.route(key), Some(holders[0]));
        }
        for &i in &open {
            prop_assert_eq!(router.route(layout.shards[i].range.start), Some(i));
            prop_assert_eq!(router.route(layout.shards[i].range.end), Some(i));
        }
    }

    #[test]
    fn lanes_keep_order_and_limits(
        records in records_strategy(),
        shards in 1usize..5,
        batch_size in 1u32..20,
        factor in 1u32..11,
        window in 0u32..3,
        reserved in proptest::option::of(1u32..4),
    ) {
        let layout = StreamLayout::uniform(shards).unwrap();
        let mapping = MappingConfig { batch_size, parallelization_factor: factor, maximum_batching_window_seconds: window, ..MappingConfig::default() };
        let function = FunctionModel { max_environments: reserved, ..FunctionModel::default() };
        let simulation = run(&records, &layout, &mapping, &function);

        // Same key ⇒ same shard and lane.
        let mut placement: HashMap<&str, (Option<usize>, Option<u32>)> = HashMap::new();
        for (record, outcome) in records.iter().zip(&simulation.outcomes) {
            if outcome.error.is_some() { continue; }
            let seen = placement.entry(&record.partition_key).or_insert((outcome.shard, outcome.lane));
            prop_assert_eq!(*seen, (outcome.shard, outcome.lane));
        }
        // Every delivered record is in exactly one batch.
        let mut in_batches = vec![0; records.len()];
        for batch in 0..simulation.mapping.batches.len() {
            for record in simulation.batch_records(batch) { in_batches[record] += 1; }
        }
        for (i, outcome) in simulation.outcomes.iter().enumerate() {
            prop_assert_eq!(in_batches[i], usize::from(outcome.error.is_none()));
        }
        // Per lane: put order, no overlap, one batch in flight, limits.
        let mut lanes: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
        for (index, batch) in simulation.mapping.batches.iter().enumerate() {
            prop_assert!(batch.records.len() <= batch_size as usize);
            prop_assert!(batch.payload_bytes <= MAX_PAYLOAD_BYTES || batch.records.len() == 1);
            prop_assert!(batch.ready_ms <= batch.start_ms && batch.start_ms < batch.end_ms);
            lanes.entry((batch.shard, batch.lane)).or_default().push(index);
        }
        for batches in lanes.values() {
            let mut last_record = None;
            let mut last_end = 0;
            for (number, &index) in batches.iter().enumerate() {
                let batch = &simulation.mapping.batches[index];
                prop_assert_eq!(batch.number, number);
                prop_assert!(batch.start_ms >= last_end, "a lane never has two batches in flight");
                last_end = batch.end_ms;
                for record in simulation.batch_records(index) {
                    prop_assert!(last_record < Some(record), "put order within a lane");
                    last_record = Some(record);
                }
            }
        }
        // Environments run one batch at a time, within reserved concurrency.
        let mut by_environment: HashMap<usize, Vec<(u64, u64)>> = HashMap::new();
        for batch in &simulation.mapping.batches {
            by_environment.entry(batch.environment).or_default().push((batch.start_ms, batch.end_ms));
        }
        for spans in by_environment.values_mut() {
            spans.sort();
            for pair in spans.windows(2) { prop_assert!(pair[0].1 <= pair[1].0); }
        }
        if let Some(limit) = reserved {
            prop_assert!(simulation.mapping.environment_count <= limit as usize);
            prop_assert!(simulation.mapping.peak_concurrency <= limit as usize);
        }
        prop_assert!(simulation.insights.peak_concurrency <= simulation.insights.concurrency_ceiling.max(1));
    }
}

#[test]
fn children_are_processed_after_their_parents() {
    use shardlane::mapping::engine::{run as run_engine, StreamEntry};
    let before = StreamLayout::uniform(1).unwrap();
    let after = before.split_in_half("shardId-000000000000").unwrap();
    let router = Router::new(&after);
    // Forty records reached the parent (index 0) before the split; forty more reach the children
    // while the parent still has work: the children must wait for the parent's last batch.
    let entries: Vec<StreamEntry> = (0..80u64)
        .map(|i| {
            let hash = HashKey::from_partition_key(&format!("k{}", i % 40));
            let shard = if i < 40 {
                0
            } else {
                router.route(hash).unwrap()
            };
            StreamEntry {
                shard,
                partition_hash: hash,
                arrival_ms: i,
                event_bytes: 300,
            }
        })
        .collect();
    let mapping = MappingConfig {
        batch_size: 5,
        ..MappingConfig::default()
    };
    let result = run_engine(&after, &entries, &mapping, &FunctionModel::default());
    let parent_last = result
        .batches
        .iter()
        .filter(|b| b.shard == 0)
        .map(|b| b.end_ms)
        .max()
        .unwrap();
    let child_first = result
        .batches
        .iter()
        .filter(|b| b.shard != 0)
        .map(|b| b.start_ms)
        .min()
        .unwrap();
    let parent_records: usize = result
        .batches
        .iter()
        .filter(|b| b.shard == 0)
        .map(|b| b.records.len())
        .sum();
    assert_eq!(parent_records, 40);
    assert!(
        child_first >= parent_last,
        "children start at {child_first}, parent ends at {parent_last}"
    );
}

#[test]
fn scenario_answers_match_the_user_questions() {
    let keys = |n: usize, distinct: usize| -> Vec<ProducedRecord> {
        (0..n)
            .map(|i| ProducedRecord::new(format!("key-{}", i % distinct), vec![b'x'; 10]))
            .collect()
    };
    // One constant key: one lane whatever PF.
    let constant = run(
        &keys(200, 1),
        &StreamLayout::uniform(4).unwrap(),
        &MappingConfig {
            parallelization_factor: 10,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    let lanes: std::collections::HashSet<_> = constant
        .outcomes
        .iter()
        .map(|o| (o.shard, o.lane))
        .collect();
    assert_eq!(lanes.len(), 1);
    assert_eq!(constant.insights.concurrency_ceiling, 1);
    // 4 shards × PF 10 with 3 keys: concurrency capped at 3, and the reason says why.
    let few = run(
        &keys(300, 3),
        &StreamLayout::uniform(4).unwrap(),
        &MappingConfig {
            parallelization_factor: 10,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    assert!(few.insights.concurrency_ceiling <= 3 && few.insights.peak_concurrency <= 3);
    assert!(
        few.insights
            .ceiling_reason
            .contains("3 distinct partition keys"),
        "{}",
        few.insights.ceiling_reason
    );
    // PF 1: one batch in flight per shard.
    let serial = run(
        &keys(300, 50),
        &StreamLayout::uniform(2).unwrap(),
        &MappingConfig {
            batch_size: 10,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    for shard in 0..2 {
        let mut spans: Vec<(u64, u64)> = serial
            .mapping
            .batches
            .iter()
            .filter(|b| b.shard == shard)
            .map(|b| (b.start_ms, b.end_ms))
            .collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
    }
}

#[test]
fn the_batching_window_groups_records_and_6_mb_closes_a_batch() {
    use shardlane::mapping::CloseReason;
    let layout = StreamLayout::uniform(1).unwrap();
    let trickle: Vec<ProducedRecord> = (0..10)
        .map(|i| ProducedRecord {
            arrival_ms: i * 100,
            ..ProducedRecord::new("k", vec![1])
        })
        .collect();
    let windowed = run(
        &trickle,
        &layout,
        &MappingConfig {
            maximum_batching_window_seconds: 2,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    assert_eq!(
        windowed.mapping.batches.len(),
        1,
        "all ten arrive within the 2 s window"
    );
    assert_eq!(
        windowed.mapping.batches[0].closed_by,
        CloseReason::BatchingWindow
    );
    let immediate = run(
        &trickle,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    assert!(immediate.mapping.batches.len() > 1);

    // One a second, so the shard's 1 MiB/s write limit throttles none; a 10 s window gathers them.
    let big: Vec<ProducedRecord> = (0..8)
        .map(|i| ProducedRecord {
            put_call: i,
            arrival_ms: i as u64 * 1000,
            ..ProducedRecord::new("k", vec![0u8; 1_000_000])
        })
        .collect();
    let gathering = MappingConfig {
        maximum_batching_window_seconds: 10,
        ..MappingConfig::default()
    };
    let payload = run(&big, &layout, &gathering, &FunctionModel::default());
    assert!(payload.outcomes.iter().all(|o| o.error.is_none()));
    // Base64 makes each record ~1.33 MB in the event: four fit under 6 MB, the fifth does not.
    assert_eq!(payload.mapping.batches[0].records.len(), 4);
    assert_eq!(payload.mapping.batches[0].closed_by, CloseReason::Payload);
    assert!(payload
        .mapping
        .batches
        .iter()
        .all(|b| b.payload_bytes <= MAX_PAYLOAD_BYTES));
}

#[test]
fn reserved_concurrency_makes_batches_wait() {
    let records: Vec<ProducedRecord> = (0..40)
        .map(|i| ProducedRecord::new(format!("k{i}"), vec![1]))
        .collect();
    let layout = StreamLayout::uniform(4).unwrap();
    let limited = run(
        &records,
        &layout,
        &MappingConfig::default(),
        &FunctionModel {
            max_environments: Some(1),
            ..FunctionModel::default()
        },
    );
    assert_eq!(limited.mapping.environment_count, 1);
    assert_eq!(limited.mapping.peak_concurrency, 1);
    assert!(
        limited
            .mapping
            .batches
            .iter()
            .any(|b| b.start_ms > b.ready_ms),
        "some batch waited for the environment"
    );
    let free = run(
        &records,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    assert_eq!(free.mapping.peak_concurrency, 4);
}
