//! MODEL (labelled as such wherever shown): which stream shard each change goes to.
//!
//! AWS publishes the rules, not the mechanism: a shard per table partition, shards that split
//! with their partition and roll over, lineage with parents processed first, one key in at most
//! one open sibling at a time, per-key order within a shard. The model:
//!
//! - the table has [`ShardModel::partitions`] partitions (default 4: a new on-demand table serves
//!   4,000 writes per second and one partition at most 1,000); a change belongs to the partition
//!   whose uniform range holds MD5 of its partition-key value;
//! - each partition has one open shard; [`ShardModel::rollover_seconds`] after it opened (default
//!   4 hours, as observed) it closes and one child with the same range opens;
//! - a partition taking more than [`ShardModel::split_write_units`] write units within one second
//!   splits in two halves at the end of that second: its shard closes, two children open;
//! - a shard that would hold no records before the next rollover is not listed: the partition's
//!   child opened at the first rollover stays open until the next one after the next change.
//!
//! See docs/SEMANTICS.md, "DynamoDB Streams".

use crate::hash_key::HashKey;
use crate::layout::{HashRange, Shard, StreamLayout};
use md5::{Digest, Md5};
use std::ops::RangeInclusive;

/// The partitions a table starts with.
pub const PARTITIONS: RangeInclusive<usize> = 1..=1024;
/// How long a stream shard stays open, in seconds.
pub const ROLLOVER_SECONDS: RangeInclusive<u64> = 60..=7 * 24 * 3600;
/// Write units per second past which a partition splits.
pub const SPLIT_WRITE_UNITS: RangeInclusive<u32> = 1..=1_000_000;

/// The label the page and the CLI show beside shards.
pub const SHARD_MODEL_LABEL: &str = "model: DynamoDB does not publish how partitions map to stream shards; one shard per partition (MD5 of the partition key), rolling over every 4 hours and splitting when a partition takes over 1,000 write units in a second";

/// The shard model's settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ShardModel {
    pub partitions: usize,
    pub rollover_seconds: u64,
    pub split_write_units: u32,
}

impl Default for ShardModel {
    fn default() -> Self {
        ShardModel {
            partitions: 4,
            rollover_seconds: 4 * 3600,
            split_write_units: 1000,
        }
    }
}

impl ShardModel {
    pub fn validate(&self) -> Result<(), String> {
        let check = |ok: bool, what: &str, range: String| {
            if ok {
                Ok(())
            } else {
                Err(format!("{what} must be in {range}"))
            }
        };
        check(
            PARTITIONS.contains(&self.partitions),
            "partitions",
            format!("{PARTITIONS:?}"),
        )?;
        check(
            ROLLOVER_SECONDS.contains(&self.rollover_seconds),
            "the shard rollover",
            format!("{ROLLOVER_SECONDS:?} seconds"),
        )?;
        check(
            SPLIT_WRITE_UNITS.contains(&self.split_write_units),
            "the split threshold",
            format!("{SPLIT_WRITE_UNITS:?} write units per second"),
        )
    }
}

/// One change as the shard model sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacedWrite {
    pub at_ms: u64,
    pub partition_hash: HashKey,
    /// Write units it consumed (1 per started KB of the larger image).
    pub write_units: u32,
}

/// One stream shard and its life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamShard {
    pub id: String,
    pub range: HashRange,
    /// Index of its parent shard.
    pub parent: Option<usize>,
    pub opened_ms: u64,
    pub closed_ms: Option<u64>,
}

/// Every shard (creation order: parents before children) and each change's shard.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamShards {
    pub shards: Vec<StreamShard>,
    pub shard_of: Vec<usize>,
}

impl StreamShards {
    /// The shards as a stream layout (for the mapping engine, which reads lineage from it).
    pub fn layout(&self, stream_name: &str) -> StreamLayout {
        StreamLayout {
            stream_name: stream_name.into(),
            shards: self
                .shards
                .iter()
                .map(|s| Shard {
                    id: s.id.clone(),
                    range: s.range,
                    parent: s.parent.map(|p| self.shards[p].id.clone()),
                    adjacent_parent: None,
                    closed: s.closed_ms.is_some(),
                })
                .collect(),
        }
    }

    /// The shards open at `t_ms` (opened at or before, closed after).
    pub fn open_at(&self, t_ms: u64) -> impl Iterator<Item = usize> + '_ {
        self.shards
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.opened_ms <= t_ms && s.closed_ms.is_none_or(|c| c > t_ms))
            .map(|(i, _)| i)
    }
}

struct Partition {
    range: HashRange,
    shard: usize,
    next_rollover_ms: u64,
    window_second: u64,
    window_units: u64,
    split_at_ms: Option<u64>,
}

struct Builder<'a> {
    model: &'a ShardModel,
    clock_origin_ms: u64,
    partitions: Vec<Partition>,
    shards: Vec<StreamShard>,
}

impl Builder<'_> {
    fn open(&mut self, range: HashRange, parent: Option<usize>, at_ms: u64) -> usize {
        let index = self.shards.len();
        let digest: [u8; 16] = Md5::new()
            .chain_update(range.start.0.to_be_bytes())
            .chain_update((index as u64).to_be_bytes())
            .finalize()
            .into();
        let id = format!(
            "shardId-{:020}-{:08x}",
            self.clock_origin_ms.saturating_add(at_ms),
            u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
        );
        self.shards.push(StreamShard {
            id,
            range,
            parent,
            opened_ms: at_ms,
            closed_ms: None,
        });
        index
    }

    /// Runs every rollover and split due at or before `t_ms`.
    fn advance(&mut self, t_ms: u64) {
        let rollover_ms = self.model.rollover_seconds.max(1) * 1000;
        let mut i = 0;
        while i < self.partitions.len() {
            loop {
                let (split_at, next_rollover, parent, range) = {
                    let p = &self.partitions[i];
                    (p.split_at_ms, p.next_rollover_ms, p.shard, p.range)
                };
                if let Some(at) = split_at.filter(|&at| at <= t_ms && at <= next_rollover) {
                    self.shards[parent].closed_ms = Some(at);
                    let middle = HashKey(range.start.0 + (range.end.0 - range.start.0) / 2);
                    let halves = [
                        HashRange {
                            start: range.start,
                            end: middle,
                        },
                        HashRange {
                            start: HashKey(middle.0 + 1),
                            end: range.end,
                        },
                    ];
                    let children = halves.map(|half| Partition {
                        range: half,
                        shard: self.open(half, Some(parent), at),
                        next_rollover_ms: at.saturating_add(rollover_ms),
                        window_second: at / 1000,
                        window_units: 0,
                        split_at_ms: None,
                    });
                    self.partitions.splice(i..=i, children);
                    continue;
                }
                if next_rollover > t_ms {
                    break;
                }
                let at = next_rollover;
                self.shards[parent].closed_ms = Some(at);
                let child = self.open(range, Some(parent), at);
                // Idle periods in between would hold empty shards: the child stays open through them.
                let idle_periods = (t_ms - at) / rollover_ms;
                let p = &mut self.partitions[i];
                p.shard = child;
                p.next_rollover_ms = at.saturating_add((idle_periods + 1) * rollover_ms);
            }
            i += 1;
        }
    }

    fn place(&mut self, write: &PlacedWrite) -> usize {
        self.advance(write.at_ms);
        let i = self
            .partitions
            .partition_point(|p| p.range.end < write.partition_hash);
        let can_split = self.partitions.len() < *PARTITIONS.end();
        let threshold = u64::from(self.model.split_write_units);
        let p = &mut self.partitions[i];
        let second = write.at_ms / 1000;
        if p.window_second != second {
            p.window_second = second;
            p.window_units = 0;
        }
        p.window_units += u64::from(write.write_units);
        if p.window_units > threshold
            && p.split_at_ms.is_none()
            && can_split
            && p.range.end.0 > p.range.start.0
        {
            p.split_at_ms = Some((second + 1) * 1000);
        }
        p.shard
    }
}

/// Places changes (in time order) in shards; `clock_origin_ms` dates the shard ids.
pub fn place_writes(
    writes: &[PlacedWrite],
    model: &ShardModel,
    clock_origin_ms: u64,
) -> StreamShards {
    let partitions = model
        .partitions
        .clamp(*PARTITIONS.start(), *PARTITIONS.end());
    let ranges: Vec<HashRange> = StreamLayout::uniform(partitions)
        .map(|l| l.shards.into_iter().map(|s| s.range).collect())
        .unwrap_or_else(|_| vec![HashRange::FULL]);
    let rollover_ms = model.rollover_seconds.max(1) * 1000;
    let mut builder = Builder {
        model,
        clock_origin_ms,
        partitions: Vec::new(),
        shards: Vec::new(),
    };
    for range in ranges {
        let shard = builder.open(range, None, 0);
        builder.partitions.push(Partition {
            range,
            shard,
            next_rollover_ms: rollover_ms,
            window_second: 0,
            window_units: 0,
            split_at_ms: None,
        });
    }
    let shard_of = writes.iter().map(|w| builder.place(w)).collect();
    StreamShards {
        shards: builder.shards,
        shard_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(at_ms: u64, key: &str, write_units: u32) -> PlacedWrite {
        PlacedWrite {
            at_ms,
            partition_hash: HashKey::from_partition_key(key),
            write_units,
        }
    }

    #[test]
    fn shards_roll_over_with_one_child_each() {
        let model = ShardModel {
            partitions: 1,
            ..ShardModel::default()
        };
        let hour = 3_600_000;
        let shards = place_writes(
            &[
                write(0, "a", 1),
                write(5 * hour, "a", 1),
                write(30 * hour, "a", 1),
            ],
            &model,
            0,
        );
        assert_eq!(shards.shard_of, [0, 1, 2]);
        assert_eq!(shards.shards[0].closed_ms, Some(4 * hour));
        assert_eq!(shards.shards[1].parent, Some(0));
        assert_eq!(shards.shards[1].opened_ms, 4 * hour);
        // Idle from 8 h to 30 h: no empty shards in between.
        assert_eq!(shards.shards[1].closed_ms, Some(8 * hour));
        assert_eq!(shards.shards[2].opened_ms, 8 * hour);
        assert_eq!(shards.shards.len(), 3);
        assert!(shards.shards[0]
            .id
            .starts_with("shardId-00000000000000000000-"));
    }

    #[test]
    fn a_hot_partition_splits_at_the_end_of_the_second() {
        let model = ShardModel {
            partitions: 1,
            split_write_units: 3,
            ..ShardModel::default()
        };
        let writes: Vec<PlacedWrite> = (0..6)
            .map(|i| write(i * 100, &format!("k{i}"), 1))
            .collect();
        let mut later = writes.clone();
        later.push(write(1000, "k0", 1));
        later.push(write(1000, "k5", 1));
        let shards = place_writes(&later, &model, 0);
        assert!(shards.shard_of[..6].iter().all(|&s| s == 0));
        assert_eq!(shards.shards[0].closed_ms, Some(1000));
        assert_eq!(shards.shards.len(), 3);
        assert_eq!(shards.shards[1].parent, Some(0));
        assert_eq!(shards.shards[2].parent, Some(0));
        assert_eq!(
            shards.shards[1].range.end.0 + 1,
            shards.shards[2].range.start.0
        );
        let k0 = HashKey::from_partition_key("k0");
        let expected = if shards.shards[1].range.contains(k0) {
            1
        } else {
            2
        };
        assert_eq!(shards.shard_of[6], expected);
    }
}
