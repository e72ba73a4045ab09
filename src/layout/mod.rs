//! Stream layouts: which shards a stream has and their hash key ranges.
//!
//! A [`StreamLayout`] lists every shard AWS would list, open and closed, with its lineage. Uniform
//! layouts follow what AWS really creates (`step = floor(2^128 / N)`, the last shard ends at
//! `2^128 - 1`), not the off-by-one `(2^128 - 1) / N` of some emulators.
//! [`StreamLayout::coverage_problems`] reports every gap and overlap among the open shards rather
//! than refusing the layout, so the UI can show what is wrong.
//!
//! The other ways to get a layout live beside this one, each an `impl StreamLayout` of its own, so
//! callers still write `layout.split(…)` or `StreamLayout::from_aws_json(…)`: `aws_json.rs` reads
//! and writes what `aws kinesis list-shards` and `describe-stream` print, and `resharding.rs`
//! splits, merges and rescales a layout as AWS's APIs do.

mod aws_json;
mod resharding;

pub use resharding::RESCALE_MODEL_LABEL;

use crate::diagnostic::AwsError;
use crate::hash_key::HashKey;
use crate::record::DEFAULT_STREAM_NAME;

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

/// What the page and the CLI's documentation say of the sequence numbers they show.
pub const SEQUENCE_NUMBER_MODEL_LABEL: &str = "Sequence numbers are synthetic (a model): 56 digits \
    that increase within a shard, as AWS's do, but AWS does not publish how it builds them, so their \
    digits are not the ones AWS would assign; only their order within a shard means anything.";

/// A modelled Kinesis sequence number: increasing within a shard, 56 digits like AWS's.
///
/// AWS does not publish how sequence numbers are built; only their order within a shard matters
/// ([`SEQUENCE_NUMBER_MODEL_LABEL`]).
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
        Self::uniform_numbered_from(count, 0, DEFAULT_STREAM_NAME)
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
