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
/// id of their last clause. A lineage that has the same last text as another keeps the most
/// recently seen one.
pub struct Departed {
    by_text: HashMap<i64, String>,
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
            "SELECT c.lineage_id, c.text_id, max(v.recorded_at) FROM clauses c
             JOIN versions v ON v.id = c.version_id
             WHERE v.document_id = ?1 AND v.recorded_at < ?2
             GROUP BY c.lineage_id",
        )?;
        let rows = statement.query_map(params![document_id, recorded_at], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?, row.get::<_, String>(2)?))
        })?;
        let mut latest: HashMap<i64, (String, String)> = HashMap::new();
        for row in rows {
            let (lineage, text_id, seen) = row?;
            if live.contains(&lineage) {
                continue;
            }
            let newer = latest.get(&text_id).is_none_or(|(_, kept)| seen > *kept);
            if newer {
                latest.insert(text_id, (lineage, seen));
            }
        }
        let by_text = latest.into_iter().map(|(text, (lineage, _))| (text, lineage)).collect();
        Ok(Self { by_text })
    }

    /// Takes the departed lineage whose last clause had exactly `text`, if any; each lineage
    /// is given once.
    pub fn take(&mut self, tx: &Transaction<'_>, text: &str) -> Result<Option<String>> {
        if self.by_text.is_empty() || text.split_whitespace().count() < MIN_WORDS {
            return Ok(None);
        }
        let text_id: Option<i64> = tx
            .prepare_cached("SELECT id FROM clause_texts WHERE sha256 = ?1")?
            .query_row([text_hash(text)], |row| row.get(0))
            .optional()?;
        Ok(text_id.and_then(|id| self.by_text.remove(&id)))
    }
}
