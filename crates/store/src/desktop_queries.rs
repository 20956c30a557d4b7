//! Store operations that only the desktop app needs: renaming a platform and removing
//! platforms such as the bundled demo archive.
//!
//! The demo archive is imported on first launch; a user who wants only their own platforms
//! removes it again with [`Store::remove_platforms`]. Add a function here when a desktop view
//! needs a query the command line has no use for.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use crate::audit::{append, check_actor};
use crate::names::{canonical_name, find_platform};
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// Meta key holding the ids of the demo archive's platforms, as a JSON array.
const DEMO_PLATFORMS_KEY: &str = "demo_platform_ids";

/// What removing platforms deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemovedPlatforms {
    pub platforms: usize,
    pub documents: usize,
    pub versions: usize,
}

impl Store {
    /// Deletes the platforms named in `names` with their documents, versions, derived rows and
    /// the review states, notes and checklists attached to them, in one transaction, and logs
    /// the removal. Names not stored are skipped, so removing twice is harmless, and a call
    /// that removes nothing logs nothing.
    pub fn remove_platforms(
        &mut self,
        names: &[String],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<RemovedPlatforms> {
        check_actor(actor)?;
        let now = format_time(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut removed = RemovedPlatforms { platforms: 0, documents: 0, versions: 0 };
        // The log names the platforms as they were stored, whatever spelling removed them.
        let mut removed_names = Vec::new();

        for name in names {
            let Some((id, stored)) = find_platform(&tx, name)? else { continue };
            removed_names.push(stored);

            let count = |sql: &str| -> rusqlite::Result<usize> {
                tx.query_row(sql, [id], |r| r.get::<_, i64>(0))
                    .map(|n| usize::try_from(n).unwrap_or_default())
            };
            removed.documents += count("SELECT count(*) FROM documents WHERE platform_id = ?1")?;
            removed.versions += count(
                "SELECT count(*) FROM versions v JOIN documents d ON d.id = v.document_id
                 WHERE d.platform_id = ?1",
            )?;

            // User data refers to lineages and versions without cascading deletes, so that a
            // re-analysis can never drop it; removing a platform has to clear it first.
            tx.execute(
                "DELETE FROM checklist_item_history WHERE item_id IN (
                     SELECT i.id FROM checklist_items i JOIN checklists c ON c.id = i.checklist_id
                     WHERE c.platform_id = ?1)",
                [id],
            )?;
            tx.execute(
                "DELETE FROM checklist_items WHERE checklist_id IN (
                     SELECT id FROM checklists WHERE platform_id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM checklists WHERE platform_id = ?1", [id])?;
            tx.execute(
                "DELETE FROM notes WHERE lineage_id IN (
                     SELECT l.id FROM lineages l JOIN documents d ON d.id = l.document_id
                     WHERE d.platform_id = ?1)",
                [id],
            )?;
            tx.execute(
                "DELETE FROM review_states WHERE version_id IN (
                     SELECT v.id FROM versions v JOIN documents d ON d.id = v.document_id
                     WHERE d.platform_id = ?1)",
                [id],
            )?;
            tx.execute("DELETE FROM platforms WHERE id = ?1", [id])?;
            removed.platforms += 1;
        }

        // Clause texts are shared by hash across documents; drop those no clause uses now.
        tx.execute(
            "DELETE FROM clause_texts WHERE id NOT IN (SELECT DISTINCT text_id FROM clauses)",
            [],
        )?;
        // Removing only names not stored changed nothing, so the audit log records nothing.
        if removed.platforms > 0 {
            let details = json!({ "platforms": removed_names, "versions": removed.versions });
            append(&tx, &now, actor, "platforms.remove", "platforms", &details)?;
        }
        tx.commit()?;

        tracing::info!(?removed, "platforms removed");
        Ok(removed)
    }

    /// Renames the platform `from` to `to`, keeping every id, so review states, notes and
    /// checklists stay attached, and logs the rename. A later import of a folder named `from`
    /// creates that platform anew.
    pub fn rename_platform(
        &mut self,
        from: &str,
        to: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_actor(actor)?;
        crate::ingest::validate_name("platform", to)?;
        let (from, to) = (canonical_name(from), canonical_name(to));
        let (from, to) = (from.as_str(), to.as_str());
        if to.contains('/') {
            return Err(StoreError::InvalidInput(format!(
                "invalid platform name {to:?}: give a name without a slash"
            )));
        }

        let now = format_time(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((id, from)) = find_platform(&tx, from)? else {
            return Err(StoreError::NotFound(format!(
                "no platform named {from:?}; `clausewatch platforms` and the app's Platforms \
                 view list the stored ones"
            )));
        };
        let from = from.as_str();
        if from == to {
            return Err(StoreError::InvalidInput(format!(
                "the platform is already named {from:?} (names are compared in composed \
                 Unicode with single spaces); nothing was changed"
            )));
        }
        let other = find_platform(&tx, to)?
            .filter(|(other_id, _)| *other_id != id)
            .map(|(_, stored)| stored);
        if let Some(stored) = other {
            return Err(StoreError::InvalidInput(format!(
                "{to:?} is the name of the stored platform {stored:?} (names match whatever \
                 their case); choose another name"
            )));
        }

        tx.execute("UPDATE platforms SET name = ?1 WHERE id = ?2", params![to, id])?;
        append(
            &tx,
            &now,
            actor,
            "platforms.rename",
            "platforms",
            &json!({ "from": from, "to": to }),
        )?;
        tx.commit()?;
        tracing::info!(%from, %to, "platform renamed");
        Ok(())
    }

    /// Records the platforms named in `names` as those of the demo archive, by id, so that
    /// [`Store::demo_platforms`] still finds them after a rename.
    pub fn mark_demo_platforms(&self, names: &[String]) -> Result<()> {
        let mut ids = Vec::new();
        for name in names {
            let id: Option<i64> = self
                .conn
                .query_row("SELECT id FROM platforms WHERE name = ?1 COLLATE NOCASE", [name], |r| {
                    r.get(0)
                })
                .optional()?;
            ids.extend(id);
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![DEMO_PLATFORMS_KEY, json!(ids).to_string()],
        )?;
        Ok(())
    }

    /// Returns the current names of the demo archive's platforms, as recorded by
    /// [`Store::mark_demo_platforms`], or `None` when the store has no readable record (a store
    /// whose demo import predates it).
    pub fn demo_platforms(&self) -> Result<Option<Vec<String>>> {
        let ids: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [DEMO_PLATFORMS_KEY], |r| r.get(0))
            .optional()?;
        let Some(ids) = ids else { return Ok(None) };
        let ids: Vec<i64> = match serde_json::from_str(&ids) {
            Ok(ids) => ids,
            Err(error) => {
                tracing::warn!(%error, "invalid list of demo platform ids; using folder names");
                return Ok(None);
            }
        };

        let mut names = Vec::new();
        for id in ids {
            let name: Option<String> = self
                .conn
                .query_row("SELECT name FROM platforms WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            names.extend(name);
        }
        Ok(Some(names))
    }

    /// Returns whether a platform named `name` is stored (case does not matter).
    pub fn has_platform(&self, name: &str) -> Result<bool> {
        Ok(find_platform(&self.conn, name)?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::ingest::NewVersion;

    fn version(day: u32, content: &str) -> NewVersion {
        NewVersion {
            recorded_at: Utc.with_ymd_and_hms(2025, 1, day, 0, 0, 0).unwrap(),
            content: content.to_owned(),
            origin: "import".to_owned(),
            origin_detail: format!("day {day}"),
        }
    }

    #[test]
    fn removes_named_platforms_and_their_reviews_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        store
            .add_versions(
                "Demo",
                "Terms",
                vec![
                    version(1, "# Terms\n\n1. You may cancel at any time.\n"),
                    version(2, "# Terms\n\n1. You may not cancel at any time.\n"),
                ],
                now,
            )
            .unwrap();
        store
            .add_versions("Own", "Terms", vec![version(3, "# Terms\n\n1. Hello.\n")], now)
            .unwrap();

        let change =
            store.recent_changes(&crate::queries::RecentFilter { limit: 10, ..Default::default() });
        let change = change.unwrap().into_iter().next().expect("the Demo edit is a change");
        store
            .set_review(
                change.version_id,
                &change.clause_id,
                crate::review::ReviewState::Reviewed,
                None,
                "ana",
                now,
            )
            .unwrap();

        let removed =
            store.remove_platforms(&["demo".to_owned(), "Absent".to_owned()], "ana", now).unwrap();

        // Demo held one document with two versions; "Absent" was never stored.
        assert_eq!(removed, RemovedPlatforms { platforms: 1, documents: 1, versions: 2 });
        assert!(!store.has_platform("Demo").unwrap());
        assert!(store.has_platform("own").unwrap());
        let counts = store.counts().unwrap();
        assert_eq!((counts.platforms, counts.documents, counts.versions), (1, 1, 1));
        assert_eq!(counts.changes, 0);
        let reviews: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM review_states", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reviews, 0);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn rename_keeps_reviews_rejects_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let texts = ["# Terms\n\n1. You may cancel.\n", "# Terms\n\n1. You may not cancel.\n"];
        let versions = vec![version(1, texts[0]), version(2, texts[1])];
        store.add_versions("Demo", "Terms", versions, now).unwrap();
        store.add_versions("Own", "Terms", vec![version(3, texts[0])], now).unwrap();
        let filter = crate::queries::RecentFilter { limit: 10, ..Default::default() };
        let change = store.recent_changes(&filter).unwrap().remove(0);
        let state = crate::review::ReviewState::Reviewed;
        store.set_review(change.version_id, &change.clause_id, state, None, "ana", now).unwrap();

        let taken = store.rename_platform("Demo", "own", "ana", now).unwrap_err();
        store.rename_platform("demo", "Acme", "ana", now).unwrap();

        assert!(taken.to_string().contains("\"own\""), "{taken}");
        assert!(!store.has_platform("Demo").unwrap());
        let renamed = store.recent_changes(&filter).unwrap().remove(0);
        assert_eq!(renamed.platform, "Acme");
        assert_eq!((renamed.version_id, renamed.clause_id), (change.version_id, change.clause_id));
        assert_eq!(renamed.review_state.as_deref(), Some("reviewed"));
    }

    #[test]
    fn demo_platforms_follow_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in(dir.path()).unwrap();
        let now = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let terms = "# Terms\n\n1. You may cancel.\n";
        store.add_versions("Demo", "Terms", vec![version(1, terms)], now).unwrap();
        store.add_versions("Own", "Terms", vec![version(2, terms)], now).unwrap();
        assert_eq!(store.demo_platforms().unwrap(), None, "nothing recorded yet");

        store.mark_demo_platforms(&["Demo".to_owned(), "Gone".to_owned()]).unwrap();
        store.rename_platform("Demo", "Renamed demo", "ana", now).unwrap();

        assert_eq!(store.demo_platforms().unwrap(), Some(vec!["Renamed demo".to_owned()]));
    }
}
