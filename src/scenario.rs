//! The scenario: everything a person sets up, and the one source of truth for the page.
//!
//! Producer code and its language, the stream's shard count, the event source mapping and the
//! function model, and the producer run's options (seed, record cap). The page holds one
//! `Scenario`; share links and embeds will be encodings of it.

use crate::mapping::{FunctionModel, MappingConfig};
use crate::producers::python::PythonOptions;
use crate::producers::{detect_language, Language};
use serde::{Deserialize, Serialize};

/// The seed producer from the question that started Shardlane (the default scenario).
pub const SEED_PYTHON: &str = include_str!("../tests/producers/python/01_seed_put_records.py");

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub code: String,
    /// `None` detects the language from the code.
    pub language: Option<Language>,
    pub shard_count: usize,
    pub mapping: MappingConfig,
    pub function: FunctionModel,
    pub seed: u64,
    pub record_cap: usize,
}

impl Default for Scenario {
    /// The seed example: its boto3 `put_records` on a 3-shard stream, BatchSize 500, PF 1.
    fn default() -> Self {
        Scenario {
            code: SEED_PYTHON.to_owned(),
            language: None,
            shard_count: 3,
            mapping: MappingConfig {
                batch_size: 500,
                ..MappingConfig::default()
            },
            function: FunctionModel::default(),
            seed: PythonOptions::default().seed,
            record_cap: PythonOptions::default().record_cap,
        }
    }
}

impl Scenario {
    pub fn language(&self) -> Language {
        self.language.unwrap_or_else(|| detect_language(&self.code))
    }

    pub fn python_options(&self) -> PythonOptions {
        PythonOptions {
            record_cap: self.record_cap,
            seed: self.seed,
            ..PythonOptions::default()
        }
    }
}
