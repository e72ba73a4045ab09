//! The raw flags, as clap parses them (ripgrep's "low-level arguments").
//!
//! Nothing here is checked beyond its type: `settings.rs` validates the whole in one conversion,
//! with the core's messages. Defaults are read from the core's `Default` impls and constants, and
//! the help shows the core's ranges, so a limit changed in the core changes here too.

use clap::{Args, Parser, Subcommand};
use shardlane::dynamodb::shards::{PARTITIONS, ROLLOVER_SECONDS, SPLIT_WRITE_UNITS};
use shardlane::dynamodb::ShardModel;
use shardlane::layout::SEQUENCE_NUMBER_MODEL_LABEL;
use shardlane::layout::SHARD_COUNT;
use shardlane::mapping::config::{
    BATCH_SIZE, FUNCTION_MS, MAXIMUM_BATCHING_WINDOW_SECONDS, MAXIMUM_RECORD_AGE_SECONDS,
    MAXIMUM_RETRY_ATTEMPTS, OTHER_CONSUMERS, PARALLELIZATION_FACTOR, RESERVED_CONCURRENCY,
    RETENTION_PERIOD_HOURS, TIMEOUT_MS, TUMBLING_WINDOW_SECONDS,
};
use shardlane::mapping::filter::{DEFAULT_FILTER_QUOTA, MAX_FILTER_QUOTA};
use shardlane::mapping::{FunctionModel, MappingConfig, StartingPosition};
use shardlane::producers::harness::{HarnessOptions, RECORD_CAP};
use shardlane::producers::{Language, DEFAULT_TIME_LIMIT_SECONDS};
use std::fmt::Display;
use std::ops::RangeInclusive;

#[derive(Parser)]
#[command(
    name = "shardlane",
    version,
    about = "Where each Kinesis record goes, and which Lambda invocation runs it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Route partition keys (one per line on stdin) to shards.
    Route {
        #[command(flatten)]
        stream: StreamArgs,
        /// Read ExplicitHashKeys instead of partition keys.
        #[arg(long)]
        explicit_hash_key: bool,
    },
    /// Simulate producer records through the stream and a Lambda event source mapping.
    #[command(after_help = format!("{SEQUENCE_NUMBER_MODEL_LABEL} {}", StartingPosition::Latest.note()))]
    Simulate(Box<SimulateArgs>),
    /// Print a stream's layout as `aws kinesis list-shards` JSON.
    Layout {
        #[command(flatten)]
        stream: StreamArgs,
    },
}

#[derive(Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub stream: StreamArgs,
    #[command(flatten)]
    pub mapping: MappingArgs,
    #[command(flatten)]
    pub failures: FailureArgs,
    /// Print the insights (hot shards, concurrency ceiling, iterator age and blocked time per
    /// shard…) to stderr after the records.
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub producer: ProducerArgs,
    #[command(flatten)]
    pub dynamodb: DynamoDbArgs,
    /// Producer input: Python (.py), JavaScript (.js, .mjs, .cjs), AWS CLI lines (.sh), a
    /// PutRecords request JSON, a JSON array of entries, NDJSON, or partition keys one per line;
    /// with `--source dynamodb`, DynamoDB calls as JSON Lines (see the README); `-` reads stdin.
    /// A keys or NDJSON file is read twice, a chunk at a time, not held: about 60 bytes per record
    /// that never reaches the mapping, 150 per record it reads (without --summary and
    /// --on-failure-documents, which hold every record: about 560 bytes each).
    pub input: String,
}

/// The DynamoDB Streams source: a table and the shard model's settings.
#[derive(Args)]
pub struct DynamoDbArgs {
    /// Where records come from: a Kinesis data stream, or a DynamoDB table's stream.
    #[arg(long, value_parser = ["kinesis", "dynamodb"], default_value = "kinesis")]
    pub source: String,
    /// With `--source dynamodb`: the table, as `aws dynamodb describe-table` JSON.
    #[arg(long)]
    pub table: Option<String>,
    #[arg(long, default_value_t = ShardModel::default().partitions, help = ranged("With --source dynamodb: the table's partitions, one stream shard each (a model)", &PARTITIONS))]
    pub partitions: usize,
    #[arg(long, default_value_t = ShardModel::default().rollover_seconds, help = ranged("With --source dynamodb: seconds before a stream shard closes and a child takes over (a model)", &ROLLOVER_SECONDS))]
    pub shard_rollover_seconds: u64,
    #[arg(long, default_value_t = ShardModel::default().split_write_units, help = ranged("With --source dynamodb: write units in one second past which a partition splits (a model)", &SPLIT_WRITE_UNITS))]
    pub split_write_units: u32,
    /// With `--source dynamodb`: the TTL attribute (a Number of epoch seconds); expired items
    /// are deleted by TTL when a `Sleep` passes their time.
    #[arg(long)]
    pub ttl_attribute: Option<String>,
    /// With `--source dynamodb`: seconds between an item's expiry and its TTL deletion (a model;
    /// AWS: typically within a few days).
    #[arg(long, default_value_t = 0)]
    pub ttl_delay_seconds: u64,
}

#[derive(Args)]
pub struct StreamArgs {
    #[arg(long, conflicts_with = "layout", help = ranged("A uniform stream of N shards, as CreateStream makes it", &SHARD_COUNT))]
    pub shards: Option<usize>,
    /// A layout from `aws kinesis list-shards` or `describe-stream` JSON.
    #[arg(long)]
    pub layout: Option<String>,
}

#[derive(Args)]
pub struct ProducerArgs {
    /// The input's language, when its file extension and content don't tell.
    #[arg(long, value_parser = language_parser())]
    pub language: Option<Language>,
    #[arg(long, default_value_t = HarnessOptions::default().record_cap, help = ranged("Stop a producer after this many records", &RECORD_CAP))]
    pub record_cap: usize,
    /// Seed for the producer's randomness (Python's random and uuid4, JavaScript's Math.random).
    #[arg(long, default_value_t = HarnessOptions::default().seed)]
    pub seed: u64,
    /// Wall-clock limit for running a Python or JavaScript producer, in seconds.
    #[arg(long, default_value_t = DEFAULT_TIME_LIMIT_SECONDS)]
    pub timeout: u32,
}

/// Reads `--language` as one of `Language`'s ids (the spelling links and the page use too).
fn language_parser() -> impl clap::builder::TypedValueParser<Value = Language> {
    use clap::builder::{PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(Language::ALL.map(Language::id))
        .map(|id: String| Language::from_id(&id).expect("clap accepts only language ids"))
}

#[derive(Args)]
pub struct MappingArgs {
    /// The mapping as `aws lambda get-event-source-mapping` (or a CreateEventSourceMapping request)
    /// prints it, from a file: its settings replace the mapping flags, and like Lambda it must name
    /// a StartingPosition. The function model and the stream's retention still come from flags.
    #[arg(long, value_name = "FILE", conflicts_with_all = [
        "batch_size", "parallelization_factor", "batching_window", "enhanced_fan_out", "other_consumers",
        "filters", "maximum_retry_attempts", "maximum_record_age_in_seconds",
        "bisect_batch_on_function_error", "function_response_types", "tumbling_window_in_seconds",
        "destination_config",
    ])]
    pub mapping: Option<String>,
    #[arg(long, default_value_t = MappingConfig::default().batch_size, help = ranged("BatchSize", &BATCH_SIZE))]
    pub batch_size: u32,
    #[arg(long, default_value_t = MappingConfig::default().parallelization_factor, help = ranged("ParallelizationFactor, concurrent batches per shard", &PARALLELIZATION_FACTOR))]
    pub parallelization_factor: u32,
    #[arg(long, default_value_t = MappingConfig::default().maximum_batching_window_seconds, help = ranged("MaximumBatchingWindowInSeconds", &MAXIMUM_BATCHING_WINDOW_SECONDS))]
    pub batching_window: u32,
    #[arg(long, default_value_t = FunctionModel::default().fixed_ms, help = ranged("Function time per invocation, in ms (a model)", &FUNCTION_MS))]
    pub function_ms: u64,
    #[arg(long, default_value_t = FunctionModel::default().per_record_ms, help = ranged("Function time per record, in ms (a model)", &FUNCTION_MS))]
    pub per_record_ms: u64,
    #[arg(long, default_value_t = FunctionModel::default().cold_start_ms, help = ranged("Extra time for a new execution environment, in ms (a model)", &FUNCTION_MS))]
    pub cold_start_ms: u64,
    #[arg(long, help = ranged("Reserved concurrency: the most execution environments at once; unlimited when absent", &RESERVED_CONCURRENCY))]
    pub max_environments: Option<u32>,
    /// Read with an enhanced fan-out consumer (records pushed, 2 MB/s per shard of its own)
    /// instead of a standard iterator (polled about once a second, throughput shared).
    #[arg(long)]
    pub enhanced_fan_out: bool,
    #[arg(long, default_value_t = MappingConfig::default().other_consumers, help = ranged("Other shared-throughput consumers of each shard, sharing its 2 MB/s and 5 reads/s with a standard iterator", &OTHER_CONSUMERS))]
    pub other_consumers: u32,
    #[arg(long = "filter", help = format!(r#"A FilterCriteria pattern (JSON) on the record's "data" key, the only key a Kinesis mapping filters on, e.g. '{{"data": {{"type": ["c"]}}}}'; with --source dynamodb, on the Lambda event's record, e.g. '{{"eventName": ["INSERT"]}}'; repeat for up to {DEFAULT_FILTER_QUOTA} (Lambda's default quota; AWS raises it to {MAX_FILTER_QUOTA} on request, the playground does not)"#))]
    pub filters: Vec<String>,
}

/// What fails and how the mapping handles it, under the AWS CLI's option names.
#[derive(Args)]
pub struct FailureArgs {
    #[arg(long, allow_negative_numbers = true, default_value_t = MappingConfig::default().maximum_retry_attempts, help = ranged("MaximumRetryAttempts; -1 retries until the records expire", &MAXIMUM_RETRY_ATTEMPTS))]
    pub maximum_retry_attempts: i32,
    #[arg(long, allow_negative_numbers = true, default_value_t = MappingConfig::default().maximum_record_age_seconds, help = ranged("MaximumRecordAgeInSeconds, or -1 (the stream's retention)", &MAXIMUM_RECORD_AGE_SECONDS))]
    pub maximum_record_age_in_seconds: i32,
    /// BisectBatchOnFunctionError: split a failed batch in two before retrying.
    #[arg(long)]
    pub bisect_batch_on_function_error: bool,
    /// FunctionResponseTypes: `ReportBatchItemFailures` honours partial batch responses.
    #[arg(long, value_parser = ["ReportBatchItemFailures"])]
    pub function_response_types: Vec<String>,
    #[arg(long, help = ranged("TumblingWindowInSeconds: windows aligned to the clock, state carried between a window's invocations, a final invoke per window; 0 is none", &TUMBLING_WINDOW_SECONDS))]
    pub tumbling_window_in_seconds: Option<u32>,
    /// DestinationConfig JSON, e.g. '{"OnFailure": {"Destination": "arn:aws:sqs:us-east-2:123456789012:dlq"}}'.
    #[arg(long)]
    pub destination_config: Option<String>,
    #[arg(long, default_value_t = MappingConfig::default().retention_period_hours, help = ranged("The stream's RetentionPeriodHours", &RETENTION_PERIOD_HOURS))]
    pub retention_period_hours: u32,
    #[arg(long, default_value_t = FunctionModel::default().timeout_ms, help = ranged("The function's Timeout, in ms", &TIMEOUT_MS))]
    pub function_timeout_ms: u64,
    #[arg(long, default_value_t = FunctionModel::default().retry_delay_ms, help = ranged("Wait before the first retry, in ms, doubling per failure up to a minute (a model)", &FUNCTION_MS))]
    pub retry_delay_ms: u64,
    /// The function errors on every invocation holding a record with this partition key; repeat.
    #[arg(long)]
    pub fail_key: Vec<String>,
    /// A JSON file of failure rules (see the README); `--fail-key` rules come after its rules.
    #[arg(long)]
    pub failures: Option<String>,
    /// Write the on-failure destination's documents (one JSON per line) to this file.
    #[arg(long)]
    pub on_failure_documents: Option<String>,
}

/// A flag's help with the core's range, e.g. "BatchSize (1..=10000)".
fn ranged<T: Display>(what: &str, range: &RangeInclusive<T>) -> String {
    format!("{what} ({}..={})", range.start(), range.end())
}
