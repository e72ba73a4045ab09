//! The core in a real browser: wasm-bindgen-test runs these in headless Chromium, so hashing,
//! routing and the mapping engine are checked on the target the page really uses.
#![cfg(target_arch = "wasm32")]

use shardlane::examples::seed_records;
use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
use shardlane::{simulate, HashKey, Router, SimulationInput, StreamLayout};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn md5_hash_keys_match_aws_in_wasm() {
    assert_eq!(
        HashKey::from_partition_key("100").to_string(),
        "330443362254714811278522520670919771869"
    );
    assert_eq!(
        HashKey::from_partition_key("日本").to_hex(),
        "4dbed2e657457884e67137d3514119b3"
    );
    assert_eq!(
        HashKey::from_partition_key("😀").to_string(),
        "55842721998748738903166261021950683062"
    );
}

/// The simd128 kernel (this build enables it) against the scalar md-5 crate: every length from 0
/// to 600 bytes, ASCII and multi-byte UTF-8, in one batch of mixed lengths and in pairs.
#[wasm_bindgen_test]
fn simd128_md5_matches_md5_for_every_length_in_wasm() {
    use shardlane::multi_md5::Kernel;
    assert_eq!(Kernel::best(), Kernel::Simd128);
    assert_eq!(Kernel::available(), [Kernel::Scalar, Kernel::Simd128]);
    let characters = ['a', 'é', '日', '😀'];
    let text = |len: usize| {
        let mut text = String::new();
        for c in characters.iter().cycle() {
            if text.len() + c.len_utf8() > len {
                break;
            }
            text.push(*c);
        }
        let padding = "z".repeat(len - text.len());
        text + &padding
    };
    let mut messages: Vec<String> = (0..=600)
        .flat_map(|len| [text(len), "x".repeat(len)])
        .collect();
    messages.rotate_left(301);
    let check = |messages: &[String]| {
        let mut simd = vec![[0; 16]; messages.len()];
        Kernel::Simd128.digests_into(|i| messages[i].as_bytes(), &mut simd);
        let mut scalar = vec![[0; 16]; messages.len()];
        Kernel::Scalar.digests_into(|i| messages[i].as_bytes(), &mut scalar);
        for (i, (s, r)) in simd.iter().zip(&scalar).enumerate() {
            assert_eq!(s, r, "message {i} of {} bytes", messages[i].len());
        }
    };
    check(&messages);
    for pair in messages.chunks(2) {
        check(pair);
    }
    assert_eq!(
        HashKey::from_partition_keys(&["100", "日本", "😀"]),
        ["100", "日本", "😀"].map(HashKey::from_partition_key)
    );
}

#[wasm_bindgen_test]
fn seed_scenario_routes_as_aws_in_wasm() {
    let layout = StreamLayout::uniform(3).unwrap();
    let router = Router::new(&layout);
    let shard_of = |key: &str| {
        layout.shards[router.route(HashKey::from_partition_key(key)).unwrap()]
            .id
            .clone()
    };
    assert_eq!(shard_of("100"), "shardId-000000000002");
    assert_eq!(shard_of("101"), "shardId-000000000000");
    assert_eq!(shard_of("102"), "shardId-000000000002");
    assert_eq!(shard_of("103"), "shardId-000000000001");
}

#[wasm_bindgen_test]
fn mapping_engine_runs_in_wasm() {
    let records = seed_records();
    let layout = StreamLayout::uniform(3).unwrap();
    let mapping = MappingConfig {
        batch_size: 500,
        ..MappingConfig::default()
    };
    let (function, source) = (FunctionModel::default(), EventSource::default());
    let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
    let simulation = simulate(&input);
    assert_eq!(simulation.mapping.batches.len(), 3);
    assert_eq!(simulation.insights.concurrency_ceiling, 3);
    let event: serde_json::Value = serde_json::from_str(&simulation.event_json(&input, 0)).unwrap();
    assert_eq!(event["Records"][0]["eventSource"], "aws:kinesis");
}

/// Not a test but the browser half of the router benchmark (DESIGN.md budget: wasm ≥ 0.6× native
/// and ≥ 10× Python; `benches/route_wasm_vs_python.sh` runs it beside the Python script). Run it
/// with `cargo test --release --target wasm32-unknown-unknown --test web -- --include-ignored --nocapture bench_`.
#[wasm_bindgen_test]
#[ignore]
fn bench_route_one_million_keys_in_the_browser() {
    use shardlane::multi_md5::Kernel;
    let keys: Vec<String> = (0..1_000_000).map(|i| format!("user-{i}")).collect();
    let layout = StreamLayout::uniform(4).unwrap();
    let router = Router::new(&layout);
    // The scalar md-5 crate one key at a time (as before the simd128 kernel), then the page's
    // way: the multi-buffer kernel over slices of 4096 keys. Best of three runs each.
    let scalar = || {
        let mut checksum = 0usize;
        for key in &keys {
            checksum += router.route(HashKey::from_partition_key(key)).unwrap_or(0);
        }
        checksum
    };
    let simd = || {
        let mut checksum = 0usize;
        let mut digests = vec![[0u8; 16]; 4096];
        for chunk in keys.chunks(4096) {
            let digests = &mut digests[..chunk.len()];
            Kernel::Simd128.digests_into(|i| chunk[i].as_bytes(), digests);
            for digest in digests.iter() {
                checksum += router
                    .route(HashKey(u128::from_be_bytes(*digest)))
                    .unwrap_or(0);
            }
        }
        checksum
    };
    for (name, route_all) in [
        ("scalar md-5", &scalar as &dyn Fn() -> usize),
        ("simd128", &simd),
    ] {
        let mut best = f64::INFINITY;
        let mut checksum = 0;
        for _ in 0..3 {
            let began = js_sys::Date::now();
            checksum = route_all();
            best = best.min((js_sys::Date::now() - began) / 1000.0);
        }
        wasm_bindgen_test::console_log!(
            "wasm route ({name}): 1000000 keys in {best:.3} s = {:.0} keys/s (checksum {checksum})",
            1e6 / best
        );
    }
}

/// The page, rendered by Yew into a fresh element of this document, once it has drawn.
async fn mounted_page() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    shardlane::ui::mount(root.clone());
    gloo_timers::future::TimeoutFuture::new(300).await;
    root
}

/// The page itself, rendered by Yew in the browser: the default scenario's table and insights.
#[wasm_bindgen_test]
async fn the_page_renders_the_default_scenario() {
    use wasm_bindgen::JsCast;
    let root = mounted_page().await;
    let rows = root.query_selector_all("#records-table tbody tr").unwrap();
    assert_eq!(rows.length(), 8);
    let first = rows
        .item(0)
        .unwrap()
        .dyn_into::<web_sys::Element>()
        .unwrap();
    let text = |selector: &str| {
        first
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(text(".key"), "100");
    assert_eq!(text(".shard"), "shardId-000000000002");
    let findings = root
        .query_selector(".findings")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(findings.contains("Concurrency ceiling 3"), "{findings}");
    // The model labels are on screen.
    assert!(root.text_content().unwrap().contains("A model"));
}

/// Not a test but the browser half of the simulation benchmark (DESIGN.md budget: 100 k records
/// re-routed within 50 ms). Run it like the routing bench above. The page's case: 100,000
/// distinct keys under the default mapping with a 900 s timeout, re-simulated from the run's
/// cached `RecordKeys` (what a shard-count change costs), beside a fresh simulation.
#[wasm_bindgen_test]
#[ignore]
fn bench_simulate_100k_records_in_the_browser() {
    use shardlane::simulation::RecordKeys;
    let records: Vec<shardlane::ProducedRecord> = (0..100_000)
        .map(|i| shardlane::ProducedRecord::new(format!("device-{i}"), Vec::new()))
        .collect();
    let mapping = MappingConfig::default();
    let function = FunctionModel {
        timeout_ms: 900_000,
        ..FunctionModel::default()
    };
    let source = EventSource::default();
    let time = |f: &mut dyn FnMut() -> usize| {
        let began = js_sys::Date::now();
        let batches = f();
        (js_sys::Date::now() - began, batches)
    };
    let (keys_ms, _) = time(&mut || {
        RecordKeys::of(&records, &source)
            .clone()
            .eq(&RecordKeys::of(&records[..1], &source)) as usize
    });
    let keys = RecordKeys::of(&records, &source);
    wasm_bindgen_test::console_log!(
        "wasm RecordKeys::of twice (100000 records, validate + hash + event sizes): {keys_ms} ms"
    );
    for shards in [4, 64] {
        let layout = StreamLayout::uniform(shards).unwrap();
        // The page re-simulates on every edit: report the first run (the engine still tiering
        // up) and the best of five, fresh and from cached keys.
        for cached in [false, true] {
            let mut times = Vec::new();
            let mut batches = 0;
            for _ in 0..5 {
                let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
                let input = if cached {
                    input.with_keys(&keys)
                } else {
                    input
                };
                let (ms, count) = time(&mut || simulate(&input).mapping.batches.len());
                times.push(ms);
                batches = count;
            }
            wasm_bindgen_test::console_log!(
                "wasm simulate{}: 100000 distinct keys, {shards} shards: first {} ms, best {} ms ({batches} batches)",
                if cached { " from cached keys" } else { "" },
                times[0],
                times.iter().copied().fold(f64::INFINITY, f64::min),
            );
        }
    }
}

/// The panic hook's banner: plain DOM, so it works after the wasm instance has died.
#[wasm_bindgen_test]
fn a_crash_shows_a_banner_with_a_reload_button() {
    let document = web_sys::window().unwrap().document().unwrap();
    shardlane::ui::show_crash_banner("index out of bounds");
    let banner = document.query_selector(".crash-banner").unwrap().unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap();
    assert!(
        text.contains("because of a bug: index out of bounds"),
        "{text}"
    );
    let button = banner.query_selector("button").unwrap().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
    assert_eq!(
        button.get_attribute("onclick").as_deref(),
        Some("location.reload()")
    );
    banner.remove();
}

/// Without the editor bundle the page keeps a plain textarea: editing it re-reads and re-routes.
#[wasm_bindgen_test]
async fn editing_the_fallback_textarea_reroutes_the_records() {
    use wasm_bindgen::JsCast;
    let root = mounted_page().await;
    let code: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea#code")
        .unwrap()
        .expect("the fallback editor")
        .dyn_into()
        .unwrap();
    code.set_value("100\n101\n102\n103\n");
    let input = web_sys::InputEvent::new("input").unwrap();
    code.dispatch_event(&input).unwrap();
    gloo_timers::future::TimeoutFuture::new(200).await;
    let cells = |class: &str| {
        let nodes = root
            .query_selector_all(&format!("#records-table tbody td.{class}"))
            .unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(cells("key"), ["100", "101", "102", "103"]);
    let shards: Vec<String> = ["2", "0", "2", "1"]
        .iter()
        .map(|n| format!("shardId-00000000000{n}"))
        .collect();
    assert_eq!(cells("shard"), shards);
    root.remove();
}
