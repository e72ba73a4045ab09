//! The page's side of share links: read the scenario from the URL fragment at start, keep the
//! fragment in step with the scenario (replaceState: no history spam), and build the links the
//! share menu copies.

use crate::scenario::Scenario;
use crate::share::{decode, encode, LinkError};

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

/// Puts the scenario in the address bar without adding a history entry.
pub fn write_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{fragment}")),
        );
    }
}

/// The full URL of a scenario: this page's address with the scenario's fragment.
pub fn share_url(fragment: &str) -> String {
    let base = location()
        .and_then(|l| l.href().ok())
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default();
    format!("{base}#{fragment}")
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

/// The full app's URL for a scenario (no embed parameters), for an embed's "Open in Shardlane".
pub fn open_in_app_url(scenario: &Scenario) -> String {
    let base = location()
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}#{}", encode(scenario))
}
