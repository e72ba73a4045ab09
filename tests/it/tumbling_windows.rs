//! Tumbling windows as AWS's guide describes them (statements quoted in each test's doc), and the
//! event's window fields checked against AWS's own example
//! (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html).

use crate::support::{lines, shardlane};
use serde_json::Value;
use shardlane::layout::StreamLayout;
use shardlane::mapping::{CloseReason, EventSource, FunctionModel, MappingConfig};
use shardlane::record::ProducedRecord;
use shardlane::{simulate, Simulation, SimulationInput};

/// AWS's "Example KinesisTimeWindowEvent", as the guide prints it.
const AWS_EXAMPLE: &str = r#"{
    "Records": [
        {
            "kinesis": {
                "kinesisSchemaVersion": "1.0",
                "partitionKey": "1",
                "sequenceNumber": "49590338271490256608559692538361571095921575989136588898",
                "data": "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
                "approximateArrivalTimestamp": 1607497475.000
            },
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": "shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": "arn:aws:iam::123456789012:role/lambda-kinesis-role",
            "awsRegion": "us-east-1",
            "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream"
        }
    ],
    "window": {
        "start": "2020-12-09T07:04:00Z",
        "end": "2020-12-09T07:06:00Z"
    },
    "state": {
        "1": 282,
        "2": 715
    },
    "shardId": "shardId-000000000006",
    "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
    "isFinalInvokeForWindow": false,
    "isWindowTerminatedEarly": false
}"#;

fn windowed(seconds: u32, batch_size: u32) -> MappingConfig {
    MappingConfig {
        tumbling_window_seconds: Some(seconds),
        batch_size,
        ..MappingConfig::default()
    }
}

fn quick() -> FunctionModel {
    FunctionModel {
        fixed_ms: 50,
        per_record_ms: 0,
        cold_start_ms: 0,
        ..FunctionModel::default()
    }
}

fn at(times: &[u64]) -> Vec<ProducedRecord> {
    times
        .iter()
        .enumerate()
        .map(|(i, &arrival_ms)| ProducedRecord {
            arrival_ms,
            put_call: i,
            ..ProducedRecord::new(format!("{}", i % 2 + 1), b"Hello".to_vec())
        })
        .collect()
}

fn run(records: &[ProducedRecord], mapping: &MappingConfig, source: &EventSource) -> Simulation {
    let layout = StreamLayout::uniform(1).unwrap();
    let function = quick();
    simulate(&SimulationInput::new(
        records, &layout, mapping, &function, source,
    ))
}

fn event(
    simulation: &Simulation,
    records: &[ProducedRecord],
    mapping: &MappingConfig,
    source: &EventSource,
    batch: usize,
) -> (String, Value) {
    let layout = StreamLayout::uniform(1).unwrap();
    let function = quick();
    let input = SimulationInput::new(records, &layout, mapping, &function, source);
    let text = simulation.event_json(&input, batch);
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

/// The JSON type of a value, recursively for objects (keys and their types) and the first item
/// of arrays; numbers are one type.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().take(1).map(shape).collect()),
        Value::String(_) => Value::from("string"),
        Value::Number(_) => Value::from("number"),
        Value::Bool(_) => Value::from("bool"),
        Value::Null => Value::Null,
    }
}

/// The guide's "Example KinesisTimeWindowEvent": besides `Records`, the event has `window`
/// (`start`, `end`), `state`, `shardId`, `eventSourceARN`, `isFinalInvokeForWindow` and
/// `isWindowTerminatedEarly`. The simulated event has exactly these fields, in this order, with
/// the same types, and window bounds written to the second as AWS writes them.
#[test]
fn the_event_has_exactly_awss_window_fields() {
    let aws: Value = serde_json::from_str(AWS_EXAMPLE).unwrap();
    let mapping = windowed(120, 100);
    let source = EventSource::default();
    let records = at(&[0, 1_000]);
    let simulation = run(&records, &mapping, &source);
    // The second invocation of the window: its state is the first one's `{"count": 1}`.
    let (text, ours) = event(&simulation, &records, &mapping, &source, 1);
    let mut expected = shape(&aws);
    expected["state"] = shape(&serde_json::json!({ "count": 1 }));
    assert_eq!(shape(&ours), expected);
    let order = [
        "\"Records\"",
        "\"window\"",
        "\"state\"",
        "\"shardId\"",
        "\"eventSourceARN\": \"arn:aws:kinesis:us-east-1:123456789012:stream/my-stream\",\n  \"isFinal",
        "\"isFinalInvokeForWindow\"",
        "\"isWindowTerminatedEarly\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|field| {
            text.find(field)
                .unwrap_or_else(|| panic!("{field} in {text}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|p| p[0] < p[1]),
        "AWS's field order: {text}"
    );
    // 2026-01-01T00:00:00Z is the clock's origin; a 120 s window starts at a multiple of 120 s.
    assert_eq!(ours["window"]["start"], "2026-01-01T00:00:00Z");
    assert_eq!(ours["window"]["end"], "2026-01-01T00:02:00Z");
    assert_eq!(ours["shardId"], "shardId-000000000000");
    assert_eq!(ours["eventSourceARN"], ours["Records"][0]["eventSourceARN"]);
    assert_eq!(ours["isFinalInvokeForWindow"], false);
    assert_eq!(ours["isWindowTerminatedEarly"], false);
    // The same bounds format as AWS's example: seconds, no fraction, `Z`.
    let aws_start = aws["window"]["start"].as_str().unwrap();
    assert_eq!(
        aws_start.len(),
        ours["window"]["start"].as_str().unwrap().len()
    );
    // Without a window (or with 0, "no tumbling window") the event is the plain one.
    for plain in [None, Some(0)] {
        let mapping = MappingConfig {
            tumbling_window_seconds: plain,
            ..MappingConfig::default()
        };
        let simulation = run(&records, &mapping, &source);
        let (_, value) = event(&simulation, &records, &mapping, &source, 0);
        assert_eq!(
            value.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["Records"]
        );
    }
}

/// "Each invocation receives a state. … your Lambda function response must contain a state
/// property" and "At the end of the window, the flag isFinalInvokeForWindow is set to true to
/// indicate that this is the final state". The model's function returns `{"count": n}`, so each
/// invocation of a window receives the count of the records before it, the first `{}`, and the
/// final invoke (no records) the window's total.
#[test]
fn state_is_carried_across_a_windows_invocations_to_its_final_invoke() {
    let mapping = windowed(120, 2);
    let source = EventSource::default();
    let records = at(&[0, 1, 2, 3, 4]);
    let simulation = run(&records, &mapping, &source);
    let batches = &simulation.mapping.batches;
    let sizes: Vec<usize> = batches.iter().map(|b| b.records.len()).collect();
    assert_eq!(
        sizes,
        vec![1, 2, 2, 0],
        "polls at 0 and 1 s, batches of 2, then the final invoke"
    );
    let states: Vec<Value> = (0..batches.len())
        .map(|b| event(&simulation, &records, &mapping, &source, b).1["state"].clone())
        .collect();
    assert_eq!(
        states,
        vec![
            serde_json::json!({}),
            serde_json::json!({"count": 1}),
            serde_json::json!({"count": 3}),
            serde_json::json!({"count": 5}),
        ]
    );
    let (_, last) = event(&simulation, &records, &mapping, &source, 3);
    assert_eq!(last["isFinalInvokeForWindow"], true);
    assert_eq!(last["Records"], serde_json::json!([]));
    assert_eq!(batches[3].closed_by, CloseReason::FinalInvoke);
    // The final invoke waits for the window's end (00:02:00).
    assert_eq!(batches[3].ready_ms, 120_000);
}

/// "Tumbling windows are distinct time windows that open and close at regular intervals",
/// "Lambda determines tumbling window boundaries based on the time when records were inserted into
/// the stream", and "Each record in a stream belongs to a specific window": no batch holds records
/// of two windows, windows start at multiples of their length on the clock, and every window with
/// records ends in exactly one final invoke, before the next window's first batch.
#[test]
fn each_window_ends_in_one_final_invoke_and_no_batch_spans_two_windows() {
    let mapping = windowed(10, 100);
    // The clock starts at 00:00:07, so the first 10 s window ends 3 s into the run.
    let source = EventSource {
        clock_origin_ms: EventSource::default().clock_origin_ms + 7_000,
        ..EventSource::default()
    };
    let records = at(&[0, 2_000, 2_999, 3_000, 9_000, 25_000]);
    let simulation = run(&records, &mapping, &source);
    let batches = &simulation.mapping.batches;
    let window_of = |record: usize| (source.clock_origin_ms + records[record].arrival_ms) / 10_000;
    let mut finals = Vec::new();
    let mut last_window = None;
    for (index, batch) in batches.iter().enumerate() {
        let window = batch.window.expect("every invocation carries its window");
        assert_eq!(window.end_ms - window.start_ms, 10_000);
        assert_eq!(window.start_ms % 10_000, 0, "aligned to the clock");
        if window.final_invoke {
            assert!(batch.records.is_empty());
            assert!(
                batch.ready_ms + source.clock_origin_ms >= window.end_ms,
                "after the window's end"
            );
            finals.push(window.start_ms / 10_000);
        } else {
            let members = simulation.batch_records(index);
            assert!(
                members
                    .iter()
                    .all(|&r| window_of(r) == window.start_ms / 10_000),
                "one window per batch"
            );
            if let Some(previous) = last_window {
                assert!(
                    finals.contains(&previous) || previous == window.start_ms / 10_000,
                    "a window's final invoke comes before the next window's records"
                );
            }
            last_window = Some(window.start_ms / 10_000);
        }
    }
    let mut windows: Vec<u64> = (0..records.len()).map(window_of).collect();
    windows.dedup();
    assert_eq!(
        finals, windows,
        "one final invoke per window with records, in order"
    );
    assert_eq!(windows.len(), 3);
    let finding = simulation
        .insights
        .findings
        .iter()
        .find(|f| f.starts_with("Tumbling windows of 10 s"))
        .unwrap();
    assert!(
        finding.contains("3 windows closed with a final invoke"),
        "{finding}"
    );
}

/// The CLI's `--tumbling-window-in-seconds` is simulated: the summary says how many windows closed.
#[test]
fn the_cli_simulates_tumbling_windows() {
    let output = shardlane(
        &[
            "simulate",
            "--tumbling-window-in-seconds",
            "60",
            "--summary",
            "-",
        ],
        "a\nb\nc\n",
    );
    assert_eq!(lines(&output).len(), 3);
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("Tumbling windows of 60 s, aligned to the clock: 1 window closed"),
        "{summary}"
    );
}

/// "Tumbling window aggregations do not support resharding. When the shard ends, Lambda considers
/// the window closed, and the child shards start their own window in a fresh state." A closed
/// parent's last window closes with its records, not a minute later, and its child's first
/// invocation in the same clock window receives `{}`.
#[test]
fn a_closed_shard_closes_its_window_and_its_children_start_fresh() {
    use shardlane::mapping::engine::{run as run_engine, StreamEntry};
    use shardlane::HashKey;
    let layout = StreamLayout::uniform(1)
        .unwrap()
        .split_in_half("shardId-000000000000")
        .unwrap();
    let child = layout.index_of("shardId-000000000001").unwrap();
    let entry = |shard, arrival_ms| StreamEntry {
        shard,
        partition_hash: HashKey::from_partition_key("k"),
        arrival_ms,
        event_bytes: 300,
        record_bytes: 10,
    };
    let entries = [entry(0, 0), entry(0, 1_000), entry(child, 2_000)];
    let run = run_engine(&layout, &entries, &windowed(60, 100), &quick());
    let parent: Vec<_> = run.batches.iter().filter(|b| b.shard == 0).collect();
    let last = parent.last().unwrap();
    let window = last.window.unwrap();
    assert!(window.final_invoke && last.records.is_empty());
    assert_eq!(window.state, Some(2));
    assert!(
        last.ready_ms < 60_000,
        "the shard ended: its window closed at {}",
        last.ready_ms
    );
    assert_eq!(last.ready_ms, parent[parent.len() - 2].end_ms);
    let first_child = run.batches.iter().find(|b| b.shard == child).unwrap();
    let child_window = first_child.window.unwrap();
    assert_eq!(
        child_window.start_ms, window.start_ms,
        "the same clock window"
    );
    assert_eq!(child_window.state, None, "a fresh state: {{}}");
    assert!(
        first_child.start_ms >= last.end_ms,
        "after the parent's final invoke"
    );
}
