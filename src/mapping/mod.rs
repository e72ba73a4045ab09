//! The Lambda event source mapping for Kinesis: its settings, the simulation of lanes, batches and
//! execution environments (with failures, retries and discards), and the exact event JSON each
//! invocation receives.

pub mod config;
pub mod destination;
pub mod engine;
pub mod environments;
pub mod event;
pub mod failures;
pub mod filter;

pub use config::{Consumer, FunctionModel, MappingConfig, StartingPosition};
pub use destination::{DestinationConfig, DiscardReason, FunctionResponseType};
pub use engine::{
    lane_of, AttemptResult, Batch, Blockage, CloseReason, Discard, MappingRun, RecordFate,
    StreamEntry,
};
pub use event::{EventSource, KinesisEventRecord};
pub use failures::FailureRules;
