//! Shardlane: where each Kinesis record goes, and which Lambda invocation processes it.
//!
//! The crate is a pure core plus thin front ends. The core turns producer records into placements
//! and invocations:
//!
//! ```text
//! ProducedRecord ─► validate (limits: the put call's request checks)
//!                ─► place (HashKey: MD5, or ExplicitHashKey; Router over a StreamLayout ─► shard)
//!                ─► throttle (limits: per-shard rates)
//!                ─► number and filter (sequence numbers; the mapping's FilterCriteria)
//!                ─► run the mapping (lanes, batches, environments, event JSON)
//!                ─► insights
//! ```
//!
//! `simulation::simulate` is exactly that list of stages, each a function of its own.
//!
//! Core modules never touch the browser or do I/O; they build and test natively and for wasm32.
//! `src/bin/shardlane/` (the CLI) and `src/ui` (the Yew page, wasm only) are the glue.

pub mod diagnostic;
pub mod dynamodb;
pub mod examples;
pub mod hash_key;
pub mod input;
pub mod layout;
pub mod limits;
pub mod mapping;
pub mod multi_md5;
pub mod page;
pub mod paste;
pub mod producers;
pub mod record;
pub mod router;
pub mod scenario;
pub mod share;
pub mod simulation;

#[cfg(target_arch = "wasm32")]
pub mod ui;

pub use diagnostic::{AwsError, Diagnostic};
pub use hash_key::HashKey;
pub use layout::StreamLayout;
pub use record::ProducedRecord;
pub use router::Router;
pub use simulation::{simulate, Simulation, SimulationInput};
