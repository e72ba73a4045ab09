//! The scenario: everything a person sets up, and the one source of truth for the page.
//!
//! Producer code and its language, the stream's shard count, the event source mapping and the
//! function model, what the function does wrong (failure rules), and the producer run's options
//! (seed, record cap). The page holds one `Scenario`; share links and embeds are encodings of it.

use crate::diagnostic::Diagnostic;
use crate::layout::StreamLayout;
use crate::mapping::failures::FailureRules;
use crate::mapping::{FunctionModel, MappingConfig};
use crate::producers::harness::HarnessOptions;
use crate::producers::{detect_language, Language};
use crate::record::{ProducedRecord, PutApi, DEFAULT_STREAM_NAME, MAX_ARRIVAL_MS};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The seed producer from the question that started Shardlane (the default scenario).
pub const SEED_PYTHON: &str = include_str!("../tests/producers/python/01_seed_put_records.py");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub code: String,
    /// `None` detects the language from the code.
    pub language: Option<Language>,
    pub shard_count: usize,
    /// A stream layout as `list-shards` JSON (pasted, or made by resharding); when set it replaces
    /// the uniform layout of `shard_count`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    pub mapping: MappingConfig,
    pub function: FunctionModel,
    /// How the function fails (the user's assumption; none by default). Absent from links without
    /// rules, so every link made before rules existed decodes to the same scenario.
    #[serde(skip_serializing_if = "no_failures")]
    pub failures: FailureRules,
    pub seed: u64,
    pub record_cap: usize,
    /// The record the explain pane shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected_record: Option<usize>,
    /// Records the code produced, carried by small share links so a reader sees results before
    /// any code engine loads; they stand for `code` until it is edited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<LinkRecord>>,
}

/// A produced record in a share link, with short field names to keep links short.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    /// Partition key.
    pub k: String,
    /// Data, base64.
    pub d: String,
    /// ExplicitHashKey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Arrival time, ms.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub t: u64,
    /// Put call index.
    #[serde(default, skip_serializing_if = "is_zero_usize")]
    pub c: usize,
    /// Sent by PutRecords (else PutRecord).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub b: bool,
    /// Source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l: Option<usize>,
    /// Stream name, when not `DEFAULT_STREAM_NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s: Option<String>,
}

/// No rule and no random failures at all (a random rate of 0 is still written, so it round-trips).
fn no_failures(failures: &FailureRules) -> bool {
    failures.rules.is_empty() && failures.random.is_none()
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

fn is_zero_usize(value: &usize) -> bool {
    *value == 0
}

impl LinkRecord {
    pub fn from_record(record: &ProducedRecord) -> LinkRecord {
        LinkRecord {
            k: record.partition_key.clone(),
            d: STANDARD.encode(&record.data),
            e: record.explicit_hash_key.clone(),
            t: record.arrival_ms,
            c: record.put_call,
            b: record.api == PutApi::PutRecords,
            l: record.source_line,
            s: (record.stream != DEFAULT_STREAM_NAME).then(|| record.stream.clone()),
        }
    }

    /// `None` when the data is not base64 or the arrival is past `MAX_ARRIVAL_MS` (a damaged or
    /// hostile link).
    pub fn to_record(&self) -> Option<ProducedRecord> {
        if self.t > MAX_ARRIVAL_MS {
            return None;
        }
        Some(ProducedRecord {
            stream: self.s.clone().unwrap_or_else(|| DEFAULT_STREAM_NAME.into()),
            partition_key: self.k.clone(),
            explicit_hash_key: self.e.clone(),
            data: STANDARD.decode(&self.d).ok()?,
            arrival_ms: self.t,
            put_call: self.c,
            api: if self.b {
                PutApi::PutRecords
            } else {
                PutApi::PutRecord
            },
            source_line: self.l,
        })
    }
}

impl Default for Scenario {
    /// The seed example: its boto3 `put_records` on a 3-shard stream, BatchSize 500, PF 1.
    fn default() -> Self {
        Scenario {
            code: SEED_PYTHON.to_owned(),
            language: None,
            shard_count: 3,
            layout: None,
            mapping: MappingConfig {
                batch_size: 500,
                ..MappingConfig::default()
            },
            function: FunctionModel::default(),
            failures: FailureRules::default(),
            seed: HarnessOptions::default().seed,
            record_cap: HarnessOptions::default().record_cap,
            selected_record: None,
            records: None,
        }
    }
}

impl Scenario {
    pub fn language(&self) -> Language {
        self.language.unwrap_or_else(|| detect_language(&self.code))
    }

    /// The stream layout: the pasted or resharded one, else the uniform layout of `shard_count`.
    pub fn stream_layout(&self) -> Result<StreamLayout, Diagnostic> {
        match &self.layout {
            Some(json) => StreamLayout::from_aws_json(json),
            None => StreamLayout::uniform(self.shard_count)
                .map_err(|e| Diagnostic::error(e.to_string()).in_field("Shards")),
        }
    }

    /// The carried records, when every one of them is readable.
    pub fn carried_records(&self) -> Option<Vec<ProducedRecord>> {
        self.records
            .as_ref()?
            .iter()
            .map(LinkRecord::to_record)
            .collect()
    }

    /// The same scenario without the records it carries (what "changed since shared" compares).
    pub fn without_records(&self) -> Scenario {
        Scenario {
            records: None,
            selected_record: None,
            ..self.clone()
        }
    }

    pub fn harness_options(&self) -> HarnessOptions {
        HarnessOptions {
            record_cap: self.record_cap,
            seed: self.seed,
            ..HarnessOptions::default()
        }
    }
}
