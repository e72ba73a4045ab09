//! The code engines of the CLI: a producer in Python or JavaScript runs in a child process
//! (`python3`, `node`) with the same harness as the page, and answers with the harness JSON that
//! `producers::harness::parse_harness_output` reads.
//!
//! A child process, not a thread: neither engine has a step budget, so the time limit can only be
//! kept by killing the whole interpreter, as the page terminates its Web Worker. The request goes
//! in on stdin and the answer comes back on stdout, both read and written on their own threads so
//! a large answer cannot block the child while we wait for it.

mod node;
mod python;

use crate::CliResult;
use shardlane::producers::harness::parse_harness_output;
use shardlane::producers::ProducerRun;
use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How often a running child is checked for its exit.
const POLL: Duration = Duration::from_millis(5);

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    /// The system `python3 -B -I -S` running `www/python-engine/harness.py`.
    Python,
    /// `node` running `www/js-engine/node-main.mjs` (the page's `harness.js`).
    Node,
}

impl Engine {
    /// Runs `code` with the harness options JSON, killing the engine after `limit`.
    pub fn run(self, code: &str, options_json: &str, limit: Duration) -> CliResult<ProducerRun> {
        let answer = self.answer(code, options_json, limit)?;
        parse_harness_output(&answer).map_err(|d| d.to_string())
    }

    /// The harness's answer (JSON) for `code`, unread.
    pub fn answer(self, code: &str, options_json: &str, limit: Duration) -> CliResult<String> {
        let (command, request) = match self {
            Engine::Python => python::command(code, options_json),
            Engine::Node => node::command(code, options_json)?,
        };
        let answer = run_child(command, request, limit).map_err(|failure| match failure {
            Failure::Missing => self.missing(),
            Failure::TimedOut => format!(
                "stopped after {} s: the producer was still running (an endless loop without puts?)",
                limit.as_secs()
            ),
            Failure::Failed(message) => format!("the {} engine failed: {message}", self.name()),
        })?;
        Ok(answer)
    }

    fn name(self) -> &'static str {
        match self {
            Engine::Python => "Python",
            Engine::Node => "JavaScript",
        }
    }

    fn missing(self) -> String {
        match self {
            Engine::Python => "running a Python producer needs python3 on PATH".into(),
            Engine::Node => "running a JavaScript producer needs node on PATH".into(),
        }
    }
}

/// Why a child gave no answer.
enum Failure {
    /// The program is not on PATH.
    Missing,
    TimedOut,
    /// It could not start, exited with an error, or wrote something other than UTF-8.
    Failed(String),
}

/// Runs `command` with `request` on its stdin and returns its stdout, or kills it at `limit`.
fn run_child(mut command: Command, request: String, limit: Duration) -> Result<String, Failure> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => Failure::Missing,
            _ => Failure::Failed(e.to_string()),
        })?;
    let started = Instant::now();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // A child that dies early closes its stdin; its exit status tells why, not this write.
    thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = read_on_a_thread(child.stdout.take().expect("stdout is piped"));
    let stderr = read_on_a_thread(child.stderr.take().expect("stderr is piped"));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::TimedOut);
            }
            Ok(None) => thread::sleep(POLL),
            Err(e) => return Err(Failure::Failed(e.to_string())),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    if !status.success() {
        let stderr = stderr.join().unwrap_or_default();
        return Err(Failure::Failed(format!(
            "{status}: {}",
            String::from_utf8_lossy(&stderr).trim()
        )));
    }
    String::from_utf8(stdout).map_err(|e| Failure::Failed(e.to_string()))
}

fn read_on_a_thread(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}
