//! AWS's producer limits: what PutRecord/PutRecords refuse, and which records a shard throttles.
//!
//! Request validation is per put call, as AWS does it: any invalid entry fails the whole call.
//! First AWS's request validation (a `ValidationException` listing at most ten violations: the
//! number of records, then per entry the partition key's length, the `ExplicitHashKey` pattern
//! and the data blob's length), then the checks of a well-formed request (the request size, the
//! record size with its partition key, the range of `ExplicitHashKey`). Throttling is per shard:
//! 1 MiB/s and 1,000 records/s. AWS does not publish its accounting window; the model counts each
//! shard's records in whole seconds of arrival time (a MODEL, labelled so in the UI) and answers
//! the excess with AWS's per-entry error. docs/SEMANTICS.md gives each text's source; the same
//! answers are checked against `tests/service_model/*.json` in the Python and JavaScript engines.

use crate::diagnostic::AwsError;
use crate::hash_key::{ExplicitHashKeyError, HashKey};
use crate::record::{ProducedRecord, PutApi};
use std::collections::HashMap;

pub const MIB: usize = 1024 * 1024;
/// The most records one PutRecords call may carry.
pub const MAX_RECORDS_PER_REQUEST: usize = 500;
/// The most bytes (data + partition keys) one PutRecords call may carry: 10 MiB (5 MiB until AWS
/// raised it with large records in 2025).
pub const MAX_REQUEST_BYTES: usize = 10 * MIB;
/// The most bytes a record (data plus partition key) may have, and its data blob alone.
pub const MAX_RECORD_BYTES: usize = MIB;
/// Per-shard write limits.
pub const SHARD_RECORDS_PER_SECOND: usize = 1_000;
pub const SHARD_BYTES_PER_SECOND: usize = MIB;
/// A partition key's length in UTF-16 code units, as AWS counts it.
pub const PARTITION_KEY_LENGTH: std::ops::RangeInclusive<usize> = 1..=256;
/// AWS lists at most this many violations in one ValidationException.
pub const MAX_LISTED_VIOLATIONS: usize = 10;
/// The only codes a PutRecords entry fails with on its own (the call itself succeeded).
pub const ENTRY_ERROR_CODES: [&str; 2] =
    ["ProvisionedThroughputExceededException", "InternalFailure"];
/// The per-entry message of `InternalFailure`.
pub const INTERNAL_FAILURE_MESSAGE: &str = "Internal Service Failure";
/// The code of a throttled entry (or a throttled PutRecord).
pub const THROTTLED_CODE: &str = "ProvisionedThroughputExceededException";
/// What the page shows wherever a throttled record's error is shown.
pub const THROTTLING_WINDOW_MODEL_LABEL: &str =
    "Model: a shard's 1,000 records and 1 MiB per second \
     are counted in whole seconds of arrival time (AWS does not publish its accounting window)";

/// Whether `error` is a shard's throttling answer (whose timing is a model).
pub fn is_throttling(error: &AwsError) -> bool {
    error.code == THROTTLED_CODE
}

/// Shown beside a refusal for a partition key over 256: AWS documents Unicode characters, and
/// Shardlane counts as AWS's Java validation does.
pub const KEY_LENGTH_MODEL_LABEL: &str = "Model: a partition key's length is counted in UTF-16 code \
     units, as AWS's Java validation counts (an emoji counts 2; AWS documents 256 Unicode characters)";

/// The model an answer of AWS's rests on, when it rests on one, and the few words a table row
/// gives it: the per-second throttling window, or how a key's length is counted.
pub fn error_model(error: &AwsError) -> Option<(&'static str, &'static str)> {
    if is_throttling(error) {
        Some((THROTTLING_WINDOW_MODEL_LABEL, "per-second window: a model"))
    } else if error.message.contains(
        "partitionKey' failed to satisfy constraint: Member must have length less than or equal to",
    ) {
        Some((
            KEY_LENGTH_MODEL_LABEL,
            "key length in UTF-16 units: a model",
        ))
    } else {
        None
    }
}

/// A partition key's length as AWS counts it (MODEL: UTF-16 code units, so an emoji counts 2).
pub fn partition_key_length(key: &str) -> usize {
    key.encode_utf16().count()
}

/// The hash key a record routes by, or why AWS refuses its `ExplicitHashKey`: the explicit key
/// when there is one, else `partition_hash` (the MD5 of its partition key, computed once by the
/// caller).
pub fn record_hash_key(
    record: &ProducedRecord,
    partition_hash: HashKey,
) -> Result<HashKey, ExplicitHashKeyError> {
    match &record.explicit_hash_key {
        Some(text) => HashKey::parse_explicit(text),
        None => Ok(partition_hash),
    }
}

/// For each record, the error that fails its put call, if any; every record of a failed call gets
/// the same error, because AWS refuses the call as a whole.
pub fn validate_put_calls(records: &[ProducedRecord]) -> Vec<Option<AwsError>> {
    let mut call_errors: HashMap<usize, AwsError> = HashMap::new();
    let mut start = 0;
    while start < records.len() {
        let call = records[start].put_call;
        let end = start
            + records[start..]
                .iter()
                .take_while(|r| r.put_call == call)
                .count();
        if let Some(error) = validate_call(&records[start..end]) {
            call_errors.insert(call, error);
        }
        start = end;
    }
    records
        .iter()
        .map(|r| call_errors.get(&r.put_call).cloned())
        .collect()
}

/// AWS's validation messages for one entry of a put call, in AWS's order (partition key,
/// explicit hash key, data); `member` names a field as AWS does (`records.3.member.data` in
/// PutRecords).
fn entry_violations(
    entry: &ProducedRecord,
    member: impl Fn(&str) -> String,
    violations: &mut Vec<String>,
) {
    let key_length = partition_key_length(&entry.partition_key);
    if key_length < *PARTITION_KEY_LENGTH.start() {
        violations.push(format!(
            "Value '' at '{}' failed to satisfy constraint: Member must have length greater than or \
             equal to {}",
            member("partitionKey"),
            PARTITION_KEY_LENGTH.start()
        ));
    } else if key_length > *PARTITION_KEY_LENGTH.end() {
        violations.push(format!(
            "Value '{}' at '{}' failed to satisfy constraint: Member must have length less than or \
             equal to {}",
            entry.partition_key,
            member("partitionKey"),
            PARTITION_KEY_LENGTH.end()
        ));
    }
    if let Some(Err(ExplicitHashKeyError::Pattern { value })) = entry
        .explicit_hash_key
        .as_deref()
        .map(HashKey::parse_explicit)
    {
        violations.push(format!(
            "Value '{value}' at '{}' failed to satisfy constraint: Member must satisfy regular \
             expression pattern: 0|([1-9]\\d{{0,38}})",
            member("explicitHashKey")
        ));
    }
    if entry.data.len() > MAX_RECORD_BYTES {
        // AWS prints the blob as Java's ByteBuffer (OBS: kinesalite's tests, a real stack trace).
        let length = entry.data.len();
        violations.push(format!(
            "Value 'java.nio.HeapByteBuffer[pos=0 lim={length} cap={length}]' at '{}' failed to \
             satisfy constraint: Member must have length less than or equal to {MAX_RECORD_BYTES}",
            member("data")
        ));
    }
}

/// A ValidationException listing `violations` as AWS does: at most ten, counted as listed.
fn validation_error(violations: &[String]) -> AwsError {
    let listed = &violations[..violations.len().min(MAX_LISTED_VIOLATIONS)];
    let plural = if listed.len() == 1 { "error" } else { "errors" };
    AwsError::validation(format!(
        "{} validation {plural} detected: {}",
        listed.len(),
        listed.join("; ")
    ))
}

/// The error AWS answers a whole put call with, if any: request validation first, then (MODEL
/// order, moto's) the request size, each record's size with its key, the range of ExplicitHashKey.
fn validate_call(entries: &[ProducedRecord]) -> Option<AwsError> {
    let batch = entries[0].api == PutApi::PutRecords;
    let member = |i: usize, field: &str| {
        if batch {
            format!("records.{}.member.{field}", i + 1)
        } else {
            field.to_owned()
        }
    };
    let mut violations = Vec::new();
    if batch && entries.len() > MAX_RECORDS_PER_REQUEST {
        // MODEL: AWS prints Java's list of the entries (each with a hash code); we elide them.
        violations.push(format!(
            "Value '[… {} entries …]' at 'records' failed to satisfy constraint: Member must have \
             length less than or equal to {MAX_RECORDS_PER_REQUEST}",
            entries.len()
        ));
    }
    for (i, entry) in entries.iter().enumerate() {
        entry_violations(entry, |field| member(i, field), &mut violations);
    }
    if !violations.is_empty() {
        return Some(validation_error(&violations));
    }
    let request_bytes: usize = entries.iter().map(ProducedRecord::size_bytes).sum();
    if batch && request_bytes > MAX_REQUEST_BYTES {
        return Some(AwsError::invalid_argument(
            "Records size exceeds 10 MB limit",
        ));
    }
    if let Some(i) = entries
        .iter()
        .position(|e| e.size_bytes() > MAX_RECORD_BYTES)
    {
        // MODEL (moto's text): the data blob fits, but not with its partition key.
        return Some(AwsError::validation(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must \
             have length less than or equal to {MAX_RECORD_BYTES}",
            member(i, "data")
        )));
    }
    // Only explicit keys can be out of range: skip hashing the partition keys.
    entries.iter().find_map(|e| {
        let text = e.explicit_hash_key.as_deref()?;
        match HashKey::parse_explicit(text) {
            Err(ExplicitHashKeyError::OutOfRange { .. }) => {
                Some(AwsError::invalid_argument(format!(
                    "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. \
                 Specified value was {text}"
                )))
            }
            _ => None,
        }
    })
}

/// Which accepted records exceed their shard's write rate (`true` = throttled).
///
/// `shards[i]` is the shard of record `i` (`None` for records that never reach a shard). Records
/// are counted in arrival order; MODEL: each shard's budget resets at every whole second.
pub fn predict_throttling(records: &[ProducedRecord], shards: &[Option<usize>]) -> Vec<bool> {
    let arrival = |i: usize| records[i].arrival_ms;
    let size = |i: usize| records[i].size_bytes();
    predict_throttling_by(records.len(), |i| shards[i], arrival, size)
}

/// [`predict_throttling`] over `count` records known by their shard (`None`: never reaches one),
/// arrival time and size.
pub fn predict_throttling_by(
    count: usize,
    shard: impl Fn(usize) -> Option<usize>,
    arrival_ms: impl Fn(usize) -> u64,
    size_bytes: impl Fn(usize) -> usize,
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..count).filter(|&i| shard(i).is_some()).collect();
    order.sort_by_key(|&i| arrival_ms(i));
    // Per shard: the second being counted and the (records, bytes) accepted in it so far. In
    // arrival order a shard's seconds only move forward, so an earlier second is never needed
    // again.
    let shard_count = order
        .iter()
        .filter_map(|&i| shard(i))
        .max()
        .map_or(0, |s| s + 1);
    let mut used: Vec<(u64, usize, usize)> = vec![(0, 0, 0); shard_count];
    let mut throttled = vec![false; count];
    for i in order {
        let Some(shard) = shard(i) else { continue };
        let second = arrival_ms(i) / 1000;
        let (counted_second, count, bytes) = &mut used[shard];
        if *counted_second != second {
            (*counted_second, *count, *bytes) = (second, 0, 0);
        }
        let size = size_bytes(i);
        if *count + 1 > SHARD_RECORDS_PER_SECOND || *bytes + size > SHARD_BYTES_PER_SECOND {
            throttled[i] = true;
        } else {
            *count += 1;
            *bytes += size;
        }
    }
    throttled
}

/// AWS's per-entry message for a throttled record.
pub fn throttling_error(shard_id: &str, stream: &str) -> AwsError {
    AwsError {
        code: THROTTLED_CODE,
        message: format!(
            "Rate exceeded for shard {shard_id} in stream {stream} under account {}.",
            crate::layout::ACCOUNT
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch_of(keys: &[&str]) -> Vec<ProducedRecord> {
        keys.iter()
            .map(|k| ProducedRecord {
                api: PutApi::PutRecords,
                ..ProducedRecord::new(*k, b"x".to_vec())
            })
            .collect()
    }

    #[test]
    fn an_emoji_counts_two_towards_256() {
        let too_long = "😀".repeat(129);
        let refused = validate_put_calls(&[ProducedRecord::new(too_long, vec![1])])[0]
            .clone()
            .expect("258 UTF-16 units are over 256");
        assert_eq!(
            error_model(&refused).map(|m| m.0),
            Some(KEY_LENGTH_MODEL_LABEL)
        );
        assert_eq!(partition_key_length("😀"), 2);
        let fits = "😀".repeat(128);
        let too_long = format!("{fits}a");
        let errors = validate_put_calls(&batch_of(&[&fits]));
        assert!(errors[0].is_none());
        let errors = validate_put_calls(&batch_of(&[&too_long]));
        assert!(errors[0]
            .as_ref()
            .unwrap()
            .message
            .contains("records.1.member.partitionKey"));
    }

    #[test]
    fn one_bad_entry_fails_the_whole_put_records_call() {
        let mut records = batch_of(&["a", "", "c"]);
        records.push(ProducedRecord {
            put_call: 1,
            ..ProducedRecord::new("d", b"x".to_vec())
        });
        let errors = validate_put_calls(&records);
        assert!(errors[..3]
            .iter()
            .all(|e| e.as_ref().is_some_and(|e| e.code == "ValidationException")));
        assert!(errors[3].is_none());
    }

    #[test]
    fn out_of_range_explicit_hash_key_rejects_the_request() {
        let mut records = batch_of(&["a", "b"]);
        records[1].explicit_hash_key = Some("340282366920938463463374607431768211456".into());
        let errors = validate_put_calls(&records);
        assert_eq!(errors[0].as_ref().unwrap().code, "InvalidArgumentException");
        assert_eq!(errors[0], errors[1]);
    }

    #[test]
    fn five_hundred_and_one_records_are_too_many() {
        let keys: Vec<String> = (0..501).map(|i| i.to_string()).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let errors = validate_put_calls(&batch_of(&keys));
        assert!(errors[0]
            .as_ref()
            .unwrap()
            .message
            .contains("less than or equal to 500"));
        let errors = validate_put_calls(&batch_of(&keys[..500]));
        assert!(errors[0].is_none());
    }

    #[test]
    fn a_shard_takes_1000_records_per_second() {
        let records: Vec<ProducedRecord> = (0..1500)
            .map(|i| ProducedRecord {
                arrival_ms: if i < 1200 { 10 } else { 1000 },
                ..ProducedRecord::new("k", b"x".to_vec())
            })
            .collect();
        let throttled = predict_throttling(&records, &vec![Some(0); records.len()]);
        assert_eq!(throttled.iter().filter(|&&t| t).count(), 200);
        assert!(!throttled[1200..].iter().any(|&t| t));
    }
}
