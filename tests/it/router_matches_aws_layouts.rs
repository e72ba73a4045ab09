//! Uniform layouts and key → shard placements match what AWS really does (shared/vectors/aws.json
//! and the ground-truth vectors of SEMANTICS.md).

use crate::support::{aws_vectors, key, shard_id_of};
use shardlane::layout::StreamLayout;
use shardlane::limits::{validate_put_calls, ProducerLimits};
use shardlane::record::{ProducedRecord, PutApi};
use shardlane::HashKey;

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
    let records: Vec<ProducedRecord> = ["a", "b", "c"]
        .iter()
        .map(|k| ProducedRecord {
            api: PutApi::PutRecords,
            ..ProducedRecord::new(*k, b"x".to_vec())
        })
        .collect();
    let mut records = records;
    records[2].explicit_hash_key = Some("340282366920938463463374607431768211456".into());
    let errors = validate_put_calls(&records, &ProducerLimits::default());
    for error in &errors {
        let error = error.as_ref().expect("every entry of the request fails");
        assert_eq!(error.code, "InvalidArgumentException");
        assert_eq!(
            error.message,
            "ExplicitHashKey must be in the range: [0, 2^128-1]"
        );
    }
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
