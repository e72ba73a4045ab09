//! The stream panel: the layout's shards with their lineage, gaps and overlaps of a pasted layout,
//! and SplitShard / MergeShards / UpdateShardCount actions that report how many keys move.

use super::paste_note::PasteNote;
use crate::hash_key::HashKey;
use crate::layout::{StreamLayout, RESCALE_MODEL_LABEL, SHARD_COUNT};
use crate::page::{misplaced_paste, Action, PasteAdvice, PasteBox};
use crate::router::keys_moved;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StreamPanelProps {
    pub layout: Rc<StreamLayout>,
    /// Whether the layout came from pasted JSON or resharding (else it is uniform).
    pub custom: bool,
    /// The records' hash keys, to count the keys an action moves.
    pub keys: Rc<Vec<HashKey>>,
    pub readonly: bool,
    /// A new layout as list-shards JSON, or `None` to go back to the uniform layout.
    pub on_change: Callback<Option<String>>,
    /// For a paste that belongs elsewhere (mapping JSON, records, a shard count).
    pub dispatch: Callback<Action>,
}

fn short(key: HashKey) -> String {
    format!("{:.4}", key.fraction())
}

/// What the panel's message line says: the layout it is about (`None`: about no layout), whether it is an error, the text.
/// It is shown only while that layout is the stream's, so a message about a split does not outlive
/// a later change of the shard count.
type Message = Option<(Option<Fingerprint>, bool, String)>;

/// Tells layouts apart: a hash of every shard's id, range and state.
type Fingerprint = u64;

fn fingerprint(layout: &StreamLayout) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for shard in &layout.shards {
        (&shard.id, shard.range, shard.closed).hash(&mut hasher);
    }
    hasher.finish()
}

#[function_component(StreamPanel)]
pub fn stream_panel(props: &StreamPanelProps) -> Html {
    let message = use_state(|| None::<(Option<Fingerprint>, bool, String)>);
    let on_message = {
        let message = message.clone();
        Callback::from(move |text: Message| message.set(text))
    };
    let layout = &props.layout;
    let open = layout.open_shard_indices().len();
    let problems = layout.coverage_problems();
    html! {
        <details class="stream-panel" id="stream-panel">
            <summary>{format!("Stream layout: {} open shard{} ({} in all){}", open, if open == 1 { "" } else { "s" },
                layout.shards.len(), if props.custom { ", custom" } else { "" })}</summary>
            if !problems.is_empty() {
                <ul class="diagnostics">{for problems.iter().map(|p| html! { <li class="error">{p.to_string()}</li> })}</ul>
            }
            {lineage_table(layout)}
            if !props.readonly {
                <ReshardActions layout={layout.clone()} custom={props.custom} keys={props.keys.clone()}
                                on_change={props.on_change.clone()} on_message={on_message.clone()} />
                if let Some((_, error, text)) = (*message).clone().filter(|(about, ..)| about.as_ref().is_none_or(|about| *about == fingerprint(layout))) {
                    <p id="reshard-result" class={classes!("status", error.then_some("error"))}>{text}</p>
                }
                <LayoutPaste on_change={props.on_change.clone()} {on_message} dispatch={props.dispatch.clone()} />
            }
        </details>
    }
}

/// The most shards the lineage table lists (a link may ask for 10,000; the page stays quick).
const MAX_LINEAGE_ROWS: usize = 200;
/// Above this many open shards, the shard to reshard is typed as a number, not picked from a list.
const MAX_SHARD_OPTIONS: usize = 500;

/// Every shard, open or closed, with its hash range and parents (the first few hundred).
fn lineage_table(layout: &StreamLayout) -> Html {
    let more = layout.shards.len().saturating_sub(MAX_LINEAGE_ROWS);
    let rows = layout.shards.iter().take(MAX_LINEAGE_ROWS).map(|shard| {
        let parents = [&shard.parent, &shard.adjacent_parent].into_iter().flatten().cloned().collect::<Vec<_>>().join(" + ");
        html! {
            <tr class={classes!(shard.closed.then_some("closed"))}>
                <td>{&shard.id}</td>
                <td title={format!("[{}, {}]", shard.range.start, shard.range.end)}>{format!("{} – {}", short(shard.range.start), short(shard.range.end))}</td>
                <td>{parents}</td>
                <td>{if shard.closed { "closed" } else { "open" }}</td>
            </tr>
        }
    });
    html! {
        <table class="lineage">
            <thead><tr><th scope="col">{"Shard"}</th><th scope="col">{"Hash range (fraction of 2¹²⁸)"}</th><th scope="col">{"Parents"}</th><th scope="col">{"State"}</th></tr></thead>
            <tbody>{for rows}</tbody>
            if more > 0 {
                <tfoot><tr><td colspan="4">{format!("…and {more} more shards (`shardlane layout` lists them all).")}</td></tr></tfoot>
            }
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct ReshardActionsProps {
    layout: Rc<StreamLayout>,
    custom: bool,
    keys: Rc<Vec<HashKey>>,
    on_change: Callback<Option<String>>,
    on_message: Callback<Message>,
}

/// SplitShard, MergeShards and UpdateShardCount on the layout, each reporting the keys it moves.
#[function_component(ReshardActions)]
fn reshard_actions(props: &ReshardActionsProps) -> Html {
    let layout = &props.layout;
    let open = layout.open_shard_indices();
    let chosen = use_state(|| 0usize);
    let target = use_state(|| open.len() * 2);
    let apply = {
        let (on_change, on_message) = (props.on_change.clone(), props.on_message.clone());
        let (before, keys) = (props.layout.clone(), props.keys.clone());
        move |what: String, result: Result<StreamLayout, crate::AwsError>| match result {
            Ok(after) => {
                let moved = keys_moved(&before, &after, &keys);
                on_message.emit(Some((Some(fingerprint(&after)), false, format!(
                    "{what}: {} of {} record keys now land on a different shard; {:.1}% of the hash space changes shard.",
                    moved.moved, moved.total, moved.hash_space_share * 100.0
                ))));
                on_change.emit(Some(after.to_list_shards_json().to_string()));
            }
            Err(error) => {
                on_message.emit(Some((Some(fingerprint(&before)), true, error.to_string())))
            }
        }
    };
    let open_ids: Vec<String> = open.iter().map(|&i| layout.shards[i].id.clone()).collect();
    let selected_id = open_ids.get(*chosen).cloned().unwrap_or_default();
    let on_split = {
        let (apply, layout, id) = (apply.clone(), layout.clone(), selected_id.clone());
        Callback::from(move |_| apply(format!("SplitShard {id}"), layout.split_in_half(&id)))
    };
    let on_merge = {
        let (apply, layout, id) = (apply.clone(), layout.clone(), selected_id.clone());
        let upper = open_ids.get(*chosen + 1).cloned();
        Callback::from(move |_| {
            let result = match &upper {
                Some(upper) => layout.merge(&id, upper),
                None => Err(crate::AwsError::invalid_argument(format!(
                    "{id} has no adjacent shard above it to merge with"
                ))),
            };
            apply(format!("MergeShards {id}"), result)
        })
    };
    let on_scale = {
        let (layout, target) = (layout.clone(), *target);
        Callback::from(move |_| {
            let result = layout.update_shard_count(target);
            let created = result
                .as_ref()
                .map_or(0, |after| after.shards.len() - layout.shards.len());
            apply(
                format!("UpdateShardCount to {target} ({created} new shards, short-lived ones included; their steps are a model*)"),
                result,
            )
        })
    };
    let on_choose = parsed_into(chosen.clone());
    let on_target = parsed_into(target.clone());
    let on_uniform = {
        let (on_change, on_message) = (props.on_change.clone(), props.on_message.clone());
        Callback::from(move |_| {
            on_message.emit(None);
            on_change.emit(None)
        })
    };
    html! {
        <div class="actions">
            <label for="reshard-shard">{"Shard"}</label>
            if open_ids.len() <= MAX_SHARD_OPTIONS {
                <select id="reshard-shard" onchange={on_choose}>
                    {for open_ids.iter().enumerate().map(|(i, id)| html! { <option value={i.to_string()} selected={i == *chosen}>{id}</option> })}
                </select>
            } else {
                <input id="reshard-shard" type="number" min="0" max={(open_ids.len() - 1).to_string()}
                       value={chosen.to_string()} title={selected_id.clone()} onchange={on_choose} />
            }
            <button type="button" id="split-shard" onclick={on_split}>{"Split in half"}</button>
            <button type="button" id="merge-shards" onclick={on_merge}>{"Merge with the next"}</button>
            <label for="scale-target">{"Target"}</label>
            <input id="scale-target" type="number" min={SHARD_COUNT.start().to_string()} max={SHARD_COUNT.end().to_string()} value={target.to_string()} oninput={on_target} />
            <button type="button" id="update-shard-count" onclick={on_scale}>{"UpdateShardCount"}</button>
            if props.custom {
                <button type="button" id="uniform-layout" onclick={on_uniform}>{"Back to a uniform stream"}</button>
            }
            <p class="model-note" id="rescale-model">{format!("* {RESCALE_MODEL_LABEL}")}</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LayoutPasteProps {
    on_change: Callback<Option<String>>,
    on_message: Callback<Message>,
    dispatch: Callback<Action>,
}

/// Pasted `list-shards` or `describe-stream` JSON, used with a button; gaps and overlaps are said.
#[function_component(LayoutPaste)]
fn layout_paste(props: &LayoutPasteProps) -> Html {
    let pasted = use_state(String::new);
    let advice = use_state(|| None::<PasteAdvice>);
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            pasted.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let onclick = {
        let (pasted, advice) = (pasted.clone(), advice.clone());
        let (on_change, on_message) = (props.on_change.clone(), props.on_message.clone());
        Callback::from(move |_| {
            let misplaced = misplaced_paste(&pasted, PasteBox::Layout);
            let belongs_elsewhere = misplaced.is_some();
            advice.set(misplaced);
            if belongs_elsewhere {
                on_message.emit(None);
                return;
            }
            match StreamLayout::from_aws_json(&pasted) {
                Ok(layout) => {
                    let problems = layout.coverage_problems().len();
                    on_message.emit(Some(if problems == 0 {
                        (Some(fingerprint(&layout)), false, format!("Using the pasted layout: {} open shards.", layout.open_shard_count()))
                    } else {
                        (Some(fingerprint(&layout)), true, format!("The pasted layout has {problems} gap(s)/overlap(s); records in a gap fail."))
                    }));
                    on_change.emit(Some(pasted.to_string()));
                }
                Err(error) => on_message.emit(Some((None, true, error.to_string()))),
            }
        })
    };
    let dispatch = {
        let (dispatch, advice) = (props.dispatch.clone(), advice.clone());
        Callback::from(move |action| {
            advice.set(None);
            dispatch.emit(action)
        })
    };
    html! {
        <details class="paste-layout">
            <summary>{"Paste `aws kinesis list-shards` or `describe-stream` JSON"}</summary>
            <label for="layout-json" class="visually-hidden">{"Layout JSON"}</label>
            <textarea id="layout-json" spellcheck="false" {oninput} value={(*pasted).clone()} />
            <button type="button" id="use-layout" {onclick}>{"Use this layout"}</button>
            if let Some(advice) = (*advice).clone() {
                <PasteNote id="layout-paste-note" {advice} {dispatch} />
            }
        </details>
    }
}

/// A callback that stores the number an input or a select now holds (text that is not a number
/// leaves the state as it was).
fn parsed_into<E: AsRef<web_sys::Event>>(state: UseStateHandle<usize>) -> Callback<E> {
    Callback::from(move |e: E| {
        let value = e
            .as_ref()
            .target()
            .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
            .and_then(|value| value.as_string());
        if let Some(Ok(value)) = value.map(|v| v.parse()) {
            state.set(value);
        }
    })
}
