//! The insights' findings with their advice: under each finding a what-if can change (the
//! concurrency ceiling, a hot shard), the what-ifs the core suggests for it, with what each would
//! change and cost and a "Try it" button; and the tried one's figures before and after, side by
//! side, with undo. The numbers and words all come from `page::what_if`; this only draws them.

use super::app::Page;
use super::glossary::{marked, with_terms};
use super::Shared;
use crate::layout::StreamLayout;
use crate::page::{suggestions, Action, AdvisedFinding, Comparison, Figures, KeyFields, WhatIf};
use crate::simulation::Simulation;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhatIfsProps {
    pub page: Page,
    pub layout: Rc<StreamLayout>,
    pub simulation: Shared<Simulation>,
}

#[function_component(WhatIfs)]
pub fn what_ifs(props: &WhatIfsProps) -> Html {
    let page = &props.page;
    let key = (
        page.shown.clone(),
        props.layout.clone(),
        props.simulation.clone(),
        page.scenario.mapping.parallelization_factor,
    );
    // The records' fields are read once per run, not again on every change of a setting.
    let fields = use_memo(page.shown.clone(), |run| KeyFields::of(run));
    let scenario = page.scenario.clone();
    let offered = use_memo(
        (key, fields),
        move |((_, layout, simulation, _), fields)| {
            suggestions(fields, &scenario, layout, simulation)
        },
    );
    let readonly = page.view.readonly;
    let tried = page.tried.as_ref().map(|t| &t.comparison);
    let try_it = |what_if: WhatIf| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.dispatch(Action::TryWhatIf(what_if.clone())))
    };
    // Each suggestion once, under the first finding it answers.
    let mut shown = vec![false; offered.len()];
    let findings = props.simulation.insights.findings.iter().map(|finding| {
        let kind = AdvisedFinding::of(finding).filter(|_| !readonly);
        let advice: Vec<usize> = kind.map_or_else(Vec::new, |kind| {
            (0..offered.len())
                .filter(|&i| !shown[i] && kind.answered_by(&offered[i].what_if))
                .collect()
        });
        advice.iter().for_each(|&i| shown[i] = true);
        let id = (kind == Some(AdvisedFinding::ConcurrencyCeiling)).then_some("what-ifs");
        html! {
            <li>{with_terms(finding)}
                if !advice.is_empty() {
                    <p class="advice-title">{"What would change it:"}</p>
                    <ul class="advice" {id}>
                        {for advice.iter().map(|&i| html! {
                            <li>{with_terms(&offered[i].advice)}{" "}
                                <button type="button" class="try-it" onclick={try_it(offered[i].what_if.clone())}>{&offered[i].label}</button>
                            </li>
                        })}
                    </ul>
                }
            </li>
        }
    });
    html! {
        <>
            <ul class="findings">{for findings}</ul>
            if let Some(comparison) = tried {
                {comparison_table(page, comparison)}
            }
        </>
    }
}

/// The tried what-if: before and after side by side, what it does to order and costs, and undo.
fn comparison_table(page: &Page, comparison: &Comparison) -> Html {
    let Comparison {
        what_if,
        before,
        after,
        records_moved,
        records,
        order,
        order_kept,
        cost,
    } = comparison;
    let row = |label: &'static str, value: fn(&Figures) -> String| {
        let (b, a) = (value(before), value(after));
        let changed = b != a;
        html! {
            <tr class={classes!(changed.then_some("changed"))}>
                <th scope="row">{marked(label)}</th><td>{b}</td><td>{a}</td>
            </tr>
        }
    };
    let title = match what_if {
        WhatIf::ParallelizationFactor(factor) => format!("ParallelizationFactor {factor}"),
        WhatIf::Shards(count) => format!("{count} shards"),
        WhatIf::KeyByField(field) => format!("partition key = {field}"),
        WhatIf::KeySuffix(spread) => format!("keys with a suffix -0…-{}", spread - 1),
    };
    let rekeyed = matches!(what_if, WhatIf::KeyByField(_) | WhatIf::KeySuffix(_));
    html! {
        <section class="what-if" id="what-if" aria-label="What-if: before and after">
            <div class="what-if-head">
                <strong>{format!("Trying {title}")}</strong>
                <button type="button" id="undo-what-if" onclick={super::app::dispatch(page, Action::UndoWhatIf)}>{"Undo"}</button>
            </div>
            if rekeyed {
                <p class="help">{"The results below use the changed keys; your code is unchanged, and its next run puts its own keys back."}</p>
            }
            <table id="what-if-table">
                <thead><tr><th scope="col">{""}</th><th scope="col">{"Before"}</th><th scope="col">{"After"}</th></tr></thead>
                <tbody>
                    {row("Concurrency ceiling", |f| f.concurrency_ceiling.to_string())}
                    {row("Peak concurrency", |f| f.peak_concurrency.to_string())}
                    {row("Busiest shard's share", |f| format!("{}%", f.busiest_shard_percent))}
                    {row("Distinct keys", |f| f.distinct_keys.to_string())}
                    {row("Shards × ParallelizationFactor", |f| format!("{} × {}", f.shards, f.parallelization_factor))}
                    <tr><th scope="row">{"Records on another shard"}</th><td colspan="2">{format!("{records_moved} of {records}")}</td></tr>
                    <tr class={classes!((!order_kept).then_some("changed"))}><th scope="row">{"Order"}</th><td colspan="2">{order}</td></tr>
                    <tr><th scope="row">{"Costs"}</th><td colspan="2">{cost}</td></tr>
                </tbody>
            </table>
        </section>
    }
}
