//! `simulate` of a keys file or an NDJSON file without holding it: the file is read twice, a
//! chunk of records at a time. Pass one feeds the core's `ChunkedSimulation` (validate, hash,
//! place, then throttle, number, filter and the mapping engine, keeping 48 bytes of facts per
//! record); pass two reads the records again and writes each one's line from its outcome.
//!
//! Only a file can be read twice: stdin, code producers (Python, JavaScript, AWS CLI lines), a
//! PutRecords request or a JSON array, and `--summary` or `--on-failure-documents` (which need
//! every outcome at once) take the whole-in-memory path in `simulate.rs`. So does any file this
//! reader is not sure of: pass one writes nothing, and on a read or parse error, a guess of
//! language that the whole text would not make, or an empty input, it gives way to that path,
//! which reads the file whole and reports exactly what it always did.

use crate::output::{write_line, RecordLine};
use crate::settings::Simulate;
use crate::CliResult;
use shardlane::input::{NdjsonLines, ParsedRecords};
use shardlane::mapping::EventSource;
use shardlane::producers::{key_line_record, Language, LanguageClues};
use shardlane::simulation::chunked::ChunkedSimulation;
use shardlane::ProducedRecord;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};

/// Records per chunk: enough for the multi-buffer MD5 and few calls, small next to the facts.
const CHUNK_RECORDS: usize = 8192;

/// The file must be read whole instead (see the module doc).
pub struct ReadWhole;

/// How the file is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// One partition key per non-empty line.
    Keys,
    /// One PutRecord entry per non-blank line.
    Ndjson,
}

/// Simulates `settings.input` streamed to stdout, or answers [`ReadWhole`] before writing
/// anything.
pub fn simulate(settings: &Simulate) -> Result<CliResult<()>, ReadWhole> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    simulate_into(settings, &mut out)
}

fn simulate_into(settings: &Simulate, out: &mut impl Write) -> Result<CliResult<()>, ReadWhole> {
    let path = settings.input.as_str();
    if path == "-" || settings.summary || settings.on_failure_documents.is_some() {
        return Err(ReadWhole);
    }
    // The language as `simulate.rs` decides it; `None`: guessed from the text (checked at the end).
    let language = match settings.producer.language {
        Some(language) => Some(language),
        None => match path.rsplit('.').next() {
            Some("py" | "js" | "mjs" | "cjs" | "ts" | "sh" | "bash") => return Err(ReadWhole),
            Some("json" | "ndjson" | "jsonl") => Some(Language::Json),
            _ => None,
        },
    };
    let format = match language {
        Some(Language::Keys) => Format::Keys,
        Some(Language::Json) => Format::Ndjson,
        Some(_) => return Err(ReadWhole),
        None => match first_char(path).ok_or(ReadWhole)? {
            Some('{') => Format::Ndjson,
            Some('[') => return Err(ReadWhole),
            _ => Format::Keys,
        },
    };
    let guessed = language.is_none();

    // Pass one.
    let mut reader = Reader::open(path, format, guessed)?;
    let first = reader.next_chunk()?.ok_or(ReadWhole)?;
    let source = EventSource {
        stream_name: first[0].stream.clone(),
        ..EventSource::default()
    };
    let mut simulation = ChunkedSimulation::new(
        &settings.layout,
        &settings.mapping,
        &settings.function,
        &source,
        &settings.failures,
    );
    if let Err(error) = simulation.push(first) {
        return Ok(Err(format!("{path}: {error}")));
    }
    while let Some(chunk) = reader.next_chunk()? {
        if let Err(error) = simulation.push(chunk) {
            return Ok(Err(format!("{path}: {error}")));
        }
    }
    let warnings = reader.finish()?;
    for warning in &warnings {
        eprintln!("shardlane: {path}: warning: {warning}");
    }
    let run = simulation.finish();

    // Pass two.
    let layout = &settings.layout;
    let mut reader = match Reader::open(path, format, false) {
        Ok(reader) => reader,
        Err(ReadWhole) => return Ok(Err(format!("{path}: could not be read again"))),
    };
    let mut seq = 0;
    loop {
        let chunk = match reader.next_chunk() {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(ReadWhole) => return Ok(Err(format!("{path}: changed while it was read"))),
        };
        if seq + chunk.len() > run.len() {
            return Ok(Err(format!("{path}: changed while it was read")));
        }
        for record in chunk {
            let outcome = run.outcome(seq, record);
            let line = RecordLine::new(seq, record, layout, &outcome, &run.mapping.batches);
            if let Err(error) = write_line(out, &line) {
                return Ok(Err(error));
            }
            seq += 1;
        }
    }
    if seq != run.len() {
        return Ok(Err(format!("{path}: changed while it was read")));
    }
    Ok(out.flush().map_err(|e| e.to_string()))
}

/// The file's first character that is not whitespace (`None`: there is none), if it can be read.
fn first_char(path: &str) -> Option<Option<char>> {
    let mut reader = BufReader::new(File::open(path).ok()?);
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return Some(None);
        }
        let text = std::str::from_utf8(&line).ok()?;
        if let Some(c) = text.trim_start().chars().next() {
            return Some(Some(c));
        }
    }
}

/// Reads a file's records a chunk at a time, its lines split as `str::lines` splits them.
struct Reader {
    file: BufReader<File>,
    format: Format,
    /// Gathered when the language is guessed from the text.
    clues: Option<LanguageClues>,
    line: Vec<u8>,
    line_index: usize,
    /// Key lines read so far (each its own put call).
    calls: usize,
    ndjson: NdjsonLines,
    /// Non-blank NDJSON lines so far.
    ndjson_lines: usize,
    parsed: ParsedRecords,
}

impl Reader {
    fn open(path: &str, format: Format, guessed: bool) -> Result<Reader, ReadWhole> {
        Ok(Reader {
            file: BufReader::with_capacity(1 << 16, File::open(path).map_err(|_| ReadWhole)?),
            format,
            clues: guessed.then(LanguageClues::default),
            line: Vec::new(),
            line_index: 0,
            calls: 0,
            ndjson: NdjsonLines::default(),
            ndjson_lines: 0,
            parsed: ParsedRecords::default(),
        })
    }

    /// The next records (at most [`CHUNK_RECORDS`]); `None` at the end of the file.
    fn next_chunk(&mut self) -> Result<Option<&[ProducedRecord]>, ReadWhole> {
        self.parsed.records.clear();
        while self.parsed.records.len() < CHUNK_RECORDS {
            self.line.clear();
            let read = self
                .file
                .read_until(b'\n', &mut self.line)
                .map_err(|_| ReadWhole)?;
            if read == 0 {
                break;
            }
            let mut bytes = &self.line[..];
            if let Some(rest) = bytes.strip_suffix(b"\n") {
                bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
            }
            let line = std::str::from_utf8(bytes).map_err(|_| ReadWhole)?;
            if let Some(clues) = &mut self.clues {
                clues.line(line);
            }
            let index = self.line_index;
            self.line_index += 1;
            match self.format {
                Format::Keys if line.is_empty() => {}
                Format::Keys => {
                    let record = key_line_record(self.calls, index, line);
                    self.calls += 1;
                    self.parsed.records.push(record);
                }
                Format::Ndjson => {
                    // NDJSON is split at `\n` only: a `\r` before it is JSON whitespace.
                    let line =
                        std::str::from_utf8(self.line.strip_suffix(b"\n").unwrap_or(&self.line))
                            .map_err(|_| ReadWhole)?;
                    if !line.trim().is_empty() {
                        self.ndjson_lines += 1;
                        // The first line must hold a whole JSON object, as the whole text's
                        // reader finds NDJSON only after one.
                        if self.ndjson_lines == 1
                            && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(
                                line,
                            )
                            .is_err()
                        {
                            return Err(ReadWhole);
                        }
                    }
                    self.ndjson
                        .read_line(index, line, &mut self.parsed)
                        .map_err(|_| ReadWhole)?;
                }
            }
        }
        Ok((!self.parsed.records.is_empty()).then_some(&self.parsed.records[..]))
    }

    /// The warnings, once the whole file is read and is what the whole-text reader would take it
    /// for.
    fn finish(self) -> Result<Vec<shardlane::Diagnostic>, ReadWhole> {
        let expected = match self.format {
            Format::Keys => Language::Keys,
            Format::Ndjson => Language::Json,
        };
        if self.clues.is_some_and(|clues| clues.language() != expected) {
            return Err(ReadWhole);
        }
        if self.format == Format::Ndjson && self.ndjson_lines < 2 {
            return Err(ReadWhole);
        }
        Ok(self.parsed.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str]) -> Simulate {
        let cli =
            crate::args::Cli::try_parse_from(["shardlane", "simulate"].iter().chain(args).copied())
                .unwrap();
        let crate::args::Command::Simulate(args) = cli.command else {
            unreachable!()
        };
        Simulate::from_args(*args).unwrap()
    }

    fn case(name: &str) -> String {
        format!("{}/tests/cli_simulate/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    /// The cases of tests/cli_simulate (whose output tests/it/cli_simulate_streams.rs checks)
    /// really stream, and what the stream is unsure of is read whole.
    #[test]
    fn keys_and_ndjson_files_stream_and_the_rest_is_read_whole() {
        let (keys, ndjson) = (case("keys.txt"), case("records.ndjson"));
        for args in [
            vec!["--shards", "2", &keys],
            vec!["--shards", "2", "--language", "keys", &keys],
            vec!["--shards", "2", &ndjson],
            vec!["--shards", "2", "--language", "json", &ndjson],
        ] {
            let mut out = Vec::new();
            let result = simulate_into(&settings(&args), &mut out);
            assert!(matches!(result, Ok(Ok(()))), "{args:?}");
            assert!(out.ends_with(b"}\n"), "{args:?}");
        }
        let layout = case("resharded-layout.json");
        for args in [
            vec!["--shards", "2", "-"],
            vec!["--shards", "2", "--summary", &keys],
            vec![
                "--shards",
                "2",
                "--on-failure-documents",
                "/dev/null",
                &keys,
            ],
            vec!["--shards", "2", "--language", "python", &keys],
            // A single JSON object: a request, not NDJSON.
            vec!["--shards", "2", &layout],
            vec!["--shards", "2", "/nonexistent/file.txt"],
        ] {
            let mut out = Vec::new();
            let result = simulate_into(&settings(&args), &mut out);
            assert!(matches!(result, Err(ReadWhole)), "{args:?}");
            assert!(out.is_empty());
        }
    }
}
