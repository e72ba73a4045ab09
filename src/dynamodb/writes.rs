//! The writes a producer makes, read from JSON Lines: one DynamoDB API call per line, as the API
//! (and `aws dynamodb … --cli-input-json`) takes its request, under the operation's name:
//!
//! ```text
//! {"PutItem": {"Item": {"id": {"S": "a"}, "n": {"N": "1"}}}}
//! {"UpdateItem": {"Key": {"id": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
//!                 "ExpressionAttributeValues": {":one": {"N": "1"}}}}
//! {"DeleteItem": {"Key": {"id": {"S": "a"}}, "ConditionExpression": "attribute_exists(id)"}}
//! {"BatchWriteItem": {"RequestItems": {"orders": [{"PutRequest": {"Item": {…}}}, {"DeleteRequest": {"Key": {…}}}]}}}
//! {"TransactWriteItems": {"TransactItems": [{"Put": {…}}, {"Update": {…}}, {"Delete": {…}}, {"ConditionCheck": {…}}]}}
//! {"Sleep": {"Seconds": 3600}}
//! ```
//!
//! `TableName` may be left out (the table of the simulation). Empty lines and lines starting with
//! `#` are skipped. Structure problems and expressions the playground cannot run are located
//! [`Diagnostic`]s; attribute values are checked when the write runs, with DynamoDB's messages,
//! because DynamoDB refuses such a write and goes on with the next.

use super::attribute::{item_from_json, Item};
use super::expression::{parse_condition, parse_update, Condition, UpdateAction};
use crate::diagnostic::{AwsError, Diagnostic};
use crate::record::MAX_ARRIVAL_MS;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// An item or key as read: its attribute values, or DynamoDB's error for them (reported when the
/// call runs, as DynamoDB refuses that call and goes on).
pub type Parsed = Result<Item, AwsError>;

/// What one item-level request does.
#[derive(Clone, Debug, PartialEq)]
pub enum Operation {
    Put {
        item: Parsed,
    },
    Update {
        key: Parsed,
        actions: Vec<UpdateAction>,
    },
    Delete {
        key: Parsed,
    },
    /// Only inside TransactWriteItems: a condition on an item that is not written.
    ConditionCheck {
        key: Parsed,
    },
}

/// One item-level request with its condition and placeholders.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub table: Option<String>,
    pub operation: Operation,
    pub condition: Option<Condition>,
    pub names: BTreeMap<String, String>,
    /// ExpressionAttributeValues.
    pub values: Option<Parsed>,
}

/// One API call.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    Single(Request),
    BatchWriteItem(Vec<Request>),
    TransactWriteItems(Vec<Request>),
    /// Advances the virtual clock by this many milliseconds.
    Sleep(u64),
}

/// A call and the 1-based line it was on.
#[derive(Clone, Debug, PartialEq)]
pub struct WriteCall {
    pub line: usize,
    pub call: Call,
}

/// Reads the JSON Lines of writes; the first problem stops, located by line and field.
pub fn parse_writes(text: &str) -> Result<Vec<WriteCall>, Diagnostic> {
    let mut calls = Vec::new();
    let mut clock = 0u64;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let value: Value = serde_json::from_str(trimmed).map_err(|e| {
            let d = Diagnostic::from_json_error(&e);
            Diagnostic {
                line: Some(line),
                ..d
            }
        })?;
        let call = read_call(&value).map_err(|d| Diagnostic {
            line: Some(line),
            ..d
        })?;
        if let Call::Sleep(ms) = call {
            clock = clock.saturating_add(ms);
            if clock > MAX_ARRIVAL_MS {
                return Err(Diagnostic::error(format!(
                    "the virtual clock would pass {MAX_ARRIVAL_MS} ms"
                ))
                .at(line, 1)
                .in_field("Sleep"));
            }
        }
        calls.push(WriteCall { line, call });
    }
    Ok(calls)
}

/// The calls a code producer made, from the harness's answer (`dynamodb_calls`: the call, its
/// line and the virtual clock; `clock_ms`: the clock at the end): a `Sleep` wherever the clock
/// moved, so TTL runs as it would between the calls and after the last one.
pub fn calls_from_harness_answer(answer: &str) -> Result<Vec<WriteCall>, Diagnostic> {
    let value: Value = serde_json::from_str(answer)
        .map_err(|e| Diagnostic::error(format!("the code engine answered unreadable JSON: {e}")))?;
    let end_ms = value.get("clock_ms").and_then(Value::as_u64).unwrap_or(0);
    let empty = Vec::new();
    let made = match value.get("dynamodb_calls") {
        None => &empty,
        Some(Value::Array(calls)) => calls,
        Some(_) => {
            return Err(Diagnostic::error(
                "the code engine sent dynamodb_calls that are not a list",
            ))
        }
    };
    let mut calls = Vec::with_capacity(made.len());
    let mut clock = 0u64;
    let mut last_line = 1;
    for (i, made) in made.iter().enumerate() {
        let field = format!("dynamodb_calls[{i}]");
        let at_ms = made
            .get("clock_ms")
            .and_then(Value::as_u64)
            .filter(|&t| t >= clock && t <= MAX_ARRIVAL_MS)
            .ok_or_else(|| {
                error(
                    &field,
                    "the code engine sent a call without a clock time in order",
                )
            })?;
        let line = made
            .get("line")
            .and_then(Value::as_u64)
            .map_or(last_line, |l| l as usize);
        if at_ms > clock {
            calls.push(WriteCall {
                line,
                call: Call::Sleep(at_ms - clock),
            });
            clock = at_ms;
        }
        let call = made
            .get("call")
            .ok_or_else(|| error(&field, "the code engine sent a call without its request"))?;
        let call = read_call(call).map_err(|d| Diagnostic {
            line: Some(line),
            ..d
        })?;
        calls.push(WriteCall { line, call });
        last_line = line;
    }
    if end_ms > clock && end_ms <= MAX_ARRIVAL_MS {
        calls.push(WriteCall {
            line: last_line,
            call: Call::Sleep(end_ms - clock),
        });
    }
    Ok(calls)
}

fn error(field: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(message).in_field(field)
}

pub(super) fn read_call(value: &Value) -> Result<Call, Diagnostic> {
    let object = value.as_object().filter(|o| o.len() == 1).ok_or_else(|| {
        Diagnostic::error(
            "each line must be one object naming one call, e.g. {\"PutItem\": {\"Item\": {…}}}",
        )
    })?;
    let (name, body) = object.iter().next().expect("one entry");
    let body = body
        .as_object()
        .ok_or_else(|| error(name, format!("{name} must be an object")))?;
    Ok(match name.as_str() {
        "PutItem" => Call::Single(read_request(body, name, Kind::Put)?),
        "UpdateItem" => Call::Single(read_request(body, name, Kind::Update)?),
        "DeleteItem" => Call::Single(read_request(body, name, Kind::Delete)?),
        "BatchWriteItem" => Call::BatchWriteItem(read_batch(body)?),
        "TransactWriteItems" => Call::TransactWriteItems(read_transaction(body)?),
        "Sleep" => {
            let seconds = body
                .get("Seconds")
                .and_then(Value::as_f64)
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| error("Sleep.Seconds", "Sleep needs Seconds, a number ≥ 0"))?;
            Call::Sleep((seconds * 1000.0).round().min(MAX_ARRIVAL_MS as f64) as u64)
        }
        other => {
            return Err(Diagnostic::error(format!(
                "unknown call {other:?}: use PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems or Sleep"
            )))
        }
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Put,
    Update,
    Delete,
    ConditionCheck,
}

fn read_request(body: &Map<String, Value>, at: &str, kind: Kind) -> Result<Request, Diagnostic> {
    for legacy in ["Expected", "AttributeUpdates", "ConditionalOperator"] {
        if body.contains_key(legacy) {
            return Err(error(
                &format!("{at}.{legacy}"),
                format!("{legacy} (the legacy parameter) is not supported by the playground: use expressions"),
            ));
        }
    }
    let object = |name: &str| -> Result<Parsed, Diagnostic> {
        match body.get(name) {
            Some(v @ Value::Object(_)) => Ok(item_from_json(v)),
            Some(_) => Err(error(
                &format!("{at}.{name}"),
                format!("{name} must be an object"),
            )),
            None => Err(error(&format!("{at}.{name}"), format!("{at} needs {name}"))),
        }
    };
    let text = |name: &str| -> Result<Option<&str>, Diagnostic> {
        match body.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(error(
                &format!("{at}.{name}"),
                format!("{name} must be a string"),
            )),
        }
    };
    let operation = match kind {
        Kind::Put => Operation::Put {
            item: object("Item")?,
        },
        Kind::Delete => Operation::Delete {
            key: object("Key")?,
        },
        Kind::ConditionCheck => Operation::ConditionCheck {
            key: object("Key")?,
        },
        Kind::Update => {
            let expression = text("UpdateExpression")?.ok_or_else(|| {
                error(
                    &format!("{at}.UpdateExpression"),
                    "UpdateItem needs an UpdateExpression",
                )
            })?;
            let actions = parse_update(expression)
                .map_err(|e| error(&format!("{at}.UpdateExpression"), e))?;
            Operation::Update {
                key: object("Key")?,
                actions,
            }
        }
    };
    let condition = text("ConditionExpression")?
        .map(|c| parse_condition(c).map_err(|e| error(&format!("{at}.ConditionExpression"), e)))
        .transpose()?;
    if kind == Kind::ConditionCheck && condition.is_none() {
        return Err(error(
            &format!("{at}.ConditionExpression"),
            "ConditionCheck needs a ConditionExpression",
        ));
    }
    let names = match body.get("ExpressionAttributeNames") {
        None => BTreeMap::new(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(error(
                    &format!("{at}.ExpressionAttributeNames.{k}"),
                    "an attribute name must be a string",
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(error(
                &format!("{at}.ExpressionAttributeNames"),
                "ExpressionAttributeNames must be an object",
            ))
        }
    };
    Ok(Request {
        table: text("TableName")?.map(str::to_owned),
        operation,
        condition,
        names,
        values: body.get("ExpressionAttributeValues").map(item_from_json),
    })
}

fn read_batch(body: &Map<String, Value>) -> Result<Vec<Request>, Diagnostic> {
    let tables = body
        .get("RequestItems")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            error(
                "BatchWriteItem.RequestItems",
                "BatchWriteItem needs RequestItems, an object of table names to requests",
            )
        })?;
    let mut requests = Vec::new();
    for (table, list) in tables {
        let at = format!("BatchWriteItem.RequestItems.{table}");
        let list = list
            .as_array()
            .ok_or_else(|| error(&at, "the requests must be a list"))?;
        for (i, entry) in list.iter().enumerate() {
            let at = format!("{at}[{i}]");
            let (kind, inner) = match entry.as_object().filter(|o| o.len() == 1) {
                Some(o) => o.iter().next().expect("one entry"),
                None => {
                    return Err(error(
                        &at,
                        "each request is {\"PutRequest\": {…}} or {\"DeleteRequest\": {…}}",
                    ))
                }
            };
            let kind = match kind.as_str() {
                "PutRequest" => Kind::Put,
                "DeleteRequest" => Kind::Delete,
                other => return Err(error(&at, format!("unknown request {other:?}"))),
            };
            let inner = inner
                .as_object()
                .ok_or_else(|| error(&at, "the request must be an object"))?;
            let mut request = read_request(inner, &at, kind)?;
            request.table = Some(table.clone());
            requests.push(request);
        }
    }
    Ok(requests)
}

fn read_transaction(body: &Map<String, Value>) -> Result<Vec<Request>, Diagnostic> {
    let items = body
        .get("TransactItems")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            error(
                "TransactWriteItems.TransactItems",
                "TransactWriteItems needs TransactItems, a list",
            )
        })?;
    items
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let at = format!("TransactWriteItems.TransactItems[{i}]");
            let (kind, inner) = match entry.as_object().filter(|o| o.len() == 1) {
                Some(o) => o.iter().next().expect("one entry"),
                None => {
                    return Err(error(
                        &at,
                        "each item is one of Put, Update, Delete or ConditionCheck",
                    ))
                }
            };
            let kind = match kind.as_str() {
                "Put" => Kind::Put,
                "Update" => Kind::Update,
                "Delete" => Kind::Delete,
                "ConditionCheck" => Kind::ConditionCheck,
                other => return Err(error(&at, format!("unknown action {other:?}"))),
            };
            let inner = inner
                .as_object()
                .ok_or_else(|| error(&at, "the action must be an object"))?;
            read_request(inner, &at, kind)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_call_with_its_line() {
        let text = r##"
# a comment
{"PutItem": {"TableName": "t", "Item": {"id": {"S": "a"}}}}
{"UpdateItem": {"Key": {"id": {"S": "a"}}, "UpdateExpression": "SET #n = :v", "ExpressionAttributeNames": {"#n": "n"}, "ExpressionAttributeValues": {":v": {"N": "1"}}}}
{"Sleep": {"Seconds": 1.5}}
{"BatchWriteItem": {"RequestItems": {"t": [{"PutRequest": {"Item": {"id": {"S": "b"}}}}, {"DeleteRequest": {"Key": {"id": {"S": "a"}}}}]}}}
{"TransactWriteItems": {"TransactItems": [{"ConditionCheck": {"Key": {"id": {"S": "b"}}, "ConditionExpression": "attribute_exists(id)"}}, {"Delete": {"Key": {"id": {"S": "b"}}}}]}}
"##;
        let calls = parse_writes(text).unwrap();
        assert_eq!(
            calls.iter().map(|c| c.line).collect::<Vec<_>>(),
            [3, 4, 5, 6, 7]
        );
        assert_eq!(calls[2].call, Call::Sleep(1500));
        let Call::BatchWriteItem(batch) = &calls[3].call else {
            panic!()
        };
        assert_eq!(batch.len(), 2);
        assert_eq!(batch[0].table.as_deref(), Some("t"));
        let Call::Single(update) = &calls[1].call else {
            panic!()
        };
        assert_eq!(update.names["#n"], "n");
    }

    #[test]
    fn problems_are_located() {
        let err = parse_writes("{\"PutItem\": {}}\n{\"PutItem\": {\"Item\": 1}}").unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(1), Some("PutItem.Item"))
        );
        let err = parse_writes(
            "\n{\"UpdateItem\": {\"Key\": {}, \"UpdateExpression\": \"SET a.b = :v\"}}",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("nested paths"), "{err}");
        let err = parse_writes("{\"Scan\": {}}").unwrap_err();
        assert!(err.message.contains("unknown call"));
        let err = parse_writes("{\"PutItem\": {\"Item\": {}, \"Expected\": {}}}").unwrap_err();
        assert!(err.message.contains("legacy"));
        let err = parse_writes("{oops").unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
