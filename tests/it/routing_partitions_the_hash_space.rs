//! Whatever resharding a stream went through, its open shards split the hash space: every hash key
//! has exactly one open shard and the router finds it. A pasted layout with gaps or overlaps still
//! routes like a plain scan of its open shards would.

use crate::support::history_strategy;
use proptest::prelude::*;
use shardlane::layout::{CoverageProblem, HashRange, Shard, StreamLayout};
use shardlane::{HashKey, Router};

/// Keys worth probing in a layout: both ends of every open shard and their neighbours.
fn edges(layout: &StreamLayout) -> Vec<HashKey> {
    layout
        .open_shard_indices()
        .iter()
        .flat_map(|&i| {
            let HashRange { start, end } = layout.shards[i].range;
            [
                start.0.saturating_sub(1),
                start.0,
                start.0.saturating_add(1),
                end.0.saturating_sub(1),
                end.0,
                end.0.saturating_add(1),
            ]
        })
        .chain([0, 1, u128::MAX - 1, u128::MAX])
        .map(HashKey)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn every_hash_key_is_in_exactly_one_open_shard(
        history in history_strategy(6, 8, true),
        keys in proptest::collection::vec(any::<u128>(), 64),
        partition_keys in proptest::collection::vec(".{1,20}", 16),
    ) {
        for layout in &history.layouts {
            prop_assert!(layout.coverage_problems().is_empty(), "{:?}", layout.coverage_problems());
            let router = Router::new(layout);
            let open = layout.open_shard_indices();
            let probes = keys
                .iter()
                .map(|&k| HashKey(k))
                .chain(partition_keys.iter().map(|k| HashKey::from_partition_key(k)))
                .chain(edges(layout));
            for key in probes {
                let holders: Vec<usize> = open
                    .iter()
                    .copied()
                    .filter(|&i| layout.shards[i].range.contains(key))
                    .collect();
                prop_assert_eq!(holders.len(), 1, "key {}", key);
                prop_assert_eq!(router.route(key), Some(holders[0]), "key {}", key);
            }
        }
        // Closed shards keep their ranges and lineage: every closed shard's range is covered by
        // the open shards (nothing of the hash space is lost by resharding).
        let last = history.last();
        let router = Router::new(last);
        for shard in last.shards.iter().filter(|s| s.closed) {
            prop_assert!(router.route(shard.range.start).is_some());
            prop_assert!(router.route(shard.range.end).is_some());
        }
    }

    #[test]
    fn a_broken_layout_routes_like_a_scan_of_its_open_shards(
        ranges in proptest::collection::vec((any::<u128>(), any::<u128>(), any::<bool>()), 1..8),
        small in proptest::collection::vec((0u128..64, 0u128..64, any::<bool>()), 0..8),
        keys in proptest::collection::vec(any::<u128>(), 32),
        small_keys in proptest::collection::vec(0u128..70, 32),
    ) {
        // Random ranges, large and small, some closed: gaps and overlaps of every kind.
        let shards: Vec<Shard> = ranges
            .into_iter()
            .chain(small)
            .enumerate()
            .map(|(i, (a, b, closed))| Shard {
                id: format!("shardId-{i:012}"),
                range: HashRange { start: HashKey(a.min(b)), end: HashKey(a.max(b)) },
                parent: None,
                adjacent_parent: None,
                closed,
            })
            .collect();
        let layout = StreamLayout { stream_name: "broken".into(), shards };
        let router = Router::new(&layout);
        let probes = keys
            .into_iter()
            .chain(small_keys)
            .map(HashKey)
            .chain(edges(&layout));
        for key in probes {
            // The lowest-starting open shard that holds the key (ties: the shorter one first,
            // the order `open_shard_indices` lists them in).
            let expected = layout
                .open_shard_indices()
                .into_iter()
                .find(|&i| layout.shards[i].range.contains(key));
            prop_assert_eq!(router.route(key), expected, "key {}", key);
        }
        // Every reported gap routes nowhere, every reported overlap is held by both shards named.
        for problem in layout.coverage_problems() {
            match problem {
                CoverageProblem::Gap { from, to } => {
                    prop_assert!(from <= to);
                    prop_assert_eq!(router.route(from), None);
                    prop_assert_eq!(router.route(to), None);
                }
                CoverageProblem::Overlap { first, second, from, to } => {
                    for id in [first, second] {
                        let range = layout.shards[layout.index_of(&id).unwrap()].range;
                        prop_assert!(range.contains(from) && range.contains(to));
                    }
                }
            }
        }
    }
}
