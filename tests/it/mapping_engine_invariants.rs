//! Properties of the event source mapping that hold for any stream and any records: one key keeps
//! one shard and one lane; lanes keep put order, never run two batches at once, and respect
//! BatchSize and the 6 MB payload; every delivered record is in exactly one batch; children wait
//! for their parents, so one key's records are processed in order across resharding; environments
//! run one batch at a time and stay within reserved concurrency.

use crate::support::{history_strategy, History};
use proptest::prelude::*;
use shardlane::layout::StreamLayout;
use shardlane::mapping::engine::{run as run_engine, MappingRun, StreamEntry};
use shardlane::mapping::event::MAX_PAYLOAD_BYTES;
use shardlane::mapping::{Consumer, EventSource, FunctionModel, MappingConfig};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, HashKey, Router, Simulation, SimulationInput};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Records with keys from a small alphabet (so keys repeat), sizes up to `max_size` bytes, and
/// gaps of up to `max_gap_ms` between arrivals.
fn records_strategy(
    count: std::ops::Range<usize>,
    max_size: usize,
    max_gap_ms: u64,
) -> impl Strategy<Value = Vec<ProducedRecord>> {
    proptest::collection::vec(("[a-f]{1,2}", 0..=max_size, 0..=max_gap_ms), count).prop_map(
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

/// How the mapping reads (standard iterator or enhanced fan-out, other consumers) and tumbling
/// windows (none, 0 = none, or a few seconds).
fn reading_strategy() -> impl Strategy<Value = (Consumer, u32, Option<u32>)> {
    (
        prop_oneof![
            Just(Consumer::StandardIterator),
            Just(Consumer::EnhancedFanOut)
        ],
        0u32..5,
        proptest::option::of(0u32..6),
    )
}

fn mapping_strategy() -> impl Strategy<Value = (MappingConfig, FunctionModel)> {
    (
        1u32..20,
        1u32..=10,
        0u32..3,
        proptest::option::of(1u32..4),
        0u64..400,
        0u64..30,
        0u64..500,
        reading_strategy(),
    )
        .prop_map(
            |(
                batch_size,
                factor,
                window,
                reserved,
                fixed_ms,
                per_record_ms,
                cold_start_ms,
                (consumer, other_consumers, tumbling),
            )| {
                (
                    MappingConfig {
                        batch_size,
                        parallelization_factor: factor,
                        maximum_batching_window_seconds: window,
                        consumer,
                        other_consumers,
                        tumbling_window_seconds: tumbling,
                        ..MappingConfig::default()
                    },
                    FunctionModel {
                        fixed_ms,
                        per_record_ms,
                        cold_start_ms,
                        max_environments: reserved,
                        ..FunctionModel::default()
                    },
                )
            },
        )
}

fn input<'a>(
    records: &'a [ProducedRecord],
    layout: &'a StreamLayout,
    mapping: &'a MappingConfig,
    function: &'a FunctionModel,
) -> SimulationInput<'a> {
    static SOURCE: OnceLock<EventSource> = OnceLock::new();
    SimulationInput::new(
        records,
        layout,
        mapping,
        function,
        SOURCE.get_or_init(EventSource::default),
    )
}

/// The invariants every mapping run keeps, whatever its input.
fn check_run(
    run: &MappingRun,
    arrivals: &[u64],
    mapping: &MappingConfig,
    function: &FunctionModel,
) -> Result<(), TestCaseError> {
    // Every entry is read once it has arrived, and a batch holds only records already read.
    for (entry, &read) in run.read_ms.iter().enumerate() {
        prop_assert!(
            read >= arrivals[entry],
            "entry {entry} read before it arrived"
        );
    }
    let window_of = |entry: usize| {
        mapping
            .tumbling_window_ms()
            .map(|w| (EventSource::default().clock_origin_ms + arrivals[entry]) / w)
    };
    // Every entry is in exactly one batch, and `batch_of` says which.
    let mut seen = vec![0; arrivals.len()];
    for (index, batch) in run.batches.iter().enumerate() {
        // Only a tumbling window's final invoke holds no records.
        let final_invoke = batch.window.is_some_and(|w| w.final_invoke);
        prop_assert_eq!(batch.records.is_empty(), final_invoke);
        prop_assert_eq!(
            batch.window.is_some(),
            mapping.tumbling_window_ms().is_some()
        );
        for &entry in &batch.records {
            prop_assert!(
                run.read_ms[entry] <= batch.ready_ms,
                "a batch starts after the poll that read it"
            );
            prop_assert_eq!(
                window_of(entry),
                window_of(batch.records[0]),
                "one window per batch"
            );
            if let Some(window) = batch.window {
                prop_assert_eq!(
                    Some(window.start_ms / (window.end_ms - window.start_ms)),
                    window_of(entry)
                );
            }
        }
        prop_assert!(batch.records.len() <= mapping.batch_size as usize);
        prop_assert!(
            batch.payload_bytes <= MAX_PAYLOAD_BYTES || batch.records.len() == 1,
            "{} bytes in {} records",
            batch.payload_bytes,
            batch.records.len()
        );
        prop_assert!(batch.lane < mapping.parallelization_factor);
        prop_assert!(batch.ready_ms <= batch.start_ms && batch.start_ms <= batch.end_ms);
        let cold = if batch.cold_start {
            function.cold_start_ms
        } else {
            0
        };
        prop_assert_eq!(
            batch.end_ms - batch.start_ms,
            cold + function.fixed_ms + function.per_record_ms * batch.records.len() as u64
        );
        for &entry in &batch.records {
            prop_assert!(
                arrivals[entry] <= batch.ready_ms,
                "a batch holds only records that had arrived"
            );
            seen[entry] += 1;
            prop_assert_eq!(run.batch_of[entry], index);
            prop_assert_eq!(run.lane_of[entry], batch.lane);
        }
    }
    prop_assert!(
        seen.iter().all(|&n| n == 1),
        "each entry in exactly one batch"
    );

    // Per lane: batches numbered in order, one in flight at a time, entries in order.
    let mut lanes: HashMap<(usize, u32), Vec<usize>> = HashMap::new();
    for (index, batch) in run.batches.iter().enumerate() {
        lanes
            .entry((batch.shard, batch.lane))
            .or_default()
            .push(index);
    }
    for batches in lanes.values() {
        let mut last_entry = None;
        let mut last_end = 0;
        // Tumbling windows: the lane's windows in order, each closed by one final invoke.
        let mut open_window: Option<u64> = None;
        for (number, &index) in batches.iter().enumerate() {
            let batch = &run.batches[index];
            if let Some(window) = batch.window {
                let start = window.start_ms;
                if window.final_invoke {
                    prop_assert_eq!(
                        open_window,
                        Some(start),
                        "a final invoke closes the open window"
                    );
                    open_window = None;
                } else {
                    prop_assert!(
                        open_window.is_none_or(|w| w == start),
                        "a window closes before the next opens"
                    );
                    open_window = Some(start);
                }
            }
            prop_assert_eq!(batch.number, number);
            prop_assert!(
                batch.start_ms >= last_end,
                "a lane never has two batches in flight"
            );
            last_end = batch.end_ms;
            for &entry in &batch.records {
                prop_assert!(last_entry < Some(entry), "shard order within a lane");
                last_entry = Some(entry);
            }
        }
        prop_assert!(open_window.is_none(), "every window ends in a final invoke");
    }

    // Environments: one batch at a time, a cold start exactly once each, within the limit.
    let mut by_environment: HashMap<usize, Vec<(u64, u64, bool)>> = HashMap::new();
    for batch in &run.batches {
        by_environment.entry(batch.environment).or_default().push((
            batch.start_ms,
            batch.end_ms,
            batch.cold_start,
        ));
    }
    prop_assert_eq!(by_environment.len(), run.environment_count);
    for spans in by_environment.values_mut() {
        spans.sort();
        prop_assert!(spans[0].2, "an environment starts cold");
        prop_assert!(spans[1..].iter().all(|s| !s.2), "and only once");
        for pair in spans.windows(2) {
            prop_assert!(
                pair[0].1 <= pair[1].0,
                "an environment runs one batch at a time"
            );
        }
    }
    if let Some(limit) = function.max_environments {
        prop_assert!(run.environment_count <= limit as usize);
        prop_assert!(run.peak_concurrency <= limit as usize);
    }
    // Peak concurrency, recounted at every batch start.
    let recount = run
        .batches
        .iter()
        .map(|b| {
            run.batches
                .iter()
                .filter(|o| o.start_ms <= b.start_ms && b.start_ms < o.end_ms)
                .count()
        })
        .max()
        .unwrap_or(0);
    prop_assert_eq!(run.peak_concurrency, recount);
    Ok(())
}

/// What `simulate` adds on top of the mapping: routing and lanes by key.
fn check_simulation(
    records: &[ProducedRecord],
    layout: &StreamLayout,
    simulation: &Simulation,
    mapping: &MappingConfig,
) -> Result<(), TestCaseError> {
    let router = Router::new(layout);
    let mut placement: HashMap<&str, (Option<usize>, Option<u32>)> = HashMap::new();
    for (record, outcome) in records.iter().zip(&simulation.outcomes) {
        let hash = HashKey::from_partition_key(&record.partition_key);
        prop_assert_eq!(outcome.partition_hash, hash);
        if outcome.error.is_some() {
            prop_assert_eq!(outcome.batch, None);
            continue;
        }
        prop_assert_eq!(outcome.shard, router.route(hash));
        prop_assert!(!layout.shards[outcome.shard.unwrap()].closed);
        let lane = (hash.0 % u128::from(mapping.parallelization_factor)) as u32;
        prop_assert_eq!(outcome.lane, Some(lane), "lane = MD5 % PF");
        // Same key ⇒ same shard and same lane.
        let seen = placement
            .entry(&record.partition_key)
            .or_insert((outcome.shard, outcome.lane));
        prop_assert_eq!(*seen, (outcome.shard, outcome.lane));
    }
    // Every delivered record is in exactly one batch; refused and throttled ones in none.
    let mut in_batches = vec![0; records.len()];
    for batch in 0..simulation.mapping.batches.len() {
        let members = simulation.batch_records(batch);
        for pair in members.windows(2) {
            prop_assert!(pair[0] < pair[1], "put order within a batch");
        }
        for record in members {
            in_batches[record] += 1;
            prop_assert_eq!(simulation.outcomes[record].batch, Some(batch));
        }
    }
    for (i, outcome) in simulation.outcomes.iter().enumerate() {
        prop_assert_eq!(in_batches[i], usize::from(outcome.error.is_none()));
    }
    prop_assert!(
        simulation.insights.peak_concurrency <= simulation.insights.concurrency_ceiling.max(1)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn lanes_keep_order_and_limits_on_any_stream(
        records in records_strategy(1..120, 400, 5_000),
        history in history_strategy(4, 4, true),
        (mapping, function) in mapping_strategy(),
    ) {
        let layout = history.last();
        let input = input(&records, layout, &mapping, &function);
        let simulation = simulate(&input);
        let arrivals: Vec<u64> = simulation.entry_record.iter().map(|&i| records[i].arrival_ms).collect();
        check_run(&simulation.mapping, &arrivals, &mapping, &function)?;
        check_simulation(&records, layout, &simulation, &mapping)?;
    }
}

proptest! {
    // Large records make each case slow in debug builds: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_batch_passes_6_mb_unless_it_holds_one_record(
        records in records_strategy(1..16, 1_048_570, 3_000),
        (mapping, function) in mapping_strategy(),
        window in 0u32..10,
    ) {
        let layout = StreamLayout::uniform(2).unwrap();
        // The payload is measured on the records' event; a window's extra fields are not in it.
        let mapping = MappingConfig { batch_size: mapping.batch_size + 5, maximum_batching_window_seconds: window, tumbling_window_seconds: None, ..mapping };
        let input = input(&records, &layout, &mapping, &function);
        let simulation = simulate(&input);
        let arrivals: Vec<u64> = simulation.entry_record.iter().map(|&i| records[i].arrival_ms).collect();
        check_run(&simulation.mapping, &arrivals, &mapping, &function)?;
        check_simulation(&records, &layout, &simulation, &mapping)?;
        // The payload the engine measured is the size of the event the function receives.
        for (index, batch) in simulation.mapping.batches.iter().enumerate() {
            let event: serde_json::Value = serde_json::from_str(&simulation.event_json(&input, index)).unwrap();
            prop_assert_eq!(event["Records"].as_array().unwrap().len(), batch.records.len());
            prop_assert_eq!(serde_json::to_string(&event).unwrap().len(), batch.payload_bytes);
        }
    }
}

/// Which shards' records must be processed before a shard's: its parents, theirs, and so on.
fn ancestors(layout: &StreamLayout, shard: usize) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut stack = vec![shard];
    while let Some(current) = stack.pop() {
        let shard = &layout.shards[current];
        for id in [&shard.parent, &shard.adjacent_parent]
            .into_iter()
            .flatten()
        {
            if let Some(parent) = layout.index_of(id) {
                if found.insert(parent) {
                    stack.push(parent);
                }
            }
        }
    }
    found
}

/// Records put while the stream went through `history`: record `i` arrives in step `steps[i]`
/// (non-decreasing) and goes to the shard that step's open shards route it to.
fn entries_over_history(
    history: &History,
    keys: &[String],
    steps: &[usize],
    gap_ms: u64,
) -> Vec<StreamEntry> {
    let routers: Vec<Router> = history.layouts.iter().map(Router::new).collect();
    keys.iter()
        .zip(steps)
        .enumerate()
        .map(|(i, (key, &step))| {
            let hash = HashKey::from_partition_key(key);
            StreamEntry {
                shard: routers[step].route(hash).unwrap(),
                partition_hash: hash,
                arrival_ms: i as u64 * gap_ms,
                event_bytes: 300,
                record_bytes: 200,
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    // SplitShard, MergeShards and UpdateShardCount histories: a shard waits for every older shard
    // that held any of its keys, so each key's records stay in order.
    #[test]
    fn children_wait_for_their_parents_and_keys_stay_in_order_across_resharding(
        history in history_strategy(3, 5, true),
        records in proptest::collection::vec(("[a-h]", any::<u16>()), 1..150),
        gap_ms in 0u64..300,
        (mapping, function) in mapping_strategy(),
    ) {
        let layout = history.last();
        let mut records = records;
        records.sort_by_key(|(_, step)| *step);
        let steps: Vec<usize> = records.iter().map(|(_, s)| *s as usize * history.layouts.len() / 65_536).collect();
        let keys: Vec<String> = records.into_iter().map(|(k, _)| k).collect();
        let entries = entries_over_history(&history, &keys, &steps, gap_ms);
        let run = run_engine(layout, &entries, &mapping, &function);
        let arrivals: Vec<u64> = entries.iter().map(|e| e.arrival_ms).collect();
        check_run(&run, &arrivals, &mapping, &function)?;

        // Children's batches start after all of their ancestors' batches end.
        let span = |shard: usize| -> Option<(u64, u64)> {
            let batches = run.batches.iter().filter(|b| b.shard == shard);
            let first = batches.clone().map(|b| b.start_ms).min()?;
            Some((first, batches.map(|b| b.end_ms).max().unwrap()))
        };
        for child in 0..layout.shards.len() {
            let Some((child_start, _)) = span(child) else { continue };
            for ancestor in ancestors(layout, child) {
                if let Some((_, ancestor_end)) = span(ancestor) {
                    prop_assert!(
                        child_start >= ancestor_end,
                        "{} starts at {} before its ancestor {} ends at {}",
                        layout.shards[child].id, child_start, layout.shards[ancestor].id, ancestor_end
                    );
                }
            }
        }

        // One key's records are processed in put order, even when resharding moved the key.
        let processed = |entry: usize| {
            let batch = &run.batches[run.batch_of[entry]];
            let position = batch.records.iter().position(|&e| e == entry).unwrap();
            (batch, position)
        };
        let mut last_of_key: HashMap<&str, usize> = HashMap::new();
        for (entry, key) in keys.iter().enumerate() {
            if let Some(previous) = last_of_key.insert(key, entry) {
                let ((before, at), (after, later)) = (processed(previous), processed(entry));
                if std::ptr::eq(before, after) {
                    prop_assert!(at < later);
                } else {
                    prop_assert!(
                        before.end_ms <= after.start_ms,
                        "key {:?}: entry {} (shard {}) ends at {}, entry {} (shard {}) starts at {}",
                        key, previous, before.shard, before.end_ms, entry, after.shard, after.start_ms
                    );
                }
            }
        }
    }
}

#[test]
fn children_are_processed_after_their_parents() {
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
                record_bytes: 200,
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
    // Without the split, the records that went to the children would have started at once.
    assert!(entries[40].arrival_ms < parent_last);
}

/// UpdateShardCount 5 → 3: new shard 6 merges old shards 2 and 3. A key that moved from busy shard
/// 3 to shard 6 never has its new record processed before its old ones: AWS keeps per-key order
/// across resharding.
#[test]
fn update_shard_count_keeps_each_keys_order() {
    let before = StreamLayout::uniform(5).unwrap();
    let after = before.update_shard_count(3).unwrap();
    let moved = (0..)
        .map(|i| format!("device-{i}"))
        .find(|k| {
            let hash = HashKey::from_partition_key(k);
            Router::new(&before).route(hash) == Some(3)
                && Router::new(&after).route(hash) == Some(6)
        })
        .unwrap();
    let hash = HashKey::from_partition_key(&moved);
    // 300 records on old shard 3 (three batches of 100), then one on new shard 6.
    let entries: Vec<StreamEntry> = (0..301)
        .map(|i| StreamEntry {
            shard: if i < 300 { 3 } else { 6 },
            partition_hash: hash,
            arrival_ms: i,
            event_bytes: 300,
            record_bytes: 200,
        })
        .collect();
    let run = run_engine(
        &after,
        &entries,
        &MappingConfig::default(),
        &FunctionModel::default(),
    );
    let old_end = run
        .batches
        .iter()
        .filter(|b| b.shard == 3)
        .map(|b| b.end_ms)
        .max()
        .unwrap();
    let new_start = run.batches[run.batch_of[300]].start_ms;
    assert!(
        new_start >= old_end,
        "{moved}'s last record starts at {new_start}, before its earlier records end at {old_end}"
    );
}
