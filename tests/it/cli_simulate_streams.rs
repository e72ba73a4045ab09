//! `simulate` reads a keys or NDJSON file twice, a chunk at a time, instead of holding it
//! (`src/bin/shardlane/streamed.rs`); everything else is read whole. The JSON Lines contract does
//! not change: each case of `tests/cli_simulate/cases.txt` prints the very bytes the binary
//! before streaming printed (their MD5s), and the same bytes as the same input read whole from
//! stdin. Inputs the streaming reader cannot be sure of fall back to the whole read and answer
//! exactly as it does.

use crate::support::{run_with_stdin, shardlane_command};
use md5::{Digest, Md5};
use std::path::{Path, PathBuf};
use std::process::Output;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli_simulate")
}

fn hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `simulate` with `args` (the input last), from the cases' directory.
fn simulate(args: &[&str], stdin: &str) -> Output {
    let mut command = shardlane_command();
    command.current_dir(cases_dir()).arg("simulate").args(args);
    run_with_stdin(command, stdin)
}

/// The same run with the input read whole from stdin: stdout alike, stderr alike but for the
/// input's name.
fn assert_same_as_read_whole(args: &[&str], streamed: &Output) {
    let (input, flags) = args.split_last().unwrap();
    let text = std::fs::read(cases_dir().join(input)).unwrap();
    let mut flags = flags.to_vec();
    flags.push("-");
    let whole = simulate(&flags, &String::from_utf8_lossy(&text));
    assert_eq!(streamed.status.code(), whole.status.code(), "{args:?}");
    assert!(
        streamed.stdout == whole.stdout,
        "{args:?}: stdout differs from the whole read"
    );
    let whole_err = String::from_utf8_lossy(&whole.stderr)
        .replace("shardlane: -:", &format!("shardlane: {input}:"));
    assert_eq!(
        String::from_utf8_lossy(&streamed.stderr),
        whole_err,
        "{args:?}"
    );
}

#[test]
fn each_case_prints_what_the_binary_before_streaming_printed() {
    let cases = std::fs::read_to_string(cases_dir().join("cases.txt")).unwrap();
    let expected = std::fs::read_to_string(cases_dir().join("expected-md5.txt")).unwrap();
    let mut checked = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#')) {
        let (name, args) = line.split_once(' ').unwrap();
        let args: Vec<&str> = args.split(' ').collect();
        let out = simulate(&args, "");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let digests = format!("{name} {} {}", hex(&out.stdout), hex(&out.stderr));
        assert!(
            expected.lines().any(|l| l == digests),
            "{name}: output differs from the binary before streaming ({digests})"
        );
        assert_same_as_read_whole(&args, &out);
        checked += 1;
    }
    assert!(checked >= 10);
}

/// A file in the cases' directory for one test, removed when dropped.
struct CaseFile(PathBuf);

impl CaseFile {
    fn new(name: &str, bytes: &[u8]) -> CaseFile {
        let name = format!("tmp-{}-{name}", std::process::id());
        let path = cases_dir().join(name);
        std::fs::write(&path, bytes).unwrap();
        CaseFile(path)
    }

    fn name(&self) -> &str {
        self.0.file_name().unwrap().to_str().unwrap()
    }
}

impl Drop for CaseFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn inputs_the_stream_cannot_be_sure_of_answer_as_read_whole() {
    let keys: String = (0..20_000).map(|i| format!("user-{i}\n")).collect();
    let ndjson: String = (0..20_000)
        .map(|i| format!("{{\"PartitionKey\": \"k{i}\", \"Data\": \"eA==\"}}\n"))
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // Keys for several chunks, then a line that makes the whole text AWS CLI lines.
        (
            "late-aws-cli",
            format!("{keys}aws kinesis put-record --stream-name s --partition-key k --data eA==\n")
                .into_bytes(),
        ),
        // NDJSON with a mistake far down.
        ("late-error.ndjson", format!("{ndjson}{{\"Data\": \"eA==\"}}\n").into_bytes()),
        // One line: a PutRecord request, not NDJSON.
        ("one-line.json", b"{\"PartitionKey\": \"k\", \"Data\": \"eA==\"}\n".to_vec()),
        // A pretty-printed PutRecords request.
        (
            "request.json",
            b"{\n  \"StreamName\": \"s\",\n  \"Records\": [{\"PartitionKey\": \"k\", \"Data\": \"eA==\"}]\n}\n"
                .to_vec(),
        ),
        // Not UTF-8 on a late line.
        ("not-utf8.txt", [keys.as_bytes(), b"\xff\xfe\n"].concat()),
        ("empty.txt", Vec::new()),
        ("blank.txt", b"\n\n  \n".to_vec()),
        // CRLF and a lone CR at the end.
        ("crlf.txt", b"a\r\nb\r\n\r\nc\r".to_vec()),
    ];
    for (name, bytes) in cases {
        let file = CaseFile::new(name, &bytes);
        let args = ["--shards", "3", file.name()];
        let out = simulate(&args, "");
        if name != "not-utf8.txt" {
            assert_same_as_read_whole(&args, &out);
        } else {
            // stdin cannot carry the bytes through the test's `&str`: the whole read's error.
            assert!(!out.status.success());
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("UTF-8"),
                "{out:?}"
            );
        }
    }
}
