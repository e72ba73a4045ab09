//! Saying what fails: rules about the function's behaviour, which the simulation applies to every
//! invocation. AWS cannot know what your code does with a record, so every rule is the user's
//! assumption, and the engine's reaction to it follows AWS (see `engine`).
//!
//! Rules are checked in order and the first whose match holds for a record is that record's rule;
//! a rule applies on every delivery of the record (`always`: a poison record) or on its first N
//! deliveries (`{"first": N}`: a transient failure). In one invocation, the first record (in batch
//! order) whose rule applies decides: `error` fails the whole invocation, `timeout` makes it run
//! until the function's timeout and fail; `partial` records are reported in a partial batch
//! response (`batchItemFailures`), honoured only with `FunctionResponseTypes:
//! ["ReportBatchItemFailures"]`. A `random` failure rate fails each invocation with that
//! probability, from a seed, so a run is reproducible.
//!
//! The JSON form (the CLI's `--failures` file, the share link):
//! `{"rules": [{"effect": "error", "match": {"key_equals": "k"}, "attempts": "always"}],
//!   "random": {"per_mille": 10, "seed": 7}}` — matches: `key_equals`, `key_prefix`, `data` (a
//! FilterCriteria pattern on the record's JSON data, e.g. `{"type": ["bad"]}`) or `record` (its
//! number in put order, from 0).

use super::filter::FilterCriteria;
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::ops::RangeInclusive;

/// `random.per_mille`: a failure probability per invocation, in thousandths.
pub const RANDOM_PER_MILLE: RangeInclusive<u32> = 0..=1_000;
/// The most rules one scenario holds.
pub const MAX_RULES: usize = 100;

/// Every assumption about how the function fails.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FailureRules {
    pub rules: Vec<FailureRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub random: Option<RandomFailures>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailureRule {
    pub effect: FailureEffect,
    #[serde(rename = "match")]
    pub matches: RecordMatch,
    #[serde(default)]
    pub attempts: Attempts,
}

/// What the function does with a batch holding a matching record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureEffect {
    /// The invocation returns an error (an unhandled exception).
    Error,
    /// The invocation runs until the function's timeout.
    Timeout,
    /// The function reports the record in `batchItemFailures`.
    Partial,
}

/// Which records a rule is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RecordMatch {
    KeyEquals(String),
    KeyPrefix(String),
    /// A FilterCriteria pattern for the `data` key, e.g. `{"type": ["bad"]}`.
    Data(Value),
    /// The record's number in put order, from 0.
    Record(usize),
}

/// On which deliveries of a record its rule applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attempts {
    /// Every delivery: a poison record.
    #[default]
    Always,
    /// The first N deliveries: a transient failure.
    First(u32),
}

impl Attempts {
    /// Whether the rule applies to a record delivered `previous` times before.
    pub fn applies(self, previous: u32) -> bool {
        match self {
            Attempts::Always => true,
            Attempts::First(n) => previous < n,
        }
    }
}

/// Each invocation fails with probability `per_mille / 1000`, drawn from `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomFailures {
    pub per_mille: u32,
    #[serde(default)]
    pub seed: u64,
}

impl RandomFailures {
    /// Whether invocation number `invocation` of the run fails (SplitMix64 of seed and number).
    pub fn fails(self, invocation: u64) -> bool {
        let mut z = self.seed.wrapping_add(
            invocation
                .wrapping_add(1)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        z % 1000 < u64::from(self.per_mille)
    }
}

/// What a rule needs to know of a record.
#[derive(Clone, Copy, Debug)]
pub struct RecordView<'a> {
    /// Its number in put order.
    pub number: usize,
    pub partition_key: &'a str,
    pub sequence_number: &'a str,
    pub data: &'a [u8],
}

/// The rules, checked and ready to match.
#[derive(Clone, Debug, Default)]
pub struct CompiledRules {
    rules: Vec<(FailureRule, Option<FilterCriteria>)>,
}

impl FailureRules {
    /// Reads the JSON form; errors are located (line and column, or the rule's field).
    pub fn from_json(text: &str) -> Result<FailureRules, Diagnostic> {
        let rules: FailureRules =
            serde_json::from_str(text).map_err(|e| Diagnostic::from_json_error(&e))?;
        rules.compile()?;
        Ok(rules)
    }

    /// No rule and no random failures: the happy path.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.random.is_none_or(|r| r.per_mille == 0)
    }

    /// Checks every rule (a failure names its field, e.g. `rules[2].match.data`).
    pub fn validate(&self) -> Result<(), Diagnostic> {
        self.compile().map(|_| ())
    }

    pub fn compile(&self) -> Result<CompiledRules, Diagnostic> {
        if self.rules.len() > MAX_RULES {
            return Err(Diagnostic::error(format!(
                "at most {MAX_RULES} failure rules, not {}",
                self.rules.len()
            ))
            .in_field("rules"));
        }
        if let Some(random) = self.random {
            if !RANDOM_PER_MILLE.contains(&random.per_mille) {
                return Err(Diagnostic::error(format!(
                    "must be between {} and {} (thousandths), not {}",
                    RANDOM_PER_MILLE.start(),
                    RANDOM_PER_MILLE.end(),
                    random.per_mille
                ))
                .in_field("random.per_mille"));
            }
        }
        let rules = self
            .rules
            .iter()
            .enumerate()
            .map(|(index, rule)| compile_rule(index, rule))
            .collect::<Result<_, _>>()?;
        Ok(CompiledRules { rules })
    }
}

fn compile_rule(
    index: usize,
    rule: &FailureRule,
) -> Result<(FailureRule, Option<FilterCriteria>), Diagnostic> {
    let field = |name: &str| format!("rules[{index}].{name}");
    if rule.attempts == Attempts::First(0) {
        return Err(
            Diagnostic::error("\"first\" must be at least 1 (or use \"always\")")
                .in_field(field("attempts")),
        );
    }
    let filter = match &rule.matches {
        RecordMatch::Data(pattern) => {
            let text = serde_json::json!({ "data": pattern }).to_string();
            let parsed = FilterCriteria::parse(&[text])
                .map_err(|e| Diagnostic::error(e.message).in_field(field("match.data")))?;
            Some(parsed)
        }
        RecordMatch::KeyEquals(key) | RecordMatch::KeyPrefix(key) if key.is_empty() => {
            return Err(
                Diagnostic::error("a partition key is never empty").in_field(field("match"))
            );
        }
        _ => None,
    };
    Ok((rule.clone(), filter))
}

impl CompiledRules {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first rule whose match holds for the record: its index, effect and attempts.
    pub fn rule_for(&self, record: &RecordView<'_>) -> Option<(usize, FailureEffect, Attempts)> {
        self.rules
            .iter()
            .position(|(rule, filter)| match (&rule.matches, filter) {
                (RecordMatch::KeyEquals(key), _) => record.partition_key == key,
                (RecordMatch::KeyPrefix(prefix), _) => record.partition_key.starts_with(prefix),
                (RecordMatch::Record(number), _) => record.number == *number,
                (RecordMatch::Data(_), Some(filter)) => filter.matches(record.data),
                (RecordMatch::Data(_), None) => false,
            })
            .map(|index| {
                let rule = &self.rules[index].0;
                (index, rule.effect, rule.attempts)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(number: usize, key: &'a str, data: &'a [u8]) -> RecordView<'a> {
        RecordView {
            number,
            partition_key: key,
            sequence_number: "49",
            data,
        }
    }

    #[test]
    fn the_first_matching_rule_wins() {
        let rules = FailureRules::from_json(
            r#"{"rules": [
                {"effect": "partial", "match": {"data": {"type": ["bad"]}}, "attempts": {"first": 2}},
                {"effect": "error", "match": {"key_prefix": "user-"}},
                {"effect": "timeout", "match": {"record": 3}}
            ]}"#,
        )
        .unwrap()
        .compile()
        .unwrap();
        let found = |v: RecordView<'_>| rules.rule_for(&v).map(|(i, ..)| i);
        assert_eq!(found(view(0, "user-1", br#"{"type": "bad"}"#)), Some(0));
        assert_eq!(found(view(0, "user-1", b"{}")), Some(1));
        assert_eq!(found(view(3, "other", b"")), Some(2));
        assert_eq!(found(view(4, "other", b"")), None);
        assert!(Attempts::First(2).applies(1) && !Attempts::First(2).applies(2));
    }

    #[test]
    fn bad_rules_are_located() {
        let unknown = FailureRules::from_json("{\"rules\": [\n {\"effect\": \"explode\"}]}");
        assert_eq!(unknown.unwrap_err().line, Some(2));
        let zero = FailureRules::from_json(
            r#"{"rules": [{"effect": "error", "match": {"record": 1}}, {"effect": "error", "match": {"record": 2}, "attempts": {"first": 0}}]}"#,
        );
        assert_eq!(
            zero.unwrap_err().field.as_deref(),
            Some("rules[1].attempts")
        );
        let pattern = FailureRules::from_json(
            r#"{"rules": [{"effect": "error", "match": {"data": {"type": "bad"}}}]}"#,
        );
        assert_eq!(
            pattern.unwrap_err().field.as_deref(),
            Some("rules[0].match.data")
        );
        let rate = FailureRules::from_json(r#"{"random": {"per_mille": 1001}}"#);
        assert_eq!(rate.unwrap_err().field.as_deref(), Some("random.per_mille"));
    }

    #[test]
    fn random_failures_are_reproducible_and_near_their_rate() {
        let random = RandomFailures {
            per_mille: 100,
            seed: 7,
        };
        let failed = (0..10_000).filter(|&i| random.fails(i)).count();
        assert!((800..1200).contains(&failed), "{failed}");
        assert_eq!(random.fails(42), random.fails(42));
    }
}
