//! What a share link inflates to (the scenario's JSON) is chosen by whoever made the link, and
//! opening the link simulates it with no click. Any JSON must be refused or opened, validated,
//! simulated with its carried records on its layout, and re-encoded to a link that decodes to the
//! same scenario.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::page::{simulate_run, PageState, RunSettings};
use shardlane::scenario::Scenario;
use shardlane::share::{self, ViewOptions};

/// Uniform layouts above this many shards are valid but only read, to keep each run fast.
const MAX_SIMULATED_SHARDS: usize = 256;

fuzz_target!(|json: &[u8]| {
    let Ok(scenario) = serde_json::from_slice::<Scenario>(json) else {
        return;
    };
    if share::validate(&scenario).is_err() {
        return;
    }
    assert_eq!(
        share::decode(&share::encode(&scenario)),
        Ok(scenario.clone())
    );
    let Ok(layout) = scenario.stream_layout() else {
        return;
    };
    if layout.shards.len() > MAX_SIMULATED_SHARDS {
        return;
    }
    let state = PageState::open(scenario, None, ViewOptions::default());
    if state.shown.records.len() > common::MAX_SIMULATED {
        return;
    }
    let simulation = simulate_run(&state.shown, &layout, RunSettings::of(&state.scenario));
    assert_eq!(simulation.outcomes.len(), state.shown.records.len());
    let _ = state.status_line();
});
