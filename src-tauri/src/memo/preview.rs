//! The preview of a memo: each section's heading and what it will hold, read from the same
//! [`Memo`] model the PDF is rendered from, so the preview and the file cannot disagree.
//!
//! A new memo section needs a heading in `clausewatch_memo::HEADINGS` and a branch in
//! [`preview`].

use std::collections::BTreeMap;

use clausewatch_memo::{HEADINGS, Memo, Section};
use serde::Serialize;
use ts_rs::TS;

/// Contents of an exported memo, section by section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "MemoPreview.ts")]
pub struct MemoPreview {
    /// Subject line of the memo's header.
    pub subject: String,
    pub platform: String,
    /// Documents the memo covers, such as "Terms of Service".
    pub documents: Vec<String>,
    /// Date printed on the memo, `YYYY-MM-DD`.
    pub date: String,
    /// Archived versions cited as evidence.
    pub versions: usize,
    pub substantive_changes: usize,
    pub non_substantive_changes: usize,
    /// Label of the highest severity among the substantive changes, such as "High". It is
    /// `None` when there is no substantive change or the changes are not rated.
    pub highest_severity: Option<String>,
    /// Number of regulations linked to the changes, 0 when the section is not available.
    pub regulations: usize,
    /// Number of items of the platform's checklists, 0 when the section is not available.
    pub checklist_items: usize,
    /// Number of notes on the clauses concerned, 0 when the section is not available.
    pub notes: usize,
    /// Every section in print order.
    pub sections: Vec<SectionPreview>,
}

/// One memo section as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "SectionPreview.ts")]
pub struct SectionPreview {
    /// Heading as printed, such as "2. Changes".
    pub heading: String,
    /// Short lines saying what the section will hold.
    pub contents: Vec<String>,
    /// Longer lines of the section (regulation names, risk assessments, the brief answer)
    /// that the view folds away.
    pub details: Vec<String>,
    /// Reason the section will print "Not available yet" in place of its content.
    pub not_available: Option<String>,
}

/// Summarises `memo` as the Memo view shows it before export.
pub fn preview(memo: &Memo) -> MemoPreview {
    let (substantive, non_substantive, aspects) = match &memo.changes {
        Section::Available(changes) => {
            let mut aspects: BTreeMap<&str, usize> = BTreeMap::new();
            for change in &changes.non_substantive {
                for aspect in &change.aspects {
                    *aspects.entry(aspect.as_str()).or_default() += 1;
                }
            }
            let aspects: Vec<String> =
                aspects.into_iter().map(|(aspect, count)| format!("{aspect} {count}")).collect();
            (changes.substantive.len(), changes.non_substantive.len(), aspects)
        }
        Section::NotAvailable { .. } => (0, 0, Vec::new()),
    };
    let highest_severity = match &memo.question {
        Section::Available(question) => match &question.highest_severity {
            Section::Available(Some(severity)) => Some(severity.label().to_owned()),
            _ => None,
        },
        Section::NotAvailable { .. } => None,
    };
    let regulations = available(&memo.regulatory).map_or(0, |section| section.regulations.len());
    let checklist_items = available(&memo.checklist).map_or(0, |section| section.items.len());
    let notes = available(&memo.notes).map_or(0, Vec::len);

    let sections = vec![
        section(HEADINGS[0], &memo.question, |question| {
            let severity = match &question.highest_severity {
                Section::Available(Some(severity)) => {
                    format!("Highest severity: {}", severity.label())
                }
                Section::Available(None) => "No substantive change to rate".to_owned(),
                Section::NotAvailable { reason } => format!("Severity not available: {reason}"),
            };
            (vec![severity], vec![question.brief_answer.clone()])
        }),
        section(HEADINGS[1], &memo.changes, |_| {
            let mut lines = vec![count(substantive, "substantive change", "substantive changes")];
            let other = count(non_substantive, "non-substantive change", "non-substantive changes");
            if aspects.is_empty() {
                lines.push(other);
            } else {
                // One change can be both moved and renumbered, so the kinds may add up to more.
                lines.push(format!("{other}, by kind: {}", aspects.join(", ")));
            }
            (lines, Vec::new())
        }),
        section(HEADINGS[2], &memo.regulatory, |section| {
            let mut details: Vec<String> =
                section.regulations.iter().map(|regulation| regulation.name.clone()).collect();
            // The builder writes one risk assessment per line.
            details.extend(section.enforcement_risk.lines().map(str::to_owned));
            let regulations = count(section.regulations.len(), "regulation", "regulations");
            (vec![format!("{regulations} and the enforcement risk of their categories")], details)
        }),
        section(HEADINGS[3], &memo.comparison, |section| {
            let line = format!(
                "{} compared on {}",
                count(section.rows.len(), "platform", "platforms"),
                count(section.topics.len(), "topic", "topics")
            );
            (vec![line], section.topics.clone())
        }),
        section(HEADINGS[4], &memo.checklist, |section| {
            let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
            for item in &section.items {
                *statuses.entry(item.status.as_str()).or_default() += 1;
            }
            let mut lines = vec![count(section.items.len(), "item", "items")];
            if !statuses.is_empty() {
                let statuses: Vec<String> =
                    statuses.into_iter().map(|(status, n)| format!("{status} {n}")).collect();
                lines.push(statuses.join(", "));
            }
            (lines, Vec::new())
        }),
        section(HEADINGS[5], &memo.notes, |notes| {
            (vec![count(notes.len(), "note", "notes")], Vec::new())
        }),
        SectionPreview {
            heading: HEADINGS[6].to_owned(),
            contents: vec![match memo.disclaimer {
                Some(_) => "The memo's own disclaimer".to_owned(),
                None => "The standard disclaimer: an analysis aid, not legal advice".to_owned(),
            }],
            details: Vec::new(),
            not_available: None,
        },
        appendix(memo),
    ];

    MemoPreview {
        subject: memo.header.subject.clone(),
        platform: memo.header.platform.clone(),
        documents: memo.header.documents.clone(),
        date: memo.header.date.to_string(),
        versions: memo.header.evidence.len(),
        substantive_changes: substantive,
        non_substantive_changes: non_substantive,
        highest_severity,
        regulations,
        checklist_items,
        notes,
        sections,
    }
}

/// Returns the content of an available section.
fn available<T>(section: &Section<T>) -> Option<&T> {
    match section {
        Section::Available(content) => Some(content),
        Section::NotAvailable { .. } => None,
    }
}

/// Builds the preview of a section, with `describe` run only when the section is available.
/// `describe` returns the short lines and the folded details.
fn section<T>(
    heading: &str,
    content: &Section<T>,
    describe: impl FnOnce(&T) -> (Vec<String>, Vec<String>),
) -> SectionPreview {
    match content {
        Section::Available(content) => {
            let (contents, details) = describe(content);
            SectionPreview { heading: heading.to_owned(), contents, details, not_available: None }
        }
        Section::NotAvailable { reason } => SectionPreview {
            heading: heading.to_owned(),
            contents: Vec::new(),
            details: Vec::new(),
            not_available: Some(reason.clone()),
        },
    }
}

/// Previews the appendix, whose evidence list comes from the header and is always printed.
fn appendix(memo: &Memo) -> SectionPreview {
    let evidence = count(memo.header.evidence.len(), "archived version", "archived versions");
    let mut preview = section(HEADINGS[7], &memo.appendix, |appendix| {
        let sources = appendix.sources.iter().map(|source| source.url.clone()).collect();
        let mut contents = vec![count(appendix.sources.len(), "source", "sources")];
        let unprintable = appendix.provenance.unprintable.len();
        if unprintable > 0 {
            contents.push(format!(
                "Warning: {} that some of the PDF's fonts cannot draw, which may print as empty \
                 boxes",
                count(unprintable, "character", "characters")
            ));
        }
        (contents, sources)
    });
    preview.contents.insert(0, format!("{evidence} with SHA-256 digests"));
    preview
}

/// Writes "1 item" or "3 items".
fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use clausewatch_memo::{
        Appendix, Changes, Checklist, ChecklistItem, ClauseNote, Comparison, ComparisonRow,
        Evidence, MemoHeader, MinorChange, Provenance, QuestionPresented, Severity, SourceLink,
        SubstantiveChange,
    };

    use super::*;

    fn minor(aspects: &[&str]) -> MinorChange {
        MinorChange {
            marker: "(ix)".to_owned(),
            opening: "engage in any of the foregoing …".to_owned(),
            heading_path: Vec::new(),
            aspects: aspects.iter().map(|aspect| (*aspect).to_owned()).collect(),
            recorded_at: Utc.with_ymd_and_hms(2026, 4, 11, 0, 0, 0).unwrap(),
        }
    }

    fn item(status: &str) -> ChecklistItem {
        ChecklistItem {
            text: "Is the reservation machine-readable?".to_owned(),
            status: status.to_owned(),
            owner: None,
            due: None,
            notes: String::new(),
        }
    }

    /// Returns a memo with one substantive and two other changes, two versions as evidence,
    /// three checklist items, one note and no regulatory section.
    fn memo() -> Memo {
        let time = Utc.with_ymd_and_hms(2025, 4, 17, 18, 11, 7).unwrap();
        let evidence = Evidence {
            document: "Terms of Service".to_owned(),
            recorded_at: time,
            sha256: "0".repeat(64),
            source_url: "https://example.test/terms".to_owned(),
        };
        Memo {
            header: MemoHeader {
                to: "File".to_owned(),
                from: "Clausewatch".to_owned(),
                date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                subject: "Netflix Terms of Service".to_owned(),
                platform: "Netflix".to_owned(),
                documents: vec!["Terms of Service".to_owned()],
                privileged: false,
                evidence: vec![evidence.clone(), evidence],
            },
            question: Section::Available(QuestionPresented {
                question: "What changed?".to_owned(),
                brief_answer: "One clause changed.".to_owned(),
                highest_severity: Section::Available(Some(Severity::High)),
            }),
            changes: Section::Available(Changes {
                substantive: vec![SubstantiveChange {
                    marker: "(viii)".to_owned(),
                    heading_path: Vec::new(),
                    rating: Section::NotAvailable { reason: "not rated".to_owned() },
                    summary: "Added a restriction.".to_owned(),
                    first_recorded_at: time,
                    previous_recorded_at: None,
                    diff: Vec::new(),
                    review: None,
                }],
                non_substantive: vec![minor(&["renumbered", "moved"]), minor(&["renumbered"])],
            }),
            regulatory: Section::NotAvailable { reason: "no rated change".to_owned() },
            comparison: Section::Available(Comparison {
                topics: vec!["AI training".to_owned(), "Scraping".to_owned()],
                rows: ["Netflix", "Reddit", "Zoom"]
                    .iter()
                    .map(|name| ComparisonRow {
                        platform: (*name).to_owned(),
                        positions: Vec::new(),
                    })
                    .collect(),
            }),
            checklist: Section::Available(Checklist {
                items: vec![item("Open"), item("Done"), item("Open")],
            }),
            notes: Section::Available(vec![ClauseNote {
                marker: "(viii)".to_owned(),
                heading_path: Vec::new(),
                text: "Ask the vendor.".to_owned(),
            }]),
            disclaimer: None,
            appendix: Section::Available(Appendix {
                sources: vec![SourceLink {
                    document: "Terms of Service".to_owned(),
                    url: "https://example.test/terms".to_owned(),
                }],
                provenance: Provenance {
                    app_version: "0.1.0".to_owned(),
                    rule_set_version: "2026.2".to_owned(),
                    analysed_at: time,
                    unprintable: Vec::new(),
                },
            }),
        }
    }

    #[test]
    fn preview_counts_each_section() {
        let preview = preview(&memo());

        assert_eq!(preview.versions, 2);
        assert_eq!(preview.substantive_changes, 1);
        assert_eq!(preview.non_substantive_changes, 2);
        assert_eq!(preview.highest_severity.as_deref(), Some("High"));
        assert_eq!(preview.regulations, 0);
        assert_eq!(preview.checklist_items, 3);
        assert_eq!(preview.notes, 1);
        assert_eq!(preview.sections.len(), HEADINGS.len());
    }

    #[test]
    fn preview_lines_per_section() {
        let sections = preview(&memo()).sections;

        assert_eq!(sections[0].contents, ["Highest severity: High"]);
        assert_eq!(sections[0].details, ["One clause changed."]);
        assert_eq!(
            sections[1].contents,
            ["1 substantive change", "2 non-substantive changes, by kind: moved 1, renumbered 2"]
        );
        assert_eq!(sections[3].contents, ["3 platforms compared on 2 topics"]);
        assert_eq!(sections[4].contents, ["3 items", "Done 1, Open 2"]);
        assert_eq!(sections[5].contents, ["1 note"]);
        assert_eq!(sections[7].contents, ["2 archived versions with SHA-256 digests", "1 source"]);
    }

    #[test]
    fn unavailable_section_keeps_reason() {
        let regulatory = &preview(&memo()).sections[2];

        assert_eq!(regulatory.not_available.as_deref(), Some("no rated change"));
        assert!(regulatory.contents.is_empty());
    }
}
