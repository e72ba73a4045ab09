//! DynamoDB Streams → Lambda: the table-writing half of the playground, beside the Kinesis one.
//!
//! A producer's DynamoDB API calls (`writes`, JSON Lines) run on a table (`table`: key schema and
//! stream view type from `describe-table` JSON) whose items (`attribute`) change as DynamoDB
//! changes them (`state`, with the `expression` subset); every change that modifies an item
//! becomes a stream record, placed in a stream shard (`shards`, MODEL) and read by the existing
//! event source mapping engine (`simulate`), which delivers the Lambda DynamoDB event (`event`).
//!
//! What is DOC, OBS and MODEL is in docs/SEMANTICS.md, "DynamoDB Streams". Pure: no I/O.

pub mod attribute;
pub mod aws_cli;
pub mod event;
pub mod expression;
pub mod shards;
pub mod simulate;
pub mod state;
pub mod table;
pub mod writes;

pub use attribute::{AttributeValue, Item, Number};
pub use shards::{ShardModel, StreamShards, SHARD_MODEL_LABEL};
pub use simulate::{simulate_dynamodb, DynamoDbInput, DynamoDbSimulation, StreamRecord};
pub use state::{Change, EventName, Refusal, TableRun, TimeToLive};
pub use table::{StreamViewType, TableDefinition};
pub use writes::{calls_from_harness_answer, parse_writes, WriteCall};
