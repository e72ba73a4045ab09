//! SplitShard, MergeShards and UpdateShardCount produce AWS's lineage and ranges, refuse what AWS
//! refuses, and list-shards/describe-stream JSON reads back into the same layout.

use crate::support::{aws_vectors, key};
use proptest::prelude::*;
use shardlane::layout::{CoverageProblem, HashRange, Shard, StreamLayout};
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
    let up = four.update_shard_count(9).unwrap_err();
    assert_eq!(up.code, "LimitExceededException");
    assert_eq!(
        up.message,
        "UpdateShardCount cannot scale up over double your current open shard count. \
         Current open shard count: 4 Target shard count: 9"
    );
    let down = four.update_shard_count(1).unwrap_err();
    assert_eq!(down.code, "LimitExceededException");
    assert_eq!(
        down.message,
        "UpdateShardCount cannot scale down below half your current open shard count. \
         Current open shard count: 4 Target shard count: 1"
    );
    let five = StreamLayout::uniform(5).unwrap();
    assert!(five.update_shard_count(3).is_ok(), "3 is not below 5 / 2");
    assert_eq!(
        five.update_shard_count(2).unwrap_err().code,
        "LimitExceededException"
    );
    let big = StreamLayout::uniform(6_000).unwrap();
    let over = big.update_shard_count(10_001).unwrap_err();
    assert_eq!(over.code, "LimitExceededException");
    assert!(over.message.contains("quota"), "{}", over.message);
    assert_eq!(
        four.update_shard_count(0).unwrap_err().code,
        "ValidationException"
    );
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

/// The open shards' numbers with their ranges in units of a uniform layout of `parts` shards:
/// `(number, first part, last part)`, exact (each boundary must be one of that layout's).
fn open_ranges_in(layout: &StreamLayout, parts: usize) -> Vec<(u64, usize, usize)> {
    let uniform = StreamLayout::uniform(parts).unwrap();
    let part = |key: HashKey, start: bool| {
        uniform
            .shards
            .iter()
            .position(|s| {
                if start {
                    s.range.start == key
                } else {
                    s.range.end == key
                }
            })
            .expect("a boundary of the uniform layout")
    };
    layout
        .open_shard_indices()
        .into_iter()
        .map(|i| {
            let shard = &layout.shards[i];
            (
                shard.number().unwrap(),
                part(shard.range.start, true),
                part(shard.range.end, false),
            )
        })
        .collect()
}

/// moto's `test_update_shard_count` (its totals "verified against AWS"): how many shards a
/// stream lists after UpdateShardCount from a fresh stream of `from` shards to `to`.
#[test]
fn update_shard_count_totals_match_the_ones_observed_on_aws() {
    for (from, to, total) in [
        (2, 4, 6),
        (4, 5, 15),
        (10, 13, 37),
        (4, 2, 6),
        (5, 3, 7),
        (10, 3, 17),
    ] {
        // 10 → 3 is below the default limit of half; AWS ran it for moto's authors all the same.
        let scaled = StreamLayout::uniform(from).unwrap().rescale(to).unwrap();
        assert_eq!(scaled.shards.len(), total, "{from} → {to}");
        if to * 2 >= from {
            assert_eq!(
                StreamLayout::uniform(from).unwrap().update_shard_count(to),
                Ok(scaled.clone())
            );
        }
        assert_eq!(scaled.open_shard_count(), to, "{from} → {to}");
        assert!(scaled.coverage_problems().is_empty(), "{from} → {to}");
    }
}

#[test]
fn five_to_three_merges_two_pairs_and_keeps_the_last_original_shard() {
    let scaled = StreamLayout::uniform(5)
        .unwrap()
        .update_shard_count(3)
        .unwrap();
    let open: Vec<&str> = scaled
        .open_shard_indices()
        .into_iter()
        .map(|i| scaled.shards[i].id.as_str())
        .collect();
    assert_eq!(
        open,
        [
            "shardId-000000000005",
            "shardId-000000000006",
            "shardId-000000000004"
        ]
    );
    let five = scaled.shards.iter().find(|s| s.id == open[0]).unwrap();
    assert_eq!(five.parent.as_deref(), Some("shardId-000000000000"));
    assert_eq!(
        five.adjacent_parent.as_deref(),
        Some("shardId-000000000001")
    );
    let six = scaled.shards.iter().find(|s| s.id == open[1]).unwrap();
    assert_eq!(
        (six.parent.as_deref(), six.adjacent_parent.as_deref()),
        (Some("shardId-000000000002"), Some("shardId-000000000003"))
    );
    // Final ranges: [0, 2/5), [2/5, 4/5), [4/5, 1): the original shard 4 untouched.
    let uniform = StreamLayout::uniform(5).unwrap();
    assert_eq!(five.range.start, uniform.shards[0].range.start);
    assert_eq!(five.range.end, uniform.shards[1].range.end);
    assert_eq!(six.range.start, uniform.shards[2].range.start);
    assert_eq!(six.range.end, uniform.shards[3].range.end);
    assert_eq!(scaled.shards[4].range, uniform.shards[4].range);
    // Keys on the untouched shard stay; every other key moves.
    let keys: Vec<HashKey> = (0..2000)
        .map(|i| HashKey::from_partition_key(&format!("k{i}")))
        .collect();
    let moved = keys_moved(&uniform, &scaled, &keys);
    let on_four = keys
        .iter()
        .filter(|k| uniform.shards[4].range.contains(**k))
        .count();
    assert_eq!(moved.moved, keys.len() - on_four);
    assert!((moved.hash_space_share - 0.8).abs() < 1e-9);
}

#[test]
fn ten_to_three_merges_in_two_rounds() {
    let scaled = StreamLayout::uniform(10).unwrap().rescale(3).unwrap();
    // Round one: 10..14 merge 0+1, 2+3, …, 8+9; round two: 15 = 10+11, 16 = 12+13; 14 stays.
    for (child, parents) in [
        (10, (0, 1)),
        (11, (2, 3)),
        (12, (4, 5)),
        (13, (6, 7)),
        (14, (8, 9)),
        (15, (10, 11)),
        (16, (12, 13)),
    ] {
        let shard = &scaled.shards[child];
        assert_eq!(shard.number(), Some(child as u64));
        assert_eq!(
            (shard.parent.clone(), shard.adjacent_parent.clone()),
            (
                Some(format!("shardId-{:012}", parents.0)),
                Some(format!("shardId-{:012}", parents.1))
            )
        );
    }
    assert_eq!(
        open_ranges_in(&scaled, 10),
        [(15, 0, 3), (16, 4, 7), (14, 8, 9)]
    );
}

#[test]
fn four_to_five_splits_all_then_merges_three_sibling_pairs() {
    let scaled = StreamLayout::uniform(4)
        .unwrap()
        .update_shard_count(5)
        .unwrap();
    // Splits: 0 → 4, 5; 1 → 6, 7; 2 → 8, 9; 3 → 10, 11. Merges: 12 = 4+5, 13 = 6+7, 14 = 8+9.
    assert_eq!(
        scaled.shards[4].parent.as_deref(),
        Some("shardId-000000000000")
    );
    assert_eq!(
        scaled.shards[11].parent.as_deref(),
        Some("shardId-000000000003")
    );
    assert_eq!(
        scaled.shards[14].adjacent_parent.as_deref(),
        Some("shardId-000000000009")
    );
    assert_eq!(
        open_ranges_in(&scaled, 8),
        [(12, 0, 1), (13, 2, 3), (14, 4, 5), (10, 6, 6), (11, 7, 7)]
    );
}

/// Every shard a layout names as a parent is listed and closed, and a child's range is its
/// parent's part (a split) or its two parents' union (a merge).
fn assert_lineage_holds(layout: &StreamLayout) -> Result<(), TestCaseError> {
    for shard in &layout.shards {
        let parents: Vec<&Shard> = [&shard.parent, &shard.adjacent_parent]
            .into_iter()
            .flatten()
            .map(|id| layout.index_of(id).map(|i| &layout.shards[i]))
            .collect::<Option<_>>()
            .ok_or_else(|| TestCaseError::fail(format!("{}: a parent is not listed", shard.id)))?;
        for parent in &parents {
            prop_assert!(parent.closed, "{}'s parent {} is open", shard.id, parent.id);
        }
        match parents.as_slice() {
            [] => {}
            [parent] => prop_assert!(
                parent.range.contains(shard.range.start) && parent.range.contains(shard.range.end),
                "{} is not inside its parent",
                shard.id
            ),
            [low, high] => {
                prop_assert_eq!(low.range.start, shard.range.start);
                prop_assert_eq!(high.range.end, shard.range.end);
                prop_assert_eq!(low.range.end.0 + 1, high.range.start.0);
            }
            _ => unreachable!(),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A grid of (from, to) on fresh streams: the open shards cover the hash space exactly, the
    /// lineage holds, and the total is what splitting all then merging pairs makes: 5·from − to
    /// to scale up, 2·from − to to scale down (so 4 → 5: 15, 5 → 3: 7, 10 → 3: 17 as on AWS).
    #[test]
    fn update_shard_count_on_a_grid_keeps_the_hash_space_partitioned(
        from in 1usize..=64,
        pick in any::<u64>(),
    ) {
        let lowest = from.div_ceil(2);
        let to = lowest + (pick as usize % (2 * from - lowest + 1));
        let scaled = StreamLayout::uniform(from).unwrap().update_shard_count(to).unwrap();
        prop_assert!(scaled.coverage_problems().is_empty());
        prop_assert_eq!(scaled.open_shard_count(), to);
        let total = match to.cmp(&from) {
            std::cmp::Ordering::Greater => 5 * from - to,
            std::cmp::Ordering::Less => 2 * from - to,
            std::cmp::Ordering::Equal => from,
        };
        prop_assert_eq!(scaled.shards.len(), total, "{} → {}", from, to);
        assert_lineage_holds(&scaled)?;
    }

    /// After any history of splits, merges and rescales, the same holds.
    #[test]
    fn update_shard_count_after_any_history_keeps_the_lineage(
        history in crate::support::history_strategy(6, 8, true),
        pick in any::<u64>(),
    ) {
        let layout = history.last();
        let current = layout.open_shard_count();
        let to = current.div_ceil(2) + (pick as usize % (2 * current - current.div_ceil(2) + 1));
        if let Ok(scaled) = layout.update_shard_count(to) {
            prop_assert!(scaled.coverage_problems().is_empty());
            prop_assert_eq!(scaled.open_shard_count(), to);
            assert_lineage_holds(&scaled)?;
        }
        for step in &history.layouts {
            assert_lineage_holds(step)?;
        }
    }
}
