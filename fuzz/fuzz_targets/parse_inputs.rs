//! Pasted JSON, layouts and shell lines come from anyone: every reader must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = shardlane::input::parse_records_json(text);
    let _ = shardlane::layout::StreamLayout::from_aws_json(text);
    let _ = shardlane::mapping::MappingConfig::from_aws_json(text);
    let _ = shardlane::producers::aws_cli::parse_aws_cli(text);
    let _ = shardlane::producers::harness::parse_harness_output(text);
    let _ = shardlane::producers::detect_language(text);
});
