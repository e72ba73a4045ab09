//! Event filtering (`FilterCriteria`): which records the mapping hands to the function at all.
//!
//! Patterns are ORed; by default a mapping takes 5 (a Lambda quota, raisable to 10). A pattern is a
//! JSON object whose leaves are arrays of rules. For a Kinesis source Lambda filters on the `data`
//! key only (DOC, "Using event filtering with a Kinesis event source": "Kinesis event source
//! mappings only support filtering on the data key"): the payload parsed as JSON; a payload that
//! is not JSON matches no rule. A pattern naming any other top-level key (`partitionKey`,
//! `sequenceNumber`, …) is refused with Lambda's `InvalidParameterValueException` ("Invalid filter
//! pattern definition."). Rules: exact values, `prefix`, `suffix`, `equals-ignore-case`,
//! `anything-but`, `numeric` and `exists`, as in Lambda's filter syntax. Records that match no
//! pattern are dropped: never invoked, yet consumed.
//!
//! For a DynamoDB source ([`FilterSource::DynamoDb`]) a pattern is matched against the whole
//! record of the Lambda event (`eventName`, `dynamodb` with `Keys`, `NewImage`, `OldImage` in
//! DynamoDB JSON, `userIdentity`, …): AWS's DynamoDB guides filter on `eventName` and
//! `userIdentity` as well as on `dynamodb` (see docs/SEMANTICS.md, "DynamoDB Streams"). A Number
//! attribute's value is a JSON string there (`{"N": "101"}`), so it matches exact strings
//! (`{"N": ["101"]}`), never a `numeric` rule, which matches JSON numbers only.

use crate::diagnostic::AwsError;
use serde_json::{Map, Value};

/// How many patterns a mapping takes by default: Lambda's quota "filters per event source
/// mapping", which a quota increase raises to at most 10 (DOC, "Control which events Lambda sends
/// to your function"). The playground keeps the default.
pub const DEFAULT_FILTER_QUOTA: usize = 5;
/// The most a quota increase allows.
pub const MAX_FILTER_QUOTA: usize = 10;

/// Lambda's message for a pattern it cannot use (OBS: quoted with `InvalidParameterValueException`
/// in LocalStack's AWS-derived provider and in users' reports of CloudFormation/CDK errors).
pub const INVALID_PATTERN: &str = "Invalid filter pattern definition.";

/// The only top-level key a Kinesis mapping's pattern may name.
pub const KINESIS_FILTER_KEY: &str = "data";

/// Where the records come from, which decides what a pattern is matched against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilterSource {
    /// A Kinesis stream: the `data` key only, the payload parsed as JSON.
    #[default]
    Kinesis,
    /// A DynamoDB stream: the Lambda event's whole record.
    DynamoDb,
}

/// Validated filter patterns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterCriteria {
    patterns: Vec<Map<String, Value>>,
}

impl FilterCriteria {
    /// Parses the `Pattern` strings of `FilterCriteria.Filters` of a Kinesis mapping.
    pub fn parse(patterns: &[String]) -> Result<FilterCriteria, AwsError> {
        FilterCriteria::parse_for(FilterSource::Kinesis, patterns)
    }

    /// Parses the `Pattern` strings of `FilterCriteria.Filters` of a mapping on `source`.
    pub fn parse_for(
        source: FilterSource,
        patterns: &[String],
    ) -> Result<FilterCriteria, AwsError> {
        if patterns.len() > DEFAULT_FILTER_QUOTA {
            return Err(AwsError::invalid_parameter_value(format!(
                "{} filters exceed the quota of filters per event source mapping ({DEFAULT_FILTER_QUOTA} \
                 by default; a quota increase allows up to {MAX_FILTER_QUOTA}).",
                patterns.len()
            )));
        }
        let patterns = patterns
            .iter()
            .map(|text| match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => check_pattern(source, &object).map(|()| object),
                _ => Err(invalid(format!("{text} is not a JSON object"))),
            })
            .collect::<Result<_, _>>()?;
        Ok(FilterCriteria { patterns })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether Lambda passes a record with this payload to the function.
    pub fn matches(&self, data: &[u8]) -> bool {
        if self.patterns.is_empty() {
            return true;
        }
        let mut event = Map::new();
        if let Ok(parsed) = serde_json::from_slice::<Value>(data) {
            event.insert(KINESIS_FILTER_KEY.into(), parsed);
        }
        let event = Value::Object(event);
        self.patterns
            .iter()
            .any(|pattern| object_matches(pattern, &event))
    }

    /// Whether Lambda passes a record to the function, matched as a whole (a DynamoDB record:
    /// the Lambda event's record object).
    pub fn matches_record(&self, record: &Value) -> bool {
        self.patterns.is_empty()
            || self
                .patterns
                .iter()
                .any(|pattern| object_matches(pattern, record))
    }
}

/// Lambda's refusal, then (after " — ") what the playground found wrong: Lambda's own message
/// does not say.
fn invalid(why: String) -> AwsError {
    AwsError::invalid_parameter_value(format!("{INVALID_PATTERN} — {why}"))
}

fn check_pattern(source: FilterSource, pattern: &Map<String, Value>) -> Result<(), AwsError> {
    let kinesis = source == FilterSource::Kinesis;
    if let Some(key) = pattern
        .keys()
        .find(|key| kinesis && *key != KINESIS_FILTER_KEY)
    {
        return Err(invalid(format!(
            "a Kinesis event source mapping filters on the \"{KINESIS_FILTER_KEY}\" key only, not \"{key}\""
        )));
    }
    check_rules(pattern)
}

fn check_rules(pattern: &Map<String, Value>) -> Result<(), AwsError> {
    for (field, rule) in pattern {
        match rule {
            Value::Object(nested) => check_rules(nested)?,
            Value::Array(rules) if !rules.is_empty() => {}
            _ => {
                return Err(invalid(format!(
                    "the rules for \"{field}\" must be a non-empty array or an object"
                )))
            }
        }
    }
    Ok(())
}

fn object_matches(pattern: &Map<String, Value>, event: &Value) -> bool {
    pattern.iter().all(|(field, rule)| {
        let value = event.get(field);
        match rule {
            Value::Object(nested) => value.is_some_and(|v| object_matches(nested, v)),
            Value::Array(rules) => rules.iter().any(|r| rule_matches(r, value)),
            _ => false,
        }
    })
}

/// One rule against a field's value (an array value matches when any element does).
fn rule_matches(rule: &Value, value: Option<&Value>) -> bool {
    if let Some(Value::Array(items)) = value {
        if !matches!(rule, Value::Object(o) if o.contains_key("exists")) {
            return items.iter().any(|item| rule_matches(rule, Some(item)));
        }
    }
    match rule {
        Value::Object(operator) => match operator.iter().next() {
            Some((name, argument)) => operator_matches(name, argument, value),
            None => false,
        },
        exact => value == Some(exact),
    }
}

fn operator_matches(name: &str, argument: &Value, value: Option<&Value>) -> bool {
    let text = value.and_then(Value::as_str);
    match name {
        "exists" => argument.as_bool() == Some(value.is_some()),
        "prefix" => text
            .zip(argument.as_str())
            .is_some_and(|(t, p)| t.starts_with(p)),
        "suffix" => text
            .zip(argument.as_str())
            .is_some_and(|(t, s)| t.ends_with(s)),
        "equals-ignore-case" => text
            .zip(argument.as_str())
            .is_some_and(|(t, a)| t.eq_ignore_ascii_case(a)),
        "anything-but" => match (argument, value) {
            (_, None) => false,
            (Value::Array(excluded), Some(v)) => !excluded.contains(v),
            (Value::Object(inner), Some(v)) => {
                !inner.iter().any(|(n, a)| operator_matches(n, a, Some(v)))
            }
            (single, Some(v)) => single != v,
        },
        "numeric" => match (argument.as_array(), value.and_then(Value::as_f64)) {
            (Some(conditions), Some(number)) => conditions.chunks(2).all(|pair| match pair {
                [Value::String(op), bound] => bound.as_f64().is_some_and(|b| match op.as_str() {
                    "=" => number == b,
                    "<" => number < b,
                    "<=" => number <= b,
                    ">" => number > b,
                    ">=" => number >= b,
                    _ => false,
                }),
                _ => false,
            }),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criteria(patterns: &[&str]) -> FilterCriteria {
        FilterCriteria::parse(&patterns.iter().map(|p| p.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn data_rules_match_json_payloads() {
        let only_c = criteria(&[r#"{"data": {"type": ["c"]}}"#]);
        assert!(only_c.matches(br#"{"type": "c", "source": 100}"#));
        assert!(!only_c.matches(br#"{"type": "d"}"#));
        assert!(!only_c.matches(b"not json"));
        let numeric = criteria(&[r#"{"data": {"source": [{"numeric": [">=", 101, "<", 103]}]}}"#]);
        assert!(numeric.matches(br#"{"source": 101}"#));
        assert!(!numeric.matches(br#"{"source": 103}"#));
        let either = criteria(&[
            r#"{"data": {"user": [{"prefix": "user-"}]}}"#,
            r#"{"data": {"vip": [{"exists": true}]}}"#,
        ]);
        assert!(either.matches(br#"{"user": "user-1"}"#));
        assert!(either.matches(br#"{"vip": false}"#));
        assert!(!either.matches(br#"{"tags": ["a"]}"#));
        let anything_but = criteria(&[r#"{"data": {"tags": [{"anything-but": ["spam"]}]}}"#]);
        assert!(anything_but.matches(br#"{"tags": ["spam", "ham"]}"#));
        assert!(!anything_but.matches(br#"{"tags": ["spam"]}"#));
    }

    #[test]
    fn metadata_keys_are_refused_as_lambda_refuses_them() {
        for pattern in [
            r#"{"partitionKey": [{"prefix": "user-"}]}"#,
            r#"{"sequenceNumber": ["1"]}"#,
            r#"{"data": {"n": [1]}, "eventSource": ["aws:kinesis"]}"#,
            r#"{"kinesis": {"partitionKey": ["a"]}}"#,
        ] {
            let error = FilterCriteria::parse(&[pattern.to_owned()]).unwrap_err();
            assert_eq!(error.code, "InvalidParameterValueException", "{pattern}");
            assert!(
                error.message.starts_with(INVALID_PATTERN),
                "{}",
                error.message
            );
            assert!(
                error.message.contains("\"data\" key only"),
                "{}",
                error.message
            );
        }
        // Inside data, any key may be named.
        assert!(criteria(&[r#"{"data": {"partitionKey": ["a"]}}"#])
            .matches(br#"{"partitionKey": "a"}"#));
    }

    #[test]
    fn the_default_quota_of_five_filters_is_named() {
        let six: Vec<String> = (0..6)
            .map(|i| format!(r#"{{"data": {{"n": [{i}]}}}}"#))
            .collect();
        let error = FilterCriteria::parse(&six).unwrap_err();
        assert_eq!(error.code, "InvalidParameterValueException");
        assert!(error.message.contains("quota"), "{}", error.message);
        assert!(error.message.contains("up to 10"), "{}", error.message);
        assert!(FilterCriteria::parse(&six[..5]).is_ok());
        assert!(FilterCriteria::parse(&["[1]".into()]).is_err());
        let not_an_array = FilterCriteria::parse(&[r#"{"data": {"n": 1}}"#.into()]).unwrap_err();
        assert!(not_an_array.message.starts_with(INVALID_PATTERN));
        assert!(criteria(&[]).matches(b"anything"));
    }

    fn dynamodb(patterns: &[&str]) -> FilterCriteria {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        FilterCriteria::parse_for(FilterSource::DynamoDb, &patterns).unwrap()
    }

    /// The record of Lambda's "Using event filtering with a DynamoDB event source" page.
    fn aws_record() -> Value {
        serde_json::json!({
            "eventID": "1", "eventVersion": "1.0", "eventName": "INSERT",
            "dynamodb": {
                "ApproximateCreationDateTime": "1678831218.0",
                "Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
                "NewImage": {
                    "AccountManager": {"S": "Pat Candella"},
                    "PaymentTerms": {"S": "60 days"},
                    "CustomerName": {"S": "AnyCompany Industries"}
                },
                "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_IMAGE"
            }
        })
    }

    #[test]
    fn dynamodb_patterns_match_the_whole_record_as_aws_documents() {
        let record = aws_record();
        // The guide's table-key and attribute filters.
        let key = dynamodb(&[
            r#"{"dynamodb": {"Keys": {"CustomerName": {"S": ["AnyCompany Industries"]}}}}"#,
        ]);
        assert!(key.matches_record(&record));
        let other_key =
            dynamodb(&[r#"{"dynamodb": {"Keys": {"CustomerName": {"S": ["Example Corp"]}}}}"#]);
        assert!(!other_key.matches_record(&record));
        let terms = dynamodb(&[
            r#"{"dynamodb": {"NewImage": {"PaymentTerms": {"S": [{"prefix": "60"}]}}}}"#,
        ]);
        assert!(terms.matches_record(&record));
        // eventName (the CDK reference's DynamoEventSource example) and userIdentity (the
        // DynamoDB guide's filter for TTL deletions) are the record's own keys.
        assert!(dynamodb(&[r#"{"eventName": ["INSERT"]}"#]).matches_record(&record));
        assert!(!dynamodb(&[r#"{"eventName": ["REMOVE"]}"#]).matches_record(&record));
        let ttl = dynamodb(&[
            r#"{"userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}}"#,
        ]);
        assert!(
            !ttl.matches_record(&record),
            "no userIdentity: not a TTL delete"
        );
        let mut by_ttl = record.clone();
        by_ttl["userIdentity"] =
            serde_json::json!({"type": "Service", "principalId": "dynamodb.amazonaws.com"});
        assert!(ttl.matches_record(&by_ttl));
        // A pattern naming a key the record lacks matches nothing (the event "must contain all
        // the field names included in a filter").
        assert!(!dynamodb(&[r#"{"data": {"a": [1]}}"#]).matches_record(&record));
        // Patterns are ORed.
        assert!(dynamodb(&[
            r#"{"eventName": ["REMOVE"]}"#,
            r#"{"eventName": ["INSERT"]}"#
        ])
        .matches_record(&record));
        assert!(dynamodb(&[]).matches_record(&record));
    }

    #[test]
    fn a_dynamodb_number_is_a_string_so_only_string_rules_match_it() {
        // The archived guide's multi-level example: {"Id": {"N": "101"}} matched by ["101"].
        let record = serde_json::json!({"dynamodb": {"Keys": {"Id": {"N": "101"}}}});
        assert!(
            dynamodb(&[r#"{"dynamodb": {"Keys": {"Id": {"N": ["101"]}}}}"#])
                .matches_record(&record)
        );
        assert!(
            !dynamodb(&[r#"{"dynamodb": {"Keys": {"Id": {"N": [101]}}}}"#]).matches_record(&record)
        );
        assert!(!dynamodb(&[
            r#"{"dynamodb": {"Keys": {"Id": {"N": [{"numeric": [">", 100]}]}}}}"#
        ])
        .matches_record(&record));
    }

    #[test]
    fn dynamodb_patterns_are_checked_like_kinesis_ones_but_any_key_is_named() {
        let eventname = [r#"{"eventName": ["INSERT"]}"#.to_owned()];
        assert!(
            FilterCriteria::parse(&eventname).is_err(),
            "Kinesis: data only"
        );
        assert!(FilterCriteria::parse_for(FilterSource::DynamoDb, &eventname).is_ok());
        let not_rules = [r#"{"eventName": "INSERT"}"#.to_owned()];
        let error = FilterCriteria::parse_for(FilterSource::DynamoDb, &not_rules).unwrap_err();
        assert!(
            error.message.starts_with(INVALID_PATTERN),
            "{}",
            error.message
        );
        let six: Vec<String> = (0..6)
            .map(|i| format!(r#"{{"eventID": ["{i}"]}}"#))
            .collect();
        assert!(FilterCriteria::parse_for(FilterSource::DynamoDb, &six).is_err());
    }
}
