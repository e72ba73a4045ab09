//! The results: the stream panel, insights and the hash space, the invocations timeline with the
//! selected invocation's Lambda event, the records table and the selected record's explanation.
//! An embed's `panel=` shows one of them.

use super::app::Page;
use super::dynamodb_panel::DynamoDbExplain;
use super::explain::Explain;
use super::glossary::{Glossary, Term};
use super::hash_space::HashSpace;
use super::iterator_age::IteratorAge;
use super::results::Results;
use super::share_menu::{fixed, CopyButton};
use super::stream_panel::StreamPanel;
use super::timeline::Timeline;
use super::what_if::WhatIfs;
use super::Shared;
use crate::dynamodb::SHARD_MODEL_LABEL;
use crate::layout::{StreamLayout, SEQUENCE_NUMBER_MODEL_LABEL};
use crate::mapping::engine::reading::{
    ENHANCED_FAN_OUT_MODEL_LABEL, POLLING_MODEL_LABEL, SHARED_THROUGHPUT_MODEL_LABEL,
};
use crate::mapping::engine::windows::{FINAL_INVOKE_MODEL_LABEL, WINDOW_STATE_MODEL_LABEL};
use crate::mapping::event::EVENT_PLACEHOLDERS_LABEL;
use crate::mapping::{Consumer, Discard};
use crate::page::{
    clock, discard_after, event_json, on_failure_document, result_words, run_keys,
    simulate_run_with_keys, simulate_writes, Action, DynamoDbView, RunSettings,
};
use crate::scenario::Scenario;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsPanelProps {
    pub page: Page,
    pub layout: Rc<StreamLayout>,
    /// Why the scenario's layout cannot be used (a uniform one-shard stream stands in).
    pub layout_error: Option<String>,
}

#[function_component(ResultsPanel)]
pub fn results_panel(props: &ResultsPanelProps) -> Html {
    let page = &props.page;
    let scenario = &page.scenario;
    let layout = &props.layout;
    let key = (
        page.shown.clone(),
        layout.clone(),
        scenario.mapping.clone(),
        scenario.function.clone(),
        scenario.failures.clone(),
    );
    // Validated and hashed once per run: a change of layout or settings re-routes from these.
    let run_keys = use_memo(page.shown.clone(), |run| run_keys(run));
    let simulation = use_memo(key, |(run, layout, mapping, function, failures)| {
        let settings = RunSettings {
            mapping,
            function,
            failures,
        };
        Shared::new(simulate_run_with_keys(run, &run_keys, layout, settings))
    });
    // Under a DynamoDB source: the table's writes simulated, and their stream records in the
    // shape the Kinesis views draw.
    let dynamodb = use_memo(
        (
            page.shown_writes.clone(),
            scenario.source.dynamodb().cloned(),
            scenario.mapping.clone(),
            scenario.function.clone(),
            scenario.failures.clone(),
        ),
        |(writes, source, mapping, function, failures)| {
            source.as_ref().map(|source| {
                let settings = RunSettings {
                    mapping,
                    function,
                    failures,
                };
                let view = simulate_writes(writes, source, settings);
                let layout = Rc::new(view.simulation.layout.clone());
                (Shared::new(view), layout)
            })
        },
    );
    let (simulation, run, layout) = match &*dynamodb {
        Some((view, layout)) => (view.stream.clone(), view.run.clone(), layout.clone()),
        None => ((*simulation).clone(), page.shown.clone(), layout.clone()),
    };
    let view_of = (*dynamodb).as_ref().map(|(view, _)| view.clone());
    let layout = &layout;
    let record_keys = use_memo(simulation.clone(), |simulation| {
        Rc::new(
            simulation
                .outcomes
                .iter()
                .filter_map(|o| o.hash_key)
                .collect::<Vec<_>>(),
        )
    });
    // Callbacks through the dispatcher stay equal across renders, so the components they are
    // handed to re-render only when their data changes.
    let dispatcher = page.dispatcher();
    let on_layout = use_callback(dispatcher.clone(), |layout, d| {
        d.dispatch(Action::SetLayout(layout))
    });
    let on_select_record = use_callback(dispatcher.clone(), |record, d| {
        d.dispatch(Action::SelectRecord(record))
    });
    let on_select_batch = use_callback(dispatcher.clone(), |batch, d| {
        d.dispatch(Action::SelectBatch(batch))
    });
    let on_close_explanation = use_callback(dispatcher.clone(), |(), d| {
        d.dispatch(Action::CloseExplanation)
    });
    let dispatch = use_callback(dispatcher, |action, d| d.dispatch(action));
    let view = &page.view;
    let show = |panel: &str| view.panel.as_deref().is_none_or(|only| only == panel);
    let selected_record = page
        .selected_record()
        .filter(|&record| record < run.records.len());
    let selected_batch = page
        .selected_batch
        .filter(|&batch| batch < simulation.mapping.batches.len());
    let explanation = selected_record.filter(|_| !view.embed).map(|record| match &view_of {
        Some(dynamodb) => html! {
            <DynamoDbExplain view={dynamodb.clone()} {record} on_close={on_close_explanation.clone()} />
        },
        None => html! {
            <Explain run={page.shown.clone()} layout={layout.clone()} simulation={simulation.clone()}
                     {record} parallelization_factor={scenario.mapping.parallelization_factor}
                     on_close={on_close_explanation.clone()} />
        },
    });
    html! {
        <section class="results" aria-label="Results">
            if let Some(error) = &props.layout_error {
                <p class="status error">{format!("The stream layout cannot be used: {error}")}</p>
            }
            if !view.embed && view_of.is_none() {
                <StreamPanel layout={layout.clone()} custom={scenario.layout.is_some()} keys={(*record_keys).clone()}
                             readonly={view.readonly} on_change={on_layout} {dispatch} />
            }
            if show("insights") {
                <h2>{"Insights"}</h2>
                if let Some(dynamodb) = &view_of {
                    {super::dynamodb_panel::summary(dynamodb)}
                } else {
                    <WhatIfs page={page.clone()} layout={layout.clone()} simulation={simulation.clone()} />
                    <HashSpace run={page.shown.clone()} layout={layout.clone()} simulation={simulation.clone()} {selected_record} />
                }
                <h3 class="chart-title">{"IteratorAge "}<Term id="iterator-age" /></h3>
                <IteratorAge layout={layout.clone()} simulation={simulation.clone()} parallelization_factor={scenario.mapping.parallelization_factor} />
            }
            if show("timeline") {
                <h2>{"Invocations"}</h2>
                <Timeline layout={layout.clone()} simulation={simulation.clone()} {selected_batch} {on_select_batch} />
                if let Some(batch) = selected_batch {
                    {match &view_of {
                        Some(dynamodb) => dynamodb_event(scenario, dynamodb, batch),
                        None => lambda_event(page, layout, &simulation, batch),
                    }}
                }
            }
            if show("records") {
                <h2>{"Records"}</h2>
                // The explanation docks beside the table on a wide screen and rises as a sheet
                // from the bottom of a narrow one (style.css): either way it is where the eye is.
                <div class={classes!("records-view", explanation.is_some().then_some("explained"))}>
                    <div class="records-main">
                        <Results run={run.clone()} layout={layout.clone()} simulation={simulation.clone()}
                                 {selected_record} {on_select_record} dynamodb={view_of.clone()} />
                    </div>
                    {explanation.clone().unwrap_or_default()}
                </div>
            } else {
                {explanation.unwrap_or_default()}
            }
            <p class="model-note">{"* A model: AWS documents per-shard and per-key ordering, not how it assigns lanes (here MD5 % ParallelizationFactor), times batches or picks execution environments. "}
                {reading_model_note(&scenario.mapping)}</p>
            <Glossary />
        </section>
    }
}

/// The Lambda event of invocation `batch`, with a copy button; what the invocation returned; and,
/// when its records were discarded after it, the exact document the OnFailure destination
/// receives (or that no destination is set).
fn lambda_event(
    page: &Page,
    layout: &StreamLayout,
    simulation: &Shared<crate::Simulation>,
    batch: usize,
) -> Html {
    let scenario = &page.scenario;
    let settings = RunSettings::of(scenario);
    let json = event_json(simulation, &page.shown, layout, settings, batch);
    let invocation = &simulation.mapping.batches[batch];
    let returned = if invocation.result.failed() {
        format!(
            " — failed at {}: {}{}",
            clock(invocation.end_ms),
            result_words(invocation),
            if invocation.retry > 0 {
                format!(", retry {}", invocation.retry)
            } else {
                String::new()
            }
        )
    } else {
        String::new()
    };
    let on_failure = discarded_after(simulation, batch).map(|(index, discarded)| {
        let document = on_failure_document(simulation, &page.shown, layout, settings, index);
        on_failure_view(scenario, discarded, document)
    });
    let notes = html! {
        <>
            <p class="model-note" id="sequence-number-model">{format!("{SEQUENCE_NUMBER_MODEL_LABEL} {EVENT_PLACEHOLDERS_LABEL}")}</p>
            if scenario.mapping.tumbling_window_seconds.is_some_and(|seconds| seconds > 0) {
                <p class="model-note">{format!("{WINDOW_STATE_MODEL_LABEL}. {FINAL_INVOKE_MODEL_LABEL}.")}</p>
            }
        </>
    };
    event_pane(
        format!("Lambda event of invocation {batch}{returned}"),
        "Lambda event JSON",
        json,
        notes,
        on_failure,
    )
}

/// An invocation's event: its summary, the exact JSON with a copy button, the model notes under
/// it, then what the on-failure destination got when the batch was discarded after it.
fn event_pane(
    summary: String,
    label: &'static str,
    json: String,
    notes: Html,
    on_failure: Option<Html>,
) -> Html {
    html! {
        <>
            <details class="event" open=true>
                // The copy button is beside the summary, not in it (no control inside another),
                // and the event scrolls with the keyboard too.
                <summary>{summary}</summary>
                <CopyButton class="copy" label="Copy" text={fixed(json.clone())} />
                <pre id="event-json" tabindex="0" aria-label={label}>{json}</pre>
                {notes}
            </details>
            {for on_failure}
        </>
    }
}

/// The discarded batch given up after invocation `batch`, with its index in `mapping.discards`.
fn discarded_after(simulation: &crate::Simulation, batch: usize) -> Option<(usize, &Discard)> {
    let index = discard_after(simulation, batch)?;
    Some((index, simulation.mapping.discards.get(index)?))
}

/// What the on-failure destination receives for a discarded batch, or why nothing records it.
fn on_failure_view(scenario: &Scenario, discarded: &Discard, document: Option<String>) -> Html {
    let condition = discarded.reason.as_str();
    match document {
        Some(document) => html! {
            <details class="event" id="on-failure" open=true>
                <summary>{format!("Then discarded ({condition}) at {}: the document {} receives",
                    clock(discarded.at_ms), scenario.mapping.destination_config.on_failure_arn().unwrap_or_default())}
                </summary>
                <CopyButton class="copy" label="Copy" text={fixed(document.clone())} />
                <pre id="on-failure-json" tabindex="0" aria-label="On-failure document JSON">{document}</pre>
            </details>
        },
        None => html! {
            <p id="on-failure" class="status error">{format!(
                "Then discarded ({condition}) at {}: no OnFailure destination is set, so nothing records which {} record{} were lost. Set one under \"When it fails\" to see the document it would receive.",
                clock(discarded.at_ms), discarded.records.len(), if discarded.records.len() == 1 { "" } else { "s" })}</p>
        },
    }
}

/// The Lambda DynamoDB event of invocation `batch`, exactly as the function receives it, and
/// the on-failure document when the batch was then discarded.
fn dynamodb_event(scenario: &Scenario, view: &Shared<DynamoDbView>, batch: usize) -> Html {
    let json = view.event_json(batch);
    let invocation = &view.simulation.mapping.batches[batch];
    let returned = if invocation.result.failed() {
        format!(
            " — failed at {}: {}",
            clock(invocation.end_ms),
            result_words(invocation)
        )
    } else {
        String::new()
    };
    let on_failure = discarded_after(&view.stream, batch).map(|(index, discarded)| {
        on_failure_view(scenario, discarded, view.on_failure_document(index))
    });
    let notes = html! {
        <p class="model-note" id="sequence-number-model">{format!("Model: SequenceNumber, eventID and the stream shard are the playground's; {SHARD_MODEL_LABEL}.")}</p>
    };
    event_pane(
        format!("Lambda DynamoDB event of invocation {batch}{returned}"),
        "Lambda DynamoDB event JSON",
        json,
        notes,
        on_failure,
    )
}

/// How records are read, as the model has it: polled, or pushed (enhanced fan-out), and shared.
fn reading_model_note(mapping: &crate::mapping::MappingConfig) -> String {
    let reading = match mapping.consumer {
        Consumer::StandardIterator => POLLING_MODEL_LABEL,
        Consumer::EnhancedFanOut => ENHANCED_FAN_OUT_MODEL_LABEL,
    };
    if mapping.other_consumers > 0 && mapping.consumer == Consumer::StandardIterator {
        format!("{reading}. {SHARED_THROUGHPUT_MODEL_LABEL}.")
    } else {
        format!("{reading}.")
    }
}
