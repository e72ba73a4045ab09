//! Placing hash keys in shards.
//!
//! A [`Router`] holds the open shards of a layout sorted by starting hash key and finds the shard of
//! a key by binary search, the lookup Kinesis itself describes ("the open shard whose range holds the
//! key"). It deliberately never computes `h * N / 2^128`: for N = 3 that puts the first key of shard 1
//! in shard 0. A layout with gaps still routes; a key in a gap gets `None`, and a key in an overlap goes
//! to the lower-starting shard, so the caller decides how to report a broken layout.

use crate::hash_key::HashKey;
use crate::layout::StreamLayout;

/// Looks up the open shard of any hash key.
#[derive(Clone, Debug)]
pub struct Router {
    /// Starting hash keys of the open shards, ascending.
    starts: Vec<u128>,
    /// The largest ending hash key of the open shards up to this one, parallel to `starts`: the
    /// ending keys themselves in a valid layout, still non-decreasing when a broken one nests a
    /// shard inside another.
    reach: Vec<u128>,
    /// Index into `StreamLayout::shards`, parallel to `starts`.
    shard_indices: Vec<usize>,
}

impl Router {
    pub fn new(layout: &StreamLayout) -> Router {
        let open = layout.open_shard_indices();
        Router {
            starts: open
                .iter()
                .map(|&i| layout.shards[i].range.start.0)
                .collect(),
            reach: open
                .iter()
                .scan(0u128, |reach, &i| {
                    *reach = (*reach).max(layout.shards[i].range.end.0);
                    Some(*reach)
                })
                .collect(),
            shard_indices: open,
        }
    }

    /// The index (into the layout's `shards`) of the open shard holding `key`.
    pub fn route(&self, key: HashKey) -> Option<usize> {
        // The first open shard, in start order, whose range (or an earlier one's) reaches the key:
        // it ends at or above the key, every earlier one ends below it, so it is the
        // lowest-starting shard holding the key if it starts at or below the key, and none does
        // otherwise. In a valid layout `reach` is just the ending keys.
        let position = self.reach.partition_point(|&reach| reach < key.0);
        let start = *self.starts.get(position)?;
        (start <= key.0).then(|| self.shard_indices[position])
    }
}

/// How many of the given hash keys change shard between two layouts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeysMoved {
    pub total: usize,
    /// Keys whose ShardId differs after the change (a child shard counts as a different shard:
    /// consumers read it separately, after its parent).
    pub moved: usize,
    /// The share of the whole hash space whose open shard changes, in [0, 1].
    pub hash_space_share: f64,
}

/// Compares where `keys` land under `before` and under `after`.
pub fn keys_moved(before: &StreamLayout, after: &StreamLayout, keys: &[HashKey]) -> KeysMoved {
    let (old, new) = (Router::new(before), Router::new(after));
    let shard_id =
        |layout: &StreamLayout, index: Option<usize>| index.map(|i| layout.shards[i].id.clone());
    let moved = keys
        .iter()
        .filter(|&&key| shard_id(before, old.route(key)) != shard_id(after, new.route(key)))
        .count();
    KeysMoved {
        total: keys.len(),
        moved,
        hash_space_share: moved_hash_space_share(before, &old, after, &new),
    }
}

/// Walks the union of both layouts' boundaries and adds up the pieces whose shard id changes.
fn moved_hash_space_share(
    before: &StreamLayout,
    old: &Router,
    after: &StreamLayout,
    new: &Router,
) -> f64 {
    let mut boundaries: Vec<u128> = old.starts.iter().chain(&new.starts).copied().collect();
    boundaries.push(0);
    boundaries.sort_unstable();
    boundaries.dedup();
    let mut moved = 0f64;
    for (i, &start) in boundaries.iter().enumerate() {
        let end = boundaries.get(i + 1).map_or(u128::MAX, |next| next - 1);
        let id = |layout: &StreamLayout, router: &Router| {
            router
                .route(HashKey(start))
                .map(|index| layout.shards[index].id.clone())
        };
        if id(before, old) != id(after, new) {
            moved += (end - start) as f64 + 1.0;
        }
    }
    moved / 2f64.powi(128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_key_of_shard_one_is_in_shard_one() {
        let layout = StreamLayout::uniform(3).unwrap();
        let router = Router::new(&layout);
        let first_of_one: u128 = "113427455640312821154458202477256070485".parse().unwrap();
        assert_eq!(router.route(HashKey(first_of_one)), Some(1));
        assert_eq!(router.route(HashKey(first_of_one - 1)), Some(0));
        assert_eq!(router.route(HashKey::MAX), Some(2));
        assert_eq!(router.route(HashKey(0)), Some(0));
    }

    #[test]
    fn splitting_moves_exactly_the_parents_keys() {
        let before = StreamLayout::uniform(2).unwrap();
        let after = before.split_in_half("shardId-000000000001").unwrap();
        let keys: Vec<HashKey> = ["a", "b", "c", "d", "e", "f"]
            .map(HashKey::from_partition_key)
            .into();
        let result = keys_moved(&before, &after, &keys);
        let router = Router::new(&before);
        let in_parent = keys.iter().filter(|&&k| router.route(k) == Some(1)).count();
        assert_eq!(result.moved, in_parent);
        assert!((result.hash_space_share - 0.5).abs() < 1e-12);
    }
}
