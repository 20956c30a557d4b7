//! What counts as a change of wording and what does not, one case per kind of difference.
//! Each case starts from the same small document and changes one thing.

use clausewatch_core::{Aspect, ChangeKind, ChangeRecord, align, compare, segment};

const BASE: &str = "\
# Terms of Use

1. Use of the Service

1.1. You may not use the [service](https://example.com/service) to build \"competing\" products.

1.2. We may suspend your account at any time.

1.3. These terms are governed by the laws of Ireland.

Last updated: January 1, 2025
";

fn records(old: &str, new: &str) -> Vec<ChangeRecord> {
    let old = segment(old);
    let new = segment(new);
    compare(&old, &new, &align(&old, &new))
}

fn assert_no_substantive(new: &str) -> Vec<ChangeRecord> {
    let records = records(BASE, new);
    let substantive: Vec<&ChangeRecord> = records.iter().filter(|r| r.substantive).collect();
    assert!(substantive.is_empty(), "unexpected substantive records: {substantive:#?}");
    records
}

fn only_record(records: &[ChangeRecord]) -> &ChangeRecord {
    assert_eq!(records.len(), 1, "expected one record: {records:#?}");
    &records[0]
}

#[test]
fn identical_text_has_no_records() {
    assert!(records(BASE, BASE).is_empty());
}

#[test]
fn whitespace_is_not_substantive() {
    let new = BASE
        .replace("You may not use", "You  may\n   not use")
        .replace("\n\n1.2.", "\n\n\n    1.2.");
    assert_no_substantive(&new);
}

#[test]
fn invisible_and_non_breaking_spaces_are_not_substantive() {
    let new = BASE.replace("You may not use", "You\u{00A0}may\u{200B} not\u{2060} use");
    assert_no_substantive(&new);
}

#[test]
fn typographic_hyphen_is_not_substantive() {
    let new =
        BASE.replace("at any time", "at any\u{2011}time").replace("laws of", "laws\u{2010}of");
    let plain = BASE.replace("at any time", "at any-time").replace("laws of", "laws-of");

    let records = records(&plain, &new);

    assert!(records.iter().all(|record| !record.substantive), "{records:#?}");
    assert_eq!(records.len(), 2, "each hyphen is a formatting change: {records:#?}");
}

#[test]
fn curly_quotes_are_not_substantive() {
    let new = BASE.replace("\"competing\"", "“competing”");
    assert_no_substantive(&new);
}

#[test]
fn emphasis_is_reformatting() {
    let new = BASE.replace("You may not use", "You **may not** use");
    let records = assert_no_substantive(&new);
    assert_eq!(only_record(&records).aspects, [Aspect::Reformatted]);
}

#[test]
fn heading_level_is_reformatting() {
    let new = BASE.replace("# Terms of Use", "## Terms of Use");
    let records = assert_no_substantive(&new);
    let record = only_record(&records);
    assert_eq!(record.aspects, [Aspect::Reformatted]);
    assert_eq!(record.text_after.as_deref(), Some("Terms of Use"));
}

#[test]
fn link_target_is_reformatting() {
    let new = BASE.replace("https://example.com/service", "https://example.com/en/service-terms");
    let records = assert_no_substantive(&new);
    assert_eq!(only_record(&records).aspects, [Aspect::Reformatted]);
}

#[test]
fn tracking_parameters_are_reformatting() {
    let new = BASE.replace(
        "https://example.com/service",
        "https://example.com/service?__hstc=53109431.31e3&hsLang=en&utm_source=mail",
    );
    let records = assert_no_substantive(&new);
    assert_eq!(only_record(&records).aspects, [Aspect::Reformatted]);
}

#[test]
fn inserted_clause_renumbers_the_rest() {
    let new = BASE
        .replace(
            "1.2. We may suspend",
            "1.2. You must be at least 18 years old to open an account.\n\n1.3. We may suspend",
        )
        .replace("1.3. These terms", "1.4. These terms");
    let records = records(BASE, &new);
    assert_eq!(records.len(), 3, "{records:#?}");

    let added = &records[0];
    assert_eq!(added.kind, ChangeKind::Added);
    assert!(added.substantive);
    assert_eq!(added.marker_after.as_deref(), Some("1.2"));

    for (record, (before, after)) in records[1..].iter().zip([("1.2", "1.3"), ("1.3", "1.4")]) {
        assert_eq!(record.kind, ChangeKind::Modified);
        assert!(!record.substantive);
        assert_eq!(record.aspects, [Aspect::Renumbered]);
        assert_eq!(record.marker_before.as_deref(), Some(before));
        assert_eq!(record.marker_after.as_deref(), Some(after));
        assert!(record.summary.ends_with("wording unchanged."), "{}", record.summary);
    }
}

#[test]
fn moved_clause_is_not_substantive() {
    let new = "\
# Terms of Use

1. Use of the Service

1.1. We may suspend your account at any time.

1.2. These terms are governed by the laws of Ireland.

2. Restrictions

2.1. You may not use the [service](https://example.com/service) to build \"competing\" products.

Last updated: January 1, 2025
";
    let records = records(BASE, new);
    assert!(records.iter().all(|r| r.kind != ChangeKind::Removed), "{records:#?}");
    let moved = records
        .iter()
        .find(|r| r.text_after.as_deref().is_some_and(|t| t.starts_with("You may not use")))
        .expect("a record for the moved clause");
    assert!(!moved.substantive);
    assert!(moved.aspects.contains(&Aspect::Moved));
    assert!(moved.aspects.contains(&Aspect::Renumbered));
    assert_eq!(moved.heading_after.as_deref(), Some("Terms of Use › 2. Restrictions"));
}

#[test]
fn new_date_line_is_dated_not_substantive() {
    let new = BASE.replace("Last updated: January 1, 2025", "Last updated: 3 March 2026");
    let records = assert_no_substantive(&new);
    let record = only_record(&records);
    assert_eq!(record.aspects, [Aspect::Dated]);
    let stated = clausewatch_core::stated_date(&segment(&new));
    assert_eq!(stated, chrono::NaiveDate::from_ymd_opt(2026, 3, 3));
}

#[test]
fn changed_time_on_date_line_is_dated() {
    let stamped =
        BASE.replace("Last updated: January 1, 2025", "Last updated: January 1, 2025 13:43:22");
    let later = stamped.replace("13:43:22", "13:43:25");

    let records = records(&stamped, &later);

    let record = only_record(&records);
    assert!(!record.substantive, "{record:#?}");
    assert_eq!(record.aspects, [Aspect::Dated]);
}

#[test]
fn changed_word_is_substantive_and_summarised() {
    let new = BASE.replace("We may suspend", "We shall suspend");
    let records = records(BASE, &new);
    let record = only_record(&records);
    assert_eq!(record.kind, ChangeKind::Modified);
    assert!(record.substantive);
    assert_eq!(record.aspects, [Aspect::Reworded]);
    assert_eq!(record.summary, "Reworded 1.2: 'may' became 'shall'; 1 word added, 1 removed.");
}

#[test]
fn removed_clause_is_substantive() {
    let new = BASE.replace("1.3. These terms are governed by the laws of Ireland.\n\n", "");
    let records = records(BASE, &new);
    let record = only_record(&records);
    assert_eq!(record.kind, ChangeKind::Removed);
    assert!(record.substantive);
    assert_eq!(record.marker_before.as_deref(), Some("1.3"));
}

#[test]
fn quoted_term_summary_alternates_quotes() {
    let with_term = BASE.replace(
        "1.3. These terms",
        "1.3. \u{201c}Service\u{201d} means our website.\n\n1.4. These terms",
    );
    let without_law = BASE.replace("1.3. These terms are governed by the laws of Ireland.\n\n", "");

    let term_records = records(BASE, &with_term);
    let law_records = records(BASE, &without_law);

    let added = term_records.iter().find(|r| r.kind == ChangeKind::Added).expect("an added record");
    let quoted = ": \u{2018}\u{201c}Service\u{201d} means our website.\u{2019}.";
    assert!(added.summary.ends_with(quoted), "{}", added.summary);
    let removed = &only_record(&law_records).summary;
    assert!(removed.contains(": \u{201c}These terms are governed"), "{removed}");
}

#[test]
fn merged_clauses_link_both_lineages() {
    let new = BASE.replace(
        "1.2. We may suspend your account at any time.\n\n1.3. These terms",
        "1.2. We may suspend your account at any time. These terms",
    );
    let records = records(BASE, &new);
    let merged =
        records.iter().find(|r| r.kind == ChangeKind::Removed).expect("the absorbed clause ends");
    assert!(matches!(merged.relation, Some(clausewatch_core::Relation::MergedInto(_))));
    assert!(!merged.substantive, "its words survive in the merged clause: {merged:#?}");
}

#[test]
fn dropped_duplicate_clause_is_removed_not_merged() {
    let old = "1. Scope\n\n1.1 These terms cover the app.\n\n\
               1.2 You must keep your password secret and tell us of any misuse.\n\n\
               2. Accounts\n\n2.1 You need an account to post.\n\n\
               2.2 You must keep your password secret and tell us of any misuse.\n";
    let new = "2. Accounts\n\n2.1 You need an account to post.\n\n\
               2.2 You must keep your password secret and tell us of any misuse.\n";

    let records = records(old, new);

    let repeated = records
        .iter()
        .find(|r| r.marker_before.as_deref() == Some("1.2"))
        .expect("a record for the dropped 1.2");
    assert_eq!(repeated.kind, ChangeKind::Removed);
    assert_eq!(repeated.relation, None, "{repeated:#?}");
    assert!(repeated.substantive, "{repeated:#?}");
    let kept = records.iter().find(|r| r.marker_before.as_deref() == Some("2.2"));
    assert!(kept.is_none(), "2.2 continues unchanged: {kept:#?}");
}

#[test]
fn list_number_before_own_marker_is_formatting() {
    // An HTML `<ol>` whose items carry their own markers becomes "1.  (i) …" in markdown, so
    // an item inserted above shifts the list number of every later item.
    let old = "You agree not to:\n\n1.  (i) copy the service;\n2.  (ii) resell access to it.\n";
    let new = "You agree not to:\n\n1.  (i) copy the service;\n2.  (ii) scrape the service;\n\
               3.  (iii) resell access to it.\n";

    let records = records(old, new);

    assert_eq!(records.len(), 2, "{records:#?}");
    let added = &records[0];
    assert_eq!(added.kind, ChangeKind::Added);
    assert_eq!(added.marker_after.as_deref(), Some("(ii)"));
    assert_eq!(added.text_after.as_deref(), Some("scrape the service;"));
    let shifted = &records[1];
    assert_eq!(shifted.kind, ChangeKind::Modified);
    assert!(!shifted.substantive, "{shifted:#?}");
    assert_eq!(shifted.aspects, [Aspect::Renumbered]);
    assert_eq!(shifted.marker_before.as_deref(), Some("(ii)"));
    assert_eq!(shifted.marker_after.as_deref(), Some("(iii)"));
    assert_eq!(shifted.text_after.as_deref(), Some("resell access to it."));
}

#[test]
fn list_number_alone_shifting_is_no_change() {
    // The page fills a gap in its own lettering, so only the list numbers after it shift.
    let old = "1.  (a) copy the service;\n2.  (c) resell access to it.\n";
    let new = "1.  (a) copy the service;\n2.  (b) scrape it;\n3.  (c) resell access to it.\n";

    let records = records(old, new);

    assert_eq!(records.len(), 1, "{records:#?}");
    assert_eq!(records[0].kind, ChangeKind::Added);
    assert_eq!(records[0].marker_after.as_deref(), Some("(b)"));
}

#[test]
fn technical_record_is_never_substantive() {
    let new = BASE.replace("1.3. These terms are governed by the laws of Ireland.\n\n", "");
    let mut records = records(BASE, &new);
    let removed = only_record(&records).summary.clone();

    clausewatch_core::change::mark_technical(&mut records[0]);

    let record = &records[0];
    assert_eq!(record.kind, ChangeKind::Removed);
    assert!(!record.substantive);
    assert_eq!(record.aspects, [Aspect::Technical]);
    assert_eq!(
        record.summary,
        format!("{} {removed}", clausewatch_core::change::TECHNICAL_SUMMARY)
    );
}

#[test]
fn short_clause_edit_is_modified() {
    let old = "# Rules\n\n1. You must not scrape.\n\n2. Keep your password safe.\n";
    let new = "# Rules\n\n1. You must not scrape or crawl.\n\n2. Keep your password safe.\n";

    let records = records(old, new);

    let record = only_record(&records);
    assert_eq!(record.kind, ChangeKind::Modified);
    assert_eq!(record.text_before.as_deref(), Some("You must not scrape."));
    assert_eq!(record.text_after.as_deref(), Some("You must not scrape or crawl."));
}

#[test]
fn unrelated_replacement_is_removed_and_added() {
    let old = "# Rules\n\n1. You must not scrape.\n\n2. Keep your password safe.\n";
    let new = "# Rules\n\n1. Refunds follow local consumer law.\n\n2. Keep your password safe.\n";

    let records = records(old, new);

    let kinds: Vec<ChangeKind> = records.iter().map(|record| record.kind).collect();
    assert_eq!(kinds.len(), 2, "{records:#?}");
    assert!(kinds.contains(&ChangeKind::Removed), "{records:#?}");
    assert!(kinds.contains(&ChangeKind::Added), "{records:#?}");
}

#[test]
fn punctuation_only_edit_is_summarised() {
    let new = BASE.replace("laws of Ireland.", "laws of Ireland;");

    let records = records(BASE, &new);

    let record = only_record(&records);
    assert!(record.substantive, "a punctuation mark can change the meaning");
    assert_eq!(
        record.summary,
        "Punctuation changed in 1.3: '.' became ';'; the words are the same."
    );
}

#[test]
fn space_after_full_stop_is_not_substantive() {
    let old = "# Terms\n\n1. Read our POLICIES.Zoom may update them.\n";
    let new = "# Terms\n\n1. Read our POLICIES. Zoom may update them.\n";

    let records = records(old, new);

    let record = only_record(&records);
    assert!(!record.substantive, "{record:#?}");
    assert_eq!(record.aspects, vec![Aspect::Reformatted]);
}

#[test]
fn reordered_clause_names_its_heading_once() {
    let old =
        "# Terms\n\n## Use\n\nYou may browse.\n\nYou may not scrape.\n\nYou may not resell.\n";
    let new =
        "# Terms\n\n## Use\n\nYou may not resell.\n\nYou may browse.\n\nYou may not scrape.\n";

    let records = records(old, new);

    let moved = records.iter().find(|record| record.aspects.contains(&Aspect::Moved));
    let summary = &moved.expect("a moved record").summary;
    assert!(summary.contains("to another position under “Use”"), "{summary}");
}

#[test]
fn capitalisation_only_edit_is_summarised() {
    let new = BASE.replace("laws of Ireland", "Laws of Ireland");

    let records = records(BASE, &new);

    let record = only_record(&records);
    assert!(record.substantive, "a capital can mark a defined term");
    assert_eq!(
        record.summary,
        "Capitalisation changed in 1.3: 'laws' became 'Laws'; the words are the same."
    );
}

#[test]
fn numbered_clauses_edited_together_are_modified() {
    let old = "# Terms\n\n1. Welcome.\n\n2. Your content remains yours.\n\n3. Refunds are available \
               within 30 days.\n\n4. Keep your password safe.\n";
    let new = "# Terms\n\n1. Welcome.\n\n2. Your content remains yours, but we own a licence to \
               it.\n\n3. Refunds are not available.\n\n4. Keep your password safe.\n";

    let records = records(old, new);

    let kinds: Vec<(ChangeKind, Option<&str>)> =
        records.iter().map(|record| (record.kind, record.marker_after.as_deref())).collect();
    assert_eq!(
        kinds,
        vec![(ChangeKind::Modified, Some("2.")), (ChangeKind::Modified, Some("3."))],
        "{records:#?}"
    );
}

#[test]
fn clause_moved_under_heading_names_both_places() {
    let old =
        "Welcome to the service, which these terms govern.\n\n# General\n\n1. You must be 18.\n";
    let new =
        "# General\n\nWelcome to the service, which these terms govern.\n\n1. You must be 18.\n";

    let records = records(old, new);

    assert!(records.iter().all(|record| !record.substantive), "{records:#?}");
    let summaries: Vec<&str> = records.iter().map(|record| record.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Moved the heading at the top of the document to another position in the document; \
             wording unchanged.",
            "Moved the clause from the top of the document to “General”; wording unchanged.",
        ]
    );
}
