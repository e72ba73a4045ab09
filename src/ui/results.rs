//! The records table: one row per record (line, key, hash key, shard, lane, batch, environment,
//! AWS error), filterable, and virtualised: only the rows in the scrolled viewport (plus a margin)
//! are in the DOM, between two spacer rows, so 100,000 records scroll as smoothly as 10.

use super::glossary::Term;
use super::Shared;
use crate::layout::StreamLayout;
use crate::limits::error_model;
use crate::mapping::engine::RecordFate;
use crate::producers::ProducerRun;
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub run: Shared<ProducerRun>,
    pub layout: std::rc::Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub selected_record: Option<usize>,
    pub on_select_record: Callback<usize>,
    /// Under a DynamoDB source: each stream record's item key and event name come from here.
    #[prop_or_default]
    pub dynamodb: Option<Shared<crate::page::DynamoDbView>>,
}

/// Every row is this tall (CSS keeps it so: cells never wrap), which makes the window arithmetic.
const ROW_PX: f64 = 29.0;
/// The scroll box's height (CSS `max-height` of `.table-wrap`) and the rows drawn beyond it.
const VIEW_PX: f64 = 480.0;
const OVERSCAN_ROWS: usize = 20;

/// The rows `[first, last)` of `count` to draw when the box is scrolled to `scroll_top`.
fn visible_rows(scroll_top: f64, count: usize) -> (usize, usize) {
    let first = ((scroll_top / ROW_PX).floor().max(0.0) as usize).min(count);
    let first = first.saturating_sub(OVERSCAN_ROWS);
    let last = (first + (VIEW_PX / ROW_PX).ceil() as usize + 2 * OVERSCAN_ROWS).min(count);
    (first, last)
}

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let ResultsProps {
        run,
        layout,
        simulation,
        selected_record,
        ..
    } = props;
    let records = &run.records;
    // Colours by the order keys first appear, so look-alike keys get far-apart colours.
    let key_numbers = use_memo(run.clone(), |run| crate::page::palette::key_numbers(run));
    let filter = use_state(String::new);
    let scroll_top = use_state(|| 0.0_f64);
    let scroller = use_node_ref();
    let shown = use_memo(
        (
            (*filter).clone(),
            run.clone(),
            simulation.clone(),
            layout.clone(),
        ),
        |(filter, run, simulation, layout)| matching_records(filter, run, simulation, layout),
    );
    use_scroll_into_view(&scroller, *selected_record, &shown);
    let on_scroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            let top = f64::from(e.target_unchecked_into::<web_sys::Element>().scroll_top());
            // Redraw only when the window of rows changes.
            if (top - *scroll_top).abs() >= ROW_PX * (OVERSCAN_ROWS as f64 / 2.0) {
                scroll_top.set(top);
            }
        })
    };
    let (first, last) = visible_rows(*scroll_top, shown.len());
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let rows =
        (first..last).map(|position| record_row(props, &key_numbers, position, shown[position]));
    // The spacer rows span every column (two more when the function fails or lags).
    let extra = usize::from(props.dynamodb.is_some()) + if failures(simulation) { 2 } else { 0 };
    let columns = (9 + extra).to_string();
    html! {
        <>
        <label for="record-filter" class="filter">{"Filter by key or shard "}
            <input id="record-filter" type="search" placeholder="e.g. 101 or shardId-000000000002" value={(*filter).clone()} oninput={on_filter} />
        </label>
        <p class="caption" id="records-caption">{format!("{} record{}", records.len(), if records.len() == 1 { "" } else { "s" })}
            {if shown.len() < records.len() { format!(", {} matching", shown.len()) } else { String::new() }}</p>
        <div class="table-wrap" ref={scroller} onscroll={on_scroll}>
        <table id="records-table" aria-labelledby="records-caption" aria-rowcount={(shown.len() + 1).to_string()}>
            <thead><tr aria-rowindex="1">
                <th scope="col">{"#"}</th><th scope="col">{"Line"}</th>
                if props.dynamodb.is_some() {
                    <th scope="col">{"Item key"}</th><th scope="col">{"Event"}</th>
                } else {
                    <th scope="col">{"Partition key"}</th>
                }
                <th scope="col">{"Shard"}</th><th scope="col">{"Hash key "}<Term id="hash-key" /></th>
                <th scope="col" title="MD5 % ParallelizationFactor: a model">{"Lane* "}<Term id="lane" /></th>
                <th scope="col">{"Batch"}</th>
                <th scope="col" title="Execution environment: a model">{"Env* "}<Term id="execution-environment" /></th>
                if failures(simulation) {
                    <th scope="col" title="Invocations that received the record: more than one is an at-least-once duplicate">{"Deliveries"}</th>
                    <th scope="col">{"Outcome"}</th>
                }
                <th scope="col">{"AWS error"}</th>
            </tr></thead>
            <tbody>
                if first > 0 {
                    <tr class="spacer" aria-hidden="true"><td colspan={columns.clone()} height={(first as f64 * ROW_PX).to_string()}></td></tr>
                }
                {for rows}
                if last < shown.len() {
                    <tr class="spacer" aria-hidden="true"><td colspan={columns} height={((shown.len() - last) as f64 * ROW_PX).to_string()}></td></tr>
                }
            </tbody>
        </table>
        </div>
        <p class="model-note">{"* A model: AWS documents per-shard and per-key order, not how it assigns lanes or execution environments."}</p>
        </>
    }
}

/// The indices of the records whose partition key or shard id contains `filter` (any case).
fn matching_records(
    filter: &str,
    run: &ProducerRun,
    simulation: &Simulation,
    layout: &StreamLayout,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    (0..run.records.len())
        .filter(|&i| {
            needle.is_empty()
                || run.records[i]
                    .partition_key
                    .to_lowercase()
                    .contains(&needle)
                || simulation.outcomes[i]
                    .shard
                    .is_some_and(|s| layout.shards[s].id.to_lowercase().contains(&needle))
        })
        .collect()
}

/// Scrolls a record selected elsewhere (hash space, timeline) into the table's box.
#[hook]
fn use_scroll_into_view(scroller: &NodeRef, selected: Option<usize>, shown: &Rc<Vec<usize>>) {
    let (scroller, shown) = (scroller.clone(), shown.clone());
    use_effect_with(selected, move |selected| {
        let position = selected.and_then(|r| shown.iter().position(|&i| i == r));
        if let (Some(position), Some(element)) = (position, scroller.cast::<web_sys::Element>()) {
            let top = position as f64 * ROW_PX;
            let viewed = f64::from(element.scroll_top());
            let height = f64::from(element.client_height()).max(ROW_PX);
            if top < viewed || top + 2.0 * ROW_PX > viewed + height {
                element.set_scroll_top((top - height / 2.0).max(0.0) as i32);
            }
        }
    });
}

/// Row `i` of the records, drawn at `position` among the matching ones.
fn record_row(props: &ResultsProps, key_numbers: &[usize], position: usize, i: usize) -> Html {
    let ResultsProps {
        run,
        layout,
        simulation,
        selected_record,
        on_select_record,
        dynamodb,
    } = props;
    let records = &run.records;
    let dash = || html! { <span class="none">{"–"}</span> };
    let (record, outcome) = (&records[i], &simulation.outcomes[i]);
    let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
    let error = outcome.error.as_ref().map(ToString::to_string);
    let model = outcome.error.as_deref().and_then(error_model);
    let select = {
        let on_select = on_select_record.clone();
        Callback::from(move |_| on_select.emit(i))
    };
    let selected = *selected_record == Some(i);
    let key_text = match dynamodb {
        Some(view) => view.item_key(i),
        None => record.partition_key.clone(),
    };
    html! {
        <tr key={i} class={classes!(error.is_some().then_some("failed"), selected.then_some("selected"))} title={error.clone()}
            onclick={select.clone()} onkeydown={super::activate_on_enter(select)} tabindex="0"
            aria-selected={selected.to_string()} aria-rowindex={(position + 2).to_string()}>
            <td>{i}</td>
            <td>{record.source_line.map_or_else(dash, |l| html! {l})}</td>
            // A long key is cut with an ellipsis (rows keep one height for the virtual scroll); the
            // whole key is in the title and, wrapped, in the explanation.
            <td class="key" title={(key_text.chars().count() > 24).then(|| key_text.clone())}><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill={crate::page::palette::colour(key_numbers.get(i).copied().unwrap_or(0))} /></svg>{&key_text}</td>
            if let Some(view) = dynamodb {
                <td class="event-name">{format!("{}{}", view.event_name(i).as_str(), if view.by_ttl(i) { " (TTL)" } else { "" })}</td>
            }
            <td class="shard">{outcome.shard.map_or_else(dash, |s| html! {layout.shards[s].id.clone()})}</td>
            <td class="hash" title={outcome.hash_key.map(|k| format!("0x{}", k.to_hex()))}>
                {outcome.hash_key.map_or_else(dash, |k| html! {k.to_string()})}
            </td>
            <td class="lane">{outcome.lane.map_or_else(dash, |l| html! {l})}</td>
            <td class="batch">{batch.map_or_else(dash, |b| html! {b.number})}</td>
            <td class="environment">{batch.map_or_else(dash, |b| html! {format!("#{}", b.environment)})}</td>
            if failures(simulation) {
                <td class="deliveries">{outcome.deliveries}</td>
                <td class="outcome">{fate_words(outcome.fate)}</td>
            }
            <td class="error">
                {error.unwrap_or_default()}
                if let Some((label, words)) = model {
                    <span class="model-note" title={label}>{format!(" ({words})")}</span>
                }
            </td>
        </tr>
    }
}

/// Whether the function failed or lagged in this simulation: only then does the table show how
/// often each record was delivered and what became of it.
fn failures(simulation: &Simulation) -> bool {
    let lag = &simulation.insights.lag;
    lag.failed_invocations > 0 || lag.not_read_records > 0
}

/// What became of a record, in words (AWS's condition names for discards).
fn fate_words(fate: Option<RecordFate>) -> String {
    match fate {
        Some(RecordFate::Processed) => "processed".into(),
        Some(RecordFate::Discarded(reason)) => format!("discarded: {}", reason.as_str()),
        Some(RecordFate::NotRead) => "not read".into(),
        None => String::new(),
    }
}
