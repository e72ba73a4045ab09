//! Share links come from anyone: decoding any fragment, and reading its view options, must return,
//! never panic. A link that decodes holds a valid scenario whose own link decodes back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shardlane::share;

fuzz_target!(|fragment: &str| {
    let options = share::view_options(fragment, fragment);
    if let Some(panel) = &options.panel {
        assert!(["records", "timeline", "insights"].contains(&panel.as_str()));
    }
    if let Ok(scenario) = share::decode(fragment) {
        assert_eq!(share::validate(&scenario), Ok(()));
        assert_eq!(
            share::decode(&share::encode(&scenario)),
            Ok(scenario.clone())
        );
        let _ = scenario.language();
        let _ = scenario.stream_layout();
        let _ = scenario.carried_records();
    }
});
