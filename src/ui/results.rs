//! The results: one row per record (shard, lane, batch, environment) and the insights in words.

use crate::layout::StreamLayout;
use crate::producers::ProducerRun;
use crate::simulation::Simulation;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub run: std::rc::Rc<ProducerRun>,
    pub layout: std::rc::Rc<StreamLayout>,
    pub simulation: std::rc::Rc<Simulation>,
    pub selected_record: Option<usize>,
    pub on_select_record: Callback<usize>,
}

/// A colour per partition key, from its hash.
fn key_colour(hash: crate::hash_key::HashKey) -> String {
    format!("hsl({} 60% 55%)", (hash.0 % 360) as u32)
}

/// Rows drawn at most; the virtualised table is the page issue's work.
const MAX_ROWS: usize = 2_000;

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let ResultsProps {
        run,
        layout,
        simulation,
        selected_record,
        on_select_record,
    } = props;
    let records = &run.records;
    let dash = || html! { <span class="none">{"–"}</span> };
    let filter = use_state(String::new);
    let needle = filter.trim().to_lowercase();
    let shown: Vec<usize> = (0..records.len())
        .filter(|&i| {
            needle.is_empty()
                || records[i].partition_key.to_lowercase().contains(&needle)
                || simulation.outcomes[i]
                    .shard
                    .is_some_and(|s| layout.shards[s].id.to_lowercase().contains(&needle))
        })
        .collect();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            filter.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let rows = shown.iter().take(MAX_ROWS).map(|&i| (i, (&records[i], &simulation.outcomes[i]))).map(|(i, (record, outcome))| {
        let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
        let error = outcome.error.as_ref().map(ToString::to_string);
        let select = {
            let on_select = on_select_record.clone();
            Callback::from(move |_| on_select.emit(i))
        };
        let selected = *selected_record == Some(i);
        html! {
            <tr class={classes!(error.is_some().then_some("failed"), selected.then_some("selected"))} title={error.clone()}
                onclick={select.clone()} onkeydown={super::activate_on_enter(select)} tabindex="0"
                aria-selected={selected.to_string()}>
                <td>{i}</td>
                <td>{record.source_line.map_or_else(dash, |l| html! {l})}</td>
                <td class="key"><span class="swatch" style={format!("background: {}", key_colour(outcome.partition_hash))}></span>{&record.partition_key}</td>
                <td class="hash" title={outcome.hash_key.map(|k| format!("0x{}", k.to_hex()))}>
                    {outcome.hash_key.map_or_else(dash, |k| html! {k.to_string()})}
                </td>
                <td class="shard">{outcome.shard.map_or_else(dash, |s| html! {layout.shards[s].id.clone()})}</td>
                <td class="lane">{outcome.lane.map_or_else(dash, |l| html! {l})}</td>
                <td class="batch">{batch.map_or_else(dash, |b| html! {b.number})}</td>
                <td class="environment">{batch.map_or_else(dash, |b| html! {format!("#{}", b.environment)})}</td>
                <td class="error">{error.unwrap_or_default()}</td>
            </tr>
        }
    });
    html! {
        <>
        <label for="record-filter" class="filter">{"Filter by key or shard "}
            <input id="record-filter" type="search" placeholder="e.g. 101 or shardId-000000000002" value={(*filter).clone()} oninput={on_filter} />
        </label>
        <div class="table-wrap">
        <table id="records-table">
            <caption>{format!("{} record{}", records.len(), if records.len() == 1 { "" } else { "s" })}
                {if shown.len() < records.len() { format!(", {} matching", shown.len()) } else { String::new() }}
                {if shown.len() > MAX_ROWS { format!(" (first {MAX_ROWS} shown)") } else { String::new() }}</caption>
            <thead><tr>
                <th scope="col">{"#"}</th><th scope="col">{"Line"}</th><th scope="col">{"Partition key"}</th>
                <th scope="col">{"Hash key"}</th><th scope="col">{"Shard"}</th>
                <th scope="col" title="MD5 % ParallelizationFactor: a model">{"Lane*"}</th>
                <th scope="col">{"Batch"}</th>
                <th scope="col" title="Execution environment: a model">{"Env*"}</th>
                <th scope="col">{"AWS error"}</th>
            </tr></thead>
            <tbody>{for rows}</tbody>
        </table>
        </div>
        </>
    }
}
