//! How the mapping reads a shard, one scenario per AWS statement (quoted in each test's doc):
//! a standard iterator's polling once a second, reading on while behind, GetRecords' caps, the
//! read throughput other consumers share, and enhanced fan-out.

use crate::support::{lines, shardlane_command, temp_file};
use shardlane::layout::StreamLayout;
use shardlane::mapping::engine::reading::{GET_RECORDS_MAX_BYTES, GET_RECORDS_MAX_RECORDS};
use shardlane::mapping::engine::{run as run_engine, MappingRun, StreamEntry};
use shardlane::mapping::{Consumer, EventSource, FunctionModel, MappingConfig};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, HashKey, Simulation, SimulationInput};

/// A function that takes `fixed_ms` per invocation and nothing else.
fn quick(fixed_ms: u64) -> FunctionModel {
    FunctionModel {
        fixed_ms,
        per_record_ms: 0,
        cold_start_ms: 0,
        ..FunctionModel::default()
    }
}

fn one_shard(
    records: &[ProducedRecord],
    mapping: &MappingConfig,
    function: &FunctionModel,
) -> Simulation {
    let layout = StreamLayout::uniform(1).unwrap();
    let source = EventSource::default();
    simulate(&SimulationInput::new(
        records, &layout, mapping, function, &source,
    ))
}

fn record_at(key: &str, arrival_ms: u64, data: Vec<u8>, call: usize) -> ProducedRecord {
    ProducedRecord {
        arrival_ms,
        put_call: call,
        ..ProducedRecord::new(key, data)
    }
}

/// `count` entries of one shard, all waiting at time 0, each `bytes` long.
fn backlog(count: usize, bytes: usize) -> Vec<StreamEntry> {
    (0..count)
        .map(|i| StreamEntry {
            shard: 0,
            partition_hash: HashKey::from_partition_key(&format!("k{i}")),
            arrival_ms: 0,
            event_bytes: 300,
            record_bytes: bytes,
        })
        .collect()
}

fn distinct_read_times(run: &MappingRun) -> Vec<u64> {
    let mut times = run.read_ms.clone();
    times.dedup();
    times
}

/// "For standard iterators, Lambda polls each shard in your Kinesis stream for records at a base
/// rate of once per second." (Lambda developer guide, "Using Lambda with Kinesis", seed 003.)
/// A record put 1 ms after a poll waits for the next one, a second later.
#[test]
fn a_record_arriving_just_after_a_poll_waits_for_the_next_one() {
    let records = [
        record_at("a", 0, b"1".to_vec(), 0),
        record_at("b", 1, b"2".to_vec(), 1),
        record_at("c", 2_500, b"3".to_vec(), 2),
    ];
    let simulation = one_shard(&records, &MappingConfig::default(), &quick(100));
    let batches = &simulation.mapping.batches;
    assert_eq!(batches.len(), 3);
    assert_eq!((batches[0].ready_ms, batches[0].records.len()), (0, 1));
    // Polls at 0, 1000, 2000 (empty), 3000: caught up, the poller keeps its once-a-second beat.
    assert_eq!(batches[1].ready_ms, 1_000, "b waited for the next poll");
    assert_eq!(batches[2].ready_ms, 3_000);
    assert_eq!(simulation.mapping.read_ms, vec![0, 1_000, 3_000]);
    // IteratorAge includes the wait for the poll.
    assert_eq!(batches[1].iterator_age_ms, 1_000 + 100 - 1);
    assert!(simulation
        .insights
        .findings
        .iter()
        .any(|f| f.starts_with("Standard iterator: records waited up to 999 ms")));
}

/// "When more records are available, Lambda keeps processing batches until the function catches
/// up with the stream." (Lambda developer guide, "Using Lambda with Kinesis".) With records
/// waiting, each batch starts when the one before it ends, never a poll later.
#[test]
fn while_records_wait_batches_follow_each_other_without_the_one_second_wait() {
    let records: Vec<ProducedRecord> = (0..60)
        .map(|i| record_at(&format!("k{i}"), i * 20, b"x".to_vec(), i as usize))
        .collect();
    let mapping = MappingConfig {
        batch_size: 10,
        ..MappingConfig::default()
    };
    // 700 ms per batch: slower than the stream, so the mapping is behind from the second batch.
    let simulation = one_shard(&records, &mapping, &quick(700));
    let batches = &simulation.mapping.batches;
    assert_eq!(batches[0].ready_ms, 0);
    assert_eq!(
        batches[1].ready_ms, 1_000,
        "caught up after the first: the next poll"
    );
    for pair in batches[1..].windows(2) {
        assert_eq!(
            pair[1].ready_ms, pair[0].end_ms,
            "behind: no wait between batches"
        );
    }
}

/// "Each shard can support up to five read transactions per second. Each read transaction can
/// provide up to 10,000 records with an upper limit of 10 MiB per transaction." (Kinesis developer
/// guide, quotas; GetRecords API reference: "The maximum number of records that can be returned per
/// call is 10,000.") A backlog of 25,000 records takes three calls, 200 ms apart: the mapping reads
/// on at once while behind, within its five reads a second.
#[test]
fn get_records_returns_at_most_10000_records_a_call() {
    // 10-byte records: 100 KB a call, well within the 2 MiB/s, so only the caps and the read rate
    // pace the reads.
    let entries = backlog(25_000, 10);
    let layout = StreamLayout::uniform(1).unwrap();
    let mapping = MappingConfig {
        batch_size: 10_000,
        ..MappingConfig::default()
    };
    let run = run_engine(&layout, &entries, &mapping, &quick(10));
    assert_eq!(GET_RECORDS_MAX_RECORDS, 10_000);
    assert_eq!(distinct_read_times(&run), vec![0, 200, 400]);
    assert_eq!(run.read_ms.iter().filter(|&&t| t == 0).count(), 10_000);
    let stats = run.read_stats[0];
    assert_eq!((stats.polls, stats.capped_polls), (3, 2));
    // The second batch could start at 10 ms, when the first ends, but its records are read at 200.
    let ready: Vec<u64> = run.batches.iter().map(|b| b.ready_ms).collect();
    assert_eq!(ready, vec![0, 200, 400]);
    assert_eq!(stats.max_backlog_wait_ms, 400);
}

/// "The maximum size of data that GetRecords can return is 10 MiB. If a call returns this amount
/// of data, subsequent calls made within the next 5 seconds throw
/// ProvisionedThroughputExceededException" (GetRecords API reference); "Each shard can support up
/// to a maximum total data read rate of 2 MiB per second via GetRecords" (Kinesis quotas).
#[test]
fn a_10_mib_call_makes_the_next_one_wait_five_seconds() {
    let entries = backlog(25, 1024 * 1024);
    let layout = StreamLayout::uniform(1).unwrap();
    let run = run_engine(&layout, &entries, &MappingConfig::default(), &quick(10));
    assert_eq!(GET_RECORDS_MAX_BYTES, 10 * 1024 * 1024);
    assert_eq!(distinct_read_times(&run), vec![0, 5_000, 10_000]);
    assert_eq!(run.read_ms.iter().filter(|&&t| t == 5_000).count(), 10);
    assert_eq!(run.read_stats[0].capped_polls, 2);
}

/// About 900 KB a second put into one shard, 100 KB records, for `seconds`.
fn steady_stream(seconds: u64) -> Vec<ProducedRecord> {
    (0..seconds * 9)
        .map(|i| {
            record_at(
                &format!("k{i}"),
                i * 1000 / 9,
                vec![b'x'; 100 * 1024],
                i as usize,
            )
        })
        .collect()
}

/// "The event source mapping shares read throughput with other consumers of the shard" (Lambda
/// developer guide), and "Each shard can support up to a maximum total data read rate of 2 MiB per
/// second via GetRecords" (Kinesis quotas). Putting about 900 KB/s: alone, the mapping keeps up;
/// with two other consumers its share, about 700 KB/s, falls behind and IteratorAge grows.
#[test]
fn two_other_consumers_share_the_read_throughput_and_iterator_age_grows() {
    let records = steady_stream(20);
    let function = quick(50);
    let alone = one_shard(&records, &MappingConfig::default(), &function);
    let shared_mapping = MappingConfig {
        other_consumers: 2,
        ..MappingConfig::default()
    };
    let shared = one_shard(&records, &shared_mapping, &function);
    for simulation in [&alone, &shared] {
        assert!(
            simulation.outcomes.iter().all(|o| o.error.is_none()),
            "nothing throttled"
        );
    }
    let max_age = |s: &Simulation| s.insights.lag.max_iterator_age_ms[0];
    assert!(max_age(&alone) <= 1_100, "alone: {} ms", max_age(&alone));
    assert!(max_age(&shared) >= 4_000, "shared: {} ms", max_age(&shared));
    // It grows: the later a batch, the older its records.
    let ages = shardlane::simulation::lag::iterator_age_series(&shared.mapping, 0);
    assert!(
        ages.last().unwrap().1 > ages[ages.len() / 4].1 + 2_000,
        "{ages:?}"
    );
    assert!(shared.mapping.read_stats[0].throughput_waits > 0);
    let finding = shared
        .insights
        .findings
        .iter()
        .find(|f| f.starts_with("Reading held records back on shardId-000000000000"))
        .unwrap_or_else(|| {
            panic!(
                "no finding names the read limit: {:#?}",
                shared.insights.findings
            )
        });
    assert!(finding.contains("shared by 3 consumers"), "{finding}");
}

/// "Enhanced fan-out consumers get a dedicated connection to each shard that doesn't impact other
/// applications reading from the stream. Stream consumers use HTTP/2 to reduce latency by pushing
/// records to Lambda" (Lambda developer guide). Pushed records need no poll, and other consumers
/// take nothing from it.
#[test]
fn enhanced_fan_out_removes_the_polling_wait_and_the_sharing() {
    let efo = MappingConfig {
        consumer: Consumer::EnhancedFanOut,
        other_consumers: 2,
        ..MappingConfig::default()
    };
    let records = [
        record_at("a", 0, b"1".to_vec(), 0),
        record_at("b", 1, b"2".to_vec(), 1),
    ];
    let simulation = one_shard(&records, &efo, &quick(100));
    let batches = &simulation.mapping.batches;
    assert_eq!(
        batches[1].ready_ms, 100,
        "b is read at 1 ms and waits only for the lane"
    );
    assert_eq!(simulation.mapping.read_ms, vec![0, 1]);

    let steady = steady_stream(20);
    let pushed = one_shard(&steady, &efo, &quick(50));
    let arrivals: Vec<u64> = steady.iter().map(|r| r.arrival_ms).collect();
    assert_eq!(
        pushed.mapping.read_ms, arrivals,
        "2 MB/s of its own keeps up with the stream"
    );
    assert!(pushed.insights.lag.max_iterator_age_ms[0] <= 200);

    // Its own 2 MiB/s still paces a backlog: 1 MiB records are pushed half a second apart.
    let layout = StreamLayout::uniform(1).unwrap();
    let run = run_engine(&layout, &backlog(5, 1024 * 1024), &efo, &quick(10));
    assert_eq!(run.read_ms, vec![0, 500, 1_000, 1_500, 2_000]);
    assert_eq!(run.read_stats[0].throughput_waits, 4);
}

/// The CLI takes the consumer settings: a record put half a second after a poll waits 500 ms to
/// be read with a standard iterator and none with enhanced fan-out; other consumers past the
/// model's bound are refused with the core's message.
#[test]
fn the_cli_reads_with_enhanced_fan_out_or_shares_with_other_consumers() {
    let producer = temp_file(
        "reading_scenarios.sh",
        "aws kinesis put-record --stream-name my-stream --partition-key a --data MQ==\n\
         sleep 0.5\n\
         aws kinesis put-record --stream-name my-stream --partition-key b --data Mg==\n",
    );
    let summary = |extra: &[&str]| {
        let output = shardlane_command()
            .args(["simulate", "--summary"])
            .args(extra)
            .arg(&producer)
            .output()
            .unwrap();
        assert_eq!(lines(&output).len(), 2);
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let polled = summary(&[]);
    assert!(
        polled.contains("longest wait to be read 500 ms"),
        "{polled}"
    );
    let pushed = summary(&["--enhanced-fan-out", "--other-consumers", "4"]);
    assert!(pushed.contains("longest wait to be read 0 ms"), "{pushed}");
    let shared = summary(&["--other-consumers", "9"]);
    // 10 readers: one read every 2 s each, so the second record waits 1.5 s for the next poll.
    assert!(shared.contains("longest wait to be read 1 s"), "{shared}");
    let refused = shardlane_command()
        .args(["simulate", "--other-consumers", "20"])
        .arg(&producer)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("'otherConsumers'") && message.contains("less than or equal to 19"),
        "{message}"
    );
}

/// "Consumers (and Lambda) finish a parent shard before reading its children" (SEMANTICS, DOC),
/// and "Each read transaction can provide up to 10,000 records" (Kinesis quotas): a child shard
/// whose parent kept failing for half a minute starts reading 25,000 records that piled up, three
/// GetRecords calls 200 ms apart, and the read statistics say so.
#[test]
fn a_child_shard_reads_the_backlog_its_parent_held_back_in_capped_calls() {
    use shardlane::mapping::engine::{run_with_failures, EntryRules};
    use shardlane::mapping::failures::{Attempts, FailureEffect};
    let layout = StreamLayout::uniform(1)
        .unwrap()
        .split_in_half("shardId-000000000000")
        .unwrap();
    let child = layout.index_of("shardId-000000000001").unwrap();
    // One record in the parent, then 1,000 records a second in one child for 25 s.
    let mut entries = vec![StreamEntry {
        shard: 0,
        partition_hash: HashKey::from_partition_key("poison"),
        arrival_ms: 0,
        event_bytes: 300,
        record_bytes: 10,
    }];
    entries.extend((0..25_000u64).map(|i| StreamEntry {
        shard: child,
        partition_hash: HashKey::from_partition_key("one-key"),
        arrival_ms: i / 1000 * 1000,
        event_bytes: 300,
        record_bytes: 10,
    }));
    let mut rule_of = vec![None; entries.len()];
    rule_of[0] = Some((FailureEffect::Error, Attempts::First(2)));
    let rules = EntryRules {
        rule_of,
        random: None,
    };
    let function = FunctionModel {
        retry_delay_ms: 15_000,
        ..quick(10)
    };
    let mapping = MappingConfig {
        batch_size: 10_000,
        ..MappingConfig::default()
    };
    let origin = EventSource::default().clock_origin_ms;
    let run = run_with_failures(&layout, &entries, &mapping, &function, &rules, origin);
    // The parent succeeds on its third try: 0 + 10, then 15 s, then 30 s later.
    let parent_done = run
        .batches
        .iter()
        .filter(|b| b.shard == 0)
        .map(|b| b.end_ms)
        .max()
        .unwrap();
    assert_eq!(parent_done, 10 + 15_000 + 10 + 30_000 + 10);
    let child_reads: Vec<u64> = {
        let mut times: Vec<u64> = run.read_ms[1..].to_vec();
        times.dedup();
        times
    };
    assert_eq!(
        child_reads,
        vec![parent_done, parent_done + 200, parent_done + 400]
    );
    let stats = run.read_stats[child];
    assert_eq!((stats.capped_polls, stats.max_backlog_wait_ms), (2, 400));
}
