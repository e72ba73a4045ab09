//! Resharding as AWS does it: `SplitShard`, `MergeShards` and `UpdateShardCount`.
//!
//! Each operation returns a new layout and never changes `self`, so a caller keeps the layout
//! before it to compare with (as `router::keys_moved` does). The parents close and stay listed (AWS keeps closed shards until
//! their retention ends), and the children take the next shard numbers. Refusals carry AWS's
//! exception name and message, because they are what a person would see from the real API.

use super::{shard_id, HashRange, Shard, StreamLayout, ACCOUNT, MAX_SHARDS};
use crate::diagnostic::AwsError;
use crate::hash_key::HashKey;

impl StreamLayout {
    /// The index of the open shard `id`, or AWS's refusal to reshard a missing or closed one.
    fn open_shard(&self, id: &str) -> Result<usize, AwsError> {
        let index = self.index_of(id).ok_or_else(|| {
            AwsError::resource_not_found(format!(
                "Could not find shard {id} in stream {} under account {ACCOUNT}.",
                self.stream_name
            ))
        })?;
        if self.shards[index].closed {
            return Err(AwsError::invalid_argument(format!(
                "Shard {id} in stream {} under account {ACCOUNT} has already been merged or split, \
                 and thus is not eligible for merging or splitting.",
                self.stream_name
            )));
        }
        Ok(index)
    }

    /// SplitShard: the parent closes, two children split its range at `new_starting_hash_key`.
    pub fn split(
        &self,
        shard: &str,
        new_starting_hash_key: HashKey,
    ) -> Result<StreamLayout, AwsError> {
        let index = self.open_shard(shard)?;
        let HashRange { start, end } = self.shards[index].range;
        let valid = start
            .0
            .checked_add(1)
            .is_some_and(|s| s < new_starting_hash_key.0)
            && new_starting_hash_key < end;
        if !valid {
            return Err(AwsError::invalid_argument(format!(
                "NewStartingHashKey {new_starting_hash_key} used in SplitShard() on shard {shard} in \
                 stream {} under account {ACCOUNT} is not both greater than one plus the shard's \
                 StartingHashKey {start} and less than the shard's EndingHashKey {end}.",
                self.stream_name
            )));
        }
        let next = self.next_shard_number();
        let mut layout = self.clone();
        layout.shards[index].closed = true;
        let child = |number: u64, range: HashRange| Shard {
            id: shard_id(number),
            range,
            parent: Some(shard.to_owned()),
            adjacent_parent: None,
            closed: false,
        };
        layout.shards.push(child(
            next,
            HashRange {
                start,
                end: HashKey(new_starting_hash_key.0 - 1),
            },
        ));
        layout.shards.push(child(
            next + 1,
            HashRange {
                start: new_starting_hash_key,
                end,
            },
        ));
        Ok(layout)
    }

    /// The split AWS's console offers: at the middle of the shard's range.
    pub fn split_in_half(&self, shard: &str) -> Result<StreamLayout, AwsError> {
        let index = self.open_shard(shard)?;
        let HashRange { start, end } = self.shards[index].range;
        let middle = start.0 + (end.0 - start.0) / 2 + 1;
        self.split(shard, HashKey(middle))
    }

    /// MergeShards: `shard_to_merge` (the lower range) and the adjacent shard above it become one.
    pub fn merge(
        &self,
        shard_to_merge: &str,
        adjacent_shard: &str,
    ) -> Result<StreamLayout, AwsError> {
        let lower = self.open_shard(shard_to_merge)?;
        let upper = self.open_shard(adjacent_shard)?;
        let (low, high) = (self.shards[lower].range, self.shards[upper].range);
        if low.end.0.checked_add(1) != Some(high.start.0) {
            return Err(AwsError::invalid_argument(format!(
                "Shards {shard_to_merge} and {adjacent_shard} in stream {} under account {ACCOUNT} are \
                 not an adjacent pair of shards eligible for merging",
                self.stream_name
            )));
        }
        let mut layout = self.clone();
        layout.shards[lower].closed = true;
        layout.shards[upper].closed = true;
        layout.shards.push(Shard {
            id: shard_id(self.next_shard_number()),
            range: HashRange {
                start: low.start,
                end: high.end,
            },
            parent: Some(shard_to_merge.to_owned()),
            adjacent_parent: Some(adjacent_shard.to_owned()),
            closed: false,
        });
        Ok(layout)
    }

    /// UpdateShardCount with UNIFORM_SCALING.
    ///
    /// Observed for doubling: every open shard closes and the new shards, numbered in hash order,
    /// split the space uniformly. For other targets AWS's intermediate splits and merges are not
    /// published; the model closes all open shards and creates the uniform layout for the target,
    /// each new shard naming as parent the old shard that held its starting hash key.
    pub fn update_shard_count(&self, target: usize) -> Result<StreamLayout, AwsError> {
        let current = self.open_shard_count();
        if target > MAX_SHARDS {
            return Err(AwsError::validation(format!(
                "1 validation error detected: Value '{target}' at 'targetShardCount' failed to \
                 satisfy constraint: Member must have value less than or equal to {MAX_SHARDS}"
            )));
        }
        if target > current * 2 {
            return Err(AwsError::invalid_argument(format!(
                "UpdateShardCount cannot scale up over double your current open shard count. \
                 Current open shard count: {current} Target shard count: {target}"
            )));
        }
        if target * 2 < current || target == 0 {
            return Err(AwsError::invalid_argument(format!(
                "UpdateShardCount cannot scale down below half your current open shard count. \
                 Current open shard count: {current} Target shard count: {target}"
            )));
        }
        let mut layout = self.clone();
        let open = self.open_shard_indices();
        let fresh =
            Self::uniform_numbered_from(target, self.next_shard_number(), &self.stream_name)?;
        for mut shard in fresh.shards {
            shard.parent = open
                .iter()
                .map(|&i| &self.shards[i])
                .find(|old| old.range.contains(shard.range.start))
                .map(|old| old.id.clone());
            layout.shards.push(shard);
        }
        for index in open {
            layout.shards[index].closed = true;
        }
        Ok(layout)
    }
}
