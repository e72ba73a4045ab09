//! `aws kinesis put-record` and `put-records` command lines, as a shell would split them.
//!
//! Lines are joined across `\` continuations and across quotes that span lines (a `--records`
//! JSON pasted over several lines), then split with POSIX shell rules (`shlex`). `sleep N` lines
//! advance the virtual clock, so a script of puts and sleeps spreads its records over time. Other
//! lines are skipped with a warning. Data follows AWS CLI v2: `--data` and `Data` are base64
//! unless `--cli-binary-format raw-in-base64-out` is given; `file://` and `fileb://` cannot be read
//! in the playground and say so.

use super::{ProducerRun, PutApi};
use crate::diagnostic::Diagnostic;
use crate::record::{ProducedRecord, DEFAULT_STREAM_NAME, MAX_ARRIVAL_MS};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

/// Options that take a value and do not matter to the simulation.
const IGNORED_WITH_VALUE: [&str; 7] = [
    "--region",
    "--profile",
    "--output",
    "--endpoint-url",
    "--sequence-number-for-ordering",
    "--query",
    "--color",
];
const IGNORED_FLAGS: [&str; 4] = [
    "--no-cli-pager",
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
];

/// Reads every `aws kinesis put-record(s)` command of a shell snippet.
pub fn parse_aws_cli(text: &str) -> ProducerRun {
    let mut run = ProducerRun::default();
    let mut clock_ms = 0u64;
    for command in logical_commands(text) {
        let Command { line, words } = match command {
            Ok(command) => command,
            Err(error) => {
                run.error = Some(error);
                return run;
            }
        };
        let words: Vec<&str> = words
            .iter()
            .map(String::as_str)
            .skip_while(|w| *w == "$")
            .collect();
        let result = match words.as_slice() {
            [] => Ok(()),
            ["sleep", seconds] => match seconds.parse::<f64>() {
                Ok(s) if s >= 0.0 && s.is_finite() => {
                    let later = clock_ms as f64 + (s * 1000.0).round();
                    if later > MAX_ARRIVAL_MS as f64 {
                        Err(Diagnostic::error(format!(
                            "sleep: the clock would pass {MAX_ARRIVAL_MS} ms, the latest arrival Shardlane simulates"
                        ))
                        .at(line, 1))
                    } else {
                        clock_ms = later as u64;
                        Ok(())
                    }
                }
                _ => Err(
                    Diagnostic::error(format!("sleep: invalid time interval '{seconds}'"))
                        .at(line, 1),
                ),
            },
            ["aws", rest @ ..] => {
                let call = run.records.last().map_or(0, |r| r.put_call + 1);
                let context = Context {
                    line,
                    clock_ms,
                    call,
                };
                match put_command(rest, &context) {
                    Ok(Some(records)) => {
                        run.records.extend(records);
                        Ok(())
                    }
                    Ok(None) => {
                        run.warnings.push(
                            Diagnostic::warning("only `aws kinesis put-record` and `put-records` put records; this command was skipped")
                                .at(line, 1),
                        );
                        Ok(())
                    }
                    Err(error) => Err(error),
                }
            }
            [other, ..] => {
                run.warnings.push(
                    Diagnostic::warning(format!(
                        "`{other}` is not run: only `aws kinesis put-record(s)` and `sleep` lines are read"
                    ))
                    .at(line, 1),
                );
                Ok(())
            }
        };
        if let Err(error) = result {
            run.error = Some(error);
            return run;
        }
    }
    run
}

/// One shell command: its first line and its words (also read by `dynamodb::aws_cli`).
pub(crate) struct Command {
    pub(crate) line: usize,
    pub(crate) words: Vec<String>,
}

/// Joins continuation lines and multi-line quotes into commands, dropping comments.
pub(crate) fn logical_commands(text: &str) -> Vec<Result<Command, Diagnostic>> {
    let mut commands = Vec::new();
    let mut buffer = String::new();
    let mut start_line = 1;
    for (index, line) in text.lines().enumerate() {
        if buffer.is_empty() {
            start_line = index + 1;
            if line.trim_start().starts_with('#') || line.trim().is_empty() {
                continue;
            }
        }
        if let Some(joined) = line.strip_suffix('\\') {
            buffer.push_str(joined);
            buffer.push(' ');
            continue;
        }
        buffer.push_str(line);
        match shlex::split(&buffer) {
            Some(words) => {
                commands.push(Ok(Command {
                    line: start_line,
                    words: strip_comment(words),
                }));
                buffer.clear();
            }
            // An open quote: the command goes on on the next line.
            None => buffer.push('\n'),
        }
    }
    if !buffer.trim().is_empty() {
        commands.push(Err(Diagnostic::error(
            "unterminated quote: the command never closes it",
        )
        .at(start_line, 1)));
    }
    commands
}

fn strip_comment(words: Vec<String>) -> Vec<String> {
    words
        .into_iter()
        .take_while(|w| !w.starts_with('#'))
        .collect()
}

struct Context {
    line: usize,
    clock_ms: u64,
    call: usize,
}

/// A command's positional words (service, operation) and its options with their values; flags
/// that take no value are dropped.
pub(crate) fn command_parts<'w>(words: &[&'w str]) -> (Vec<&'w str>, Vec<(String, Vec<String>)>) {
    let mut service_and_operation = Vec::new();
    let mut options: Vec<(String, Vec<String>)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if let Some(option) = word.strip_prefix("--") {
            let (name, inline) = match option.split_once('=') {
                Some((name, value)) => (format!("--{name}"), Some(value.to_owned())),
                None => (word.to_owned(), None),
            };
            i += 1;
            if IGNORED_FLAGS.contains(&name.as_str()) {
                continue;
            }
            let mut values: Vec<String> = inline.into_iter().collect();
            while values.is_empty()
                || (name == "--records" && i < words.len() && !words[i].starts_with("--"))
            {
                if i >= words.len() || words[i].starts_with("--") {
                    break;
                }
                values.push(words[i].to_owned());
                i += 1;
            }
            options.push((name, values));
        } else {
            service_and_operation.push(word);
            i += 1;
        }
    }
    (service_and_operation, options)
}

/// The AWS CLI's own error for options the operation does not take.
fn unknown_options(options: &[(String, Vec<String>)], api: PutApi) -> Result<(), String> {
    let allowed = allowed_options(api);
    let unknown: Vec<&str> = options
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| !allowed.contains(name) && !IGNORED_WITH_VALUE.contains(name))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "aws: error: Unknown options: {}",
            unknown.join(", ")
        ))
    }
}

/// The options `aws kinesis put-record` or `put-records` takes.
fn allowed_options(api: PutApi) -> &'static [&'static str] {
    match api {
        PutApi::PutRecord => &[
            "--stream-name",
            "--stream-arn",
            "--partition-key",
            "--data",
            "--explicit-hash-key",
            "--cli-binary-format",
        ],
        PutApi::PutRecords => &[
            "--stream-name",
            "--stream-arn",
            "--records",
            "--cli-binary-format",
        ],
    }
}

/// The records of one `aws …` command, or `None` when it is not a Kinesis put.
fn put_command(
    words: &[&str],
    context: &Context,
) -> Result<Option<Vec<ProducedRecord>>, Diagnostic> {
    let located = |message: String| Diagnostic::error(message).at(context.line, 1);
    let (service_and_operation, options) = command_parts(words);
    let api = match service_and_operation.as_slice() {
        ["kinesis", "put-record"] => PutApi::PutRecord,
        ["kinesis", "put-records"] => PutApi::PutRecords,
        _ => return Ok(None),
    };
    let operation = if api == PutApi::PutRecord {
        "put-record"
    } else {
        "put-records"
    };
    unknown_options(&options, api).map_err(located)?;
    let value = |name: &str| -> Result<Option<String>, Diagnostic> {
        match options.iter().find(|(n, _)| n == name) {
            None => Ok(None),
            Some((_, values)) if values.is_empty() => Err(located(format!(
                "aws: error: argument {name}: expected one argument"
            ))),
            Some((_, values)) => Ok(Some(values.join(" "))),
        }
    };
    let raw_data = value("--cli-binary-format")?.is_some_and(|f| f == "raw-in-base64-out");
    let stream = match (value("--stream-name")?, value("--stream-arn")?) {
        (Some(name), _) => name,
        (None, Some(arn)) => arn.rsplit('/').next().unwrap_or_default().to_owned(),
        (None, None) => DEFAULT_STREAM_NAME.to_owned(),
    };
    let record =
        |partition_key: String, data: Vec<u8>, explicit_hash_key: Option<String>| ProducedRecord {
            stream: stream.clone(),
            partition_key,
            explicit_hash_key,
            data,
            arrival_ms: context.clock_ms,
            put_call: context.call,
            api,
            source_line: Some(context.line),
        };
    match api {
        PutApi::PutRecord => {
            let missing: Vec<&str> = ["--partition-key", "--data"]
                .into_iter()
                .filter(|name| !options.iter().any(|(n, _)| n == name))
                .collect();
            if !missing.is_empty() {
                return Err(located(format!(
                    "aws: error: the following arguments are required: {}",
                    missing.join(", ")
                )));
            }
            let key = value("--partition-key")?.unwrap_or_default();
            let data = blob(&value("--data")?.unwrap_or_default(), raw_data).map_err(located)?;
            Ok(Some(vec![record(key, data, value("--explicit-hash-key")?)]))
        }
        PutApi::PutRecords => {
            let Some((_, values)) = options.iter().find(|(n, _)| n == "--records") else {
                return Err(located(format!(
                    "aws: error: the following arguments are required: --records (aws kinesis {operation})"
                )));
            };
            let entries = records_argument(values).map_err(located)?;
            entries
                .into_iter()
                .map(|(key, data, explicit)| {
                    Ok(record(
                        key,
                        blob(&data, raw_data).map_err(located)?,
                        explicit,
                    ))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        }
    }
}

/// `--records` as JSON (`'[{"Data": …, "PartitionKey": …}]'`) or shorthand (`Data=…,PartitionKey=…`).
fn records_argument(values: &[String]) -> Result<Vec<(String, String, Option<String>)>, String> {
    let joined = values.join(" ");
    if joined.trim_start().starts_with('[') {
        let entries: Vec<Value> = serde_json::from_str(&joined)
            .map_err(|e| format!("Error parsing parameter '--records': Invalid JSON: {e}"))?;
        return entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let text =
                    |field: &str| entry.get(field).and_then(Value::as_str).map(str::to_owned);
                let key = text("PartitionKey").ok_or_else(|| {
                    format!("--records[{i}]: PartitionKey is missing or not a string")
                })?;
                let data = text("Data")
                    .ok_or_else(|| format!("--records[{i}]: Data is missing or not a string"))?;
                Ok((key, data, text("ExplicitHashKey")))
            })
            .collect();
    }
    values
        .iter()
        .map(|shorthand| {
            let mut key = None;
            let mut data = None;
            let mut explicit = None;
            for pair in shorthand.split(',') {
                match pair.split_once('=') {
                    Some(("PartitionKey", v)) => key = Some(v.to_owned()),
                    Some(("Data", v)) => data = Some(v.to_owned()),
                    Some(("ExplicitHashKey", v)) => explicit = Some(v.to_owned()),
                    _ => return Err(format!("Error parsing parameter '--records': Expected: '=', received: '{pair}'")),
                }
            }
            match (key, data) {
                (Some(key), Some(data)) => Ok((key, data, explicit)),
                _ => Err(format!("Error parsing parameter '--records': each record needs Data and PartitionKey ('{shorthand}')")),
            }
        })
        .collect()
}

/// A blob argument as AWS CLI v2 reads it.
fn blob(text: &str, raw: bool) -> Result<Vec<u8>, String> {
    if text.starts_with("file://") || text.starts_with("fileb://") {
        return Err(format!(
            "{text}: the playground cannot read local files; paste the data inline (with --cli-binary-format raw-in-base64-out for text)"
        ));
    }
    if raw {
        return Ok(text.as_bytes().to_vec());
    }
    STANDARD.decode(text).map_err(|_| {
        format!(
            "Invalid base64: \"{text}\" (AWS CLI v2 reads --data as base64; add --cli-binary-format raw-in-base64-out to send text)"
        )
    })
}

#[cfg(test)]
mod tests;
