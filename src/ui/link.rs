//! The page's side of share links: read the scenario from the URL fragment at start, keep the
//! fragment in step with the scenario (replaceState: no history spam), and build the links the
//! share menu copies.

use super::app::Page;
use crate::page::link_scenario;
use crate::scenario::Scenario;
use crate::share::{decode, encode, LinkError, TooLargeForLink};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The scenario to start with, and the banner to show when the link could not be read.
pub fn initial_scenario() -> (Scenario, Option<String>) {
    let fragment = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    match decode(&fragment) {
        Ok(scenario) => (scenario, None),
        Err(LinkError::Empty) => (Scenario::default(), None),
        Err(error) => (
            Scenario::default(),
            Some(format!(
                "This link could not be opened — {error}. Showing the default scenario instead."
            )),
        ),
    }
}

/// Puts the scenario in the address bar without adding a history entry; a scenario no link can
/// carry takes the old one out, so that a reload never brings back an older scenario.
pub fn write_fragment(fragment: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let address = match fragment {
        Some(fragment) => format!("#{fragment}"),
        // The page's own absolute address (a path such as `//host/…` would read as another
        // origin's), its query kept.
        None => format!(
            "{}{}",
            page_base(),
            window.location().search().unwrap_or_default()
        ),
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// This page's origin and path: what share links are built on (never the query string, which
/// whoever sent the page chose).
pub fn page_base() -> String {
    location()
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default()
}

/// What the Share menu copies for `fragment`.
pub fn share_snippets(fragment: &str) -> crate::share::ShareSnippets {
    crate::share::snippets(&page_base(), fragment)
}

/// `embed`, `readonly` and `panel` from this page's fragment and query.
pub fn view_options() -> crate::share::ViewOptions {
    let location = location();
    let fragment = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    crate::share::view_options(&fragment, &query)
}

/// The full app's URL for a scenario (no embed parameters), for an embed's "Open in Shardlane"
/// (the bare app when no link can carry the scenario).
pub fn open_in_app_url(scenario: &Scenario) -> String {
    encode(scenario).map_or_else(|_| page_base(), |fragment| share_snippets(&fragment).url)
}

/// The share link of the page's state: the scenario it holds, and its fragment as last written.
#[derive(Clone)]
pub struct ShareLink {
    pub linked: Rc<Scenario>,
    /// Trails edits by [`FRAGMENT_DELAY_MS`]; [`ShareLink::write_now`] catches up.
    pub fragment: Result<String, TooLargeForLink>,
    embed: bool,
    set_fragment: UseStateSetter<Result<String, TooLargeForLink>>,
    pending: Rc<RefCell<Option<Timeout>>>,
}

impl PartialEq for ShareLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.linked, &other.linked) && self.fragment == other.fragment
    }
}

impl ShareLink {
    /// Encodes the scenario now, writes it to the address bar (never in an embed: the host page
    /// owns its URL) and returns the fragment.
    pub fn write_now(&self) -> Result<String, TooLargeForLink> {
        self.pending.borrow_mut().take();
        self.write()
    }

    fn write(&self) -> Result<String, TooLargeForLink> {
        let encoded = encode(&self.linked);
        if !self.embed {
            write_fragment(encoded.as_deref().ok());
        }
        self.set_fragment.set(encoded.clone());
        encoded
    }
}

/// Quiet time after a change before the URL fragment is rewritten: DEFLATE of a large paste takes
/// tens of milliseconds, which must not delay drawing.
const FRAGMENT_DELAY_MS: u32 = 250;

/// Keeps the address bar's fragment in step with the page's state, once edits pause.
#[hook]
pub fn use_share_link(page: &Page) -> ShareLink {
    let linked = use_memo(page.link_source(), |(bare, carried)| {
        link_scenario(bare, carried.as_deref())
    });
    let fragment = use_state(|| encode(&linked));
    let pending = use_mut_ref(|| None::<Timeout>);
    let link = ShareLink {
        linked: linked.clone(),
        fragment: (*fragment).clone(),
        embed: page.view.embed,
        set_fragment: fragment.setter(),
        pending,
    };
    {
        let link = link.clone();
        use_effect_with(linked, move |_| {
            let writer = link.clone();
            // The timer writes without cancelling itself: a timer must not drop its own closure.
            *link.pending.borrow_mut() = Some(Timeout::new(FRAGMENT_DELAY_MS, move || {
                let _ = writer.write();
            }));
        });
    }
    link
}
