//! What the mapping does with a batch it gives up on: `DestinationConfig.OnFailure` and the
//! invocation record Lambda sends there, and `FunctionResponseTypes` (partial batch responses).
//!
//! DOC (Lambda developer guide, "Using AWS Lambda with Amazon Kinesis", error handling): when a
//! batch is discarded because its records are too old or its retries are exhausted, Lambda sends a
//! document with details about the batch (never the records) to an SQS queue, an SNS topic or an S3
//! bucket. [`InvocationRecord`] serializes to that document field for field as the guide's example
//! shows it (`requestContext`, `responseContext`, `version`, `timestamp`, `KinesisBatchInfo`).
//! A DynamoDB stream's document is the same with `DDBStreamBatchInfo` (DOC, the guide's "Using AWS
//! Lambda with Amazon DynamoDB", "Example Invocation Record"), whose arrival times are whole
//! seconds (`2019-11-14T00:13:19Z`), as the stream records' `ApproximateCreationDateTime`.
//! MODEL: the `requestId` is derived from the simulation (AWS generates a random UUID), and a
//! batch discarded before any invocation gets the response context of a call that never ran
//! (`statusCode` 0, no `functionError`): AWS does not publish that case.

use crate::diagnostic::AwsError;
use serde::{Deserialize, Serialize};

/// `FunctionResponseTypes`: the only value Lambda accepts for Kinesis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FunctionResponseType {
    /// The function may return `{"batchItemFailures": [{"itemIdentifier": "<sequence number>"}]}`.
    ReportBatchItemFailures,
}

/// `DestinationConfig` as the Lambda API writes it; only `OnFailure` applies to Kinesis mappings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<OnFailure>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnFailure {
    /// An SQS queue, SNS topic or S3 bucket ARN.
    pub destination: String,
}

/// The services an on-failure destination of a Kinesis mapping may be.
pub const ON_FAILURE_SERVICES: [&str; 3] = ["sqs", "sns", "s3"];

impl DestinationConfig {
    /// A configuration sending discarded batches to `arn`.
    pub fn on_failure(arn: impl Into<String>) -> DestinationConfig {
        DestinationConfig {
            on_failure: Some(OnFailure {
                destination: arn.into(),
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.on_failure.is_none()
    }

    /// The destination's ARN, when one is set.
    pub fn on_failure_arn(&self) -> Option<&str> {
        self.on_failure.as_ref().map(|d| d.destination.as_str())
    }

    /// Checks the destination is an SQS, SNS or S3 ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:NAME`;
    /// S3 bucket ARNs have an empty region and account).
    pub fn validate(&self) -> Result<(), AwsError> {
        let Some(arn) = self.on_failure_arn() else {
            return Ok(());
        };
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let valid = match parts.as_slice() {
            ["arn", partition, "s3", "", "", bucket] => {
                partition.starts_with("aws") && !bucket.is_empty()
            }
            ["arn", partition, service @ ("sqs" | "sns"), region, account, name] => {
                partition.starts_with("aws")
                    && !region.is_empty()
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && !name.is_empty()
                    && !service.is_empty()
            }
            _ => false,
        };
        if valid {
            Ok(())
        } else {
            Err(AwsError::validation(format!(
                "1 validation error detected: Value '{arn}' at 'destinationConfig.onFailure.destination' \
                 failed to satisfy constraint: Member must be an Amazon SQS queue, Amazon SNS topic or \
                 Amazon S3 bucket ARN"
            )))
        }
    }
}

/// AWS's condition names for a discarded batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DiscardReason {
    /// MaximumRetryAttempts reached.
    RetryAttemptsExhausted,
    /// The batch's oldest record is older than MaximumRecordAgeInSeconds (or the retention).
    RecordAgeExceeded,
}

impl DiscardReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscardReason::RetryAttemptsExhausted => "RetryAttemptsExhausted",
            DiscardReason::RecordAgeExceeded => "RecordAgeExceeded",
        }
    }
}

/// The invocation record an on-failure destination receives for one discarded batch; it
/// serializes field for field, in order, as the guide's example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvocationRecord {
    #[serde(rename = "requestContext")]
    pub request_context: RequestContext,
    #[serde(rename = "responseContext")]
    pub response_context: ResponseContext,
    pub version: &'static str,
    /// When the batch was discarded, ISO 8601 in UTC.
    pub timestamp: String,
    /// `KinesisBatchInfo` or `DDBStreamBatchInfo`, by the stream.
    #[serde(flatten)]
    pub batch_info: BatchInfo,
}

/// The stream's part of the document, named by the kind of stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum BatchInfo {
    #[serde(rename = "KinesisBatchInfo")]
    Kinesis(StreamBatchInfo),
    #[serde(rename = "DDBStreamBatchInfo")]
    DynamoDb(StreamBatchInfo),
}

impl BatchInfo {
    /// The fields, whichever the stream.
    pub fn fields(&self) -> &StreamBatchInfo {
        match self {
            BatchInfo::Kinesis(info) | BatchInfo::DynamoDb(info) => info,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestContext {
    pub request_id: String,
    pub function_arn: String,
    pub condition: DiscardReason,
    pub approximate_invoke_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseContext {
    /// 200 after an invocation that returned; 0 when the batch was never invoked (MODEL).
    pub status_code: u16,
    pub executed_version: &'static str,
    /// `Unhandled` after a function error; absent when the batch was never invoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_error: Option<&'static str>,
}

impl ResponseContext {
    /// The response context after the batch's last invocation, if it had one.
    pub fn after(invoked: bool) -> ResponseContext {
        ResponseContext {
            status_code: if invoked { 200 } else { 0 },
            executed_version: "$LATEST",
            function_error: invoked.then_some("Unhandled"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamBatchInfo {
    pub shard_id: String,
    pub start_sequence_number: String,
    pub end_sequence_number: String,
    pub approximate_arrival_of_first_record: String,
    pub approximate_arrival_of_last_record: String,
    pub batch_size: usize,
    pub stream_arn: String,
}

impl InvocationRecord {
    /// The document, pretty-printed as the guide shows it.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Unix milliseconds as `2019-11-14T00:13:19Z`, rounded down to the second: the arrival times of
/// a DynamoDB stream's document.
pub fn iso_timestamp_seconds(unix_ms: u64) -> String {
    let millis = iso_timestamp(unix_ms - unix_ms % 1000);
    format!("{}Z", &millis[..millis.len() - 5])
}

/// Unix milliseconds as `2019-11-14T00:38:06.021Z`, the form of the guide's example.
pub fn iso_timestamp(unix_ms: u64) -> String {
    let (days, ms_of_day) = (unix_ms / 86_400_000, unix_ms % 86_400_000);
    // Howard Hinnant's days-to-civil algorithm, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let (hours, minutes) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
    let (seconds, millis) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
    format!("{year:04}-{month:02}-{day:02}T{hours:02}:{minutes:02}:{seconds:02}.{millis:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_8601_in_utc_with_milliseconds() {
        assert_eq!(iso_timestamp(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_timestamp(1_573_691_886_021), "2019-11-14T00:38:06.021Z");
        assert_eq!(iso_timestamp(1_709_164_800_000), "2024-02-29T00:00:00.000Z");
        assert_eq!(
            iso_timestamp_seconds(1_573_690_399_999),
            "2019-11-14T00:13:19Z"
        );
    }

    #[test]
    fn only_sqs_sns_and_s3_arns_are_destinations() {
        for good in [
            "arn:aws:sqs:us-east-2:123456789012:dlq",
            "arn:aws:sns:us-east-2:123456789012:topic",
            "arn:aws:s3:::my-bucket",
        ] {
            assert!(
                DestinationConfig::on_failure(good).validate().is_ok(),
                "{good}"
            );
        }
        for bad in [
            "dlq",
            "arn:aws:lambda:us-east-2:123456789012:function:f",
            "arn:aws:sqs:us-east-2:1234:dlq",
            "arn:aws:sqs:us-east-2:123456789012:",
        ] {
            let error = DestinationConfig::on_failure(bad).validate().unwrap_err();
            assert!(error.message.contains("onFailure"), "{error}");
        }
    }
}
