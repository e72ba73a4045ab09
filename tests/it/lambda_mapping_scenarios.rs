//! The questions people ask about Kinesis → Lambda, answered by running the scenario: how many
//! batches run at once per shard, why concurrency is stuck, whether a shard keeps "its" instance,
//! when the batching window and the 6 MB payload close a batch, and what reserved concurrency does.

use shardlane::layout::StreamLayout;
use shardlane::mapping::event::MAX_PAYLOAD_BYTES;
use shardlane::mapping::{CloseReason, EventSource, FunctionModel, MappingConfig};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, HashKey, Router, Simulation, SimulationInput};
use std::collections::HashSet;

fn run(
    records: &[ProducedRecord],
    layout: &StreamLayout,
    mapping: &MappingConfig,
    function: &FunctionModel,
) -> Simulation {
    simulate(&SimulationInput::new(
        records,
        layout,
        mapping,
        function,
        &EventSource::default(),
    ))
}

/// `n` small records cycling through `distinct` keys, all arriving at once.
fn keys(n: usize, distinct: usize) -> Vec<ProducedRecord> {
    (0..n)
        .map(|i| ProducedRecord::new(format!("key-{}", i % distinct), vec![b'x'; 10]))
        .collect()
}

/// A partition key that routes to `shard` of `layout`.
fn key_in_shard(layout: &StreamLayout, shard: usize) -> String {
    let router = Router::new(layout);
    (0..)
        .map(|i| format!("device-{i}"))
        .find(|k| router.route(HashKey::from_partition_key(k)) == Some(shard))
        .unwrap()
}

fn with_factor(factor: u32) -> MappingConfig {
    MappingConfig {
        parallelization_factor: factor,
        ..MappingConfig::default()
    }
}

#[test]
fn parallelization_factor_1_runs_one_batch_per_shard_at_a_time() {
    let layout = StreamLayout::uniform(2).unwrap();
    let serial = run(
        &keys(300, 50),
        &layout,
        &MappingConfig {
            batch_size: 10,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    assert!(serial.mapping.batches.len() >= 30);
    for shard in 0..2 {
        let batches: Vec<_> = serial
            .mapping
            .batches
            .iter()
            .filter(|b| b.shard == shard)
            .collect();
        assert!(batches.len() > 1, "shard {shard} has several batches");
        assert!(batches.iter().all(|b| b.lane == 0));
        for pair in batches.windows(2) {
            assert!(
                pair[0].end_ms <= pair[1].start_ms,
                "one batch in flight per shard"
            );
            assert!(
                pair[0].records.last() < pair[1].records.first(),
                "records in shard order"
            );
        }
    }
    assert_eq!(
        serial.mapping.peak_concurrency, 2,
        "one per shard, both shards busy"
    );
}

#[test]
fn one_partition_key_uses_one_lane_whatever_the_parallelization_factor() {
    let layout = StreamLayout::uniform(4).unwrap();
    let constant = run(
        &keys(200, 1),
        &layout,
        &with_factor(10),
        &FunctionModel::default(),
    );
    let lanes: HashSet<_> = constant
        .outcomes
        .iter()
        .map(|o| (o.shard, o.lane))
        .collect();
    assert_eq!(lanes.len(), 1);
    assert_eq!(constant.insights.concurrency_ceiling, 1);
    assert_eq!(constant.mapping.peak_concurrency, 1);
    assert!(constant.mapping.batches.len() >= 2);

    // Many keys on one shard do fill the ten lanes, and batches then run side by side.
    let many = run(
        &keys(200, 200),
        &StreamLayout::uniform(1).unwrap(),
        &with_factor(10),
        &FunctionModel::default(),
    );
    let lanes: HashSet<_> = many.outcomes.iter().map(|o| o.lane).collect();
    assert_eq!(lanes.len(), 10);
    assert_eq!(many.mapping.peak_concurrency, 10);
}

#[test]
fn three_keys_cap_concurrency_at_three_on_4_shards_with_pf_10() {
    let few = run(
        &keys(300, 3),
        &StreamLayout::uniform(4).unwrap(),
        &with_factor(10),
        &FunctionModel::default(),
    );
    assert!(few.insights.concurrency_ceiling <= 3);
    assert!(few.insights.peak_concurrency <= 3);
    assert_eq!(few.insights.distinct_keys, 3);
    let reason = &few.insights.ceiling_reason;
    assert!(reason.contains("3 distinct partition keys"), "{reason}");
    assert!(reason.contains("40 lanes"), "{reason}");
}

#[test]
fn one_execution_environment_serves_several_shards_after_a_pause() {
    let layout = StreamLayout::uniform(2).unwrap();
    let (first, second) = (key_in_shard(&layout, 0), key_in_shard(&layout, 1));
    // A record for shard 0, then, as after `time.sleep(5)`, one for shard 1.
    let records = [
        ProducedRecord::new(first.clone(), b"one".to_vec()),
        ProducedRecord {
            arrival_ms: 5_000,
            put_call: 1,
            ..ProducedRecord::new(second.clone(), b"two".to_vec())
        },
    ];
    let paused = run(
        &records,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    let batches = &paused.mapping.batches;
    assert_eq!(batches.len(), 2);
    assert_eq!((batches[0].shard, batches[1].shard), (0, 1));
    assert_eq!(batches[0].environment, batches[1].environment);
    assert!(
        batches[0].cold_start && !batches[1].cold_start,
        "the second one is warm"
    );
    assert_eq!(paused.mapping.environment_count, 1);
    assert!(paused.insights.environments_serving_several_shards >= 1);
    assert!(
        paused.insights.findings.iter().any(|f| f
            .contains("AWS does not guarantee reuse or tie environments to shards")
            && !f.contains("never holds")),
        "{:?}",
        paused.insights.findings
    );

    // Without the pause both shards need an environment at once: no sharing.
    let together = [
        ProducedRecord::new(first, b"one".to_vec()),
        ProducedRecord::new(second, b"two".to_vec()),
    ];
    let at_once = run(
        &together,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    assert_eq!(at_once.mapping.environment_count, 2);
    assert_eq!(at_once.insights.environments_serving_several_shards, 0);
}

#[test]
fn the_batching_window_groups_records_that_arrive_within_it() {
    let layout = StreamLayout::uniform(1).unwrap();
    // Ten records 100 ms apart, then one just after the 1 s window closes.
    let mut trickle: Vec<ProducedRecord> = (0..10)
        .map(|i| ProducedRecord {
            arrival_ms: i * 100,
            put_call: i as usize,
            ..ProducedRecord::new("k", vec![1])
        })
        .collect();
    trickle.push(ProducedRecord {
        arrival_ms: 1_001,
        put_call: 10,
        ..ProducedRecord::new("k", vec![1])
    });
    let windowed = run(
        &trickle,
        &layout,
        &MappingConfig {
            maximum_batching_window_seconds: 1,
            ..MappingConfig::default()
        },
        &FunctionModel::default(),
    );
    let batches = &windowed.mapping.batches;
    assert_eq!(
        batches.iter().map(|b| b.records.len()).collect::<Vec<_>>(),
        [10, 1],
        "the ten within the 1 s window, then the late one"
    );
    assert_eq!(batches[0].closed_by, CloseReason::BatchingWindow);
    assert_eq!(
        batches[0].ready_ms, 1_000,
        "the window closes 1 s after it opened"
    );

    // Without a window the first record goes alone, and later ones gather while it runs.
    let immediate = run(
        &trickle,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    assert!(immediate.mapping.batches.len() > 2);
    assert_eq!(immediate.mapping.batches[0].records.len(), 1);
    assert_eq!(immediate.mapping.batches[0].ready_ms, 0);
}

#[test]
fn six_mb_of_payload_closes_a_batch() {
    let layout = StreamLayout::uniform(1).unwrap();
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
    let batches = &payload.mapping.batches;
    assert_eq!(batches[0].records.len(), 4);
    assert_eq!(batches[0].closed_by, CloseReason::Payload);
    assert_eq!(
        batches[0].ready_ms, 4_000,
        "it closes when the fifth arrives"
    );
    assert!(batches.iter().all(|b| b.payload_bytes <= MAX_PAYLOAD_BYTES));
    assert!(batches[0].payload_bytes > 4 * 1_000_000 * 4 / 3);
    assert_eq!(batches.iter().map(|b| b.records.len()).sum::<usize>(), 8);
}

#[test]
fn reserved_concurrency_makes_batches_wait() {
    let records: Vec<ProducedRecord> = (0..40)
        .map(|i| ProducedRecord::new(format!("k{i}"), vec![1]))
        .collect();
    let layout = StreamLayout::uniform(4).unwrap();
    let limited_to = |limit: Option<u32>| {
        run(
            &records,
            &layout,
            &MappingConfig::default(),
            &FunctionModel {
                max_environments: limit,
                ..FunctionModel::default()
            },
        )
    };
    let finish = |simulation: &Simulation| {
        simulation
            .mapping
            .batches
            .iter()
            .map(|b| b.end_ms)
            .max()
            .unwrap()
    };
    let free = limited_to(None);
    assert_eq!(free.mapping.peak_concurrency, 4);
    assert!(free
        .mapping
        .batches
        .iter()
        .all(|b| b.start_ms == b.ready_ms));
    for limit in [1, 2] {
        let limited = limited_to(Some(limit));
        assert_eq!(limited.mapping.environment_count, limit as usize);
        assert_eq!(limited.mapping.peak_concurrency, limit as usize);
        assert!(
            limited
                .mapping
                .batches
                .iter()
                .any(|b| b.start_ms > b.ready_ms),
            "some batch waited for an environment"
        );
        assert!(finish(&limited) > finish(&free));
        assert!(
            limited
                .insights
                .ceiling_reason
                .contains("Reserved concurrency"),
            "{}",
            limited.insights.ceiling_reason
        );
    }
}

/// "× the mean" compares with the open shards only: after two splits the stream lists five shards
/// but three are open, and a shard with 40 of 50 records holds 2.4× the mean (not 40 × 5 / 50).
#[test]
fn a_hot_shard_is_measured_against_the_open_shards_mean() {
    let layout = StreamLayout::uniform(1)
        .unwrap()
        .split_in_half("shardId-000000000000")
        .unwrap()
        .split_in_half("shardId-000000000001")
        .unwrap();
    assert_eq!((layout.shards.len(), layout.open_shard_count()), (5, 3));
    let (hot, cool, cold) = (
        key_in_shard(&layout, 3),
        key_in_shard(&layout, 2),
        key_in_shard(&layout, 4),
    );
    let records: Vec<ProducedRecord> = (0..50)
        .map(|i| {
            let key = match i {
                0..40 => &hot,
                40..45 => &cool,
                _ => &cold,
            };
            ProducedRecord::new(key.clone(), vec![1])
        })
        .collect();
    let simulation = run(
        &records,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    assert_eq!(simulation.insights.hot_shards, [3]);
    let finding = simulation
        .insights
        .findings
        .iter()
        .find(|f| f.starts_with("shardId-000000000003 is hot"))
        .unwrap();
    assert!(
        finding.contains("40 records from 1 distinct key (2.4× the mean of the open shards;"),
        "{finding}"
    );
}
