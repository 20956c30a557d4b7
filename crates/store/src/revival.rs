//! Lineages brought back: a clause that returns after one or more versions without it keeps
//! the lineage id it had, so its notes, checklists and history follow it.
//!
//! A site that serves a shortened page for a while (an outage page that passed the guards, a
//! regional variant) drops clauses that come back later with the same wording. Alignment only
//! compares a version with the one before, so without this step each returning clause would
//! start a new lineage, and a note on it would stay on a clause shown as removed. A lineage is
//! brought back when its last clause before this version has exactly the same text and the
//! lineage is not in use in this version or the one before ([`Departed`]). Short texts (headings,
//! "Definitions.") are left alone, since the same words there need not be the same provision.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};

use crate::Result;
use crate::analysis::text_hash;

/// Minimum number of words of a clause whose earlier lineage of the same text is brought back.
pub const MIN_WORDS: usize = 6;

/// The lineages of a document that are gone by the version being analysed, keyed by the text
/// id of their last clause. Lineages with the same last text are kept in order, the most
/// recently seen first and then by their position, so that repeated paragraphs that return
/// together take back their own ids in order.
pub struct Departed {
    by_text: HashMap<i64, Vec<String>>,
}

impl Departed {
    /// Reads the last clause of every lineage of the document before `recorded_at`, keeping the
    /// lineages not in `live` (those of the version before and of this one).
    pub fn load(
        tx: &Transaction<'_>,
        document_id: i64,
        recorded_at: &str,
        live: &HashSet<String>,
    ) -> Result<Self> {
        // SQLite takes the bare columns of a row with max() from the row holding the maximum.
        let mut statement = tx.prepare_cached(
            "SELECT c.lineage_id, c.text_id, c.ordinal, max(v.recorded_at) FROM clauses c
             JOIN versions v ON v.id = c.version_id
             WHERE v.document_id = ?1 AND v.recorded_at < ?2
             GROUP BY c.lineage_id",
        )?;
        let rows = statement.query_map(params![document_id, recorded_at], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut found: HashMap<i64, Vec<(String, i64, String)>> = HashMap::new();
        for row in rows {
            let (lineage, text_id, ordinal, seen) = row?;
            if !live.contains(&lineage) {
                found.entry(text_id).or_default().push((seen, ordinal, lineage));
            }
        }
        let by_text = found
            .into_iter()
            .map(|(text_id, mut lineages)| {
                lineages.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                (text_id, lineages.into_iter().map(|(_, _, lineage)| lineage).collect())
            })
            .collect();
        Ok(Self { by_text })
    }

    /// Takes the next departed lineage whose last clause had exactly `text`, if any. Each
    /// lineage is given once.
    pub fn take(&mut self, tx: &Transaction<'_>, text: &str) -> Result<Option<String>> {
        if self.by_text.is_empty() || text.split_whitespace().count() < MIN_WORDS {
            return Ok(None);
        }
        let text_id: Option<i64> = tx
            .prepare_cached("SELECT id FROM clause_texts WHERE sha256 = ?1")?
            .query_row([text_hash(text)], |row| row.get(0))
            .optional()?;
        let Some(lineages) = text_id.and_then(|id| self.by_text.get_mut(&id)) else {
            return Ok(None);
        };
        Ok((!lineages.is_empty()).then(|| lineages.remove(0)))
    }
}
