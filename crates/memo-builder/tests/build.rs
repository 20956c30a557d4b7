//! The memo model built from the real corpus: scope, changes, ratings, evidence and errors.

mod common;

use chrono::{TimeZone, Utc};
use clausewatch_memo::{DiffOp, Section, Severity, SubstantiveChange};
use clausewatch_memo_builder::{BuildError, MemoRequest, build_memo};
use clausewatch_store::StoreError;
use common::{MACHINE_LEARNING_CLAUSE, corpus, corpus_copy, corpus_store, date, netflix_request};
use sha2::{Digest, Sha256};

fn substantive(memo: &clausewatch_memo::Memo) -> &[SubstantiveChange] {
    match &memo.changes {
        Section::Available(changes) => &changes.substantive,
        Section::NotAvailable { reason } => panic!("changes not available: {reason}"),
    }
}

fn machine_learning_changes(memo: &clausewatch_memo::Memo) -> Vec<&SubstantiveChange> {
    substantive(memo)
        .iter()
        .filter(|change| change.text_after().contains("machine learning tool"))
        .collect()
}

#[test]
fn evidence_covers_range_and_baseline() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");

    // The folder's file names are the recorded-at times: 2022-09-20 is in force on
    // 2024-01-01, and seven versions follow up to 2026-04-19.
    let folder = corpus().join("Netflix/Terms of Service");
    let expected: Vec<(String, String)> = [
        "2022-09-20T15-22-15Z",
        "2024-09-01T06-10-53Z",
        "2025-04-17T18-11-07Z",
        "2025-09-23T06-15-45Z",
        "2025-10-18T06-15-54Z",
        "2025-12-10T12-45-43Z",
        "2026-04-11T00-43-52Z",
        "2026-04-19T00-44-38Z",
    ]
    .iter()
    .map(|stem| {
        let bytes = std::fs::read(folder.join(format!("{stem}.md"))).expect("version file");
        let time = chrono::NaiveDateTime::parse_from_str(stem, "%Y-%m-%dT%H-%M-%SZ").unwrap();
        (time.and_utc().to_rfc3339(), format!("{:x}", Sha256::digest(&bytes)))
    })
    .collect();
    let evidence: Vec<(String, String)> = memo
        .header
        .evidence
        .iter()
        .map(|version| (version.recorded_at.to_rfc3339(), version.sha256.clone()))
        .collect();

    assert_eq!(evidence, expected);
}

#[test]
fn machine_learning_clause_is_added_with_its_rating() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");

    let changes = machine_learning_changes(&memo);

    assert_eq!(changes.len(), 1, "one substantive change: the addition");
    let added = changes[0];
    assert_eq!(added.marker, "(viii)");
    assert_eq!(added.text_before(), "");
    assert_eq!(added.text_after(), MACHINE_LEARNING_CLAUSE);
    assert_eq!(added.first_recorded_at, Utc.with_ymd_and_hms(2025, 4, 17, 18, 11, 7).unwrap());
    assert_eq!(
        added.previous_recorded_at,
        Some(Utc.with_ymd_and_hms(2024, 9, 1, 6, 10, 53).unwrap())
    );
    let Section::Available(rating) = &added.rating else { panic!("the addition is rated") };
    assert_eq!(rating.category, "AI and machine-learning use");
    assert_eq!(rating.severity, Severity::Critical);
}

#[test]
fn renumbering_is_listed_as_other_change() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");
    let Section::Available(changes) = &memo.changes else { panic!("changes available") };

    let renumbered: Vec<_> =
        changes.non_substantive.iter().filter(|change| change.marker == "(viii) → (ix)").collect();

    assert_eq!(renumbered.len(), 1);
    assert_eq!(renumbered[0].aspects, vec!["renumbered", "moved"]);
    assert_eq!(renumbered[0].recorded_at, Utc.with_ymd_and_hms(2026, 4, 11, 0, 43, 52).unwrap());
    assert_eq!(
        renumbered[0].heading_path,
        vec!["Netflix Terms of Use", "1. The Netflix Service", "1.8 Usage Rights and Restrictions"]
    );
    // The clause's first twelve words, so a reader can find it in the document.
    assert_eq!(
        renumbered[0].opening,
        "engage in any of the foregoing in connection with the use, creation, …"
    );
    assert!(MACHINE_LEARNING_CLAUSE.starts_with(renumbered[0].opening.trim_end_matches(" …")));
}

#[test]
fn diffs_rebuild_stored_clause_texts() {
    let store = corpus_store();
    let mut request = MemoRequest::new("Netflix", Utc::now());
    request.document = Some("Terms of Service".to_owned());
    let memo = build_memo(&store, &request).expect("memo builds");
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let stored: Vec<_> = store
        .changes(&document, &Default::default())
        .unwrap()
        .into_iter()
        .filter(|change| change.substantive)
        .collect();

    // The memo orders changes by severity, so the texts are compared as sorted pairs.
    let mut built: Vec<(String, String)> = substantive(&memo)
        .iter()
        .map(|change| (change.text_before(), change.text_after()))
        .collect();
    let mut stored: Vec<(String, String)> = stored
        .into_iter()
        .map(|record| {
            (record.text_before.unwrap_or_default(), record.text_after.unwrap_or_default())
        })
        .collect();
    built.sort();
    stored.sort();

    assert_eq!(built.len(), stored.len());
    for (change, record) in built.iter().zip(&stored) {
        assert_eq!(change, record);
    }
}

#[test]
fn substantive_changes_most_severe_first() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");

    let changes = substantive(&memo);
    let ranks: Vec<Option<Severity>> = changes
        .iter()
        .map(|change| match &change.rating {
            Section::Available(rating) => Some(rating.severity),
            Section::NotAvailable { .. } => None,
        })
        .collect();

    assert!(ranks.windows(2).all(|pair| pair[0] >= pair[1]), "{ranks:?}");
    assert_eq!(ranks.first(), Some(&Some(Severity::Critical)));
    for pair in changes.windows(2).filter(|pair| ranks_equal(&pair[0], &pair[1])) {
        assert!(pair[0].first_recorded_at <= pair[1].first_recorded_at, "recorded order kept");
    }
}

fn ranks_equal(a: &SubstantiveChange, b: &SubstantiveChange) -> bool {
    match (&a.rating, &b.rating) {
        (Section::Available(a), Section::Available(b)) => a.severity == b.severity,
        _ => false,
    }
}

#[test]
fn reworded_clause_marks_replaced_words() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");

    // A clause of the 2024-09-01 version replaced "movies and TV shows" with "entertainment
    // content".
    let deletes = |change: &&SubstantiveChange| {
        change.diff.iter().any(|segment| {
            segment.op == DiffOp::Delete && segment.text.trim() == "movies and TV shows"
        })
    };
    let first = substantive(&memo).iter().find(deletes).expect("the reworded clause");
    let deleted: Vec<&str> = first
        .diff
        .iter()
        .filter(|segment| segment.op == DiffOp::Delete)
        .map(|segment| segment.text.trim())
        .collect();
    let inserted: Vec<&str> = first
        .diff
        .iter()
        .filter(|segment| segment.op == DiffOp::Insert)
        .map(|segment| segment.text.trim())
        .collect();

    assert!(deleted.contains(&"movies and TV shows"), "deleted runs: {deleted:?}");
    assert!(inserted.contains(&"entertainment content"), "inserted runs: {inserted:?}");
}

#[test]
fn highest_severity_is_critical() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");
    let Section::Available(question) = &memo.question else { panic!("question available") };

    assert_eq!(question.highest_severity, Section::Available(Some(Severity::Critical)));
    assert!(question.brief_answer.contains("machine-learning"), "{}", question.brief_answer);
}

#[test]
fn memo_is_dated_the_day_it_is_written() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");

    // The request is written on 5 January 2027 about changes up to 1 December 2026.
    assert_eq!(memo.header.date, date(2027, 1, 5));
    assert!(
        memo.header.subject.ends_with("from 1 January 2024 to 1 December 2026"),
        "{}",
        memo.header.subject
    );
}

#[test]
fn future_until_date_covers_up_to_today() {
    let mut request = netflix_request();
    request.until = Some(date(2027, 12, 31));

    let memo = build_memo(&corpus_store(), &request).expect("memo builds");

    assert_eq!(memo.header.date, date(2027, 1, 5));
    assert!(
        memo.header.subject.ends_with("from 1 January 2024 to 5 January 2027"),
        "{}",
        memo.header.subject
    );
}

#[test]
fn clause_filter_keeps_one_lineage() {
    let store = corpus_store();
    let full = build_memo(&store, &netflix_request()).expect("memo builds");
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let lineage = store
        .changes(&document, &Default::default())
        .unwrap()
        .into_iter()
        .find(|change| change.text_after.as_deref() == Some(MACHINE_LEARNING_CLAUSE))
        .expect("machine-learning change record")
        .clause_id;
    let mut request = netflix_request();
    request.clause_id = Some(lineage);

    let memo = build_memo(&store, &request).expect("memo builds");
    let Section::Available(changes) = &memo.changes else { panic!("changes available") };

    assert_eq!(changes.substantive.len(), 1);
    assert_eq!(changes.non_substantive.len(), 1);
    assert!(substantive(&full).len() > 1);
}

#[test]
fn category_filter_keeps_that_category() {
    let mut request = netflix_request();
    request.category = Some("AI and machine-learning use".to_owned());

    let memo = build_memo(&corpus_store(), &request).expect("memo builds");

    assert_eq!(machine_learning_changes(&memo).len(), 1);
    for change in substantive(&memo) {
        let Section::Available(rating) = &change.rating else { panic!("rated") };
        assert!(rating.category.contains("AI and machine-learning use"), "{}", rating.category);
    }
}

#[test]
fn category_by_id_is_named_in_the_subject() {
    let mut request = netflix_request();
    request.category = Some("ai-machine-learning".to_owned());

    let memo = build_memo(&corpus_store(), &request).expect("memo builds");

    let subject = &memo.header.subject;
    assert!(subject.contains("category “AI and machine-learning use”"), "{subject}");
    assert!(!subject.contains("ai-machine-learning"), "{subject}");
}

#[test]
fn unknown_platform_names_known_ones() {
    let mut request = netflix_request();
    request.platform = "Netflex".to_owned();

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::Store(StoreError::UnknownPlatform { .. })), "{error}");
    assert!(error.to_string().contains("Netflix"), "lists the known platforms: {error}");
}

#[test]
fn reversed_range_is_rejected() {
    let mut request = netflix_request();
    request.since = Some(date(2026, 12, 1));
    request.until = Some(date(2024, 1, 1));

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::EmptyRange { .. }), "{error}");
}

#[test]
fn author_on_two_lines_is_rejected() {
    let mut request = netflix_request();
    request.from = "Eve\nInjected: yes".to_owned();

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::InvalidLine { field: "author", .. }), "{error}");
    assert!(error.to_string().starts_with("invalid author \"Eve\\nInjected: yes\""), "{error}");
}

#[test]
fn author_the_fonts_cannot_draw_is_rejected() {
    let mut request = netflix_request();
    request.from = "Zoë Ñ 数据 😀".to_owned();

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::UnprintableName { field: "author", .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("数据😀 (U+6570, U+636E, U+1F600)"), "{message}");
    assert!(!message.contains("U+00EB"), "accented Latin letters are drawn: {message}");
}

#[test]
fn addressee_with_direction_override_is_rejected() {
    let mut request = netflix_request();
    request.to = "Counsel \u{202e}lapicnirP".to_owned();

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::InvalidLine { field: "addressee", .. }), "{error}");
}

#[test]
fn blank_author_is_rejected() {
    let mut request = netflix_request();
    request.from = "  ".to_owned();

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::InvalidLine { field: "author", .. }), "{error}");
}

#[test]
fn range_before_first_version_is_rejected() {
    let mut request = netflix_request();
    request.since = Some(date(2019, 1, 1));
    request.until = Some(date(2019, 12, 31));

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::NothingRecorded { .. }), "{error}");
    assert!(error.to_string().contains("2020-12-08T16:18:42Z"), "names the first version: {error}");
}

#[test]
fn unknown_category_is_rejected() {
    let mut request = netflix_request();
    request.category = Some("astrology".to_owned());

    let error = build_memo(&corpus_store(), &request).unwrap_err();

    assert!(matches!(error, BuildError::UnknownCategory { .. }), "{error}");
    assert!(error.to_string().contains("ai-machine-learning"), "lists categories: {error}");
}

#[test]
fn declared_source_url_is_in_appendix() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut store = clausewatch_store::Store::open_in(folder.path()).expect("store opens");
    store
        .import_archive(&corpus().join("Netflix/Terms of Service"), common::import_time())
        .expect("document imports");
    let url = "https://help.netflix.com/legal/termsofuse";
    let page: clausewatch_store::sources::SourcePage =
        serde_json::from_value(serde_json::json!({ "url": url })).expect("page parses");
    let source = clausewatch_store::sources::NewSource {
        platform: "Netflix".to_owned(),
        document: "Terms of Service".to_owned(),
        pages: vec![page],
        interval_seconds: 3600,
        origin: "cli".to_owned(),
    };
    store.put_source(&source, "tester", common::import_time()).expect("source is stored");

    let memo = build_memo(&store, &netflix_request()).expect("memo builds");

    let Section::Available(appendix) = &memo.appendix else { panic!("appendix available") };
    let urls: Vec<(&str, &str)> = appendix
        .sources
        .iter()
        .map(|source| (source.document.as_str(), source.url.as_str()))
        .collect();
    assert_eq!(urls, vec![("Terms of Service", url)]);
}

#[test]
fn checklist_section_follows_category_filter() {
    use clausewatch_analysis::Taxonomy;
    use clausewatch_store::checklists::{ChecklistScope, ItemUpdate, SameSubject};

    let (_folder, mut store) = corpus_copy();
    let taxonomy = Taxonomy::embedded();
    let scope = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    let now = Utc.with_ymd_and_hms(2026, 5, 2, 9, 0, 0).single().expect("valid time");
    let ai = store
        .open_checklist(taxonomy, "ai-machine-learning", &scope, SameSubject::Refuse, "tester", now)
        .expect("AI checklist opens");
    store
        .open_checklist(taxonomy, "arbitration", &scope, SameSubject::Refuse, "tester", now)
        .expect("arbitration checklist opens");
    let evidence = ItemUpdate {
        evidence: Some("Counsel memo of 2026-05-02".to_owned()),
        notes: Some("Ask the vendor.".to_owned()),
        risk: Some("high".to_owned()),
        ..ItemUpdate::default()
    };
    store.update_item(ai.items[0].id, &evidence, "tester", now).expect("item updated");

    let mut request = netflix_request();
    request.category = Some("AI and machine-learning use".to_owned());
    let memo = build_memo(&store, &request).expect("memo builds");

    let Section::Available(checklist) = &memo.checklist else { panic!("checklist available") };
    assert_eq!(checklist.items.len(), ai.items.len(), "only the AI checklist's items");
    let label = format!("(checklist {}):", ai.id);
    for item in &checklist.items {
        assert!(item.text.contains(&label), "{}", item.text);
    }
    let expected = "Risk: high\n\nEvidence: Counsel memo of 2026-05-02\n\nAsk the vendor.";
    assert_eq!(checklist.items[0].notes, expected);
}

#[test]
fn note_marker_after_renumbering() {
    let (_folder, mut store) = corpus_copy();
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let changes = store.changes(&document, &Default::default()).unwrap();
    let added = changes
        .iter()
        .find(|change| change.text_after.as_deref() == Some(MACHINE_LEARNING_CLAUSE))
        .expect("machine-learning change record");
    // The clause was added as (viii); a later, non-substantive change renumbered it.
    let last = changes
        .iter()
        .filter(|change| change.clause_id == added.clause_id)
        .max_by(|a, b| a.recorded_at.cmp(&b.recorded_at))
        .expect("a last change");
    assert!(!last.substantive);
    let (before, after) = (last.marker_before.clone(), last.marker_after.clone());
    assert_eq!((before.as_deref(), after.as_deref()), (Some("(viii)"), Some("(ix)")));
    let now = Utc.with_ymd_and_hms(2026, 5, 2, 9, 0, 0).single().expect("valid time");
    store.add_note(&added.clause_id, "Ask counsel about (ix).", "tester", now).expect("note");

    let memo = build_memo(&store, &netflix_request()).expect("memo builds");

    let Section::Available(notes) = &memo.notes else { panic!("notes available") };
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].marker, "(ix)");
    assert_eq!(
        notes[0].heading_path.last().map(String::as_str),
        Some("1.8 Usage Rights and Restrictions")
    );
    assert!(notes[0].text.starts_with("Ask counsel about (ix).\n\ntester,"), "{}", notes[0].text);
}

#[test]
fn note_heading_follows_renumbered_section() {
    let folder = tempfile::tempdir().expect("folder");
    let mut store = clausewatch_store::Store::open_in(folder.path()).expect("store opens");
    let version = |day: u32, text: &str| clausewatch_store::ingest::NewVersion {
        recorded_at: Utc.with_ymd_and_hms(2026, 3, day, 0, 0, 0).single().expect("valid time"),
        content: text.to_owned(),
        origin: "import".to_owned(),
        origin_detail: format!("test {day}"),
    };
    let clause = "2.1. We may remove your content at any time.";
    let versions = vec![
        version(1, "# Terms\n\n## 2. Your Content\n\n2.1. We may remove your content.\n"),
        version(2, &format!("# Terms\n\n## 2. Your Content\n\n{clause}\n")),
        version(3, &format!("# Terms\n\n## 1. Fees\n\n## 3. Your Content\n\n{clause}\n")),
    ];
    let now = Utc.with_ymd_and_hms(2026, 3, 4, 0, 0, 0).single().expect("valid time");
    store.add_versions("Acme", "Terms of Service", versions, now).expect("versions stored");
    let document = store.resolve_document("Acme", "Terms of Service").expect("document");
    let changes = store.changes(&document, &Default::default()).expect("changes");
    let reworded = changes.iter().find(|change| change.substantive).expect("a substantive change");
    store.add_note(&reworded.clause_id, "Check the removal power.", "tester", now).expect("note");

    let memo = build_memo(&store, &MemoRequest::new("Acme", now)).expect("memo builds");

    let Section::Available(notes) = &memo.notes else { panic!("notes available") };
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].heading_path.last().map(String::as_str), Some("3. Your Content"));
}

/// Returns the provenance line of the memo's rule sets.
fn rule_sets_of(store: &clausewatch_store::Store) -> String {
    let memo = build_memo(store, &netflix_request()).expect("memo builds");
    let Section::Available(appendix) = memo.appendix else { panic!("appendix available") };
    appendix.provenance.rule_set_version
}

#[test]
fn provenance_names_rule_sets_of_stored_rows() {
    let (_folder, store) = corpus_copy();
    let embedded = &clausewatch_analysis::Taxonomy::embedded().version;

    let whole = rule_sets_of(&store);
    // An interrupted reclassification leaves some of the document's rows on another rule set.
    store
        .connection()
        .execute(
            "UPDATE change_analysis SET rule_set = 'interrupted-1' WHERE version_id IN
                 (SELECT v.id FROM versions v JOIN documents d ON d.id = v.document_id
                  JOIN platforms p ON p.id = d.platform_id
                  WHERE p.name = 'Netflix' AND d.doc_type = 'Terms of Service'
                  ORDER BY v.recorded_at LIMIT 3)",
            [],
        )
        .unwrap();
    let mixed = rule_sets_of(&store);

    assert!(whole.ends_with(&format!("categories and severities {embedded}")), "{whole}");
    assert!(mixed.contains(&format!("{embedded} and interrupted-1 (mixed")), "{mixed}");
}

#[test]
fn unprintable_characters_are_listed() {
    let sentence = "我们可能与合作伙伴共享您的个人数据。";
    let folder = tempfile::tempdir().unwrap();
    let tree = folder.path().join("tree/Acme/Privacy Policy");
    std::fs::create_dir_all(&tree).unwrap();
    let text = |body: &str| format!("Privacy Policy\n==============\n\nWe keep data. {body}\n");
    std::fs::write(tree.join("2025-01-01T00-00-00Z.md"), text("")).unwrap();
    std::fs::write(tree.join("2025-06-01T00-00-00Z.md"), text(sentence)).unwrap();
    let mut store = clausewatch_store::Store::open_in(&folder.path().join("data")).unwrap();
    store.import_archive(&folder.path().join("tree"), common::import_time()).unwrap();

    let acme = build_memo(&store, &MemoRequest::new("Acme", common::import_time())).unwrap();
    let netflix = build_memo(&corpus_store(), &netflix_request()).unwrap();

    let listed = |memo: &clausewatch_memo::Memo| match &memo.appendix {
        Section::Available(appendix) => appendix.provenance.unprintable.clone(),
        Section::NotAvailable { .. } => panic!("appendix available"),
    };
    let mut expected: Vec<String> = Vec::new();
    for ch in sentence.chars() {
        let point = format!("U+{:04X}", u32::from(ch));
        if !expected.contains(&point) {
            expected.push(point);
        }
    }
    assert_eq!(listed(&acme), expected);
    assert!(listed(&netflix).is_empty(), "{:?}", listed(&netflix));
}

#[test]
fn comparison_names_clauses_by_heading() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");
    let Section::Available(comparison) = &memo.comparison else { panic!("comparison available") };

    let cells: Vec<&String> = comparison.rows.iter().flat_map(|row| &row.positions).collect();
    assert!(!cells.is_empty());
    for cell in cells.iter().filter(|cell| !cell.is_empty() && cell.as_str() != "Not found") {
        assert!(cell.contains(" clause"), "each document names its clause count: {cell}");
        assert!(!cell.contains("unnumbered"), "{cell}");
    }
    let github = comparison.rows.iter().find(|row| row.platform == "GitHub").expect("GitHub row");
    assert!(github.positions.iter().any(|cell| cell.contains("\u{201c}")), "{github:?}");
}

#[test]
fn review_decision_is_printed_with_its_change() {
    let (_folder, mut store) = corpus_copy();
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let change = store
        .changes(&document, &Default::default())
        .unwrap()
        .into_iter()
        .find(|change| change.text_after.as_deref() == Some(MACHINE_LEARNING_CLAUSE))
        .expect("machine-learning change record");
    let at = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    let state = clausewatch_store::review::ReviewState::Dismissed;
    let reason = Some("not relevant");
    store.set_review(change.version_id, &change.clause_id, state, reason, "alice", at).unwrap();

    let memo = build_memo(&store, &netflix_request()).expect("memo builds");

    let reviews: Vec<Option<&str>> =
        machine_learning_changes(&memo).iter().map(|change| change.review.as_deref()).collect();
    assert_eq!(reviews, [Some("Dismissed by alice on 5 December 2026: not relevant")]);
    let others = substantive(&memo).iter().filter(|change| change.review.is_some()).count();
    assert_eq!(others, 1, "only the reviewed change carries a review");
}

#[test]
fn unverified_citations_say_so() {
    let memo = build_memo(&corpus_store(), &netflix_request()).expect("memo builds");
    let Section::Available(framework) = &memo.regulatory else { panic!("regulations listed") };
    let library = clausewatch_analysis::Regulations::embedded();

    let mut unverified = 0;
    for listed in &framework.regulations {
        let entry = library
            .regulations
            .iter()
            .find(|entry| {
                listed.name
                    == format!("{} {} ({})", entry.instrument, entry.article, entry.jurisdiction)
            })
            .expect("each listed regulation is in the library");
        let warned = listed.relevance.contains("not yet verified against the official text");
        assert_eq!(warned, !entry.verified, "{}", listed.name);
        if !entry.verified {
            unverified += 1;
            assert!(listed.relevance.contains(&entry.source_url), "{}", listed.relevance);
        }
    }
    assert!(unverified > 0, "the Netflix memo cites at least one unverified provision");
}

/// Returns the memo's date of analysis.
fn analysed_at_of(store: &clausewatch_store::Store) -> chrono::DateTime<Utc> {
    let memo = build_memo(store, &netflix_request()).expect("memo builds");
    let Section::Available(appendix) = memo.appendix else { panic!("appendix available") };
    appendix.provenance.analysed_at
}

#[test]
fn date_of_analysis_follows_reclassification() {
    let (_folder, mut store) = corpus_copy();
    let connection = store.connection();
    connection
        .execute("UPDATE version_analysis_times SET analysed_at = ?1", ["2026-12-02T08:00:00Z"])
        .unwrap();
    assert_eq!(analysed_at_of(&store), Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap());

    // A store analysed before the time was kept counts from when its versions were stored.
    store.connection().execute("DELETE FROM version_analysis_times", []).unwrap();
    assert_eq!(analysed_at_of(&store), common::import_time());

    let started = Utc::now() - chrono::Duration::seconds(1);
    store.reclassify_all(clausewatch_store::classify::Rules::embedded()).unwrap();
    let reclassified = analysed_at_of(&store);
    assert!(reclassified >= started, "{reclassified} is before the reclassification at {started}");
    assert!(reclassified <= Utc::now(), "{reclassified} is in the future");
}
