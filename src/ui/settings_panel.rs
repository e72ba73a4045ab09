//! Stream and mapping settings: the shard count, the event source mapping, the function model, and
//! a box that takes pasted `get-event-source-mapping` JSON (it owns its text and error, the way
//! `StreamPanel` owns its paste box).

use super::app::Page;
use super::failures_panel::FailuresPanel;
use super::glossary::Term;
use super::paste_note::PasteNote;
use crate::layout::StreamLayout;
use crate::mapping::{Consumer, MappingConfig};
use crate::page::{misplaced_paste, Action, PasteAdvice, PasteBox, Setting};
use std::ops::RangeInclusive;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsPanelProps {
    pub page: Page,
    /// The stream's layout, to show a custom layout's open shards.
    pub layout: Rc<StreamLayout>,
}

/// The id and label of each setting's input; an asterisk marks a model.
fn input_of(setting: Setting) -> (&'static str, &'static str) {
    match setting {
        Setting::Shards => ("shards", "Shards"),
        Setting::BatchSize => ("batch-size", "BatchSize"),
        Setting::ParallelizationFactor => ("parallelization-factor", "ParallelizationFactor"),
        Setting::BatchingWindowSeconds => ("batching-window", "Batching window (s)"),
        Setting::FunctionMs => ("function-ms", "Function ms / batch*"),
        Setting::PerRecordMs => ("per-record-ms", "+ ms / record*"),
        Setting::ColdStartMs => ("cold-start-ms", "Cold start ms*"),
        Setting::ReservedConcurrency => ("reserved-concurrency", "Reserved concurrency (0 = none)"),
        Setting::TumblingWindowSeconds => ("tumbling-window", "Tumbling window (s, 0 = none)"),
        Setting::OtherConsumers => ("other-consumers", "Other consumers per shard*"),
    }
}

#[function_component(SettingsPanel)]
pub fn settings_panel(props: &SettingsPanelProps) -> Html {
    let page = &props.page;
    // A custom layout (split, merged, pasted) shows its open shards; typing a count goes back to a
    // uniform stream.
    let shown = |setting: Setting| match setting {
        Setting::Shards if page.scenario.layout.is_some() => {
            props.layout.open_shard_indices().len() as u32
        }
        _ => setting.value(&page.scenario),
    };
    let input = |setting: Setting| {
        let value = i64::from(shown(setting));
        let page = page.clone();
        let on_change = Callback::from(move |value: i64| {
            if let Ok(value) = u32::try_from(value) {
                page.dispatch(Action::Set(setting, value))
            }
        });
        let (id, label) = input_of(setting);
        let range = setting.range();
        let range = i64::from(*range.start())..=i64::from(*range.end());
        let term = match setting {
            Setting::Shards => Some("shard"),
            Setting::ParallelizationFactor => Some("parallelization-factor"),
            Setting::BatchingWindowSeconds => Some("batching-window"),
            _ => None,
        }
        .map(AttrValue::from);
        html! { <NumberInput {id} {label} {value} {range} {on_change} {term} /> }
    };
    let dynamodb = page.dynamodb().cloned();
    // A DynamoDB stream's shards follow the table's partitions: the Kinesis stream's settings go.
    let kinesis_only = |setting: &Setting| {
        dynamodb.is_none() || !matches!(setting, Setting::Shards | Setting::OtherConsumers)
    };
    if page.view.readonly {
        // No disabled inputs in a read-only page: the settings as one line of text.
        let source = match &dynamodb {
            Some(d) => format!(
                "DynamoDB stream of table {} (partition key {} {}, {}) · ",
                d.table_name,
                d.partition_key.name,
                d.partition_key.key_type.as_str(),
                d.stream_view_type.as_str()
            ),
            None => String::new(),
        };
        let summary = source
            + &Setting::ALL
                .into_iter()
                .filter(kinesis_only)
                .map(|setting| format!("{} {}", input_of(setting).1, shown(setting)))
                .collect::<Vec<_>>()
                .join(" · ");
        return html! {
            <section class="settings" aria-label="Stream and mapping">
                <p id="settings-summary" class="help">{summary}</p>
                <FailuresPanel page={page.clone()} />
            </section>
        };
    }
    html! {
        <section class="settings" aria-label="Stream and mapping">
            {super::dynamodb_panel::source_switch(page)}
            if let Some(source) = &dynamodb {
                {super::dynamodb_panel::table_panel(page, source)}
            }
            {for Setting::ALL.into_iter().filter(kinesis_only).map(input)}
            if dynamodb.is_none() {
                {enhanced_fan_out(page)}
            }
            <p id="starting-position" class="help">{page.scenario.mapping.starting_position.note()}</p>
            <p class="model-note full-row" id="settings-model-note">{"* A model: AWS publishes no rule for these; Shardlane's function and reading models stand in, and results that depend on them are marked * too. "}
                <Term id="model" /></p>
            <MappingPaste page={page.clone()} />
            <FailuresPanel page={page.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub(super) struct NumberInputProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: i64,
    pub range: RangeInclusive<i64>,
    /// A value accepted outside `range` (MaximumRecordAgeInSeconds' -1).
    #[prop_or_default]
    pub also: Option<i64>,
    /// Called with accepted values only.
    pub on_change: Callback<i64>,
    /// The glossary entry that explains the setting.
    #[prop_or_default]
    pub term: Option<AttrValue>,
}

/// A number field that answers back: a value outside the setting's range is marked at the field
/// with the range and the value still in use, never silently ignored.
#[function_component(NumberInput)]
pub(super) fn number_input(props: &NumberInputProps) -> Html {
    let refused = use_state(|| false);
    let oninput = {
        let (range, also, on_change, refused) = (
            props.range.clone(),
            props.also,
            props.on_change.clone(),
            refused.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<i64>() {
                Ok(value) if range.contains(&value) || also == Some(value) => {
                    refused.set(false);
                    on_change.emit(value);
                }
                _ => refused.set(true),
            }
        })
    };
    let error_id = format!("{}-error", props.id);
    let accepted = match props.also {
        Some(also) => format!("{also} or {}–{}", props.range.start(), props.range.end()),
        None => format!("{}–{}", props.range.start(), props.range.end()),
    };
    let min = props
        .also
        .map_or(*props.range.start(), |also| also.min(*props.range.start()));
    html! {
        <label for={props.id.clone()}><span>{props.label.clone()}
            if let Some(term) = props.term.clone() {
                {" "}<Term id={term} />
            }</span>
            <input id={props.id.clone()} type="number" min={min.to_string()} max={props.range.end().to_string()}
                   value={props.value.to_string()} {oninput}
                   aria-invalid={refused.then_some("true")} aria-describedby={refused.then(|| error_id.clone())} />
            if *refused {
                <span id={error_id} class="field-error" role="alert">
                    {format!("{accepted}; still using {}", props.value)}
                </span>
            }
        </label>
    }
}

#[derive(Properties, PartialEq)]
struct MappingPasteProps {
    page: Page,
}

/// Pasted `aws lambda get-event-source-mapping` JSON, applied with a button; JSON that belongs in
/// another box is named and sent there instead.
#[function_component(MappingPaste)]
fn mapping_paste(props: &MappingPasteProps) -> Html {
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let advice = use_state(|| None::<PasteAdvice>);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onclick = {
        let (text, error, advice, page) = (
            text.clone(),
            error.clone(),
            advice.clone(),
            props.page.clone(),
        );
        Callback::from(move |_| {
            error.set(None);
            let misplaced = misplaced_paste(&text, PasteBox::Mapping);
            let belongs_elsewhere = misplaced.is_some();
            advice.set(misplaced);
            if belongs_elsewhere {
                return;
            }
            let source = page.scenario.source.filter_source();
            match MappingConfig::from_aws_json_for(&text, source) {
                Ok(mapping) => page.dispatch(Action::SetMapping(mapping)),
                Err(message) => error.set(Some(message.to_string())),
            }
        })
    };
    let dispatch = {
        let (page, advice) = (props.page.clone(), advice.clone());
        Callback::from(move |action| {
            advice.set(None);
            page.dispatch(action)
        })
    };
    html! {
        <details class="paste-mapping">
            <summary>{"Paste `aws lambda get-event-source-mapping` JSON"}</summary>
            <label for="mapping-json" class="visually-hidden">{"Event source mapping JSON"}</label>
            <textarea id="mapping-json" spellcheck="false" {oninput} value={(*text).clone()} />
            <button type="button" id="use-mapping" {onclick}>{"Use these settings"}</button>
            if let Some(message) = (*error).clone() {
                <p id="mapping-error" class="status error">{message}</p>
            }
            if let Some(advice) = (*advice).clone() {
                <PasteNote id="mapping-paste-note" {advice} {dispatch} />
            }
        </details>
    }
}

/// The reading choice: a standard iterator polls each shard (and shares its read throughput with
/// the other consumers); an enhanced fan-out consumer has records pushed with throughput of its own.
fn enhanced_fan_out(page: &Page) -> Html {
    let on = page.scenario.mapping.consumer == Consumer::EnhancedFanOut;
    let onchange = {
        let page = page.clone();
        Callback::from(move |event: Event| {
            let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
            page.dispatch(Action::SetConsumer(if checked {
                Consumer::EnhancedFanOut
            } else {
                Consumer::StandardIterator
            }))
        })
    };
    html! {
        <label class="check" for="enhanced-fan-out">
            <input id="enhanced-fan-out" type="checkbox" checked={on} {onchange} />
            {" Enhanced fan-out consumer*"}
        </label>
    }
}
