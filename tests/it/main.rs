//! Integration tests, one crate (one link step) named after what a user can rely on.

mod cli_contract;
mod hash_keys_match_python_hashlib;
mod mapping_engine_invariants;
mod resharding_follows_aws;
mod router_matches_aws_layouts;
mod support;
