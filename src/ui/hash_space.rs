//! The hash space `[0, 2^128)` as a number line: the open shards' ranges and a tick per record.

use super::Shared;
use crate::layout::StreamLayout;
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HashSpaceProps {
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub selected_record: Option<usize>,
}

#[function_component(HashSpace)]
pub fn hash_space(props: &HashSpaceProps) -> Html {
    let width = 1000.0;
    let shards = props.layout.open_shard_indices().into_iter().map(|index| {
        let shard = &props.layout.shards[index];
        let (start, end) = (shard.range.start.fraction() * width, (shard.range.end.fraction() * width).min(width));
        html! {
            <g class="shard-range">
                <title>{format!("{}: [{}, {}]", shard.id, shard.range.start, shard.range.end)}</title>
                <rect x={start.to_string()} y="14" width={(end - start).max(1.0).to_string()} height="22" />
                <text x={(start + 4.0).to_string()} y="30">{shard.id.trim_start_matches("shardId-").trim_start_matches('0').to_owned() + if shard.id.ends_with("000000000000") { "0" } else { "" }}</text>
            </g>
        }
    });
    // All ticks are one SVG path, one vertical stroke per distinct position (half a unit of the
    // 1000-wide drawing): 100,000 keys draw one element of at most 2,000 strokes, memoised on the
    // simulation. The selected record's tick is drawn on top.
    let ticks = use_memo(props.simulation.clone(), |simulation| {
        let mut drawn = std::collections::HashSet::new();
        let mut path = String::new();
        for key in simulation.outcomes.iter().filter_map(|o| o.hash_key) {
            let x = key.fraction() * width;
            if drawn.insert((x * 2.0).round() as i64) {
                path.push_str(&format!("M{x:.2} 4V46"));
            }
        }
        path
    });
    let selected = props
        .selected_record
        .and_then(|i| props.simulation.outcomes.get(i)?.hash_key)
        .map(|key| {
            let x = key.fraction() * width;
            html! { <path class="tick selected" d={format!("M{x:.2} 4V46")} /> }
        });
    html! {
        <figure class="hash-space">
            <svg viewBox="0 0 1000 50" role="img" aria-label="Hash key space from 0 to 2^128 with shard ranges and record positions">
                {for shards}
                <path class="tick" d={(*ticks).clone()} />
                {for selected}
            </svg>
            <figcaption>{"Hash key space 0 … 2¹²⁸−1: open shards (numbered) and a tick per distinct hash key (keys closer than a pixel share one)."}</figcaption>
        </figure>
    }
}
