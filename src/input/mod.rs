//! Records from JSON: a PutRecords or PutRecord request, a JSON array of entries, or NDJSON.
//!
//! This is the JSON front end of the producer pipeline; code front ends (Python, JavaScript, AWS
//! CLI lines) produce the same [`ProducedRecord`]s. Every problem is a located [`Diagnostic`]: the
//! line and column of the offending entry (found from where serde_json's raw value sits in the
//! text) plus the field path. `Data` follows the API: base64 text. Text that is not valid base64 is
//! taken as UTF-8 with a warning, as the AWS CLI does with `--cli-binary-format raw-in-base64-out`.
//!
//! Grouping: a PutRecords request is one call; every entry of an array or NDJSON is its own
//! PutRecord call. The non-AWS field `ArrivalMs` (milliseconds from the scenario start) may give an
//! entry its arrival time; without it every record arrives at 0.

use crate::diagnostic::Diagnostic;
use crate::record::{ProducedRecord, PutApi, DEFAULT_STREAM_NAME, MAX_ARRIVAL_MS};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// Records read from JSON, plus warnings; errors stop the read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedRecords {
    pub records: Vec<ProducedRecord>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads any of the supported JSON shapes.
pub fn parse_records_json(text: &str) -> Result<ParsedRecords, Diagnostic> {
    let mut parsed = ParsedRecords::default();
    let mut reader = Reader {
        text,
        parsed: &mut parsed,
        warned_text_data: false,
        first_line: 0,
    };
    match text.trim_start().as_bytes().first() {
        None => return Err(Diagnostic::error("the input is empty").at(1, 1)),
        Some(b'[') => {
            let entries: Vec<&RawValue> =
                serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
            for (call, entry) in entries.into_iter().enumerate() {
                reader.entry(
                    entry,
                    &format!("[{call}]"),
                    DEFAULT_STREAM_NAME,
                    call,
                    PutApi::PutRecord,
                )?;
            }
        }
        Some(b'{') => match serde_json::from_str::<BTreeMap<String, &RawValue>>(text) {
            Ok(object) => reader.request(&object)?,
            Err(error) if error.is_eof() || !error.to_string().contains("trailing characters") => {
                return Err(Diagnostic::from_json_error(&error));
            }
            Err(_) => reader.ndjson()?,
        },
        Some(_) => {
            let (line, column) = line_column(text, text.len() - text.trim_start().len());
            return Err(Diagnostic::error(
                "expected a PutRecords request ({\"StreamName\": …, \"Records\": […]}), a JSON array of \
                 {\"PartitionKey\", \"Data\"} entries, or one such entry per line",
            )
            .at(line, column));
        }
    }
    Ok(parsed)
}

/// Reads NDJSON a line at a time, as [`parse_records_json`] reads NDJSON text (which it does
/// with this): for a reader of a file too large to hold.
#[derive(Clone, Debug, Default)]
pub struct NdjsonLines {
    warned_text_data: bool,
    calls: usize,
}

impl NdjsonLines {
    /// Reads line `line_index` (from 0, without its `\n`) into `parsed`: nothing for a blank line,
    /// else one entry (its own PutRecord call) and any warnings.
    pub fn read_line(
        &mut self,
        line_index: usize,
        line: &str,
        parsed: &mut ParsedRecords,
    ) -> Result<(), Diagnostic> {
        if line.trim().is_empty() {
            return Ok(());
        }
        let raw: &RawValue = serde_json::from_str(line)
            .map_err(|e| Diagnostic::from_json_error(&e).at(line_index + 1, e.column()))?;
        let object: BTreeMap<String, &RawValue> = serde_json::from_str(raw.get()).map_err(|e| {
            Diagnostic::error(format!("each line must be a JSON object ({e})"))
                .at(line_index + 1, 1)
        })?;
        let stream = stream_name(&object);
        let mut reader = Reader {
            text: line,
            parsed,
            warned_text_data: self.warned_text_data,
            first_line: line_index,
        };
        reader.entry(
            raw,
            &format!("line {}", line_index + 1),
            &stream,
            self.calls,
            PutApi::PutRecord,
        )?;
        self.warned_text_data = reader.warned_text_data;
        self.calls += 1;
        Ok(())
    }
}

struct Reader<'t, 'p> {
    text: &'t str,
    parsed: &'p mut ParsedRecords,
    warned_text_data: bool,
    /// The line of `text`'s first line in the whole input, from 0 (NDJSON reads a line at a time).
    first_line: usize,
}

impl Reader<'_, '_> {
    fn locate(&self, raw: &RawValue) -> (usize, usize) {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let (line, column) = line_column(self.text, offset.min(self.text.len()));
        (line + self.first_line, column)
    }

    fn request(&mut self, object: &BTreeMap<String, &RawValue>) -> Result<(), Diagnostic> {
        let stream = stream_name(object);
        if let Some(records) = object.get("Records") {
            let entries: Vec<&RawValue> = serde_json::from_str(records.get()).map_err(|e| {
                let (line, column) = self.locate(records);
                Diagnostic::error(format!("Records must be an array of entries ({e})"))
                    .at(line, column)
                    .in_field("Records")
            })?;
            if entries.first().is_some_and(|e| is_lambda_event_record(e)) {
                return self.lambda_event(&entries);
            }
            for (i, entry) in entries.into_iter().enumerate() {
                self.entry(
                    entry,
                    &format!("Records[{i}]"),
                    &stream,
                    0,
                    PutApi::PutRecords,
                )?;
            }
            Ok(())
        } else {
            // A PutRecord request: the object itself is the entry.
            let whole = serde_json::from_str::<&RawValue>(self.text)
                .map_err(|e| Diagnostic::from_json_error(&e))?;
            self.entry(whole, "", &stream, 0, PutApi::PutRecord)
        }
    }

    /// A Lambda Kinesis event (`{"Records": [{"kinesis": {…}, "eventID": …}]}`): its records, in
    /// order, arriving as their approximateArrivalTimestamps say; the shards the event names are
    /// reported so they can be compared with the routing.
    fn lambda_event(&mut self, entries: &[&RawValue]) -> Result<(), Diagnostic> {
        let mut first_arrival: Option<f64> = None;
        let mut shards = std::collections::BTreeSet::new();
        for (i, raw) in entries.iter().enumerate() {
            let (line, column) = self.locate(raw);
            let field = format!("Records[{i}].kinesis");
            let fail = |message: &str| {
                Diagnostic::error(message.to_owned())
                    .at(line, column)
                    .in_field(field.clone())
            };
            let record: Value =
                serde_json::from_str(raw.get()).map_err(|_| fail("not a JSON object"))?;
            let kinesis = record
                .get("kinesis")
                .ok_or_else(|| fail("this event record has no \"kinesis\" part"))?;
            let text = |name: &str| kinesis.get(name).and_then(Value::as_str);
            let partition_key = text("partitionKey")
                .ok_or_else(|| fail("partitionKey is missing or not a string"))?;
            let data = STANDARD
                .decode(text("data").unwrap_or_default())
                .map_err(|_| fail("data is not base64, as Lambda always sends it"))?;
            let seconds = kinesis
                .get("approximateArrivalTimestamp")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            let origin = *first_arrival.get_or_insert(seconds);
            let arrival_ms = ((seconds - origin).max(0.0) * 1000.0).round();
            if arrival_ms > MAX_ARRIVAL_MS as f64 {
                return Err(fail(&format!(
                    "approximateArrivalTimestamp is more than {MAX_ARRIVAL_MS} ms after the first record's"
                )));
            }
            if let Some((shard, _)) = record
                .get("eventID")
                .and_then(Value::as_str)
                .and_then(|id| id.split_once(':'))
            {
                shards.insert(shard.to_owned());
            }
            let stream = record
                .get("eventSourceARN")
                .and_then(Value::as_str)
                .and_then(|arn| arn.rsplit('/').next())
                .unwrap_or(DEFAULT_STREAM_NAME);
            self.parsed.records.push(ProducedRecord {
                stream: stream.to_owned(),
                partition_key: partition_key.to_owned(),
                explicit_hash_key: None,
                data,
                arrival_ms: arrival_ms as u64,
                put_call: i,
                api: PutApi::PutRecord,
                source_line: Some(line),
            });
        }
        self.parsed.warnings.push(Diagnostic::warning(format!(
            "read {} records from a Lambda Kinesis event; the event names shard{} {}",
            entries.len(),
            if shards.len() == 1 { "" } else { "s" },
            shards.into_iter().collect::<Vec<_>>().join(", ")
        )));
        Ok(())
    }

    fn ndjson(&mut self) -> Result<(), Diagnostic> {
        let mut lines = NdjsonLines {
            warned_text_data: self.warned_text_data,
            calls: self.parsed.records.len(),
        };
        for (line_index, line) in self.text.split('\n').enumerate() {
            lines.read_line(line_index, line, self.parsed)?;
        }
        self.warned_text_data = lines.warned_text_data;
        Ok(())
    }

    fn entry(
        &mut self,
        raw: &RawValue,
        field: &str,
        stream: &str,
        call: usize,
        api: PutApi,
    ) -> Result<(), Diagnostic> {
        let (line, column) = self.locate(raw);
        let path = |name: &str| {
            if field.is_empty() {
                name.to_owned()
            } else {
                format!("{field}.{name}")
            }
        };
        let fail = |name: &str, message: String| {
            Err(Diagnostic::error(message)
                .at(line, column)
                .in_field(path(name)))
        };
        let object: BTreeMap<String, Value> = match serde_json::from_str(raw.get()) {
            Ok(object) => object,
            Err(_) => {
                return fail(
                    "",
                    "an entry must be an object with PartitionKey and Data".into(),
                )
            }
        };
        let located = |(name, message): FieldError| {
            Diagnostic::error(message)
                .at(line, column)
                .in_field(path(name))
        };
        let partition_key = partition_key_of(&object).map_err(located)?;
        let data = match object.get("Data") {
            Some(Value::String(text)) => match STANDARD.decode(text) {
                Ok(bytes) => bytes,
                Err(_) => {
                    self.warn_text_data(line, column, &path("Data"));
                    text.as_bytes().to_vec()
                }
            },
            Some(Value::Null) | None => {
                return fail("Data", "the entry has no Data (AWS requires it)".into())
            }
            Some(other) => {
                self.parsed.warnings.push(
                    Diagnostic::warning(format!(
                        "Data is a JSON {}, not base64 text: used its compact JSON text as the data",
                        json_type(other)
                    ))
                    .at(line, column)
                    .in_field(path("Data")),
                );
                other.to_string().into_bytes()
            }
        };
        let explicit_hash_key = explicit_hash_key_of(&object).map_err(located)?;
        let arrival_ms = arrival_ms_of(&object).map_err(located)?;
        self.parsed.records.push(ProducedRecord {
            stream: stream.to_owned(),
            partition_key,
            explicit_hash_key,
            data,
            arrival_ms,
            put_call: call,
            api,
            source_line: Some(line),
        });
        Ok(())
    }

    fn warn_text_data(&mut self, line: usize, column: usize, field: &str) {
        if !self.warned_text_data {
            self.warned_text_data = true;
            self.parsed.warnings.push(
                Diagnostic::warning(
                    "Data is not valid base64, so it was taken as UTF-8 text (as the AWS CLI does with \
                     --cli-binary-format raw-in-base64-out); other entries like it are taken the same way",
                )
                .at(line, column)
                .in_field(field),
            );
        }
    }
}

/// A field that AWS would refuse, and why.
type FieldError = (&'static str, String);

fn partition_key_of(object: &BTreeMap<String, Value>) -> Result<String, FieldError> {
    match object.get("PartitionKey") {
        Some(Value::String(key)) => Ok(key.clone()),
        Some(other) => Err((
            "PartitionKey",
            format!(
                "PartitionKey must be a string; AWS rejects {} values",
                json_type(other)
            ),
        )),
        None => Err((
            "PartitionKey",
            "the entry has no PartitionKey (AWS requires one)".into(),
        )),
    }
}

fn explicit_hash_key_of(object: &BTreeMap<String, Value>) -> Result<Option<String>, FieldError> {
    match object.get("ExplicitHashKey") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(other) => Err((
            "ExplicitHashKey",
            format!(
                "ExplicitHashKey must be a decimal string, not a {}",
                json_type(other)
            ),
        )),
    }
}

fn arrival_ms_of(object: &BTreeMap<String, Value>) -> Result<u64, FieldError> {
    match object.get("ArrivalMs") {
        None | Some(Value::Null) => Ok(0),
        Some(value) => value.as_u64().filter(|ms| *ms <= MAX_ARRIVAL_MS).ok_or((
            "ArrivalMs",
            format!(
                "ArrivalMs must be a non-negative integer (milliseconds), at most {MAX_ARRIVAL_MS}"
            ),
        )),
    }
}

fn is_lambda_event_record(raw: &RawValue) -> bool {
    serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get())
        .is_ok_and(|o| o.contains_key("kinesis"))
}

fn stream_name(object: &BTreeMap<String, &RawValue>) -> String {
    let text = |key: &str| {
        object
            .get(key)
            .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
    };
    text("StreamName")
        .or_else(|| text("StreamARN").and_then(|arn| arn.rsplit('/').next().map(str::to_owned)))
        .unwrap_or_else(|| DEFAULT_STREAM_NAME.to_owned())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests;
