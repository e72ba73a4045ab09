//! The raw flags turned into the core's values, validated, in one conversion (ripgrep's
//! "high-level arguments"): what the commands run on never needs a flag again.
//!
//! Every check is the core's own (`MappingConfig::validate`, `FunctionModel::validate`,
//! `HarnessOptions::validate`, `StreamLayout::uniform`), so the CLI refuses what the page refuses,
//! with the same AWS-shaped messages.

use crate::args::{FailureArgs, MappingArgs, ProducerArgs, SimulateArgs, StreamArgs};
use crate::CliResult;
use shardlane::mapping::config::{AwsFilter, AwsFilterCriteria};
use shardlane::mapping::failures::{Attempts, FailureEffect, FailureRule, RecordMatch};
use shardlane::mapping::filter::FilterSource;
use shardlane::mapping::{
    Consumer, DestinationConfig, FailureRules, FunctionModel, FunctionResponseType, MappingConfig,
};
use shardlane::producers::harness::HarnessOptions;
use shardlane::producers::Language;
use shardlane::StreamLayout;
use std::io::Read;
use std::time::Duration;

/// Everything `simulate` needs, checked.
pub struct Simulate {
    pub layout: StreamLayout,
    pub mapping: MappingConfig,
    pub function: FunctionModel,
    pub failures: FailureRules,
    /// Where to write the on-failure destination's documents.
    pub on_failure_documents: Option<String>,
    pub producer: Producer,
    pub summary: bool,
    /// The input's path, `-` for stdin.
    pub input: String,
}

/// How to read and run the producer input.
pub struct Producer {
    /// The language asked for; `None` guesses from the file name and the text.
    pub language: Option<Language>,
    /// The harness options of both code engines (record cap, seed, clock origin, region).
    pub options: HarnessOptions,
    /// When a code engine's child process is killed.
    pub time_limit: Duration,
}

impl Simulate {
    pub fn from_args(args: SimulateArgs) -> CliResult<Simulate> {
        let layout = load_layout(&args.stream)?;
        let source = if args.dynamodb.source == "dynamodb" {
            FilterSource::DynamoDb
        } else {
            FilterSource::Kinesis
        };
        let mapping = mapping_config(&args.mapping, &args.failures, source)?;
        let function = function_model(&args.mapping, &args.failures)?;
        let failures = failure_rules(&args.failures)?;
        let producer = producer(&args.producer)?;
        Ok(Simulate {
            layout,
            mapping,
            function,
            failures,
            on_failure_documents: args.failures.on_failure_documents,
            producer,
            summary: args.summary,
            input: args.input,
        })
    }
}

/// The mapping, validated for `source` (whose records its filters are matched against).
fn mapping_config(
    args: &MappingArgs,
    failures: &FailureArgs,
    source: FilterSource,
) -> CliResult<MappingConfig> {
    if let Some(path) = &args.mapping {
        let text = std::fs::read_to_string(path).map_err(|e| format!("--mapping {path}: {e}"))?;
        let mapping = MappingConfig::from_aws_json(&text).map_err(|e| format!("{path}: {e}"))?;
        let mapping = MappingConfig {
            retention_period_hours: failures.retention_period_hours,
            ..mapping
        };
        mapping.validate_for(source).map_err(|e| e.to_string())?;
        return Ok(mapping);
    }
    let filters: Vec<AwsFilter> = args
        .filters
        .iter()
        .map(|pattern| AwsFilter {
            pattern: pattern.clone(),
        })
        .collect();
    let mapping = MappingConfig {
        batch_size: args.batch_size,
        parallelization_factor: args.parallelization_factor,
        maximum_batching_window_seconds: args.batching_window,
        filter_criteria: (!filters.is_empty()).then_some(AwsFilterCriteria { filters }),
        maximum_retry_attempts: failures.maximum_retry_attempts,
        maximum_record_age_seconds: failures.maximum_record_age_in_seconds,
        bisect_batch_on_function_error: failures.bisect_batch_on_function_error,
        tumbling_window_seconds: failures.tumbling_window_in_seconds,
        function_response_types: failures
            .function_response_types
            .iter()
            .map(|_| FunctionResponseType::ReportBatchItemFailures)
            .collect(),
        destination_config: match &failures.destination_config {
            Some(json) => serde_json::from_str::<DestinationConfig>(json)
                .map_err(|e| format!("--destination-config: {e}"))?,
            None => DestinationConfig::default(),
        },
        retention_period_hours: failures.retention_period_hours,
        consumer: if args.enhanced_fan_out {
            Consumer::EnhancedFanOut
        } else {
            Consumer::StandardIterator
        },
        other_consumers: args.other_consumers,
        ..MappingConfig::default()
    };
    mapping.validate_for(source).map_err(|e| e.to_string())?;
    Ok(mapping)
}

fn function_model(args: &MappingArgs, failures: &FailureArgs) -> CliResult<FunctionModel> {
    let function = FunctionModel {
        fixed_ms: args.function_ms,
        per_record_ms: args.per_record_ms,
        cold_start_ms: args.cold_start_ms,
        max_environments: args.max_environments,
        timeout_ms: failures.function_timeout_ms,
        retry_delay_ms: failures.retry_delay_ms,
    };
    function.validate().map_err(|e| e.to_string())?;
    Ok(function)
}

/// The `--failures` file's rules, then an `error`/`always` rule per `--fail-key`.
fn failure_rules(args: &FailureArgs) -> CliResult<FailureRules> {
    let mut rules = match &args.failures {
        Some(path) => {
            FailureRules::from_json(&read_input(path)?).map_err(|d| format!("{path}: {d}"))?
        }
        None => FailureRules::default(),
    };
    rules
        .rules
        .extend(args.fail_key.iter().map(|key| FailureRule {
            effect: FailureEffect::Error,
            matches: RecordMatch::KeyEquals(key.clone()),
            attempts: Attempts::Always,
        }));
    rules.validate().map_err(|d| format!("--fail-key: {d}"))?;
    Ok(rules)
}

fn producer(args: &ProducerArgs) -> CliResult<Producer> {
    let options = HarnessOptions {
        record_cap: args.record_cap,
        seed: args.seed,
        ..HarnessOptions::default()
    };
    options.validate().map_err(|d| d.to_string())?;
    if args.timeout == 0 {
        return Err("--timeout must be at least 1 second".into());
    }
    Ok(Producer {
        language: args.language,
        options,
        time_limit: Duration::from_secs(args.timeout.into()),
    })
}

/// The stream: a `list-shards`/`describe-stream` file (its coverage problems are warnings), or a
/// uniform layout of `--shards` (one shard by default, as CreateStream's minimum).
pub fn load_layout(args: &StreamArgs) -> CliResult<StreamLayout> {
    match (&args.layout, args.shards) {
        (Some(path), _) => {
            let layout = StreamLayout::from_aws_json(&read_input(path)?)
                .map_err(|d| format!("{path}: {d}"))?;
            for problem in layout.coverage_problems() {
                eprintln!("shardlane: {path}: warning: {problem}");
            }
            Ok(layout)
        }
        (None, shards) => {
            StreamLayout::uniform(shards.unwrap_or(*shardlane::layout::SHARD_COUNT.start()))
                .map_err(|e| e.to_string())
        }
    }
}

/// A file's text, or stdin's for `-`.
pub fn read_input(path: &str) -> CliResult<String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("stdin: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
    }
}
