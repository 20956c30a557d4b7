//! Full-text search on the corpus: excluded words, alternatives, repeated words and the cap on
//! terms.

mod common;

#[test]
fn excluded_word_drops_its_clauses() {
    let store = common::corpus_store();

    let all = store.search("sell", 200).expect("search");
    let without = store.search("sell -personal", 200).expect("search");

    assert!(all.iter().any(|hit| hit.text.to_lowercase().contains("personal")));
    assert!(!without.is_empty(), "clauses on selling without the word remain");
    assert!(without.len() < all.len());
    for hit in &without {
        assert!(hit.text.to_lowercase().contains("sell"), "{}", hit.text);
        assert!(!hit.text.to_lowercase().contains("personal"), "{}", hit.text);
    }
}

#[test]
fn excluded_phrase_drops_its_clauses() {
    let store = common::corpus_store();
    let contains_phrase = |text: &str| {
        let words: Vec<String> = text
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        words.windows(2).any(|pair| pair[0] == "binding" && pair[1] == "arbitration")
    };

    let all = store.search("dispute", 500).expect("search");
    let without = store.search("dispute -\"binding arbitration\"", 500).expect("search");

    assert!(all.iter().any(|hit| contains_phrase(&hit.text)), "some disputes go to arbitration");
    assert!(!without.is_empty());
    assert!(without.len() < all.len());
    for hit in &without {
        assert!(!contains_phrase(&hit.text), "{}", hit.text);
    }
    // Without the minus sign the phrase is required, as before.
    let with = store.search("dispute \"binding arbitration\"", 500).expect("search");
    assert!(!with.is_empty());
    assert!(with.iter().all(|hit| contains_phrase(&hit.text)));
}

#[test]
fn or_between_words_accepts_either() {
    let store = common::corpus_store();
    let clauses = |query: &str| -> std::collections::BTreeSet<String> {
        let hits = store.search(query, 1000).expect("search");
        hits.into_iter().map(|hit| hit.clause_id).collect()
    };

    let arbitration = clauses("arbitration");
    let jury = clauses("jury");
    let either = clauses("arbitration OR jury");
    let both = clauses("arbitration jury");
    let lower = clauses("arbitration or jury");

    let union: std::collections::BTreeSet<String> = arbitration.union(&jury).cloned().collect();
    assert_eq!(either, union);
    assert!(both.len() < jury.len(), "both words are required without OR");
    assert!(lower.is_subset(&both), "a lower-case or is a word to find");
}

#[test]
fn repeated_words_search_once() {
    let store = common::corpus_store();

    let once = store.search("data", 50).expect("search");
    let repeated = store.search(&"data ".repeat(5000), 50).expect("search");

    assert_eq!(repeated, once);
}

#[test]
fn too_many_terms_or_only_exclusions_are_rejected() {
    let store = common::corpus_store();
    let words: Vec<String> = (0..201).map(|n| format!("word{n}")).collect();

    let too_many = store.search(&words.join(" "), 5).unwrap_err().to_string();
    let only_excluded = store.search("-sell", 5).unwrap_err().to_string();

    assert!(too_many.contains("201 different words"), "{too_many}");
    assert!(too_many.contains("at most 200"), "{too_many}");
    assert!(only_excluded.contains("at least one word to find"), "{only_excluded}");
}

#[test]
fn snippet_marks_matches_with_control_characters() {
    use clausewatch_store::model::{MATCH_END, MATCH_START};
    let store = common::corpus_store();

    let hits = store.search("arbitration", 5).expect("search");

    assert!(!hits.is_empty());
    for hit in &hits {
        let marked = format!("{MATCH_START}arbitration{MATCH_END}");
        assert!(hit.snippet.to_lowercase().contains(&marked), "{:?}", hit.snippet);
        assert!(!hit.snippet.contains("[arbitration]"), "{:?}", hit.snippet);
    }
}

#[test]
fn each_clause_is_one_hit() {
    let store = common::corpus_store();

    let hits = store.search("arbitration", 500).expect("search");

    let mut clauses: Vec<&str> = hits.iter().map(|hit| hit.clause_id.as_str()).collect();
    let count = clauses.len();
    clauses.sort_unstable();
    clauses.dedup();
    assert_eq!(clauses.len(), count, "a clause listed twice");
    for hit in &hits {
        assert!(hit.versions >= 1);
        assert!(hit.first_recorded <= hit.recorded_at);
    }
}

#[test]
fn limit_counts_clauses_not_texts() {
    let store = common::corpus_store();
    let has_words = |text: &str| {
        let words: Vec<String> =
            text.to_lowercase().split(|c: char| !c.is_alphanumeric()).map(str::to_owned).collect();
        words.iter().any(|word| word == "personal") && words.iter().any(|word| word == "data")
    };
    let mut expected = std::collections::BTreeMap::<String, usize>::new();
    let mut statement = store
        .connection()
        .prepare(
            "SELECT c.lineage_id, t.text FROM clauses c JOIN clause_texts t ON t.id = c.text_id",
        )
        .expect("query");
    let rows = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
        .expect("rows");
    for row in rows {
        let (lineage, text) = row.expect("row");
        if has_words(&text) {
            *expected.entry(lineage).or_default() += 1;
        }
    }

    let all = store.search("personal data", 100_000).expect("search");
    let top = store.search("personal data", 10).expect("search");

    assert!(expected.len() > 200, "the query matches many clauses: {}", expected.len());
    let found: std::collections::BTreeMap<String, usize> =
        all.iter().map(|hit| (hit.clause_id.clone(), hit.versions)).collect();
    assert_eq!(found, expected, "every matching clause, with its count of versions");
    assert_eq!(top.len(), 10, "the limit counts clauses");
    for hit in &top {
        assert_eq!(Some(&hit.versions), expected.get(&hit.clause_id), "{}", hit.clause_id);
        assert!(!hit.snippet.is_empty(), "{}", hit.clause_id);
    }
}

#[test]
fn hit_counts_the_wordings_it_matched() {
    let (_dir, mut store) = common::empty_store();
    let version = |day: u32, text: &str| clausewatch_store::ingest::NewVersion {
        recorded_at: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, day, 0, 0, 0)
            .unwrap(),
        content: text.to_owned(),
        origin: "import".to_owned(),
        origin_detail: format!("acme-{day}.md"),
    };
    let first = "4. We may use your content to train models unless you opt out in your settings.\n";
    let second = "4. We may use your content to train models and you cannot opt out of this use.\n";
    let versions = vec![version(1, first), version(2, first), version(3, second)];
    store.add_versions("Acme", "Terms", versions, common::import_time()).unwrap();

    let both = store.search("\"opt out\"", 10).unwrap();
    let latest_only = store.search("cannot", 10).unwrap();

    assert_eq!(both.len(), 1, "{both:?}");
    assert_eq!(both[0].versions, 3);
    assert_eq!(both[0].wordings, 2);
    assert!(both[0].text.contains("you cannot opt out"), "the latest wording is shown");
    assert_eq!(latest_only.len(), 1, "{latest_only:?}");
    assert_eq!(latest_only[0].versions, 1);
    assert_eq!(latest_only[0].wordings, 1);
}
