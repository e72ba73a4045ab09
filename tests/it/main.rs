//! Integration tests, one crate (one link step) named after what a user can rely on. They run
//! natively (they start processes); `tests/web.rs` covers the core in the browser.
#![cfg(not(target_arch = "wasm32"))]

mod arrival_times_stay_in_range;
mod cached_record_keys_simulate_as_fresh;
mod chunked_simulation_matches_simulate;
mod cli_contract;
mod cli_reports_failures;
mod cli_runs_code_producers;
mod cli_simulate_streams;
mod cli_simulates_dynamodb;
mod code_that_is_not_a_producer;
mod dynamodb_event_matches_aws_sample;
mod dynamodb_failures;
mod dynamodb_producers;
mod dynamodb_readers_never_panic;
mod dynamodb_stream_invariants;
mod failure_invariants;
mod failure_scenarios;
mod hash_keys_match_python_hashlib;
mod lambda_mapping_scenarios;
mod mapping_engine_invariants;
mod multi_md5_matches_md5;
mod on_failure_destination;
mod page_state_rules;
mod python_producers_run_as_in_cpython;
mod python_syntax_errors_match_cpython;
mod reading_scenarios;
mod resharding_follows_aws;
mod router_matches_aws_layouts;
mod routing_partitions_the_hash_space;
mod service_model_spec;
mod share_links;
mod support;
mod tumbling_windows;
