//! DynamoDB Streams on the page: the source switch, the table panel (keys, stream view type, the
//! shard model's settings, TTL, and a box for pasted `describe-table` JSON), the summary in
//! DynamoDB's terms and a stream record's explanation. The words come from `page::dynamodb`.

use super::app::Page;
use super::settings_panel::NumberInput;
use crate::dynamodb::shards::{PARTITIONS, ROLLOVER_SECONDS, SHARD_MODEL_LABEL, SPLIT_WRITE_UNITS};
use crate::dynamodb::table::KeyType;
use crate::dynamodb::{StreamViewType, TableDefinition};
use crate::page::{
    clock, dynamodb_record_story, dynamodb_summary, Action, DynamoDbView, Shared, SourceKind,
    TableEdit,
};
use crate::scenario::{DynamoDbSource, KeySpec, TTL_DELAY_SECONDS};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The source switch: a Kinesis data stream, or a DynamoDB table's stream.
pub fn source_switch(page: &Page) -> Html {
    let kind = SourceKind::of(&page.scenario.source);
    let option = |id: &'static str, label: &'static str, value: SourceKind| {
        let onchange = {
            let page = page.clone();
            Callback::from(move |_: Event| page.dispatch(Action::ChooseSource(value)))
        };
        html! {
            <label class="check" for={id}>
                <input type="radio" name="source" {id} checked={kind == value} {onchange} />
                {format!(" {label}")}
            </label>
        }
    };
    html! {
        <fieldset id="source-switch" class="source-switch full-row">
            <legend>{"Records come from"}</legend>
            {option("source-kinesis", "Kinesis data stream", SourceKind::Kinesis)}
            {option("source-dynamodb", "DynamoDB stream", SourceKind::DynamoDb)}
        </fieldset>
    }
}

fn key_type_select(id: &'static str, value: KeyType, on_change: Callback<KeyType>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let text = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Some(t) = [KeyType::S, KeyType::N, KeyType::B]
            .into_iter()
            .find(|t| t.as_str() == text)
        {
            on_change.emit(t)
        }
    });
    html! {
        <select {id} {onchange} aria-label="Attribute type">
            {for [("S", "S (string)"), ("N", "N (number)"), ("B", "B (binary)")].into_iter().map(|(v, label)| html! {
                <option value={v} selected={value.as_str() == v}>{label}</option>
            })}
        </select>
    }
}

/// A text field that dispatches `edit(value)`; a value the reducer refuses is marked at the field.
fn text_input(
    page: &Page,
    id: &'static str,
    label: &'static str,
    value: String,
    edit: fn(&DynamoDbSource, String) -> TableEdit,
) -> Html {
    let oninput = {
        let page = page.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(source) = page.dynamodb().cloned() else {
                return;
            };
            let action = Action::EditTable(edit(&source, input.value().trim().to_owned()));
            let accepted = crate::page::reduce(&page, action.clone()).is_some()
                || input.value().trim() == value_of(&source, id);
            input.set_custom_validity(if accepted { "" } else { "refused" });
            let _ = input.set_attribute("aria-invalid", if accepted { "false" } else { "true" });
            page.dispatch(action);
        })
    };
    html! {
        <label for={id}><span>{label}</span>
            <input {id} type="text" spellcheck="false" {value} {oninput} />
        </label>
    }
}

/// The current text of a text field (to tell an unchanged value from a refused one).
fn value_of(source: &DynamoDbSource, id: &str) -> String {
    match id {
        "table-name" => source.table_name.clone(),
        "partition-key-name" => source.partition_key.name.clone(),
        "sort-key-name" => source
            .sort_key
            .as_ref()
            .map(|k| k.name.clone())
            .unwrap_or_default(),
        "ttl-attribute" => source.ttl_attribute.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The table panel: shown instead of the stream's shard settings when the source is DynamoDB.
pub fn table_panel(page: &Page, source: &DynamoDbSource) -> Html {
    let dispatch = |page: &Page| {
        let page = page.clone();
        Callback::from(move |edit: TableEdit| page.dispatch(Action::EditTable(edit)))
    };
    let edit = dispatch(page);
    let partition_type = {
        let (edit, key) = (edit.clone(), source.partition_key.clone());
        Callback::from(move |key_type| {
            edit.emit(TableEdit::PartitionKey(KeySpec {
                key_type,
                ..key.clone()
            }))
        })
    };
    let sort_type = {
        let (edit, key) = (edit.clone(), source.sort_key.clone());
        Callback::from(move |key_type| {
            if let Some(key) = &key {
                edit.emit(TableEdit::SortKey(Some(KeySpec {
                    key_type,
                    ..key.clone()
                })))
            }
        })
    };
    let view_change = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(view) = StreamViewType::from_aws(&text) {
                edit.emit(TableEdit::StreamViewType(view))
            }
        })
    };
    let number = |id: &'static str,
                  label: &'static str,
                  value: i64,
                  range: std::ops::RangeInclusive<i64>,
                  make: fn(i64) -> TableEdit| {
        let edit = edit.clone();
        let on_change = Callback::from(move |v: i64| edit.emit(make(v)));
        html! { <NumberInput id={id} label={label} {value} {range} {on_change} /> }
    };
    let range = |r: std::ops::RangeInclusive<u64>| *r.start() as i64..=*r.end() as i64;
    html! {
        <>
            {text_input(page, "table-name", "Table", source.table_name.clone(), |_, v| TableEdit::TableName(v))}
            {text_input(page, "partition-key-name", "Partition key", source.partition_key.name.clone(),
                |s, v| TableEdit::PartitionKey(KeySpec { name: v, ..s.partition_key.clone() }))}
            <label for="partition-key-type"><span>{"Partition key type"}</span>
                {key_type_select("partition-key-type", source.partition_key.key_type, partition_type)}</label>
            {text_input(page, "sort-key-name", "Sort key (empty = none)", source.sort_key.as_ref().map(|k| k.name.clone()).unwrap_or_default(),
                |s, v| TableEdit::SortKey((!v.is_empty()).then(|| KeySpec {
                    name: v,
                    key_type: s.sort_key.as_ref().map_or(KeyType::S, |k| k.key_type),
                })))}
            if let Some(sort) = &source.sort_key {
                <label for="sort-key-type"><span>{"Sort key type"}</span>
                    {key_type_select("sort-key-type", sort.key_type, sort_type)}</label>
            }
            <label for="stream-view-type"><span>{"Stream view type"}</span>
                <select id="stream-view-type" onchange={view_change}>
                    {for StreamViewType::ALL.into_iter().map(|v| html! {
                        <option value={v.as_str()} selected={v == source.stream_view_type}>{v.as_str()}</option>
                    })}
                </select>
            </label>
            {number("partitions", "Table partitions*", source.partitions as i64,
                *PARTITIONS.start() as i64..=*PARTITIONS.end() as i64, |v| TableEdit::Partitions(v as usize))}
            {number("rollover-seconds", "Shard rollover (s)*", source.rollover_seconds as i64, range(ROLLOVER_SECONDS),
                |v| TableEdit::RolloverSeconds(v as u64))}
            {number("split-write-units", "Split above WCU/s*", i64::from(source.split_write_units),
                i64::from(*SPLIT_WRITE_UNITS.start())..=i64::from(*SPLIT_WRITE_UNITS.end()), |v| TableEdit::SplitWriteUnits(v as u32))}
            {text_input(page, "ttl-attribute", "TTL attribute (empty = off)", source.ttl_attribute.clone().unwrap_or_default(),
                |_, v| TableEdit::TtlAttribute((!v.is_empty()).then_some(v)))}
            {number("ttl-delay", "TTL delay after expiry (s)*", source.ttl_delay_seconds as i64, range(TTL_DELAY_SECONDS),
                |v| TableEdit::TtlDelaySeconds(v as u64))}
            <p class="model-note full-row" id="shard-model-note">{format!("* {SHARD_MODEL_LABEL}.")}</p>
            <TablePaste page={page.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TablePasteProps {
    page: Page,
}

/// Pasted `aws dynamodb describe-table` JSON, applied with a button; its errors are located.
#[function_component(TablePaste)]
fn table_paste(props: &TablePasteProps) -> Html {
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onclick = {
        let (text, error, page) = (text.clone(), error.clone(), props.page.clone());
        Callback::from(
            move |_| match TableDefinition::from_describe_table_json(&text) {
                Ok(table) => {
                    error.set(None);
                    page.dispatch(Action::EditTable(TableEdit::Table(table)));
                }
                Err(diagnostic) => error.set(Some(format!("describe-table JSON: {diagnostic}"))),
            },
        )
    };
    html! {
        <details class="paste-mapping full-row" id="table-paste">
            <summary>{"Paste `aws dynamodb describe-table` JSON"}</summary>
            <label for="table-json" class="visually-hidden">{"describe-table JSON"}</label>
            <textarea id="table-json" spellcheck="false" {oninput} value={(*text).clone()} />
            <button type="button" id="use-table" {onclick}>{"Use this table"}</button>
            if let Some(message) = (*error).clone() {
                <p id="table-error" class="status error" role="alert">{message}</p>
            }
        </details>
    }
}

/// The DynamoDB summary: counts, shards and lineage, the concurrency ceiling, and the writes that
/// made no stream record.
pub fn summary(view: &DynamoDbView) -> Html {
    let summary = dynamodb_summary(view);
    html! {
        <div id="dynamodb-summary">
            <ul class="insights">
                {for summary.sentences.iter().map(|s| html! { <li>{s}</li> })}
            </ul>
            <div class="shards-wrap">
            <table id="dynamodb-shards" class="compact">
                <caption>{"Stream shards (a model: one per table partition)"}</caption>
                <thead><tr><th scope="col">{"Shard"}</th><th scope="col">{"Parent"}</th><th scope="col">{"Open"}</th>
                    <th scope="col">{"Records"}</th><th scope="col">{"Partition keys"}</th><th scope="col">{"Lanes used*"}</th></tr></thead>
                <tbody>
                    {for summary.shards.iter().map(|s| html! {
                        <tr>
                            <td class="shard">{&s.shard_id}</td>
                            <td class="shard">{s.parent_id.clone().unwrap_or_else(|| "–".into())}</td>
                            <td>{format!("{}–{}", clock(s.opened_ms), s.closed_ms.map(clock).unwrap_or_else(|| "open".into()))}</td>
                            <td>{s.records}</td><td>{s.items}</td><td>{s.lanes_used}</td>
                        </tr>
                    })}
                </tbody>
            </table>
            </div>
            if !summary.silent_writes.is_empty() {
                <h3>{"Writes without a stream record"}</h3>
                <ul id="silent-writes">
                    {for summary.silent_writes.iter().map(|(line, call, why)| html! {
                        <li>{format!("Line {line}, {call}: {why}.")}</li>
                    })}
                </ul>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DynamoDbExplainProps {
    pub view: Shared<DynamoDbView>,
    pub record: usize,
    pub on_close: Callback<()>,
}

/// Why a stream record exists and went where it did, in words.
#[function_component(DynamoDbExplain)]
pub fn dynamodb_explain(props: &DynamoDbExplainProps) -> Html {
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let view = &props.view;
    let story = dynamodb_record_story(view, props.record);
    if story.is_empty() {
        return html! {};
    }
    let change = &view.simulation.table_run.changes[props.record];
    html! {
        <section class="explain" id="explain-panel" aria-label="Why this stream record went there">
            <div class="explain-head">
                <h2>{format!("Stream record #{} (line {}): {}", props.record, change.line, change.event_name.as_str())}</h2>
                <button type="button" id="close-explain" aria-label="Close the explanation" onclick={close}>{"✕"}</button>
            </div>
            <p class="help">{format!("Item key: {}", view.item_key(props.record))}</p>
            <ol id="explain">
                {for story.into_iter().map(|s| html! { <li>{s}</li> })}
            </ol>
        </section>
    }
}
