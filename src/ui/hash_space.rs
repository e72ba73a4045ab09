//! The hash space `[0, 2^128)` as a number line: the open shards' ranges and a tick per record.

use super::Shared;
use crate::layout::StreamLayout;
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HashSpaceProps {
    pub run: Shared<crate::producers::ProducerRun>,
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
    pub selected_record: Option<usize>,
}

/// Tick positions up to which each tick is its own element, titled with its keys.
const MAX_TITLED_TICKS: usize = 300;
/// The keys a tick's title names (more share a position only when they are very close).
const NAMED_KEYS_PER_TICK: usize = 5;

/// The narrowest shard (in units of the 1000-wide drawing) that gets its own box and label.
const MIN_LABELLED_WIDTH: f64 = 24.0;

/// `shardId-000000000012` → `12`.
fn short_id(id: &str) -> String {
    let number = id.trim_start_matches("shardId-").trim_start_matches('0');
    if number.is_empty() {
        "0".to_owned()
    } else {
        number.to_owned()
    }
}

#[function_component(HashSpace)]
pub fn hash_space(props: &HashSpaceProps) -> Html {
    let width = 1000.0;
    // Shard ranges as one path of boundaries (one stroke per drawing unit, however many shards),
    // and a labelled, titled box only for shards wide enough to read: at most about 40 elements.
    let shards = use_memo(props.layout.clone(), |layout| {
        let mut boundaries = String::new();
        let mut drawn = std::collections::HashSet::new();
        let mut labelled = Vec::new();
        for index in layout.open_shard_indices() {
            let shard = &layout.shards[index];
            let start = shard.range.start.fraction() * width;
            let end = (shard.range.end.fraction() * width).min(width);
            if drawn.insert(start.round() as i64) {
                boundaries.push_str(&format!("M{start:.1} 14V36"));
            }
            if end - start >= MIN_LABELLED_WIDTH {
                labelled.push(html! {
                    <g class="shard-range">
                        <title>{format!("{}: [{}, {}]", shard.id, shard.range.start, shard.range.end)}</title>
                        <rect x={start.to_string()} y="14" width={(end - start).to_string()} height="22" />
                        <text x={(start + 4.0).to_string()} y="30">{short_id(&shard.id)}</text>
                    </g>
                });
            }
        }
        html! {
            <>
                <rect class="shard-space" x="0" y="14" width={width.to_string()} height="22" />
                <path class="shard-boundaries" d={boundaries} />
                {for labelled}
            </>
        }
    });
    // All ticks are one SVG path, one vertical stroke per distinct position (half a unit of the
    // 1000-wide drawing): 100,000 keys draw one element of at most 2,000 strokes, memoised on the
    // simulation. The selected record's tick is drawn on top.
    // Records AWS refused or throttled never reach a shard: they draw no tick. With few enough
    // positions each tick names its keys on hover.
    let ticks = use_memo(
        (props.simulation.clone(), props.run.clone()),
        |(simulation, run)| {
            // Indexed by position (a Vec, not a map: this runs over every record on each change).
            let mut at: Vec<Option<Vec<&str>>> = vec![None; (width * 2.0) as usize + 1];
            for (index, outcome) in simulation.outcomes.iter().enumerate() {
                let (Some(key), None) = (outcome.hash_key, &outcome.error) else {
                    continue;
                };
                let x2 = ((key.fraction() * width * 2.0).round() as usize).min(at.len() - 1);
                let keys = at[x2].get_or_insert_with(Vec::new);
                if let Some(record) = run.records.get(index) {
                    if keys.len() < NAMED_KEYS_PER_TICK
                        && !keys.contains(&record.partition_key.as_str())
                    {
                        keys.push(&record.partition_key);
                    }
                }
            }
            let positions: Vec<(usize, Vec<&str>)> = (at.into_iter().enumerate())
                .filter_map(|(x2, keys)| Some((x2, keys?)))
                .collect();
            let path = |x2: usize| format!("M{:.2} 4V46", x2 as f64 / 2.0);
            if positions.len() > MAX_TITLED_TICKS {
                let all: String = positions.iter().map(|&(x2, _)| path(x2)).collect();
                return html! { <path class="tick" d={all} /> };
            }
            html! {
                {for positions.into_iter().map(|(x2, keys)| html! {
                    <path class="tick" d={path(x2)}><title>{format!("key {}", keys.join(", "))}</title></path>
                })}
            }
        },
    );
    let selected = props
        .selected_record
        .and_then(|i| props.simulation.outcomes.get(i)?.hash_key)
        .map(|key| {
            let x = key.fraction() * width;
            html! { <path class="tick selected" d={format!("M{x:.2} 4V46")} /> }
        });
    html! {
        <figure class="hash-space">
            <svg viewBox="0 0 1000 50" role="group" aria-label="Hash key space from 0 to 2^128 with shard ranges and record positions">
                {(*shards).clone()}
                {(*ticks).clone()}
                {for selected}
            </svg>
            <figcaption>{"Hash key space 0 … 2¹²⁸−1: open shards (numbered where wide enough) and a tick per distinct hash key (keys closer than a pixel share one). "}
                <super::glossary::Term id="hash-key" /></figcaption>
        </figure>
    }
}
