//! The readers of pasted records JSON, on AWS's shapes and on broken input.

use super::*;

#[test]
fn reads_a_put_records_request() {
    let text = r#"{"StreamName": "orders", "Records": [
        {"PartitionKey": "100", "Data": "eyJhIjoxfQ=="},
        {"PartitionKey": "101", "Data": "eyJhIjoyfQ==", "ExplicitHashKey": "5"}
    ]}"#;
    let parsed = parse_records_json(text).unwrap();
    assert_eq!(parsed.records.len(), 2);
    assert_eq!(parsed.records[0].data, br#"{"a":1}"#);
    assert_eq!(parsed.records[1].explicit_hash_key.as_deref(), Some("5"));
    assert_eq!(parsed.records[1].source_line, Some(3));
    assert_eq!(parsed.records[0].stream, "orders");
    assert!(parsed.records.iter().all(|r| r.api == PutApi::PutRecords));
}

#[test]
fn reads_ndjson_and_arrays_as_single_puts() {
    let ndjson = "{\"PartitionKey\": \"a\", \"Data\": \"not base64!\"}\n\n{\"PartitionKey\": \"b\", \"Data\": \"eA==\", \"ArrivalMs\": 1500}\n";
    let parsed = parse_records_json(ndjson).unwrap();
    assert_eq!(parsed.records.len(), 2);
    assert_eq!(parsed.records[0].data, b"not base64!");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(
        (parsed.records[1].put_call, parsed.records[1].arrival_ms),
        (1, 1500)
    );
    assert_eq!(parsed.records[1].source_line, Some(3));
    let array = parse_records_json(
        r#"[{"PartitionKey": "a", "Data": "eA=="}, {"PartitionKey": "b", "Data": "eA=="}]"#,
    )
    .unwrap();
    assert_eq!(array.records[1].put_call, 1);
}

#[test]
fn reads_a_lambda_kinesis_event() {
    let event = r#"{"Records": [
  {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "1", "sequenceNumber": "4959", "data": "SGVsbG8=",
   "approximateArrivalTimestamp": 1545084650.987}, "eventSource": "aws:kinesis", "eventID": "shardId-000000000006:4959",
   "eventSourceARN": "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"},
  {"kinesis": {"partitionKey": "2", "data": "", "approximateArrivalTimestamp": 1545084651.5},
   "eventID": "shardId-000000000006:4960"}
]}"#;
    let parsed = parse_records_json(event).unwrap();
    assert_eq!(parsed.records.len(), 2);
    assert_eq!(parsed.records[0].data, b"Hello");
    assert_eq!(parsed.records[0].stream, "lambda-stream");
    assert_eq!(parsed.records[1].arrival_ms, 513);
    assert!(parsed.warnings[0].message.contains("shardId-000000000006"));
    let broken =
        parse_records_json(r#"{"Records": [{"kinesis": {"data": "SGVsbG8="}}]}"#).unwrap_err();
    assert!(broken.message.contains("partitionKey"));
}

#[test]
fn bad_entries_are_located() {
    let text = "{\"Records\": [\n  {\"PartitionKey\": \"a\", \"Data\": \"eA==\"},\n  {\"PartitionKey\": 7, \"Data\": \"eA==\"}\n]}";
    let error = parse_records_json(text).unwrap_err();
    assert_eq!((error.line, error.column), (Some(3), Some(3)));
    assert_eq!(error.field.as_deref(), Some("Records[1].PartitionKey"));
    let broken =
        parse_records_json("{\"Records\": [\n  {\"PartitionKey\": \"a\",, }]}").unwrap_err();
    assert_eq!(broken.line, Some(2));
    assert!(parse_records_json("").is_err());
    assert!(parse_records_json("hello").is_err());
}
