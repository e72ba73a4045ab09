//! Pasted AWS CLI lines (`aws kinesis put-record(s)`, `sleep`): read into records or located
//! diagnostics. What the records cost downstream is fuzzed by `harness_output`, which simulates
//! records of any shape; here the reader's own promises are checked: `sleep` only moves the clock
//! forward and never past `MAX_ARRIVAL_MS`, and put calls are numbered in order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shardlane::record::MAX_ARRIVAL_MS;

fuzz_target!(|text: &str| {
    let run = shardlane::producers::aws_cli::parse_aws_cli(text);
    for pair in run.records.windows(2) {
        assert!(pair[0].arrival_ms <= pair[1].arrival_ms);
        assert!(pair[0].put_call <= pair[1].put_call);
    }
    if let Some(last) = run.records.last() {
        assert!(last.arrival_ms <= MAX_ARRIVAL_MS);
    }
});
