//! The results: one row per record (shard, lane, batch, environment) and the insights in words.

use crate::layout::StreamLayout;
use crate::producers::ProducerRun;
use crate::simulation::Simulation;
use yew::prelude::*;

#[derive(Properties)]
pub struct ResultsProps {
    pub run: std::rc::Rc<ProducerRun>,
    pub layout: std::rc::Rc<StreamLayout>,
    pub simulation: std::rc::Rc<Simulation>,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.simulation, &other.simulation)
    }
}

/// Rows drawn at most; the virtualised table is the page issue's work.
const MAX_ROWS: usize = 2_000;

#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let ResultsProps {
        run,
        layout,
        simulation,
    } = props;
    let records = &run.records;
    let dash = || html! { <span class="none">{"–"}</span> };
    let rows = records.iter().zip(&simulation.outcomes).enumerate().take(MAX_ROWS).map(|(i, (record, outcome))| {
        let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
        let error = outcome.error.as_ref().map(ToString::to_string);
        html! {
            <tr class={classes!(error.is_some().then_some("failed"))} title={error.clone()}>
                <td>{i}</td>
                <td>{record.source_line.map_or_else(dash, |l| html! {l})}</td>
                <td class="key">{&record.partition_key}</td>
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
        <div class="table-wrap">
        <table id="records-table">
            <caption>{format!("{} record{}", records.len(), if records.len() == 1 { "" } else { "s" })}
                {if records.len() > MAX_ROWS { format!(" (first {MAX_ROWS} shown)") } else { String::new() }}</caption>
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
        <h2>{"Insights"}</h2>
        <ul class="findings">{for simulation.insights.findings.iter().map(|f| html! { <li>{f}</li> })}</ul>
        <p class="model-note">{"* A model: AWS documents per-shard and per-key ordering, not how it assigns lanes (here MD5 % ParallelizationFactor), times batches or picks execution environments."}</p>
        </>
    }
}
