//! What the page computes from its state rather than stores: the simulation of the shown run, the
//! Lambda event of an invocation and the document an on-failure destination receives. `Shared` keeps such large results cheap to hand around.

use crate::layout::StreamLayout;
use crate::mapping::failures::FailureRules;
use crate::mapping::{EventSource, FunctionModel, MappingConfig};
use crate::producers::ProducerRun;
use crate::record::DEFAULT_STREAM_NAME;
use crate::simulation::{simulate, RecordKeys, Simulation, SimulationInput};
use std::rc::Rc;

/// A large value (a producer run, a simulation) compared by identity: a new result is a new
/// `Shared`. Comparing 100,000 records by value on every render would cost more than drawing them.
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The stream the records were put to, for the Lambda event's source ARN.
fn event_source(run: &ProducerRun) -> EventSource {
    EventSource {
        stream_name: run
            .records
            .first()
            .map_or_else(|| DEFAULT_STREAM_NAME.into(), |r| r.stream.clone()),
        ..EventSource::default()
    }
}

/// What a simulation of the shown run depends on besides its records and layout: the scenario's
/// mapping, function model and failure rules.
#[derive(Clone, Copy, Debug)]
pub struct RunSettings<'a> {
    pub mapping: &'a MappingConfig,
    pub function: &'a FunctionModel,
    pub failures: &'a FailureRules,
}

impl<'a> RunSettings<'a> {
    pub fn of(scenario: &'a crate::scenario::Scenario) -> RunSettings<'a> {
        RunSettings {
            mapping: &scenario.mapping,
            function: &scenario.function,
            failures: &scenario.failures,
        }
    }
}

fn input<'a>(
    run: &'a ProducerRun,
    layout: &'a StreamLayout,
    settings: RunSettings<'a>,
    source: &'a EventSource,
) -> SimulationInput<'a> {
    SimulationInput::new(
        &run.records,
        layout,
        settings.mapping,
        settings.function,
        source,
    )
    .with_failures(settings.failures)
}

/// Simulates the shown run on `layout` under the scenario's mapping, function model and failure
/// rules.
pub fn simulate_run(
    run: &ProducerRun,
    layout: &StreamLayout,
    settings: RunSettings<'_>,
) -> Simulation {
    let source = event_source(run);
    simulate(&input(run, layout, settings, &source))
}

/// What the simulations of `run` share whatever the layout and settings (its records validated
/// and hashed, see [`RecordKeys`]): the page computes it once per run.
pub fn run_keys(run: &ProducerRun) -> RecordKeys {
    RecordKeys::of(&run.records, &event_source(run))
}

/// [`simulate_run`] from the run's [`run_keys`]: a change of layout, mapping, function or failures
/// re-routes and re-runs the mapping without validating or hashing the records again. The result
/// is the same as [`simulate_run`]'s (`tests/it/page_state_rules.rs` holds them equal).
pub fn simulate_run_with_keys(
    run: &ProducerRun,
    keys: &RecordKeys,
    layout: &StreamLayout,
    settings: RunSettings<'_>,
) -> Simulation {
    let source = event_source(run);
    simulate(&input(run, layout, settings, &source).with_keys(keys))
}

/// The Lambda event of invocation `batch` of a simulation made by [`simulate_run`] (an invocation
/// that does not exist gives an empty event, never a panic).
pub fn event_json(
    simulation: &Simulation,
    run: &ProducerRun,
    layout: &StreamLayout,
    settings: RunSettings<'_>,
    batch: usize,
) -> String {
    if batch >= simulation.mapping.batches.len() {
        return "{\"Records\":[]}".to_owned();
    }
    let source = event_source(run);
    simulation.event_json(&input(run, layout, settings, &source), batch)
}

/// The document the on-failure destination receives for discarded batch `discard` of a
/// simulation made by [`simulate_run`]; `None` without an `OnFailure` destination (or no such
/// discard).
pub fn on_failure_document(
    simulation: &Simulation,
    run: &ProducerRun,
    layout: &StreamLayout,
    settings: RunSettings<'_>,
    discard: usize,
) -> Option<String> {
    let source = event_source(run);
    simulation.on_failure_document(&input(run, layout, settings, &source), discard)
}
