//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use clausewatch_watcher::fetch::FetchConfig;

use crate::analysis_args::{AuditCommand, ChecklistCommand, NoteCommand};

/// Clausewatch: clause-level histories of terms of service, privacy policies and other
/// platform documents.
#[derive(Debug, Parser)]
#[command(name = "clausewatch", version, about)]
pub struct Args {
    /// Folder holding the database; defaults to the platform's data directory
    /// (~/.local/share/clausewatch on Linux).
    #[arg(long, global = true, env = "CLAUSEWATCH_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import an Open Terms Archive versions tree, one service folder or one document
    /// folder (<Service>/<Document type>/<YYYY-MM-DDTHH-MM-SSZ>.md), or a folder of
    /// declaration files (<Service>.json) as sources.
    Import {
        /// Folder (or single version file) to import.
        path: PathBuf,
    },

    /// List platforms and their documents.
    Platforms,

    /// List the versions of a document with clause and change counts.
    Versions { platform: String, document: String },

    /// List the change records of a document.
    Changes {
        platform: String,
        document: String,
        /// Only changes recorded on or after this date (YYYY-MM-DD) or recorded time
        /// (RFC 3339, such as 2025-04-17T09:30:00Z).
        #[arg(long, value_name = "DATE|TIME")]
        since: Option<String>,
        /// Only changes recorded on or before this date (YYYY-MM-DD) or recorded time.
        #[arg(long, value_name = "DATE|TIME")]
        until: Option<String>,
        /// Only changes of wording.
        #[arg(long)]
        substantive: bool,
    },

    /// Show one provision's whole history, version by version.
    Clause {
        /// Clause id, as listed by `changes` and `search`.
        #[arg(value_parser = crate::args::parse_clause_id)]
        clause_id: String,
    },

    /// Show the text of a document in force on a date, as the Markdown that was recorded.
    AsOf {
        platform: String,
        document: String,
        /// Day as YYYY-MM-DD: the version in force at the end of that day (UTC).
        date: String,
    },

    /// Show a word-level diff between two versions of a document.
    Diff {
        platform: String,
        document: String,
        /// Older version: a recorded-at time or a date holding one version.
        from: String,
        /// Newer version: a recorded-at time or a date holding one version.
        to: String,
        /// Hide changes that leave the wording unchanged.
        #[arg(long)]
        substantive: bool,
    },

    /// Search the clause text of every version.
    Search {
        /// Words to find, all required; "quoted words" match as a phrase, word* as a prefix,
        /// -word excludes, and `a OR b` accepts either. A query may start with -word.
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Most hits to return.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },

    /// Recompute clauses, lineages and change records of every document, keeping clause ids.
    Reanalyze,

    /// Recompute categories, severities and summaries of every document with a taxonomy file,
    /// or with the built-in rules when no file is given. Review states, notes and checklists
    /// stay. The rules applied stay active for versions recorded later.
    Reclassify {
        /// Taxonomy file in the format of assets/taxonomy.toml, with a version of its own.
        #[arg(long, value_name = "FILE")]
        taxonomy: Option<PathBuf>,
    },

    /// Score the clause classifier on sentences labelled by legal experts: precision, recall
    /// and F1 per category, and the macro-F1 over a, ch, cr, j, law, ltd, ter and use.
    EvalClassifier {
        /// Folder holding `sentences/<Name>.txt` and `tags/<Name>.txt`, one line per sentence.
        dir: PathBuf,
        /// Documents to score: all in the folder, or the fixed tuning or held-out half of the
        /// 30 labelled terms of service.
        #[arg(long, value_enum, default_value = "all")]
        set: crate::eval_command::DocumentSet,
        /// Taxonomy file to score instead of the built-in rules.
        #[arg(long, value_name = "FILE")]
        taxonomy: Option<PathBuf>,
    },

    /// Compare the current clauses of one category across every platform and document.
    Compare {
        /// Category id, such as ai-machine-learning or arbitration.
        category: String,
    },

    /// Mark the change record of a clause in one version as reviewed, acknowledged or
    /// dismissed, or as unreviewed again.
    Review {
        #[arg(value_parser = crate::args::parse_clause_id)]
        clause_id: String,
        /// The version of the change: a recorded-at time or a date holding one version.
        version: String,
        /// reviewed, acknowledged or dismissed; unreviewed clears the state set before.
        state: String,
        #[arg(long)]
        reason: Option<String>,
    },

    /// Write, list, edit, confirm or delete notes on clauses.
    #[command(subcommand)]
    Note(NoteCommand),

    /// Open checklists and assess their items.
    #[command(subcommand)]
    Checklist(ChecklistCommand),

    /// Verify or export the audit log of every edit.
    #[command(subcommand)]
    Audit(AuditCommand),

    /// Write a compliance memo (PDF) on the changes to a platform's documents.
    Memo(crate::memo_command::MemoArgs),

    /// Add or remove the source a document is checked from.
    #[command(subcommand)]
    Source(crate::watch_args::SourceCommand),

    /// List sources with last checked, last changed, next check, failures and last error.
    Sources,

    /// Check sources now (all, one platform's, or one document's) and print what changed.
    /// Progress goes to standard error.
    Check {
        platform: Option<String>,
        document: Option<String>,
        /// Also show a desktop notification for each changed document.
        #[arg(long)]
        notify: bool,
        /// Seconds allowed to fetch each page, every retry and wait included; a page without a
        /// complete response by then fails the check of its source.
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = FetchConfig::default().max_fetch_time.as_secs_f64(),
            value_parser = fetch_timeout_seconds
        )]
        fetch_timeout: f64,
    },

    /// Write a consistent copy of all data to one file, which must not exist yet.
    Backup { file: PathBuf },

    /// Replace all data with a backup file. The data it replaces is first copied to
    /// before-restore-<UTC time>.sqlite3 in the data directory.
    Restore {
        file: PathBuf,
        /// Restore even when the backup's audit log fails its hash chain, a sign that the file
        /// was edited after it was written. The restore's own audit entry records where the
        /// chain breaks.
        #[arg(long)]
        accept_broken_audit_log: bool,
    },

    /// Rename or remove a platform.
    #[command(subcommand)]
    Platform(crate::data_commands::PlatformCommand),

    /// Show the watch settings, or change them: check interval and notification threshold.
    Settings(crate::watch_args::SettingsArgs),

    /// Check every source on its schedule until SIGINT or SIGTERM, with desktop
    /// notifications. With --json, each pass is printed as one line of JSON (JSON Lines).
    Watch {
        /// Print what changed without desktop notifications.
        #[arg(long)]
        no_notify: bool,
    },
}

/// The longest `--fetch-timeout` accepted, in seconds: one hour.
pub const MAX_FETCH_TIMEOUT_SECONDS: f64 = 3600.0;

/// Parses `--fetch-timeout`, so that a word and an out-of-range number are both usage errors.
fn fetch_timeout_seconds(value: &str) -> Result<f64, String> {
    let seconds: f64 =
        value.trim().parse().map_err(|_| format!("{value:?} is not a number of seconds"))?;
    if seconds > 0.0 && seconds <= MAX_FETCH_TIMEOUT_SECONDS {
        return Ok(seconds);
    }
    Err(format!("give a number of seconds above 0 and at most {MAX_FETCH_TIMEOUT_SECONDS}"))
}

/// Parses a clause id as `changes` and `search` list it. Ids are lowercase hexadecimal after a
/// "c", so an id typed or copied in capitals names the same clause.
pub fn parse_clause_id(value: &str) -> Result<String, String> {
    Ok(value.trim().to_ascii_lowercase())
}
