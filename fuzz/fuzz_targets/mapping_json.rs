//! Pasted `aws lambda get-event-source-mapping` JSON (and list-event-source-mappings), its
//! FilterCriteria patterns, the CLI's `--destination-config` JSON, and the paste recogniser and
//! advice that send a paste to the right box. A mapping read writes back to JSON that reads to the
//! same mapping, and records go through its filters and the whole simulation.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::mapping::{DestinationConfig, MappingConfig};
use shardlane::page::{misplaced_paste, PasteBox};
use shardlane::{ProducedRecord, StreamLayout};

fuzz_target!(|text: &str| {
    let kind = shardlane::paste::recognise(text);
    for target in [PasteBox::Code, PasteBox::Mapping, PasteBox::Layout] {
        let advice = misplaced_paste(text, target);
        assert!(kind.is_some() || advice.is_none());
    }
    let _ = shardlane::paste::first_mapping(text);
    if let Ok(destination) = serde_json::from_str::<DestinationConfig>(text) {
        let _ = destination.validate();
    }
    let Ok(mapping) = MappingConfig::from_aws_json(text) else {
        return;
    };
    let written = serde_json::to_string(&mapping).expect("a mapping serializes");
    assert_eq!(MappingConfig::from_aws_json(&written), Ok(mapping.clone()));
    let Ok(filters) = mapping.filters() else {
        return;
    };
    let records: Vec<ProducedRecord> = [
        ("a", &br#"{"type": "c", "n": 5, "tags": ["x", "y"]}"#[..]),
        ("user-1", br#"{"type": "d", "n": -1.5, "bad": true}"#),
        ("b", b"not json"),
        ("user-2", br#"[1, {"type": null}]"#),
    ]
    .iter()
    .map(|(k, d)| ProducedRecord::new(*k, d.to_vec()))
    .collect();
    for record in &records {
        let _ = filters.matches(&record.data);
    }
    let layout = StreamLayout::uniform(2).expect("two shards");
    common::simulate_records(
        &records,
        &layout,
        &mapping,
        &Default::default(),
        &common::failures(text.len(), &mapping),
    );
});
