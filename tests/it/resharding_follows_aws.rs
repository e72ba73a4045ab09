//! SplitShard, MergeShards and UpdateShardCount produce AWS's lineage and ranges, refuse what AWS
//! refuses, and list-shards/describe-stream JSON reads back into the same layout.

use crate::support::{aws_vectors, key};
use shardlane::layout::{CoverageProblem, StreamLayout};
use shardlane::router::keys_moved;
use shardlane::HashKey;

#[test]
fn split_then_merge_matches_the_observed_vectors() {
    let vectors = aws_vectors();
    let one = StreamLayout::uniform(1).unwrap();
    let split = one
        .split(
            "shardId-000000000000",
            key("170141183460469231731687303715884105728"),
        )
        .unwrap();
    let observed = &vectors["split_1_shard_at_half_observed"];
    assert!(split.shards[0].closed, "the parent closes");
    assert_eq!(split.shards[0].id, observed["parent_closed"]);
    for (child, want) in split.shards[1..]
        .iter()
        .zip(observed["children"].as_array().unwrap())
    {
        assert_eq!(child.id, want["ShardId"]);
        assert_eq!(child.parent.as_deref(), want["ParentShardId"].as_str());
        assert_eq!(
            child.range.start,
            key(want["HashKeyRange"]["StartingHashKey"].as_str().unwrap())
        );
        assert_eq!(
            child.range.end,
            key(want["HashKeyRange"]["EndingHashKey"].as_str().unwrap())
        );
    }
    let merged = split
        .merge("shardId-000000000001", "shardId-000000000002")
        .unwrap();
    let want = &vectors["merge_1_and_2_observed"];
    let child = merged.shards.last().unwrap();
    assert_eq!(child.id, want["ShardId"]);
    assert_eq!(child.parent.as_deref(), want["ParentShardId"].as_str());
    assert_eq!(
        child.adjacent_parent.as_deref(),
        want["AdjacentParentShardId"].as_str()
    );
    assert_eq!(
        (child.range.start, child.range.end),
        (HashKey(0), HashKey::MAX)
    );
    assert_eq!(merged.open_shard_count(), 1);
    assert!(merged.coverage_problems().is_empty());
}

#[test]
fn split_refuses_a_new_starting_hash_key_of_one_and_accepts_two() {
    let one = StreamLayout::uniform(1).unwrap();
    let refused = one.split("shardId-000000000000", HashKey(1)).unwrap_err();
    assert_eq!(refused.code, "InvalidArgumentException");
    assert!(
        refused.message.contains("NewStartingHashKey 1"),
        "{}",
        refused.message
    );
    let split = one.split("shardId-000000000000", HashKey(2)).unwrap();
    assert_eq!(
        (split.shards[1].range.start, split.shards[1].range.end),
        (HashKey(0), HashKey(1))
    );
    assert_eq!(
        (split.shards[2].range.start, split.shards[2].range.end),
        (HashKey(2), HashKey::MAX)
    );
    let at_end = one.split("shardId-000000000000", HashKey::MAX).unwrap_err();
    assert_eq!(at_end.code, "InvalidArgumentException");
}

#[test]
fn closed_unknown_and_non_adjacent_shards_are_refused() {
    let split = StreamLayout::uniform(1)
        .unwrap()
        .split_in_half("shardId-000000000000")
        .unwrap();
    assert_eq!(
        split
            .split_in_half("shardId-000000000000")
            .unwrap_err()
            .code,
        "InvalidArgumentException"
    );
    assert_eq!(
        split
            .split_in_half("shardId-000000000099")
            .unwrap_err()
            .code,
        "ResourceNotFoundException"
    );
    let four = StreamLayout::uniform(4).unwrap();
    let error = four
        .merge("shardId-000000000000", "shardId-000000000002")
        .unwrap_err();
    assert!(
        error.message.contains("not an adjacent pair"),
        "{}",
        error.message
    );
    // ShardToMerge must be the lower range.
    assert!(four
        .merge("shardId-000000000001", "shardId-000000000000")
        .is_err());
}

#[test]
fn update_shard_count_four_to_eight_closes_three_to_six_and_opens_seven_to_fourteen() {
    // A stream whose open shards are 3..6: two shards, each split, then re-merged into four.
    let layout = StreamLayout::uniform(2).unwrap();
    let layout = layout.split_in_half("shardId-000000000000").unwrap(); // 2, 3
    let layout = layout.split_in_half("shardId-000000000001").unwrap(); // 4, 5
    let layout = layout
        .merge("shardId-000000000002", "shardId-000000000003")
        .unwrap(); // 6
    let layout = layout
        .merge("shardId-000000000004", "shardId-000000000005")
        .unwrap(); // 7
    let layout = layout.update_shard_count(4).unwrap(); // 8..11
    let before: Vec<&str> = layout
        .open_shard_indices()
        .iter()
        .map(|&i| layout.shards[i].id.as_str())
        .collect();
    assert_eq!(
        before,
        [
            "shardId-000000000008",
            "shardId-000000000009",
            "shardId-000000000010",
            "shardId-000000000011"
        ]
    );

    let text = serde_json::to_string(&layout.to_list_shards_json()).unwrap();
    // Renumber to AWS's observed state: open shards 3..6 and nothing numbered above them.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let shards = json["Shards"].as_array_mut().unwrap();
    shards.retain(|s| {
        s["SequenceNumberRange"]
            .get("EndingSequenceNumber")
            .is_none()
    });
    for (i, shard) in shards.iter_mut().enumerate() {
        shard["ShardId"] = serde_json::Value::String(format!("shardId-{:012}", 3 + i));
        shard.as_object_mut().unwrap().remove("ParentShardId");
    }
    let observed = StreamLayout::from_aws_json(&json.to_string()).unwrap();
    let scaled = observed.update_shard_count(8).unwrap();
    let step: u128 = 42535295865117307932921825928971026432;
    let open = scaled.open_shard_indices();
    assert_eq!(open.len(), 8);
    for (k, &index) in open.iter().enumerate() {
        let shard = &scaled.shards[index];
        assert_eq!(shard.id, format!("shardId-{:012}", 7 + k));
        assert_eq!(shard.range.start, HashKey(k as u128 * step));
    }
    assert!(scaled
        .shards
        .iter()
        .filter(|s| s.number().unwrap() <= 6)
        .all(|s| s.closed));
    assert!(scaled.coverage_problems().is_empty());
}

#[test]
fn update_shard_count_keeps_to_half_and_double() {
    let four = StreamLayout::uniform(4).unwrap();
    assert!(four
        .update_shard_count(9)
        .unwrap_err()
        .message
        .contains("scale up over double"));
    assert!(four
        .update_shard_count(1)
        .unwrap_err()
        .message
        .contains("scale down below half"));
    assert_eq!(four.update_shard_count(2).unwrap().open_shard_count(), 2);
    assert_eq!(four.update_shard_count(3).unwrap().open_shard_count(), 3);
}

#[test]
fn list_shards_and_describe_stream_json_read_back() {
    let layout = StreamLayout::uniform(3)
        .unwrap()
        .split_in_half("shardId-000000000001")
        .unwrap();
    let listed = serde_json::to_string_pretty(&layout.to_list_shards_json()).unwrap();
    let read = StreamLayout::from_aws_json(&listed).unwrap();
    assert_eq!(read.shards, layout.shards);
    let described = format!(
        r#"{{"StreamDescription": {{"StreamName": "orders", "Shards": {}}}}}"#,
        serde_json::to_string(&layout.to_list_shards_json()["Shards"]).unwrap()
    );
    let read = StreamLayout::from_aws_json(&described).unwrap();
    assert_eq!(read.stream_name, "orders");
    assert_eq!(read.shards, layout.shards);
}

#[test]
fn bad_layout_json_is_located_and_coverage_problems_are_listed() {
    let broken = StreamLayout::from_aws_json(
        "{\"Shards\": [\n  {\"ShardId\": \"shardId-000000000000\",}\n]}",
    )
    .unwrap_err();
    assert_eq!(broken.line, Some(2));
    let bad_key = StreamLayout::from_aws_json(
        r#"{"Shards": [{"ShardId": "shardId-000000000000", "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": "x"}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        bad_key.field.as_deref(),
        Some("Shards[0].HashKeyRange.EndingHashKey")
    );
    let gap = StreamLayout::from_aws_json(
        r#"{"Shards": [{"ShardId": "shardId-000000000000", "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": "10"}},
                       {"ShardId": "shardId-000000000001", "HashKeyRange": {"StartingHashKey": "20", "EndingHashKey": "340282366920938463463374607431768211455"}}]}"#,
    )
    .unwrap();
    assert_eq!(
        gap.coverage_problems(),
        vec![CoverageProblem::Gap {
            from: HashKey(11),
            to: HashKey(19)
        }]
    );
}

#[test]
fn keys_moved_counts_the_keys_that_change_shard() {
    let three = StreamLayout::uniform(3).unwrap();
    let keys: Vec<HashKey> = (0..3000)
        .map(|i| HashKey::from_partition_key(&i.to_string()))
        .collect();
    let same = keys_moved(&three, &three, &keys);
    assert_eq!((same.moved, same.hash_space_share), (0, 0.0));
    let four = three.update_shard_count(4).unwrap();
    let all = keys_moved(&three, &four, &keys);
    assert_eq!(
        all.moved,
        keys.len(),
        "every shard id changes under the model"
    );
    assert!((all.hash_space_share - 1.0).abs() < 1e-12);
    let split = three.split_in_half("shardId-000000000000").unwrap();
    let some = keys_moved(&three, &split, &keys);
    assert!(
        (some.hash_space_share - 1.0 / 3.0).abs() < 1e-9,
        "{}",
        some.hash_space_share
    );
    assert!(some.moved > 800 && some.moved < 1200, "{}", some.moved);
}
