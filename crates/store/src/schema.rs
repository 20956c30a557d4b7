//! Schema migrations, applied in order, each in its own transaction.
//!
//! Add a migration as the next numbered file in `migrations/` and append it to
//! [`MIGRATIONS`]; never edit one that has shipped.

use std::sync::LazyLock;

use rusqlite_migration::{M, Migrations};

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up(include_str!("migrations/002_sources.sql")),
        M::up(include_str!("migrations/003_analysis.sql")),
        M::up(include_str!("migrations/004_settings.sql")),
        M::up(include_str!("migrations/005_lineage_indexes.sql")),
    ])
});

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
}
