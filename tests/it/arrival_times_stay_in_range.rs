//! Arrival times come from untrusted input: `ArrivalMs`, a Lambda event's timestamps, `sleep`
//! lines, a code engine's answer and a link's records. One far in the future is refused where it
//! is read, so simulating what was read never overflows the clock. Before, `sleep 1e300` twice
//! overflowed the AWS CLI reader's clock, and any arrival near `u64::MAX` overflowed when the
//! Lambda event was built (found while writing the fuzz targets, confirmed through them).

use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
use shardlane::producers::aws_cli::parse_aws_cli;
use shardlane::producers::harness::parse_harness_output;
use shardlane::record::MAX_ARRIVAL_MS;
use shardlane::scenario::Scenario;
use shardlane::{input, simulate, ProducedRecord, SimulationInput, StreamLayout};

/// Simulates `records` and builds every invocation's Lambda event and on-failure record.
fn simulate_all(records: &[ProducedRecord]) {
    let layout = StreamLayout::uniform(1).unwrap();
    let (mapping, function) = (MappingConfig::default(), FunctionModel::default());
    let source = EventSource::default();
    let input = SimulationInput::new(records, &layout, &mapping, &function, &source);
    let simulation = simulate(&input);
    for batch in 0..simulation.mapping.batches.len() {
        assert!(simulation
            .event_json(&input, batch)
            .contains("approximateArrivalTimestamp"));
    }
    let _ = simulation.on_failure_records(&input);
}

fn records_json(arrival_ms: u64) -> String {
    format!(r#"[{{"PartitionKey": "a", "Data": "eA==", "ArrivalMs": {arrival_ms}}}]"#)
}

#[test]
fn the_latest_arrival_simulates_and_a_later_one_is_refused_where_it_is_read() {
    let latest = input::parse_records_json(&records_json(MAX_ARRIVAL_MS)).unwrap();
    assert_eq!(latest.records[0].arrival_ms, MAX_ARRIVAL_MS);
    simulate_all(&latest.records);

    let error = input::parse_records_json(&records_json(u64::MAX)).unwrap_err();
    assert!(error.to_string().contains("ArrivalMs"), "{error}");

    let event = r#"{"Records": [
        {"kinesis": {"partitionKey": "k", "data": "eA==", "approximateArrivalTimestamp": 1}},
        {"kinesis": {"partitionKey": "k", "data": "eA==", "approximateArrivalTimestamp": 1e300}}]}"#;
    let error = input::parse_records_json(event).unwrap_err();
    assert!(
        error.to_string().contains("approximateArrivalTimestamp"),
        "{error}"
    );

    let cli = parse_aws_cli(
        "sleep 1e300\nsleep 1e300\naws kinesis put-record --stream-name s --partition-key k --data x\n",
    );
    simulate_all(&cli.records);
    assert!(cli.records.is_empty());
    let error = cli.error.expect("the sleep is refused");
    assert_eq!(error.line, Some(1), "{error}");

    let answer = format!(
        r#"{{"console": "", "stopped": null, "error": null, "records": [{{"stream": "s",
        "partition_key": "k", "explicit_hash_key": null, "data_base64": "eA==",
        "arrival_ms": {}, "put_call": 0, "api": "PutRecord", "line": 1}}]}}"#,
        u64::MAX
    );
    let error = parse_harness_output(&answer).unwrap_err();
    assert!(error.to_string().contains("arriving at"), "{error}");

    let link: Scenario = serde_json::from_str(&format!(
        r#"{{"records": [{{"k": "a", "d": "eA==", "t": {}}}]}}"#,
        u64::MAX
    ))
    .unwrap();
    assert_eq!(link.carried_records(), None);
}
