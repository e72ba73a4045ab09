//! `simulate`: producer input → records → the core's `simulate` → one JSON line per record
//! (keys and NDJSON files stream through `streamed.rs` instead).

use crate::output::{write_line, RecordLine};
use crate::settings::{read_input, Producer, Simulate};
use crate::{engines, CliResult};
use shardlane::mapping::EventSource;
use shardlane::producers::harness::harness_options_json;
use shardlane::producers::{self, Language, ProducerRun, StopReason};
use shardlane::simulation::lag::duration;
use shardlane::{simulate as simulate_records, Simulation, SimulationInput, StreamLayout};
use std::io::Write;

pub fn simulate(settings: &Simulate) -> CliResult<()> {
    // A keys or NDJSON file is read twice instead of held (`streamed.rs`); the rest is read whole.
    if let Ok(result) = crate::streamed::simulate(settings) {
        return result;
    }
    let path = settings.input.as_str();
    let text = read_input(path)?;
    let language = settings
        .producer
        .language
        .unwrap_or_else(|| language_of(path, &text));
    let run = produce(language, &text, &settings.layout, &settings.producer)?;
    for warning in &run.warnings {
        eprintln!("shardlane: {path}: warning: {warning}");
    }
    if !run.console.is_empty() {
        eprint!("{}", run.console);
    }
    if let Some(error) = &run.error {
        return Err(format!("{path}: {error}"));
    }
    if run.stopped == Some(StopReason::RecordCap) {
        eprintln!(
            "shardlane: {path}: stopped after {} records (the record cap); the records so far are simulated",
            run.records.len()
        );
    }
    let records = run.records;
    let layout = &settings.layout;
    let source = EventSource {
        stream_name: records
            .first()
            .map_or(layout.stream_name.clone(), |r| r.stream.clone()),
        ..EventSource::default()
    };
    let input = SimulationInput::new(
        &records,
        layout,
        &settings.mapping,
        &settings.function,
        &source,
    )
    .with_failures(&settings.failures);
    let simulation = simulate_records(&input);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let batches = &simulation.mapping.batches;
    for (seq, (record, outcome)) in records.iter().zip(&simulation.outcomes).enumerate() {
        write_line(
            &mut out,
            &RecordLine::new(seq, record, layout, outcome, batches),
        )?;
    }
    out.flush().map_err(|e| e.to_string())?;
    if let Some(path) = &settings.on_failure_documents {
        write_on_failure_documents(path, &simulation, &input)?;
    }
    if settings.summary {
        for finding in &simulation.insights.findings {
            eprintln!("{finding}");
        }
        print_lag_summary(&simulation, layout);
    }
    Ok(())
}

/// One compact JSON document per line, as the destination receives them in order.
fn write_on_failure_documents(
    path: &str,
    simulation: &Simulation,
    input: &SimulationInput<'_>,
) -> CliResult<()> {
    let mut text = Vec::new();
    for record in simulation.on_failure_records(input) {
        write_line(&mut text, &record)?;
    }
    std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))
}

/// Per shard: the largest IteratorAge, how long failing batches blocked it, and the longest a
/// record waited to be read.
fn print_lag_summary(simulation: &Simulation, layout: &StreamLayout) {
    let lag = &simulation.insights.lag;
    for (shard, ((age, blocked), read)) in lag
        .max_iterator_age_ms
        .iter()
        .zip(&lag.blocked_ms)
        .zip(&lag.max_read_wait_ms)
        .enumerate()
    {
        eprintln!(
            "{}: max iterator age {}, blocked {}, longest wait to be read {}",
            layout.shards[shard].id,
            duration(*age),
            duration(*blocked),
            duration(*read)
        );
    }
}

/// The language a file's extension names, else the core's guess from its text.
fn language_of(path: &str, text: &str) -> Language {
    match path.rsplit('.').next() {
        Some("py") => Language::Python,
        Some("js" | "mjs" | "cjs" | "ts") => Language::JavaScript,
        Some("sh" | "bash") => Language::AwsCli,
        Some("json" | "ndjson" | "jsonl") => Language::Json,
        _ => producers::detect_language(text),
    }
}

/// Runs the producer input through its front end: Rust readers for data, a child process for code.
fn produce(
    language: Language,
    text: &str,
    layout: &StreamLayout,
    producer: &Producer,
) -> CliResult<ProducerRun> {
    let engine = match language {
        Language::Json => return Ok(producers::parse_json(text)),
        Language::AwsCli => return Ok(producers::aws_cli::parse_aws_cli(text)),
        Language::Keys => return Ok(producers::parse_key_lines(text)),
        Language::Python => engines::Engine::Python,
        Language::JavaScript => engines::Engine::Node,
    };
    let options = harness_options_json(layout, &producer.options);
    engine.run(text, &options, producer.time_limit)
}
