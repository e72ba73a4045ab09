//! Share links decode back to the scenario that made them, every link version ever emitted keeps
//! decoding (golden fixtures in tests/share_links/), and no string makes the decoder panic.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use shardlane::mapping::failures::{
    Attempts, FailureEffect, FailureRule, FailureRules, RandomFailures, RecordMatch,
};
use shardlane::mapping::{Consumer, MappingConfig};
use shardlane::producers::Language;
use shardlane::scenario::Scenario;
use shardlane::share::{decode, encode, LinkError, MAX_INFLATED_BYTES};
use std::path::Path;

fn fixtures() -> Vec<(String, String)> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/share_links");
    let mut names: Vec<_> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "link"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|link| {
            let json = link.with_extension("json");
            (
                std::fs::read_to_string(&link).unwrap(),
                std::fs::read_to_string(json).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_emitted_link_version_still_decodes() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty());
    for (link, json) in fixtures {
        let expected: Scenario = serde_json::from_str(&json).unwrap();
        assert_eq!(decode(link.trim()).unwrap(), expected, "{link}");
    }
}

#[test]
fn the_current_encoder_still_writes_the_v1_fixture() {
    let (link, json) = fixtures()
        .into_iter()
        .find(|(link, _)| link.starts_with("v1."))
        .unwrap();
    let scenario: Scenario = serde_json::from_str(&json).unwrap();
    assert_eq!(encode(&scenario).unwrap(), link.trim());
}

#[test]
fn a_link_carrying_failure_rules_decodes_to_them_and_is_written_the_same_way() {
    let (link, json) = fixtures()
        .into_iter()
        .find(|(_, json)| json.contains("\"failures\""))
        .expect("the failure-rules fixture");
    let scenario: Scenario = serde_json::from_str(&json).unwrap();
    assert_eq!(scenario.failures.rules.len(), 4);
    assert_eq!(scenario.failures.random.map(|r| r.per_mille), Some(10));
    assert!(scenario.mapping.bisect_batch_on_function_error);
    assert_eq!(decode(link.trim()), Ok(scenario.clone()));
    assert_eq!(encode(&scenario).unwrap(), link.trim());
}

#[test]
fn links_without_failure_rules_do_not_mention_them() {
    // Old links decode identically because the field is absent, and new links without rules
    // stay byte for byte what an older Shardlane wrote.
    let json = serde_json::to_string(&Scenario::default()).unwrap();
    assert!(!json.contains("failures"), "{json}");
    // A random rate of 0 is still a setting: it round-trips.
    let mut scenario = Scenario::default();
    scenario.failures.random = Some(RandomFailures {
        per_mille: 0,
        seed: 3,
    });
    assert_eq!(decode(&encode(&scenario).unwrap()), Ok(scenario));
}

#[test]
fn a_link_with_an_invalid_failure_rule_is_refused_with_the_field() {
    let mut scenario = Scenario::default();
    scenario.failures.rules.push(FailureRule {
        effect: FailureEffect::Error,
        matches: RecordMatch::KeyEquals(String::new()),
        attempts: Attempts::Always,
    });
    let error = decode(&encode(&scenario).unwrap()).unwrap_err();
    assert!(error.to_string().contains("rules[0].match"), "{error}");
    let mut scenario = Scenario::default();
    scenario.failures.random = Some(RandomFailures {
        per_mille: 1_001,
        seed: 0,
    });
    assert!(decode(&encode(&scenario).unwrap()).is_err());
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        ".{0,300}",
        1usize..10_000,
        1u32..10_001,
        1u32..11,
        0u32..301,
        proptest::option::of(0usize..5),
        any::<u64>(),
        (any::<bool>(), 0u32..20, proptest::option::of(0u32..901)),
    )
        .prop_map(
            |(
                code,
                shard_count,
                batch_size,
                factor,
                window,
                language,
                seed,
                (fan_out, other_consumers, tumbling),
            )| Scenario {
                code: code.into(),
                language: language.map(|i| Language::ALL[i]),
                shard_count,
                mapping: MappingConfig {
                    batch_size,
                    parallelization_factor: factor,
                    maximum_batching_window_seconds: window,
                    consumer: if fan_out {
                        Consumer::EnhancedFanOut
                    } else {
                        Consumer::StandardIterator
                    },
                    other_consumers,
                    tumbling_window_seconds: tumbling,
                    ..MappingConfig::default()
                },
                seed,
                ..Scenario::default()
            },
        )
}

/// Valid failure rules: every effect, match and attempts, and a random rate.
fn failures_strategy() -> impl Strategy<Value = FailureRules> {
    let rule = (
        0usize..3,
        0usize..4,
        "[a-z0-9-]{1,20}",
        0usize..1_000_000,
        proptest::option::of(1u32..10_000),
    )
        .prop_map(|(effect, kind, key, number, first)| FailureRule {
            effect: [
                FailureEffect::Error,
                FailureEffect::Timeout,
                FailureEffect::Partial,
            ][effect],
            matches: match kind {
                0 => RecordMatch::KeyEquals(key),
                1 => RecordMatch::KeyPrefix(key),
                2 => RecordMatch::Data(serde_json::json!({ "type": [key] })),
                _ => RecordMatch::Record(number),
            },
            attempts: first.map_or(Attempts::Always, Attempts::First),
        });
    (
        proptest::collection::vec(rule, 0..6),
        proptest::option::of((0u32..1_001, any::<u64>())),
    )
        .prop_map(|(rules, random)| FailureRules {
            rules,
            random: random.map(|(per_mille, seed)| RandomFailures { per_mille, seed }),
        })
}

proptest! {
    #[test]
    fn links_round_trip(scenario in scenario_strategy()) {
        prop_assert_eq!(decode(&encode(&scenario).unwrap()), Ok(scenario));
    }

    #[test]
    fn links_with_failure_rules_round_trip(failures in failures_strategy(), bisect in any::<bool>()) {
        let mut scenario = Scenario { failures, ..Scenario::default() };
        scenario.mapping.bisect_batch_on_function_error = bisect;
        prop_assert_eq!(decode(&encode(&scenario).unwrap()), Ok(scenario));
    }

    #[test]
    fn no_fragment_panics_the_decoder(fragment in ".{0,400}", cut in 0usize..600) {
        let _ = decode(&fragment);
        let link = encode(&Scenario::default()).unwrap();
        let _ = decode(&link[..cut.min(link.len())]);
        let _ = decode(&format!("v1.{fragment}"));
    }
}

#[test]
fn a_dynamodb_scenario_round_trips_and_old_links_decode_as_kinesis() {
    use shardlane::dynamodb::table::KeyType;
    use shardlane::scenario::{DynamoDbSource, Source};
    let (link, json) = fixtures()
        .into_iter()
        .find(|(_, json)| json.contains("\"source\""))
        .expect("the DynamoDB fixture");
    let scenario: Scenario = serde_json::from_str(&json).unwrap();
    let Source::Dynamodb(source) = &scenario.source else {
        panic!("the fixture is a DynamoDB scenario")
    };
    assert_eq!(source.partition_key.name, "customer_id");
    assert_eq!(
        source.sort_key.as_ref().map(|k| k.key_type),
        Some(KeyType::N)
    );
    assert_eq!(source.ttl_attribute.as_deref(), Some("expires_at"));
    assert_eq!(decode(link.trim()), Ok(scenario.clone()));
    assert_eq!(encode(&scenario).unwrap(), link.trim());
    // Every other fixture predates the source: it decodes as a Kinesis data stream, and a Kinesis
    // scenario's link does not mention the source at all.
    for (link, json) in fixtures() {
        if !json.contains("\"source\"") {
            assert!(decode(link.trim()).unwrap().source.is_kinesis());
        }
    }
    assert!(!serde_json::to_string(&Scenario::default())
        .unwrap()
        .contains("\"source\":"));
    // A damaged table is refused with the reason, never used.
    let mut bad = scenario.clone();
    bad.source = Source::Dynamodb(DynamoDbSource {
        partitions: 0,
        ..DynamoDbSource::default()
    });
    let error = decode(&encode(&bad).unwrap()).unwrap_err().to_string();
    assert!(error.contains("partitions"), "{error}");
    let json = json.replace("\"NEW_AND_OLD_IMAGES\"", "\"EVERYTHING\"");
    assert!(serde_json::from_str::<Scenario>(&json).is_err());
}

/// A scenario whose code makes its JSON exactly `json_bytes` long.
fn scenario_of_json_size(json_bytes: usize) -> Scenario {
    let bare = serde_json::to_vec(&Scenario {
        code: "".into(),
        ..Scenario::default()
    })
    .unwrap();
    Scenario {
        code: ("k ".repeat((json_bytes - bare.len()) / 2)
            + &"k".repeat((json_bytes - bare.len()) % 2))
            .into(),
        ..Scenario::default()
    }
}

#[test]
fn a_link_is_made_exactly_when_the_decoder_takes_it() {
    let largest = scenario_of_json_size(MAX_INFLATED_BYTES);
    assert_eq!(
        serde_json::to_vec(&largest).unwrap().len(),
        MAX_INFLATED_BYTES
    );
    assert_eq!(decode(&encode(&largest).unwrap()), Ok(largest));
    let over = scenario_of_json_size(MAX_INFLATED_BYTES + 1);
    let refused = encode(&over).unwrap_err();
    assert_eq!(refused.json_bytes, MAX_INFLATED_BYTES + 1);
    assert_eq!(
        refused.to_string(),
        "this scenario is 1025 KiB as JSON, over the 1024 KiB (1 MiB) a link carries"
    );
    // The decoder refuses the same JSON deflated by hand: the two limits are one.
    let json = serde_json::to_vec(&over).unwrap();
    let by_hand = format!(
        "v1.{}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9))
    );
    assert_eq!(decode(&by_hand), Err(LinkError::TooLarge));
}
