//! Pasted AWS CLI lines (`aws kinesis put-record(s)`, `sleep`): read into records or located
//! diagnostics, and the records go through the whole simulation.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let run = shardlane::producers::aws_cli::parse_aws_cli(text);
    common::simulate_on_uniform(&run.records, 4, text.len());
});
