//! Pasted `aws kinesis list-shards` / `describe-stream` JSON (the layout box, `--layout`, a link's
//! layout): read into a layout or a located diagnostic; a layout read is routed, checked for gaps,
//! simulated, and written back as list-shards JSON that reads to the same shards.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use shardlane::page::{misplaced_paste, PasteBox};
use shardlane::{HashKey, ProducedRecord, Router, StreamLayout};

fuzz_target!(|text: &str| {
    let _ = misplaced_paste(text, PasteBox::Layout);
    let Ok(layout) = StreamLayout::from_aws_json(text) else {
        return;
    };
    let _ = layout.coverage_problems();
    let router = Router::new(&layout);
    for key in [0, 1, u128::MAX / 2, u128::MAX - 1, u128::MAX] {
        if let Some(shard) = router.route(HashKey(key)) {
            assert!(layout.shards[shard].range.contains(HashKey(key)));
        }
    }
    let written = layout.to_list_shards_json().to_string();
    let again = StreamLayout::from_aws_json(&written).expect("its own list-shards JSON reads");
    assert_eq!(again.shards, layout.shards);
    if layout.shards.len() <= 64 {
        let records: Vec<ProducedRecord> = ["a", "b", "user-1", "user-2", "k"]
            .iter()
            .map(|k| ProducedRecord::new(*k, b"{}".to_vec()))
            .collect();
        let mapping = common::mapping(text.len());
        common::simulate_records(
            &records,
            &layout,
            &mapping,
            &Default::default(),
            &common::failures(text.len() / 3, &mapping),
        );
    }
});
