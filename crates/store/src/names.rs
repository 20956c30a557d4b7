//! Platform and document names: the form they are stored in, the characters they may not
//! contain, and lookups of stored names that ignore case beyond ASCII.
//!
//! Names are compared in their canonical form ([`canonical_name`]). SQLite's `NOCASE` folds
//! only the letters A to Z, so to it "CAFÉ" and "Café" are two names. Each lookup queries
//! SQLite first, which finds a name as stored or in another ASCII case through the index. Only
//! on a miss (a new platform, a mistyped name) does it read the names of all platforms, or of
//! one platform's documents, and compare them in full Unicode lower case.

use rusqlite::{Connection, OptionalExtension, params};
use unicode_normalization::UnicodeNormalization;

use crate::{Result, Store};

/// Returns the form in which a platform or document name is stored and looked up: composed
/// Unicode (NFC), with each run of white space, no-break spaces included, as one space and
/// none at either end. A folder name written on another system ("Ü" as "U" and a combining
/// diaeresis) or a pasted name with a no-break space then names the same platform.
pub fn canonical_name(name: &str) -> String {
    let composed: String = name.nfc().collect();
    composed.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub use clausewatch_analysis::is_invisible_format;

/// Returns whether `text` contains a control character (a line break, a tab) or an invisible
/// formatting character, which a name or a one-line field may not contain.
pub fn has_hidden_characters(text: &str) -> bool {
    text.chars().any(|c| c.is_control() || is_invisible_format(c))
}

/// Returns the id and stored name of the platform named `name`, whatever its case.
pub(crate) fn find_platform(conn: &Connection, name: &str) -> Result<Option<(i64, String)>> {
    let name = canonical_name(name);
    let stored = conn
        .prepare_cached("SELECT id, name FROM platforms WHERE name = ?1")?
        .query_row([&name], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if stored.is_some() {
        return Ok(stored);
    }

    let mut statement = conn.prepare_cached("SELECT id, name FROM platforms ORDER BY id")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    same_name_in(rows, &name)
}

/// Returns the id and stored name of the document named `name` of the platform
/// `platform_id`, whatever its case.
pub(crate) fn find_document(
    conn: &Connection,
    platform_id: i64,
    name: &str,
) -> Result<Option<(i64, String)>> {
    let name = canonical_name(name);
    let stored = conn
        .prepare_cached(
            "SELECT id, doc_type FROM documents WHERE platform_id = ?1 AND doc_type = ?2",
        )?
        .query_row(params![platform_id, name], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if stored.is_some() {
        return Ok(stored);
    }

    let mut statement = conn
        .prepare_cached("SELECT id, doc_type FROM documents WHERE platform_id = ?1 ORDER BY id")?;
    let rows = statement.query_map([platform_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    same_name_in(rows, &name)
}

/// Returns the first of `rows` whose name equals `name` in Unicode lower case.
fn same_name_in(
    rows: impl Iterator<Item = rusqlite::Result<(i64, String)>>,
    name: &str,
) -> Result<Option<(i64, String)>> {
    let folded = name.to_lowercase();
    for row in rows {
        let (id, stored) = row?;
        if canonical_name(&stored).to_lowercase() == folded {
            return Ok(Some((id, stored)));
        }
    }
    Ok(None)
}

impl Store {
    /// Returns the stored name of the platform named `name`, whatever its case and spacing.
    pub fn platform_name(&self, name: &str) -> Result<Option<String>> {
        Ok(find_platform(&self.conn, name)?.map(|(_, stored)| stored))
    }
}
