//! A pasted script runs in a code engine and its answer comes back as harness JSON: the script
//! chose every field (keys, data, arrival times, put calls, lines). The page reads it, keeps it
//! as its run, and simulates it.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::page::{reduce, Action, EngineUpdate, PageState};
use shardlane::producers::harness::parse_harness_output;
use shardlane::scenario::Scenario;
use shardlane::share::ViewOptions;

fuzz_target!(|text: &str| {
    let Ok(run) = parse_harness_output(text) else {
        return;
    };
    common::simulate_on_uniform(&run.records, 3, text.len());
    if run.records.len() <= common::MAX_SIMULATED {
        let state = PageState::open(Scenario::default(), None, ViewOptions::default());
        let finished = Action::Engine {
            generation: state.generation,
            update: EngineUpdate::Finished(text.to_owned()),
        };
        if let Some(next) = reduce(&state, finished) {
            let _ = next.status_line();
        }
    }
});
