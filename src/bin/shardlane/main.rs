//! `shardlane`: the core on the command line, for scripts and CI.
//!
//! Output contract: JSON Lines on stdout, one object per key or record (the types in
//! `output.rs`); problems go to stderr as located messages, with a non-zero exit status.
//!
//! Input flows in two steps, as in ripgrep: `args.rs` holds the raw flags clap parses, and
//! `settings.rs` turns them, in one conversion, into the core's validated values (`StreamLayout`,
//! `MappingConfig`, `FunctionModel`, the harness options). Defaults and ranges come from the core,
//! never from literals here. Code producers run in child processes (`engines/`): Python in the
//! system `python3`, JavaScript in `node`, each with the same harness as the page.

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod dynamodb;
#[cfg(not(target_arch = "wasm32"))]
mod engines;
#[cfg(not(target_arch = "wasm32"))]
mod output;
#[cfg(not(target_arch = "wasm32"))]
mod route;
#[cfg(not(target_arch = "wasm32"))]
mod settings;
#[cfg(not(target_arch = "wasm32"))]
mod simulate;
#[cfg(not(target_arch = "wasm32"))]
mod streamed;

#[cfg(target_arch = "wasm32")]
fn main() {}

/// A command's failure: the message printed after `shardlane: `.
#[cfg(not(target_arch = "wasm32"))]
type CliResult<T> = Result<T, String>;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    let result = match args::Cli::parse().command {
        args::Command::Route {
            stream,
            explicit_hash_key,
        } => settings::load_layout(&stream)
            .and_then(|layout| route::route(&layout, explicit_hash_key)),
        args::Command::Simulate(simulate) if simulate.dynamodb.source == "dynamodb" => {
            dynamodb::simulate(*simulate)
        }
        args::Command::Simulate(simulate) => settings::Simulate::from_args(*simulate)
            .and_then(|settings| simulate::simulate(&settings)),
        args::Command::Layout { stream } => settings::load_layout(&stream).and_then(|layout| {
            let text = serde_json::to_string_pretty(&layout.to_list_shards_json())
                .map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(())
        }),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("shardlane: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
