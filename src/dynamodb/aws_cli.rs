//! `aws dynamodb put-item / update-item / delete-item / batch-write-item / transact-write-items`
//! command lines, split as a shell splits them (the Kinesis reader's rules: `\` continuations,
//! quotes across lines, `#` comments), and `sleep N` lines that advance the virtual clock. Each
//! command becomes the call its options describe (`--item` → `Item`, `--key` → `Key`, …), read by
//! the same reader as the JSON Lines; other commands are skipped with a warning.

use super::writes::{read_call, Call, WriteCall};
use crate::diagnostic::Diagnostic;
use crate::producers::aws_cli::{command_parts, logical_commands};
use crate::record::MAX_ARRIVAL_MS;
use serde_json::{Map, Value};

/// The operations and their request's name.
const OPERATIONS: [(&str, &str); 5] = [
    ("put-item", "PutItem"),
    ("update-item", "UpdateItem"),
    ("delete-item", "DeleteItem"),
    ("batch-write-item", "BatchWriteItem"),
    ("transact-write-items", "TransactWriteItems"),
];

/// Options and the request field they fill; `true`: the value is JSON.
const OPTIONS: [(&str, &str, bool); 9] = [
    ("--table-name", "TableName", false),
    ("--item", "Item", true),
    ("--key", "Key", true),
    ("--update-expression", "UpdateExpression", false),
    ("--condition-expression", "ConditionExpression", false),
    (
        "--expression-attribute-names",
        "ExpressionAttributeNames",
        true,
    ),
    (
        "--expression-attribute-values",
        "ExpressionAttributeValues",
        true,
    ),
    ("--request-items", "RequestItems", true),
    ("--transact-items", "TransactItems", true),
];

/// Options that change nothing in the stream.
const IGNORED: [&str; 12] = [
    "--region",
    "--profile",
    "--output",
    "--endpoint-url",
    "--query",
    "--color",
    "--return-values",
    "--return-consumed-capacity",
    "--return-item-collection-metrics",
    "--return-values-on-condition-check-failure",
    "--client-request-token",
    "--cli-binary-format",
];

/// The calls of a shell snippet, and a warning per command skipped.
pub fn calls_from_aws_cli(text: &str) -> Result<(Vec<WriteCall>, Vec<Diagnostic>), Diagnostic> {
    let mut calls = Vec::new();
    let mut warnings = Vec::new();
    let mut clock_ms = 0u64;
    for command in logical_commands(text) {
        let command = command?;
        let line = command.line;
        let words: Vec<&str> = command
            .words
            .iter()
            .map(String::as_str)
            .skip_while(|w| *w == "$")
            .collect();
        match words.as_slice() {
            [] => {}
            ["sleep", seconds] => {
                let seconds = seconds
                    .parse::<f64>()
                    .ok()
                    .filter(|s| *s >= 0.0 && s.is_finite())
                    .ok_or_else(|| {
                        Diagnostic::error(format!("sleep: {seconds:?} is not a number of seconds"))
                            .at(line, 1)
                    })?;
                let ms = (seconds * 1000.0).round() as u64;
                clock_ms = clock_ms.saturating_add(ms);
                if clock_ms > MAX_ARRIVAL_MS {
                    return Err(Diagnostic::error(format!(
                        "sleep: the clock would pass {MAX_ARRIVAL_MS} ms"
                    ))
                    .at(line, 1));
                }
                calls.push(WriteCall {
                    line,
                    call: Call::Sleep(ms),
                });
            }
            ["aws", "dynamodb", operation, ..] => {
                let call = dynamodb_command(operation, &words[3..])
                    .map_err(|d| Diagnostic { line: Some(line), ..d })?;
                calls.push(WriteCall { line, call });
            }
            _ => warnings.push(
                Diagnostic::warning(format!(
                    "skipped: only `aws dynamodb put-item`, `update-item`, `delete-item`, `batch-write-item`, `transact-write-items` and `sleep` lines run (this line starts {:?})",
                    words.iter().take(3).copied().collect::<Vec<_>>().join(" ")
                ))
                .at(line, 1),
            ),
        }
    }
    Ok((calls, warnings))
}

fn dynamodb_command(operation: &str, rest: &[&str]) -> Result<Call, Diagnostic> {
    let name = OPERATIONS
        .iter()
        .find(|(cli, _)| *cli == operation)
        .map(|(_, api)| *api)
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "aws dynamodb {operation}: the playground runs put-item, update-item, delete-item, batch-write-item and transact-write-items"
            ))
        })?;
    let (positional, options) = command_parts(rest);
    if let Some(extra) = positional.first() {
        return Err(Diagnostic::error(format!(
            "aws dynamodb {operation}: unexpected argument {extra:?}"
        )));
    }
    let mut request = Map::new();
    for (option, values) in options {
        if IGNORED.contains(&option.as_str()) {
            continue;
        }
        let Some((_, field, json)) = OPTIONS.iter().find(|(o, _, _)| *o == option) else {
            return Err(Diagnostic::error(format!(
                "aws dynamodb {operation}: Unknown options: {option}"
            )));
        };
        let Some(text) = values.first() else {
            return Err(Diagnostic::error(format!(
                "aws dynamodb {operation}: argument {option}: expected one argument"
            )));
        };
        if text.starts_with("file://") || text.starts_with("fileb://") {
            return Err(Diagnostic::error(format!(
                "{option} {text}: the playground cannot read files; paste the JSON instead"
            )));
        }
        let value = if *json {
            serde_json::from_str(text).map_err(|e| {
                Diagnostic::error(format!(
                    "Error parsing parameter '{option}': Invalid JSON: {e}"
                ))
            })?
        } else {
            Value::String(text.clone())
        };
        request.insert((*field).to_owned(), value);
    }
    let mut call = Map::new();
    call.insert(name.to_owned(), Value::Object(request));
    read_call(&Value::Object(call))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dynamodb_commands_and_sleeps() {
        let text = r##"#!/bin/sh
aws dynamodb put-item --table-name orders \
    --item '{"customer": {"S": "c1"}, "at": {"N": "1"}}' --return-values NONE
sleep 2
aws dynamodb update-item --table-name orders --key '{"customer": {"S": "c1"}, "at": {"N": "1"}}' \
    --update-expression "SET #s = :s" --expression-attribute-names '{"#s": "status"}' \
    --expression-attribute-values '{":s": {"S": "paid"}}'
aws kinesis put-record --stream-name s --partition-key k --data AA==
aws dynamodb delete-item --table-name orders --key '{
  "customer": {"S": "c1"}, "at": {"N": "1"}
}'
"##;
        let (calls, warnings) = calls_from_aws_cli(text).unwrap();
        assert_eq!(
            calls.iter().map(|c| c.line).collect::<Vec<_>>(),
            [2, 4, 5, 9]
        );
        assert_eq!(calls[1].call, Call::Sleep(2000));
        assert!(matches!(calls[3].call, Call::Single(_)));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(8));
    }

    #[test]
    fn bad_commands_are_located() {
        let err =
            calls_from_aws_cli("\naws dynamodb put-item --table-name t --item '{bad'").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("Invalid JSON"), "{err}");
        let err = calls_from_aws_cli("aws dynamodb scan --table-name t").unwrap_err();
        assert!(err.message.contains("put-item"), "{err}");
        let err = calls_from_aws_cli("aws dynamodb put-item --item file://item.json").unwrap_err();
        assert!(err.message.contains("cannot read files"), "{err}");
        let err =
            calls_from_aws_cli("aws dynamodb put-item --table-name t --itme '{}'").unwrap_err();
        assert!(err.message.contains("Unknown options: --itme"), "{err}");
    }
}
