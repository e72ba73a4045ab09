//! Uniform layouts and key → shard placements match what AWS really does (tests/vectors/aws.json
//! and the ground-truth vectors of SEMANTICS.md).

use crate::support::{aws_vectors, key, shard_id_of};
use shardlane::layout::StreamLayout;
use shardlane::limits::validate_put_calls;
use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
use shardlane::record::{ProducedRecord, PutApi};
use shardlane::{simulate, HashKey, Router, SimulationInput};

#[test]
fn uniform_layouts_match_aws_for_every_vector() {
    let vectors = aws_vectors();
    for group in ["uniform_layouts_observed", "uniform_layouts_formula"] {
        for (count, shards) in vectors[group].as_object().unwrap() {
            let layout = StreamLayout::uniform(count.parse().unwrap()).unwrap();
            let expected = shards.as_array().unwrap();
            assert_eq!(layout.shards.len(), expected.len(), "{group} N={count}");
            for (shard, want) in layout.shards.iter().zip(expected) {
                assert_eq!(shard.id, want["ShardId"], "{group} N={count}");
                assert_eq!(
                    shard.range.start,
                    key(want["HashKeyRange"]["StartingHashKey"].as_str().unwrap())
                );
                assert_eq!(
                    shard.range.end,
                    key(want["HashKeyRange"]["EndingHashKey"].as_str().unwrap())
                );
            }
            assert!(layout.coverage_problems().is_empty());
        }
    }
}

#[test]
fn partition_keys_land_on_the_shards_aws_chose() {
    let vectors = aws_vectors();
    let three = StreamLayout::uniform(3).unwrap();
    for (partition_key, shard) in vectors["partition_key_to_shard_3_shards_observed"]
        .as_object()
        .unwrap()
    {
        let want = format!("shardId-{:012}", shard.as_u64().unwrap());
        assert_eq!(
            shard_id_of(&three, HashKey::from_partition_key(partition_key)),
            want,
            "{partition_key}"
        );
    }
    for (partition_key, shard_id) in vectors["seed_example_3_shards"].as_object().unwrap() {
        assert_eq!(
            shard_id_of(&three, HashKey::from_partition_key(partition_key)),
            *shard_id,
            "{partition_key}"
        );
    }
}

#[test]
fn md5_hash_keys_match_aws_vectors() {
    for (partition_key, want) in aws_vectors()["md5_hash_keys"].as_object().unwrap() {
        let hash_key = HashKey::from_partition_key(partition_key);
        assert_eq!(hash_key.to_hex(), want["md5_hex"], "{partition_key:?}");
        assert_eq!(hash_key.to_string(), want["hash_key"], "{partition_key:?}");
    }
}

#[test]
fn explicit_hash_keys_route_and_reject_like_aws() {
    let vectors = aws_vectors();
    let three = StreamLayout::uniform(3).unwrap();
    for (explicit, shard) in vectors["explicit_hash_key_3_shards_observed"]
        .as_object()
        .unwrap()
    {
        let hash_key = HashKey::parse_explicit(explicit).unwrap();
        assert_eq!(
            shard_id_of(&three, hash_key),
            format!("shardId-{:012}", shard.as_u64().unwrap())
        );
    }
    for rejected in vectors["explicit_hash_key_rejected"].as_array().unwrap() {
        let text = rejected.as_str().unwrap();
        let error = HashKey::parse_explicit(text).unwrap_err();
        let expected = if text == "340282366920938463463374607431768211456" {
            "InvalidArgumentException"
        } else {
            "ValidationException"
        };
        assert_eq!(error.aws_code(), expected, "{text:?}");
    }
}

#[test]
fn an_explicit_hash_key_of_2_pow_128_rejects_the_whole_put_records_request() {
    let mut records: Vec<ProducedRecord> = ["a", "b", "c"]
        .iter()
        .map(|k| ProducedRecord {
            api: PutApi::PutRecords,
            ..ProducedRecord::new(*k, b"x".to_vec())
        })
        .collect();
    records[2].explicit_hash_key = Some("340282366920938463463374607431768211456".into());
    let errors = validate_put_calls(&records);
    assert_eq!(errors.len(), records.len());
    for error in &errors {
        let error = error.as_ref().expect("every entry of the request fails");
        assert_eq!(error.code, "InvalidArgumentException");
        assert_eq!(
            error.message,
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. \
             Specified value was 340282366920938463463374607431768211456"
        );
    }
}

/// Two PutRecords calls: the first carries one entry with ExplicitHashKey 2^128, the second is
/// clean. AWS refuses the first call as a whole and accepts the second.
#[test]
fn simulate_refuses_the_whole_request_and_only_that_request() {
    let call = |put_call: usize, keys: &[&str]| -> Vec<ProducedRecord> {
        keys.iter()
            .map(|k| ProducedRecord {
                api: PutApi::PutRecords,
                put_call,
                ..ProducedRecord::new(*k, b"payload".to_vec())
            })
            .collect()
    };
    let mut records = call(0, &["a", "b", "e", "f"]);
    records[1].explicit_hash_key = Some("340282366920938463463374607431768211456".into());
    records.extend(call(1, &["a", "b", "e", "f"]));
    let layout = StreamLayout::uniform(3).unwrap();
    let simulation = simulate(&SimulationInput::new(
        &records,
        &layout,
        &MappingConfig::default(),
        &FunctionModel::default(),
        &EventSource::default(),
    ));
    for outcome in &simulation.outcomes[..4] {
        let error = outcome.error.as_ref().expect("the first call is refused");
        assert_eq!(error.code, "InvalidArgumentException");
        assert_eq!(
            (outcome.shard, outcome.batch, &outcome.sequence_number),
            (None, None, &None),
            "a refused record never reaches a shard"
        );
    }
    let three = Router::new(&layout);
    for (record, outcome) in records[4..].iter().zip(&simulation.outcomes[4..]) {
        assert_eq!(outcome.error, None);
        assert_eq!(
            outcome.shard,
            three.route(HashKey::from_partition_key(&record.partition_key))
        );
        assert!(outcome.batch.is_some() && outcome.sequence_number.is_some());
    }
    assert_eq!(simulation.insights.rejected_records, 4);
    assert_eq!(
        simulation
            .mapping
            .batches
            .iter()
            .map(|b| b.records.len())
            .sum::<usize>(),
        4
    );
}

#[test]
fn a_pattern_violation_is_reported_before_the_range() {
    // Both problems in one request: AWS validates the request shape first, so the whole call gets
    // the ValidationException, never the InvalidArgumentException.
    let mut records: Vec<ProducedRecord> = ["a", "b"]
        .iter()
        .map(|k| ProducedRecord {
            api: PutApi::PutRecords,
            ..ProducedRecord::new(*k, b"x".to_vec())
        })
        .collect();
    records[0].explicit_hash_key = Some("340282366920938463463374607431768211456".into());
    records[1].explicit_hash_key = Some("01".into());
    let errors = validate_put_calls(&records);
    for error in errors {
        let error = error.unwrap();
        assert_eq!(error.code, "ValidationException");
        assert!(
            error.message.contains("records.2.member.explicitHashKey"),
            "{}",
            error.message
        );
    }
}

/// The numbers written out in SEMANTICS.md's "Ground-truth vectors" section, independently of
/// aws.json (a typo in one of the two files would show here).
#[test]
fn the_vectors_written_in_semantics_md_hold() {
    const MAX: &str = "340282366920938463463374607431768211455";
    let range = |count: usize, shard: usize| {
        let layout = StreamLayout::uniform(count).unwrap();
        let range = layout.shards[shard].range;
        (range.start.to_string(), range.end.to_string())
    };
    assert_eq!(range(1, 0), ("0".into(), MAX.into()));
    assert_eq!(
        range(2, 0),
        ("0".into(), "170141183460469231731687303715884105727".into())
    );
    assert_eq!(range(2, 1).0, "170141183460469231731687303715884105728");
    assert_eq!(
        range(3, 0),
        ("0".into(), "113427455640312821154458202477256070484".into())
    );
    assert_eq!(
        range(3, 1),
        (
            "113427455640312821154458202477256070485".into(),
            "226854911280625642308916404954512140969".into()
        )
    );
    assert_eq!(
        range(3, 2),
        ("226854911280625642308916404954512140970".into(), MAX.into())
    );
    assert_eq!(range(5, 0).1, "68056473384187692692674921486353642290");
    assert_eq!(range(5, 4).0, "272225893536750770770699685945414569164");
    let three = StreamLayout::uniform(3).unwrap();
    for (partition_key, shard) in [("a", 0), ("b", 1), ("e", 2), ("f", 1)] {
        assert_eq!(
            shard_id_of(&three, HashKey::from_partition_key(partition_key)),
            format!("shardId-{shard:012}")
        );
    }
    for (explicit, shard) in [
        ("226854911280625642308916404954512140969", 1),
        ("226854911280625642308916404954512140970", 2),
        (MAX, 2),
    ] {
        assert_eq!(
            shard_id_of(&three, HashKey::parse_explicit(explicit).unwrap()),
            format!("shardId-{shard:012}")
        );
    }
    // The trap SEMANTICS.md warns about: `h * N / 2^128` puts shard 1's first key in shard 0.
    let first_of_one: u128 = 113427455640312821154458202477256070485;
    // Exactly: h * 3 = 2^128 - 1 < 2^128, so floor(h * 3 / 2^128) = 0.
    assert_eq!(
        first_of_one * 3,
        u128::MAX,
        "the formula really is wrong here"
    );
    assert_eq!(
        shard_id_of(&three, HashKey(first_of_one)),
        "shardId-000000000001"
    );
}

#[test]
fn a_broken_layout_routes_keys_in_an_overlap_to_the_lower_starting_shard() {
    // Pasted layouts may overlap (coverage_problems reports it); a key that an open shard holds
    // must still route, to the lower-starting shard as the router promises.
    let layout = StreamLayout::from_aws_json(
        r#"{"Shards": [
            {"ShardId": "shardId-000000000000", "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": "340282366920938463463374607431768211455"}},
            {"ShardId": "shardId-000000000001", "HashKeyRange": {"StartingHashKey": "100", "EndingHashKey": "200"}},
            {"ShardId": "shardId-000000000002", "HashKeyRange": {"StartingHashKey": "150", "EndingHashKey": "300"}}
        ]}"#,
    )
    .unwrap();
    assert_eq!(layout.coverage_problems().len(), 2);
    let router = Router::new(&layout);
    for key in [0u128, 99, 100, 160, 250, 301, u128::MAX] {
        assert_eq!(router.route(HashKey(key)), Some(0), "{key}");
    }
    let gapped = StreamLayout::from_aws_json(
        r#"{"Shards": [
            {"ShardId": "shardId-000000000000", "HashKeyRange": {"StartingHashKey": "10", "EndingHashKey": "100"}},
            {"ShardId": "shardId-000000000001", "HashKeyRange": {"StartingHashKey": "50", "EndingHashKey": "60"}},
            {"ShardId": "shardId-000000000002", "HashKeyRange": {"StartingHashKey": "200", "EndingHashKey": "340282366920938463463374607431768211455"}}
        ]}"#,
    )
    .unwrap();
    let router = Router::new(&gapped);
    let routes: Vec<Option<usize>> = [5u128, 10, 55, 70, 100, 101, 199, 200]
        .iter()
        .map(|&k| router.route(HashKey(k)))
        .collect();
    assert_eq!(
        routes,
        [
            None,
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            None,
            None,
            Some(2)
        ]
    );
}

#[test]
fn the_first_key_of_each_shard_is_in_that_shard_for_many_counts() {
    // The trap of `h * N / 2^128`: boundaries must come from the layout itself.
    for count in [1, 2, 3, 5, 7, 10, 64, 100, 999, 10_000] {
        let layout = StreamLayout::uniform(count).unwrap();
        for shard in layout.shards.iter().step_by((count / 50).max(1)) {
            assert_eq!(
                shard_id_of(&layout, shard.range.start),
                shard.id,
                "N={count}"
            );
            assert_eq!(shard_id_of(&layout, shard.range.end), shard.id, "N={count}");
        }
    }
}
