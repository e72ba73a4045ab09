//! The page's "When it fails" settings as data: the failure rules (what the function does wrong,
//! the user's assumption) and the mapping's failure settings (MaximumRetryAttempts,
//! MaximumRecordAgeInSeconds, bisect, partial batch responses, the OnFailure destination), the
//! stream's retention and the function's timeout and retry delay (a model).
//!
//! Every edit is a [`FailureEdit`] applied by [`FailureEdit::apply`], which refuses (changes
//! nothing and says so) an edit that would leave the scenario invalid: out of AWS's range, an ARN
//! AWS would refuse, a rule that does not compile. The components only show and dispatch; the
//! text of a rule's match is read here ([`MatchKind::parse`]) so the rules are tested natively.

use crate::mapping::config::{
    FUNCTION_MS, MAXIMUM_RECORD_AGE_SECONDS, MAXIMUM_RETRY_ATTEMPTS, RETENTION_PERIOD_HOURS,
    TIMEOUT_MS,
};
use crate::mapping::destination::{DestinationConfig, FunctionResponseType};
use crate::mapping::failures::{
    Attempts, FailureEffect, FailureRule, FailureRules, RandomFailures, RecordMatch, MAX_RULES,
    RANDOM_PER_MILLE,
};
use crate::scenario::Scenario;
use std::ops::RangeInclusive;

/// A number of the failure settings, with AWS's range (or the model's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureSetting {
    /// `MaximumRetryAttempts`: -1 retries until the records expire.
    MaximumRetryAttempts,
    /// `MaximumRecordAgeInSeconds`: -1, or 60..=604,800.
    MaximumRecordAgeSeconds,
    /// The stream's `RetentionPeriodHours`.
    RetentionHours,
    /// The function's `Timeout`, in ms.
    TimeoutMs,
    /// MODEL: the wait before the first retry, doubling per consecutive failure up to a minute.
    RetryDelayMs,
}

impl FailureSetting {
    pub const ALL: [FailureSetting; 5] = [
        FailureSetting::MaximumRetryAttempts,
        FailureSetting::MaximumRecordAgeSeconds,
        FailureSetting::RetentionHours,
        FailureSetting::TimeoutMs,
        FailureSetting::RetryDelayMs,
    ];

    /// The range the setting takes (the core's constants).
    pub fn range(self) -> RangeInclusive<i64> {
        match self {
            FailureSetting::MaximumRetryAttempts => {
                i64::from(*MAXIMUM_RETRY_ATTEMPTS.start())
                    ..=i64::from(*MAXIMUM_RETRY_ATTEMPTS.end())
            }
            FailureSetting::MaximumRecordAgeSeconds => {
                i64::from(*MAXIMUM_RECORD_AGE_SECONDS.start())
                    ..=i64::from(*MAXIMUM_RECORD_AGE_SECONDS.end())
            }
            FailureSetting::RetentionHours => {
                i64::from(*RETENTION_PERIOD_HOURS.start())
                    ..=i64::from(*RETENTION_PERIOD_HOURS.end())
            }
            FailureSetting::TimeoutMs => ms_range(&TIMEOUT_MS),
            FailureSetting::RetryDelayMs => ms_range(&FUNCTION_MS),
        }
    }

    /// A value accepted outside [`range`](Self::range): -1 (no limit) for the record age.
    pub fn also(self) -> Option<i64> {
        (self == FailureSetting::MaximumRecordAgeSeconds).then_some(-1)
    }

    pub fn accepts(self, value: i64) -> bool {
        self.range().contains(&value) || self.also() == Some(value)
    }

    pub fn value(self, scenario: &Scenario) -> i64 {
        let (mapping, function) = (&scenario.mapping, &scenario.function);
        let ms = |ms: u64| i64::try_from(ms).unwrap_or(i64::MAX);
        match self {
            FailureSetting::MaximumRetryAttempts => mapping.maximum_retry_attempts.into(),
            FailureSetting::MaximumRecordAgeSeconds => mapping.maximum_record_age_seconds.into(),
            FailureSetting::RetentionHours => mapping.retention_period_hours.into(),
            FailureSetting::TimeoutMs => ms(function.timeout_ms),
            FailureSetting::RetryDelayMs => ms(function.retry_delay_ms),
        }
    }

    /// Sets the value; `false` (nothing changed) when it is not accepted.
    fn apply(self, scenario: &mut Scenario, value: i64) -> bool {
        if !self.accepts(value) {
            return false;
        }
        // Accepted values fit their fields: the ranges come from the fields' own constants.
        let small = i32::try_from(value).unwrap_or(-1);
        let (hours, ms) = (
            u32::try_from(value).unwrap_or(u32::MAX),
            u64::try_from(value).unwrap_or(0),
        );
        let (mapping, function) = (&mut scenario.mapping, &mut scenario.function);
        match self {
            FailureSetting::MaximumRetryAttempts => mapping.maximum_retry_attempts = small,
            FailureSetting::MaximumRecordAgeSeconds => mapping.maximum_record_age_seconds = small,
            FailureSetting::RetentionHours => mapping.retention_period_hours = hours,
            FailureSetting::TimeoutMs => function.timeout_ms = ms,
            FailureSetting::RetryDelayMs => function.retry_delay_ms = ms,
        }
        true
    }

    /// The accepted values in words, as the field says when a value is refused ("-1 or 60–604800").
    pub fn range_text(self) -> String {
        let range = self.range();
        let span = format!("{}–{}", range.start(), range.end());
        match self.also() {
            Some(also) => format!("{also} or {span}"),
            None => span,
        }
    }
}

fn ms_range(range: &RangeInclusive<u64>) -> RangeInclusive<i64> {
    let (start, end) = (*range.start(), *range.end());
    i64::try_from(start).unwrap_or(0)..=i64::try_from(end).unwrap_or(i64::MAX)
}

/// The kinds of [`RecordMatch`], as the rule editor offers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    KeyEquals,
    KeyPrefix,
    Data,
    Record,
}

impl MatchKind {
    pub const ALL: [MatchKind; 4] = [
        MatchKind::KeyEquals,
        MatchKind::KeyPrefix,
        MatchKind::Data,
        MatchKind::Record,
    ];

    pub fn of(matches: &RecordMatch) -> MatchKind {
        match matches {
            RecordMatch::KeyEquals(_) => MatchKind::KeyEquals,
            RecordMatch::KeyPrefix(_) => MatchKind::KeyPrefix,
            RecordMatch::Data(_) => MatchKind::Data,
            RecordMatch::Record(_) => MatchKind::Record,
        }
    }

    /// A stable id (the select's option values).
    pub fn id(self) -> &'static str {
        match self {
            MatchKind::KeyEquals => "key_equals",
            MatchKind::KeyPrefix => "key_prefix",
            MatchKind::Data => "data",
            MatchKind::Record => "record",
        }
    }

    pub fn from_id(id: &str) -> Option<MatchKind> {
        MatchKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            MatchKind::KeyEquals => "partition key is",
            MatchKind::KeyPrefix => "partition key starts with",
            MatchKind::Data => "data matches pattern",
            MatchKind::Record => "record number is",
        }
    }

    /// The text the editor shows for a match.
    pub fn text(matches: &RecordMatch) -> String {
        match matches {
            RecordMatch::KeyEquals(key) | RecordMatch::KeyPrefix(key) => key.clone(),
            RecordMatch::Data(pattern) => pattern.to_string(),
            RecordMatch::Record(number) => number.to_string(),
        }
    }

    /// Reads the editor's text as a match of this kind; the error says what is wrong.
    pub fn parse(self, text: &str) -> Result<RecordMatch, String> {
        let matches =
            match self {
                MatchKind::KeyEquals | MatchKind::KeyPrefix => {
                    if text.is_empty() {
                        return Err("a partition key is never empty".to_owned());
                    }
                    if text.encode_utf16().count() > 256 {
                        return Err("a partition key has at most 256 characters".to_owned());
                    }
                    if self == MatchKind::KeyEquals {
                        RecordMatch::KeyEquals(text.to_owned())
                    } else {
                        RecordMatch::KeyPrefix(text.to_owned())
                    }
                }
                MatchKind::Data => RecordMatch::Data(serde_json::from_str(text).map_err(|e| {
                    format!("not a JSON pattern: {e} (e.g. {{\"type\": [\"bad\"]}})")
                })?),
                MatchKind::Record => RecordMatch::Record(
                    text.trim()
                        .parse()
                        .map_err(|_| "a record number: 0, 1, 2… in put order".to_owned())?,
                ),
            };
        let rule = FailureRule {
            effect: FailureEffect::Error,
            matches,
            attempts: Attempts::Always,
        };
        FailureRules {
            rules: vec![rule.clone()],
            random: None,
        }
        .validate()
        .map_err(|e| e.message)?;
        Ok(rule.matches)
    }

    /// The match a rule gets when its kind changes to this one: the key is kept between the two
    /// key kinds, the others start from an example.
    pub fn switch(self, current: &RecordMatch) -> RecordMatch {
        match (self, current) {
            (MatchKind::KeyEquals, RecordMatch::KeyPrefix(key)) => {
                RecordMatch::KeyEquals(key.clone())
            }
            (MatchKind::KeyPrefix, RecordMatch::KeyEquals(key)) => {
                RecordMatch::KeyPrefix(key.clone())
            }
            _ if MatchKind::of(current) == self => current.clone(),
            (MatchKind::KeyEquals, _) => RecordMatch::KeyEquals("order-7".to_owned()),
            (MatchKind::KeyPrefix, _) => RecordMatch::KeyPrefix("order-".to_owned()),
            (MatchKind::Data, _) => RecordMatch::Data(serde_json::json!({"type": ["bad"]})),
            (MatchKind::Record, _) => RecordMatch::Record(0),
        }
    }
}

/// The rule "Add rule" appends: the first record put fails every time.
pub fn new_rule() -> FailureRule {
    FailureRule {
        effect: FailureEffect::Error,
        matches: RecordMatch::Record(0),
        attempts: Attempts::Always,
    }
}

pub fn effect_id(effect: FailureEffect) -> &'static str {
    match effect {
        FailureEffect::Error => "error",
        FailureEffect::Timeout => "timeout",
        FailureEffect::Partial => "partial",
    }
}

pub fn effect_from_id(id: &str) -> Option<FailureEffect> {
    [
        FailureEffect::Error,
        FailureEffect::Timeout,
        FailureEffect::Partial,
    ]
    .into_iter()
    .find(|effect| effect_id(*effect) == id)
}

/// What a rule does, in words.
pub fn effect_words(effect: FailureEffect) -> &'static str {
    match effect {
        FailureEffect::Error => "the function throws an error",
        FailureEffect::Timeout => "the function runs until its timeout",
        FailureEffect::Partial => "the function reports the record in batchItemFailures",
    }
}

/// A rule in one sentence ("when the partition key is "order-7": the function throws an error,
/// on every delivery").
pub fn rule_words(rule: &FailureRule) -> String {
    let matches = match &rule.matches {
        RecordMatch::KeyEquals(key) => format!("partition key is {key:?}"),
        RecordMatch::KeyPrefix(key) => format!("partition key starts with {key:?}"),
        RecordMatch::Data(pattern) => format!("data matches {pattern}"),
        RecordMatch::Record(number) => format!("record #{number}"),
    };
    let attempts = match rule.attempts {
        Attempts::Always => "on every delivery (a poison record)".to_owned(),
        Attempts::First(1) => "on its first delivery only".to_owned(),
        Attempts::First(n) => format!("on its first {n} deliveries"),
    };
    format!("when {matches}: {}, {attempts}", effect_words(rule.effect))
}

/// The failure rules and settings in words, for a read-only page.
pub fn failure_summary(scenario: &Scenario) -> Vec<String> {
    let (mapping, function) = (&scenario.mapping, &scenario.function);
    let mut lines: Vec<String> = scenario.failures.rules.iter().map(rule_words).collect();
    if let Some(random) = scenario.failures.random.filter(|r| r.per_mille > 0) {
        lines.push(format!(
            "every invocation fails with probability {}‰ (seed {}, a model)",
            random.per_mille, random.seed
        ));
    }
    if lines.is_empty() {
        lines.push("the function never fails (no failure rule)".to_owned());
    }
    lines.push(format!(
        "MaximumRetryAttempts {} · MaximumRecordAgeInSeconds {} · BisectBatchOnFunctionError {} · FunctionResponseTypes [{}] · OnFailure {} · retention {} h · Timeout {} ms · retry delay {} ms (model)",
        mapping.maximum_retry_attempts,
        mapping.maximum_record_age_seconds,
        mapping.bisect_batch_on_function_error,
        if mapping.reports_batch_item_failures() { "ReportBatchItemFailures" } else { "" },
        mapping.destination_config.on_failure_arn().unwrap_or("none"),
        mapping.retention_period_hours,
        function.timeout_ms,
        function.retry_delay_ms,
    ));
    lines
}

/// Why an OnFailure destination ARN is refused (AWS's message), or `None` when it is accepted.
pub fn on_failure_error(arn: &str) -> Option<String> {
    DestinationConfig::on_failure(arn)
        .validate()
        .err()
        .map(|e| e.message)
}

/// One change to the failure rules or settings.
#[derive(Clone, Debug, PartialEq)]
pub enum FailureEdit {
    /// Appends [`new_rule`] (refused at the limit of rules).
    AddRule,
    RemoveRule(usize),
    /// Replaces rule `index`; refused when it does not compile.
    SetRule(usize, FailureRule),
    /// The random failure rate and its seed; `None` turns it off.
    SetRandom(Option<RandomFailures>),
    Set(FailureSetting, i64),
    BisectBatchOnFunctionError(bool),
    ReportBatchItemFailures(bool),
    /// The OnFailure destination's ARN (`None` removes it); refused when AWS would refuse it.
    OnFailure(Option<String>),
}

impl FailureEdit {
    /// Applies the edit; `false` when it is refused and `scenario` is unchanged.
    pub fn apply(self, scenario: &mut Scenario) -> bool {
        let failures = &mut scenario.failures;
        let mapping = &mut scenario.mapping;
        match self {
            FailureEdit::AddRule if failures.rules.len() < MAX_RULES => {
                failures.rules.push(new_rule())
            }
            FailureEdit::AddRule => return false,
            FailureEdit::RemoveRule(index) if index < failures.rules.len() => {
                failures.rules.remove(index);
            }
            FailureEdit::RemoveRule(_) => return false,
            FailureEdit::SetRule(index, rule) => {
                let mut rules = failures.clone();
                let Some(slot) = rules.rules.get_mut(index) else {
                    return false;
                };
                *slot = rule;
                if rules.validate().is_err() {
                    return false;
                }
                *failures = rules;
            }
            FailureEdit::SetRandom(Some(random))
                if !RANDOM_PER_MILLE.contains(&random.per_mille) =>
            {
                return false
            }
            FailureEdit::SetRandom(random) => failures.random = random,
            FailureEdit::Set(setting, value) => return setting.apply(scenario, value),
            FailureEdit::BisectBatchOnFunctionError(on) => {
                mapping.bisect_batch_on_function_error = on
            }
            FailureEdit::ReportBatchItemFailures(on) => {
                mapping.function_response_types = if on {
                    vec![FunctionResponseType::ReportBatchItemFailures]
                } else {
                    Vec::new()
                }
            }
            FailureEdit::OnFailure(None) => {
                mapping.destination_config = DestinationConfig::default()
            }
            FailureEdit::OnFailure(Some(arn)) => {
                let config = DestinationConfig::on_failure(arn);
                if config.validate().is_err() {
                    return false;
                }
                mapping.destination_config = config;
            }
        }
        true
    }
}
