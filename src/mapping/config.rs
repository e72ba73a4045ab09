//! The Lambda event source mapping's settings, with AWS's defaults and ranges.
//!
//! [`MappingConfig`] holds what `aws lambda get-event-source-mapping` shows for a Kinesis source;
//! [`FunctionModel`] holds what the playground must assume about the function itself (how long a
//! batch takes, the cold start, reserved concurrency). Out-of-range values are refused with the
//! message shape AWS uses for request validation.

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
/// Reserved concurrency (`ReservedConcurrentExecutions`), the model's `max_environments`.
pub const RESERVED_CONCURRENCY: RangeInclusive<u32> = 1..=1_000_000;
/// Each of the function model's times in ms: a 15-minute invocation is Lambda's hard limit.
pub const FUNCTION_MS: RangeInclusive<u64> = 0..=900_000;

/// Where the mapping starts reading (the simulation always reads every record put).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartingPosition {
    Latest,
    TrimHorizon,
    AtTimestamp,
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
    /// Checks every parameter against AWS's range; the first violation is returned.
    pub fn validate(&self) -> Result<(), AwsError> {
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
        let age = self.maximum_record_age_seconds;
        if age != -1 && !MAXIMUM_RECORD_AGE_SECONDS.contains(&age) {
            return Err(out_of_range(
                age,
                "maximumRecordAgeInSeconds",
                &format!(
                    "Member must be -1 or have value between {} and {}",
                    MAXIMUM_RECORD_AGE_SECONDS.start(),
                    MAXIMUM_RECORD_AGE_SECONDS.end()
                ),
            ));
        }
        if let Some(window) = self.tumbling_window_seconds {
            check_range(window, "tumblingWindowInSeconds", &TUMBLING_WINDOW_SECONDS)?;
        }
        self.filters().map(|_| ())
    }

    /// The parsed filter patterns (empty: every record passes).
    pub fn filters(&self) -> Result<super::filter::FilterCriteria, AwsError> {
        let patterns: Vec<String> = self
            .filter_criteria
            .iter()
            .flat_map(|c| c.filters.iter().map(|f| f.pattern.clone()))
            .collect();
        super::filter::FilterCriteria::parse(&patterns)
    }

    /// Reads `aws lambda get-event-source-mapping` (or create/update request) JSON; missing fields
    /// take AWS's defaults.
    pub fn from_aws_json(text: &str) -> Result<MappingConfig, Diagnostic> {
        let config: MappingConfig =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        config
            .validate()
            .map_err(|e| Diagnostic::error(e.to_string()))?;
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
}

impl Default for FunctionModel {
    fn default() -> Self {
        FunctionModel {
            fixed_ms: 200,
            per_record_ms: 10,
            cold_start_ms: 300,
            max_environments: None,
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
        Ok(())
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
        let young = MappingConfig {
            maximum_record_age_seconds: 59,
            ..MappingConfig::default()
        };
        assert!(young.validate().is_err());
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
    fn reads_get_event_source_mapping_output() {
        let text = r#"{"UUID": "x", "BatchSize": 500, "ParallelizationFactor": 4,
            "MaximumBatchingWindowInSeconds": 2, "StartingPosition": "TRIM_HORIZON",
            "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s", "State": "Enabled"}"#;
        let config = MappingConfig::from_aws_json(text).unwrap();
        assert_eq!(config.batch_size, 500);
        assert_eq!(config.parallelization_factor, 4);
        assert_eq!(config.starting_position, StartingPosition::TrimHorizon);
        let filtered = MappingConfig::from_aws_json(
            r#"{"FilterCriteria": {"Filters": [{"Pattern": "{\"data\": {\"type\": [\"c\"]}}"}]}}"#,
        )
        .unwrap();
        assert!(filtered
            .filters()
            .unwrap()
            .matches("k", "1", br#"{"type": "c"}"#));
        let bad = MappingConfig::from_aws_json(r#"{"BatchSize": 0}"#).unwrap_err();
        assert!(bad.message.contains("batchSize"));
        let broken = MappingConfig::from_aws_json("{\n \"BatchSize\": }").unwrap_err();
        assert_eq!(broken.line, Some(2));
    }
}
