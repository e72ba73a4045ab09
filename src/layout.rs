//! Stream layouts: which shards a stream has, their hash key ranges, and how resharding changes them.
//!
//! A [`StreamLayout`] lists every shard AWS would list, open and closed, with its lineage. Uniform
//! layouts follow what AWS really creates (`step = floor(2^128 / N)`, the last shard ends at
//! `2^128 - 1`), not the off-by-one `(2^128 - 1) / N` of some emulators. Real layouts are read from
//! the JSON of `aws kinesis list-shards` or `describe-stream`; [`StreamLayout::coverage_problems`]
//! reports every gap and overlap among the open shards rather than refusing the layout, so the UI
//! can show what is wrong. Resharding (`split`, `merge`, `update_shard_count`) returns a new layout
//! and never changes `self`; refusals carry AWS's exception name and message.

use crate::diagnostic::{AwsError, Diagnostic};
use crate::hash_key::HashKey;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The account shown in AWS messages and ARNs (a model: the playground has no account).
pub const ACCOUNT: &str = "123456789012";
/// The most shards a stream may have (UpdateShardCount's limit).
pub const MAX_SHARDS: usize = 10_000;
/// The shard counts CreateStream and UpdateShardCount accept.
pub const SHARD_COUNT: std::ops::RangeInclusive<usize> = 1..=MAX_SHARDS;

/// An inclusive range of hash keys, as in `HashKeyRange`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HashRange {
    pub start: HashKey,
    pub end: HashKey,
}

impl HashRange {
    pub const FULL: HashRange = HashRange {
        start: HashKey(0),
        end: HashKey::MAX,
    };

    pub fn contains(&self, key: HashKey) -> bool {
        self.start <= key && key <= self.end
    }
}

/// One shard: its id, range, lineage and whether it still takes records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shard {
    /// AWS's id, e.g. `shardId-000000000002`.
    pub id: String,
    pub range: HashRange,
    pub parent: Option<String>,
    pub adjacent_parent: Option<String>,
    /// A closed shard has an `EndingSequenceNumber` and receives no new records.
    pub closed: bool,
}

impl Shard {
    /// The number in the shard id (`shardId-000000000007` → 7), when the id has AWS's form.
    pub fn number(&self) -> Option<u64> {
        shard_number(&self.id)
    }
}

/// `shardId-` followed by the 12-digit zero-padded number.
pub fn shard_id(number: u64) -> String {
    format!("shardId-{number:012}")
}

fn shard_number(id: &str) -> Option<u64> {
    let digits = id.strip_prefix("shardId-")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A modelled Kinesis sequence number: increasing within a shard, 56 digits like AWS's.
///
/// AWS does not publish how sequence numbers are built; only their order within a shard matters.
pub fn sequence_number(shard_number: u64, index: u64) -> String {
    // "49", 12 digits of the shard number, 42 of the index: written digit by digit into a
    // zero-filled buffer (as format!'s zero padding would, but without its per-character cost).
    let mut digits = [b'0'; 56];
    digits[1] = b'9';
    let mut write = |mut value: u64, end: usize| {
        let mut at = end;
        while value > 0 {
            at -= 1;
            digits[at] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    write(shard_number % 1_000_000_000_000, 14);
    write(index, 56);
    digits[0] = b'4';
    String::from_utf8(digits.to_vec()).expect("ASCII digits")
}

/// A gap or an overlap among the open shards of a layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoverageProblem {
    /// No open shard holds the keys `[from, to]`.
    Gap { from: HashKey, to: HashKey },
    /// Two open shards both hold `[from, to]`.
    Overlap {
        first: String,
        second: String,
        from: HashKey,
        to: HashKey,
    },
}

impl std::fmt::Display for CoverageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoverageProblem::Gap { from, to } => {
                write!(f, "no open shard holds hash keys [{from}, {to}]")
            }
            CoverageProblem::Overlap {
                first,
                second,
                from,
                to,
            } => write!(
                f,
                "open shards {first} and {second} both hold hash keys [{from}, {to}]"
            ),
        }
    }
}

/// All shards of a stream, open and closed, in the order AWS lists them (creation order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamLayout {
    pub stream_name: String,
    pub shards: Vec<Shard>,
}

impl StreamLayout {
    /// The layout CreateStream gives a stream of `count` shards.
    pub fn uniform(count: usize) -> Result<StreamLayout, AwsError> {
        Self::uniform_numbered_from(count, 0, "my-stream")
    }

    fn uniform_numbered_from(
        count: usize,
        first_number: u64,
        stream_name: &str,
    ) -> Result<StreamLayout, AwsError> {
        if !SHARD_COUNT.contains(&count) {
            return Err(AwsError::validation(format!(
                "1 validation error detected: Value '{count}' at 'shardCount' failed to satisfy \
                 constraint: Member must have value between 1 and {MAX_SHARDS}"
            )));
        }
        let shards = uniform_ranges(count)
            .into_iter()
            .enumerate()
            .map(|(i, range)| Shard {
                id: shard_id(first_number + i as u64),
                range,
                parent: None,
                adjacent_parent: None,
                closed: false,
            })
            .collect();
        Ok(StreamLayout {
            stream_name: stream_name.to_owned(),
            shards,
        })
    }

    /// Reads the JSON printed by `aws kinesis list-shards` or `aws kinesis describe-stream`.
    pub fn from_aws_json(text: &str) -> Result<StreamLayout, Diagnostic> {
        let document: AwsShardsDocument =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        let (stream_name, raw_shards) = match document {
            AwsShardsDocument::ListShards { shards } => ("my-stream".to_owned(), shards),
            AwsShardsDocument::DescribeStream { description } => (
                description
                    .stream_name
                    .unwrap_or_else(|| "my-stream".into()),
                description.shards,
            ),
        };
        if raw_shards.is_empty() {
            return Err(Diagnostic::error("the layout has no shards").in_field("Shards"));
        }
        let mut shards = Vec::with_capacity(raw_shards.len());
        for (i, raw) in raw_shards.into_iter().enumerate() {
            let field = |name: &str| format!("Shards[{i}].{name}");
            let parse = |text: &str, name: &str| {
                parse_range_bound(text).ok_or_else(|| {
                    Diagnostic::error(format!(
                        "'{text}' is not a hash key: expected a decimal integer in [0, 2^128-1]"
                    ))
                    .in_field(field(name))
                })
            };
            let start = parse(
                &raw.hash_key_range.starting_hash_key,
                "HashKeyRange.StartingHashKey",
            )?;
            let end = parse(
                &raw.hash_key_range.ending_hash_key,
                "HashKeyRange.EndingHashKey",
            )?;
            if start > end {
                return Err(Diagnostic::error(format!(
                    "StartingHashKey {start} is greater than EndingHashKey {end}"
                ))
                .in_field(field("HashKeyRange")));
            }
            if shards.iter().any(|s: &Shard| s.id == raw.shard_id) {
                return Err(
                    Diagnostic::error(format!("shard id {} appears twice", raw.shard_id))
                        .in_field(field("ShardId")),
                );
            }
            let closed = raw
                .sequence_number_range
                .is_some_and(|r| r.ending_sequence_number.is_some());
            shards.push(Shard {
                id: raw.shard_id,
                range: HashRange { start, end },
                parent: raw.parent_shard_id,
                adjacent_parent: raw.adjacent_parent_shard_id,
                closed,
            });
        }
        Ok(StreamLayout {
            stream_name,
            shards,
        })
    }

    /// The layout as `aws kinesis list-shards` prints it.
    pub fn to_list_shards_json(&self) -> Value {
        let shards: Vec<Value> = self
            .shards
            .iter()
            .map(|shard| {
                let number = shard.number().unwrap_or(0);
                let mut sequence_range =
                    json!({ "StartingSequenceNumber": sequence_number(number, 0) });
                if shard.closed {
                    sequence_range["EndingSequenceNumber"] =
                        Value::String(sequence_number(number, u64::MAX));
                }
                let mut value = json!({ "ShardId": shard.id });
                if let Some(parent) = &shard.parent {
                    value["ParentShardId"] = Value::String(parent.clone());
                }
                if let Some(adjacent) = &shard.adjacent_parent {
                    value["AdjacentParentShardId"] = Value::String(adjacent.clone());
                }
                value["HashKeyRange"] = json!({
                    "StartingHashKey": shard.range.start.to_string(),
                    "EndingHashKey": shard.range.end.to_string(),
                });
                value["SequenceNumberRange"] = sequence_range;
                value
            })
            .collect();
        json!({ "Shards": shards })
    }

    /// Indices (into `shards`) of the open shards, sorted by starting hash key.
    pub fn open_shard_indices(&self) -> Vec<usize> {
        let mut open: Vec<usize> = (0..self.shards.len())
            .filter(|&i| !self.shards[i].closed)
            .collect();
        open.sort_by_key(|&i| (self.shards[i].range.start, self.shards[i].range.end));
        open
    }

    pub fn open_shard_count(&self) -> usize {
        self.shards.iter().filter(|s| !s.closed).count()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.shards.iter().position(|s| s.id == id)
    }

    /// Every gap and overlap among the open shards; empty for a valid layout.
    pub fn coverage_problems(&self) -> Vec<CoverageProblem> {
        let mut problems = Vec::new();
        // The last key covered so far, and the open shard that reaches it.
        let mut covered: Option<(u128, &Shard)> = None;
        let first_uncovered = |covered: Option<(u128, &Shard)>| match covered {
            None => Some(0),
            Some((last, _)) => last.checked_add(1),
        };
        for index in self.open_shard_indices() {
            let shard = &self.shards[index];
            let (start, end) = (shard.range.start.0, shard.range.end.0);
            if let Some(next) = first_uncovered(covered) {
                if start > next {
                    problems.push(CoverageProblem::Gap {
                        from: HashKey(next),
                        to: HashKey(start - 1),
                    });
                }
            }
            if let Some((last, furthest)) = covered {
                if start <= last {
                    problems.push(CoverageProblem::Overlap {
                        first: furthest.id.clone(),
                        second: shard.id.clone(),
                        from: HashKey(start),
                        to: HashKey(last.min(end)),
                    });
                }
            }
            if covered.is_none_or(|(last, _)| end > last) {
                covered = Some((end, shard));
            }
        }
        if let Some(next) = first_uncovered(covered) {
            problems.push(CoverageProblem::Gap {
                from: HashKey(next),
                to: HashKey::MAX,
            });
        }
        problems
    }

    /// The number the next new shard gets: one more than the largest number in use.
    pub fn next_shard_number(&self) -> u64 {
        self.shards
            .iter()
            .filter_map(Shard::number)
            .max()
            .map_or(0, |n| n + 1)
    }

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

/// `floor(2^128 / count)`-wide ranges, the last one ending at `2^128 - 1`.
fn uniform_ranges(count: usize) -> Vec<HashRange> {
    if count == 1 {
        // 2^128 itself does not fit in u128.
        return vec![HashRange::FULL];
    }
    let count = count as u128;
    // 2^128 / n == (2^128 - n) / n + 1 without overflowing u128.
    let step = (u128::MAX - count + 1) / count + 1;
    (0..count)
        .map(|i| HashRange {
            start: HashKey(i * step),
            end: if i + 1 == count {
                HashKey::MAX
            } else {
                HashKey((i + 1) * step - 1)
            },
        })
        .collect()
}

fn parse_range_bound(text: &str) -> Option<HashKey> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().map(HashKey)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AwsShardsDocument {
    DescribeStream {
        #[serde(rename = "StreamDescription")]
        description: AwsStreamDescription,
    },
    ListShards {
        #[serde(rename = "Shards")]
        shards: Vec<AwsShard>,
    },
}

#[derive(Deserialize)]
struct AwsStreamDescription {
    #[serde(rename = "StreamName")]
    stream_name: Option<String>,
    #[serde(rename = "Shards")]
    shards: Vec<AwsShard>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AwsShard {
    shard_id: String,
    parent_shard_id: Option<String>,
    adjacent_parent_shard_id: Option<String>,
    hash_key_range: AwsHashKeyRange,
    sequence_number_range: Option<AwsSequenceNumberRange>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AwsHashKeyRange {
    starting_hash_key: String,
    ending_hash_key: String,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AwsSequenceNumberRange {
    ending_sequence_number: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_are_49_then_12_shard_digits_then_42_index_digits() {
        for (shard, index) in [
            (0, 0),
            (7, 1),
            (999_999_999_999, 12_345),
            (1_000_000_000_003, u64::MAX),
        ] {
            let expected = format!("49{:012}{:042}", shard % 1_000_000_000_000, index);
            assert_eq!(sequence_number(shard, index), expected);
        }
    }

    fn key(text: &str) -> HashKey {
        HashKey(text.parse().unwrap())
    }

    #[test]
    fn three_shards_match_aws() {
        let layout = StreamLayout::uniform(3).unwrap();
        assert_eq!(
            layout.shards[0].range.end,
            key("113427455640312821154458202477256070484")
        );
        assert_eq!(
            layout.shards[1].range.start,
            key("113427455640312821154458202477256070485")
        );
        assert_eq!(layout.shards[2].range.end, HashKey::MAX);
        assert_eq!(layout.shards[2].id, "shardId-000000000002");
        assert!(layout.coverage_problems().is_empty());
    }

    #[test]
    fn shard_counts_outside_1_to_10000_are_refused() {
        assert!(StreamLayout::uniform(0).is_err());
        assert!(StreamLayout::uniform(10_001).is_err());
        assert_eq!(StreamLayout::uniform(10_000).unwrap().shards.len(), 10_000);
    }

    #[test]
    fn gaps_and_overlaps_are_each_reported() {
        let mut layout = StreamLayout::uniform(4).unwrap();
        layout.shards[1].range.end = HashKey(layout.shards[1].range.end.0 - 10);
        layout.shards[3].range.start = HashKey(layout.shards[3].range.start.0 - 5);
        let problems = layout.coverage_problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(matches!(problems[0], CoverageProblem::Gap { .. }));
        assert!(
            matches!(&problems[1], CoverageProblem::Overlap { first, second, .. }
            if first == "shardId-000000000002" && second == "shardId-000000000003")
        );
    }

    #[test]
    fn a_missing_top_and_a_duplicate_full_range_are_reported() {
        let mut layout = StreamLayout::uniform(2).unwrap();
        layout.shards[1].closed = true;
        assert_eq!(
            layout.coverage_problems(),
            vec![CoverageProblem::Gap {
                from: key("170141183460469231731687303715884105728"),
                to: HashKey::MAX
            }]
        );
        let twice = StreamLayout::uniform(1)
            .unwrap()
            .split_in_half("shardId-000000000000")
            .unwrap();
        let mut broken = twice.clone();
        broken.shards[0].closed = false;
        assert_eq!(broken.coverage_problems().len(), 2);
    }
}
