//! AWS CLI lines as people paste them: quoting, continuations, shorthand, sleeps and mistakes.

use super::*;

#[test]
fn reads_put_record_lines_with_continuations_and_sleeps() {
    let text = "# two puts\naws kinesis put-record --stream-name orders \\\n  --partition-key user-1 --data aGk=\nsleep 2\naws kinesis put-record --stream-name=orders --partition-key 'user 2' --data \"hello\" --cli-binary-format raw-in-base64-out\n";
    let run = parse_aws_cli(text);
    assert_eq!(run.error, None);
    let summary: Vec<_> = run
        .records
        .iter()
        .map(|r| {
            (
                r.partition_key.as_str(),
                r.data.as_slice(),
                r.arrival_ms,
                r.source_line,
                r.put_call,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("user-1", &b"hi"[..], 0, Some(2), 0),
            ("user 2", &b"hello"[..], 2000, Some(5), 1)
        ]
    );
    assert_eq!(run.records[0].stream, "orders");
}

#[test]
fn reads_put_records_json_over_several_lines_and_shorthand() {
    let text = "aws kinesis put-records --stream-name s --records '[\n  {\"Data\": \"YQ==\", \"PartitionKey\": \"a\"},\n  {\"Data\": \"Yg==\", \"PartitionKey\": \"b\", \"ExplicitHashKey\": \"7\"}\n]'\naws kinesis put-records --stream-name s --records Data=Yw==,PartitionKey=c Data=ZA==,PartitionKey=d\n";
    let run = parse_aws_cli(text);
    assert_eq!(run.error, None);
    let keys: Vec<_> = run
        .records
        .iter()
        .map(|r| (r.partition_key.as_str(), r.put_call, r.source_line))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("a", 0, Some(1)),
            ("b", 0, Some(1)),
            ("c", 1, Some(5)),
            ("d", 1, Some(5))
        ]
    );
    assert_eq!(run.records[1].explicit_hash_key.as_deref(), Some("7"));
    assert!(run.records.iter().all(|r| r.api == PutApi::PutRecords));
}

#[test]
fn cli_errors_are_located_and_worded_like_the_cli() {
    let not_base64 =
        parse_aws_cli("\naws kinesis put-record --stream-name s --partition-key k --data hello\n");
    let error = not_base64.error.unwrap();
    assert_eq!(error.line, Some(2));
    assert!(
        error.message.starts_with("Invalid base64: \"hello\""),
        "{}",
        error.message
    );
    let missing = parse_aws_cli("aws kinesis put-record --stream-name s --data aGk=")
        .error
        .unwrap();
    assert!(missing.message.contains("required: --partition-key"));
    let file = parse_aws_cli(
        "aws kinesis put-record --stream-name s --partition-key k --data fileb://x.bin",
    )
    .error
    .unwrap();
    assert!(file.message.contains("cannot read local files"));
    let open_quote = parse_aws_cli("aws kinesis put-record --partition-key 'k --data aGk=")
        .error
        .unwrap();
    assert!(open_quote.message.contains("unterminated quote"));
    let unknown = parse_aws_cli("aws kinesis put-record --partition-key k --data aGk= --bogus 1")
        .error
        .unwrap();
    assert!(unknown.message.contains("Unknown options: --bogus"));
}

#[test]
fn other_commands_are_skipped_with_a_warning() {
    let run = parse_aws_cli("echo hi\naws kinesis create-stream --stream-name s --shard-count 2\n");
    assert!(run.records.is_empty());
    assert_eq!(run.warnings.len(), 2);
}
