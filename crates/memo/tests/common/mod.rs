//! A realistic memo on Netflix's Terms of Use, built from real clause texts in `data/`.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use clausewatch_memo::{
    Appendix, Changes, Checklist, ChecklistItem, ClauseNote, Comparison, ComparisonRow, DiffOp,
    DiffSegment, Evidence, Memo, MemoHeader, MinorChange, Provenance, QuestionPresented, Rating,
    Regulation, RegulatoryFramework, Section, Severity, SourceLink, SubstantiveChange,
};
use similar::{ChangeTag, TextDiff};

pub const OLD_SHA256: &str = "0cf3a9079041488f63fa4c150d9d06cb532f472ebb679a71c3eaefb18911e790";
pub const NEW_SHA256: &str = "41796ecd449649950350f2371ee550f0da707577bc48a3993bb1f77b65f5108c";
pub const CHECKLIST_ITEMS: usize = 45;

/// Returns the clause text stored under `=== {key}` in the data file.
pub fn clause(key: &str) -> String {
    let data = include_str!("../data/netflix-terms-clauses.txt");
    let marker = format!("=== {key}\n");
    let start =
        data.find(&marker).unwrap_or_else(|| panic!("no clause {key} in data")) + marker.len();
    data[start..].lines().next().expect("clause line").to_owned()
}

/// Returns a word-level diff from `old` to `new`, merged into runs.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffSegment> {
    let diff = TextDiff::from_words(old, new);
    let mut segments: Vec<DiffSegment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Insert => DiffOp::Insert,
            ChangeTag::Delete => DiffOp::Delete,
        };
        match segments.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => segments.push(DiffSegment { op, text: change.value().to_owned() }),
        }
    }
    segments
}

pub fn old_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 10, 12, 45, 43).unwrap()
}

pub fn new_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 11, 0, 43, 52).unwrap()
}

fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|part| (*part).to_owned()).collect()
}

/// Returns a substantive change of the clause stored as `{key} before` / `{key} after`.
pub fn change(key: &str, marker: &str, severity: Severity, summary: &str) -> SubstantiveChange {
    let before = if key == "commercial" { String::new() } else { clause(&format!("{key} before")) };
    SubstantiveChange {
        marker: marker.to_owned(),
        heading_path: path(&["Netflix Terms of Use", "1. The Netflix Service"]),
        rating: Section::Available(Rating {
            category: "Use restrictions".to_owned(),
            severity,
            severity_reason: "narrows what members may do with the service".to_owned(),
        }),
        summary: summary.to_owned(),
        first_recorded_at: new_time(),
        previous_recorded_at: Some(old_time()),
        diff: word_diff(&before, &clause(&format!("{key} after"))),
        review: None,
    }
}

/// Returns the substantive changes of the real version pair.
pub fn real_changes() -> Vec<SubstantiveChange> {
    vec![
        change("intro", "Preamble ¶1", Severity::Low, "Members are now called users."),
        change(
            "service",
            "Preamble ¶2",
            Severity::Medium,
            "The definition of ‘you’ as the account holder was removed.",
        ),
        change(
            "usage",
            "1.8",
            Severity::Medium,
            "The restrictions now sit under a usage-rights grant that was clause 4.2.",
        ),
        change(
            "commercial",
            "(i)",
            Severity::High,
            "New restriction on commercial use and public performances.",
        ),
    ]
}

/// Returns the memo; `repeat` copies the real changes that many times (1 for the real memo).
pub fn sample_memo(repeat: usize) -> Memo {
    let substantive: Vec<SubstantiveChange> = (0..repeat).flat_map(|_| real_changes()).collect();
    let evidence = vec![
        Evidence {
            document: "Terms of Service".to_owned(),
            recorded_at: old_time(),
            sha256: OLD_SHA256.to_owned(),
            source_url: "https://help.netflix.com/legal/termsofuse".to_owned(),
        },
        Evidence {
            document: "Terms of Service".to_owned(),
            recorded_at: new_time(),
            sha256: NEW_SHA256.to_owned(),
            source_url: "https://help.netflix.com/legal/termsofuse".to_owned(),
        },
    ];

    Memo {
        header: MemoHeader {
            to: "Legal & Compliance team".to_owned(),
            from: "Hélène Dupré, Compliance Analyst".to_owned(),
            date: NaiveDate::from_ymd_opt(2026, 4, 20).unwrap(),
            subject: "Netflix Terms of Use: changes recorded on 11 April 2026".to_owned(),
            platform: "Netflix".to_owned(),
            documents: vec!["Terms of Service".to_owned()],
            privileged: true,
            evidence,
        },
        question: Section::Available(QuestionPresented {
            question: "Did the Terms of Use recorded on 11 April 2026 change what members may do \
                       with the Netflix service, including its use for machine learning?"
                .to_owned(),
            brief_answer:
                "Yes. A new restriction on commercial use was added as item (i), and the \
                           machine-learning restriction, renumbered (ix), now also covers it \
                           through “any of the foregoing”."
                    .to_owned(),
            highest_severity: Section::Available(Some(Severity::High)),
        }),
        changes: Section::Available(Changes {
            substantive,
            non_substantive: vec![MinorChange {
                marker: "(ix)".to_owned(),
                opening: "engage in any of the foregoing in connection with …".to_owned(),
                heading_path: path(&["Netflix Terms of Use", "1.8. Usage Rights and Restrictions"]),
                aspects: vec!["renumbered".to_owned(), "moved".to_owned()],
                recorded_at: new_time(),
            }],
        }),
        regulatory: Section::Available(RegulatoryFramework {
            regulations: vec![
                Regulation {
                    name: "Directive 93/13/EEC, Art. 3".to_owned(),
                    relevance: "Unfair terms in consumer contracts: a restriction not \
                                individually negotiated may be unfair."
                        .to_owned(),
                },
                Regulation {
                    name: "Code de la consommation, art. L. 212-1".to_owned(),
                    relevance: "Clauses abusives: the French transposition, enforced by the \
                                DGCCRF."
                        .to_owned(),
                },
                Regulation {
                    name: "BGB § 307".to_owned(),
                    relevance: "Standard business terms that unreasonably disadvantage the \
                                other party are void."
                        .to_owned(),
                },
            ],
            enforcement_risk: "Low for Netflix: the restrictions are common in the sector. \
                               Moderate for a member that uses the service for data collection."
                .to_owned(),
        }),
        comparison: Section::Available(Comparison {
            topics: vec!["Commercial use".to_owned(), "Machine learning".to_owned()],
            rows: vec![
                ComparisonRow {
                    platform: "Netflix".to_owned(),
                    positions: vec![
                        "Prohibited (item (i))".to_owned(),
                        "Prohibited (item (ix))".to_owned(),
                    ],
                },
                ComparisonRow {
                    platform: "Spotify".to_owned(),
                    positions: vec!["Prohibited".to_owned(), "Prohibited".to_owned()],
                },
            ],
        }),
        checklist: Section::Available(Checklist { items: checklist_items() }),
        notes: Section::Available(vec![ClauseNote {
            marker: "(ix)".to_owned(),
            heading_path: path(&["Netflix Terms of Use", "1.8. Usage Rights and Restrictions"]),
            text: format!(
                "The clause now reads:\n\n{}\n\nIts words are unchanged, but “the foregoing” \
                 now includes the new item (i).",
                clause("machine-learning after")
            ),
        }]),
        disclaimer: None,
        appendix: Section::Available(Appendix {
            sources: vec![SourceLink {
                document: "Terms of Service".to_owned(),
                url: "https://help.netflix.com/legal/termsofuse?locale=en-NL&docType=\
                      termsofuse&fullTextOfTheDocumentWithAllItsSections=true"
                    .to_owned(),
            }],
            provenance: Provenance {
                app_version: "0.1.0".to_owned(),
                rule_set_version: "2026.04.1".to_owned(),
                analysed_at: Utc.with_ymd_and_hms(2026, 4, 20, 9, 30, 0).unwrap(),
                unprintable: Vec::new(),
            },
        }),
    }
}

/// Returns checklist items whose notes carry a "ref-CLnn" tag, to find their rows in the PDF.
fn checklist_items() -> Vec<ChecklistItem> {
    (1..=CHECKLIST_ITEMS)
        .map(|number| ChecklistItem {
            text: format!(
                "Check whether our use of the service falls under the new restriction, \
                 case {number}."
            ),
            status: if number % 3 == 0 { "Done".to_owned() } else { "Open".to_owned() },
            owner: Some("J. Müller".to_owned()),
            due: NaiveDate::from_ymd_opt(2026, 5, 1 + u32::try_from(number % 28).unwrap()),
            notes: format!("ref-CL{number:02} see clause (i)"),
        })
        .collect()
}
