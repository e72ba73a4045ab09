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
        let mut layout = self.clone();
        let mut next = self.next_shard_number();
        layout.split_at(index, new_starting_hash_key, &mut next)?;
        Ok(layout)
    }

    /// Splits the open shard at `index` in place; the children take numbers `next` and `next + 1`.
    fn split_at(
        &mut self,
        index: usize,
        new_starting_hash_key: HashKey,
        next: &mut u64,
    ) -> Result<(), AwsError> {
        let shard = self.shards[index].id.clone();
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
        self.shards[index].closed = true;
        let child = |number: u64, range: HashRange| Shard {
            id: shard_id(number),
            range,
            parent: Some(shard.clone()),
            adjacent_parent: None,
            closed: false,
        };
        let lower = child(
            *next,
            HashRange {
                start,
                end: HashKey(new_starting_hash_key.0 - 1),
            },
        );
        let upper = child(
            *next + 1,
            HashRange {
                start: new_starting_hash_key,
                end,
            },
        );
        self.shards.push(lower);
        self.shards.push(upper);
        *next += 2;
        Ok(())
    }

    /// The split AWS's console offers: at the middle of the shard's range.
    pub fn split_in_half(&self, shard: &str) -> Result<StreamLayout, AwsError> {
        let index = self.open_shard(shard)?;
        self.split(shard, middle(self.shards[index].range))
    }

    /// MergeShards: `shard_to_merge` (the lower range) and the adjacent shard above it become one.
    pub fn merge(
        &self,
        shard_to_merge: &str,
        adjacent_shard: &str,
    ) -> Result<StreamLayout, AwsError> {
        let lower = self.open_shard(shard_to_merge)?;
        let upper = self.open_shard(adjacent_shard)?;
        let mut layout = self.clone();
        let mut next = self.next_shard_number();
        layout.merge_at(lower, upper, &mut next)?;
        Ok(layout)
    }

    /// Merges the open shards at `lower` and `upper` in place; the child takes number `next`.
    fn merge_at(&mut self, lower: usize, upper: usize, next: &mut u64) -> Result<(), AwsError> {
        let (low, high) = (self.shards[lower].range, self.shards[upper].range);
        let (shard_to_merge, adjacent_shard) =
            (self.shards[lower].id.clone(), self.shards[upper].id.clone());
        if low.end.0.checked_add(1) != Some(high.start.0) {
            return Err(AwsError::invalid_argument(format!(
                "Shards {shard_to_merge} and {adjacent_shard} in stream {} under account {ACCOUNT} are \
                 not an adjacent pair of shards eligible for merging",
                self.stream_name
            )));
        }
        self.shards[lower].closed = true;
        self.shards[upper].closed = true;
        self.shards.push(Shard {
            id: shard_id(*next),
            range: HashRange {
                start: low.start,
                end: high.end,
            },
            parent: Some(shard_to_merge),
            adjacent_parent: Some(adjacent_shard),
            closed: false,
        });
        *next += 1;
        Ok(())
    }

    /// UpdateShardCount with UNIFORM_SCALING, as splits and merges of individual shards (DOC: "To
    /// update the shard count, Kinesis Data Streams performs splits or merges on individual
    /// shards. This can cause short-lived shards to be created").
    ///
    /// OBS (moto's `test_update_shard_count`, "verified against AWS"): the shards listed afterwards
    /// number 6 for 2 → 4 and 4 → 2, 15 for 4 → 5, 37 for 10 → 13, 7 for 5 → 3 (one original shard
    /// stays open) and 17 for 10 → 3. The steps that give those totals ([`RESCALE_MODEL_LABEL`]):
    /// to scale up, every open shard is split in half, in hash order; then, while more shards are
    /// open than the target, the open shards are paired in hash order (first with second, third
    /// with fourth, …) and pairs are merged, lowest first, until the target is reached or the
    /// round runs out of pairs. Doubling therefore gives AWS's observed uniform layout (4 → 8:
    /// shards 7..14 at multiples of 2^125), and halving merges neighbours.
    pub fn update_shard_count(&self, target: usize) -> Result<StreamLayout, AwsError> {
        let current = self.open_shard_count();
        let limit = |message: String| AwsError {
            code: "LimitExceededException",
            message,
        };
        if target == 0 {
            return Err(zero_target());
        }
        if target > MAX_SHARDS {
            return Err(limit(format!(
                "Target shard count or number of open shards cannot be greater than {MAX_SHARDS} \
                 (the default shard quota per stream, raisable by a quota increase). Current open \
                 shard count: {current} Target shard count: {target}"
            )));
        }
        if target > current * 2 {
            return Err(limit(format!(
                "UpdateShardCount cannot scale up over double your current open shard count. \
                 Current open shard count: {current} Target shard count: {target}"
            )));
        }
        if target * 2 < current {
            return Err(limit(format!(
                "UpdateShardCount cannot scale down below half your current open shard count. \
                 Current open shard count: {current} Target shard count: {target}"
            )));
        }
        self.rescale(target)
    }

    /// UpdateShardCount's splits and merges without its default scaling limits (half to double
    /// the open shards, at most 10,000), as for an account whose limits were raised: moto's
    /// AWS-verified 10 → 3 (17 shards in all) is below half. Refuses only a target of 0 and
    /// layouts whose open shards do not cover the hash space exactly, and targets over double
    /// (each open shard is split at most once).
    pub fn rescale(&self, target: usize) -> Result<StreamLayout, AwsError> {
        let current = self.open_shard_count();
        if target == 0 {
            return Err(zero_target());
        }
        if target > current * 2 {
            return Err(AwsError::invalid_argument(format!(
                "Rescaling splits each open shard at most once: {target} is over double the \
                 {current} open shards."
            )));
        }
        if !self.coverage_problems().is_empty() {
            return Err(AwsError::invalid_argument(
                "The open shards have gaps or overlaps (see the layout's problems); UpdateShardCount \
                 needs open shards that cover the hash space exactly.",
            ));
        }
        let mut layout = self.clone();
        let mut next = self.next_shard_number();
        if target > current {
            for index in self.open_shard_indices() {
                let at = middle(layout.shards[index].range);
                layout.split_at(index, at, &mut next)?;
            }
        }
        while layout.open_shard_count() > target {
            let mut merges = layout.open_shard_count() - target;
            let open = layout.open_shard_indices();
            for pair in open.chunks_exact(2) {
                if merges == 0 {
                    break;
                }
                layout.merge_at(pair[0], pair[1], &mut next)?;
                merges -= 1;
            }
        }
        Ok(layout)
    }
}

/// The request validation's answer to a TargetShardCount of 0 (botocore's model: `min 1`).
fn zero_target() -> AwsError {
    AwsError::validation(
        "1 validation error detected: Value '0' at 'targetShardCount' failed to satisfy \
         constraint: Member must have value greater than or equal to 1",
    )
}

/// What the page says of UpdateShardCount's intermediate shards.
pub const RESCALE_MODEL_LABEL: &str = "Model: AWS does not publish the order of UpdateShardCount's \
    intermediate splits and merges. The playground splits every open shard in half (to scale up), \
    then merges neighbouring pairs in hash order until the target is reached, which gives the shard \
    totals seen on AWS (4 → 5: 15 shards in all, 10 → 13: 37, 5 → 3: 7).";

/// The key that splits a range in half (the upper half starts there); for a uniform layout's
/// shard it is the uniform layout of twice as many shards' boundary.
fn middle(range: HashRange) -> HashKey {
    HashKey(range.start.0 + (range.end.0 - range.start.0) / 2 + 1)
}
