//! The regulations library and the enforcement-risk assessments, read from
//! `assets/regulations.toml`.
//!
//! Add an instrument as a `[[regulation]]` table and an assessment as a `[[risk]]` table;
//! [`crate::check_links`] verifies that every id a category or assessment names exists.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::AnalysisError;

const EMBEDDED: &str = include_str!("../../../assets/regulations.toml");

/// One provision of a law, treaty or regulation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub id: String,
    /// The instrument, such as "Regulation (EU) 2024/1689 (AI Act)".
    pub instrument: String,
    /// The provision within it, such as "Art. 53(1)(c)".
    pub article: String,
    /// Where it applies: "EU", "US", "US-CA", "UK", "SG", "JP" or "international".
    pub jurisdiction: String,
    /// What the provision requires, in this project's own words.
    pub summary: String,
    /// Address of the text the citation was checked against, possibly a copy of the official
    /// text. An unverified entry gives the official text that is still to check.
    pub source_url: String,
    /// True only when the citation was checked against the official text or a reliable copy.
    pub verified: bool,
    /// Record of what was checked and where, or of what could not be checked.
    #[serde(default)]
    pub note: Option<String>,
}

/// How likely a clause of a category is to be challenged or unenforceable somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

/// An enforcement-risk assessment of one category in one jurisdiction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnforcementRisk {
    pub category: String,
    pub jurisdiction: String,
    pub level: RiskLevel,
    /// The reasoning, in this project's own words.
    pub text: String,
    /// Ids of the regulations the assessment rests on.
    pub sources: Vec<String>,
}

/// The whole regulations file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regulations {
    /// Date (YYYY-MM-DD) up to which the summaries were checked.
    pub as_of: String,
    #[serde(rename = "regulation")]
    pub regulations: Vec<Regulation>,
    #[serde(default, rename = "risk")]
    pub risks: Vec<EnforcementRisk>,
}

impl Regulations {
    /// Returns the library embedded at build time, parsed on first use.
    ///
    /// # Panics
    ///
    /// Panics if the embedded file is invalid; a test parses it, so a release cannot ship one.
    pub fn embedded() -> &'static Regulations {
        static REGULATIONS: OnceLock<Regulations> = OnceLock::new();
        REGULATIONS.get_or_init(|| {
            Self::from_toml_str(EMBEDDED, "embedded assets/regulations.toml")
                .expect("embedded regulations library is valid")
        })
    }

    /// Parses a library from TOML text; `origin` names the text in error messages.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Self, AnalysisError> {
        let library: Regulations = toml::from_str(text).map_err(|source| AnalysisError::Toml {
            origin: origin.to_owned(),
            source: Box::new(source),
        })?;

        let mut seen = HashSet::new();
        for regulation in &library.regulations {
            if !seen.insert(regulation.id.to_lowercase()) {
                return Err(AnalysisError::DuplicateId {
                    kind: "regulation",
                    id: regulation.id.clone(),
                    origin: origin.to_owned(),
                });
            }
        }

        Ok(library)
    }

    /// Reads and parses a regulations file, for reloading without a rebuild.
    pub fn load(path: &Path) -> Result<Self, AnalysisError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| AnalysisError::Read { path: path.to_owned(), source })?;
        let library = Self::from_toml_str(&text, &path.display().to_string())?;
        tracing::info!(
            path = %path.display(),
            as_of = %library.as_of,
            regulations = library.regulations.len(),
            "loaded regulations library"
        );
        Ok(library)
    }

    /// Returns the regulation with this id.
    pub fn regulation(&self, id: &str) -> Option<&Regulation> {
        self.regulations.iter().find(|regulation| regulation.id == id)
    }

    /// Returns the enforcement-risk assessments of a category, one per jurisdiction.
    pub fn risks_for<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a EnforcementRisk> {
        self.risks.iter().filter(move |risk| risk.category == category)
    }
}
