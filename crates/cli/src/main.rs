//! The `clausewatch` command: every capability of the engine, scriptable without a window.

mod analysis_args;
mod analysis_commands;
mod args;
mod commands;
mod data_commands;
mod eval_command;
mod memo_command;
mod reclassify_command;
mod render;
mod watch_args;
mod watch_commands;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;
use tracing_subscriber::EnvFilter;

use clausewatch_store::Store;
use clausewatch_store::backup::BrokenAuditLog;

use crate::args::{Args, Command};
use crate::commands::Output;

/// jemalloc, tuned for page bodies that come and go (see the watcher's `allocator` module).
#[global_allocator]
static ALLOCATOR: clausewatch_watcher::allocator::Allocator =
    clausewatch_watcher::allocator::ALLOCATOR;

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => return usage_error(&error),
    };
    let json = args.json;
    init_logging();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) if json => {
            write_json_error(error_code(&error), &error_chain(&error));
            ExitCode::FAILURE
        }
        Err(error) => {
            // `eprintln!` panics when standard error is closed, and the exit code reports the failure.
            let _ = writeln!(std::io::stderr(), "error: {}", error_chain(&error));
            ExitCode::FAILURE
        }
    }
}

/// Writes a failure as one JSON object on standard error, `{"code": …, "message": …}`, so that
/// a script that asked for `--json` can read it too.
fn write_json_error(code: &str, message: &str) {
    let line = serde_json::json!({ "code": code, "message": message });
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Reports a command line that does not parse, and help or version output, as clap does, except
/// that with `--json` a usage error is one JSON object: {"code": "usage", "message": …}.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;

    let json = std::env::args_os().skip(1).take_while(|arg| arg != "--").any(|arg| arg == "--json");
    let shows_text = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !json || shows_text {
        error.exit();
    }

    let message = error.render().to_string();
    write_json_error("usage", message.trim().trim_start_matches("error: "));
    ExitCode::from(2)
}

/// Returns the code of a failed command for `--json`. It is the store's code ("not_found",
/// "invalid_input", …) when the store raised the error, and "io" for a file that could not be
/// read or written. Otherwise it is "invalid_input", because the command's own checks are of
/// its arguments.
fn error_code(error: &anyhow::Error) -> &'static str {
    let store =
        error.chain().find_map(|cause| cause.downcast_ref::<clausewatch_store::StoreError>());
    if let Some(store) = store {
        return store.code();
    }
    if error.chain().any(|cause| cause.is::<std::io::Error>()) {
        return "io";
    }
    "invalid_input"
}

/// Returns whether the error is a closed output pipe, as when the output goes to `head`.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    error.chain().any(|cause| {
        // JSON output is written through serde_json, which wraps the I/O error in its own.
        let io = cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        let json =
            cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind);
        io == broken || json == broken
    })
}

/// Returns the error with its causes, leaving out a cause whose text the message before it
/// already contains (SQLite and I/O errors repeat their own text as their source).
fn error_chain(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Logs to standard error; the level comes from `CLAUSEWATCH_LOG` (default: warnings, and the
/// progress of checks).
fn init_logging() {
    let default = format!("warn,{}=info", clausewatch_watcher::fetch::PROGRESS_TARGET);
    let filter =
        EnvFilter::try_from_env("CLAUSEWATCH_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

fn run(args: Args) -> Result<()> {
    // The classifier's evaluation reads labelled files, not the store.
    if let Command::EvalClassifier { dir, set, taxonomy } = &args.command {
        let out = Output { json: args.json };
        return eval_command::eval_classifier(dir, *set, taxonomy.as_deref(), &out);
    }

    let data_dir = match args.data_dir {
        Some(dir) => dir,
        None => default_data_dir()?,
    };
    if !data_dir.exists() && !adds_data(&args.command) {
        bail!(
            "{} does not exist, so it contains no Clausewatch data; check --data-dir (or \
             CLAUSEWATCH_DATA_DIR), or start with `clausewatch import PATH` or `clausewatch \
             source add`",
            data_dir.display()
        );
    }
    let mut store = Store::open_in(&data_dir)
        .with_context(|| format!("could not open the store in {}", data_dir.display()))?;
    let out = Output { json: args.json };

    match args.command {
        Command::Import { path } if watch_commands::is_declaration_path(&path) => {
            watch_commands::import_declaration_files(&mut store, &path, &out)
        }
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
        Command::Reclassify { taxonomy } => {
            reclassify_command::reclassify(&mut store, taxonomy.as_deref(), &out)
        }
        Command::EvalClassifier { .. } => unreachable!("evaluated before the store opens"),
        Command::Compare { category } => analysis_commands::compare(&store, &category, &out),
        Command::Review { clause_id, version, state, reason } => analysis_commands::review(
            &mut store,
            &clause_id,
            &version,
            &state,
            reason.as_deref(),
            &out,
        ),
        Command::Note(command) => analysis_commands::note(&mut store, command, &out),
        Command::Checklist(command) => analysis_commands::checklist(&mut store, command, &out),
        Command::Audit(command) => analysis_commands::audit(&store, command, &out),
        Command::Source(command) => watch_commands::source(&mut store, command, &out),
        Command::Sources => watch_commands::sources(&store, &out),
        Command::Check { platform, document, notify, fetch_timeout } => watch_commands::check(
            store,
            platform.as_deref(),
            document.as_deref(),
            notify,
            fetch_timeout,
            &out,
        ),
        Command::Backup { file } => data_commands::backup(&store, &file, &out),
        Command::Restore { file, accept_broken_audit_log } => {
            let policy = if accept_broken_audit_log {
                BrokenAuditLog::Accept
            } else {
                BrokenAuditLog::Refuse
            };
            data_commands::restore(&mut store, &data_dir, &file, policy, &out)
        }
        Command::Platform(command) => data_commands::platform(&mut store, command, &out),
        Command::Settings(args) => watch_commands::settings(&mut store, args, &out),
        Command::Watch { no_notify } => watch_commands::watch(store, !no_notify, &out),
        Command::Memo(memo_args) => memo_command::memo(&store, memo_args, chrono::Utc::now(), &out),
    }
}

/// Returns the platform's data directory for Clausewatch (XDG on Linux).
/// Returns whether `command` can start a store in a data directory that does not exist yet.
/// Other commands would only read an empty store there, as after a mistyped --data-dir.
fn adds_data(command: &Command) -> bool {
    match command {
        Command::Import { .. } | Command::Source(_) | Command::Restore { .. } => true,
        // `settings` with no option only shows them.
        Command::Settings(args) => {
            args.check_interval_hours.is_some()
                || args.notify_min_severity.is_some()
                || args.notify_non_substantive.is_some()
        }
        _ => false,
    }
}

fn default_data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "clausewatch")
        .map(|dirs| dirs.data_dir().to_owned())
        .context(
            "no home directory to hold the data; pass --data-dir DIR or set CLAUSEWATCH_DATA_DIR",
        )
}
