//! The invocation timeline: one swimlane per shard × lane, one bar per batch, coloured by the
//! execution environment that ran it — so one environment visibly serving several shards (and one
//! shard served by several environments) is plain to see.

use super::Shared;
use crate::layout::StreamLayout;
use crate::mapping::engine::AttemptResult;
use crate::page::palette::ENVIRONMENT_PATTERNS;
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

/// A colour per environment, a golden angle apart (with its #number and a pattern, never the only
/// cue).
pub fn environment_colour(environment: usize) -> String {
    crate::page::palette::colour(environment)
}

/// The fill pattern drawn over environment `environment`'s bars (none for every fourth).
fn pattern_of(environment: usize) -> Option<String> {
    let pattern = environment % ENVIRONMENT_PATTERNS;
    (pattern > 0).then(|| format!("url(#env-pattern-{pattern})"))
}

/// The patterns: diagonal stripes, dots, horizontal lines (white over the environment's colour).
fn pattern_defs() -> Html {
    html! {
        <defs>
            <pattern id="env-pattern-1" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="2.5" height="6" fill="#fff" fill-opacity="0.55" />
            </pattern>
            <pattern id="env-pattern-2" width="5" height="5" patternUnits="userSpaceOnUse">
                <circle cx="2.5" cy="2.5" r="1.3" fill="#fff" fill-opacity="0.7" />
            </pattern>
            <pattern id="env-pattern-3" width="5" height="5" patternUnits="userSpaceOnUse">
                <rect width="5" height="1.6" fill="#000" fill-opacity="0.35" />
            </pattern>
        </defs>
    }
}

/// The environments of the drawn rows, each as its colour, pattern and #number.
fn legend(environments: &BTreeSet<usize>) -> Html {
    const SHOWN: usize = 40;
    let more = environments.len().saturating_sub(SHOWN);
    html! {
        <ul class="legend" id="timeline-legend" aria-label="Execution environments">
            {for environments.iter().take(SHOWN).map(|&environment| html! {
                <li>
                    <svg class="swatch" viewBox="0 0 14 10" width="14" height="10" aria-hidden="true">
                        <rect width="14" height="10" rx="2" fill={environment_colour(environment)} />
                        if let Some(pattern) = pattern_of(environment) {
                            <rect width="14" height="10" rx="2" fill={pattern} />
                        }
                    </svg>
                    {format!("#{environment}")}
                </li>
            })}
            if more > 0 {
                <li>{format!("…and {more} more")}</li>
            }
        </ul>
    }
}

const ROW_HEIGHT: f64 = 22.0;
const LABEL_WIDTH: f64 = 190.0;
const PLOT_WIDTH: f64 = 760.0;
/// Swimlanes drawn at a time; more are paged.
const ROWS_PER_PAGE: usize = 40;
/// A swimlane with more batches than this draws them merged into columns this wide (px).
const BARS_PER_ROW: usize = 150;
const MERGED_COLUMN_PX: f64 = 4.0;

/// The swimlanes of a simulation and their batches, computed once per simulation.
struct Rows {
    /// (shard, lane), sorted.
    lanes: Vec<(usize, u32)>,
    /// For each swimlane, its batches in start order.
    batches: Vec<Vec<usize>>,
    /// For each batch, the discarded batch given up after it.
    discarded: Vec<Option<usize>>,
    end_ms: f64,
}

impl Rows {
    fn of(simulation: &Simulation) -> Rows {
        let all = &simulation.mapping.batches;
        let lanes: Vec<(usize, u32)> = all
            .iter()
            .map(|b| (b.shard, b.lane))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut batches = vec![Vec::new(); lanes.len()];
        for (index, batch) in all.iter().enumerate() {
            if let Ok(row) = lanes.binary_search(&(batch.shard, batch.lane)) {
                batches[row].push(index);
            }
        }
        let end_ms = all.iter().map(|b| b.end_ms).max().unwrap_or(1).max(1) as f64;
        Rows {
            lanes,
            batches,
            discarded: crate::page::discards_by_batch(simulation),
            end_ms,
        }
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let rows = use_memo(props.simulation.clone(), |simulation| Rows::of(simulation));
    let first_row = use_state(|| 0usize);
    if rows.lanes.is_empty() {
        return html! { <p class="empty">{"No invocations: no record reached a shard."}</p> };
    }
    let first =
        (*first_row).min(rows.lanes.len().saturating_sub(1)) / ROWS_PER_PAGE * ROWS_PER_PAGE;
    let last = (first + ROWS_PER_PAGE).min(rows.lanes.len());
    let height = (last - first) as f64 * ROW_HEIGHT + 24.0;
    let end = rows.end_ms;
    let drawn = (first..last).map(|row| {
        let y = (row - first) as f64 * ROW_HEIGHT;
        let (shard, lane) = rows.lanes[row];
        html! {
            <>
                <text class="label" x="4" y={(y + 16.0).to_string()}>
                    <title>{format!("{} · lane {lane}", props.layout.shards[shard].id)}</title>
                    {format!("shard {} · lane {lane}", short_id(&props.layout.shards[shard].id))}
                </text>
                {swimlane(props, &rows.batches[row], &rows.discarded, y + 3.0, end)}
            </>
        }
    });
    let environments: BTreeSet<usize> = (first..last)
        .flat_map(|row| rows.batches[row].iter())
        .map(|&batch| props.simulation.mapping.batches[batch].environment)
        .collect();
    html! {
        <figure class="timeline">
            if rows.lanes.len() > ROWS_PER_PAGE {
                {pager(&first_row, first, last, rows.lanes.len())}
            }
            <svg id="timeline" viewBox={format!("0 0 {} {height}", LABEL_WIDTH + PLOT_WIDTH + 10.0)} role="group"
                 aria-label="Invocation timeline: one row per shard and lane, bars coloured by execution environment">
                {pattern_defs()}
                {for drawn}
                <text class="axis" x={LABEL_WIDTH.to_string()} y={(height - 6.0).to_string()}>{"0 ms"}</text>
                <text class="axis" x={(LABEL_WIDTH + PLOT_WIDTH).to_string()} y={(height - 6.0).to_string()} text-anchor="end">{format!("{end} ms")}</text>
            </svg>
            {legend(&environments)}
            <figcaption>{"Bars are invocations; the colour and #number name the execution environment (a model: a pool where an idle environment takes the next ready batch). A dashed bar marked ✕ is a failed invocation that Lambda retries (or, struck through, whose records it discarded). Click a bar for its Lambda event (and, for a discarded batch, the on-failure document). "}
                <super::glossary::Term id="lane" />{" "}<super::glossary::Term id="execution-environment" /></figcaption>
        </figure>
    }
}

/// Buttons that page through the swimlanes when there are more than fit.
fn pager(first_row: &UseStateHandle<usize>, first: usize, last: usize, count: usize) -> Html {
    let go = |row: usize| {
        let first_row = first_row.clone();
        Callback::from(move |_: MouseEvent| first_row.set(row))
    };
    html! {
        <p class="pager" id="timeline-pager">
            <button type="button" disabled={first == 0} onclick={go(first.saturating_sub(ROWS_PER_PAGE))}>{"◀ Earlier rows"}</button>
            {format!(" Rows {}–{} of {count} ", first + 1, last)}
            <button type="button" disabled={last == count} onclick={go(last)}>{"Later rows ▶"}</button>
        </p>
    }
}

fn x(ms: u64, end: f64) -> f64 {
    LABEL_WIDTH + ms as f64 / end * PLOT_WIDTH
}

/// One swimlane's bars at height `y`; a crowded swimlane merges the batches of each narrow column
/// into one bar, so no link can make the page draw more than a bounded number of elements.
fn swimlane(
    props: &TimelineProps,
    batches: &[usize],
    discarded: &[Option<usize>],
    y: f64,
    end: f64,
) -> Html {
    let is_discarded = |index: usize| discarded.get(index).copied().flatten().is_some();
    if batches.len() <= BARS_PER_ROW {
        return html! { {for batches.iter().map(|&index| bar(props, index, is_discarded(index), y, end))} };
    }
    let all = &props.simulation.mapping.batches;
    // Per column: its batches' first index, count, failures and last end, and the batch a click
    // shows: a discarded one, else the first failed one, else the first.
    struct Column {
        first: usize,
        count: usize,
        failed: usize,
        discarded: bool,
        end_ms: u64,
        shown: usize,
    }
    let column_of = |index: usize| (x(all[index].start_ms, end) / MERGED_COLUMN_PX) as i64;
    let mut columns: Vec<Column> = Vec::new();
    for &index in batches {
        let batch = &all[index];
        let failed = batch.result != AttemptResult::Ok;
        match columns.last_mut() {
            Some(last) if column_of(last.first) == column_of(index) => {
                last.count += 1;
                last.failed += usize::from(failed);
                last.end_ms = last.end_ms.max(batch.end_ms);
                if is_discarded(index) && !last.discarded {
                    last.discarded = true;
                    last.shown = index;
                } else if failed && !last.discarded && all[last.shown].result == AttemptResult::Ok {
                    last.shown = index;
                }
            }
            _ => columns.push(Column {
                first: index,
                count: 1,
                failed: usize::from(failed),
                discarded: is_discarded(index),
                end_ms: batch.end_ms,
                shown: index,
            }),
        }
    }
    html! {
        {for columns.into_iter().map(|column| {
            let Column { first, count, failed, discarded, end_ms, shown } = column;
            if count == 1 {
                return bar(props, first, discarded, y, end);
            }
            let start = x(all[first].start_ms, end);
            let width = (x(end_ms, end) - start).max(2.0);
            let select = select(props, shown);
            let failures = if failed > 0 { format!(", {failed} of them failed") } else { String::new() };
            let pick = if discarded {
                "the one after which records were discarded"
            } else if failed > 0 {
                "the first failed one"
            } else {
                "the first"
            };
            let selected = props.selected_batch == Some(shown);
            html! {
                <g class={classes!("batch", "merged", (failed > 0).then_some("failed"), discarded.then_some("discarded"), selected.then_some("selected"))}
                   onclick={select.clone()} onkeydown={super::activate_on_enter(select)} tabindex="0" role="button">
                    <title>{format!("{count} invocations{failures} from {} ms to {end_ms} ms (merged to keep the page light); click for {pick}", all[first].start_ms)}</title>
                    <rect x={start.to_string()} y={y.to_string()} width={width.to_string()} height={(ROW_HEIGHT - 6.0).to_string()} rx="3" />
                </g>
            }
        })}
    }
}

fn select(props: &TimelineProps, index: usize) -> Callback<MouseEvent> {
    let on_select = props.on_select_batch.clone();
    Callback::from(move |_| on_select.emit(index))
}

/// The bar of batch `index`.
fn bar(props: &TimelineProps, index: usize, discarded: bool, y: f64, end: f64) -> Html {
    let batch = &props.simulation.mapping.batches[index];
    let width = (x(batch.end_ms, end) - x(batch.start_ms, end)).max(2.0);
    let select = select(props, index);
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
    let outcome = attempt_words(batch, discarded);
    let title = format!("{title}{outcome}");
    let failed = batch.result != AttemptResult::Ok;
    let selected = props.selected_batch == Some(index);
    let left = x(batch.start_ms, end);
    html! {
        <g class={classes!("batch", selected.then_some("selected"), failed.then_some("failed"), discarded.then_some("discarded"))} onclick={select.clone()}
           onkeydown={super::activate_on_enter(select)} tabindex="0" role="button"
           data-environment={batch.environment.to_string()} data-shard={props.layout.shards[batch.shard].id.clone()}>
            <title>{title}</title>
            <rect x={left.to_string()} y={y.to_string()} width={width.to_string()} height={(ROW_HEIGHT - 6.0).to_string()}
                  rx="3" fill={environment_colour(batch.environment)} />
            if let Some(pattern) = pattern_of(batch.environment) {
                <rect x={left.to_string()} y={y.to_string()} width={width.to_string()} height={(ROW_HEIGHT - 6.0).to_string()}
                      rx="3" fill={pattern} />
            }
            if width > 30.0 {
                <text x={(left + 4.0).to_string()} y={(y + 13.0).to_string()}>
                    {format!("{}#{}", if failed { "✕ " } else { "" }, batch.environment)}
                </text>
            }
        </g>
    }
}

/// What happened to an invocation, in words for its tooltip: the result, the retry, the bisect
/// depth and whether its records were discarded after it.
fn attempt_words(batch: &crate::mapping::engine::Batch, discarded: bool) -> String {
    let mut words = match batch.result {
        AttemptResult::Ok => String::new(),
        AttemptResult::Error => " — the function returned an error".to_owned(),
        AttemptResult::Timeout => " — the function timed out".to_owned(),
        AttemptResult::Partial { reported, .. } => {
            format!(" — a partial batch response reported {reported} record(s)")
        }
    };
    if batch.retry > 0 {
        words.push_str(&format!("; retry {}", batch.retry));
    }
    if batch.bisect_depth > 0 {
        words.push_str(&format!("; bisected {} time(s)", batch.bisect_depth));
    }
    if batch.throttled {
        words.push_str("; waited for reserved concurrency (throttled)");
    }
    if discarded {
        words.push_str("; then its records were discarded");
    }
    words
}

/// `shardId-000000000012` → `12`.
fn short_id(id: &str) -> &str {
    let number = id.trim_start_matches("shardId-").trim_start_matches('0');
    if number.is_empty() && id.starts_with("shardId-") {
        "0"
    } else if number.is_empty() {
        id
    } else {
        number
    }
}
