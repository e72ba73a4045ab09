//! The Lambda event source mapping for Kinesis: its settings, the simulation of lanes, batches and
//! execution environments, and the exact event JSON each invocation receives.

pub mod config;
pub mod engine;
pub mod environments;
pub mod event;
pub mod filter;

pub use config::{FunctionModel, MappingConfig, StartingPosition};
pub use engine::{lane_of, Batch, CloseReason, MappingRun, StreamEntry};
pub use event::{EventSource, KinesisEventRecord};
