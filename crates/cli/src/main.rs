//! The `clausewatch` command: every capability of the engine, scriptable without a window.

mod args;
mod commands;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use tracing_subscriber::EnvFilter;

use clausewatch_store::Store;

use crate::args::{Args, Command};
use crate::commands::Output;

fn main() -> ExitCode {
    let args = Args::parse();
    init_logging();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to standard error; the level comes from `CLAUSEWATCH_LOG` (default: warnings).
fn init_logging() {
    let filter =
        EnvFilter::try_from_env("CLAUSEWATCH_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

fn run(args: Args) -> Result<()> {
    let data_dir = match args.data_dir {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    let mut store = Store::open_in(&data_dir)
        .with_context(|| format!("could not open the store in {}", data_dir.display()))?;
    let out = Output { json: args.json };

    match args.command {
        Command::Import { path } => commands::import(&mut store, &path, &out),
        Command::Platforms => commands::platforms(&store, &out),
        Command::Versions { platform, document } => {
            commands::versions(&store, &platform, &document, &out)
        }
        Command::Changes { platform, document, since, until, substantive } => commands::changes(
            &store,
            &platform,
            &document,
            since.as_deref(),
            until.as_deref(),
            substantive,
            &out,
        ),
        Command::Clause { clause_id } => commands::clause(&store, &clause_id, &out),
        Command::AsOf { platform, document, date } => {
            commands::as_of(&store, &platform, &document, &date, &out)
        }
        Command::Diff { platform, document, from, to, substantive } => {
            commands::diff(&store, &platform, &document, &from, &to, substantive, &out)
        }
        Command::Search { query, limit } => commands::search(&store, &query, limit, &out),
        Command::Reanalyze => commands::reanalyze(&mut store, &out),
    }
}

/// Returns the platform's data directory for Clausewatch (XDG on Linux).
fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "clausewatch")
        .map(|dirs| dirs.data_dir().to_owned())
        .context(
            "no home directory to hold the data; pass --data-dir DIR or set CLAUSEWATCH_DATA_DIR",
        )
}
