//! The iterator-age chart: AWS's IteratorAge over time, the maximum over all shards as a thick
//! line and each of the oldest shards as its own dash pattern, with axis labels and a legend that
//! names every line (never colour alone). The data comes from `page::age_chart`.

use super::Shared;
use crate::layout::StreamLayout;
use crate::page::{age_chart, clock, lag_cause};
use crate::simulation::lag::duration;
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IteratorAgeProps {
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub parallelization_factor: u32,
}

const LEFT: f64 = 78.0;
const TOP: f64 = 10.0;
const WIDTH: f64 = 660.0;
const HEIGHT: f64 = 120.0;
/// Dash patterns of the shard lines, so lines differ by shape as well as colour.
const DASHES: [&str; 6] = ["6 3", "2 3", "10 3 2 3", "1 5", "14 4", "4 2 1 2"];

fn shard_colour(line: usize) -> String {
    format!("hsl({} 55% 45%)", (line * 97 + 200) % 360)
}

#[function_component(IteratorAge)]
pub fn iterator_age(props: &IteratorAgeProps) -> Html {
    let chart = use_memo(
        (props.simulation.clone(), props.layout.clone()),
        |(simulation, layout)| age_chart(simulation, layout),
    );
    let cause = use_memo(
        (
            props.simulation.clone(),
            props.layout.clone(),
            props.parallelization_factor,
        ),
        |(simulation, layout, factor)| lag_cause(simulation, layout, *factor),
    );
    if chart.lines.is_empty() {
        return html! {};
    }
    let (end, top) = (chart.end_ms.max(1) as f64, chart.top_ms.max(1) as f64);
    let x = |ms: u64| LEFT + ms as f64 / end * WIDTH;
    let y = |ms: u64| TOP + HEIGHT - ms as f64 / top * HEIGHT;
    let style = |index: usize| -> (String, &'static str, &'static str) {
        if index == 0 {
            ("var(--error)".to_owned(), "", "3")
        } else {
            (
                shard_colour(index),
                DASHES[(index - 1) % DASHES.len()],
                "1.5",
            )
        }
    };
    let lines = chart.lines.iter().enumerate().map(|(index, line)| {
        let points = line
            .points
            .iter()
            .map(|&(at, age)| format!("{:.1},{:.1}", x(at), y(age)))
            .collect::<Vec<_>>()
            .join(" ");
        let (colour, dash, width) = style(index);
        html! {
            <polyline class="age-line" data-label={line.label.clone()} points={points} fill="none" stroke={colour}
                      stroke-width={width} stroke-dasharray={dash} stroke-linejoin="round">
                <title>{format!("{}: IteratorAge up to {}", line.label, duration(line.peak_ms))}</title>
            </polyline>
        }
    });
    let legend = chart.lines.iter().enumerate().map(|(index, line)| {
        let (colour, dash, width) = style(index);
        html! {
            <li>
                <svg width="28" height="8" aria-hidden="true"><line x1="0" y1="4" x2="28" y2="4" stroke={colour} stroke-width={width} stroke-dasharray={dash} /></svg>
                {format!("{}: up to {}", line.label, duration(line.peak_ms))}
            </li>
        }
    });
    let bottom = TOP + HEIGHT;
    let label = |text_x: f64, text_y: f64, anchor: &'static str, text: String| {
        html! { <text class="axis" x={text_x.to_string()} y={text_y.to_string()} text-anchor={anchor}>{text}</text> }
    };
    html! {
        <figure class="iterator-age" id="iterator-age">
            <svg viewBox={format!("0 0 {} {}", LEFT + WIDTH + 20.0, bottom + 34.0)} role="img"
                 aria-label={format!("IteratorAge over time: at most {} ({} line{})", duration(chart.top_ms), chart.lines.len(), if chart.lines.len() == 1 { "" } else { "s" })}>
                <line x1={LEFT.to_string()} y1={TOP.to_string()} x2={LEFT.to_string()} y2={bottom.to_string()} stroke="var(--line)" />
                <line x1={LEFT.to_string()} y1={bottom.to_string()} x2={(LEFT + WIDTH).to_string()} y2={bottom.to_string()} stroke="var(--line)" />
                {label(LEFT - 6.0, TOP + 8.0, "end", duration(chart.top_ms))}
                {label(LEFT - 6.0, TOP + HEIGHT / 2.0 + 4.0, "end", duration(chart.top_ms / 2))}
                {label(LEFT - 6.0, bottom, "end", "0".to_owned())}
                {label(LEFT, bottom + 14.0, "start", clock(0))}
                {label(LEFT + WIDTH / 2.0, bottom + 14.0, "middle", clock(chart.end_ms / 2))}
                {label(LEFT + WIDTH, bottom + 14.0, "end", clock(chart.end_ms))}
                {label(LEFT + WIDTH / 2.0, bottom + 30.0, "middle", "time (when each invocation finished)".to_owned())}
                <text class="axis" transform={format!("translate(12 {}) rotate(-90)", TOP + HEIGHT / 2.0)} text-anchor="middle">{"IteratorAge"}</text>
                {for lines}
            </svg>
            <ul class="help legend">{for legend}</ul>
            if let Some(cause) = (*cause).clone() {
                <p id="lag-cause">{cause}</p>
            }
            <figcaption>{"IteratorAge (AWS's metric): when an invocation finishes, how old its last record is. A climbing line is a shard falling behind — a slow function, or a failing batch retried while the records behind it wait."}
                {if chart.hidden_shards > 0 { format!(" {} more shard{} only in the max line.", chart.hidden_shards, if chart.hidden_shards == 1 { " is" } else { "s are" }) } else { String::new() }}
            </figcaption>
        </figure>
    }
}
