//! What AWS publishes about DynamoDB Streams shards holds in the model, for any writes: every key
//! is in exactly one open shard at any instant (so in at most one of a set of siblings); a parent
//! closes when its children open; one primary key's records stay in one shard or move to a
//! descendant, in write order; the mapping finishes a parent's batches before a child's start,
//! so one partition key's records are processed in write order across rollovers and splits.

use proptest::prelude::*;
use shardlane::dynamodb::{
    parse_writes, simulate_dynamodb, DynamoDbInput, DynamoDbSimulation, ShardModel,
    TableDefinition, TimeToLive,
};
use shardlane::mapping::engine::RecordFate;
use shardlane::mapping::{EventSource, FailureRules, FunctionModel, MappingConfig};
use std::collections::BTreeSet;

const TABLE: &str = r#"{"Table": {"TableName": "events",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}}}"#;

/// One line of writes: 0 put, 1 update, 2 delete, 3 sleep.
fn line(kind: u8, pk: &str, sk: u8, n: u16, sleep_ms: u32) -> String {
    let key = format!(r#""pk": {{"S": "{pk}"}}, "sk": {{"N": "{sk}"}}"#);
    match kind {
        0 => format!(
            r#"{{"PutItem": {{"Item": {{{key}, "v": {{"N": "{n}"}}, "ttl": {{"N": "{}"}}}}}}}}"#,
            1_767_225_600 + u64::from(n)
        ),
        1 => format!(
            r#"{{"UpdateItem": {{"Key": {{{key}}}, "UpdateExpression": "ADD v :n", "ExpressionAttributeValues": {{":n": {{"N": "{n}"}}}}}}}}"#
        ),
        2 => format!(r#"{{"DeleteItem": {{"Key": {{{key}}}}}}}"#),
        _ => format!(
            r#"{{"Sleep": {{"Seconds": {}}}}}"#,
            f64::from(sleep_ms) / 1000.0
        ),
    }
}

fn writes_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec((0u8..4, "[a-e]", 0u8..3, 1u16..400, 0u32..400_000), 1..120).prop_map(
        |lines| {
            lines
                .into_iter()
                .map(|(kind, pk, sk, n, sleep)| line(kind, &pk, sk, n, sleep))
                .collect::<Vec<_>>()
                .join("\n")
        },
    )
}

fn run(writes: &str, model: &ShardModel, mapping: &MappingConfig, ttl: bool) -> DynamoDbSimulation {
    let table = TableDefinition::from_describe_table_json(TABLE).unwrap();
    let calls = parse_writes(writes).unwrap();
    let ttl = TimeToLive {
        attribute: ttl.then(|| "ttl".to_string()),
        delay_seconds: 0,
    };
    let (function, failures, source) = (
        FunctionModel::default(),
        FailureRules::default(),
        EventSource::default(),
    );
    simulate_dynamodb(&DynamoDbInput {
        table: &table,
        calls: &calls,
        ttl: &ttl,
        shards: model,
        mapping,
        function: &function,
        failures: &failures,
        source: &source,
    })
}

fn ancestors(simulation: &DynamoDbSimulation, mut shard: usize) -> Vec<usize> {
    let mut found = Vec::new();
    while let Some(parent) = simulation.shards.shards[shard].parent {
        found.push(parent);
        shard = parent;
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn aws_published_shard_rules_hold(
        writes in writes_strategy(),
        partitions in 1usize..5,
        rollover_seconds in 60u64..600,
        split_write_units in 1u32..6,
        batch_size in 1u32..8,
        parallelization_factor in 1u32..4,
        ttl in any::<bool>(),
    ) {
        let model = ShardModel { partitions, rollover_seconds, split_write_units };
        let mapping = MappingConfig { batch_size, parallelization_factor, ..MappingConfig::default() };
        let sim = run(&writes, &model, &mapping, ttl);
        let shards = &sim.shards.shards;
        let changes = &sim.table_run.changes;

        // A parent closes exactly when each child opens; children are listed after parents.
        for (index, shard) in shards.iter().enumerate() {
            if let Some(parent) = shard.parent {
                prop_assert!(parent < index);
                prop_assert_eq!(shards[parent].closed_ms, Some(shard.opened_ms));
            }
        }
        // At every instant that matters, every key is in exactly one open shard.
        let mut instants: BTreeSet<u64> = changes.iter().map(|c| c.at_ms).collect();
        instants.extend(shards.iter().flat_map(|s| [Some(s.opened_ms), s.closed_ms]).flatten());
        let hashes: BTreeSet<_> = sim.records.iter().map(|r| r.partition_hash).collect();
        for &t in &instants {
            let open: Vec<usize> = sim.shards.open_at(t).collect();
            for hash in &hashes {
                let holding = open.iter().filter(|&&s| shards[s].range.contains(*hash)).count();
                prop_assert_eq!(holding, 1, "key hash {} at {} ms", hash, t);
            }
        }
        // Each record is in a shard open at its time that holds its key.
        for (record, change) in sim.records.iter().zip(changes) {
            prop_assert!(sim.shards.open_at(change.at_ms).any(|s| s == record.shard));
            prop_assert!(shards[record.shard].range.contains(record.partition_hash));
        }
        // One primary key: the same shard in sequence order, or a descendant.
        for i in 0..changes.len() {
            for j in i + 1..changes.len() {
                if changes[i].keys != changes[j].keys {
                    continue;
                }
                let (a, b) = (&sim.records[i], &sim.records[j]);
                prop_assert!(a.sequence_number < b.sequence_number);
                prop_assert!(a.shard == b.shard || ancestors(&sim, b.shard).contains(&a.shard),
                    "records {} and {} of one key: shard {} then {}", i, j, a.shard, b.shard);
            }
        }
        // Parents before children: every batch of a shard starts after its ancestors' batches end.
        let batches = &sim.mapping.batches;
        for batch in batches {
            let before = ancestors(&sim, batch.shard);
            for earlier in batches.iter().filter(|b| before.contains(&b.shard)) {
                prop_assert!(earlier.end_ms <= batch.start_ms);
            }
        }
        // Every record is processed once, and one partition key's records in write order.
        for record in &sim.records {
            prop_assert_eq!(record.fate, RecordFate::Processed);
            prop_assert_eq!(record.deliveries, 1);
        }
        for i in 0..sim.records.len() {
            for j in i + 1..sim.records.len() {
                let (a, b) = (&sim.records[i], &sim.records[j]);
                if a.partition_key != b.partition_key {
                    continue;
                }
                let (x, y) = (a.batch.unwrap(), b.batch.unwrap());
                if x == y {
                    let order = &batches[x].records;
                    let position = |r| order.iter().position(|&e| e == r).unwrap();
                    prop_assert!(position(i) < position(j));
                } else {
                    prop_assert!(batches[x].end_ms <= batches[y].start_ms,
                        "records {} and {} of key {}: batch {} ends after batch {} starts", i, j, a.partition_key, x, y);
                }
            }
        }
    }
}

#[test]
fn a_burst_splits_the_partition_and_rollovers_continue_the_lineage() {
    // 30 writes of 1 KB+ in one second to one partition key on a 1-partition table: the partition
    // splits at the end of that second; 5 hours later the children have rolled over.
    let big = "x".repeat(1100);
    let mut lines: Vec<String> = (0..30)
        .map(|i| format!(r#"{{"PutItem": {{"Item": {{"pk": {{"S": "k{i}"}}, "sk": {{"N": "1"}}, "b": {{"S": "{big}"}}}}}}}}"#))
        .collect();
    lines.push(r#"{"Sleep": {"Seconds": 18000}}"#.into());
    lines.push(r#"{"PutItem": {"Item": {"pk": {"S": "k0"}, "sk": {"N": "2"}}}}"#.into());
    let model = ShardModel {
        partitions: 1,
        split_write_units: 40,
        ..ShardModel::default()
    };
    let sim = run(&lines.join("\n"), &model, &MappingConfig::default(), false);
    let shards = &sim.shards.shards;
    assert_eq!(shards[0].closed_ms, Some(1000));
    assert_eq!((shards[1].parent, shards[2].parent), (Some(0), Some(0)));
    let last = sim.records.last().unwrap();
    let lineage = ancestors(&sim, last.shard);
    assert_eq!(
        lineage.last(),
        Some(&0),
        "the last record's shard descends from the first"
    );
    assert!(lineage.len() >= 2, "a split, then a rollover: {lineage:?}");
}
