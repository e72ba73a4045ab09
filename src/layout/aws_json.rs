//! Layouts as AWS prints them: reading the JSON of `aws kinesis list-shards` or
//! `aws kinesis describe-stream`, and writing a layout back as `list-shards` JSON.
//!
//! Reading is total: a malformed document is a located [`Diagnostic`] naming the field, never a
//! panic. It checks each shard on its own (a bound that is not a hash key, a range upside down, an
//! id twice) but not how the shards fit together: gaps and overlaps are left to
//! [`StreamLayout::coverage_problems`], so the page can show a broken layout and say what is wrong.

use super::{sequence_number, HashRange, Shard, StreamLayout};
use crate::diagnostic::Diagnostic;
use crate::hash_key::HashKey;
use crate::record::DEFAULT_STREAM_NAME;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

impl StreamLayout {
    /// Reads the JSON printed by `aws kinesis list-shards` or `aws kinesis describe-stream`.
    pub fn from_aws_json(text: &str) -> Result<StreamLayout, Diagnostic> {
        let document: AwsShardsDocument =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        let (stream_name, raw_shards) = match document {
            AwsShardsDocument::ListShards { shards } => (DEFAULT_STREAM_NAME.to_owned(), shards),
            AwsShardsDocument::DescribeStream { description } => (
                description
                    .stream_name
                    .unwrap_or_else(|| DEFAULT_STREAM_NAME.into()),
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
