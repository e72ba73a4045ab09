//! What AWS answers each put call of a simulation, in the shape of its JSON response: a
//! PutRecord's `ShardId` and `SequenceNumber`, a PutRecords' `FailedRecordCount` and per-entry
//! results, or the error that refused the call (`{"Error": {"Code", "Message"}}`, as botocore's
//! `ClientError.response` holds it).
//!
//! The service-model spec (`tests/service_model/*.json`) compares these answers with AWS's; the
//! Python and JavaScript engines answer the same calls in the same shape.

use super::Simulation;
use crate::diagnostic::AwsError;
use crate::layout::StreamLayout;
use crate::limits::ENTRY_ERROR_CODES;
use crate::record::{ProducedRecord, PutApi};
use serde::Serialize;

/// AWS's answer to one put call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PutCallAnswer {
    /// The call failed as a whole (a PutRecord's entry failure included).
    Refused {
        #[serde(rename = "Error")]
        error: ErrorBody,
    },
    PutRecord {
        #[serde(rename = "ShardId")]
        shard_id: String,
        #[serde(rename = "SequenceNumber")]
        sequence_number: String,
    },
    PutRecords {
        #[serde(rename = "FailedRecordCount")]
        failed_record_count: usize,
        #[serde(rename = "Records")]
        records: Vec<EntryResult>,
    },
}

/// An error as AWS's JSON carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Message")]
    pub message: String,
}

/// One entry of a PutRecords answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum EntryResult {
    Accepted {
        #[serde(rename = "ShardId")]
        shard_id: String,
        #[serde(rename = "SequenceNumber")]
        sequence_number: String,
    },
    Failed {
        #[serde(rename = "ErrorCode")]
        error_code: String,
        #[serde(rename = "ErrorMessage")]
        error_message: String,
    },
}

impl Simulation {
    /// AWS's answer to each put call of `records` (the records this simulation ran), in call order.
    pub fn put_call_answers(
        &self,
        records: &[ProducedRecord],
        layout: &StreamLayout,
    ) -> Vec<PutCallAnswer> {
        let mut answers = Vec::new();
        let mut start = 0;
        while start < records.len() {
            let call = records[start].put_call;
            let end = start
                + records[start..]
                    .iter()
                    .take_while(|r| r.put_call == call)
                    .count();
            let entries: Vec<Result<(String, String), &AwsError>> = (start..end)
                .map(|i| {
                    let outcome = &self.outcomes[i];
                    match (&outcome.error, outcome.shard, &outcome.sequence_number) {
                        (Some(error), _, _) => Err(&**error),
                        (None, Some(shard), Some(sequence)) => {
                            Ok((layout.shards[shard].id.clone(), sequence.clone()))
                        }
                        (None, _, _) => unreachable!("an accepted record has a shard and a number"),
                    }
                })
                .collect();
            answers.push(answer(records[start].api, entries));
            start = end;
        }
        answers
    }
}

fn refused(error: &AwsError) -> PutCallAnswer {
    PutCallAnswer::Refused {
        error: ErrorBody {
            code: error.code.to_owned(),
            message: error.message.clone(),
        },
    }
}

fn answer(api: PutApi, entries: Vec<Result<(String, String), &AwsError>>) -> PutCallAnswer {
    // A whole-call error is on every entry; an entry error is one of AWS's per-entry codes.
    if let Some(Err(error)) = entries
        .iter()
        .find(|e| matches!(e, Err(error) if !ENTRY_ERROR_CODES.contains(&error.code)))
    {
        return refused(error);
    }
    match api {
        PutApi::PutRecord => match entries.into_iter().next() {
            Some(Ok((shard_id, sequence_number))) => PutCallAnswer::PutRecord {
                shard_id,
                sequence_number,
            },
            Some(Err(error)) => refused(error),
            None => unreachable!("a put call has an entry"),
        },
        PutApi::PutRecords => {
            let records: Vec<EntryResult> = entries
                .into_iter()
                .map(|entry| match entry {
                    Ok((shard_id, sequence_number)) => EntryResult::Accepted {
                        shard_id,
                        sequence_number,
                    },
                    Err(error) => EntryResult::Failed {
                        error_code: error.code.to_owned(),
                        error_message: error.message.clone(),
                    },
                })
                .collect();
            let failed_record_count = records
                .iter()
                .filter(|r| matches!(r, EntryResult::Failed { .. }))
                .count();
            PutCallAnswer::PutRecords {
                failed_record_count,
                records,
            }
        }
    }
}
