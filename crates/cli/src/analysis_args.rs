//! Arguments of the `note`, `checklist` and `audit` subcommands.

use std::path::PathBuf;

use clap::{ArgGroup, Subcommand};

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Write a note on a clause; it follows the clause across versions.
    Add {
        /// Clause id, as listed by `changes` and `search`.
        #[arg(value_parser = crate::args::parse_clause_id)]
        clause_id: String,
        /// Text of the note.
        text: String,
    },

    /// List the notes on a clause, or every note flagged for review when no clause is given.
    List {
        #[arg(value_parser = crate::args::parse_clause_id)]
        clause_id: Option<String>,
    },

    /// Replace the text of a note.
    Edit { id: i64, text: String },

    /// Confirm that a note still holds for the clause as it now reads; clears its review flag.
    Confirm { id: i64 },

    /// Delete a note (the audit log keeps its text).
    Delete { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// Open a checklist from a category's template for a platform, a document or a clause.
    Open {
        /// Category id, such as ai-machine-learning.
        category: String,
        #[arg(long)]
        platform: Option<String>,
        /// Document of the platform, such as "Terms of Service"; needs --platform.
        #[arg(long)]
        document: Option<String>,
        /// Clause id, for a checklist about one clause.
        #[arg(long, value_parser = crate::args::parse_clause_id)]
        clause: Option<String>,
        /// Open another checklist even when one of this category already covers the subject.
        #[arg(long)]
        again: bool,
    },

    /// List every checklist with how many items are assessed.
    List,

    /// Show a checklist's items.
    Show { id: i64 },

    /// Change an item; an empty value clears a field. Give at least one field.
    #[command(group(
        ArgGroup::new("fields")
            .required(true)
            .multiple(true)
            .args(["status", "owner", "due", "risk", "evidence", "notes"])
    ))]
    Set {
        /// Item id, as listed by `checklist show`.
        item_id: i64,
        /// unassessed, requires-review, applicable, not-applicable, complying, non-complying
        /// or waived.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// Due date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// low, medium or high.
        #[arg(long)]
        risk: Option<String>,
        /// Where the evidence is kept: a reference, a path or an address.
        #[arg(long)]
        evidence: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },

    /// Show who changed which field of an item, and when.
    History { item_id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain; fails when an entry was edited or removed. Removing
    /// the newest entries leaves a shorter chain that still verifies, so keep the head hash it
    /// prints and pass it with --head next time.
    Verify {
        /// A head hash printed by an earlier verify; fails when no entry has it, because the
        /// log was cut back or rewritten since.
        #[arg(long, value_name = "HASH")]
        head: Option<String>,
    },

    /// Write the audit log as CSV, or as a JSON array of entries with --json.
    Export {
        /// File to write; standard output when not given. `--out` works too, as for `memo`.
        #[arg(long, visible_alias = "out", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}
