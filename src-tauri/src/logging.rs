//! Sends `tracing` events to stderr and to a daily rolling log file in `<data folder>/logs`.
//!
//! The level comes from `CLAUSEWATCH_LOG` (an `EnvFilter` directive such as `debug` or
//! `clausewatch_desktop=trace`) and defaults to `info`. Add another output as one more layer
//! in [`init`].

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

/// Environment variable with the log filter.
pub const LOG_ENV: &str = "CLAUSEWATCH_LOG";

/// Log files older than this many days are deleted at rotation.
const KEPT_LOG_FILES: usize = 14;

/// Returns the folder of the log files inside `data_dir`.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Installs the global subscriber and returns the guard that flushes the file on drop.
///
/// Fails when the log folder cannot be created or a subscriber is already installed.
pub fn init(data_dir: &Path) -> Result<WorkerGuard, String> {
    let dir = log_dir(data_dir);
    // tracing-appender lists the folder to prune old files before it creates the folder, and
    // prints an error when the folder is missing, so it is created first.
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create the log folder {}: {error}", dir.display()))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("clausewatch")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(&dir)
        .map_err(|error| format!("cannot open a log file in {}: {error}", dir.display()))?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);

    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(fmt::layer().with_ansi(false).with_writer(file_writer))
        .try_init()
        .map_err(|error| format!("cannot install the log subscriber: {error}"))?;

    Ok(guard)
}
