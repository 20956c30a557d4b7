//! The rule set a store classifies with: the taxonomy built into the program, or a reviewed
//! taxonomy file applied with [`Store::apply_rules`].
//!
//! The text of an applied file is kept in the `meta` table. Versions recorded later (an import,
//! a check of the watcher) are then classified with the same rules as the rest of the store,
//! even after the file moved or the program was upgraded. Opening a store reclassifies nothing:
//! stored rows keep the rule set that produced them until the next [`Store::apply_rules`], and
//! applying the built-in rules removes the stored text.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::json;
use tracing::info;

use clausewatch_analysis::{Classifier, Regulations, Taxonomy, check_links};

use crate::analysis::text_hash;
use crate::audit::{append, check_actor};
use crate::classify::Rules;
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// Meta key holding the TOML text of the applied taxonomy; absent while the built-in rules
/// are active.
pub const ACTIVE_TAXONOMY_KEY: &str = "active_taxonomy";

/// Meta key holding where the applied taxonomy was read from, such as its path.
pub const ACTIVE_ORIGIN_KEY: &str = "active_taxonomy_origin";

/// A taxonomy to apply to a store.
#[derive(Debug, Clone, Copy)]
pub enum RuleSource<'a> {
    /// The taxonomy built into the program.
    Embedded,
    /// A reviewed taxonomy file: its TOML text and where it was read from.
    Reviewed { text: &'a str, origin: &'a str },
}

/// A reviewed taxonomy with its compiled classifier.
#[derive(Debug)]
struct Reviewed {
    taxonomy: Taxonomy,
    classifier: Classifier,
    origin: String,
}

/// The rules a store classifies with, compiled and ready to run.
#[derive(Debug)]
pub struct ActiveRules {
    reviewed: Option<Reviewed>,
}

impl ActiveRules {
    /// Returns the built-in rules.
    pub fn embedded() -> Self {
        Self { reviewed: None }
    }

    /// Parses, checks and compiles the rules of `source`.
    ///
    /// A reviewed taxonomy must parse, compile, link only known regulations, and carry a
    /// version of its own. The version names the rule set in every stored row, so a file that
    /// differs from the built-in rules under the built-in version is rejected.
    pub fn compile(source: RuleSource<'_>) -> Result<Self> {
        let RuleSource::Reviewed { text, origin } = source else {
            return Ok(Self::embedded());
        };
        let invalid = |source| StoreError::Taxonomy { origin: origin.to_owned(), source };

        let taxonomy = Taxonomy::from_toml_str(text, origin).map_err(invalid)?;
        let classifier = Classifier::new(&taxonomy).map_err(invalid)?;
        check_links(&taxonomy, Regulations::embedded()).map_err(invalid)?;

        let built_in = Taxonomy::embedded();
        if taxonomy.version.trim().is_empty() {
            return Err(StoreError::InvalidInput(format!(
                "invalid taxonomy {origin}: `version` is empty; set it to a name of this rule \
                 set, such as \"{}-reviewed\"",
                built_in.version
            )));
        }
        let readable = taxonomy.version.chars().count() <= MAX_VERSION_CHARS
            && !taxonomy.version.chars().any(char::is_control);
        if !readable {
            return Err(StoreError::InvalidInput(format!(
                "invalid taxonomy {origin}: `version` {:?} has control characters or more than \
                 {MAX_VERSION_CHARS} characters; give a short name on one line",
                taxonomy.version
            )));
        }
        if taxonomy.version == built_in.version && !same_rules(&taxonomy, built_in) {
            return Err(StoreError::InvalidInput(format!(
                "invalid taxonomy {origin}: its rules differ from the built-in ones but its \
                 version {:?} is the built-in version; give it a version of its own",
                taxonomy.version
            )));
        }

        let origin = origin.to_owned();
        Ok(Self { reviewed: Some(Reviewed { taxonomy, classifier, origin }) })
    }

    /// Reads the rules stored as active in the database, the built-in ones when none are.
    pub(crate) fn load(conn: &Connection) -> Result<Self> {
        let text = meta(conn, ACTIVE_TAXONOMY_KEY)?;
        let Some(text) = text else { return Ok(Self::embedded()) };
        let origin = meta(conn, ACTIVE_ORIGIN_KEY)?.unwrap_or_else(|| "stored taxonomy".into());
        Self::compile(RuleSource::Reviewed { text: &text, origin: &origin })
    }

    /// Returns the taxonomy and classifier to run.
    pub fn rules(&self) -> Rules<'_> {
        match &self.reviewed {
            Some(reviewed) => {
                Rules { taxonomy: &reviewed.taxonomy, classifier: &reviewed.classifier }
            }
            None => Rules::embedded(),
        }
    }

    /// Returns where the reviewed taxonomy was read from, `None` for the built-in rules.
    pub fn origin(&self) -> Option<&str> {
        self.reviewed.as_ref().map(|reviewed| reviewed.origin.as_str())
    }
}

/// Maximum length of a rule-set version, in characters. Tables and memos show it on one line.
const MAX_VERSION_CHARS: usize = 100;

/// Returns whether two taxonomies hold the same categories and rules.
fn same_rules(left: &Taxonomy, right: &Taxonomy) -> bool {
    let json = |taxonomy: &Taxonomy| serde_json::to_value(taxonomy).expect("taxonomy serialises");
    json(left) == json(right)
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| row.get(0))
        .optional()?)
}

impl Store {
    /// Returns the rules this store classifies with.
    pub fn active_rules(&self) -> Result<ActiveRules> {
        ActiveRules::load(&self.conn)
    }

    /// Makes `source` the active rule set and recomputes the categories, severities and
    /// summaries of every document with it (see [`Store::reclassify_all`]). Returns the
    /// number of documents classified.
    ///
    /// The rules are checked before anything is written, so an invalid file changes nothing.
    /// The audit log records the change under `actor`, with the rule set's version, where it
    /// came from and the SHA-256 of a reviewed file's text.
    pub fn apply_rules(
        &mut self,
        source: RuleSource<'_>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_actor(actor)?;
        let active = ActiveRules::compile(source)?;

        // Stored rows name their rule set by its version, so one version must not stand for
        // two sets of rules.
        let current = self.active_rules()?;
        if let (Some(new), Some(old)) = (&active.reviewed, &current.reviewed)
            && new.taxonomy.version == old.taxonomy.version
            && !same_rules(&new.taxonomy, &old.taxonomy)
        {
            return Err(StoreError::InvalidInput(format!(
                "invalid taxonomy {}: its version {:?} is the version of the active rule set \
                 (from {}) but its rules differ; give it a version of its own",
                new.origin, new.taxonomy.version, old.origin
            )));
        }

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let details = json!({
            "rule_set": active.rules().version(),
            "origin": active.origin().unwrap_or("built-in"),
            "text_sha256": match source {
                RuleSource::Embedded => None,
                RuleSource::Reviewed { text, .. } => Some(text_hash(text)),
            },
        });
        append(&tx, &format_time(now), actor, "rules.apply", "rules", &details)?;
        match source {
            RuleSource::Embedded => {
                tx.execute(
                    "DELETE FROM meta WHERE key IN (?1, ?2)",
                    params![ACTIVE_TAXONOMY_KEY, ACTIVE_ORIGIN_KEY],
                )?;
            }
            RuleSource::Reviewed { text, origin } => {
                for (key, value) in [(ACTIVE_TAXONOMY_KEY, text), (ACTIVE_ORIGIN_KEY, origin)] {
                    tx.execute(
                        "INSERT INTO meta (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, value],
                    )?;
                }
            }
        }
        tx.commit()?;
        info!(
            rule_set = active.rules().version(),
            origin = active.origin().unwrap_or("built-in"),
            "active rule set changed"
        );

        self.reclassify_all(active.rules())
    }
}
