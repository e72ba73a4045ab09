//! The page's state as data, and the one function that changes it.
//!
//! Everything the page shows follows from a [`PageState`]; every change to it is an [`Action`]
//! passed to [`reduce`], a pure function. The Yew page (`src/ui`) holds the state in a reducer,
//! turns clicks and engine messages into actions, and runs the effects the state asks for: an
//! engine run ([`PageState::engine_request`]), the URL fragment ([`PageState::linked_scenario`]).
//! Nothing here knows about Yew or the browser, so the page's rules (a failed run keeps the last
//! good records, a link's records stand for its code until an edit, answers of superseded runs are
//! dropped) are tested natively.

mod age_chart;
mod derived;
mod dynamodb;
mod failures;
mod glossary;
pub mod palette;
mod paste_advice;
mod setting;
mod story;
mod what_if;

pub use age_chart::{age_chart, lag_cause, AgeChart, AgeLine, AGE_CHART_COLUMNS, AGE_CHART_SHARDS};
pub use derived::{
    event_json, on_failure_document, run_keys, simulate_run, simulate_run_with_keys, RunSettings,
    Shared,
};
pub use dynamodb::{
    call_name, dynamodb_record_story, dynamodb_summary, key_words, simulate_writes,
    DynamoDbSummary, DynamoDbView, ShardSummary, SourceKind, TableEdit,
};
pub use failures::{
    effect_from_id, effect_id, effect_words, failure_summary, new_rule, on_failure_error,
    rule_words, FailureEdit, FailureSetting, MatchKind,
};
pub use glossary::{entry as glossary_entry, terms_in, Entry as GlossaryEntry, GLOSSARY};
pub use paste_advice::{misplaced_paste, PasteAdvice, PasteBox};
pub use setting::Setting;
pub use story::{
    clock, discard_after, discard_of_record, discards_by_batch, invocation_words, record_story,
    result_words,
};
pub use what_if::{
    apply as apply_what_if, compare, suggestions, AdvisedFinding, Comparison, Figures, KeyFields,
    Suggestion, WhatIf,
};

use crate::dynamodb::WriteCall;
use crate::examples::seed_records;
use crate::mapping::{Consumer, MappingConfig};
use crate::producers::harness::{parse_harness_output, HarnessOptions};
use crate::producers::{self, Language, ProducerRun, StopReason};
use crate::scenario::{DynamoDbSource, Scenario, Source};
use crate::share::ViewOptions;
use crate::simulation::lag::thousands;

/// What a code engine's worker reports about a run, in order: maybe `Loading`, `Progress`… and
/// `Ready`, then one of the last three.
#[derive(Clone, Debug, PartialEq)]
pub enum EngineUpdate {
    /// The page handed the run to the engine (after the debounce).
    Started,
    /// The engine's worker is being started (its first run, or after a terminated one).
    Loading,
    /// Bytes of the engine downloaded so far, and in all (0 when the server does not say).
    Progress {
        loaded: f64,
        total: f64,
    },
    Ready,
    /// The harness's JSON answer.
    Finished(String),
    /// The run passed its limit (in seconds) and the worker was terminated.
    TimedOut(u32),
    Failed(String),
}

/// Where the newest producer run stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    Idle,
    /// Bytes downloaded and in all, once the engine reports them.
    LoadingEngine(Option<(f64, f64)>),
    Running,
    TimedOut(u32),
    Failed(String),
}

/// A run the page must hand to a code engine: the effect that watches this starts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineRequest {
    /// The run's number: answers carry it, and answers of older runs are dropped.
    pub generation: u64,
    /// Run at once (the Run button, opening a link) instead of after the typing pause.
    pub immediate: bool,
}

/// Every way the page's state changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    EditCode(String),
    /// `None` goes back to detecting the language from the code.
    ChooseLanguage(Option<Language>),
    LoadExample(Box<Scenario>),
    /// The Run button or Ctrl/Cmd+Enter: run now, without waiting for the typing pause.
    RunNow,
    /// A code engine's report about run `generation`.
    Engine {
        generation: u64,
        update: EngineUpdate,
    },
    SelectRecord(usize),
    /// Closes the selected record's explanation (the record is no longer selected).
    CloseExplanation,
    SelectBatch(usize),
    /// A number setting; values outside its range are ignored.
    Set(Setting, u32),
    /// How the mapping reads the stream: polling (standard iterator) or enhanced fan-out.
    SetConsumer(Consumer),
    /// A layout as list-shards JSON, or `None` for the uniform layout of the shard count.
    SetLayout(Option<String>),
    /// A whole mapping, such as pasted `get-event-source-mapping` JSON.
    SetMapping(MappingConfig),
    /// The source switch: a Kinesis data stream, or a DynamoDB table's stream.
    ChooseSource(SourceKind),
    /// A change to the DynamoDB table panel (ignored under Kinesis; refused when invalid).
    EditTable(TableEdit),
    /// A change to the failure rules or the mapping's failure settings; refused (no change) when
    /// it would leave the scenario invalid.
    EditFailures(FailureEdit),
    /// Tries a what-if the insights suggest: applies it and keeps what it replaced for undo.
    TryWhatIf(WhatIf),
    /// Puts back what the tried what-if replaced.
    UndoWhatIf,
    /// The share menu copied the link of the current scenario.
    LinkCopied,
    DismissLinkBanner,
}

/// The most records the page keeps from one run, whatever the scenario's record cap says: the page
/// simulates and draws on its main thread, and its budgets are set for 100,000 records.
pub const PAGE_RECORD_LIMIT: usize = 100_000;

/// The longest answer (in UTF-16 code units of JSON) the page takes from a code engine; longer
/// ones are refused before they are copied out of JavaScript (the sandboxes refuse them first:
/// `MAX_OUTPUT_CHARS` in `www/*-sandbox/sandbox.js`, the same number).
pub const MAX_ENGINE_OUTPUT_CHARS: usize = 64 * 1024 * 1024;

/// The options the page's code engines run `scenario` with: its own, with the record cap lowered to
/// the page's limit, so a producer that would put more stops there instead of making records the
/// page would cut anyway.
pub fn engine_options(scenario: &Scenario) -> HarnessOptions {
    let mut options = scenario.harness_options();
    options.record_cap = options.record_cap.min(PAGE_RECORD_LIMIT);
    options
}

/// Why an engine's answer of `chars` code units (negative: not text at all) was refused.
pub fn oversized_output_message(chars: f64) -> String {
    if chars < 0.0 {
        return "the code engine's answer was not text, so the page refused it".to_owned();
    }
    format!(
        "the producer's records come to {:.0} MB of JSON, more than the page takes from one run \
         ({} MB): put fewer or smaller records (the CLI has no such limit)",
        (chars / 1_048_576.0).ceil(),
        MAX_ENGINE_OUTPUT_CHARS / 1_048_576
    )
}

/// The page's whole state.
#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    pub scenario: Scenario,
    /// The language detected from the code (detection scans it all: once per edit).
    pub detected: Language,
    pub view: ViewOptions,
    /// Why the opened link could not be read.
    pub link_banner: Option<String>,
    /// The run whose records are drawn: the newest one that produced records or no error.
    pub shown: Shared<ProducerRun>,
    /// The newest run, whose diagnostics and console are shown even when it produced nothing.
    pub latest: Shared<ProducerRun>,
    /// Under a DynamoDB source, the shown run's table writes (what its stream records come from).
    pub shown_writes: Shared<Vec<WriteCall>>,
    pub status: RunStatus,
    /// The shown records came with the link and stand for the code until it is edited.
    pub carried: bool,
    /// Counts producer runs asked for; see [`EngineRequest::generation`].
    pub generation: u64,
    pub engine_request: Option<EngineRequest>,
    /// The invocation whose Lambda event is shown.
    pub selected_batch: Option<usize>,
    /// The scenario as it was when its link was last copied.
    pub copied: Option<Scenario>,
    /// The what-if tried last, while what it changed is still as it left it.
    pub tried: Option<TriedWhatIf>,
}

/// A what-if applied to the page: its comparison, and what undo puts back.
#[derive(Clone, Debug, PartialEq)]
pub struct TriedWhatIf {
    pub comparison: Comparison,
    before: Scenario,
    before_shown: Shared<ProducerRun>,
    /// The records the producer code made (what a share link carries).
    code_shown: Shared<ProducerRun>,
    after: Scenario,
    /// For a key change: the re-keyed records (a new run of the code replaces them).
    after_shown: Option<Shared<ProducerRun>>,
}

impl TriedWhatIf {
    /// Whether the page still shows what the what-if made: nobody changed the settings it
    /// changed (or anything the run depends on), and a key change's records are still shown.
    fn still_applies(&self, state: &PageState) -> bool {
        let same = |a: &Scenario, b: &Scenario| {
            (
                a.shard_count,
                &a.layout,
                &a.mapping,
                &a.function,
                &a.failures,
                &a.code,
            ) == (
                b.shard_count,
                &b.layout,
                &b.mapping,
                &b.function,
                &b.failures,
                &b.code,
            )
        };
        same(&self.after, &state.scenario)
            && self
                .after_shown
                .as_ref()
                .is_none_or(|shown| *shown == state.shown)
    }
}

impl PageState {
    /// The page as a link (or no link: the default scenario) opens it.
    pub fn open(scenario: Scenario, link_banner: Option<String>, view: ViewOptions) -> PageState {
        // Links carry Kinesis records only: a DynamoDB scenario's writes come from its code.
        let carried = scenario
            .source
            .is_kinesis()
            .then(|| scenario.carried_records())
            .flatten();
        let mut state = PageState {
            detected: producers::detect_language(&scenario.code),
            scenario,
            view,
            link_banner,
            shown: Shared::new(ProducerRun::default()),
            latest: Shared::new(ProducerRun::default()),
            shown_writes: Shared::new(Vec::new()),
            status: RunStatus::Idle,
            carried: false,
            generation: 0,
            engine_request: None,
            selected_batch: None,
            copied: None,
            tried: None,
        };
        match carried {
            Some(records) => {
                state.shown = Shared::new(ProducerRun {
                    records,
                    ..ProducerRun::default()
                });
                state.carried = true;
            }
            None => state.run_producer(true),
        }
        state
    }

    /// The language the code is read as: the chosen one, else the detected one.
    pub fn language(&self) -> Language {
        self.scenario.language.unwrap_or(self.detected)
    }

    /// The selected record, when the shown run still has it (under DynamoDB, a stream record:
    /// the page checks it against the simulation, which makes them).
    pub fn selected_record(&self) -> Option<usize> {
        self.scenario.selected_record.filter(|&record| {
            !self.scenario.source.is_kinesis() || record < self.shown.records.len()
        })
    }

    /// The DynamoDB source, when the switch is on DynamoDB.
    pub fn dynamodb(&self) -> Option<&DynamoDbSource> {
        self.scenario.source.dynamodb()
    }

    /// What the share link is made of: the scenario without records, and the run whose records
    /// it carries when a code engine produced them and they are current (so a reader sees results
    /// before any engine loads). [`link_scenario`] puts them together.
    pub fn link_source(&self) -> (Scenario, Option<Shared<ProducerRun>>) {
        let bare = Scenario {
            records: None,
            ..self.scenario.clone()
        };
        let fresh = self.status == RunStatus::Idle && self.latest.error.is_none();
        let carry = bare.source.is_kinesis()
            && needs_engine(self.language())
            && fresh
            && !is_builtin_seed(&bare, self.language());
        // A key what-if's records are not the code's: the link carries the code's own.
        let shown = self.tried.as_ref().map_or(&self.shown, |t| &t.code_shown);
        (bare, carry.then(|| shown.clone()))
    }

    /// The scenario its share link holds.
    pub fn linked_scenario(&self) -> Scenario {
        let (bare, carried) = self.link_source();
        link_scenario(&bare, carried.as_deref())
    }

    /// Whether the scenario changed since its link was copied.
    pub fn changed_since_copied(&self) -> bool {
        self.copied
            .as_ref()
            .is_some_and(|copied| *copied != self.scenario.without_records())
    }

    /// The line under the editor that says how the run stands, as (kind, text); kind is a CSS
    /// class: "note", "busy" or "error".
    pub fn status_line(&self) -> Option<(&'static str, String)> {
        let loading = if self.language() == Language::JavaScript {
            "Loading the JavaScript engine (once per visit)…"
        } else {
            "Loading the Python engine (CPython, once per visit)…"
        };
        match &self.status {
            RunStatus::Idle if self.carried => Some((
                "note",
                "These records came with the link: the code runs once you edit it.".to_owned(),
            )),
            RunStatus::Idle => match self.latest.stopped {
                Some(StopReason::RecordCap) if self.latest.records.len() >= PAGE_RECORD_LIMIT => {
                    Some((
                        "note",
                        format!(
                            "Cut at {} records, the most the page simulates: the rest were left \
                             out (the CLI takes up to 1,000,000).",
                            thousands(PAGE_RECORD_LIMIT)
                        ),
                    ))
                }
                Some(StopReason::RecordCap) => Some((
                    "note",
                    format!(
                        "Stopped at the record cap: {} records kept (an endless producer?).",
                        thousands(self.latest.records.len())
                    ),
                )),
                _ => None,
            },
            RunStatus::LoadingEngine(progress) => Some(("busy", loading_text(loading, *progress))),
            RunStatus::Running => Some(("busy", "Running your producer…".to_owned())),
            RunStatus::TimedOut(seconds) => Some(("error", format!(
                "Stopped after {seconds} s: the producer was still running (an endless loop without puts?). The results below are from the last finished run."
            ))),
            RunStatus::Failed(message) => Some(("error", message.clone())),
        }
    }

    /// Re-reads the producer input: at once when a reader in the core can, else by asking for an
    /// engine run. Either way, older engine answers no longer count.
    fn run_producer(&mut self, immediate: bool) {
        self.carried = false;
        self.generation += 1;
        let read = match self.scenario.source {
            Source::Kinesis => {
                run_in_page(&self.scenario, self.language()).map(|r| (r, Vec::new()))
            }
            Source::Dynamodb(_) => dynamodb::read_writes(&self.scenario.code, self.language()),
        };
        match read {
            Some((run, writes)) => {
                self.accept(run, writes, PAGE_RECORD_LIMIT);
                self.engine_request = None;
            }
            None => {
                self.engine_request = Some(EngineRequest {
                    generation: self.generation,
                    immediate,
                })
            }
        }
    }

    /// Takes a finished run, keeping at most `cap` records; one that failed before producing
    /// anything keeps the last good records on screen.
    fn accept(&mut self, mut run: ProducerRun, mut writes: Vec<WriteCall>, cap: usize) {
        // The cap is the page's to enforce: a worker runs hostile code and may ignore the record
        // cap it was given. Readers in the core are bounded by the page's limit only: their input
        // is text the person (or a link, at most 1 MiB) gave.
        if run.records.len() > cap {
            run.records.truncate(cap);
            run.stopped = Some(StopReason::RecordCap);
        }
        if writes.len() > cap {
            writes.truncate(cap);
            run.stopped = Some(StopReason::RecordCap);
        }
        let run = Shared::new(run);
        if !(run.records.is_empty() && writes.is_empty() && run.error.is_some()) {
            self.shown = run.clone();
            self.shown_writes = Shared::new(writes);
        }
        self.latest = run;
        self.status = RunStatus::Idle;
    }

    /// What the producer's result depends on. Engines answer put calls with the layout's ShardIds,
    /// so their runs depend on it; readers in the core do not (re-reading 100,000 keys on every
    /// shard change would cost more than routing them).
    fn producer_inputs(&self) -> impl PartialEq + '_ {
        let s = &self.scenario;
        let layout = needs_engine(self.language()).then_some((s.shard_count, &s.layout));
        let source = SourceKind::of(&s.source);
        (
            &s.code,
            self.language(),
            s.seed,
            s.record_cap,
            layout,
            source,
        )
    }
}

/// The state after `action`, or `None` when the action changes nothing (an answer of a superseded
/// run, a progress report that would show the same text).
pub fn reduce(state: &PageState, action: Action) -> Option<PageState> {
    let mut next = change(state, action)?;
    // A tried what-if lasts while what it made is on the page.
    if next.tried.as_ref().is_some_and(|t| !t.still_applies(&next)) {
        next.tried = None;
    }
    Some(next)
}

fn change(state: &PageState, action: Action) -> Option<PageState> {
    let mut next = state.clone();
    match action {
        Action::EditCode(code) => {
            next.detected = producers::detect_language(&code);
            next.scenario.code = code.into();
        }
        Action::ChooseLanguage(language) => next.scenario.language = language,
        Action::LoadExample(scenario) => {
            next.scenario = *scenario;
            next.detected = producers::detect_language(&next.scenario.code);
            next.selected_batch = None;
            next.run_producer(true);
            return Some(next);
        }
        Action::RunNow => {
            next.run_producer(true);
            return Some(next);
        }
        Action::Engine { generation, update } => {
            if generation != state.generation {
                return None;
            }
            apply_engine_update(&mut next, update);
            // A worker may report progress often; only a change a person can see re-renders.
            let loading = |s: &PageState| matches!(s.status, RunStatus::LoadingEngine(_));
            let unseen =
                loading(state) && loading(&next) && next.status_line() == state.status_line();
            return (!unseen).then_some(next);
        }
        Action::SelectRecord(record) => next.scenario.selected_record = Some(record),
        Action::CloseExplanation => next.scenario.selected_record = None,
        Action::SelectBatch(batch) => next.selected_batch = Some(batch),
        Action::Set(setting, value) => {
            if !setting.range().contains(&value) {
                return None;
            }
            setting.apply(&mut next.scenario, value);
        }
        Action::SetConsumer(consumer) => next.scenario.mapping.consumer = consumer,
        Action::SetLayout(layout) => next.scenario.layout = layout,
        Action::SetMapping(mapping) => next.scenario.mapping = mapping,
        Action::ChooseSource(kind) => {
            if SourceKind::of(&state.scenario.source) == kind {
                return None;
            }
            next.scenario.source = match kind {
                SourceKind::Kinesis => Source::Kinesis,
                SourceKind::DynamoDb => Source::Dynamodb(DynamoDbSource::default()),
            };
            // The untouched seed puts Kinesis records only: the switch brings a table-writing
            // example instead of an empty stream (and back).
            let starter = crate::examples::dynamodb_starter();
            if kind == SourceKind::DynamoDb && &*state.scenario.code == crate::scenario::SEED_PYTHON
            {
                next.scenario.code = starter.code;
                next.scenario.source = starter.source;
                next.scenario.mapping.parallelization_factor =
                    starter.mapping.parallelization_factor;
            } else if kind == SourceKind::Kinesis && state.scenario.code == starter.code {
                next.scenario.code = crate::scenario::SEED_PYTHON.into();
                next.scenario.mapping.parallelization_factor =
                    Scenario::default().mapping.parallelization_factor;
            }
            if kind == SourceKind::DynamoDb {
                next.scenario.mapping = next.scenario.mapping.on_dynamodb_stream();
            }
            // Patterns name the record's keys, which differ between the sources (Kinesis matches
            // `data` only): filters the new source would refuse are dropped, not silently ignored.
            if next
                .scenario
                .mapping
                .filters_for(next.scenario.source.filter_source())
                .is_err()
            {
                next.scenario.mapping.filter_criteria = None;
            }
            next.detected = producers::detect_language(&next.scenario.code);
            next.scenario.selected_record = None;
            next.selected_batch = None;
        }
        Action::EditTable(edit) => {
            let Source::Dynamodb(source) = &state.scenario.source else {
                return None;
            };
            next.scenario.source = Source::Dynamodb(edit.apply(source)?);
            next.selected_batch = None;
        }
        Action::EditFailures(edit) => {
            if !edit.apply(&mut next.scenario) {
                return None;
            }
        }
        // The what-ifs change a Kinesis stream's keys and shards.
        Action::TryWhatIf(_) if !state.scenario.source.is_kinesis() => return None,
        Action::TryWhatIf(what_if) => {
            let layout = state.scenario.stream_layout().ok()?;
            let comparison = compare(&what_if, &state.scenario, &state.shown, &layout);
            let (scenario, run) = apply_what_if(&what_if, &state.scenario, &state.shown);
            let rekeyed = matches!(what_if, WhatIf::KeyByField(_) | WhatIf::KeySuffix(_));
            let code_shown = state
                .tried
                .as_ref()
                .map_or(state.shown.clone(), |t| t.code_shown.clone());
            let before_shown = state.shown.clone();
            next.scenario = scenario;
            let after_shown = rekeyed.then(|| Shared::new(run));
            if let Some(shown) = &after_shown {
                next.shown = shown.clone();
            }
            next.selected_batch = None;
            next.tried = Some(TriedWhatIf {
                comparison,
                before: state.scenario.clone(),
                before_shown,
                code_shown,
                after: next.scenario.clone(),
                after_shown,
            });
        }
        Action::UndoWhatIf => {
            let tried = next.tried.take()?;
            next.scenario = Scenario {
                selected_record: state.scenario.selected_record,
                ..tried.before
            };
            next.shown = tried.before_shown;
            next.selected_batch = None;
        }
        Action::LinkCopied => next.copied = Some(state.scenario.without_records()),
        Action::DismissLinkBanner => next.link_banner = None,
    }
    // The carried records stand for the code only until the code (or what its run depends on)
    // changes.
    if next.producer_inputs() != state.producer_inputs() {
        next.scenario.records = None;
        next.run_producer(false);
    }
    Some(next)
}

fn apply_engine_update(state: &mut PageState, update: EngineUpdate) {
    state.status = match update {
        EngineUpdate::Started | EngineUpdate::Ready => RunStatus::Running,
        EngineUpdate::Loading => RunStatus::LoadingEngine(None),
        EngineUpdate::Progress { loaded, total } => RunStatus::LoadingEngine(Some((loaded, total))),
        EngineUpdate::TimedOut(seconds) => RunStatus::TimedOut(seconds),
        EngineUpdate::Failed(message) => RunStatus::Failed(message),
        EngineUpdate::Finished(output) => match parse_harness_output(&output) {
            Ok(mut run) => {
                let cap = state.scenario.record_cap.min(PAGE_RECORD_LIMIT);
                let writes = if state.scenario.source.is_kinesis() {
                    dynamodb::note_table_writes(&output, &mut run);
                    Vec::new()
                } else {
                    dynamodb::writes_of_answer(&output, &mut run)
                };
                state.accept(run, writes, cap);
                return;
            }
            Err(error) => RunStatus::Failed(error.to_string()),
        },
    };
}

fn loading_text(loading: &str, progress: Option<(f64, f64)>) -> String {
    let megabytes = |bytes: f64| bytes / 1_048_576.0;
    match progress {
        None => loading.to_owned(),
        // Downloaded: the engine now compiles and starts.
        Some((loaded, total)) if total > 0.0 && loaded >= total => {
            format!("{loading} {:.1} MB downloaded, starting…", megabytes(total))
        }
        Some((loaded, total)) if total > 0.0 => format!(
            "{loading} {:.1} of {:.1} MB ({:.0}%)",
            megabytes(loaded),
            megabytes(total),
            100.0 * loaded / total
        ),
        Some((loaded, _)) => format!("{loading} {:.1} MB", megabytes(loaded)),
    }
}

/// The scenario a share link holds, from [`PageState::link_source`]; it carries the records only
/// when they fit a short link.
pub fn link_scenario(bare: &Scenario, carried: Option<&ProducerRun>) -> Scenario {
    match carried {
        Some(run) => crate::share::with_records(bare, &run.records),
        None => bare.clone(),
    }
}

/// Whether producer input in `language` runs in a code engine's worker (not read in the core).
pub fn needs_engine(language: Language) -> bool {
    matches!(language, Language::Python | Language::JavaScript)
}

/// The default scenario's code, unchanged: its records are built in, so the page draws at once.
fn is_builtin_seed(scenario: &Scenario, language: Language) -> bool {
    let default = Scenario::default();
    scenario.code == default.code
        && scenario.seed == default.seed
        && scenario.record_cap == default.record_cap
        && language == Language::Python
}

/// Runs the front ends that live in the core; `None` for Python and JavaScript, which need an
/// engine.
fn run_in_page(scenario: &Scenario, language: Language) -> Option<ProducerRun> {
    match language {
        Language::Json => Some(producers::parse_json(&scenario.code)),
        Language::AwsCli => Some(producers::aws_cli::parse_aws_cli(&scenario.code)),
        Language::Keys => Some(producers::parse_key_lines(&scenario.code)),
        Language::Python if is_builtin_seed(scenario, language) => Some(ProducerRun {
            records: seed_records(),
            ..ProducerRun::default()
        }),
        Language::Python | Language::JavaScript => None,
    }
}
