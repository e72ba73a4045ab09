//! The Lambda event source mapping's settings, with AWS's defaults and ranges.
//!
//! [`MappingConfig`] holds what `aws lambda get-event-source-mapping` shows for a Kinesis source;
//! [`FunctionModel`] holds what the playground must assume about the function itself (how long a
//! batch takes, the cold start, reserved concurrency, its timeout, the delay before a retry).
//! Out-of-range values are refused with the message shape AWS uses for request validation.

use super::destination::{DestinationConfig, FunctionResponseType};
use super::filter::FilterSource;
use crate::diagnostic::{AwsError, Diagnostic};
use serde::{Deserialize, Serialize};
use std::fmt::Display;
use std::ops::RangeInclusive;

// AWS's ranges for the mapping's settings (the Lambda API reference of CreateEventSourceMapping),
// and the model's for the function. Validation, the CLI's help and the page's inputs read these.

/// `BatchSize` for a Kinesis source.
pub const BATCH_SIZE: RangeInclusive<u32> = 1..=10_000;
/// `MaximumBatchingWindowInSeconds`.
pub const MAXIMUM_BATCHING_WINDOW_SECONDS: RangeInclusive<u32> = 0..=300;
/// `ParallelizationFactor`: concurrent batches per shard.
pub const PARALLELIZATION_FACTOR: RangeInclusive<u32> = 1..=10;
/// `MaximumRetryAttempts` (-1: retry until the record expires).
pub const MAXIMUM_RETRY_ATTEMPTS: RangeInclusive<i32> = -1..=10_000;
/// `MaximumRecordAgeInSeconds` when it is not -1 (infinite).
pub const MAXIMUM_RECORD_AGE_SECONDS: RangeInclusive<i32> = 60..=604_800;
/// `TumblingWindowInSeconds`.
pub const TUMBLING_WINDOW_SECONDS: RangeInclusive<u32> = 0..=900;
/// Other shared-throughput consumers of every shard (applications or mappings reading with a
/// standard iterator besides this one). AWS sets no such limit: with 5 reads per second per shard
/// to share, the playground stops at 19 others (one read every 4 s each), a bound of its own.
pub const OTHER_CONSUMERS: RangeInclusive<u32> = 0..=19;
/// Reserved concurrency (`ReservedConcurrentExecutions`), the model's `max_environments`.
pub const RESERVED_CONCURRENCY: RangeInclusive<u32> = 1..=1_000_000;
/// Each of the function model's times in ms: a 15-minute invocation is Lambda's hard limit.
pub const FUNCTION_MS: RangeInclusive<u64> = 0..=900_000;
/// The function's `Timeout`, in ms (Lambda: 1 to 900 seconds).
pub const TIMEOUT_MS: RangeInclusive<u64> = 1_000..=900_000;
/// The stream's `RetentionPeriodHours` (Kinesis: 24 hours to 365 days).
pub const RETENTION_PERIOD_HOURS: RangeInclusive<u32> = 24..=8_760;
/// DOC (DynamoDB developer guide, "Change data capture for DynamoDB Streams"): a DynamoDB
/// stream keeps its records for 24 hours, a fixed period.
pub const DYNAMODB_STREAM_RETENTION_HOURS: u32 = 24;
/// Why a DynamoDB stream's mapping cannot read by enhanced fan-out (a Kinesis Data Streams
/// consumer type, which a DynamoDB stream does not have). The text is the playground's.
pub const DYNAMODB_HAS_NO_FAN_OUT: &str =
    "Enhanced fan-out is a Kinesis Data Streams consumer; a DynamoDB stream is read by polling";

/// Where the mapping starts reading. Required for a Kinesis source: CreateEventSourceMapping
/// without it is refused ([`STARTING_POSITION_MISSING`]). The simulation reads every record put,
/// because every record is put after the mapping starts: LATEST and TRIM_HORIZON read the same
/// records here, and AT_TIMESTAMP reads them from the stream's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartingPosition {
    Latest,
    TrimHorizon,
    AtTimestamp,
}

/// Lambda's answer to a Kinesis mapping without `StartingPosition` (code
/// `InvalidParameterValueException`; OBS: LocalStack's snapshot-tested CreateEventSourceMapping
/// validation quotes it).
pub const STARTING_POSITION_MISSING: &str = "1 validation error detected: Value null at \
    'startingPosition' failed to satisfy constraint: Member must not be null.";

impl StartingPosition {
    /// AWS's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
            StartingPosition::AtTimestamp => "AT_TIMESTAMP",
        }
    }

    /// What the settings say of the StartingPosition in use: AWS requires one, the page starts
    /// with its own default, and here every choice reads every record.
    pub fn note(self) -> String {
        let default = if self == MappingConfig::default().starting_position {
            " (the playground's default; AWS requires every Kinesis mapping to name one)"
        } else {
            ""
        };
        format!(
            "StartingPosition {}{default}. Every record here is put after the mapping starts, so \
             LATEST, TRIM_HORIZON and AT_TIMESTAMP read the same records.",
            self.as_str()
        )
    }
}

/// How the mapping reads the stream (DOC, "Using Lambda with Kinesis", polling and batching): a
/// standard iterator polls each shard with GetRecords and shares the shard's read throughput with
/// every other shared-throughput consumer; an enhanced fan-out consumer (the mapping's
/// EventSourceArn is a stream consumer's ARN) has records pushed over HTTP/2 with 2 MB/s of its
/// own per shard. See `engine::reading` for the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Consumer {
    #[default]
    StandardIterator,
    EnhancedFanOut,
}

/// The event source mapping parameters of SEMANTICS.md.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MappingConfig {
    pub batch_size: u32,
    #[serde(rename = "MaximumBatchingWindowInSeconds")]
    pub maximum_batching_window_seconds: u32,
    pub parallelization_factor: u32,
    pub maximum_retry_attempts: i32,
    #[serde(rename = "MaximumRecordAgeInSeconds")]
    pub maximum_record_age_seconds: i32,
    pub bisect_batch_on_function_error: bool,
    #[serde(rename = "TumblingWindowInSeconds")]
    pub tumbling_window_seconds: Option<u32>,
    pub starting_position: StartingPosition,
    /// Event filtering; records matching none of its patterns are dropped (see `filter.rs`).
    pub filter_criteria: Option<AwsFilterCriteria>,
    /// `["ReportBatchItemFailures"]` lets the function report partial batch failures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_response_types: Vec<FunctionResponseType>,
    /// Where discarded batches are described (`OnFailure`).
    #[serde(skip_serializing_if = "DestinationConfig::is_empty")]
    pub destination_config: DestinationConfig,
    /// The stream's retention: records older than this are gone, whatever the mapping says. Not a
    /// mapping field in AWS (it is `describe-stream`'s), kept here because it bounds retries.
    #[serde(skip_serializing_if = "is_default_retention")]
    pub retention_period_hours: u32,
    /// Standard iterator (AWS's default) or enhanced fan-out. Not a field of AWS's JSON (AWS tells
    /// them apart by the EventSourceArn); absent in older links, which read as standard.
    #[serde(skip_serializing_if = "is_standard_iterator")]
    pub consumer: Consumer,
    /// Other shared-throughput consumers of each shard, which share its 2 MB/s and 5 reads/s with
    /// a standard iterator. A property of the stream's other readers, kept here beside retention.
    #[serde(skip_serializing_if = "is_zero")]
    pub other_consumers: u32,
}

fn is_standard_iterator(consumer: &Consumer) -> bool {
    *consumer == Consumer::StandardIterator
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Kinesis's default retention, in hours.
pub const DEFAULT_RETENTION_HOURS: u32 = 24;

fn is_default_retention(hours: &u32) -> bool {
    *hours == DEFAULT_RETENTION_HOURS
}

/// `FilterCriteria` as the Lambda API writes it: `{"Filters": [{"Pattern": "<JSON text>"}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsFilterCriteria {
    pub filters: Vec<AwsFilter>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsFilter {
    pub pattern: String,
}

impl Default for MappingConfig {
    fn default() -> Self {
        MappingConfig {
            batch_size: 100,
            maximum_batching_window_seconds: 0,
            parallelization_factor: 1,
            maximum_retry_attempts: -1,
            maximum_record_age_seconds: -1,
            bisect_batch_on_function_error: false,
            tumbling_window_seconds: None,
            starting_position: StartingPosition::Latest,
            filter_criteria: None,
            function_response_types: Vec::new(),
            destination_config: DestinationConfig::default(),
            retention_period_hours: DEFAULT_RETENTION_HOURS,
            consumer: Consumer::StandardIterator,
            other_consumers: 0,
        }
    }
}

fn out_of_range(value: impl Display, field: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {constraint}"
    ))
}

fn check_range<T: PartialOrd + Display>(
    value: T,
    field: &str,
    range: &RangeInclusive<T>,
) -> Result<(), AwsError> {
    let (min, max) = (range.start(), range.end());
    if value < *min {
        Err(out_of_range(
            value,
            field,
            &format!("Member must have value greater than or equal to {min}"),
        ))
    } else if value > *max {
        Err(out_of_range(
            value,
            field,
            &format!("Member must have value less than or equal to {max}"),
        ))
    } else {
        Ok(())
    }
}

impl MappingConfig {
    /// Checks every parameter against AWS's range; the first violation is returned (a Kinesis
    /// mapping's filters).
    pub fn validate(&self) -> Result<(), AwsError> {
        self.validate_for(FilterSource::Kinesis)
    }

    /// [`MappingConfig::validate`] for a mapping on `source`, whose filters name its record's keys.
    pub fn validate_for(&self, source: FilterSource) -> Result<(), AwsError> {
        check_range(self.batch_size, "batchSize", &BATCH_SIZE)?;
        check_range(
            self.maximum_batching_window_seconds,
            "maximumBatchingWindowInSeconds",
            &MAXIMUM_BATCHING_WINDOW_SECONDS,
        )?;
        check_range(
            self.parallelization_factor,
            "parallelizationFactor",
            &PARALLELIZATION_FACTOR,
        )?;
        check_range(
            self.maximum_retry_attempts,
            "maximumRetryAttempts",
            &MAXIMUM_RETRY_ATTEMPTS,
        )?;
        // The API's range is -1..=604800 (a ValidationException outside it); inside it, Lambda
        // refuses 0..=59 and -2.. with its own text (OBS: terraform-provider-aws#16113).
        let age = self.maximum_record_age_seconds;
        check_range(
            age,
            "maximumRecordAgeInSeconds",
            &(-1..=*MAXIMUM_RECORD_AGE_SECONDS.end()),
        )?;
        if age != -1 && !MAXIMUM_RECORD_AGE_SECONDS.contains(&age) {
            return Err(AwsError {
                code: "InvalidParameterValueException",
                message: format!(
                    "MaximumRecordAgeInSeconds must be either -1 (forever) or between {} and {} \
                     (inclusive)",
                    MAXIMUM_RECORD_AGE_SECONDS.start(),
                    MAXIMUM_RECORD_AGE_SECONDS.end()
                ),
            });
        }
        if let Some(window) = self.tumbling_window_seconds {
            check_range(window, "tumblingWindowInSeconds", &TUMBLING_WINDOW_SECONDS)?;
        }
        check_range(
            self.retention_period_hours,
            "retentionPeriodHours",
            &RETENTION_PERIOD_HOURS,
        )?;
        check_range(self.other_consumers, "otherConsumers", &OTHER_CONSUMERS)?;
        if source == FilterSource::DynamoDb && self.consumer == Consumer::EnhancedFanOut {
            return Err(AwsError::invalid_parameter_value(DYNAMODB_HAS_NO_FAN_OUT));
        }
        self.destination_config.validate()?;
        self.filters_for(source).map(|_| ())
    }

    /// The mapping as it reads a DynamoDB stream: by polling (a DynamoDB stream has no enhanced
    /// fan-out) from records kept 24 hours (DOC: "DynamoDB Streams … stores this information
    /// in a log for up to 24 hours"), whatever the Kinesis-only settings say.
    pub fn on_dynamodb_stream(&self) -> MappingConfig {
        MappingConfig {
            consumer: Consumer::StandardIterator,
            retention_period_hours: DYNAMODB_STREAM_RETENTION_HOURS,
            ..self.clone()
        }
    }

    /// Whether the function's partial batch responses are honoured.
    pub fn reports_batch_item_failures(&self) -> bool {
        self.function_response_types
            .contains(&FunctionResponseType::ReportBatchItemFailures)
    }

    /// `TumblingWindowInSeconds` in ms when a window is set (AWS: "A value of 0 seconds indicates
    /// no tumbling window").
    pub fn tumbling_window_ms(&self) -> Option<u64> {
        self.tumbling_window_seconds
            .filter(|&seconds| seconds > 0)
            .map(|seconds| u64::from(seconds) * 1000)
    }

    /// `MaximumRetryAttempts` as a limit (`None`: retry until the records expire).
    pub fn retry_limit(&self) -> Option<u32> {
        u32::try_from(self.maximum_retry_attempts).ok()
    }

    /// The age at which a record is discarded: MaximumRecordAgeInSeconds, never past the
    /// stream's retention (when it is -1, the retention alone).
    pub fn record_expiry_ms(&self) -> u64 {
        let retention = u64::from(self.retention_period_hours) * 3_600_000;
        match u64::try_from(self.maximum_record_age_seconds) {
            Ok(age) => (age * 1000).min(retention),
            Err(_) => retention,
        }
    }

    /// The parsed filter patterns of a Kinesis mapping (empty: every record passes).
    pub fn filters(&self) -> Result<super::filter::FilterCriteria, AwsError> {
        self.filters_for(FilterSource::Kinesis)
    }

    /// The parsed filter patterns of a mapping on `source` (empty: every record passes).
    pub fn filters_for(
        &self,
        source: FilterSource,
    ) -> Result<super::filter::FilterCriteria, AwsError> {
        let patterns: Vec<String> = self
            .filter_criteria
            .iter()
            .flat_map(|c| c.filters.iter().map(|f| f.pattern.clone()))
            .collect();
        super::filter::FilterCriteria::parse_for(source, &patterns)
    }

    /// Reads `aws lambda get-event-source-mapping` (or CreateEventSourceMapping request) JSON;
    /// missing optional fields take AWS's defaults. `StartingPosition` is required, as Lambda
    /// requires it of a Kinesis mapping; the range checks come first, as AWS's request validation
    /// precedes Lambda's own.
    pub fn from_aws_json(text: &str) -> Result<MappingConfig, Diagnostic> {
        MappingConfig::from_aws_json_for(text, FilterSource::Kinesis)
    }

    /// [`MappingConfig::from_aws_json`] for a mapping on `source`, whose filters name its
    /// record's keys.
    pub fn from_aws_json_for(
        text: &str,
        source: FilterSource,
    ) -> Result<MappingConfig, Diagnostic> {
        let mut json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        // `null` is how the CLI's JSON writes an absent member.
        let position = json.get("StartingPosition");
        let (given, null) = (position.is_some_and(|p| !p.is_null()), position.is_some());
        let config: MappingConfig = if null && !given {
            json.as_object_mut().map(|o| o.remove("StartingPosition"));
            serde_json::from_value(json).map_err(|e| Diagnostic::error(e.to_string()))?
        } else {
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?
        };
        config
            .validate_for(source)
            .map_err(|e| Diagnostic::error(e.to_string()))?;
        if !given {
            let error = AwsError::invalid_parameter_value(STARTING_POSITION_MISSING);
            return Err(Diagnostic::error(error.to_string()).in_field("StartingPosition"));
        }
        Ok(config)
    }
}

/// What the simulation assumes about the function (a MODEL: AWS cannot know your code's speed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunctionModel {
    /// Time every invocation takes regardless of size.
    pub fixed_ms: u64,
    /// Time added per record in the batch.
    pub per_record_ms: u64,
    /// Extra time when an invocation needs a new execution environment.
    pub cold_start_ms: u64,
    /// Reserved concurrency: the most environments that may exist at once; `None` = unlimited.
    pub max_environments: Option<u32>,
    /// The function's `Timeout`: an invocation whose modelled time is longer fails after it.
    #[serde(skip_serializing_if = "is_default_timeout")]
    pub timeout_ms: u64,
    /// MODEL: the wait before the first retry of a failed batch; it doubles with each consecutive
    /// failure of the lane, up to [`MAX_RETRY_DELAY_MS`] (see `engine::failures`).
    #[serde(skip_serializing_if = "is_default_retry_delay")]
    pub retry_delay_ms: u64,
}

/// Lambda's default function timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 3_000;
/// The model's default first retry delay: one polling interval of a standard iterator.
pub const DEFAULT_RETRY_DELAY_MS: u64 = 1_000;
/// MODEL: the longest wait between two retries (unless `retry_delay_ms` is longer).
pub const MAX_RETRY_DELAY_MS: u64 = 60_000;

fn is_default_timeout(ms: &u64) -> bool {
    *ms == DEFAULT_TIMEOUT_MS
}

fn is_default_retry_delay(ms: &u64) -> bool {
    *ms == DEFAULT_RETRY_DELAY_MS
}

impl Default for FunctionModel {
    fn default() -> Self {
        FunctionModel {
            fixed_ms: 200,
            per_record_ms: 10,
            cold_start_ms: 300,
            max_environments: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retry_delay_ms: DEFAULT_RETRY_DELAY_MS,
        }
    }
}

impl FunctionModel {
    pub fn validate(&self) -> Result<(), AwsError> {
        if let Some(limit) = self.max_environments {
            check_range(limit, "reservedConcurrentExecutions", &RESERVED_CONCURRENCY)?;
        }
        check_range(self.fixed_ms, "fixedMs", &FUNCTION_MS)?;
        check_range(self.per_record_ms, "perRecordMs", &FUNCTION_MS)?;
        check_range(self.cold_start_ms, "coldStartMs", &FUNCTION_MS)?;
        check_range(self.timeout_ms, "timeout", &TIMEOUT_MS)?;
        check_range(self.retry_delay_ms, "retryDelayMs", &FUNCTION_MS)?;
        Ok(())
    }

    /// The handler's modelled time for a batch, without the cold start (what `Timeout` bounds).
    pub fn handler_ms(&self, records: usize) -> u64 {
        self.fixed_ms + self.per_record_ms * records as u64
    }

    /// The wait before retry number `failures` (1 = the first retry) of a lane. MODEL.
    pub fn retry_delay_after(&self, failures: u32) -> u64 {
        let cap = MAX_RETRY_DELAY_MS.max(self.retry_delay_ms);
        let doublings = failures.saturating_sub(1).min(20);
        (self.retry_delay_ms << doublings).min(cap)
    }

    pub fn duration_ms(&self, records: usize, cold: bool) -> u64 {
        let cold_start = if cold { self.cold_start_ms } else { 0 };
        cold_start + self.fixed_ms + self.per_record_ms * records as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_awss() {
        let config = MappingConfig::default();
        assert_eq!((config.batch_size, config.parallelization_factor), (100, 1));
        assert!(config.validate().is_ok());
    }

    #[test]
    fn out_of_range_values_are_refused_with_the_field_name() {
        let too_parallel = MappingConfig {
            parallelization_factor: 11,
            ..MappingConfig::default()
        };
        let error = too_parallel.validate().unwrap_err();
        assert!(error.message.contains("'parallelizationFactor'"), "{error}");
        let age = |maximum_record_age_seconds| {
            MappingConfig {
                maximum_record_age_seconds,
                ..MappingConfig::default()
            }
            .validate()
        };
        let young = age(59).unwrap_err();
        assert_eq!(
            (young.code, young.message.as_str()),
            (
                "InvalidParameterValueException",
                "MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 \
                 (inclusive)"
            )
        );
        assert_eq!(age(0).unwrap_err(), young);
        assert_eq!(age(604_801).unwrap_err().code, "ValidationException");
        assert_eq!(age(-2).unwrap_err().code, "ValidationException");
        assert!(age(-1).is_ok() && age(60).is_ok() && age(604_800).is_ok());
    }

    #[test]
    fn the_range_constants_are_the_bounds_validation_applies() {
        let mapping = |batch_size, parallelization_factor, window| MappingConfig {
            batch_size,
            parallelization_factor,
            maximum_batching_window_seconds: window,
            ..MappingConfig::default()
        };
        let (batch, factor, window) = (
            BATCH_SIZE,
            PARALLELIZATION_FACTOR,
            MAXIMUM_BATCHING_WINDOW_SECONDS,
        );
        assert!(mapping(*batch.start(), *factor.start(), *window.start())
            .validate()
            .is_ok());
        assert!(mapping(*batch.end(), *factor.end(), *window.end())
            .validate()
            .is_ok());
        assert!(mapping(batch.end() + 1, 1, 0).validate().is_err());
        assert!(mapping(100, factor.end() + 1, 0).validate().is_err());
        assert!(mapping(100, 1, window.end() + 1).validate().is_err());
        let function = |fixed_ms, max_environments| FunctionModel {
            fixed_ms,
            max_environments,
            ..FunctionModel::default()
        };
        let top = *RESERVED_CONCURRENCY.end();
        assert!(function(*FUNCTION_MS.end(), Some(top)).validate().is_ok());
        assert!(function(FUNCTION_MS.end() + 1, None).validate().is_err());
        assert!(function(0, Some(top + 1)).validate().is_err());
        let defaults = MappingConfig::default();
        assert!(BATCH_SIZE.contains(&defaults.batch_size));
        assert!(PARALLELIZATION_FACTOR.contains(&defaults.parallelization_factor));
    }

    #[test]
    fn the_consumer_settings_default_to_a_lone_standard_iterator_and_stay_out_of_old_links() {
        let old =
            MappingConfig::from_aws_json(r#"{"BatchSize": 10, "StartingPosition": "LATEST"}"#)
                .unwrap();
        assert_eq!(
            (old.consumer, old.other_consumers),
            (Consumer::StandardIterator, 0)
        );
        let text = serde_json::to_string(&MappingConfig::default()).unwrap();
        assert!(!text.contains("Consumer"), "{text}");
        let efo = MappingConfig::from_aws_json(
            r#"{"Consumer": "ENHANCED_FAN_OUT", "OtherConsumers": 3, "TumblingWindowInSeconds": 0,
                "StartingPosition": "LATEST"}"#,
        )
        .unwrap();
        assert_eq!(
            (efo.consumer, efo.other_consumers),
            (Consumer::EnhancedFanOut, 3)
        );
        assert_eq!(efo.tumbling_window_ms(), None, "0 is no window");
        let crowded = MappingConfig {
            other_consumers: OTHER_CONSUMERS.end() + 1,
            ..MappingConfig::default()
        };
        assert!(crowded
            .validate()
            .unwrap_err()
            .message
            .contains("'otherConsumers'"));
    }

    #[test]
    fn reads_get_event_source_mapping_output() {
        let text = r#"{"UUID": "x", "BatchSize": 500, "ParallelizationFactor": 4,
            "MaximumBatchingWindowInSeconds": 2, "StartingPosition": "TRIM_HORIZON",
            "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "State": "Enabled"}"#;
        let config = MappingConfig::from_aws_json(text).unwrap();
        assert_eq!(config.batch_size, 500);
        assert_eq!(config.parallelization_factor, 4);
        assert_eq!(config.starting_position, StartingPosition::TrimHorizon);
        let filtered = MappingConfig::from_aws_json(
            r#"{"StartingPosition": "AT_TIMESTAMP",
                "FilterCriteria": {"Filters": [{"Pattern": "{\"data\": {\"type\": [\"c\"]}}"}]}}"#,
        )
        .unwrap();
        assert!(filtered.filters().unwrap().matches(br#"{"type": "c"}"#));
        let bad = MappingConfig::from_aws_json(r#"{"BatchSize": 0}"#).unwrap_err();
        assert!(bad.message.contains("batchSize"));
        let broken = MappingConfig::from_aws_json("{\n \"BatchSize\": }").unwrap_err();
        assert_eq!(broken.line, Some(2));
    }

    #[test]
    fn a_kinesis_mapping_without_starting_position_is_refused_as_lambda_refuses_it() {
        for text in [
            r#"{"BatchSize": 10}"#,
            r#"{"BatchSize": 10, "StartingPosition": null}"#,
        ] {
            let error = MappingConfig::from_aws_json(text).unwrap_err();
            assert_eq!(
                error.message,
                "InvalidParameterValueException: 1 validation error detected: Value null at \
                 'startingPosition' failed to satisfy constraint: Member must not be null."
            );
            assert_eq!(error.field.as_deref(), Some("StartingPosition"));
        }
        let given = MappingConfig::from_aws_json(r#"{"StartingPosition": "TRIM_HORIZON"}"#);
        assert_eq!(
            given.unwrap().starting_position,
            StartingPosition::TrimHorizon
        );
        assert!(StartingPosition::Latest
            .note()
            .contains("LATEST (the playground's default"));
        assert!(!StartingPosition::TrimHorizon.note().contains("default"));
        // The range checks of AWS's request validation come first.
        let error = MappingConfig::from_aws_json(r#"{"BatchSize": 0}"#).unwrap_err();
        assert!(error.message.contains("batchSize"), "{}", error.message);
    }
}
