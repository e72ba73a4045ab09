//! SplitShard, MergeShards and UpdateShardCount produce AWS's lineage and ranges, refuse what AWS
//! refuses, and list-shards/describe-stream JSON reads back into the same layout.

use crate::support::{aws_vectors, key};
use shardlane::layout::{CoverageProblem, HashRange, StreamLayout};
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
    let listed = split.to_list_shards_json();
    assert!(
        listed["Shards"][0]["SequenceNumberRange"]["EndingSequenceNumber"].is_string(),
        "list-shards shows the closed parent with an EndingSequenceNumber"
    );
    assert!(listed["Shards"][1]["SequenceNumberRange"]
        .get("EndingSequenceNumber")
        .is_none());
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

    // The same bounds on a shard that does not start at 0: shard 2 of three.
    let three = StreamLayout::uniform(3).unwrap();
    let start = three.shards[2].range.start.0;
    for refused in [start, start + 1, u128::MAX] {
        let error = three
            .split("shardId-000000000002", HashKey(refused))
            .unwrap_err();
        assert_eq!(error.code, "InvalidArgumentException", "{refused}");
    }
    let split = three
        .split("shardId-000000000002", HashKey(start + 2))
        .unwrap();
    let children: Vec<(&str, u128, u128)> = split.shards[3..]
        .iter()
        .map(|s| (s.id.as_str(), s.range.start.0, s.range.end.0))
        .collect();
    assert_eq!(
        children,
        [
            ("shardId-000000000003", start, start + 1),
            ("shardId-000000000004", start + 2, u128::MAX)
        ]
    );
    let last_allowed = three
        .split("shardId-000000000002", HashKey(u128::MAX - 1))
        .unwrap();
    assert_eq!(
        last_allowed.shards[4].range,
        HashRange {
            start: HashKey(u128::MAX - 1),
            end: HashKey::MAX
        }
    );
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

/// AWS's observed UpdateShardCount 4 → 8: shards 7..14 in hash order at multiples of 2^125, each
/// a child of the old shard that held its range, and shards 3..6 closed.
fn assert_four_to_eight_matches_aws(scaled: &StreamLayout) {
    let step: u128 = 42535295865117307932921825928971026432;
    assert_eq!(step, 1 << 125);
    let open = scaled.open_shard_indices();
    let ids: Vec<&str> = open.iter().map(|&i| scaled.shards[i].id.as_str()).collect();
    let expected: Vec<String> = (7..=14).map(|n| format!("shardId-{n:012}")).collect();
    assert_eq!(ids, expected);
    for (k, &index) in open.iter().enumerate() {
        let shard = &scaled.shards[index];
        let k = k as u128;
        assert_eq!(shard.range.start, HashKey(k * step), "{}", shard.id);
        let end = if k == 7 {
            HashKey::MAX
        } else {
            HashKey((k + 1) * step - 1)
        };
        assert_eq!(shard.range.end, end, "{}", shard.id);
        let parent = scaled.index_of(shard.parent.as_deref().expect("a child names its parent"));
        let parent = &scaled.shards[parent.expect("the parent is listed")];
        assert!(parent.closed);
        assert!(
            parent.range.contains(shard.range.start) && parent.range.contains(shard.range.end),
            "{} lies inside its parent {}",
            shard.id,
            parent.id
        );
    }
    let closed: Vec<&str> = scaled
        .shards
        .iter()
        .filter(|s| s.closed)
        .map(|s| s.id.as_str())
        .collect();
    assert!(closed.ends_with(&[
        "shardId-000000000003",
        "shardId-000000000004",
        "shardId-000000000005",
        "shardId-000000000006"
    ]));
    assert_eq!(scaled.next_shard_number(), 15);
    assert!(scaled.coverage_problems().is_empty());
}

/// One shard split into 1 and 2, then each of those split again: open shards 3..6.
fn quarters_by_three_splits() -> StreamLayout {
    StreamLayout::uniform(1)
        .unwrap()
        .split_in_half("shardId-000000000000")
        .unwrap()
        .split_in_half("shardId-000000000001")
        .unwrap()
        .split_in_half("shardId-000000000002")
        .unwrap()
}

#[test]
fn update_shard_count_four_to_eight_after_splits_opens_seven_to_fourteen() {
    // One shard split into 1 and 2, then each of those split again: open shards 3..6, the four
    // quarters of the hash space in hash order.
    let layout = quarters_by_three_splits();
    assert_eq!(
        layout.open_shard_indices(),
        [3, 4, 5, 6],
        "the open shards are 3..6, in hash order"
    );
    assert_four_to_eight_matches_aws(&layout.update_shard_count(8).unwrap());
}

#[test]
fn update_shard_count_four_to_eight_on_a_pasted_list_shards_layout() {
    // What `aws kinesis list-shards` prints for a stream whose open shards are 3..6 (closed shards
    // 0..2 have an EndingSequenceNumber; the ranges are the quarters of the hash space).
    const Q1: &str = "85070591730234615865843651857942052864";
    const Q2: &str = "170141183460469231731687303715884105728";
    const Q3: &str = "255211775190703847597530955573826158592";
    const MAX: &str = "340282366920938463463374607431768211455";
    let shard = |id: u32, parent: Option<u32>, start: &str, end: &str, closed: bool| {
        let mut value = serde_json::json!({
            "ShardId": format!("shardId-{id:012}"),
            "HashKeyRange": {"StartingHashKey": start, "EndingHashKey": end},
            "SequenceNumberRange": {"StartingSequenceNumber": "49000000000000000000000000000000000000000000000000000000"},
        });
        if let Some(parent) = parent {
            value["ParentShardId"] = format!("shardId-{parent:012}").into();
        }
        if closed {
            value["SequenceNumberRange"]["EndingSequenceNumber"] =
                "49999999999999999999999999999999999999999999999999999999".into();
        }
        value
    };
    let minus_one = |text: &str| (text.parse::<u128>().unwrap() - 1).to_string();
    let listed = serde_json::json!({"Shards": [
        shard(0, None, "0", MAX, true),
        shard(1, Some(0), "0", &minus_one(Q2), true),
        shard(2, Some(0), Q2, MAX, true),
        shard(3, Some(1), "0", &minus_one(Q1), false),
        shard(4, Some(1), Q1, &minus_one(Q2), false),
        shard(5, Some(2), Q2, &minus_one(Q3), false),
        shard(6, Some(2), Q3, MAX, false),
    ]});
    let layout =
        StreamLayout::from_aws_json(&serde_json::to_string_pretty(&listed).unwrap()).unwrap();
    assert!(layout.coverage_problems().is_empty());
    assert_eq!(layout.open_shard_count(), 4);
    // The same stream as three split_in_half calls make it.
    let split = quarters_by_three_splits();
    assert_eq!(layout.shards, split.shards);
    assert_four_to_eight_matches_aws(&layout.update_shard_count(8).unwrap());
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
