//! The page: producer code on the left, stream and mapping settings and the results on the right.
//!
//! State is a `Scenario` (the core's type) plus the latest producer run. Python and JavaScript
//! run in their workers (`worker_engine`), debounced after edits; the last good results stay on
//! screen while a run is in flight. The default scenario's records are built in, so the page
//! draws at once and loads the Python engine only when the code is edited.

use super::editor::CodeEditor;
use super::explain::Explain;
use super::hash_space::HashSpace;
use super::results::Results;
use super::share_menu::{copy_text, share_menu};
use super::stream_panel::StreamPanel;
use super::timeline::Timeline;
use super::worker_engine::{EngineEvent, WorkerEngine};
use super::Shared;
use crate::examples::{examples, seed_records};
use crate::layout::StreamLayout;
use crate::limits::ProducerLimits;
use crate::mapping::EventSource;
use crate::producers::python::{harness_options_json, parse_harness_output};
use crate::producers::{self, Language, ProducerRun, StopReason};
use crate::scenario::Scenario;
use crate::simulation::{simulate, SimulationInput};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Seconds a Python or JavaScript run may take before its worker is terminated.
const ENGINE_LIMIT_SECONDS: u32 = 5;
/// Quiet time after an edit before the code runs again.
const DEBOUNCE_MS: u32 = 400;
/// Quiet time after a change before the URL fragment is rewritten.
const FRAGMENT_DELAY_MS: u32 = 250;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    /// The message says which engine, and how much of it has arrived.
    LoadingEngine(String),
    Running,
    TimedOut(u32),
    Failed(String),
}

#[derive(Clone, PartialEq)]
struct ProducerState {
    /// The run whose records are drawn (the last one that produced any).
    run: Shared<ProducerRun>,
    /// Diagnostics of the newest run (which may have produced nothing).
    latest: Shared<ProducerRun>,
    status: Status,
}

impl ProducerState {
    fn with_run(&self, run: ProducerRun) -> ProducerState {
        let run = Shared::new(run);
        let keep_old_records = run.records.is_empty() && run.error.is_some();
        ProducerState {
            run: if keep_old_records {
                self.run.clone()
            } else {
                run.clone()
            },
            latest: run,
            status: Status::Idle,
        }
    }
}

fn seed_run() -> ProducerRun {
    ProducerRun {
        records: seed_records(),
        ..ProducerRun::default()
    }
}

fn is_builtin_seed(scenario: &Scenario) -> bool {
    let default = Scenario::default();
    scenario.code == default.code
        && scenario.seed == default.seed
        && scenario.record_cap == default.record_cap
        && scenario.language() == Language::Python
}

/// Runs the front ends that live in the core; `None` for Python and JavaScript, which need a
/// worker.
fn run_in_page(scenario: &Scenario) -> Option<ProducerRun> {
    match scenario.language() {
        Language::Json => Some(producers::parse_json(&scenario.code)),
        Language::AwsCli => Some(producers::aws_cli::parse_aws_cli(&scenario.code)),
        Language::Keys => Some(producers::parse_key_lines(&scenario.code)),
        Language::Python if is_builtin_seed(scenario) => Some(seed_run()),
        Language::Python | Language::JavaScript => None,
    }
}

/// Whether producer input in `language` runs in a code engine's worker (not read in the page).
fn needs_engine(language: Language) -> bool {
    matches!(language, Language::Python | Language::JavaScript)
}

/// The code engines, each in its own lazily started worker.
#[derive(Clone, PartialEq)]
struct Engines {
    python: WorkerEngine,
    javascript: WorkerEngine,
}

impl Engines {
    fn new() -> Engines {
        Engines {
            python: WorkerEngine::contained("./python-engine/worker.js", "Python"),
            javascript: WorkerEngine::new("./js-engine-worker.js", "JavaScript"),
        }
    }

    fn for_language(&self, language: Language) -> (&WorkerEngine, &'static str) {
        match language {
            Language::JavaScript => (&self.javascript, "Loading the JavaScript engine…"),
            _ => (
                &self.python,
                "Loading the Python engine (CPython, once per visit)…",
            ),
        }
    }
}

fn event_source(run: &ProducerRun) -> EventSource {
    EventSource {
        stream_name: run
            .records
            .first()
            .map_or_else(|| "my-stream".into(), |r| r.stream.clone()),
        ..EventSource::default()
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let start = use_memo((), |_| super::link::initial_scenario());
    let view = use_memo((), |_| super::link::view_options());
    let scenario = use_state(|| start.0.clone());
    let link_banner = use_state(|| start.1.clone());
    // Detection scans the whole code: once per edit, not once per render.
    let detected = *use_memo(scenario.code.clone(), |code| {
        producers::detect_language(code)
    });
    let language = scenario.language.unwrap_or(detected);
    let shared = use_state(|| None::<Scenario>);
    // Records carried by the link stand for the code until it is edited.
    let carried = start.0.carried_records();
    let producer = use_state(|| ProducerState {
        run: Shared::new(match &carried {
            Some(records) => ProducerRun {
                records: records.clone(),
                ..ProducerRun::default()
            },
            None => run_in_page(&start.0).unwrap_or_default(),
        }),
        latest: Shared::new(ProducerRun::default()),
        status: Status::Idle,
    });
    let engines = use_memo((), |_| Engines::new());
    // A Python page loads its engine when idle, before the first edit needs it.
    if language == Language::Python && !view.readonly {
        engines.python.prefetch();
    }
    let selected_batch = use_state(|| None::<usize>);
    let debounce = use_mut_ref(|| None::<Timeout>);
    // Bumped by the Run button and Ctrl/Cmd+Enter: runs at once, without the debounce.
    let run_requests = use_state(|| 0u32);
    let producer_key = |s: &Scenario, language: Language, runs: u32| {
        // Engines answer put calls with the layout's ShardIds, so their runs depend on it; the
        // readers in the page do not (re-reading 100,000 keys on every shard change would cost
        // more than routing them).
        let layout = needs_engine(language).then(|| (s.shard_count, s.layout.clone()));
        (
            s.code.clone(),
            s.language,
            s.seed,
            s.record_cap,
            layout,
            runs,
        )
    };
    let carried_for = use_mut_ref(|| {
        carried
            .is_some()
            .then(|| producer_key(&start.0, start.0.language(), 0))
    });
    let runs_seen = use_mut_ref(|| 0u32);

    {
        let producer = producer.clone();
        let engines = (*engines).clone();
        let debounce = debounce.clone();
        let carried_for = carried_for.clone();
        let runs_seen = runs_seen.clone();
        let key = producer_key(&scenario, language, *run_requests);
        let scenario = (*scenario).clone();
        use_effect_with(key, move |key| {
            if carried_for.borrow().as_ref() == Some(key) {
                return;
            }
            carried_for.borrow_mut().take();
            let requested = key.5 != std::mem::replace(&mut *runs_seen.borrow_mut(), key.5);
            if let Some(run) = run_in_page(&scenario) {
                debounce.borrow_mut().take();
                producer.set(producer.with_run(run));
            } else {
                let run_engine = move || {
                    let Ok(layout) = scenario.stream_layout() else {
                        return;
                    };
                    let options = harness_options_json(&layout, &scenario.python_options());
                    let state = producer.clone();
                    producer.set(ProducerState {
                        status: Status::Running,
                        ..(*producer).clone()
                    });
                    let (engine, loading) = engines.for_language(scenario.language());
                    let on_event = Callback::from(move |event: EngineEvent| {
                        let status = match event {
                            EngineEvent::Loading => Status::LoadingEngine(loading.to_owned()),
                            EngineEvent::Progress(loaded, total) => {
                                let megabytes = |bytes: f64| bytes / 1_048_576.0;
                                Status::LoadingEngine(if total > 0.0 {
                                    format!(
                                        "{loading} {:.1} of {:.1} MB ({:.0}%)",
                                        megabytes(loaded),
                                        megabytes(total),
                                        100.0 * loaded / total
                                    )
                                } else {
                                    format!("{loading} {:.1} MB", megabytes(loaded))
                                })
                            }
                            EngineEvent::Ready => Status::Running,
                            EngineEvent::TimedOut(seconds) => Status::TimedOut(seconds),
                            EngineEvent::Failed(message) => Status::Failed(message),
                            EngineEvent::Finished(output) => {
                                match parse_harness_output(&output) {
                                    Ok(run) => state.set(state.with_run(run)),
                                    Err(error) => state.set(ProducerState {
                                        status: Status::Failed(error.to_string()),
                                        ..(*state).clone()
                                    }),
                                }
                                return;
                            }
                        };
                        state.set(ProducerState {
                            status,
                            ..(*state).clone()
                        });
                    });
                    engine.run(
                        scenario.code.clone(),
                        options,
                        ENGINE_LIMIT_SECONDS,
                        on_event,
                    );
                };
                let delay = if requested { 0 } else { DEBOUNCE_MS };
                *debounce.borrow_mut() = Some(Timeout::new(delay, run_engine));
            }
        });
    }

    // What a link carries: the scenario, plus its records when an engine produced them.
    // Memoised: checking whether records fit in a short link encodes the scenario.
    let linked = {
        let bare = Scenario {
            records: None,
            ..(*scenario).clone()
        };
        let fresh = producer.status == Status::Idle && producer.latest.error.is_none();
        let carried = (needs_engine(language) && fresh && !is_builtin_seed(&bare))
            .then(|| producer.run.clone());
        use_memo((bare, carried), |(bare, carried)| match carried {
            Some(run) => crate::share::with_records(bare, &run.records),
            None => bare.clone(),
        })
    };
    // The link's fragment, encoded and written to the address bar once edits pause: DEFLATE of a
    // large paste takes tens of milliseconds, which must not delay drawing. Copying a link encodes
    // the scenario at once.
    let fragment = use_state(|| crate::share::encode(&linked));
    let fragment_write = use_mut_ref(|| None::<Timeout>);
    // An embed never rewrites its URL: the host page owns it.
    let embed = view.embed;
    {
        let (fragment, fragment_write) = (fragment.clone(), fragment_write.clone());
        use_effect_with((*linked).clone(), move |linked| {
            let linked = linked.clone();
            *fragment_write.borrow_mut() = Some(Timeout::new(FRAGMENT_DELAY_MS, move || {
                let encoded = crate::share::encode(&linked);
                if !embed {
                    super::link::write_fragment(&encoded);
                }
                fragment.set(encoded);
            }));
        });
    }
    let on_copy_link = {
        let linked = linked.clone();
        let fragment = fragment.clone();
        let shared = shared.clone();
        let fragment_write = fragment_write.clone();
        Callback::from(move |event: MouseEvent| {
            fragment_write.borrow_mut().take();
            let encoded = crate::share::encode(&linked);
            if !embed {
                super::link::write_fragment(&encoded);
            }
            copy_text(super::link::share_url(&encoded)).emit(event);
            fragment.set(encoded);
            shared.set(Some(linked.without_records()));
        })
    };

    let layout = use_memo((scenario.shard_count, scenario.layout.clone()), |_| {
        Rc::new(
            scenario
                .stream_layout()
                .unwrap_or_else(|_| StreamLayout::uniform(1).expect("one shard")),
        )
    });
    let layout_error = use_memo((scenario.shard_count, scenario.layout.clone()), |_| {
        scenario.stream_layout().err()
    });
    let simulation = {
        let key = (
            producer.run.clone(),
            (**layout).clone(),
            scenario.mapping.clone(),
            scenario.function.clone(),
        );
        use_memo(key, |(run, layout, mapping, function)| {
            let source = event_source(run);
            Shared::new(simulate(&SimulationInput {
                records: &run.records,
                layout,
                mapping,
                function,
                limits: &ProducerLimits::default(),
                source: &source,
            }))
        })
    };
    let event_json = (*selected_batch)
        .filter(|&b| b < simulation.mapping.batches.len())
        .map(|batch| {
            let source = event_source(&producer.run);
            let input = SimulationInput {
                records: &producer.run.records,
                layout: &layout,
                mapping: &scenario.mapping,
                function: &scenario.function,
                limits: &ProducerLimits::default(),
                source: &source,
            };
            (batch, simulation.event_json(&input, batch))
        });
    let on_example = {
        let scenario = scenario.clone();
        let selected_batch = selected_batch.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(example) = examples().into_iter().find(|example| example.id == id) {
                selected_batch.set(None);
                scenario.set(example.scenario);
            }
        })
    };
    let on_select_record = {
        let scenario = scenario.clone();
        Callback::from(move |index: usize| {
            scenario.set(Scenario {
                selected_record: Some(index),
                ..(*scenario).clone()
            })
        })
    };
    let on_select_batch = {
        let selected_batch = selected_batch.clone();
        Callback::from(move |index: usize| selected_batch.set(Some(index)))
    };
    let record_in_view = scenario
        .selected_record
        .filter(|&r| r < producer.run.records.len());

    let update = |change: fn(&mut Scenario, String)| {
        let scenario = scenario.clone();
        move |value: String| {
            let mut next = (*scenario).clone();
            change(&mut next, value);
            scenario.set(next);
        }
    };
    let on_run = {
        let run_requests = run_requests.clone();
        Callback::from(move |_: MouseEvent| run_requests.set(*run_requests + 1))
    };
    let on_run_key = {
        let run_requests = run_requests.clone();
        Callback::from(move |()| run_requests.set(*run_requests + 1))
    };
    let on_code = {
        let set = update(|s, v| s.code = v);
        Callback::from(move |code: String| set(code))
    };
    let on_language = {
        let set = update(|s, v| {
            s.language = Language::ALL.into_iter().find(|l| format!("{l:?}") == v);
        });
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let readonly = view.readonly;
    let number = |id: &'static str,
                  label: &'static str,
                  value: u32,
                  min: u32,
                  max: u32,
                  change: fn(&mut Scenario, u32)| {
        let scenario = scenario.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(parsed) = input.value().parse::<u32>() {
                if (min..=max).contains(&parsed) {
                    let mut next = (*scenario).clone();
                    change(&mut next, parsed);
                    scenario.set(next);
                }
            }
        });
        html! {
            <label for={id}>{label}
                <input id={id} type="number" min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} disabled={readonly} />
            </label>
        }
    };

    let mapping_text = use_state(String::new);
    let mapping_error = use_state(|| None::<String>);
    let on_mapping_text = {
        let mapping_text = mapping_text.clone();
        Callback::from(move |e: InputEvent| {
            mapping_text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let on_use_mapping = {
        let mapping_text = mapping_text.clone();
        let mapping_error = mapping_error.clone();
        let scenario = scenario.clone();
        Callback::from(
            move |_| match crate::mapping::MappingConfig::from_aws_json(&mapping_text) {
                Ok(mapping) => {
                    mapping_error.set(None);
                    scenario.set(Scenario {
                        mapping,
                        ..(*scenario).clone()
                    });
                }
                Err(error) => mapping_error.set(Some(error.to_string())),
            },
        )
    };
    let record_keys = use_memo(simulation.clone(), |simulation| {
        Rc::new(
            simulation
                .outcomes
                .iter()
                .filter_map(|o| o.hash_key)
                .collect::<Vec<_>>(),
        )
    });
    let on_layout = {
        let scenario = scenario.clone();
        Callback::from(move |layout: Option<String>| {
            scenario.set(Scenario {
                layout,
                ..(*scenario).clone()
            })
        })
    };
    let shards_shown = if scenario.layout.is_some() {
        layout.open_shard_indices().len() as u32
    } else {
        scenario.shard_count as u32
    };
    let show = |panel: &str| view.panel.as_deref().is_none_or(|only| only == panel);
    let latest = &producer.latest;
    let status = match &producer.status {
        Status::Idle if carried_for.borrow().is_some() => Some((
            "note",
            "These records came with the link: the code runs once you edit it.".to_owned(),
        )),
        Status::Idle => match latest.stopped {
            Some(StopReason::RecordCap) => Some(("note", format!(
                "Stopped at the record cap: {} records kept (an endless producer?).", latest.records.len()
            ))),
            _ => None,
        },
        Status::LoadingEngine(text) => Some(("busy", text.clone())),
        Status::Running => Some(("busy", "Running your producer…".to_owned())),
        Status::TimedOut(seconds) => Some(("error", format!(
            "Stopped after {seconds} s: the producer was still running (an endless loop without puts?). The results below are from the last finished run."
        ))),
        Status::Failed(message) => Some(("error", message.clone())),
    };
    let diagnostics = latest.error.iter().chain(&latest.warnings);

    html! {
        <div class={classes!("page", view.embed.then_some("embed"))}>
        if view.embed {
            <header class="embed-bar">
                <strong>{"Shardlane"}</strong>
                <a id="open-in-shardlane" href={super::link::open_in_app_url(&scenario)} target="_blank" rel="noopener">{"Open in Shardlane ↗"}</a>
            </header>
        } else {
        <header>
            <h1>{"Shardlane"}</h1>
            <p>{"Where each Kinesis record goes — partition key → MD5 → 128-bit hash key → shard — and which Lambda lane, batch and execution environment process it."}</p>
        </header>
        }
        if let Some(message) = (*link_banner).clone() {
            <div id="link-banner" class="banner" role="alert">{message}
                <button type="button" onclick={let banner = link_banner.clone(); Callback::from(move |_| banner.set(None))}>{"Dismiss"}</button>
            </div>
        }
        if !view.embed {
            {share_menu(&linked, &fragment, shared.as_ref(), on_copy_link)}
        }
        <main>
            <section class="input" aria-label="Producer code" data-python-workers={engines.python.workers_started().to_string()}
                     data-javascript-workers={engines.javascript.workers_started().to_string()}>
                <div class="toolbar">
                    <label for="examples">{"Example"}</label>
                    <select id="examples" onchange={on_example} disabled={readonly}>
                        <option value="" selected=true disabled=true>{"Choose a scenario…"}</option>
                        {for examples().into_iter().map(|e| html! { <option value={e.id}>{e.title}</option> })}
                    </select>
                </div>
                <div class="toolbar">
                    <label for="language">{"Language"}</label>
                    <select id="language" onchange={on_language} disabled={readonly}>
                        <option value="auto" selected={scenario.language.is_none()}>{format!("Auto ({})", detected.label())}</option>
                        {for Language::ALL.into_iter().map(|l| html! {
                            <option value={format!("{l:?}")} selected={scenario.language == Some(l)}>{l.label()}</option>
                        })}
                    </select>
                </div>
                <CodeEditor code={scenario.code.clone()} language={language} read_only={readonly}
                            diagnostics={latest.error.iter().chain(&latest.warnings).cloned().collect::<Vec<_>>()}
                            put_line={record_in_view.and_then(|r| producer.run.records[r].source_line)}
                            on_change={on_code} on_run={on_run_key} />
                <p id="code-help" class="help">{"Runs as you type; Ctrl/Cmd+Enter or "}
                    <button type="button" id="run" onclick={on_run} disabled={readonly}>{"Run"}</button>
                    {" runs now. Esc then Tab leaves the editor."}</p>
                if let Some((kind, text)) = status {
                    <p id="run-status" class={classes!("status", kind)} role="status">{text}</p>
                }
                <ul class="diagnostics">
                    {for diagnostics.map(|d| html! {
                        <li class={if d.is_error() { "error" } else { "warning" }}>{d.to_string()}</li>
                    })}
                </ul>
                if !latest.console.is_empty() {
                    <h2>{"Console"}</h2>
                    <pre id="console">{&latest.console}</pre>
                }
            </section>
            <section class="settings" aria-label="Stream and mapping">
                // A custom layout (split, merged, pasted) shows its open shards; typing a count
                // goes back to a uniform stream.
                {number("shards", "Shards", shards_shown, 1, 10_000, |s, v| {
                    s.shard_count = v as usize;
                    s.layout = None;
                })}
                {number("batch-size", "BatchSize", scenario.mapping.batch_size, 1, 10_000, |s, v| s.mapping.batch_size = v)}
                {number("parallelization-factor", "ParallelizationFactor", scenario.mapping.parallelization_factor, 1, 10, |s, v| s.mapping.parallelization_factor = v)}
                {number("batching-window", "Batching window (s)", scenario.mapping.maximum_batching_window_seconds, 0, 300, |s, v| s.mapping.maximum_batching_window_seconds = v)}
                {number("function-ms", "Function ms / batch*", scenario.function.fixed_ms as u32, 0, 900_000, |s, v| s.function.fixed_ms = v.into())}
                {number("per-record-ms", "+ ms / record*", scenario.function.per_record_ms as u32, 0, 900_000, |s, v| s.function.per_record_ms = v.into())}
                {number("cold-start-ms", "Cold start ms*", scenario.function.cold_start_ms as u32, 0, 900_000, |s, v| s.function.cold_start_ms = v.into())}
                {number("reserved-concurrency", "Reserved concurrency (0 = none)", scenario.function.max_environments.unwrap_or(0), 0, 1_000_000, |s, v| {
                    s.function.max_environments = (v > 0).then_some(v);
                })}
                if !readonly {
                    <details class="paste-mapping">
                        <summary>{"Paste `aws lambda get-event-source-mapping` JSON"}</summary>
                        <label for="mapping-json" class="visually-hidden">{"Event source mapping JSON"}</label>
                        <textarea id="mapping-json" spellcheck="false" oninput={on_mapping_text} value={(*mapping_text).clone()} />
                        <button type="button" id="use-mapping" onclick={on_use_mapping}>{"Use these settings"}</button>
                        if let Some(error) = (*mapping_error).clone() {
                            <p id="mapping-error" class="status error">{error}</p>
                        }
                    </details>
                }
            </section>
            <section class="results" aria-label="Results">
                if let Some(error) = &*layout_error {
                    <p class="status error">{format!("The stream layout cannot be used: {error}")}</p>
                }
                if !view.embed {
                    <StreamPanel layout={(*layout).clone()} custom={scenario.layout.is_some()} keys={(*record_keys).clone()}
                                 readonly={readonly} on_change={on_layout} />
                }
                if show("insights") {
                <h2>{"Insights"}</h2>
                <ul class="findings">{for simulation.insights.findings.iter().map(|f| html! { <li>{f}</li> })}</ul>
                <HashSpace layout={(*layout).clone()} simulation={(*simulation).clone()} selected_record={record_in_view} />
                }
                if show("timeline") {
                <h2>{"Invocations"}</h2>
                <Timeline layout={(*layout).clone()} simulation={(*simulation).clone()} selected_batch={*selected_batch} {on_select_batch} />
                if let Some((batch, json)) = event_json {
                    <details class="event" open=true>
                        <summary>{format!("Lambda event of invocation {batch}")}
                            <button type="button" class="copy" onclick={copy_text(json.clone())}>{"Copy"}</button>
                        </summary>
                        <pre id="event-json">{json}</pre>
                    </details>
                }
                }
                if show("records") {
                <h2>{"Records"}</h2>
                <Results run={producer.run.clone()} layout={(*layout).clone()} simulation={(*simulation).clone()}
                         selected_record={record_in_view} {on_select_record} />
                }
                if let Some(record) = record_in_view.filter(|_| !view.embed) {
                    <Explain run={producer.run.clone()} layout={(*layout).clone()} simulation={(*simulation).clone()}
                             {record} parallelization_factor={scenario.mapping.parallelization_factor} />
                }
                <p class="model-note">{"* A model: AWS documents per-shard and per-key ordering, not how it assigns lanes (here MD5 % ParallelizationFactor), times batches or picks execution environments."}</p>
            </section>
        </main>
        </div>
    }
}
