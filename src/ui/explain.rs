//! Why a record went where it did: key → UTF-8 bytes → MD5 → 128-bit integer → shard range →
//! shard → lane → batch → environment, each step with its value; model steps are labelled. When
//! the function fails, what happened to the record: each delivery and its fate, in words.

use super::Shared;
use crate::hash_key::HashKey;
use crate::layout::{StreamLayout, SEQUENCE_NUMBER_MODEL_LABEL};
use crate::limits::error_model;
use crate::page::record_story;
use crate::producers::ProducerRun;
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub run: Shared<ProducerRun>,
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub record: usize,
    pub parallelization_factor: u32,
    /// Closes the explanation (on a narrow screen it covers the bottom of the page).
    pub on_close: Callback<()>,
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[function_component(Explain)]
pub fn explain(props: &ExplainProps) -> Html {
    let panel = use_node_ref();
    // A record selected elsewhere (the hash space, a link) may leave the docked explanation
    // off-screen: bring it just into view, never further.
    {
        let panel = panel.clone();
        use_effect_with(props.record, move |_| {
            let (Some(element), Some(window)) =
                (panel.cast::<web_sys::Element>(), web_sys::window())
            else {
                return;
            };
            let rect = element.get_bounding_client_rect();
            let height = window
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
            if rect.bottom() < 0.0 || rect.top() > height {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let (Some(record), Some(outcome)) = (
        props.run.records.get(props.record),
        props.simulation.outcomes.get(props.record),
    ) else {
        return html! {};
    };
    let key = &record.partition_key;
    let md5 = HashKey::md5(key);
    let step = |label: &'static str, value: Html| html! { <><dt>{label}</dt><dd>{value}</dd></> };
    let mut steps = vec![
        step("Partition key", html! { <code>{format!("{key:?}")}</code> }),
        step(
            "UTF-8 bytes",
            html! { <code>{format!("{} ({} byte{})", hex(key.as_bytes()), key.len(), if key.len() == 1 { "" } else { "s" })}</code> },
        ),
        step("MD5", html! { <code>{hex(&md5)}</code> }),
        step(
            "128-bit integer (big-endian)",
            html! { <code>{HashKey::from_partition_key(key).to_string()}</code> },
        ),
    ];
    if let Some(explicit) = &record.explicit_hash_key {
        steps.push(step(
            "ExplicitHashKey (replaces the MD5 for routing)",
            html! { <code>{explicit}</code> },
        ));
    }
    if let Some(shard) = outcome.shard {
        let range = props.layout.shards[shard].range;
        steps.push(step("Open shard whose range holds it", html! {
            <><code>{format!("[{}, {}]", range.start, range.end)}</code>{" → "}<strong>{&props.layout.shards[shard].id}</strong></>
        }));
    }
    if let Some(sequence) = &outcome.sequence_number {
        steps.push(step("Sequence number (model)", html! {
            <><code>{sequence}</code><span class="model">{format!(" {SEQUENCE_NUMBER_MODEL_LABEL}")}</span></>
        }));
    }
    if let Some(lane) = outcome.lane {
        let factor = props.parallelization_factor.max(1);
        steps.push(step("Lane (model)", html! {
            <>{format!("MD5 integer % ParallelizationFactor {factor} = ")}<strong>{lane}</strong>
              <span class="model">{" model: AWS keeps per-key order but does not publish its lane assignment"}</span></>
        }));
    }
    if let Some(batch) = outcome.batch.map(|b| &props.simulation.mapping.batches[b]) {
        let payload = if batch.closed_by == crate::mapping::CloseReason::Payload {
            " (the payload measured as the event's JSON)"
        } else {
            ""
        };
        steps.push(step("Batch (timing: model)", html! {
            <>{format!("batch {} of this shard and lane: {} records, closed by {:?}{payload} at {} ms", batch.number, batch.records.len(), batch.closed_by, batch.ready_ms)}
              <span class="model">{" model: AWS documents what closes a batch (BatchSize, the batching window, 6 MB), not the moment"}</span></>
        }));
        steps.push(step("Execution environment (model)", html! {
            <>{format!("#{}{}, runs {}–{} ms", batch.environment, if batch.cold_start { " (cold start)" } else { "" }, batch.start_ms, batch.end_ms)}</>
        }));
    }
    // Only when the function failed or lagged: then a record may be delivered several times.
    let lag = &props.simulation.insights.lag;
    if lag.failed_invocations > 0 || lag.not_read_records > 0 {
        if let Some((headline, deliveries)) = record_story(&props.simulation, props.record) {
            steps.push(step(
                "What happened",
                html! {
                    <div id="record-story">
                        <strong>{headline}</strong>
                        if !deliveries.is_empty() {
                            <ol>{for deliveries.into_iter().map(|d| html! { <li>{d}</li> })}</ol>
                        }
                    </div>
                },
            ));
        }
    }
    if let Some(error) = &outcome.error {
        steps.push(step(
            "AWS answer",
            html! {
                <>
                    <span class="error">{error.to_string()}</span>
                    if let Some((label, _)) = error_model(error) {
                        <p class="model-note">{label}</p>
                    }
                </>
            },
        ));
    }
    html! {
        <section class="explain" id="explain-panel" ref={panel} aria-label="Why this record went there">
            <div class="explain-head">
                <h2>{format!("Record #{}{}", props.record, record.source_line.map(|l| format!(" (line {l})")).unwrap_or_default())}</h2>
                <button type="button" id="close-explain" aria-label="Close the explanation" onclick={close}>{"✕"}</button>
            </div>
            <dl id="explain">{for steps}</dl>
        </section>
    }
}
