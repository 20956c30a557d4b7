//! The category taxonomy as data: names, descriptions, detection rules, baseline severity,
//! linked regulations and checklist templates, read from `assets/taxonomy.toml`.
//!
//! To add a category, add a `[[category]]` table to the asset file. Its rules are compiled by
//! [`crate::Classifier`], and [`crate::check_links`] verifies its regulation ids.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::AnalysisError;

const EMBEDDED: &str = include_str!("../../../assets/taxonomy.toml");

/// The severity of a category or of a change, from `none` to `critical`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum SeverityLevel {
    #[default]
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl SeverityLevel {
    /// Returns the next level up, staying at `critical`.
    pub fn raised(self) -> Self {
        match self {
            Self::None => Self::Low,
            Self::Low => Self::Medium,
            Self::Medium => Self::High,
            Self::High | Self::Critical => Self::Critical,
        }
    }

    /// Returns the next level down, staying at `low` so that a substantive change is never
    /// rated `none`.
    pub fn lowered(self) -> Self {
        match self {
            Self::Critical => Self::High,
            Self::High => Self::Medium,
            Self::Medium | Self::Low | Self::None => Self::Low,
        }
    }

    /// Every level, lowest first.
    pub const ALL: [Self; 5] = [Self::None, Self::Low, Self::Medium, Self::High, Self::Critical];

    /// Returns the level named `name` as [`SeverityLevel::as_str`] writes it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.as_str() == name)
    }

    /// Returns the lowercase name used in the asset files and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }
}

/// One detection rule. It fires when every pattern in `all` matches and no pattern in `none`
/// matches the clause text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Short name shown with the evidence, such as "binding arbitration".
    pub name: String,
    /// Case-insensitive regular expressions that must all match.
    pub all: Vec<String>,
    /// Case-insensitive regular expressions that veto the rule when they match the clause.
    #[serde(default)]
    pub none: Vec<String>,
    /// Whether patterns may also match the lead-in the clause continues. The clause itself
    /// must still supply at least one match.
    #[serde(default)]
    pub lead_in: bool,
    /// Whether patterns may also match the heading path. The clause itself must still supply
    /// at least one match.
    #[serde(default)]
    pub heading: bool,
    /// Whether the rule covers a part of the category that the expert labels of the evaluation
    /// leave out (their arbitration code does not cover class-action waivers). The evaluation
    /// ignores the rule's evidence; the product assigns the category as usual.
    #[serde(default)]
    pub beyond_labels: bool,
}

/// One item of a category's checklist template.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// The question or action for the reviewer.
    pub text: String,
    /// Id of the regulation in the regulations library that motivates the item.
    pub source: String,
}

/// A category of clause, with everything needed to detect and assess it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Noun phrase completing "New restriction on …" in change summaries.
    pub subject: String,
    pub baseline_severity: SeverityLevel,
    /// Ids into the regulations library.
    #[serde(default)]
    pub regulations: Vec<String>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
    /// Case-insensitive regular expressions that veto every rule of the category when they
    /// match the clause text, such as a later clause that only refers back to this one.
    #[serde(default)]
    pub none: Vec<String>,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
}

/// The whole taxonomy file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Version of the rules, raised whenever a rule or category changes so that derived
    /// analysis can be recomputed.
    pub version: String,
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

impl Taxonomy {
    /// Returns the taxonomy embedded at build time, parsed on first use.
    ///
    /// # Panics
    ///
    /// Panics if the embedded file is invalid; a test parses it, so a release cannot ship one.
    pub fn embedded() -> &'static Taxonomy {
        static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        TAXONOMY.get_or_init(|| {
            Self::from_toml_str(EMBEDDED, "embedded assets/taxonomy.toml")
                .expect("embedded taxonomy is valid")
        })
    }

    /// Parses a taxonomy from TOML text; `origin` names the text in error messages.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, AnalysisError> {
        let taxonomy: Taxonomy = toml::from_str(text).map_err(|source| AnalysisError::Toml {
            origin: origin.to_owned(),
            source: Box::new(source),
        })?;

        let mut seen = HashSet::new();
        for category in &taxonomy.categories {
            // Ids and names print in tables, notifications and memos, one line each.
            for (field, value) in [("id", &category.id), ("name", &category.name)] {
                if !is_one_line_label(value) {
                    return Err(AnalysisError::UnreadableName {
                        field,
                        value: value.clone(),
                        category: category.id.clone(),
                        origin: origin.to_owned(),
                    });
                }
            }
            // Commands find a category by id or name whatever their case, so ids that differ only
            // in case would hide one another.
            if !seen.insert(category.id.to_lowercase()) {
                return Err(AnalysisError::DuplicateId {
                    kind: "category",
                    id: category.id.clone(),
                    origin: origin.to_owned(),
                });
            }
        }

        Ok(taxonomy)
    }

    /// Reads and parses a taxonomy file, for reloading rules without a rebuild.
    pub fn load(path: &Path) -> Result<Self, AnalysisError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| AnalysisError::Read { path: path.to_owned(), source })?;
        let taxonomy = Self::from_toml_str(&text, &path.display().to_string())?;
        tracing::info!(
            path = %path.display(),
            version = %taxonomy.version,
            categories = taxonomy.categories.len(),
            "loaded taxonomy"
        );
        Ok(taxonomy)
    }

    /// Returns the category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|category| category.id == id)
    }

    /// Returns the category that `name` names: its id or its name, in any case, with spaces
    /// around it ignored.
    pub fn category_named(&self, name: &str) -> Option<&Category> {
        let name = name.trim().to_lowercase();
        let same = |text: &str| text.to_lowercase() == name;
        self.categories.iter().find(|category| same(&category.id) || same(&category.name))
    }
}

/// Returns whether `label` is a non-empty line without control characters or invisible
/// formatting characters (zero-width spaces, direction marks, embeddings, overrides and
/// isolates, the byte-order mark), which would let a label display otherwise than stored.
fn is_one_line_label(label: &str) -> bool {
    let hidden = |c: char| c.is_control() || crate::is_invisible_format(c);
    !label.trim().is_empty() && !label.chars().any(hidden)
}
