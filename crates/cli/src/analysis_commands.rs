//! Subcommands over the compliance analysis and the reviewer's records: `compare`, `review`,
//! `note`, `checklist` and `audit`, and the regulatory part of `clause`.
//!
//! Each function calls the store and prints a table or JSON. Edits are made in the name of
//! the operating-system user, which the audit log records. Add a subcommand's arguments in
//! `args.rs` and its dispatch in `main.rs`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use serde::Serialize;

use clausewatch_analysis::{Regulations, Taxonomy};
use clausewatch_store::audit::{BrokenEntry, GENESIS_HASH};
use clausewatch_store::checklists::{
    Checklist, ChecklistScope, ItemStatus, ItemUpdate, SameSubject,
};
use clausewatch_store::model::ClauseHistory;
use clausewatch_store::regulatory::ClauseAnalysis;
use clausewatch_store::review::ReviewState;
use clausewatch_store::{Store, StoreError};

use crate::analysis_args::{AuditCommand, ChecklistCommand, NoteCommand};
use crate::commands::Output;
use crate::render::{shorten, table};

/// Returns the operating-system user that edits are logged under.
pub fn current_user() -> Result<String> {
    whoami::username()
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .context("could not read the operating-system user name, which the audit log records")
}

/// Runs a `note` subcommand.
pub fn note(store: &mut Store, command: NoteCommand, out: &Output) -> Result<()> {
    match command {
        NoteCommand::Add { clause_id, text } => note_add(store, &clause_id, &text, out),
        NoteCommand::List { clause_id } => note_list(store, clause_id.as_deref(), out),
        NoteCommand::Edit { id, text } => note_edit(store, id, &text, out),
        NoteCommand::Confirm { id } => note_confirm(store, id, out),
        NoteCommand::Delete { id } => note_delete(store, id, out),
    }
}

/// Runs a `checklist` subcommand.
pub fn checklist(store: &mut Store, command: ChecklistCommand, out: &Output) -> Result<()> {
    match command {
        ChecklistCommand::Open { category, platform, document, clause, again } => {
            let scope = checklist_scope(platform, document, clause)?;
            let same_subject = if again { SameSubject::OpenAnother } else { SameSubject::Refuse };
            checklist_open(store, &category, &scope, same_subject, out)
        }
        ChecklistCommand::List => checklist_list(store, out),
        ChecklistCommand::Show { id } => checklist_show(store, id, out),
        ChecklistCommand::Set { item_id, status, owner, due, risk, evidence, notes } => {
            let status = status.as_deref().map(parse_status).transpose()?;
            let update = ItemUpdate { status, owner, due_date: due, risk, evidence, notes };
            checklist_set(store, item_id, update, out)
        }
        ChecklistCommand::History { item_id } => checklist_history(store, item_id, out),
    }
}

/// Runs an `audit` subcommand.
pub fn audit(store: &Store, command: AuditCommand, out: &Output) -> Result<()> {
    match command {
        AuditCommand::Verify { head } => audit_verify(store, head.as_deref(), out),
        AuditCommand::Export { output } => audit_export(store, output.as_deref(), out),
    }
}

pub fn compare(store: &Store, category: &str, out: &Output) -> Result<()> {
    let active = store.active_rules()?;
    let comparison = store.compare_category(active.rules().taxonomy, category)?;
    out.emit(&comparison, |w| {
        writeln!(w, "{} ({}): {}\n", comparison.name, comparison.category, comparison.adoption)?;
        let mut rows = table([
            "Platform",
            "Document",
            "Clause",
            "Marker",
            "First recorded",
            "Last changed",
            "Text",
        ]);
        for platform in &comparison.platforms {
            if !platform.found {
                rows.add_row(vec![
                    platform.platform.clone(),
                    "—".into(),
                    "no such clause".into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]);
                continue;
            }
            for document in platform.documents.iter().filter(|d| !d.clauses.is_empty()) {
                for clause in &document.clauses {
                    rows.add_row(vec![
                        platform.platform.clone(),
                        document.document.clone(),
                        clause.clause_id.clone(),
                        clause.marker.clone().unwrap_or_default(),
                        clause.first_recorded.clone(),
                        clause.last_changed.clone().unwrap_or_else(|| "unchanged".into()),
                        shorten(&clause.text, 80),
                    ]);
                }
            }
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

/// The review state argument that clears a change record's state.
const UNREVIEWED: &str = "unreviewed";

pub fn review(
    store: &mut Store,
    clause_id: &str,
    version: &str,
    state: &str,
    reason: Option<&str>,
    out: &Output,
) -> Result<()> {
    let document = store.clause_document(clause_id)?;
    let version = store.resolve_version(&document, version)?;
    let user = current_user()?;
    if state.trim().eq_ignore_ascii_case(UNREVIEWED) {
        let cleared = store.clear_review(version.id, clause_id, reason, &user, Utc::now())?;
        let result = serde_json::json!({
            "clause_id": clause_id.trim(),
            "version": version.recorded_at,
            "cleared": cleared,
        });
        return out.emit(&result, |w| {
            let outcome = if cleared { "is unreviewed again" } else { "had no review state" };
            writeln!(
                w,
                "Change of clause {} recorded {} {outcome}.",
                clause_id.trim(),
                version.recorded_at
            )?;
            Ok(())
        });
    }
    let Some(state) = ReviewState::parse(&state.trim().to_ascii_lowercase()) else {
        bail!(
            "invalid review state {state:?}: give reviewed, acknowledged or dismissed, or \
             {UNREVIEWED} to clear the state"
        );
    };
    let review = store.set_review(version.id, clause_id, state, reason, &user, Utc::now())?;
    out.emit(&review, |w| {
        writeln!(
            w,
            "Change of clause {} recorded {} marked {} by {}.",
            review.clause_id,
            version.recorded_at,
            review.state.as_str(),
            review.actor
        )?;
        Ok(())
    })
}

fn note_add(store: &mut Store, clause_id: &str, body: &str, out: &Output) -> Result<()> {
    let note = store.add_note(clause_id, body, &current_user()?, Utc::now())?;
    out.emit(&note, |w| {
        writeln!(w, "Note {} added to clause {}.", note.id, note.clause_id)?;
        Ok(())
    })
}

fn note_edit(store: &mut Store, id: i64, body: &str, out: &Output) -> Result<()> {
    let note = store.edit_note(id, body, &current_user()?, Utc::now())?;
    out.emit(&note, |w| {
        writeln!(w, "Note {} updated.", note.id)?;
        Ok(())
    })
}

fn note_confirm(store: &mut Store, id: i64, out: &Output) -> Result<()> {
    let note = store.confirm_note(id, &current_user()?, Utc::now())?;
    out.emit(&note, |w| {
        writeln!(
            w,
            "Note {} confirmed against the version recorded {}.",
            note.id, note.anchor_recorded_at
        )?;
        Ok(())
    })
}

fn note_delete(store: &mut Store, id: i64, out: &Output) -> Result<()> {
    store.delete_note(id, &current_user()?, Utc::now())?;
    out.emit(&serde_json::json!({ "deleted": id }), |w| {
        writeln!(w, "Note {id} deleted.")?;
        Ok(())
    })
}

fn note_list(store: &Store, clause_id: Option<&str>, out: &Output) -> Result<()> {
    let notes = match clause_id {
        Some(clause_id) => store.notes(clause_id)?,
        None => store.notes_needing_review()?,
    };
    out.emit(&notes, |w| {
        if notes.is_empty() {
            let message = if clause_id.is_some() {
                "No notes on this clause."
            } else {
                "No note needs review."
            };
            writeln!(w, "{message}")?;
            return Ok(());
        }
        let mut rows = table(["Note", "Clause", "Author", "Written", "Review", "Text"]);
        for note in &notes {
            let flag = match &note.changed_at {
                Some(at) => format!("needs review: changed {at}"),
                None => "current".into(),
            };
            rows.add_row(vec![
                note.id.to_string(),
                note.clause_id.clone(),
                note.author.clone(),
                note.created_at.clone(),
                flag,
                shorten(&note.body, 70),
            ]);
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

/// Builds the scope of a new checklist from the command-line options.
fn checklist_scope(
    platform: Option<String>,
    document: Option<String>,
    clause: Option<String>,
) -> Result<ChecklistScope> {
    match (platform, document, clause) {
        (None, None, Some(clause_id)) => Ok(ChecklistScope::Clause { clause_id }),
        (Some(platform), Some(document), None) => {
            Ok(ChecklistScope::Document { platform, document })
        }
        (Some(platform), None, None) => Ok(ChecklistScope::Platform { platform }),
        _ => bail!(
            "give the checklist's subject as --platform P, --platform P --document D, or \
             --clause CLAUSE_ID"
        ),
    }
}

fn checklist_open(
    store: &mut Store,
    category: &str,
    scope: &ChecklistScope,
    same_subject: SameSubject,
    out: &Output,
) -> Result<()> {
    let user = current_user()?;
    let active = store.active_rules()?;
    let taxonomy = active.rules().taxonomy;
    let opened = store.open_checklist(taxonomy, category, scope, same_subject, &user, Utc::now());
    let checklist = match opened {
        Err(StoreError::ChecklistExists { id, category, subject }) => bail!(
            "checklist {id} already covers {category} for {subject}; continue it with \
             `clausewatch checklist show {id}`, or pass --again to open a second one"
        ),
        other => other?,
    };
    let name = category_name(taxonomy, &checklist.category);
    out.emit(&checklist, |w| write_checklist(w, &checklist, &name))
}

fn checklist_show(store: &Store, id: i64, out: &Output) -> Result<()> {
    let checklist = store.checklist(id)?;
    let active = store.active_rules()?;
    let name = category_name(active.rules().taxonomy, &checklist.category);
    out.emit(&checklist, |w| write_checklist(w, &checklist, &name))
}

/// Returns the name of category `id` in `taxonomy` (the store's active one), or the id itself
/// when that taxonomy no longer has the category.
fn category_name(taxonomy: &Taxonomy, id: &str) -> String {
    taxonomy.category(id).map_or_else(|| id.to_owned(), |category| category.name.clone())
}

fn checklist_list(store: &Store, out: &Output) -> Result<()> {
    let checklists = store.checklists()?;
    let active = store.active_rules()?;
    let names: Vec<String> = checklists
        .iter()
        .map(|checklist| category_name(active.rules().taxonomy, &checklist.category))
        .collect();
    out.emit(&checklists, |w| {
        if checklists.is_empty() {
            writeln!(w, "No checklists. Open one with `clausewatch checklist open CATEGORY`.")?;
            return Ok(());
        }
        let mut rows = table(["Checklist", "Category", "Subject", "Items", "Assessed", "Opened"]);
        for (checklist, name) in checklists.iter().zip(&names) {
            // An item that still requires review has not been assessed yet.
            let open = [ItemStatus::Unassessed, ItemStatus::RequiresReview];
            let assessed =
                checklist.items.iter().filter(|item| !open.contains(&item.status)).count();
            rows.add_row(vec![
                checklist.id.to_string(),
                name.clone(),
                checklist.subject(),
                checklist.items.len().to_string(),
                assessed.to_string(),
                checklist.created_at.clone(),
            ]);
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

fn checklist_set(store: &mut Store, item_id: i64, update: ItemUpdate, out: &Output) -> Result<()> {
    let item = store.update_item(item_id, &update, &current_user()?, Utc::now())?;
    out.emit(&item, |w| {
        writeln!(w, "Item {} is {}.", item.id, item.status.as_str().replace('_', "-"))?;
        // Every field the command set, as stored, so a typo shows at once.
        let fields = [
            ("Owner", update.owner.as_ref(), &item.owner),
            ("Due date", update.due_date.as_ref(), &item.due_date),
            ("Risk", update.risk.as_ref(), &item.risk),
            ("Evidence", update.evidence.as_ref(), &item.evidence),
            ("Notes", update.notes.as_ref(), &item.notes),
        ];
        for (name, given, stored) in fields {
            if given.is_some() {
                writeln!(w, "{name}: {}", stored.as_deref().unwrap_or("(cleared)"))?;
            }
        }
        Ok(())
    })
}

fn checklist_history(store: &Store, item_id: i64, out: &Output) -> Result<()> {
    let history = store.item_history(item_id)?;
    out.emit(&history, |w| {
        let mut rows = table(["When", "Who", "Field", "From", "To"]);
        for change in &history {
            // Statuses read as `checklist set --status` takes them ("non-complying").
            let display_value = |value: &Option<String>| match value {
                Some(value) if change.field == "status" => value.replace('_', "-"),
                Some(value) => value.clone(),
                None => "—".into(),
            };
            rows.add_row(vec![
                change.changed_at.clone(),
                change.actor.clone(),
                change.field.replace('_', " "),
                display_value(&change.old_value),
                display_value(&change.new_value),
            ]);
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

/// Parses a status as typed: "un-assessed", "requires review", "non_complying", ...
fn parse_status(value: &str) -> Result<ItemStatus> {
    ItemStatus::parse(value).with_context(|| {
        // Written with hyphens, as the command's help lists them.
        let names: Vec<String> =
            ItemStatus::ALL.iter().map(|s| s.as_str().replace('_', "-")).collect();
        format!("invalid status {value:?}: give one of {}", names.join(", "))
    })
}

fn write_checklist(w: &mut dyn Write, checklist: &Checklist, name: &str) -> Result<()> {
    writeln!(
        w,
        "Checklist {} — {name} for {} (opened {} by {})\n",
        checklist.id,
        checklist.subject(),
        checklist.created_at,
        checklist.created_by
    )?;
    let mut rows = table(["Item", "Status", "Owner", "Due", "Risk", "Question"]);
    for item in &checklist.items {
        rows.add_row(vec![
            item.id.to_string(),
            item.status.as_str().replace('_', "-"),
            item.owner.clone().unwrap_or_default(),
            item.due_date.clone().unwrap_or_default(),
            item.risk.clone().unwrap_or_default(),
            shorten(&item.text, 80),
        ]);
    }
    writeln!(w, "{rows}")?;

    // Evidence and notes are free text of any length, so they follow the table in full.
    for item in &checklist.items {
        for (label, text) in [("evidence", &item.evidence), ("notes", &item.notes)] {
            if let Some(text) = text.as_deref().filter(|text| !text.trim().is_empty()) {
                writeln!(w, "Item {} {label}: {text}", item.id)?;
            }
        }
    }
    Ok(())
}

fn audit_verify(store: &Store, head: Option<&str>, out: &Output) -> Result<()> {
    let head = head.map(|head| head.trim().to_ascii_lowercase());
    if let Some(head) = &head
        && (head.len() != 64 || !head.bytes().all(|byte| byte.is_ascii_hexdigit()))
    {
        bail!(
            "invalid head hash {head:?}: give the 64 hexadecimal characters that an earlier \
             `clausewatch audit verify` printed as the head hash"
        );
    }
    let chain = store.verify_audit()?;
    let head_found = match &head {
        // An empty log's head is the genesis hash, which no entry carries.
        Some(head) => Some(
            head == GENESIS_HASH || store.audit_entries()?.iter().any(|entry| &entry.hash == head),
        ),
        None => None,
    };
    let report = VerifyReport {
        entries: chain.entries,
        intact: chain.intact && head_found != Some(false),
        chain_intact: chain.intact,
        first_broken: chain.first_broken,
        broken: chain.broken,
        head_hash: chain.head_hash,
        head_found,
    };
    out.emit(&report, |w| {
        if report.broken.is_empty() {
            writeln!(
                w,
                "Hash chain intact: {} {}; head hash {}.",
                report.entries,
                if report.entries == 1 { "entry" } else { "entries" },
                report.head_hash
            )?;
        }
        for broken in &report.broken {
            writeln!(w, "Audit log broken at entry {}: {}.", broken.id, broken.reason)?;
        }
        if let (Some(head), Some(false)) = (&head, report.head_found) {
            writeln!(w, "Audit log cut short: no entry has the head hash {head}.")?;
        }
        Ok(())
    })?;
    if !report.chain_intact {
        bail!("the audit log's hash chain is broken; restore the database from a backup");
    }
    if report.head_found == Some(false) {
        bail!(
            "no audit entry has the head hash {}; entries recorded up to it were removed or \
             the log was rewritten, so restore the database from a backup",
            head.unwrap_or_default()
        );
    }
    Ok(())
}

/// The JSON form of `audit verify`: the chain's report, with `intact` false also when the
/// head hash given with `--head` is missing.
#[derive(Serialize)]
struct VerifyReport {
    entries: usize,
    intact: bool,
    /// Whether every entry fits the hash chain.
    chain_intact: bool,
    first_broken: Option<BrokenEntry>,
    /// Every entry that does not fit the chain.
    broken: Vec<BrokenEntry>,
    head_hash: String,
    /// Whether an entry carries the head hash given with `--head`; absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    head_found: Option<bool>,
}

/// Writes the audit log as CSV, or as a JSON array of entries with `--json`, to `output` or to
/// standard output.
fn audit_export(store: &Store, output: Option<&Path>, out: &Output) -> Result<()> {
    let write = |writer: &mut dyn Write| -> Result<usize> {
        if out.json {
            let entries = store.audit_entries()?;
            serde_json::to_writer_pretty(&mut *writer, &entries)?;
            writeln!(writer)?;
            Ok(entries.len())
        } else {
            Ok(store.export_audit_csv(writer)?)
        }
    };
    match output {
        Some(path) => {
            // An export is evidence, so an earlier one is never overwritten.
            let mut file = std::fs::File::create_new(path).with_context(|| {
                format!(
                    "could not create {}; if it already exists, choose a new file name for the \
                     export",
                    path.display()
                )
            })?;
            let entries = write(&mut file)
                .with_context(|| format!("could not write the audit log to {}", path.display()))?;
            let _ = writeln!(
                std::io::stderr(),
                "{entries} audit entries written to {}.",
                path.display()
            );
        }
        None => {
            write(&mut std::io::stdout().lock())?;
        }
    }

    // The export shows the log as stored, so its reader must learn when that log was altered.
    let chain = store.verify_audit()?;
    if !chain.intact {
        let ids: Vec<String> = chain.broken.iter().map(|broken| broken.id.to_string()).collect();
        let _ = writeln!(
            std::io::stderr(),
            "Warning: the exported log's hash chain is broken at entry {}; run `clausewatch \
             audit verify` for the reasons.",
            ids.join(", ")
        );
    }
    Ok(())
}

/// A clause's history with its regulatory view, as `clause --json` prints it.
#[derive(Serialize)]
pub struct ClauseReport<'a> {
    #[serde(flatten)]
    pub history: &'a ClauseHistory,
    pub analysis: &'a ClauseAnalysis,
}

/// Returns the regulatory view of a clause under the store's active rules.
pub fn clause_analysis(store: &Store, clause_id: &str) -> Result<ClauseAnalysis> {
    let active = store.active_rules()?;
    Ok(store.clause_analysis(clause_id, active.rules().taxonomy, Regulations::embedded())?)
}

/// Writes a clause's categories, their regulations and enforcement risk for people.
pub fn write_clause_analysis(w: &mut dyn Write, analysis: &ClauseAnalysis) -> Result<()> {
    if analysis.categories.is_empty() {
        writeln!(w, "\nNo category (as of the version recorded {}).", analysis.recorded_at)?;
        return Ok(());
    }
    for finding in &analysis.categories {
        let mut words: Vec<String> = Vec::new();
        for evidence in &finding.evidence {
            let word = evidence.text.to_lowercase();
            if !words.contains(&word) {
                words.push(word);
            }
        }
        writeln!(w, "\n{} ({}): matched {}", finding.name, finding.category, words.join(", "))?;
        let mut rows = table(["Regulation", "Jurisdiction", "Why it applies"]);
        for regulation in &finding.regulations {
            let citation = format!("{} {}", regulation.instrument, regulation.article);
            rows.add_row(vec![
                if regulation.verified { citation } else { format!("{citation} (unverified)") },
                regulation.jurisdiction.clone(),
                shorten(&regulation.reason, 200),
            ]);
        }
        writeln!(w, "{rows}")?;
        if finding.regulations.iter().any(|regulation| !regulation.verified) {
            writeln!(
                w,
                "  A citation marked unverified was not yet checked against the official text; \
                 check it there before relying on it (`clause --json` gives its address)."
            )?;
        }
        for risk in &finding.enforcement_risk {
            let level = format!("{:?}", risk.level).to_lowercase();
            writeln!(w, "  Enforcement risk in {}: {level}. {}", risk.jurisdiction, risk.text)?;
        }
    }
    Ok(())
}
