//! Event filtering (`FilterCriteria`): which records the mapping hands to the function at all.
//!
//! Up to 5 patterns, ORed. A pattern is a JSON object whose leaves are arrays of rules, matched
//! against the record as Lambda sees it: `data` (the payload parsed as JSON; a payload that is not
//! JSON matches no `data` rule) and the metadata `partitionKey` and `sequenceNumber`. Rules: exact
//! values, `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `numeric` and `exists`, as in
//! Lambda's filter syntax. Records that match no pattern are dropped: never invoked, yet consumed.

use crate::diagnostic::AwsError;
use serde_json::{Map, Value};

/// The most patterns one mapping may have.
pub const MAX_FILTERS: usize = 5;

/// Validated filter patterns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterCriteria {
    patterns: Vec<Map<String, Value>>,
}

impl FilterCriteria {
    /// Parses the `Pattern` strings of `FilterCriteria.Filters`.
    pub fn parse(patterns: &[String]) -> Result<FilterCriteria, AwsError> {
        if patterns.len() > MAX_FILTERS {
            return Err(AwsError::invalid_argument(format!(
                "Invalid filter criteria: a mapping takes at most {MAX_FILTERS} filters, not {}",
                patterns.len()
            )));
        }
        let patterns = patterns
            .iter()
            .map(|text| match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => check_pattern(&object).map(|()| object),
                _ => Err(AwsError::invalid_argument(format!(
                    "Invalid filter pattern definition: {text} is not a JSON object"
                ))),
            })
            .collect::<Result<_, _>>()?;
        Ok(FilterCriteria { patterns })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether Lambda passes this record to the function.
    pub fn matches(&self, partition_key: &str, sequence_number: &str, data: &[u8]) -> bool {
        if self.patterns.is_empty() {
            return true;
        }
        let mut event = Map::new();
        event.insert("partitionKey".into(), Value::String(partition_key.into()));
        event.insert(
            "sequenceNumber".into(),
            Value::String(sequence_number.into()),
        );
        if let Ok(parsed) = serde_json::from_slice::<Value>(data) {
            event.insert("data".into(), parsed);
        }
        let event = Value::Object(event);
        self.patterns
            .iter()
            .any(|pattern| object_matches(pattern, &event))
    }
}

fn invalid(message: String) -> AwsError {
    AwsError::invalid_argument(format!("Invalid filter pattern definition: {message}"))
}

fn check_pattern(pattern: &Map<String, Value>) -> Result<(), AwsError> {
    for (field, rule) in pattern {
        match rule {
            Value::Object(nested) => check_pattern(nested)?,
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
        assert!(only_c.matches("k", "1", br#"{"type": "c", "source": 100}"#));
        assert!(!only_c.matches("k", "1", br#"{"type": "d"}"#));
        assert!(!only_c.matches("k", "1", b"not json"));
        let numeric = criteria(&[r#"{"data": {"source": [{"numeric": [">=", 101, "<", 103]}]}}"#]);
        assert!(numeric.matches("k", "1", br#"{"source": 101}"#));
        assert!(!numeric.matches("k", "1", br#"{"source": 103}"#));
        let prefix = criteria(&[
            r#"{"partitionKey": [{"prefix": "user-"}]}"#,
            r#"{"data": {"vip": [{"exists": true}]}}"#,
        ]);
        assert!(prefix.matches("user-1", "1", b"{}"));
        assert!(prefix.matches("device", "1", br#"{"vip": false}"#));
        assert!(!prefix.matches("device", "1", br#"{"tags": ["a"]}"#));
        let anything_but = criteria(&[r#"{"data": {"tags": [{"anything-but": ["spam"]}]}}"#]);
        assert!(anything_but.matches("k", "1", br#"{"tags": ["spam", "ham"]}"#));
        assert!(!anything_but.matches("k", "1", br#"{"tags": ["spam"]}"#));
    }

    #[test]
    fn at_most_five_valid_patterns() {
        let six: Vec<String> = (0..6)
            .map(|i| format!(r#"{{"data": {{"n": [{i}]}}}}"#))
            .collect();
        assert!(FilterCriteria::parse(&six)
            .unwrap_err()
            .message
            .contains("at most 5"));
        assert!(FilterCriteria::parse(&["[1]".into()]).is_err());
        assert!(FilterCriteria::parse(&[r#"{"data": {"n": 1}}"#.into()]).is_err());
        assert!(criteria(&[]).matches("k", "1", b"anything"));
    }
}
