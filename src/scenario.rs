//! The scenario: everything a person sets up, and the one source of truth for the page.
//!
//! Producer code and its language, the stream's shard count, the event source mapping and the
//! function model, what the function does wrong (failure rules), and the producer run's options
//! (seed, record cap), and where the records come from ([`Source`]: a Kinesis data stream, or a
//! DynamoDB table's stream with its table definition). The page holds one `Scenario`; share links
//! and embeds are encodings of it.

use crate::diagnostic::Diagnostic;
use crate::dynamodb::table::{KeyAttribute, KeyType, DEFAULT_STREAM_LABEL};
use crate::dynamodb::{ShardModel, StreamViewType, TableDefinition, TimeToLive};
use crate::layout::StreamLayout;
use crate::mapping::failures::FailureRules;
use crate::mapping::filter::FilterSource;
use crate::mapping::{FunctionModel, MappingConfig};
use crate::producers::harness::HarnessOptions;
use crate::producers::{detect_language, Language};
use crate::record::{ProducedRecord, PutApi, DEFAULT_STREAM_NAME, MAX_ARRIVAL_MS};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The seed producer from the question that started Shardlane (the default scenario).
pub const SEED_PYTHON: &str = include_str!("../tests/producers/python/01_seed_put_records.py");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub code: Code,
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
    /// Where the records come from. Absent from links of a Kinesis scenario, so every link made
    /// before DynamoDB Streams existed decodes as a Kinesis data stream.
    #[serde(skip_serializing_if = "Source::is_kinesis")]
    pub source: Source,
}

/// A scenario's producer code, shared: the page's states and every render that takes the
/// scenario hold one copy of it (100,000 lines, say), and two holders of the same copy compare
/// equal without reading it (`Arc<str>`'s own `==` always compares the text).
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(Arc<str>);

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Code {}

impl std::ops::Deref for Code {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Code {
    fn from(text: &str) -> Code {
        Code(text.into())
    }
}

impl From<String> for Code {
    fn from(text: String) -> Code {
        Code(text.into())
    }
}

/// Where the mapping reads from: a Kinesis data stream (the records the code puts), or a DynamoDB
/// table's stream (the item changes the code's writes make).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    #[default]
    Kinesis,
    Dynamodb(DynamoDbSource),
}

impl Source {
    pub fn is_kinesis(&self) -> bool {
        matches!(self, Source::Kinesis)
    }

    /// What the mapping's FilterCriteria patterns are matched against on this source.
    pub fn filter_source(&self) -> FilterSource {
        match self {
            Source::Kinesis => FilterSource::Kinesis,
            Source::Dynamodb(_) => FilterSource::DynamoDb,
        }
    }

    pub fn dynamodb(&self) -> Option<&DynamoDbSource> {
        match self {
            Source::Kinesis => None,
            Source::Dynamodb(source) => Some(source),
        }
    }
}

/// A key attribute as a link spells it: its name and type (`S`, `N` or `B`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySpec {
    pub name: String,
    #[serde(rename = "type", with = "key_type_serde")]
    pub key_type: KeyType,
}

/// A DynamoDB table with a stream, and the shard model's settings (MODEL, see
/// `dynamodb::shards`): everything `simulate --source dynamodb` takes besides the calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DynamoDbSource {
    pub table_name: String,
    pub partition_key: KeySpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<KeySpec>,
    #[serde(with = "view_type_serde")]
    pub stream_view_type: StreamViewType,
    /// `LatestStreamLabel` of a pasted describe-table; `None`: the model's fixed label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_label: Option<String>,
    pub partitions: usize,
    pub rollover_seconds: u64,
    pub split_write_units: u32,
    /// The TTL attribute (None: TTL disabled).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl_attribute: Option<String>,
    /// MODEL: seconds between an item's expiry and its deletion by TTL.
    pub ttl_delay_seconds: u64,
}

/// The longest table name DynamoDB takes (DOC: 3 to 255 characters of `[a-zA-Z0-9_.-]`).
pub const TABLE_NAME_LENGTH: std::ops::RangeInclusive<usize> = 3..=255;
/// The longest key attribute name (DOC: 1 to 255 bytes for key attributes).
pub const KEY_NAME_BYTES: std::ops::RangeInclusive<usize> = 1..=255;
/// The longest TTL delay the page takes: a week past expiry (AWS: "typically within a few days").
pub const TTL_DELAY_SECONDS: std::ops::RangeInclusive<u64> = 0..=7 * 24 * 3600;

impl Default for DynamoDbSource {
    /// An `orders` table keyed by `customer_id` (S), streaming both images, with the shard
    /// model's defaults.
    fn default() -> Self {
        let shards = ShardModel::default();
        DynamoDbSource {
            table_name: "orders".into(),
            partition_key: KeySpec {
                name: "customer_id".into(),
                key_type: KeyType::S,
            },
            sort_key: None,
            stream_view_type: StreamViewType::NewAndOldImages,
            stream_label: None,
            partitions: shards.partitions,
            rollover_seconds: shards.rollover_seconds,
            split_write_units: shards.split_write_units,
            ttl_attribute: None,
            ttl_delay_seconds: 0,
        }
    }
}

impl DynamoDbSource {
    /// The table of a pasted `describe-table` JSON, keeping this source's shard and TTL settings.
    pub fn with_table(&self, table: &TableDefinition) -> DynamoDbSource {
        let spec = |key: &KeyAttribute| KeySpec {
            name: key.name.clone(),
            key_type: key.key_type,
        };
        DynamoDbSource {
            table_name: table.name.clone(),
            partition_key: spec(&table.partition_key),
            sort_key: table.sort_key.as_ref().map(spec),
            stream_view_type: table.stream_view_type,
            stream_label: (table.stream_label != DEFAULT_STREAM_LABEL)
                .then(|| table.stream_label.clone()),
            ..self.clone()
        }
    }

    pub fn table(&self) -> TableDefinition {
        let attribute = |key: &KeySpec| KeyAttribute {
            name: key.name.clone(),
            key_type: key.key_type,
        };
        TableDefinition {
            name: self.table_name.clone(),
            partition_key: attribute(&self.partition_key),
            sort_key: self.sort_key.as_ref().map(attribute),
            stream_view_type: self.stream_view_type,
            stream_label: self
                .stream_label
                .clone()
                .unwrap_or_else(|| DEFAULT_STREAM_LABEL.into()),
        }
    }

    pub fn shard_model(&self) -> ShardModel {
        ShardModel {
            partitions: self.partitions,
            rollover_seconds: self.rollover_seconds,
            split_write_units: self.split_write_units,
        }
    }

    pub fn time_to_live(&self) -> TimeToLive {
        TimeToLive {
            attribute: self.ttl_attribute.clone(),
            delay_seconds: self.ttl_delay_seconds,
        }
    }

    /// Whether the page can use it: DynamoDB's name rules, the shard model's ranges.
    pub fn validate(&self) -> Result<(), String> {
        let name_ok = TABLE_NAME_LENGTH.contains(&self.table_name.chars().count())
            && self
                .table_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !name_ok {
            return Err(format!(
                "table name {:?} must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'",
                self.table_name
            ));
        }
        let keys = std::iter::once(&self.partition_key).chain(&self.sort_key);
        for key in keys {
            if !KEY_NAME_BYTES.contains(&key.name.len()) {
                return Err(format!(
                    "key attribute name {:?} must be 1 to 255 bytes long",
                    key.name
                ));
            }
        }
        if self
            .sort_key
            .as_ref()
            .is_some_and(|s| s.name == self.partition_key.name)
        {
            return Err("the sort key must be another attribute than the partition key".into());
        }
        if let Some(ttl) = &self.ttl_attribute {
            if !KEY_NAME_BYTES.contains(&ttl.len()) {
                return Err(format!(
                    "TTL attribute name {ttl:?} must be 1 to 255 bytes long"
                ));
            }
        }
        if self.stream_label.as_ref().is_some_and(|l| l.len() > 64) {
            return Err("the stream label is longer than 64 characters".into());
        }
        if !TTL_DELAY_SECONDS.contains(&self.ttl_delay_seconds) {
            return Err(format!(
                "the TTL delay must be in {TTL_DELAY_SECONDS:?} seconds"
            ));
        }
        self.shard_model().validate()
    }
}

mod key_type_serde {
    use crate::dynamodb::table::KeyType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(key_type: &KeyType, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(key_type.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<KeyType, D::Error> {
        let text = String::deserialize(d)?;
        [KeyType::S, KeyType::N, KeyType::B]
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("key type must be S, N or B, not {text:?}"))
            })
    }
}

mod view_type_serde {
    use crate::dynamodb::StreamViewType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(view: &StreamViewType, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(view.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<StreamViewType, D::Error> {
        let text = String::deserialize(d)?;
        StreamViewType::from_aws(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "StreamViewType must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, not {text:?}"
            ))
        })
    }
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
            code: SEED_PYTHON.into(),
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
            source: Source::Kinesis,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_compares_by_text_and_travels_as_a_plain_string() {
        let code = Code::from("k\n".repeat(3));
        assert_eq!(code, code.clone());
        assert_eq!(code, Code::from("k\nk\nk\n"));
        assert_ne!(code, Code::from("k\n"));
        assert_eq!(serde_json::to_string(&code).unwrap(), r#""k\nk\nk\n""#);
        let read: Code = serde_json::from_str(r#""x = 1""#).unwrap();
        assert_eq!(&*read, "x = 1");
        assert_eq!(format!("{read} / {read:?}"), r#"x = 1 / "x = 1""#);
    }
}
