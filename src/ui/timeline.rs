//! The invocation timeline: one swimlane per shard × lane, one bar per batch, coloured by the
//! execution environment that ran it — so one environment visibly serving several shards (and one
//! shard served by several environments) is plain to see.

use super::Shared;
use crate::layout::StreamLayout;
use crate::simulation::Simulation;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub selected_batch: Option<usize>,
    pub on_select_batch: Callback<usize>,
}

/// A colour per environment, spread around the hue circle.
pub fn environment_colour(environment: usize) -> String {
    format!("hsl({} 65% 52%)", (environment * 137 + 210) % 360)
}

const ROW_HEIGHT: f64 = 22.0;
const LABEL_WIDTH: f64 = 190.0;
const PLOT_WIDTH: f64 = 760.0;

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let batches = &props.simulation.mapping.batches;
    if batches.is_empty() {
        return html! { <p class="empty">{"No invocations: no record reached a shard."}</p> };
    }
    let swimlanes: Vec<(usize, u32)> = batches
        .iter()
        .map(|b| (b.shard, b.lane))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let end = batches.iter().map(|b| b.end_ms).max().unwrap_or(1).max(1) as f64;
    let x = |ms: u64| LABEL_WIDTH + ms as f64 / end * PLOT_WIDTH;
    let height = swimlanes.len() as f64 * ROW_HEIGHT + 24.0;
    let row_of = |shard: usize, lane: u32| {
        swimlanes
            .iter()
            .position(|&s| s == (shard, lane))
            .unwrap_or(0) as f64
    };
    let bars = batches.iter().enumerate().map(|(index, batch)| {
        let y = row_of(batch.shard, batch.lane) * ROW_HEIGHT + 3.0;
        let width = (x(batch.end_ms) - x(batch.start_ms)).max(2.0);
        let select = {
            let on_select = props.on_select_batch.clone();
            Callback::from(move |_| on_select.emit(index))
        };
        let title = format!(
            "{} lane {} batch {}: {} record{}, environment #{}{}, {}–{} ms (ready at {} ms, closed by {:?})",
            props.layout.shards[batch.shard].id,
            batch.lane,
            batch.number,
            batch.records.len(),
            if batch.records.len() == 1 { "" } else { "s" },
            batch.environment,
            if batch.cold_start { " (cold start)" } else { "" },
            batch.start_ms,
            batch.end_ms,
            batch.ready_ms,
            batch.closed_by,
        );
        let selected = props.selected_batch == Some(index);
        html! {
            <g class={classes!("batch", selected.then_some("selected"))} onclick={select.clone()}
               onkeydown={super::activate_on_enter(select)} tabindex="0" role="button"
               data-environment={batch.environment.to_string()} data-shard={props.layout.shards[batch.shard].id.clone()}>
                <title>{title}</title>
                <rect x={x(batch.start_ms).to_string()} y={y.to_string()} width={width.to_string()} height={(ROW_HEIGHT - 6.0).to_string()}
                      rx="3" fill={environment_colour(batch.environment)} />
                if width > 22.0 {
                    <text x={(x(batch.start_ms) + 4.0).to_string()} y={(y + 12.0).to_string()}>{format!("#{}", batch.environment)}</text>
                }
            </g>
        }
    });
    let labels = swimlanes.iter().enumerate().map(|(row, &(shard, lane))| {
        html! {
            <text class="label" x="4" y={(row as f64 * ROW_HEIGHT + 15.0).to_string()}>
                {format!("{} · lane {lane}", props.layout.shards[shard].id)}
            </text>
        }
    });
    html! {
        <figure class="timeline">
            <svg id="timeline" viewBox={format!("0 0 {} {height}", LABEL_WIDTH + PLOT_WIDTH + 10.0)} role="group"
                 aria-label="Invocation timeline: one row per shard and lane, bars coloured by execution environment">
                {for labels}
                {for bars}
                <text class="axis" x={LABEL_WIDTH.to_string()} y={(height - 6.0).to_string()}>{"0 ms"}</text>
                <text class="axis" x={(LABEL_WIDTH + PLOT_WIDTH).to_string()} y={(height - 6.0).to_string()} text-anchor="end">{format!("{end} ms")}</text>
            </svg>
            <figcaption>{"Bars are invocations; the colour and #number name the execution environment (a model: a pool where an idle environment takes the next ready batch). Click a bar for its Lambda event."}</figcaption>
        </figure>
    }
}
