//! Watch settings: how often sources are checked and which changes raise a desktop
//! notification. Each setting is one row of `settings`. A missing row means the default of
//! [`WatchSettings::default`], so older stores need no migration when a setting is added.
//!
//! To add a setting, give [`WatchSettings`] a field, a key in [`KEYS`], and a branch in
//! [`WatchSettings::set`] and [`WatchSettings::values`].

use chrono::{DateTime, Utc};
use rusqlite::{TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit::{append, check_actor};
use crate::sources::{DEFAULT_INTERVAL_SECONDS, bring_next_check_forward};
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// The minimum check interval a user may choose: fifteen minutes, so a platform is never
/// polled harder than a person reading it would.
pub const MIN_INTERVAL_SECONDS: i64 = 15 * 60;

/// The maximum check interval: thirty days.
pub const MAX_INTERVAL_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Severity levels a change notification can require, lowest first.
pub const NOTIFY_LEVELS: [&str; 4] = ["low", "medium", "high", "critical"];

const KEYS: [&str; 3] = ["check_interval_seconds", "notify_min_severity", "notify_non_substantive"];

/// Settings of the background watcher, as the user chose them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WatchSettings {
    /// Interval of new sources, and of every source when applied to all.
    pub check_interval_seconds: i64,
    /// The lowest severity of a change that raises a notification: one of [`NOTIFY_LEVELS`].
    /// "low" notifies every substantive change.
    pub notify_min_severity: String,
    /// Also notify versions whose changes leave the wording unchanged (renumbering, moves).
    pub notify_non_substantive: bool,
}

impl Default for WatchSettings {
    fn default() -> Self {
        Self {
            check_interval_seconds: DEFAULT_INTERVAL_SECONDS,
            notify_min_severity: "low".to_owned(),
            notify_non_substantive: false,
        }
    }
}

impl WatchSettings {
    /// Returns an error naming the first value out of range and the range it must be in.
    pub fn validate(&self) -> Result<()> {
        let interval = self.check_interval_seconds;
        if !(MIN_INTERVAL_SECONDS..=MAX_INTERVAL_SECONDS).contains(&interval) {
            return Err(StoreError::InvalidInput(format!(
                "check interval of {interval} seconds is out of range; choose between 15 minutes \
                 and 30 days"
            )));
        }
        if !NOTIFY_LEVELS.contains(&self.notify_min_severity.as_str()) {
            return Err(StoreError::InvalidInput(format!(
                "notification threshold {:?} is not a severity level; choose one of {}",
                self.notify_min_severity,
                NOTIFY_LEVELS.join(", ")
            )));
        }
        Ok(())
    }

    fn set(&mut self, key: &str, value: &str) {
        match key {
            "check_interval_seconds" => {
                if let Ok(seconds) = value.parse() {
                    self.check_interval_seconds = seconds;
                }
            }
            "notify_min_severity" => value.clone_into(&mut self.notify_min_severity),
            "notify_non_substantive" => self.notify_non_substantive = value == "true",
            _ => {}
        }
    }

    fn values(&self) -> [String; 3] {
        [
            self.check_interval_seconds.to_string(),
            self.notify_min_severity.clone(),
            self.notify_non_substantive.to_string(),
        ]
    }
}

impl Store {
    /// Returns the watch settings, with the default for each one never set. A stored value
    /// that no longer validates (written by a newer version) falls back to the defaults.
    pub fn watch_settings(&self) -> Result<WatchSettings> {
        let mut settings = WatchSettings::default();
        let mut statement = self.conn.prepare("SELECT key, value FROM settings")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        for row in rows {
            let (key, value): (String, String) = row?;
            settings.set(&key, &value);
        }
        if let Err(error) = settings.validate() {
            tracing::warn!(%error, "stored watch settings are invalid; using the defaults");
            return Ok(WatchSettings::default());
        }
        Ok(settings)
    }

    /// Stores `settings` and logs the change in the audit log. With `apply_to_sources`, every
    /// source takes the new check interval, and a source whose next check now lies more than
    /// one interval after its last check is brought forward. Returns how many sources changed.
    pub fn set_watch_settings(
        &mut self,
        settings: &WatchSettings,
        apply_to_sources: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        settings.validate()?;
        check_actor(actor)?;
        let at = format_time(now);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;

        for (key, value) in KEYS.iter().zip(settings.values()) {
            tx.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                     updated_at = excluded.updated_at",
                params![key, value, at],
            )?;
        }

        let mut changed = 0;
        if apply_to_sources {
            let interval = settings.check_interval_seconds;
            changed = tx.execute(
                "UPDATE sources SET interval_seconds = ?1, updated_at = ?2
                 WHERE interval_seconds <> ?1",
                params![interval, at],
            )?;
            let sources: Vec<i64> = {
                let mut statement = tx.prepare("SELECT source_id FROM source_state")?;
                statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
            };
            for source in sources {
                bring_next_check_forward(&tx, source, interval, now)?;
            }
        }

        let details = json!({ "settings": settings, "applied_to_sources": changed });
        append(&tx, &at, actor, "settings.update", "settings", &details)?;
        tx.commit()?;
        tracing::info!(?settings, changed, "watch settings stored");
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::sources::{NewSource, SourcePage};

    /// Opens a store in a new temporary folder, kept as long as the returned guard.
    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let store = Store::open_in(dir.path()).expect("store");
        (dir, store)
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
    }

    fn source(store: &mut Store) {
        let page = SourcePage {
            url: "http://127.0.0.1:9/terms".to_owned(),
            select: Vec::new(),
            remove: Vec::new(),
            filters: Vec::new(),
            execute_client_scripts: false,
        };
        let source = NewSource {
            platform: "Example".to_owned(),
            document: "Terms of Service".to_owned(),
            pages: vec![page],
            interval_seconds: DEFAULT_INTERVAL_SECONDS,
            origin: "cli".to_owned(),
        };
        store.put_source(&source, "tester", now()).expect("source");
    }

    #[test]
    fn unset_settings_read_as_the_defaults() {
        let (_dir, store) = open();

        assert_eq!(store.watch_settings().expect("settings"), WatchSettings::default());
    }

    #[test]
    fn stored_settings_read_back_and_are_audited() {
        let (_dir, mut store) = open();
        let chosen = WatchSettings {
            check_interval_seconds: 3600,
            notify_min_severity: "high".to_owned(),
            notify_non_substantive: true,
        };

        store.set_watch_settings(&chosen, false, "analyst", now()).expect("set");

        assert_eq!(store.watch_settings().expect("settings"), chosen);
        let log = store.audit_entries().expect("audit");
        assert_eq!(log.last().map(|entry| entry.action.as_str()), Some("settings.update"));
    }

    #[test]
    fn out_of_range_values_are_rejected() {
        let (_dir, mut store) = open();
        let short = WatchSettings { check_interval_seconds: 60, ..WatchSettings::default() };
        let unknown =
            WatchSettings { notify_min_severity: "urgent".to_owned(), ..WatchSettings::default() };

        let short = store.set_watch_settings(&short, false, "analyst", now()).unwrap_err();
        let unknown = store.set_watch_settings(&unknown, false, "analyst", now()).unwrap_err();

        assert!(short.to_string().contains("60 seconds"), "{short}");
        assert!(unknown.to_string().contains("\"urgent\""), "{unknown}");
        assert_eq!(store.watch_settings().expect("settings"), WatchSettings::default());
    }

    #[test]
    fn apply_to_sources_shortens_schedule() {
        let (_dir, mut store) = open();
        source(&mut store);
        // A new source is due at once; record a check so that its next one is six hours on.
        let later = now() + chrono::Duration::hours(6);
        store
            .connection()
            .execute(
                "UPDATE source_state SET last_checked_at = ?1, next_check_at = ?2",
                params![format_time(now()), format_time(later)],
            )
            .expect("schedule");
        let hourly = WatchSettings { check_interval_seconds: 3600, ..WatchSettings::default() };

        let changed = store.set_watch_settings(&hourly, true, "analyst", now()).expect("set");

        assert_eq!(changed, 1);
        let (interval, next): (i64, String) = store
            .connection()
            .query_row(
                "SELECT s.interval_seconds, st.next_check_at FROM sources s
                 JOIN source_state st ON st.source_id = s.id",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .expect("row");
        assert_eq!(interval, 3600);
        assert_eq!(next, format_time(now() + chrono::Duration::hours(1)));
    }
}
