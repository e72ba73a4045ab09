//! Share links come from anyone: decoding any fragment must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|fragment: &str| {
    let _ = shardlane::share::decode(fragment);
    let _ = shardlane::share::view_options(fragment, fragment);
});
