//! Schema migrations, applied in order, each in its own transaction.
//!
//! Add a migration as the next numbered file in `migrations/` and append it to
//! [`MIGRATIONS`]; never edit one that has shipped.

use std::sync::LazyLock;

use rusqlite_migration::{M, Migrations};

const MIGRATION_FILES: [&str; 6] = [
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_sources.sql"),
    include_str!("migrations/003_analysis.sql"),
    include_str!("migrations/004_settings.sql"),
    include_str!("migrations/005_lineage_indexes.sql"),
    include_str!("migrations/006_analysis_time.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_FILES.iter().map(|sql| M::up(sql)).collect()));

/// Schema version of a store migrated by this release: SQLite's `user_version` after the last
/// migration. A file with a higher one was written by a newer release.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATION_FILES.len() as i64;

/// Returns the store's migrations.
pub fn migrations() -> &'static Migrations<'static> {
    &MIGRATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("every migration applies to an empty database");
    }

    #[test]
    fn latest_version_is_the_migrated_user_version() {
        let mut conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        migrations().to_latest(&mut conn).expect("migrated");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).unwrap();
        assert_eq!(version, LATEST_SCHEMA_VERSION);
    }
}
