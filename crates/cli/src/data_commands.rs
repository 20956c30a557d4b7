//! Commands over the whole store: `backup`, `restore`, and `platform rename` / `platform
//! remove`. They call the same store functions as the app's Settings and Platforms views, so
//! both leave the same audit entries. Add other whole-store commands here.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Utc;
use clap::Subcommand;

use clausewatch_store::Store;
use clausewatch_store::backup::{BrokenAuditLog, safety_copy_path};
use clausewatch_watcher::watch_lock::{WatchLock, WatchLockError};

use crate::analysis_commands::current_user;
use crate::commands::Output;
use crate::render::counted;

#[derive(Debug, Subcommand)]
pub enum PlatformCommand {
    /// Rename a platform, keeping its documents, review states, notes and checklists.
    Rename { from: String, to: String },

    /// Delete a platform with its documents, versions, sources, review states, notes and
    /// checklists. Asks for --yes, since only a backup brings them back.
    Remove {
        name: String,
        /// Confirm the removal.
        #[arg(long)]
        yes: bool,
    },
}

/// Writes a consistent copy of the whole store to `file`, which must not exist yet.
pub fn backup(store: &Store, file: &Path, out: &Output) -> Result<()> {
    store
        .backup_to(file)
        .with_context(|| format!("could not write the backup {}", file.display()))?;
    let result = serde_json::json!({ "backup": file.display().to_string() });
    out.emit(&result, |w| {
        writeln!(w, "Backup written: {}.", file.display())?;
        Ok(())
    })
}

/// Replaces the store in `data_dir` with the backup `file`, after writing the current data to
/// a safety copy in `data_dir`.
pub fn restore(
    store: &mut Store,
    data_dir: &Path,
    file: &Path,
    broken_audit_log: BrokenAuditLog,
    out: &Output,
) -> Result<()> {
    // A running `watch` or app keeps its sources and schedule in memory and would go on
    // writing checks of the replaced data, so the restore holds the watch lock while it runs.
    let _lock = WatchLock::acquire(store.path()).map_err(|error| match error {
        WatchLockError::Held { holder, .. } => anyhow::anyhow!(
            "could not restore: another Clausewatch process{} is watching or restoring this \
             store; stop it (`clausewatch watch` or the app), or let the other restore end, \
             and run the restore again",
            holder.map(|pid| format!(" (process id {pid})")).unwrap_or_default()
        ),
        other => anyhow::Error::new(other).context("could not restore"),
    })?;

    let actor = current_user()?;
    let now = Utc::now();
    let safety_copy = safety_copy_path(data_dir, now);
    store
        .restore_with_safety_copy(file, &safety_copy, &actor, now, broken_audit_log)
        .with_context(|| format!("could not restore from {}", file.display()))?;
    let result = serde_json::json!({
        "restored_from": file.display().to_string(),
        "safety_copy": safety_copy.display().to_string(),
    });
    out.emit(&result, |w| {
        writeln!(w, "Restored from {}.", file.display())?;
        writeln!(
            w,
            "The data it replaced is in {}; restore that file to undo.",
            safety_copy.display()
        )?;
        Ok(())
    })
}

/// Runs a `platform` subcommand.
pub fn platform(store: &mut Store, command: PlatformCommand, out: &Output) -> Result<()> {
    let actor = current_user()?;
    match command {
        PlatformCommand::Rename { from, to } => {
            store.rename_platform(&from, &to, &actor, Utc::now())?;
            let result = serde_json::json!({ "renamed": from, "to": to.trim() });
            out.emit(&result, |w| {
                writeln!(w, "Platform {from} renamed to {}.", to.trim())?;
                Ok(())
            })
        }
        PlatformCommand::Remove { name, yes } => {
            if !yes {
                bail!(
                    "removing {name} deletes its documents, versions, notes and checklists; \
                     run again with --yes to confirm, after a `clausewatch backup FILE` if you \
                     may want them back"
                );
            }
            let removed =
                store.remove_platforms(std::slice::from_ref(&name), &actor, Utc::now())?;
            if removed.platforms == 0 {
                bail!("no platform is named {name:?}; `clausewatch platforms` lists them");
            }
            out.emit(&removed, |w| {
                writeln!(
                    w,
                    "Platform {name} removed with {} and {}.",
                    counted(removed.documents, "document"),
                    counted(removed.versions, "version")
                )?;
                Ok(())
            })
        }
    }
}
