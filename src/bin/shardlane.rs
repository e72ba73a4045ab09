//! `shardlane`: the core on the command line, for scripts and CI.
//!
//! Output contract: JSON Lines on stdout, one object per key or record; problems go to stderr as
//! located messages, with a non-zero exit status.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use clap::{Args, Parser, Subcommand};
    use serde_json::json;
    use shardlane::input::parse_records_json;
    use shardlane::limits::ProducerLimits;
    use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
    use shardlane::{simulate, Diagnostic, HashKey, Router, SimulationInput, StreamLayout};
    use std::io::{BufRead, Read, Write};
    use std::process::ExitCode;

    #[derive(Parser)]
    #[command(
        name = "shardlane",
        version,
        about = "Where each Kinesis record goes, and which Lambda invocation runs it"
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Route partition keys (one per line on stdin) to shards.
        Route {
            #[command(flatten)]
            stream: StreamArgs,
            /// Read ExplicitHashKeys instead of partition keys.
            #[arg(long)]
            explicit_hash_key: bool,
        },
        /// Simulate producer records through the stream and a Lambda event source mapping.
        Simulate {
            #[command(flatten)]
            stream: StreamArgs,
            #[command(flatten)]
            mapping: MappingArgs,
            /// Print the insights (hot shards, concurrency ceiling…) to stderr after the records.
            #[arg(long)]
            summary: bool,
            /// A PutRecords request JSON, a JSON array of entries, or NDJSON; `-` reads stdin.
            input: String,
        },
        /// Print a stream's layout as `aws kinesis list-shards` JSON.
        Layout {
            #[command(flatten)]
            stream: StreamArgs,
        },
    }

    #[derive(Args)]
    struct StreamArgs {
        /// A uniform stream of N shards, as CreateStream makes it.
        #[arg(long, conflicts_with = "layout")]
        shards: Option<usize>,
        /// A layout from `aws kinesis list-shards` or `describe-stream` JSON.
        #[arg(long)]
        layout: Option<String>,
    }

    #[derive(Args)]
    struct MappingArgs {
        /// BatchSize (1..10000).
        #[arg(long, default_value_t = 100)]
        batch_size: u32,
        /// ParallelizationFactor, concurrent batches per shard (1..10).
        #[arg(long, default_value_t = 1)]
        parallelization_factor: u32,
        /// MaximumBatchingWindowInSeconds (0..300).
        #[arg(long, default_value_t = 0)]
        batching_window: u32,
        /// Function time per invocation, in ms (a model).
        #[arg(long, default_value_t = 200)]
        function_ms: u64,
        /// Function time per record, in ms (a model).
        #[arg(long, default_value_t = 10)]
        per_record_ms: u64,
        /// Extra time for a new execution environment, in ms (a model).
        #[arg(long, default_value_t = 300)]
        cold_start_ms: u64,
        /// Reserved concurrency: the most execution environments at once.
        #[arg(long)]
        max_environments: Option<u32>,
    }

    type CliResult<T> = Result<T, String>;

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        let result = match cli.command {
            Command::Route {
                stream,
                explicit_hash_key,
            } => route(&stream, explicit_hash_key),
            Command::Simulate {
                stream,
                mapping,
                summary,
                input,
            } => run_simulation(&stream, &mapping, summary, &input),
            Command::Layout { stream } => load_layout(&stream).and_then(|layout| {
                let text = serde_json::to_string_pretty(&layout.to_list_shards_json())
                    .map_err(|e| e.to_string())?;
                println!("{text}");
                Ok(())
            }),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("shardlane: {message}");
                ExitCode::FAILURE
            }
        }
    }

    fn read_input(path: &str) -> CliResult<String> {
        let mut text = String::new();
        if path == "-" {
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("stdin: {e}"))?;
        } else {
            text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        }
        Ok(text)
    }

    fn load_layout(args: &StreamArgs) -> CliResult<StreamLayout> {
        match (&args.layout, args.shards) {
            (Some(path), _) => {
                let layout = StreamLayout::from_aws_json(&read_input(path)?)
                    .map_err(|d| format!("{path}: {d}"))?;
                for problem in layout.coverage_problems() {
                    eprintln!("shardlane: {path}: warning: {problem}");
                }
                Ok(layout)
            }
            (None, shards) => StreamLayout::uniform(shards.unwrap_or(1)).map_err(|e| e.to_string()),
        }
    }

    fn route(args: &StreamArgs, explicit: bool) -> CliResult<()> {
        let layout = load_layout(args)?;
        let router = Router::new(&layout);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for (index, line) in std::io::stdin().lock().lines().enumerate() {
            let line = line.map_err(|e| format!("stdin line {}: {e}", index + 1))?;
            let located = |message: String| format!("stdin line {}: {message}", index + 1);
            let (hash_key, partition_key, explicit_key) = if explicit {
                let key = HashKey::parse_explicit(&line)
                    .map_err(|e| located(format!("{}: {e}", e.aws_code())))?;
                (key, None, Some(line))
            } else {
                let length = shardlane::limits::partition_key_length(&line);
                if !(1..=256).contains(&length) {
                    return Err(located(format!(
                        "a partition key must have 1 to 256 characters; this one has {length}"
                    )));
                }
                (HashKey::from_partition_key(&line), Some(line), None)
            };
            let shard_id = router
                .route(hash_key)
                .map(|i| layout.shards[i].id.clone())
                .ok_or_else(|| located(format!("no open shard holds hash key {hash_key}")))?;
            let mut object = json!({
                "partition_key": partition_key,
                "hash_key": hash_key.to_string(),
                "shard_id": shard_id,
            });
            if explicit {
                object["explicit_hash_key"] = json!(explicit_key);
            }
            writeln!(out, "{object}").map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())
    }

    fn run_simulation(
        stream: &StreamArgs,
        args: &MappingArgs,
        summary: bool,
        path: &str,
    ) -> CliResult<()> {
        let layout = load_layout(stream)?;
        let text = read_input(path)?;
        let located = |d: Diagnostic| format!("{path}: {d}");
        let parsed = parse_records_json(&text).map_err(located)?;
        for warning in &parsed.warnings {
            eprintln!("shardlane: {path}: warning: {warning}");
        }
        let mapping = MappingConfig {
            batch_size: args.batch_size,
            parallelization_factor: args.parallelization_factor,
            maximum_batching_window_seconds: args.batching_window,
            ..MappingConfig::default()
        };
        mapping.validate().map_err(|e| e.to_string())?;
        let function = FunctionModel {
            fixed_ms: args.function_ms,
            per_record_ms: args.per_record_ms,
            cold_start_ms: args.cold_start_ms,
            max_environments: args.max_environments,
        };
        function.validate().map_err(|e| e.to_string())?;
        let source = EventSource {
            stream_name: parsed
                .records
                .first()
                .map_or(layout.stream_name.clone(), |r| r.stream.clone()),
            ..EventSource::default()
        };
        let input = SimulationInput {
            records: &parsed.records,
            layout: &layout,
            mapping: &mapping,
            function: &function,
            limits: &ProducerLimits::default(),
            source: &source,
        };
        let simulation = simulate(&input);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for (seq, (record, outcome)) in parsed.records.iter().zip(&simulation.outcomes).enumerate()
        {
            let batch = outcome.batch.map(|b| &simulation.mapping.batches[b]);
            let line = json!({
                "seq": seq,
                "partition_key": record.partition_key,
                "explicit_hash_key": record.explicit_hash_key,
                "hash_key": outcome.hash_key.map(|k| k.to_string()),
                "shard_id": outcome.shard.map(|s| layout.shards[s].id.as_str()),
                "lane": outcome.lane,
                "batch": batch.map(|b| b.number),
                "environment": batch.map(|b| b.environment),
                "data_base64": STANDARD.encode(&record.data),
                "sequence_number": outcome.sequence_number,
                "arrival_ms": record.arrival_ms,
                "error": outcome.error.as_ref().map(|e| json!({"code": e.code, "message": e.message})),
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        out.flush().map_err(|e| e.to_string())?;
        if summary {
            for finding in &simulation.insights.findings {
                eprintln!("{finding}");
            }
        }
        Ok(())
    }
}
