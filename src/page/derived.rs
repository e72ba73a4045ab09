//! What the page computes from its state rather than stores: the simulation of the shown run and
//! the Lambda event of an invocation. `Shared` keeps such large results cheap to hand around.

use crate::layout::StreamLayout;
use crate::mapping::{EventSource, FunctionModel, MappingConfig};
use crate::producers::ProducerRun;
use crate::record::DEFAULT_STREAM_NAME;
use crate::simulation::{simulate, Simulation, SimulationInput};
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

/// Simulates the shown run on `layout` under the scenario's mapping and function model.
pub fn simulate_run(
    run: &ProducerRun,
    layout: &StreamLayout,
    mapping: &MappingConfig,
    function: &FunctionModel,
) -> Simulation {
    let source = event_source(run);
    simulate(&SimulationInput::new(
        &run.records,
        layout,
        mapping,
        function,
        &source,
    ))
}

/// The Lambda event of invocation `batch` of a simulation made by [`simulate_run`].
pub fn event_json(
    simulation: &Simulation,
    run: &ProducerRun,
    layout: &StreamLayout,
    mapping: &MappingConfig,
    function: &FunctionModel,
    batch: usize,
) -> String {
    let source = event_source(run);
    let input = SimulationInput::new(&run.records, layout, mapping, function, &source);
    simulation.event_json(&input, batch)
}
