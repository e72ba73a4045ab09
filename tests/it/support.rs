//! Shared test helpers: AWS's vectors, layouts, resharding histories, a seeded generator of
//! awkward keys, and the `shardlane` binary run as a user runs it.

use proptest::prelude::*;
use serde_json::Value;
use shardlane::layout::StreamLayout;
use shardlane::{HashKey, Router};
use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `tests/vectors/aws.json`: AWS's documented and observed layouts, routes and lineage.
pub fn aws_vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/aws.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("tests/vectors/aws.json")).unwrap()
}

/// Runs `script` (a path in the checkout) with `program` and its `flags`, then `args`; returns its
/// stdout. A failed run fails the test with what it printed.
fn checkout_script(program: &str, flags: &[&str], script: &str, args: &[&OsStr]) -> Vec<u8> {
    let output = Command::new(program)
        .args(flags)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(script))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("{program} runs: {error}"));
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// One of the checkout's Python test scripts in CPython, run as the CLI runs producers
/// (`python3 -B -I -S`: no bytecode, no user site, no site-packages).
pub fn checkout_python(script: &str, args: &[&OsStr]) -> Vec<u8> {
    checkout_script("python3", &["-B", "-I", "-S"], script, args)
}

/// One of the checkout's JavaScript test scripts in Node.
pub fn checkout_node(script: &str, args: &[&OsStr]) -> Vec<u8> {
    checkout_script("node", &[], script, args)
}

/// The built `shardlane` binary, to which a test adds arguments or environment.
pub fn shardlane_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_shardlane"))
}

/// Runs `shardlane` with `args` and `stdin`.
pub fn shardlane(args: &[&str], stdin: &str) -> Output {
    let mut command = shardlane_command();
    command.args(args);
    run_with_stdin(command, stdin)
}

/// Runs `shardlane simulate --source dynamodb --table TABLE EXTRA… INPUT`.
pub fn cli_simulate_dynamodb(table: &Path, extra: &[&str], input: &Path) -> Output {
    let mut args = vec![
        "simulate",
        "--source",
        "dynamodb",
        "--table",
        table.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push(input.to_str().unwrap());
    shardlane(&args, "")
}

pub fn run_with_stdin(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // stdin is written from its own thread while the output is read, so a run that answers
    // before it has read everything (more than a pipe's 64 KiB) cannot deadlock. A run refused
    // before it reads its input (a bad flag) may exit before all of stdin is written: that
    // broken pipe is the run's answer, not the test's failure.
    let mut input = child.stdin.take().unwrap();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || input.write_all(stdin.as_bytes()));
        let output = child.wait_with_output().unwrap();
        if let Err(error) = writer.join().unwrap() {
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
        }
        output
    })
}

/// The JSON Lines of a successful run.
pub fn lines(output: &Output) -> Vec<Value> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A file in the temporary directory, named per test process.
pub fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("shardlane-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

pub fn key(decimal: &str) -> HashKey {
    HashKey(decimal.parse().unwrap())
}

pub fn shard_id_of(layout: &StreamLayout, hash_key: HashKey) -> String {
    let index = Router::new(layout)
        .route(hash_key)
        .expect("every key has an open shard");
    layout.shards[index].id.clone()
}

/// xorshift64*: deterministic, so a failure always reproduces.
pub struct Keys(u64);

impl Keys {
    pub fn new(seed: u64) -> Keys {
        Keys(seed | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn char_from(&mut self, alphabet: &[char]) -> char {
        alphabet[(self.next_u64() % alphabet.len() as u64) as usize]
    }

    /// A partition key of 1..=256 characters mixing ASCII, multi-byte UTF-8 and emoji.
    pub fn partition_key(&mut self) -> String {
        const ASCII: [char; 8] = ['a', 'Z', '0', '9', '-', '_', ' ', '~'];
        const MULTI_BYTE: [char; 6] = ['é', 'ß', 'Ж', '日', '本', '€'];
        const EMOJI: [char; 4] = ['😀', '🚀', '🦀', '🎉'];
        let length = match self.next_u64() % 10 {
            0 => 1,
            1 => 256,
            _ => 1 + (self.next_u64() % 40) as usize,
        };
        let style = self.next_u64() % 4;
        (0..length)
            .map(|_| match (style, self.next_u64() % 3) {
                (0, _) | (3, 0) => self.char_from(&ASCII),
                (1, _) | (3, 1) => self.char_from(&MULTI_BYTE),
                _ => self.char_from(&EMOJI),
            })
            .collect()
    }
}

/// How a stream was reshaped, step by step.
#[derive(Clone, Debug)]
pub struct History {
    /// The layout after each step; the first is a uniform stream. Resharding only appends shards,
    /// so a shard index means the same shard in every later layout.
    pub layouts: Vec<StreamLayout>,
    /// Whether an UpdateShardCount step happened (its intermediate steps are a model, see `layout/resharding.rs`).
    pub rescaled: bool,
}

impl History {
    pub fn last(&self) -> &StreamLayout {
        self.layouts.last().unwrap()
    }
}

/// A stream made by a random sequence of SplitShard, MergeShards and UpdateShardCount calls on a
/// uniform stream; refused calls (AWS's errors) leave the stream as it was.
pub fn history_strategy(
    max_start: usize,
    max_steps: usize,
    with_update_shard_count: bool,
) -> impl Strategy<Value = History> {
    let kinds = if with_update_shard_count { 3u8 } else { 2 };
    (
        1..=max_start,
        proptest::collection::vec((0..kinds, any::<u64>(), any::<u128>()), 0..=max_steps),
    )
        .prop_map(|(count, operations)| {
            let mut history = History {
                layouts: vec![StreamLayout::uniform(count).unwrap()],
                rescaled: false,
            };
            for (operation, pick, split_at) in operations {
                let layout = history.last();
                let open = layout.open_shard_indices();
                let chosen = open[(pick % open.len() as u64) as usize];
                let id = layout.shards[chosen].id.clone();
                let next = match operation {
                    0 => {
                        // Mostly valid split points, sometimes the refused start + 1.
                        let range = layout.shards[chosen].range;
                        let width = range.end.0 - range.start.0;
                        let at = range.start.0.saturating_add(if pick % 8 == 0 {
                            1
                        } else {
                            2 + split_at % width.saturating_sub(2).max(1)
                        });
                        layout.split(&id, HashKey(at))
                    }
                    1 => {
                        let position = open.iter().position(|&i| i == chosen).unwrap();
                        match open.get(position + 1) {
                            Some(&upper) => layout.merge(&id, &layout.shards[upper].id.clone()),
                            None => continue,
                        }
                    }
                    _ => {
                        let current = layout.open_shard_count();
                        let target = (current / 2).max(1) + (pick as usize % (current + 2));
                        let next = layout.update_shard_count(target);
                        history.rescaled |= next.is_ok();
                        next
                    }
                };
                if let Ok(next) = next {
                    history.layouts.push(next);
                }
            }
            history
        })
}
