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

use rusqlite::{Transaction, params};

use crate::Result;

/// Minimum number of words of a clause whose earlier lineage of the same text is brought back.
pub const MIN_WORDS: usize = 6;

/// The lineages of a document that are gone by the version being analysed, keyed by the
/// SHA-256 of their last clause's text. Lineages with the same last text are kept in order, the most
/// recently seen first and then by their position, so that repeated paragraphs that return
/// together take back their own ids in order.
pub struct Departed {
    by_text: HashMap<String, Vec<String>>,
}

impl Departed {
    /// Reads the last clause before `recorded_at` of every lineage of the document that was
    /// removed before then, keeping the lineages not in `live` (those of the version before
    /// and of this one).
    pub fn load(
        tx: &Transaction<'_>,
        document_id: i64,
        recorded_at: &str,
        live: &HashSet<String>,
    ) -> Result<Self> {
        // Only lineages with a removal record can be gone, so the clauses of the others are
        // not read. SQLite takes the bare columns of a row with max() from the row holding the
        // maximum.
        let mut statement = tx.prepare_cached(
            "WITH removed AS (
                 SELECT DISTINCT ch.lineage_id FROM changes ch
                 JOIN versions v ON v.id = ch.version_id
                 WHERE v.document_id = ?1 AND v.recorded_at < ?2 AND ch.kind = 'removed'
             )
             SELECT c.lineage_id, t.sha256, c.ordinal, max(v.recorded_at) FROM removed r
             JOIN clauses c ON c.lineage_id = r.lineage_id
             JOIN versions v ON v.id = c.version_id
             JOIN clause_texts t ON t.id = c.text_id
             WHERE v.recorded_at < ?2
             GROUP BY c.lineage_id",
        )?;
        let rows = statement.query_map(params![document_id, recorded_at], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut found: HashMap<String, Vec<(String, i64, String)>> = HashMap::new();
        for row in rows {
            let (lineage, text_sha256, ordinal, seen) = row?;
            if !live.contains(&lineage) {
                found.entry(text_sha256).or_default().push((seen, ordinal, lineage));
            }
        }
        let by_text = found
            .into_iter()
            .map(|(text_sha256, mut lineages)| {
                lineages.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                (text_sha256, lineages.into_iter().map(|(_, _, lineage)| lineage).collect())
            })
            .collect();
        Ok(Self { by_text })
    }

    /// Takes the next departed lineage whose last clause had exactly the text `text`, whose
    /// SHA-256 is `text_sha256`. Each lineage is given once.
    pub fn take(&mut self, text: &str, text_sha256: &str) -> Option<String> {
        if text.split_whitespace().count() < MIN_WORDS {
            return None;
        }
        let lineages = self.by_text.get_mut(text_sha256)?;
        (!lineages.is_empty()).then(|| lineages.remove(0))
    }
}
