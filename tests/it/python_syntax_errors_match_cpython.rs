//! Common Python mistakes, run by `shardlane simulate` (the CLI's `python3` child with the
//! harness), are reported at the line and column and with the message CPython's own `compile()`
//! gives. The corpus, `tests/python/syntax_mistakes.json`, is shared with the page's check
//! (`tests/e2e/python_engine.test.mjs`), which compares the page's Pyodide with the same python3.

use crate::support::{shardlane, temp_file};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `(mistake, code)` pairs of the shared corpus.
fn corpus() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/syntax_mistakes.json");
    let entries: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    entries
        .iter()
        .map(|e| {
            (
                e["mistake"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// What CPython's `compile()` says of `code`: "line L, column C: Kind: message".
fn compile_in_cpython(code: &str) -> String {
    const REPORT: &str = r#"
import sys
try:
    compile(sys.stdin.read(), "producer.py", "exec")
except SyntaxError as error:
    print("line %d, column %d: %s: %s" % (error.lineno, error.offset, type(error).__name__, error.msg))
else:
    print("compiles")
"#;
    let output = crate::support::run_with_stdin(
        {
            let mut command = Command::new("python3");
            command.args(["-B", "-I", "-S", "-c", REPORT]);
            command
        },
        code,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn syntax_mistakes_are_located_and_worded_as_cpython_compile_reports_them() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 12,
        "the corpus has {} mistakes",
        corpus.len()
    );
    let mut mismatches = Vec::new();
    for (index, (mistake, code)) in corpus.iter().enumerate() {
        let expected = compile_in_cpython(code);
        assert!(
            expected.starts_with("line "),
            "{mistake}: CPython compiles it ({expected})"
        );
        let script = temp_file(&format!("mistake-{index}.py"), code);
        let output = shardlane(&["simulate", script.to_str().unwrap()], "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // The CLI says "shardlane: <path>: line L, column C: Kind: message".
        let reported = stderr
            .lines()
            .find_map(|line| {
                line.split_once(": line ")
                    .map(|(_, rest)| format!("line {rest}"))
            })
            .unwrap_or_default();
        if output.status.success() || reported != expected {
            mismatches.push(format!(
                "{mistake}:\n  CPython: {expected}\n  CLI:     {stderr}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
