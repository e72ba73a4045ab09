//! `route`: partition keys (or ExplicitHashKeys) on stdin, one per line, to their shards.
//!
//! It streams: lines are read in chunks of [`CHUNK_LINES`] into one reused buffer, a chunk's
//! partition keys are hashed together by the multi-buffer MD5 kernel, and its lines are written
//! before the next chunk is read, so memory stays bounded whatever the input's length. Output
//! comes in input order, and a bad line stops the run after every line before it was written.

use crate::output::RouteLineWriter;
use crate::CliResult;
use shardlane::limits::{partition_key_length, PARTITION_KEY_LENGTH};
use shardlane::{HashKey, Router, StreamLayout};
use std::io::{BufRead, Write};

/// How many lines are hashed together: enough to keep every SIMD lane busy, small enough for the
/// chunk to stay in cache.
const CHUNK_LINES: usize = 4096;

pub fn route(layout: &StreamLayout, explicit: bool) -> CliResult<()> {
    let router = Router::new(layout);
    let mut writer = RouteLineWriter::new(layout);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut input = std::io::BufReader::with_capacity(1 << 16, std::io::stdin().lock());
    let mut chunk = Chunk::default();
    let mut first_line = 1;
    loop {
        let read_error = chunk.read(&mut input);
        let lines = chunk.lines();
        let located =
            |index: usize, message: String| format!("stdin line {}: {message}", first_line + index);
        // Every line up to the first bad one is routed and written; then the error is reported.
        let mut error = None;
        let mut hash_keys = Vec::with_capacity(lines.len());
        for (index, line) in lines.iter().enumerate() {
            let checked = if explicit {
                HashKey::parse_explicit(line)
                    .map(Some)
                    .map_err(|e| format!("{}: {e}", e.aws_code()))
            } else {
                check_partition_key(line).map(|()| None)
            };
            match checked {
                Ok(hash_key) => hash_keys.push(hash_key),
                Err(message) => {
                    error = Some(located(index, message));
                    break;
                }
            }
        }
        let good = &lines[..hash_keys.len()];
        if !explicit {
            let partition_keys = HashKey::from_partition_keys_by(good.len(), |i| &good[i]);
            hash_keys = partition_keys.into_iter().map(Some).collect();
        }
        let mut text = Vec::with_capacity(good.len() * 128);
        for (index, (line, hash_key)) in good.iter().zip(hash_keys).enumerate() {
            let hash_key = hash_key.unwrap_or_default();
            let Some(shard) = router.route(hash_key) else {
                error = Some(located(
                    index,
                    format!("no open shard holds hash key {hash_key}"),
                ));
                break;
            };
            writer.write(&mut text, line, explicit, hash_key, shard);
        }
        out.write_all(&text).map_err(|e| e.to_string())?;
        if let Some(error) = error.or(read_error.map(|e| located(lines.len(), e))) {
            out.flush().map_err(|e| e.to_string())?;
            return Err(error);
        }
        if chunk.at_end {
            return out.flush().map_err(|e| e.to_string());
        }
        first_line += lines.len();
    }
}

/// Why AWS refuses a partition key's length (1 to 256 UTF-16 code units).
fn check_partition_key(line: &str) -> Result<(), String> {
    // A key of 1 to 256 bytes has 1 to 256 UTF-16 units: only others need counting.
    if (1..=256).contains(&line.len()) {
        return Ok(());
    }
    let length = partition_key_length(line);
    if PARTITION_KEY_LENGTH.contains(&length) {
        return Ok(());
    }
    Err(format!(
        "a partition key must have {} to {} characters; this one has {length}",
        PARTITION_KEY_LENGTH.start(),
        PARTITION_KEY_LENGTH.end()
    ))
}

/// Up to [`CHUNK_LINES`] lines of stdin, their buffers reused from chunk to chunk.
#[derive(Default)]
struct Chunk {
    /// Each line without its `\n` (or `\r\n`); the first `len` are this chunk's.
    lines: Vec<String>,
    len: usize,
    bytes: Vec<u8>,
    at_end: bool,
}

impl Chunk {
    /// Reads the next lines. A line that is not UTF-8, or an I/O error, ends the chunk before it
    /// and is returned.
    fn read(&mut self, input: &mut impl BufRead) -> Option<String> {
        self.len = 0;
        while self.len < CHUNK_LINES {
            self.bytes.clear();
            match input.read_until(b'\n', &mut self.bytes) {
                Ok(0) => {
                    self.at_end = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => return Some(e.to_string()),
            }
            if self.bytes.last() == Some(&b'\n') {
                self.bytes.pop();
                if self.bytes.last() == Some(&b'\r') {
                    self.bytes.pop();
                }
            }
            let Ok(text) = std::str::from_utf8(&self.bytes) else {
                return Some("stream did not contain valid UTF-8".to_owned());
            };
            if self.lines.len() == self.len {
                self.lines.push(String::new());
            }
            let line = &mut self.lines[self.len];
            line.clear();
            line.push_str(text);
            self.len += 1;
        }
        None
    }

    fn lines(&self) -> &[String] {
        &self.lines[..self.len]
    }
}
