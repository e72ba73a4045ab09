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
    use shardlane::mapping::config::{AwsFilter, AwsFilterCriteria};
    use shardlane::mapping::{EventSource, FunctionModel, MappingConfig};
    use shardlane::producers::harness::HarnessOptions;
    use shardlane::producers::{self, Language, ProducerRun, StopReason};
    use shardlane::{simulate, HashKey, Router, SimulationInput, StreamLayout};
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
            #[command(flatten)]
            producer: ProducerArgs,
            /// Producer input: Python (.py), AWS CLI lines (.sh), a PutRecords request JSON, a JSON
            /// array of entries, NDJSON, or partition keys one per line; `-` reads stdin.
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
    struct ProducerArgs {
        /// The input's language, when its file extension and content don't tell.
        #[arg(long, value_parser = language_parser())]
        language: Option<Language>,
        /// Stop a producer after this many records (1..1000000).
        #[arg(long, default_value_t = shardlane::producers::harness::DEFAULT_RECORD_CAP)]
        record_cap: usize,
        /// Seed for Python's random and uuid.uuid4.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Wall-clock limit for running Python, in seconds.
        #[arg(long, default_value_t = 5)]
        timeout: u64,
    }

    /// `--language` takes the core's language ids, the same the page and share links use.
    fn language_parser() -> impl clap::builder::TypedValueParser<Value = Language> {
        use clap::builder::{PossibleValuesParser, TypedValueParser};
        PossibleValuesParser::new(Language::ALL.map(Language::id))
            .map(|id: String| Language::from_id(&id).expect("clap accepts only language ids"))
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
        /// A FilterCriteria pattern (JSON), e.g. '{"data": {"type": ["c"]}}'; repeat for up to 5.
        #[arg(long = "filter")]
        filters: Vec<String>,
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
                producer,
                input,
            } => run_simulation(&stream, &mapping, &producer, summary, &input),
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

    fn language_of(path: &str, text: &str) -> Language {
        match path.rsplit('.').next() {
            Some("py") => Language::Python,
            Some("js" | "mjs" | "cjs" | "ts") => Language::JavaScript,
            Some("sh" | "bash") => Language::AwsCli,
            Some("json" | "ndjson" | "jsonl") => Language::Json,
            _ => producers::detect_language(text),
        }
    }

    /// Runs the producer input through its front end.
    fn produce(
        language: Language,
        text: &str,
        layout: &StreamLayout,
        args: &ProducerArgs,
    ) -> CliResult<ProducerRun> {
        match language {
            Language::Json => Ok(producers::parse_json(text)),
            Language::AwsCli => Ok(producers::aws_cli::parse_aws_cli(text)),
            Language::Keys => Ok(producers::parse_key_lines(text)),
            Language::JavaScript => {
                Err("JavaScript producers run in the browser's engine: open the playground (bash scripts/serve.sh)".into())
            }
            Language::Python => {
                let options = HarnessOptions {
                    record_cap: args.record_cap,
                    seed: args.seed,
                    ..HarnessOptions::default()
                };
                options.validate().map_err(|d| d.to_string())?;
                run_python(text, &producers::harness::harness_options_json(layout, &options), args.timeout)
            }
        }
    }

    #[cfg(feature = "python")]
    fn run_python(code: &str, options_json: &str, timeout_seconds: u64) -> CliResult<ProducerRun> {
        let (code, options) = (code.to_owned(), options_json.to_owned());
        let (sender, receiver) = std::sync::mpsc::channel();
        // The interpreter has no step budget, so a runaway script is left behind on its thread
        // when the wall-clock limit passes, and the process exits.
        std::thread::spawn(move || {
            let _ = sender.send(shardlane_python::run_harness(&code, &options));
        });
        match receiver.recv_timeout(std::time::Duration::from_secs(timeout_seconds)) {
            Ok(Ok(output)) => producers::harness::parse_harness_output(&output).map_err(|d| d.to_string()),
            Ok(Err(internal)) => Err(format!("the Python engine failed: {internal}")),
            Err(_) => Err(format!(
                "stopped after {timeout_seconds} s: the producer was still running (an endless loop without puts?)"
            )),
        }
    }

    #[cfg(not(feature = "python"))]
    fn run_python(
        _code: &str,
        _options_json: &str,
        _timeout_seconds: u64,
    ) -> CliResult<ProducerRun> {
        Err("this shardlane was built without Python: build it with `--features python`".into())
    }

    fn run_simulation(
        stream: &StreamArgs,
        args: &MappingArgs,
        producer: &ProducerArgs,
        summary: bool,
        path: &str,
    ) -> CliResult<()> {
        let layout = load_layout(stream)?;
        let text = read_input(path)?;
        let language = producer
            .language
            .unwrap_or_else(|| language_of(path, &text));
        let run = produce(language, &text, &layout, producer)?;
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
        let mapping = MappingConfig {
            batch_size: args.batch_size,
            parallelization_factor: args.parallelization_factor,
            maximum_batching_window_seconds: args.batching_window,
            filter_criteria: (!args.filters.is_empty()).then(|| AwsFilterCriteria {
                filters: args
                    .filters
                    .iter()
                    .map(|pattern| AwsFilter {
                        pattern: pattern.clone(),
                    })
                    .collect(),
            }),
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
            stream_name: records
                .first()
                .map_or(layout.stream_name.clone(), |r| r.stream.clone()),
            ..EventSource::default()
        };
        let input = SimulationInput::new(&records, &layout, &mapping, &function, &source);
        let simulation = simulate(&input);
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for (seq, (record, outcome)) in records.iter().zip(&simulation.outcomes).enumerate() {
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
                "filtered_out": outcome.filtered_out,
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
