//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    /// folder (<Service>/<Document type>/<YYYY-MM-DDTHH-MM-SSZ>.md).
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
        /// Only changes recorded on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only changes recorded on or before this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Only changes of wording.
        #[arg(long)]
        substantive: bool,
    },

    /// Show one provision's whole history, version by version.
    Clause {
        /// Clause id, as listed by `changes` and `search`.
        clause_id: String,
    },

    /// Show the text of a document in force on a date.
    AsOf { platform: String, document: String, date: String },

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
        /// Words to find; "quoted words" match as a phrase, word* as a prefix.
        query: String,
        /// Most hits to return.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },

    /// Recompute clauses, lineages and change records of every document, keeping clause ids.
    Reanalyze,
}
