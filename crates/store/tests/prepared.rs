//! A version recorded with its analysis prepared beforehand stores exactly what the
//! transaction would have worked out itself, and a preparation made against another previous
//! text is ignored rather than trusted.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::checks::{CheckOutcome, NewCheck};
use clausewatch_store::classify::Rules;
use clausewatch_store::prepared::PreparedVersion;

/// How each version of a history is prepared before it is recorded.
#[derive(Clone, Copy)]
enum Preparation {
    None,
    AfterPrevious,
    /// After the previous text, with that version's categories read from the store.
    AfterStoredPrevious,
    AfterFirst,
}

/// Returns the texts of a document of the corpus, oldest first.
fn history(platform: &str, document: &str) -> Vec<String> {
    let folder = common::corpus().join(platform).join(document);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the corpus folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    files.sort();
    files.iter().map(|file| std::fs::read_to_string(file).expect("a version file")).collect()
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).single().expect("a valid time")
}

/// Records every text as a check of one source, prepared as `preparation` sets, and returns
/// the store with its folder.
fn record(texts: &[String], preparation: Preparation) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::empty_store();
    let source = common::example_source();
    store.put_source(&source, "tester", start()).expect("source stored");
    let source = store.sources_matching(None, None).expect("sources").remove(0);

    for (index, text) in texts.iter().enumerate() {
        let previous = index.checked_sub(1).map(|before| texts[before].as_str());
        let prepared = match preparation {
            Preparation::None => None,
            Preparation::AfterPrevious => Some(PreparedVersion::new(previous, text)),
            Preparation::AfterStoredPrevious => {
                let latest = store.latest_version(source.document_id).expect("latest version");
                let rules = Rules::embedded();
                let stored = latest
                    .map(|(id, _, _)| store.version_categories(id, rules).expect("categories"));
                let stored = stored.flatten();
                Some(PreparedVersion::after_classified(previous, stored.as_ref(), text, rules))
            }
            Preparation::AfterFirst => Some(PreparedVersion::new(Some(&texts[0]), text)),
        };
        let checked_at = start() + Duration::days(i64::try_from(index).expect("a small index"));
        let check = NewCheck {
            source: &source,
            checked_at,
            snapshots: Vec::new(),
            outcome: CheckOutcome::Changed { content: text.clone(), major: false },
            next_check_at: Some(checked_at + Duration::hours(1)),
            failure_threshold: 3,
            prepared,
        };
        store.record_check(check).expect("check recorded");
    }
    (dir, store)
}

/// Returns every derived row of the store as text, in a stable order.
fn derived_rows(store: &Store) -> Vec<String> {
    let queries = [
        "SELECT c.version_id, c.ordinal, c.lineage_id, c.kind, c.marker, c.heading_path, t.text
         FROM clauses c JOIN clause_texts t ON t.id = c.text_id ORDER BY 1, 2",
        "SELECT version_id, lineage_id, previous_version_id, position, kind, substantive, aspects,
                text_before, text_after, related_lineage, relation, diff, summary
         FROM changes ORDER BY 1, 4",
        "SELECT from_lineage, to_lineage, relation, version_id FROM lineage_links ORDER BY 1, 2, 4",
        "SELECT version_id, ordinal, category, evidence, rule_set FROM clause_categories
         ORDER BY 1, 2, 3",
        "SELECT version_id, lineage_id, severity, severity_reason, effect, categories, summary
         FROM change_analysis ORDER BY 1, 2",
    ];
    let connection = store.connection();
    let mut rows = Vec::new();
    for query in queries {
        let mut statement = connection.prepare(query).expect("query prepares");
        let columns = statement.column_count();
        let found = statement
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|index| {
                        let value: rusqlite::types::Value = row.get(index)?;
                        Ok(format!("{value:?}"))
                    })
                    .collect::<rusqlite::Result<_>>()?;
                Ok(values.join(" | "))
            })
            .expect("query runs");
        rows.extend(found.map(|row| row.expect("row reads")));
    }
    rows
}

fn assert_same_analysis(platform: &str, document: &str) {
    let texts = history(platform, document);
    assert!(texts.len() >= 10, "{platform} {document} has a long history");

    let (_plain_dir, plain) = record(&texts, Preparation::None);
    let expected = derived_rows(&plain);
    let changes: usize = expected.iter().filter(|row| row.contains("\"modified\"")).count();
    assert!(changes > 0, "the history has modified clauses to compare");

    let (_prepared_dir, prepared) = record(&texts, Preparation::AfterPrevious);
    assert_eq!(derived_rows(&prepared), expected, "prepared after the previous text");

    let (_stored_dir, stored) = record(&texts, Preparation::AfterStoredPrevious);
    assert_eq!(derived_rows(&stored), expected, "prepared with the stored categories");

    let (_stale_dir, stale) = record(&texts, Preparation::AfterFirst);
    assert_eq!(derived_rows(&stale), expected, "prepared after another text");
}

#[test]
fn prepared_netflix_terms_match_transaction() {
    assert_same_analysis("Netflix", "Terms of Service");
}

#[test]
fn prepared_github_terms_match_transaction() {
    assert_same_analysis("GitHub", "Terms of Service");
}
