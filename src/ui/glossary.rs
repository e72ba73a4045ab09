//! The glossary at the foot of the results and the "?" beside each term that opens it at that
//! term. Buttons, not `#term` links: the URL fragment holds the scenario.

use crate::page::{glossary_entry, terms_in, GLOSSARY};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TermProps {
    /// A [`GLOSSARY`] entry's id.
    pub id: AttrValue,
    /// Shows the term's name before the "?" (after a sentence, where several terms follow it).
    #[prop_or_default]
    pub named: bool,
}

/// A small "?" that opens the glossary at the term and moves focus there.
#[function_component(Term)]
pub fn term(props: &TermProps) -> Html {
    let Some(entry) = glossary_entry(&props.id) else {
        return html! {};
    };
    let id = entry.id;
    let onclick = Callback::from(move |event: MouseEvent| {
        event.stop_propagation();
        open_at(id);
    });
    html! {
        <button type="button" class="term" {onclick} title={entry.meaning}
                aria-label={format!("What is {}?", entry.term)}>
            if props.named {
                {format!("{} ", short_name(entry.term))}
            }
            {"?"}</button>
    }
}

/// "Lane (our word, a model)" → "lane"; "Hash key, hash key space" → "hash key".
fn short_name(term: &str) -> String {
    let cut = term.find([',', '(']).map_or(term, |at| &term[..at]).trim();
    if cut.chars().next().is_some_and(|c| c.is_uppercase())
        && cut.chars().skip(1).any(|c| c.is_uppercase())
    {
        cut.to_owned()
    } else {
        cut.to_lowercase()
    }
}

fn open_at(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(glossary) = document
        .get_element_by_id("glossary")
        .and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
    {
        glossary.set_open(true);
    }
    if let Some(term) = document
        .get_element_by_id(&format!("term-{id}"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        term.scroll_into_view();
        let _ = term.focus();
    }
}

/// Every term the page uses, defined.
#[function_component(Glossary)]
pub fn glossary() -> Html {
    html! {
        <details id="glossary" class="glossary">
            <summary>{"Glossary: the words on this page"}</summary>
            <dl>
                {for GLOSSARY.iter().map(|entry| html! {
                    <>
                        <dt id={format!("term-{}", entry.id)} tabindex="-1">{entry.term}</dt>
                        <dd>{entry.meaning}</dd>
                    </>
                })}
            </dl>
        </details>
    }
}

/// A sentence of the core's, followed by a "?" for each glossary term it uses.
pub fn with_terms(sentence: &str) -> Html {
    html! {
        <>
            {sentence.to_owned()}
            {for terms_in(sentence).into_iter().map(|id| html! { <>{" "}<Term id={id} named=true /></> })}
        </>
    }
}

/// A label followed by a bare "?" for each glossary term it uses (where the label names it).
pub fn marked(label: &str) -> Html {
    html! {
        <>
            {label.to_owned()}
            {for terms_in(label).into_iter().map(|id| html! { <>{" "}<Term id={id} /></> })}
        </>
    }
}
