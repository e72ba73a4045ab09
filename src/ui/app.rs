//! The first page: PutRecords JSON in, one row per record out, with the insights in words.

use crate::examples::seed_put_records_json;
use crate::input::parse_records_json;
use crate::limits::ProducerLimits;
use crate::mapping::{EventSource, FunctionModel, MappingConfig};
use crate::{simulate, Diagnostic, SimulationInput, StreamLayout};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the page shows for the current inputs.
struct View {
    diagnostics: Vec<Diagnostic>,
    rows: Vec<Row>,
    findings: Vec<String>,
}

struct Row {
    key: String,
    hash_key: String,
    hash_hex: String,
    shard_id: String,
    lane: String,
    batch: String,
    environment: String,
    error: Option<String>,
}

fn compute(text: &str, shards: usize, batch_size: u32, factor: u32) -> View {
    let mut diagnostics = Vec::new();
    let parsed = match parse_records_json(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            return View {
                diagnostics: vec![error],
                rows: Vec::new(),
                findings: Vec::new(),
            }
        }
    };
    diagnostics.extend(parsed.warnings);
    let layout = match StreamLayout::uniform(shards) {
        Ok(layout) => layout,
        Err(error) => return View::only(Diagnostic::error(error.to_string()).in_field("Shards")),
    };
    let mapping = MappingConfig {
        batch_size,
        parallelization_factor: factor,
        ..MappingConfig::default()
    };
    if let Err(error) = mapping.validate() {
        return View::only(Diagnostic::error(error.to_string()));
    }
    let source = EventSource::default();
    let input = SimulationInput {
        records: &parsed.records,
        layout: &layout,
        mapping: &mapping,
        function: &FunctionModel::default(),
        limits: &ProducerLimits::default(),
        source: &source,
    };
    let simulation = simulate(&input);
    let dash = || "–".to_owned();
    let rows = parsed
        .records
        .iter()
        .zip(&simulation.outcomes)
        .map(|(record, outcome)| {
            let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
            Row {
                key: record.partition_key.clone(),
                hash_key: outcome.hash_key.map_or_else(dash, |k| k.to_string()),
                hash_hex: outcome.hash_key.map_or_else(dash, |k| k.to_hex()),
                shard_id: outcome
                    .shard
                    .map_or_else(dash, |s| layout.shards[s].id.clone()),
                lane: outcome.lane.map_or_else(dash, |l| l.to_string()),
                batch: batch.map_or_else(dash, |b| b.number.to_string()),
                environment: batch.map_or_else(dash, |b| format!("#{}", b.environment)),
                error: outcome.error.as_ref().map(ToString::to_string),
            }
        })
        .collect();
    View {
        diagnostics,
        rows,
        findings: simulation.insights.findings,
    }
}

impl View {
    fn only(diagnostic: Diagnostic) -> View {
        View {
            diagnostics: vec![diagnostic],
            rows: Vec::new(),
            findings: Vec::new(),
        }
    }
}

fn number_input(
    label: &'static str,
    id: &'static str,
    value: u32,
    min: u32,
    max: u32,
    state: UseStateHandle<u32>,
) -> Html {
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        if let Ok(parsed) = input.value().parse::<u32>() {
            state.set(parsed);
        }
    });
    html! {
        <label for={id}>{label}
            <input id={id} type="number" min={min.to_string()} max={max.to_string()} value={value.to_string()} {oninput} />
        </label>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(seed_put_records_json);
    let shards = use_state(|| 3u32);
    let batch_size = use_state(|| 500u32);
    let factor = use_state(|| 1u32);
    let view = {
        let deps = ((*text).clone(), *shards, *batch_size, *factor);
        use_memo(deps, |(text, shards, batch_size, factor)| {
            compute(text, *shards as usize, *batch_size, *factor)
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            text.set(area.value());
        })
    };
    html! {
        <>
        <header>
            <h1>{"Shardlane"}</h1>
            <p>{"Where each Kinesis record goes — partition key → MD5 → 128-bit hash key → shard — and which Lambda lane, batch and execution environment process it."}</p>
        </header>
        <main>
            <section class="input" aria-label="Producer input">
                <label for="records">{"PutRecords request (JSON)"}</label>
                <textarea id="records" spellcheck="false" value={(*text).clone()} oninput={on_text} />
                <ul class="diagnostics">
                    { for view.diagnostics.iter().map(|d| html! {
                        <li class={if d.is_error() { "error" } else { "warning" }}>{d.to_string()}</li>
                    }) }
                </ul>
            </section>
            <section class="settings" aria-label="Stream and mapping">
                { number_input("Shards", "shards", *shards, 1, 10_000, shards.clone()) }
                { number_input("BatchSize", "batch-size", *batch_size, 1, 10_000, batch_size.clone()) }
                { number_input("ParallelizationFactor", "parallelization-factor", *factor, 1, 10, factor.clone()) }
            </section>
            <section class="results" aria-label="Records">
                <table id="records-table">
                    <thead><tr>
                        <th scope="col">{"#"}</th><th scope="col">{"Partition key"}</th><th scope="col">{"Hash key"}</th>
                        <th scope="col">{"Shard"}</th><th scope="col">{"Lane (model)"}</th><th scope="col">{"Batch"}</th>
                        <th scope="col">{"Environment (model)"}</th>
                    </tr></thead>
                    <tbody>
                    { for view.rows.iter().enumerate().map(|(i, row)| html! {
                        <tr class={row.error.as_ref().map(|_| "failed")} title={row.error.clone()}>
                            <td>{i}</td><td class="key">{&row.key}</td>
                            <td class="hash" title={format!("0x{}", row.hash_hex)}>{&row.hash_key}</td>
                            <td class="shard">{&row.shard_id}</td><td>{&row.lane}</td><td>{&row.batch}</td>
                            <td>{&row.environment}</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                <h2>{"Insights"}</h2>
                <ul class="findings">{ for view.findings.iter().map(|f| html! { <li>{f}</li> }) }</ul>
                <p class="model-note">{"Lanes (MD5 % ParallelizationFactor), batch timing and execution environments are a model: AWS documents per-key ordering, not how it assigns lanes or instances."}</p>
            </section>
        </main>
        </>
    }
}
