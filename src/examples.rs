//! Built-in scenarios: the records of the seed producer, the question that started Shardlane.
//!
//! The seed is a boto3 `put_records` loop (`scenario::SEED_PYTHON`): eight records from sources
//! 100–103, partition key `str(r['source'])`, data `json.dumps(r)`. The page draws the default
//! scenario from these records at once and loads the Python engine only when the code is edited;
//! a corpus test proves the engine extracts exactly these records from the seed code.

use crate::record::{ProducedRecord, PutApi};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

/// (source, id, data) of the seed's test records, all of type 'c'.
const SEED_RECORDS: [(u32, u32, &str); 8] = [
    (100, 200, "ce"),
    (101, 201, "ce1"),
    (101, 202, "ce2"),
    (101, 203, "ce3"),
    (101, 204, "ce4"),
    (101, 205, "ce5"),
    (102, 206, "ce1"),
    (103, 207, "ce2"),
];

/// The seed's records exactly as its single `put_records` call sends them.
pub fn seed_records() -> Vec<ProducedRecord> {
    SEED_RECORDS
        .iter()
        .map(|&(source, id, data)| ProducedRecord {
            stream: "my-stream".to_owned(),
            partition_key: source.to_string(),
            explicit_hash_key: None,
            // Python's json.dumps separators: ", " and ": ".
            data: format!(r#"{{"type": "c", "source": {source}, "id": {id}, "data": "{data}"}}"#)
                .into_bytes(),
            arrival_ms: 0,
            put_call: 0,
            api: PutApi::PutRecords,
            source_line: Some(27),
        })
        .collect()
}

/// The seed as a PutRecords request JSON (Data in base64, as the API takes it).
pub fn seed_put_records_json() -> String {
    let entries: Vec<String> = seed_records()
        .iter()
        .map(|r| {
            json!({ "PartitionKey": r.partition_key, "Data": STANDARD.encode(&r.data) }).to_string()
        })
        .collect();
    format!(
        "{{\"StreamName\": \"my-stream\", \"Records\": [\n  {}\n]}}\n",
        entries.join(",\n  ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_json_reads_back_as_the_seed_records() {
        let parsed = crate::input::parse_records_json(&seed_put_records_json()).unwrap();
        assert!(parsed.warnings.is_empty());
        let strip = |r: &ProducedRecord| (r.partition_key.clone(), r.data.clone());
        assert_eq!(
            parsed.records.iter().map(strip).collect::<Vec<_>>(),
            seed_records().iter().map(strip).collect::<Vec<_>>()
        );
    }
}
