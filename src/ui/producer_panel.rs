//! The producer: examples, the language picker, the code editor with its Run button, how the run
//! stands, its diagnostics and what the code printed.

use super::app::{dispatch, Page};
use super::editor::CodeEditor;
use super::engine_runs::Engines;
use super::paste_note::PasteNote;
use crate::examples::examples;
use crate::page::{misplaced_paste, Action, PasteBox, RunStatus};
use crate::producers::{Language, DEFAULT_TIME_LIMIT_SECONDS};
use gloo_timers::callback::Interval;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProducerPanelProps {
    pub page: Page,
    /// Only for the worker counts the end-to-end tests read.
    pub engines: Engines,
}

#[function_component(ProducerPanel)]
pub fn producer_panel(props: &ProducerPanelProps) -> Html {
    let page = &props.page;
    let readonly = page.view.readonly;
    let latest = &page.latest;
    let on_code = {
        let page = page.clone();
        Callback::from(move |code: String| page.dispatch(Action::EditCode(code)))
    };
    // JSON in the editor that is a layout or a mapping, not records: say so, and offer to move it.
    // Keyed by the code only when it is JSON: other code is not copied on every render.
    let json = (page.language() == Language::Json).then(|| page.scenario.code.clone());
    let misplaced = use_memo(json, |json| {
        json.as_deref()
            .and_then(|code| misplaced_paste(code, PasteBox::Code))
    });
    // Under a DynamoDB source the selected record is a stream record, not one of `shown`'s.
    let put_line = page
        .selected_record()
        .and_then(|record| page.shown.records.get(record))
        .and_then(|record| record.source_line);
    html! {
        <section class="input" aria-label="Producer code"
                 data-python-workers={props.engines.python.workers_started().to_string()}
                 data-javascript-workers={props.engines.javascript.workers_started().to_string()}>
            // A read-only page (an embed in documentation) shows the code, not controls it
            // cannot use.
            if !readonly {
                {example_picker(page)}
                {language_picker(page)}
            }
            <CodeEditor code={page.scenario.code.clone()} language={page.language()} read_only={readonly}
                        diagnostics={latest.error.iter().chain(&latest.warnings).cloned().collect::<Vec<_>>()}
                        put_line={put_line} on_change={on_code} on_run={dispatch(page, Action::RunNow)} />
            if !readonly {
                <p id="code-help" class="help">{"Runs as you type; Ctrl/Cmd+Enter or "}
                    <button type="button" id="run" onclick={dispatch(page, Action::RunNow)}>{"Run"}</button>
                    {" runs now. Esc then Tab leaves the editor."}</p>
            }
            if let Some(advice) = (*misplaced).clone() {
                <PasteNote id="code-paste-note" {advice} dispatch={dispatch_action(page)} />
            }
            if let Some((kind, text)) = page.status_line().filter(|_| !(readonly && page.carried)) {
                <p id="run-status" class={classes!("status", kind)} role="status">{text}
                    if page.status == RunStatus::Running { <RunClock /> }</p>
            }
            <ul class="diagnostics">
                {for latest.error.iter().chain(&latest.warnings).map(|d| html! {
                    <li class={if d.is_error() { "error" } else { "warning" }}>{d.to_string()}</li>
                })}
            </ul>
            if !latest.console.is_empty() {
                <h2>{"Console"}</h2>
                <pre id="console">{&latest.console}</pre>
            }
        </section>
    }
}

fn example_picker(page: &Page) -> Html {
    let onchange = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            let id = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(example) = examples().into_iter().find(|example| example.id == id) {
                page.dispatch(Action::LoadExample(Box::new(example.scenario)));
            }
        })
    };
    html! {
        <div class="toolbar">
            <label for="examples">{"Example"}</label>
            <select id="examples" {onchange} disabled={page.view.readonly}>
                <option value="" selected=true disabled=true>{"Choose a scenario…"}</option>
                {for examples().into_iter().map(|e| html! { <option value={e.id}>{e.title}</option> })}
            </select>
        </div>
    }
}

fn language_picker(page: &Page) -> Html {
    let onchange = {
        let page = page.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let language = Language::from_id(&value);
            page.dispatch(Action::ChooseLanguage(language));
        })
    };
    let chosen = page.scenario.language;
    html! {
        <div class="toolbar">
            <label for="language">{"Language"}</label>
            <select id="language" {onchange} disabled={page.view.readonly}>
                <option value="auto" selected={chosen.is_none()}>{format!("Auto ({})", page.detected.label())}</option>
                {for Language::ALL.into_iter().map(|l| html! {
                    <option value={l.id()} selected={chosen == Some(l)}>{l.label()}</option>
                })}
            </select>
        </div>
    }
}

/// A callback that dispatches the action it is given.
fn dispatch_action(page: &Page) -> Callback<Action> {
    let page = page.clone();
    Callback::from(move |action| page.dispatch(action))
}

/// The running time of the producer, counted while the run is shown as running (never while its
/// engine downloads), against the limit that stops it.
#[function_component(RunClock)]
fn run_clock() -> Html {
    let started = use_memo((), |_| js_sys::Date::now());
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let interval = Interval::new(1_000, move || redraw.force_update());
        move || drop(interval)
    });
    let seconds = ((js_sys::Date::now() - *started) / 1_000.0).floor();
    html! {
        <span class="run-clock">{format!(" {seconds} s of {DEFAULT_TIME_LIMIT_SECONDS} s")}</span>
    }
}
