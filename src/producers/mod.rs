//! Producer front ends: the code people paste, turned into [`ProducedRecord`]s.
//!
//! Each front end returns a [`ProducerRun`]: the records in put order, what the code printed, why
//! it stopped early (a record cap is a friendly stop, not an error) and a located error, if any.
//! JSON and AWS CLI lines are read here in Rust; Python and JavaScript run outside the core (a Web
//! Worker on the page, a `python3` or `node` child process in the CLI) with the harnesses under
//! `www/`, and come back through [`harness::parse_harness_output`].

pub mod aws_cli;
pub mod harness;

use crate::diagnostic::Diagnostic;
use crate::record::{ProducedRecord, PutApi};
use serde::{Deserialize, Serialize};

/// How long a code engine may run a producer before it is stopped, in wall-clock seconds (neither
/// engine has a step budget; the page terminates its worker, the CLI kills its child process).
pub const DEFAULT_TIME_LIMIT_SECONDS: u32 = 5;

/// What a producer run gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerRun {
    pub records: Vec<ProducedRecord>,
    /// What the code printed (Python's print, console.log).
    pub console: String,
    pub stopped: Option<StopReason>,
    /// The error that ended the run, located in the user's code.
    pub error: Option<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Why a run ended before the code did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The record cap was reached; the records so far are kept.
    RecordCap,
    /// The wall-clock limit was reached (the worker was terminated).
    Timeout,
}

/// The kinds of producer input the playground reads.
///
/// Each has one id ([`Language::id`]) that share links (serde), the CLI's `--language` and the
/// page's language menu all spell the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum Language {
    Python,
    JavaScript,
    AwsCli,
    Json,
    /// One partition key per line.
    Keys,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::Python,
        Language::JavaScript,
        Language::AwsCli,
        Language::Json,
        Language::Keys,
    ];

    /// The id links, the CLI and the page use.
    pub fn id(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
            Language::AwsCli => "aws-cli",
            Language::Json => "json",
            Language::Keys => "keys",
        }
    }

    /// The language with this id.
    pub fn from_id(id: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Language::Python => "Python (boto3)",
            Language::JavaScript => "JavaScript (AWS SDK)",
            Language::AwsCli => "AWS CLI",
            Language::Json => "PutRecords JSON",
            Language::Keys => "Partition keys, one per line",
        }
    }
}

impl From<Language> for &'static str {
    fn from(language: Language) -> &'static str {
        language.id()
    }
}

impl TryFrom<String> for Language {
    type Error = String;

    /// Reads an id, and the snake_case spellings v1 share links carried before ids were one
    /// (`java_script`, `aws_cli`): every link ever emitted keeps decoding.
    fn try_from(id: String) -> Result<Language, String> {
        let current = match id.as_str() {
            "java_script" => "javascript",
            "aws_cli" => "aws-cli",
            other => other,
        };
        Language::from_id(current).ok_or_else(|| {
            let ids: Vec<&str> = Language::ALL.iter().map(|l| l.id()).collect();
            format!(
                "unknown language '{id}', expected one of {}",
                ids.join(", ")
            )
        })
    }
}

/// Guesses the language of pasted producer input; the person can always override it.
pub fn detect_language(text: &str) -> Language {
    let mut clues = LanguageClues::default();
    text.lines().for_each(|line| clues.line(line));
    clues.language()
}

/// What [`detect_language`] looks for, gathered a line at a time (as `str::lines` splits), so a
/// reader of a file too large to hold guesses as it would from the whole text.
#[derive(Clone, Debug, Default)]
pub struct LanguageClues {
    first_char: Option<char>,
    boto3: bool,
    aws_cli: bool,
    python_statement: bool,
    require: bool,
    javascript_import: bool,
    javascript: bool,
    python_shape: bool,
}

impl LanguageClues {
    /// Takes the clues of the next line.
    pub fn line(&mut self, line: &str) {
        let trimmed = line.trim_start();
        if self.first_char.is_none() {
            self.first_char = trimmed.chars().next();
        }
        let has = |needle: &str| line.contains(needle);
        self.boto3 |= has("boto3");
        let command = trimmed.trim_start_matches("$ ");
        self.aws_cli |= command.starts_with("aws kinesis") || command.starts_with("aws dynamodb");
        self.python_statement |= trimmed.starts_with("def ")
            || trimmed.starts_with("import ")
            || trimmed.starts_with("from ");
        self.require |= has("require(");
        self.javascript_import |= has("import {") || has("from '") || has("from \"");
        self.javascript |=
            has("aws-sdk") || has("const ") || has("let ") || has("await ") || has("=>");
        self.python_shape |=
            trimmed.ends_with(':') || trimmed.starts_with("for ") || trimmed.starts_with("print(");
    }

    /// The guess from the lines so far.
    pub fn language(&self) -> Language {
        if matches!(self.first_char, Some('{' | '[')) && !self.boto3 {
            return Language::Json;
        }
        if self.aws_cli {
            return Language::AwsCli;
        }
        if self.boto3 || self.python_statement && !self.require && !self.javascript_import {
            return Language::Python;
        }
        if self.javascript || self.require {
            return Language::JavaScript;
        }
        if self.python_shape {
            return Language::Python;
        }
        Language::Keys
    }
}

/// One `PutRecord` per non-empty line, the line being the partition key and the data empty.
pub fn parse_key_lines(text: &str) -> ProducerRun {
    let records = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty())
        .enumerate()
        .map(|(call, (index, key))| key_line_record(call, index, key))
        .collect();
    ProducerRun {
        records,
        ..ProducerRun::default()
    }
}

/// The record of a non-empty key line: line `line_index` (from 0), the `call`-th such line.
pub fn key_line_record(call: usize, line_index: usize, key: &str) -> ProducedRecord {
    ProducedRecord {
        put_call: call,
        source_line: Some(line_index + 1),
        ..ProducedRecord::new(key, Vec::new())
    }
}

/// Reads JSON producer input (see `crate::input`) as a run.
pub fn parse_json(text: &str) -> ProducerRun {
    match crate::input::parse_records_json(text) {
        Ok(parsed) => ProducerRun {
            records: parsed.records,
            warnings: parsed.warnings,
            ..ProducerRun::default()
        },
        Err(error) => ProducerRun {
            error: Some(error),
            ..ProducerRun::default()
        },
    }
}

pub(crate) fn api_from_name(name: &str) -> PutApi {
    if name == "PutRecords" {
        PutApi::PutRecords
    } else {
        PutApi::PutRecord
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        let seed = "import json\nimport boto3\nkinesis = boto3.client('kinesis')\n";
        assert_eq!(detect_language(seed), Language::Python);
        let js =
            "const { KinesisClient, PutRecordsCommand } = require('@aws-sdk/client-kinesis');\n";
        assert_eq!(detect_language(js), Language::JavaScript);
        let esm =
            "import { KinesisClient } from '@aws-sdk/client-kinesis';\nawait client.send(x);\n";
        assert_eq!(detect_language(esm), Language::JavaScript);
        let cli =
            "# put one\naws kinesis put-record --stream-name s --partition-key k --data aGk=\n";
        assert_eq!(detect_language(cli), Language::AwsCli);
        let dynamodb = "aws dynamodb put-item --table-name t --item '{\"id\": {\"S\": \"a\"}}'\n";
        assert_eq!(detect_language(dynamodb), Language::AwsCli);
        assert_eq!(detect_language("{\"Records\": []}"), Language::Json);
        assert_eq!(detect_language("user-1\nuser-2\n"), Language::Keys);
    }

    #[test]
    fn ids_round_trip_and_old_link_spellings_still_read() {
        for language in Language::ALL {
            assert_eq!(Language::from_id(language.id()), Some(language));
            let json = serde_json::to_string(&language).unwrap();
            assert_eq!(json, format!("\"{}\"", language.id()));
            assert_eq!(serde_json::from_str::<Language>(&json).unwrap(), language);
        }
        let old = |text: &str| serde_json::from_str::<Language>(text).unwrap();
        assert_eq!(old("\"java_script\""), Language::JavaScript);
        assert_eq!(old("\"aws_cli\""), Language::AwsCli);
        assert!(serde_json::from_str::<Language>("\"cobol\"").is_err());
    }

    #[test]
    fn key_lines_keep_their_line_numbers() {
        let run = parse_key_lines("a\n\nb\n");
        let lines: Vec<_> = run
            .records
            .iter()
            .map(|r| (r.partition_key.as_str(), r.source_line, r.put_call))
            .collect();
        assert_eq!(lines, vec![("a", Some(1), 0), ("b", Some(3), 1)]);
    }
}
