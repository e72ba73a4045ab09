//! Built-in scenarios: the records of the seed producer, the question that started Shardlane.
//!
//! The seed is a boto3 `put_records` loop (`scenario::SEED_PYTHON`): eight records from sources
//! 100–103, partition key `str(r['source'])`, data `json.dumps(r)`. The page draws the default
//! scenario from these records at once and loads the Python engine only when the code is edited;
//! a corpus test proves the engine extracts exactly these records from the seed code.

use crate::dynamodb::table::KeyType;
use crate::mapping::failures::{Attempts, FailureEffect, FailureRule, FailureRules, RecordMatch};
use crate::mapping::{DestinationConfig, FunctionModel, FunctionResponseType, MappingConfig};
use crate::record::{ProducedRecord, PutApi, DEFAULT_STREAM_NAME};
use crate::scenario::{DynamoDbSource, KeySpec, Scenario, Source};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

/// A scenario in the examples menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub scenario: Scenario,
}

/// A scenario for producer code (Python, JavaScript or AWS CLI lines: the language is detected).
fn code_example(
    code: &str,
    shard_count: usize,
    batch_size: u32,
    parallelization_factor: u32,
) -> Scenario {
    Scenario {
        code: code.into(),
        shard_count,
        mapping: MappingConfig {
            batch_size,
            parallelization_factor,
            ..MappingConfig::default()
        },
        function: FunctionModel {
            fixed_ms: 400,
            ..FunctionModel::default()
        },
        ..Scenario::default()
    }
}

/// A menu entry whose scenario is producer code on a uniform stream.
struct CodeExample {
    id: &'static str,
    title: &'static str,
    code: &'static str,
    shard_count: usize,
    batch_size: u32,
    parallelization_factor: u32,
}

/// One scenario per user question, then the partition-key strategies, then the other languages.
const CODE_EXAMPLES: [CodeExample; 9] = [
    CodeExample {
        id: "same-shard-different-instances",
        title: "Q1: same shard, yet different Lambda instances — why?",
        code: include_str!("examples/same_shard_different_instances.py"),
        shard_count: 3,
        batch_size: 100,
        parallelization_factor: 1,
    },
    CodeExample {
        id: "per-key-order-in-parallel",
        title: "Q2: keep per-key order, process keys concurrently (ParallelizationFactor 4)",
        code: include_str!("examples/per_key_order_in_parallel.py"),
        shard_count: 2,
        batch_size: 10,
        parallelization_factor: 4,
    },
    CodeExample {
        id: "concurrency-stuck-few-keys",
        title: "Q3: 4 shards × 10 concurrent batches, concurrency stuck at 3",
        code: include_str!("examples/concurrency_stuck_few_keys.py"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 10,
    },
    CodeExample {
        id: "strategy-constant-key",
        title: "Strategy: one constant key",
        code: include_str!("examples/strategy_constant_key.py"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 2,
    },
    CodeExample {
        id: "strategy-random-uuid",
        title: "Strategy: random UUID per record",
        code: include_str!("examples/strategy_random_uuid.py"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 2,
    },
    CodeExample {
        id: "strategy-timestamp",
        title: "Strategy: timestamp as the key",
        code: include_str!("examples/strategy_timestamp.py"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 2,
    },
    CodeExample {
        id: "strategy-per-entity",
        title: "Strategy: one key per entity",
        code: include_str!("examples/strategy_per_entity.py"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 2,
    },
    CodeExample {
        id: "javascript-sdk-v3",
        title: "JavaScript (AWS SDK v3): clicks keyed by user, PutRecords every 200 ms",
        code: include_str!("examples/sdk_v3_clickstream.mjs"),
        shard_count: 4,
        batch_size: 100,
        parallelization_factor: 2,
    },
    CodeExample {
        id: "aws-cli",
        title: "AWS CLI: put-record and put-records lines, two seconds apart (2 shards)",
        code: include_str!("examples/cli_put_records.sh"),
        shard_count: 2,
        batch_size: 100,
        parallelization_factor: 1,
    },
];

/// A rule that fails every delivery (or the first `first`) of records whose data matches `pattern`.
fn data_rule(
    effect: FailureEffect,
    pattern: serde_json::Value,
    first: Option<u32>,
) -> FailureRules {
    FailureRules {
        rules: vec![FailureRule {
            effect,
            matches: RecordMatch::Data(pattern),
            attempts: first.map_or(Attempts::Always, Attempts::First),
        }],
        random: None,
    }
}

/// The on-failure queue of the bisect example.
pub const EXAMPLE_ON_FAILURE_QUEUE: &str = "arn:aws:sqs:us-east-1:123456789012:orders-dlq";

/// "When it fails" examples, one per statement of AWS's guide (seed 003): a poison record blocks
/// its shard until it ages out; bisect, retries and an on-failure destination isolate and report
/// it; partial batch responses retry only from the failed record; a slow function makes
/// IteratorAge climb, and a higher ParallelizationFactor brings it down.
fn failure_examples() -> Vec<Example> {
    let poison = Scenario {
        code: include_str!("examples/poison_record.py").into(),
        shard_count: 2,
        mapping: MappingConfig::default(),
        failures: data_rule(FailureEffect::Error, json!({"type": ["bad"]}), None),
        ..Scenario::default()
    };
    let isolated = Scenario {
        mapping: MappingConfig {
            bisect_batch_on_function_error: true,
            maximum_retry_attempts: 2,
            destination_config: DestinationConfig::on_failure(EXAMPLE_ON_FAILURE_QUEUE),
            ..MappingConfig::default()
        },
        ..poison.clone()
    };
    let partial = Scenario {
        code: include_str!("examples/partial_batch_response.py").into(),
        shard_count: 2,
        mapping: MappingConfig {
            function_response_types: vec![FunctionResponseType::ReportBatchItemFailures],
            ..MappingConfig::default()
        },
        failures: data_rule(FailureEffect::Partial, json!({"type": ["flaky"]}), Some(2)),
        ..Scenario::default()
    };
    let slow = Scenario {
        code: include_str!("examples/slow_function.py").into(),
        shard_count: 2,
        mapping: MappingConfig::default(),
        function: FunctionModel {
            fixed_ms: 200,
            per_record_ms: 25,
            ..FunctionModel::default()
        },
        ..Scenario::default()
    };
    let parallel = Scenario {
        mapping: MappingConfig {
            parallelization_factor: 10,
            ..MappingConfig::default()
        },
        ..slow.clone()
    };
    vec![
        Example {
            id: "poison-record",
            title: "When it fails: one poison record blocks its shard for a day (default settings)",
            scenario: poison,
        },
        Example {
            id: "poison-record-bisect",
            title: "When it fails: bisect + 2 retries isolate the poison record, SQS gets the document",
            scenario: isolated,
        },
        Example {
            id: "partial-batch-response",
            title: "When it fails: partial batch responses (ReportBatchItemFailures)",
            scenario: partial,
        },
        Example {
            id: "slow-function",
            title: "When it falls behind: a slow function, IteratorAge climbs (ParallelizationFactor 1)",
            scenario: slow,
        },
        Example {
            id: "slow-function-parallel",
            title: "When it falls behind: the same function with ParallelizationFactor 10 keeps up",
            scenario: parallel,
        },
    ]
}

/// A DynamoDB table for the examples: `name`, keyed by `partition_key` (S) and maybe a numeric
/// `sort_key`, streaming both images, with the shard model's defaults.
fn dynamodb_table(name: &str, partition_key: &str, sort_key: Option<&str>) -> DynamoDbSource {
    DynamoDbSource {
        table_name: name.into(),
        partition_key: KeySpec {
            name: partition_key.into(),
            key_type: KeyType::S,
        },
        sort_key: sort_key.map(|name| KeySpec {
            name: name.into(),
            key_type: KeyType::N,
        }),
        ..DynamoDbSource::default()
    }
}

/// A DynamoDB Streams scenario: Python `code` writing `table`, read with BatchSize 100 and
/// `parallelization_factor`.
fn dynamodb_example(code: &str, table: DynamoDbSource, parallelization_factor: u32) -> Scenario {
    Scenario {
        source: Source::Dynamodb(table),
        ..code_example(code, 1, 100, parallelization_factor)
    }
}

/// The example the source switch loads when the page still shows the untouched seed.
pub fn dynamodb_starter() -> Scenario {
    dynamodb_example(
        include_str!("examples/dynamodb_customer_as_partition_key.py"),
        dynamodb_table("customer_events", "customer_id", Some("event_time")),
        10,
    )
}

/// DynamoDB Streams examples, one per seed question: per-customer order with the customer id as
/// partition key, and its loss with the event id as partition key; TTL deletions; a burst that
/// splits a partition (parents before children).
fn dynamodb_examples() -> Vec<Example> {
    let ttl = DynamoDbSource {
        ttl_attribute: Some("expires_at".into()),
        ..dynamodb_table("sessions", "session_id", None)
    };
    let burst = DynamoDbSource {
        partitions: 1,
        ..dynamodb_table("orders", "customer_id", None)
    };
    vec![
        Example {
            id: "dynamodb-customer-partition-key",
            title: "DynamoDB: customer id as partition key keeps each customer's events in order",
            scenario: dynamodb_starter(),
        },
        Example {
            id: "dynamodb-event-id-partition-key",
            title: "DynamoDB: event id as partition key spreads one customer's events over shards",
            scenario: dynamodb_example(
                include_str!("examples/dynamodb_event_id_as_partition_key.py"),
                dynamodb_table("customer_events", "event_id", Some("event_time")),
                10,
            ),
        },
        Example {
            id: "dynamodb-ttl",
            title: "DynamoDB: TTL deletions are REMOVE records from the DynamoDB service",
            scenario: dynamodb_example(include_str!("examples/dynamodb_ttl_deletions.py"), ttl, 1),
        },
        Example {
            id: "dynamodb-partition-split",
            title: "DynamoDB: a burst splits a partition; parents are read before children",
            scenario: dynamodb_example(
                include_str!("examples/dynamodb_burst_splits_partition.py"),
                burst,
                1,
            ),
        },
    ]
}

/// The examples menu: the seed first, then [`CODE_EXAMPLES`], then the failure examples, then
/// the DynamoDB Streams examples.
pub fn examples() -> Vec<Example> {
    let seed = Example {
        id: "seed",
        title: "The original question: put_records by source (3 shards)",
        scenario: Scenario::default(),
    };
    std::iter::once(seed)
        .chain(CODE_EXAMPLES.iter().map(|e| Example {
            id: e.id,
            title: e.title,
            scenario: code_example(
                e.code,
                e.shard_count,
                e.batch_size,
                e.parallelization_factor,
            ),
        }))
        .chain(failure_examples())
        .chain(dynamodb_examples())
        .collect()
}

/// The benchmarks' workload: `count` small JSON records from 5,000 devices, 20 per millisecond.
pub fn device_records(count: u64) -> Vec<ProducedRecord> {
    (0..count)
        .map(|i| ProducedRecord {
            arrival_ms: i / 20,
            put_call: i as usize,
            ..ProducedRecord::new(
                format!("device-{}", i % 5000),
                format!("{{\"n\": {i}}}").into_bytes(),
            )
        })
        .collect()
}

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
            stream: DEFAULT_STREAM_NAME.to_owned(),
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
        "{{\"StreamName\": \"{DEFAULT_STREAM_NAME}\", \"Records\": [\n  {}\n]}}\n",
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
