//! "When it fails": the failure rules (what the function does wrong, the person's assumption) and
//! the mapping's failure settings, beside the other settings. Thin: every value is read, checked
//! and applied by `page::FailureEdit`; a refused value is marked at its field with the reason
//! (the range, or AWS's message for an ARN). A read-only page shows the same in words.

use super::app::Page;
use super::settings_panel::NumberInput;
use crate::mapping::failures::{Attempts, FailureRule, RandomFailures};
use crate::page::{
    effect_from_id, effect_id, failure_summary, on_failure_error, Action, FailureEdit,
    FailureSetting, MatchKind,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The id and label of each failure setting's input; "(model)" marks the model's.
fn input_of(setting: FailureSetting) -> (&'static str, &'static str) {
    match setting {
        FailureSetting::MaximumRetryAttempts => ("maximum-retry-attempts", "MaximumRetryAttempts"),
        FailureSetting::MaximumRecordAgeSeconds => {
            ("maximum-record-age", "MaximumRecordAgeInSeconds")
        }
        FailureSetting::RetentionHours => ("retention-hours", "Stream retention (h)"),
        FailureSetting::TimeoutMs => ("function-timeout-ms", "Function Timeout (ms)"),
        FailureSetting::RetryDelayMs => ("retry-delay-ms", "Retry delay ms (model)*"),
    }
}

#[derive(Properties, PartialEq)]
pub struct FailuresPanelProps {
    pub page: Page,
}

#[function_component(FailuresPanel)]
pub fn failures_panel(props: &FailuresPanelProps) -> Html {
    let page = &props.page;
    let scenario = &page.scenario;
    let failing = !scenario.failures.rules.is_empty()
        || scenario.failures.random.is_some_and(|r| r.per_mille > 0);
    let title = format!(
        "When it fails — {} rule{}, MaximumRetryAttempts {}, bisect {}",
        scenario.failures.rules.len(),
        if scenario.failures.rules.len() == 1 {
            ""
        } else {
            "s"
        },
        scenario.mapping.maximum_retry_attempts,
        if scenario.mapping.bisect_batch_on_function_error {
            "on"
        } else {
            "off"
        },
    );
    // Open when the scenario has rules (an example, a link), and as the person leaves it: removing
    // the last rule does not fold the panel away under their pointer.
    let open = use_state(|| failing);
    {
        let open = open.clone();
        use_effect_with(failing, move |&failing| {
            if failing {
                open.set(true);
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::Element>()
                    .has_attribute("open"),
            )
        })
    };
    if page.view.readonly {
        return html! {
            <div id="failures-summary" class="help full-row">
                <strong>{"When it fails: "}</strong>
                {for failure_summary(scenario).into_iter().map(|line| html! { <span>{line}{". "}</span> })}
            </div>
        };
    }
    let edit = {
        let page = page.clone();
        Callback::from(move |edit: FailureEdit| page.dispatch(Action::EditFailures(edit)))
    };
    let setting = |setting: FailureSetting| {
        let (id, label) = input_of(setting);
        let edit = edit.clone();
        let on_change = Callback::from(move |value| edit.emit(FailureEdit::Set(setting, value)));
        html! {
            <NumberInput {id} {label} value={setting.value(scenario)} range={setting.range()}
                         also={setting.also()} {on_change} />
        }
    };
    let checkbox =
        |id: &'static str, label: &'static str, checked: bool, make: fn(bool) -> FailureEdit| {
            let edit = edit.clone();
            let onchange = Callback::from(move |e: Event| {
                edit.emit(make(
                    e.target_unchecked_into::<HtmlInputElement>().checked(),
                ))
            });
            html! {
                <label class="check" for={id}>
                    <input {id} type="checkbox" {checked} {onchange} />{label}
                </label>
            }
        };
    let random = scenario.failures.random;
    let (per_mille, seed) = random.map_or((0, 0), |r| (r.per_mille, r.seed));
    let on_rate = {
        let edit = edit.clone();
        Callback::from(move |value: i64| {
            let per_mille = u32::try_from(value).unwrap_or(0);
            let random = (per_mille > 0 || seed > 0).then_some(RandomFailures { per_mille, seed });
            edit.emit(FailureEdit::SetRandom(random))
        })
    };
    let on_seed = {
        let edit = edit.clone();
        Callback::from(move |value: i64| {
            let seed = u64::try_from(value).unwrap_or(0);
            let random = (per_mille > 0 || seed > 0).then_some(RandomFailures { per_mille, seed });
            edit.emit(FailureEdit::SetRandom(random))
        })
    };
    let rate_range = {
        let range = crate::mapping::failures::RANDOM_PER_MILLE;
        i64::from(*range.start())..=i64::from(*range.end())
    };
    let rules = scenario.failures.rules.iter().enumerate().map(|(index, rule)| {
        html! { <RuleEditor key={index.to_string()} {index} rule={rule.clone()} edit={edit.clone()} /> }
    });
    html! {
        <details id="when-it-fails" class="full-row" open={*open} {ontoggle}>
            <summary>{title}</summary>
            <fieldset id="failure-rules" class="failure-group">
                <legend>{"What fails — your assumption about the function (AWS cannot know it)"}</legend>
                if scenario.failures.rules.is_empty() {
                    <p class="help full-row">{"No rule: the function never fails (unless it runs past its Timeout)."}</p>
                }
                <div class="full-row">{for rules}</div>
                <button type="button" id="add-failure-rule" onclick={edit.reform(|_| FailureEdit::AddRule)}>{"Add rule"}</button>
                <NumberInput id="random-per-mille" label="Random failures ‰ of invocations" value={i64::from(per_mille)} range={rate_range} on_change={on_rate} />
                <NumberInput id="random-seed" label="Random seed" value={i64::try_from(seed).unwrap_or(i64::MAX)} range={0..=i64::from(u32::MAX)} on_change={on_seed} />
            </fieldset>
            <fieldset id="failure-settings" class="failure-group">
                <legend>{"What the mapping does about it (AWS's settings)"}</legend>
                {for FailureSetting::ALL.into_iter().map(setting)}
                {checkbox("bisect", "BisectBatchOnFunctionError", scenario.mapping.bisect_batch_on_function_error, FailureEdit::BisectBatchOnFunctionError)}
                {checkbox("report-batch-item-failures", "FunctionResponseTypes: ReportBatchItemFailures", scenario.mapping.reports_batch_item_failures(), FailureEdit::ReportBatchItemFailures)}
                <OnFailureInput arn={scenario.mapping.destination_config.on_failure_arn().map(AttrValue::from)} edit={edit.clone()} />
            </fieldset>
            <p class="help">{"* Models, not AWS facts: the retry delay (doubling per consecutive failure, up to a minute), a failure blocking only its own lane when ParallelizationFactor > 1, and the playground's limit of 100,000 failed invocations. Retries, bisect, record age, partial batch responses and the on-failure document follow AWS's guide. With the defaults (MaximumRetryAttempts -1, MaximumRecordAgeInSeconds -1) a failing record is retried until the stream's retention drops it."}</p>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct RuleEditorProps {
    index: usize,
    rule: FailureRule,
    edit: Callback<FailureEdit>,
}

/// One rule: its effect, what it matches, on which deliveries, and a Remove button.
#[function_component(RuleEditor)]
fn rule_editor(props: &RuleEditorProps) -> Html {
    let (index, rule) = (props.index, &props.rule);
    let kind = MatchKind::of(&rule.matches);
    let draft = use_state(|| MatchKind::text(&rule.matches));
    let error = use_state(|| None::<String>);
    {
        // The rule changed elsewhere (an example, a removal above): show its text.
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(rule.matches.clone(), move |matches| {
            if MatchKind::of(matches).parse(&draft).as_ref() != Ok(matches) {
                draft.set(MatchKind::text(matches));
                error.set(None);
            }
        });
    }
    let set = |change: fn(&mut FailureRule, &str)| {
        let (rule, edit) = (rule.clone(), props.edit.clone());
        Callback::from(move |e: Event| {
            let mut rule = rule.clone();
            change(
                &mut rule,
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            edit.emit(FailureEdit::SetRule(index, rule));
        })
    };
    let on_effect = set(|rule, id| {
        if let Some(effect) = effect_from_id(id) {
            rule.effect = effect;
        }
    });
    let on_kind = set(|rule, id| {
        if let Some(kind) = MatchKind::from_id(id) {
            rule.matches = kind.switch(&rule.matches);
        }
    });
    let on_attempts = set(|rule, id| {
        rule.attempts = if id == "first" {
            Attempts::First(1)
        } else {
            Attempts::Always
        };
    });
    let on_match = {
        let (rule, edit, draft, error) = (
            rule.clone(),
            props.edit.clone(),
            draft.clone(),
            error.clone(),
        );
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match kind.parse(&text) {
                Ok(matches) => {
                    error.set(None);
                    edit.emit(FailureEdit::SetRule(
                        index,
                        FailureRule {
                            matches,
                            ..rule.clone()
                        },
                    ));
                }
                Err(message) => error.set(Some(message)),
            }
            draft.set(text);
        })
    };
    let on_first = {
        let (rule, edit) = (rule.clone(), props.edit.clone());
        Callback::from(move |n: i64| {
            if let Ok(n) = u32::try_from(n) {
                edit.emit(FailureEdit::SetRule(
                    index,
                    FailureRule {
                        attempts: Attempts::First(n),
                        ..rule.clone()
                    },
                ));
            }
        })
    };
    let id = |name: &str| format!("rule-{index}-{name}");
    let option = |value: &'static str, label: &'static str, selected: bool| {
        html! { <option {value} {selected}>{label}</option> }
    };
    let error_id = id("match-error");
    html! {
        <div class="failure-rule" id={id("row")} role="group" aria-label={format!("Failure rule {}", index + 1)}>
            <label for={id("effect")}>{format!("Rule {}: the function", index + 1)}
                <select id={id("effect")} onchange={on_effect}>
                    {option("error", "throws an error", effect_id(rule.effect) == "error")}
                    {option("timeout", "runs until its Timeout", effect_id(rule.effect) == "timeout")}
                    {option("partial", "reports it in batchItemFailures", effect_id(rule.effect) == "partial")}
                </select>
            </label>
            <label for={id("match-kind")}>{"for a record whose"}
                <select id={id("match-kind")} onchange={on_kind}>
                    {for MatchKind::ALL.into_iter().map(|k| option(k.id(), k.label(), k == kind))}
                </select>
            </label>
            <label for={id("match")}>{"value"}
                <input id={id("match")} type="text" value={(*draft).clone()} oninput={on_match}
                       aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| error_id.clone())} />
                if let Some(message) = (*error).clone() {
                    <span id={error_id.clone()} class="field-error" role="alert">{message}</span>
                }
            </label>
            <label for={id("attempts")}>{"on"}
                <select id={id("attempts")} onchange={on_attempts}>
                    {option("always", "every delivery (poison)", rule.attempts == Attempts::Always)}
                    {option("first", "its first N deliveries", rule.attempts != Attempts::Always)}
                </select>
            </label>
            if let Attempts::First(n) = rule.attempts {
                <NumberInput id={id("first")} label="N" value={i64::from(n)} range={1..=i64::from(u32::MAX)} on_change={on_first} />
            }
            <button type="button" id={id("remove")} onclick={props.edit.reform(move |_| FailureEdit::RemoveRule(index))}
                    aria-label={format!("Remove rule {}", index + 1)}>{"Remove"}</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OnFailureInputProps {
    arn: Option<AttrValue>,
    edit: Callback<FailureEdit>,
}

/// The OnFailure destination's ARN: applied while it is one AWS accepts (or empty: none), else
/// AWS's message at the field.
#[function_component(OnFailureInput)]
fn on_failure_input(props: &OnFailureInputProps) -> Html {
    let draft = use_state(|| props.arn.as_deref().unwrap_or_default().to_owned());
    let error = use_state(|| None::<String>);
    {
        let (draft, error) = (draft.clone(), error.clone());
        use_effect_with(props.arn.clone(), move |arn| {
            // The ARN changed elsewhere (an example, a pasted mapping): show it.
            let arn = arn.as_deref().unwrap_or_default();
            if draft.trim() != arn {
                draft.set(arn.to_owned());
                error.set(None);
            }
        });
    }
    let oninput = {
        let (edit, draft, error) = (props.edit.clone(), draft.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            let arn = text.trim().to_owned();
            if arn.is_empty() {
                error.set(None);
                edit.emit(FailureEdit::OnFailure(None));
            } else if let Some(message) = on_failure_error(&arn) {
                error.set(Some(message));
            } else {
                error.set(None);
                edit.emit(FailureEdit::OnFailure(Some(arn)));
            }
            draft.set(text);
        })
    };
    html! {
        <label for="on-failure-arn" class="arn">{"DestinationConfig.OnFailure (SQS, SNS or S3 ARN; empty: none)"}
            <input id="on-failure-arn" type="text" placeholder="arn:aws:sqs:us-east-1:123456789012:my-dlq"
                   value={(*draft).clone()} {oninput}
                   aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then_some("on-failure-arn-error")} />
            if let Some(message) = (*error).clone() {
                <span id="on-failure-arn-error" class="field-error" role="alert">{message}</span>
            }
        </label>
    }
}
