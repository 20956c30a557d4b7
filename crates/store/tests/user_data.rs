//! User data on a real store: the stale-note flag, checklist item history, review states, and
//! the audit log's hash chain, including its detection of a row edited or removed directly in
//! SQLite.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use clausewatch_analysis::Taxonomy;
use clausewatch_store::Store;
use clausewatch_store::archive::scan;
use clausewatch_store::checklists::{
    Checklist, ChecklistScope, ItemStatus, ItemUpdate, SameSubject,
};
use clausewatch_store::ingest::NewVersion;
use clausewatch_store::queries::ChangeFilter;
use clausewatch_store::review::ReviewState;

/// Field, old value, new value, actor and time of one history entry.
type HistoryRow<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, &'a str);

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).single().expect("valid time")
}

/// Returns the Netflix terms versions of the corpus, oldest first.
fn netflix_terms() -> Vec<NewVersion> {
    let path = common::corpus().join("Netflix/Terms of Service");
    scan(&path).expect("scan").remove(0).versions
}

/// Returns the clause id of the clause of a version whose text starts with `start`.
fn clause_id(store: &Store, recorded_at: &str, start: &str) -> String {
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let version = store.resolve_version(&document, recorded_at).unwrap();
    let clauses = store.clauses(version.id).unwrap();
    let found: Vec<_> = clauses.iter().filter(|c| c.text.starts_with(start)).collect();
    assert_eq!(found.len(), 1, "one clause starting {start:?}");
    found[0].clause_id.clone()
}

/// A store holding the first Netflix terms version only.
fn first_netflix_version() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::empty_store();
    let first = netflix_terms().remove(0);
    store.add_versions("Netflix", "Terms of Service", vec![first], at(1, 0)).unwrap();
    (dir, store)
}

/// Opens the arbitration checklist of the whole Netflix platform as alice.
fn netflix_arbitration_checklist(store: &mut Store) -> Checklist {
    let scope = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    let taxonomy = Taxonomy::embedded();
    store
        .open_checklist(taxonomy, "arbitration", &scope, SameSubject::Refuse, "alice", at(1, 2))
        .unwrap()
}

#[test]
fn note_is_flagged_after_a_substantive_change() {
    let (_dir, mut store) = first_netflix_version();
    let billing = clause_id(&store, "2020-12-08T16:18:42Z", "Billing Cycle.");
    let membership =
        clause_id(&store, "2020-12-08T16:18:42Z", "Your Netflix membership will continue");
    let billing_note =
        store.add_note(&billing, "Charged on the billing date.", "alice", at(1, 1)).unwrap();
    let membership_note =
        store.add_note(&membership, "Runs until cancelled.", "alice", at(1, 1)).unwrap();
    assert!(!billing_note.needs_review);

    // The next version rewords "billing date" as "payment date" and leaves the membership
    // clause as it was.
    let second = netflix_terms().remove(1);
    store.add_versions("Netflix", "Terms of Service", vec![second], at(2, 0)).unwrap();

    let billing_note = store.note(billing_note.id).unwrap();
    assert!(billing_note.needs_review);
    assert_eq!(billing_note.changed_at.as_deref(), Some("2020-12-31T22:31:55Z"));
    assert!(!store.note(membership_note.id).unwrap().needs_review);
    let flagged: Vec<i64> = store.notes_needing_review().unwrap().iter().map(|n| n.id).collect();
    assert_eq!(flagged, [billing_note.id]);
}

#[test]
fn confirmed_note_is_no_longer_flagged() {
    let (_dir, mut store) = first_netflix_version();
    let billing = clause_id(&store, "2020-12-08T16:18:42Z", "Billing Cycle.");
    let note = store.add_note(&billing, "Charged on the billing date.", "alice", at(1, 1)).unwrap();
    let second = netflix_terms().remove(1);
    store.add_versions("Netflix", "Terms of Service", vec![second], at(2, 0)).unwrap();

    let confirmed = store.confirm_note(note.id, "bob", at(3, 0)).unwrap();

    assert!(!confirmed.needs_review);
    assert_eq!(confirmed.anchor_recorded_at, "2020-12-31T22:31:55Z");
    assert_eq!(store.notes(&billing).unwrap().len(), 1);
}

#[test]
fn empty_note_is_rejected() {
    let (_dir, mut store) = first_netflix_version();
    let billing = clause_id(&store, "2020-12-08T16:18:42Z", "Billing Cycle.");

    let error = store.add_note(&billing, "   ", "alice", at(1, 1)).unwrap_err().to_string();

    assert!(error.contains("the note is empty"), "{error}");
}

#[test]
fn typed_text_is_checked_before_storing() {
    let (_dir, mut store) = first_netflix_version();
    let billing = clause_id(&store, "2020-12-08T16:18:42Z", "Billing Cycle.");
    let scope = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    let checklist = store
        .open_checklist(
            Taxonomy::embedded(),
            "children",
            &scope,
            SameSubject::Refuse,
            "alice",
            at(1, 2),
        )
        .unwrap();
    let item = checklist.items[0].id;
    let audit_before = store.audit_entries().unwrap().len();

    let escape = store.add_note(&billing, "evil \u{1b}]0;title\u{7}", "alice", at(1, 3));
    let reversed = store.add_note(&billing, "approved \u{202e}devorppa ton", "alice", at(1, 3));
    let long_note = store.add_note(&billing, &"n".repeat(20_001), "alice", at(1, 3));
    let long_owner = ItemUpdate { owner: Some("x".repeat(100_000)), ..ItemUpdate::default() };
    let long_owner = store.update_item(item, &long_owner, "alice", at(1, 3));

    assert!(escape.unwrap_err().to_string().contains("U+001B"));
    assert!(reversed.unwrap_err().to_string().contains("U+202E"));
    let long_note = long_note.unwrap_err().to_string();
    assert!(long_note.contains("20001 characters, more than the 20000 allowed"), "{long_note}");
    let long_owner = long_owner.unwrap_err().to_string();
    assert!(long_owner.contains("invalid owner"), "{long_owner}");
    assert!(long_owner.contains("more than the 500 allowed"), "{long_owner}");
    assert!(store.notes(&billing).unwrap().is_empty(), "no rejected note is stored");
    assert_eq!(store.audit_entries().unwrap().len(), audit_before, "nothing is logged");
}

#[test]
fn review_reason_with_override_is_rejected() {
    let (_dir, mut store) = common::empty_store();
    let before = "1. You may cancel at any time from the Account page.\n";
    let after = "1. You may cancel within 30 days from the Account page.\n";
    let versions = vec![acme_version(1, before), acme_version(10, after)];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let change = changes.iter().find(|change| change.substantive).expect("a reworded clause");

    let review = store.set_review(
        change.version_id,
        &change.clause_id,
        ReviewState::Reviewed,
        Some("approved \u{202e}devorppa ton"),
        "alice",
        at(20, 1),
    );

    let error = review.unwrap_err().to_string();
    assert!(error.contains("invalid reason"), "{error}");
    assert!(error.contains("U+202E"), "{error}");
    let stored = store.changes(&document, &ChangeFilter::default()).unwrap();
    assert!(stored.iter().all(|change| change.review_state.is_none()), "nothing is stored");
}

#[test]
fn checklist_items_keep_their_status_history() {
    let (_dir, mut store) = first_netflix_version();
    let scope = ChecklistScope::Document {
        platform: "netflix".to_owned(),
        document: "terms of service".to_owned(),
    };
    let checklist = store
        .open_checklist(
            Taxonomy::embedded(),
            "ai-machine-learning",
            &scope,
            SameSubject::Refuse,
            "alice",
            at(1, 2),
        )
        .unwrap();
    // The AI category's template has six items in assets/taxonomy.toml.
    assert_eq!(checklist.items.len(), 6);
    assert!(checklist.items.iter().all(|item| item.status == ItemStatus::Unassessed));
    assert_eq!(checklist.document.as_deref(), Some("Terms of Service"));
    let item = checklist.items[0].id;

    let applicable = ItemUpdate { status: Some(ItemStatus::Applicable), ..ItemUpdate::default() };
    store.update_item(item, &applicable, "alice", at(1, 3)).unwrap();
    let complying = ItemUpdate {
        status: Some(ItemStatus::Complying),
        owner: Some("bob".to_owned()),
        due_date: Some("2027-01-31".to_owned()),
        ..ItemUpdate::default()
    };
    let updated = store.update_item(item, &complying, "carol", at(1, 4)).unwrap();

    assert_eq!(updated.status, ItemStatus::Complying);
    assert_eq!(updated.owner.as_deref(), Some("bob"));
    let history = store.item_history(item).unwrap();
    let rows: Vec<HistoryRow<'_>> = history
        .iter()
        .map(|c| {
            (
                c.field.as_str(),
                c.old_value.as_deref(),
                c.new_value.as_deref(),
                c.actor.as_str(),
                c.changed_at.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("status", Some("unassessed"), Some("applicable"), "alice", "2026-12-01T03:00:00Z"),
            ("status", Some("applicable"), Some("complying"), "carol", "2026-12-01T04:00:00Z"),
            ("owner", None, Some("bob"), "carol", "2026-12-01T04:00:00Z"),
            ("due_date", None, Some("2027-01-31"), "carol", "2026-12-01T04:00:00Z"),
        ]
    );
}

#[test]
fn clearing_a_field_and_unchanged_values_are_handled() {
    let (_dir, mut store) = first_netflix_version();
    let checklist = netflix_arbitration_checklist(&mut store);
    let item = checklist.items[0].id;
    let owner = ItemUpdate { owner: Some("bob".to_owned()), ..ItemUpdate::default() };
    store.update_item(item, &owner, "alice", at(1, 3)).unwrap();

    // The same owner again changes nothing; an empty owner clears it.
    store.update_item(item, &owner, "alice", at(1, 4)).unwrap();
    let cleared = ItemUpdate { owner: Some(String::new()), ..ItemUpdate::default() };
    let item_now = store.update_item(item, &cleared, "alice", at(1, 5)).unwrap();

    assert_eq!(item_now.owner, None);
    assert_eq!(store.item_history(item).unwrap().len(), 2);
}

#[test]
fn invalid_item_values_are_rejected() {
    let (_dir, mut store) = first_netflix_version();
    let checklist = netflix_arbitration_checklist(&mut store);
    let item = checklist.items[0].id;

    let bad_date = ItemUpdate { due_date: Some("31/01/2027".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &bad_date, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("invalid due date \"31/01/2027\""), "{error}");
    let slip = ItemUpdate { due_date: Some("1900-01-01".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &slip, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("between 2000-01-01 and 2100-12-31"), "{error}");
    let short = ItemUpdate { due_date: Some("26-1-1".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &short, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("it reads as the year 26; give a date as YYYY-MM-DD"), "{error}");

    let bad_risk = ItemUpdate { risk: Some("severe".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &bad_risk, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("invalid risk \"severe\""), "{error}");

    let split = ItemUpdate { owner: Some("Bob\nEve".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &split, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("invalid owner \"Bob\\nEve\": it contains a line break"), "{error}");
    let reversed =
        ItemUpdate { owner: Some("Ann\u{202e}eviL".to_owned()), ..ItemUpdate::default() };
    let error = store.update_item(item, &reversed, "alice", at(1, 3)).unwrap_err().to_string();
    assert!(error.contains("an invisible formatting character"), "{error}");
    let notes = ItemUpdate { notes: Some("First.\nSecond.".to_owned()), ..ItemUpdate::default() };
    let updated = store.update_item(item, &notes, "alice", at(1, 3)).unwrap();
    assert_eq!(updated.notes.as_deref(), Some("First.\nSecond."), "notes keep line breaks");
    assert_eq!(updated.owner, None, "the refused owner was not stored");

    let unknown = ChecklistScope::Platform { platform: "Myspace".to_owned() };
    let error = store
        .open_checklist(
            Taxonomy::embedded(),
            "arbitration",
            &unknown,
            SameSubject::Refuse,
            "alice",
            at(1, 2),
        )
        .unwrap_err()
        .to_string();
    assert!(error.contains("unknown platform \"Myspace\""), "{error}");
}

#[test]
fn status_names_parse_as_people_write_them() {
    assert_eq!(ItemStatus::parse("un-assessed"), Some(ItemStatus::Unassessed));
    assert_eq!(ItemStatus::parse("requires review"), Some(ItemStatus::RequiresReview));
    assert_eq!(ItemStatus::parse("Non-Complying"), Some(ItemStatus::NonComplying));
    assert_eq!(ItemStatus::parse("done"), None);
}

#[test]
fn review_state_of_unknown_change_is_rejected() {
    let (_dir, mut store) = first_netflix_version();

    let error = store
        .set_review(1, "cnotaclause", ReviewState::Dismissed, None, "alice", at(1, 1))
        .unwrap_err()
        .to_string();

    assert!(error.contains("no change record of clause \"cnotaclause\""), "{error}");
    assert!(error.contains("in the version recorded 20"), "names the version by date: {error}");
}

/// Returns a store with four audited edits: a note, its edit, a checklist and an item update.
fn audited_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = first_netflix_version();
    let billing = clause_id(&store, "2020-12-08T16:18:42Z", "Billing Cycle.");
    let note = store.add_note(&billing, "First, \"quoted\" note.", "alice", at(1, 1)).unwrap();
    store.edit_note(note.id, "Second note.", "bob", at(1, 2)).unwrap();
    let scope = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    let checklist = store
        .open_checklist(
            Taxonomy::embedded(),
            "arbitration",
            &scope,
            SameSubject::Refuse,
            "alice",
            at(1, 3),
        )
        .unwrap();
    let update = ItemUpdate { status: Some(ItemStatus::Waived), ..ItemUpdate::default() };
    store.update_item(checklist.items[0].id, &update, "carol", at(1, 4)).unwrap();
    (dir, store)
}

#[test]
fn audit_log_records_every_edit_in_an_intact_chain() {
    let (_dir, store) = audited_store();

    let entries = store.audit_entries().unwrap();
    let report = store.verify_audit().unwrap();

    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["note.add", "note.edit", "checklist.open", "checklist.item.update"]);
    let actors: Vec<&str> = entries.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(actors, ["alice", "bob", "alice", "carol"]);
    assert_eq!(entries[0].previous_hash, "0".repeat(64));
    assert_eq!(entries[1].previous_hash, entries[0].hash);
    assert!(report.intact);
    assert_eq!(report.entries, 4);
    assert_eq!(report.head_hash, entries[3].hash);
}

#[test]
fn audit_verify_detects_an_edited_row() {
    let (_dir, store) = audited_store();

    store.connection().execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2", []).unwrap();
    let report = store.verify_audit().unwrap();

    assert!(!report.intact);
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.id, 2);
    assert!(broken.reason.contains("edited"), "{}", broken.reason);
}

#[test]
fn audit_verify_lists_every_break() {
    let (_dir, store) = audited_store();

    store.connection().execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1", []).unwrap();
    store.connection().execute("UPDATE audit_log SET details = '{}' WHERE id = 3", []).unwrap();
    let report = store.verify_audit().unwrap();

    let ids: Vec<i64> = report.broken.iter().map(|broken| broken.id).collect();
    assert_eq!(ids, [1, 3]);
    assert!(report.broken.iter().all(|broken| broken.reason.contains("edited")));
    assert_eq!(report.first_broken.map(|broken| broken.id), Some(1));
}

#[test]
fn audit_verify_detects_a_removed_row() {
    let (_dir, store) = audited_store();

    store.connection().execute("DELETE FROM audit_log WHERE id = 2", []).unwrap();
    let report = store.verify_audit().unwrap();

    let broken = report.first_broken.unwrap();
    assert_eq!(broken.id, 3);
    assert!(broken.reason.contains("removed"), "{}", broken.reason);
}

#[test]
fn audit_export_writes_quoted_csv() {
    let (_dir, store) = audited_store();
    let mut csv = Vec::new();

    let written = store.export_audit_csv(&mut csv).unwrap();

    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(written, 4);
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0], "id,at,actor,action,entity,details,previous_hash,hash");
    assert!(
        lines[1].starts_with("1,2026-12-01T01:00:00Z,alice,note.add,note:1,\"{"),
        "{}",
        lines[1]
    );
    // The note's quotes are escaped in JSON, then doubled by CSV quoting.
    assert!(lines[1].contains(r#"First, \""quoted\"" note."#), "{}", lines[1]);
}

#[test]
fn second_checklist_on_same_subject_needs_consent() {
    let (_dir, mut store) = first_netflix_version();
    let taxonomy = Taxonomy::embedded();
    let document = ChecklistScope::Document {
        platform: "Netflix".to_owned(),
        document: "Terms of Service".to_owned(),
    };
    // Names as users type them resolve to the same subject.
    let typed = ChecklistScope::Document {
        platform: " netflix".to_owned(),
        document: "terms of service ".to_owned(),
    };
    let platform = ChecklistScope::Platform { platform: "Netflix".to_owned() };
    assert!(store.covering_checklist("arbitration", &document).unwrap().is_none());

    let first = store
        .open_checklist(taxonomy, "arbitration", &document, SameSubject::Refuse, "alice", at(1, 2))
        .unwrap();
    let covering = store.covering_checklist("arbitration", &typed).unwrap();
    assert_eq!(covering.map(|checklist| checklist.id), Some(first.id));
    assert!(store.covering_checklist("arbitration", &platform).unwrap().is_none());
    assert!(store.covering_checklist("ai-machine-learning", &document).unwrap().is_none());

    let rejection = store
        .open_checklist(taxonomy, "arbitration", &typed, SameSubject::Refuse, "bob", at(1, 3))
        .unwrap_err()
        .to_string();
    let expected = format!(
        "checklist {} already covers arbitration for Netflix Terms of Service; continue that \
         one, or open a second one explicitly",
        first.id
    );
    assert_eq!(rejection, expected);
    assert_eq!(store.checklists().unwrap().len(), 1, "a rejected open writes nothing");

    let second = store
        .open_checklist(taxonomy, "arbitration", &typed, SameSubject::OpenAnother, "bob", at(1, 4))
        .unwrap();
    assert_ne!(second.id, first.id);
    let covering = store.covering_checklist("arbitration", &document).unwrap();
    assert_eq!(covering.map(|checklist| checklist.id), Some(first.id), "the oldest is named");
    store
        .open_checklist(taxonomy, "arbitration", &platform, SameSubject::Refuse, "bob", at(1, 5))
        .expect("the whole platform is another subject");
}

/// Returns a version of the test document "Acme Terms" recorded on day `day` of December 2026.
fn acme_version(day: u32, content: &str) -> NewVersion {
    NewVersion {
        recorded_at: at(day, 0),
        content: content.to_owned(),
        origin: "import".to_owned(),
        origin_detail: format!("acme-{day}.md"),
    }
}

#[test]
fn review_follows_change_to_inserted_version() {
    let (_dir, mut store) = common::empty_store();
    let before = "1. You may cancel your membership at any time by visiting the Account page and \
                  following the instructions for cancellation.\n\n2. We may end the service.\n";
    let after = "1. You may cancel your membership within 30 days by visiting the Account page and \
                 following the instructions for cancellation.\n\n2. We may end the service.\n";
    let versions = vec![acme_version(1, before), acme_version(10, after)];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let reworded: Vec<_> = changes.iter().filter(|change| change.substantive).collect();
    assert_eq!(reworded.len(), 1, "{changes:?}");
    let reworded = reworded[0].clone();
    let reason = Some("Checked with counsel");
    store
        .set_review(
            reworded.version_id,
            &reworded.clause_id,
            ReviewState::Reviewed,
            reason,
            "alice",
            at(20, 1),
        )
        .unwrap();

    // An older copy turns up: the new wording was already in force on day 5.
    store.add_versions("Acme", "Terms", vec![acme_version(5, after)], at(21, 0)).unwrap();

    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let moved: Vec<_> = changes.iter().filter(|change| change.substantive).collect();
    assert_eq!(moved.len(), 1, "{changes:?}");
    assert_eq!(moved[0].clause_id, reworded.clause_id);
    assert_eq!(moved[0].recorded_at, "2026-12-05T00:00:00Z");
    assert_eq!(moved[0].text_after, reworded.text_after);
    assert_eq!(moved[0].review_state.as_deref(), Some("reviewed"));
    assert_eq!(moved[0].review_reason.as_deref(), Some("Checked with counsel"));
    assert_eq!(moved[0].reviewed_by.as_deref(), Some("alice"));
}

#[test]
fn review_cleared_when_change_replaced() {
    let (_dir, mut store) = common::empty_store();
    let clause = |period: &str| {
        format!(
            "1. You may cancel your membership {period} by visiting the Account page and \
             following the instructions for cancellation.\n\n2. We may end the service.\n"
        )
    };
    let versions =
        vec![acme_version(1, &clause("at any time")), acme_version(10, &clause("today"))];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let reviewed: Vec<_> = changes.iter().filter(|change| change.substantive).collect();
    assert_eq!(reviewed.len(), 1, "{changes:?}");
    let reviewed = reviewed[0].clone();
    store
        .set_review(
            reviewed.version_id,
            &reviewed.clause_id,
            ReviewState::Reviewed,
            Some("approved wording"),
            "alice",
            at(20, 1),
        )
        .unwrap();

    // A third wording turns up in between, so the change on day 10 starts from it.
    let between = vec![acme_version(5, &clause("within 30 days"))];
    let report = store.add_versions("Acme", "Terms", between, at(21, 0)).unwrap();

    assert_eq!(report.reviews_removed, 1);
    assert_eq!(report.reviews_moved, 0);

    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let on_day_ten: Vec<_> = changes
        .iter()
        .filter(|change| change.substantive && change.recorded_at == "2026-12-10T00:00:00Z")
        .collect();
    assert_eq!(on_day_ten.len(), 1, "{changes:?}");
    assert_eq!(on_day_ten[0].clause_id, reviewed.clause_id);
    assert_ne!(on_day_ten[0].text_before, reviewed.text_before);
    assert_eq!(on_day_ten[0].review_state, None, "the reviewed change no longer exists");
    let still_reviewed = changes.iter().filter(|change| change.review_state.is_some()).count();
    assert_eq!(still_reviewed, 0, "{changes:?}");

    let entries = store.audit_entries().unwrap();
    let cleared = entries.last().unwrap();
    assert_eq!(cleared.action, "review.clear");
    assert_eq!(cleared.entity, format!("change:{}:{}", reviewed.version_id, reviewed.clause_id));
    assert_eq!(cleared.actor, "clausewatch (re-analysis)");
    let details: serde_json::Value = serde_json::from_str(&cleared.details).unwrap();
    assert_eq!(details["reviewed_by"], "alice");
    assert_eq!(details["reason"], "approved wording");
    assert_eq!(details["state"][0], "reviewed");
    assert!(store.verify_audit().unwrap().intact, "the chain stays whole");
}

#[test]
fn review_of_renumbering_follows_its_markers() {
    let (_dir, mut store) = common::empty_store();
    let fees = "All fees are payable in advance and are not refundable except where the law \
                requires a refund.";
    let prices = "We may change our prices at any time with thirty days notice to you.";
    let taxes = "Taxes are added to every fee where the law requires them.";
    let first = format!("3.1 {fees}\n\n3.2 {prices}\n");
    let last = format!("3.1 {taxes}\n\n3.2 {fees}\n\n3.3 {prices}\n");
    let versions = vec![acme_version(1, &first), acme_version(10, &last)];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let renumbered = changes
        .iter()
        .find(|change| change.text_after.as_deref() == Some(fees))
        .expect("the fees clause is renumbered")
        .clone();
    assert_eq!(renumbered.marker_before.as_deref(), Some("3.1"));
    assert_eq!(renumbered.marker_after.as_deref(), Some("3.2"));
    store
        .set_review(
            renumbered.version_id,
            &renumbered.clause_id,
            ReviewState::Reviewed,
            None,
            "alice",
            at(20, 1),
        )
        .unwrap();

    // A version in between numbers the clause (a), so no change goes from 3.1 to 3.2 any more.
    let between = format!("(a) {fees}\n\n(b) {prices}\n");
    store.add_versions("Acme", "Terms", vec![acme_version(5, &between)], at(21, 0)).unwrap();

    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let fees_changes: Vec<_> =
        changes.iter().filter(|change| change.clause_id == renumbered.clause_id).collect();
    let markers: Vec<(Option<&str>, Option<&str>)> = fees_changes
        .iter()
        .map(|change| (change.marker_before.as_deref(), change.marker_after.as_deref()))
        .collect();
    assert_eq!(markers, [(Some("3.1"), Some("(a)")), (Some("(a)"), Some("3.2"))]);
    assert!(fees_changes.iter().all(|change| change.review_state.is_none()), "{fees_changes:?}");
    let entries = store.audit_entries().unwrap();
    assert_eq!(entries.last().unwrap().action, "review.clear");
}

#[test]
fn moved_review_is_in_the_audit_log() {
    let (_dir, mut store) = common::empty_store();
    let clause = |period: &str| {
        format!("1. You may cancel your membership {period} from the Account page.\n")
    };
    let versions =
        vec![acme_version(1, &clause("at any time")), acme_version(10, &clause("today"))];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let reworded = changes.iter().find(|change| change.substantive).unwrap().clone();
    store
        .set_review(
            reworded.version_id,
            &reworded.clause_id,
            ReviewState::Reviewed,
            None,
            "alice",
            at(20, 1),
        )
        .unwrap();

    let earlier = vec![acme_version(5, &clause("today"))];
    let report = store.add_versions("Acme", "Terms", earlier, at(21, 0)).unwrap();

    assert_eq!(report.reviews_moved, 1);
    assert_eq!(report.reviews_removed, 0);
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let moved = changes.iter().find(|change| change.review_state.is_some()).unwrap();
    assert_eq!(moved.recorded_at, "2026-12-05T00:00:00Z");
    let entries = store.audit_entries().unwrap();
    let entry = entries.last().unwrap();
    assert_eq!(entry.action, "review.move");
    assert_eq!(entry.actor, "clausewatch (re-analysis)");
    assert_eq!(entry.entity, format!("change:{}:{}", reworded.version_id, reworded.clause_id));
    let details: serde_json::Value = serde_json::from_str(&entry.details).unwrap();
    assert_eq!(details["version_id"][0], reworded.version_id);
    assert_eq!(details["version_id"][1], moved.version_id);
    assert!(store.verify_audit().unwrap().intact);
}

#[test]
fn returning_clause_keeps_its_lineage_and_note() {
    let (_dir, mut store) = common::empty_store();
    let full = "1. You may cancel your membership at any time from the Account page.\n\n\
                2. We may use your content to train machine learning models.\n\n\
                3. These terms are governed by the laws of the State of Delaware.\n";
    let short = "1. You may cancel your membership at any time from the Account page.\n";
    store.add_versions("Acme", "Terms", vec![acme_version(1, full)], at(20, 0)).unwrap();
    let training = clause_id_of(&store, "2026-12-01T00:00:00Z", "We may use your content");
    let law = clause_id_of(&store, "2026-12-01T00:00:00Z", "These terms are governed");
    let note = store.add_note(&training, "Opt-out requested.", "alice", at(20, 1)).unwrap();

    let later = vec![acme_version(2, short), acme_version(3, full)];
    store.add_versions("Acme", "Terms", later, at(21, 0)).unwrap();

    assert_eq!(clause_id_of(&store, "2026-12-03T00:00:00Z", "We may use your content"), training);
    assert_eq!(clause_id_of(&store, "2026-12-03T00:00:00Z", "These terms are governed"), law);
    let history = store.clause_history(&training).unwrap();
    let versions_holding: Vec<&str> =
        history.entries.iter().map(|entry| entry.recorded_at.as_str()).collect();
    assert_eq!(versions_holding, ["2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z"]);
    let kinds: Vec<(&str, &str)> = history
        .changes
        .iter()
        .map(|change| (change.recorded_at.as_str(), change.kind.as_str()))
        .collect();
    assert_eq!(kinds, [("2026-12-02T00:00:00Z", "removed"), ("2026-12-03T00:00:00Z", "added")]);
    let note = store.note(note.id).unwrap();
    assert!(note.needs_review, "the removal and return flag the note");
}

#[test]
fn repeated_paragraphs_return_with_their_own_ids() {
    let (_dir, mut store) = common::empty_store();
    let waiver = "You waive any right to take part in a class action lawsuit against Acme.";
    let full = format!(
        "1. You may cancel your membership at any time from the Account page.\n\n\
         2. {waiver}\n\n3. These terms are governed by the laws of the State of Delaware.\n\n\
         4. {waiver}\n"
    );
    let short = "1. You may cancel your membership at any time from the Account page.\n";
    store.add_versions("Acme", "Terms", vec![acme_version(1, &full)], at(20, 0)).unwrap();
    let ids_before = waiver_ids(&store, "2026-12-01T00:00:00Z", waiver);
    assert_eq!(ids_before.len(), 2);
    assert_ne!(ids_before[0], ids_before[1]);

    let later = vec![acme_version(2, short), acme_version(3, &full)];
    store.add_versions("Acme", "Terms", later, at(21, 0)).unwrap();

    assert_eq!(waiver_ids(&store, "2026-12-03T00:00:00Z", waiver), ids_before);
}

/// Returns the clause ids of the clauses of Acme Terms recorded at `recorded_at` whose text is
/// `text`, in document order.
fn waiver_ids(store: &Store, recorded_at: &str, text: &str) -> Vec<String> {
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let version = store.resolve_version(&document, recorded_at).unwrap();
    let clauses = store.clauses(version.id).unwrap();
    clauses.iter().filter(|c| c.text == text).map(|c| c.clause_id.clone()).collect()
}

#[test]
fn short_heading_does_not_revive_a_lineage() {
    let (_dir, mut store) = common::empty_store();
    let first = "# Privacy\n\nWe collect the data you give us when you sign up for the service.\n";
    let second = "We collect the data you give us when you sign up for the service.\n";
    let versions = vec![acme_version(1, first), acme_version(2, second), acme_version(3, first)];
    store.add_versions("Acme", "Terms", versions, at(20, 0)).unwrap();

    let before = clause_id_of(&store, "2026-12-01T00:00:00Z", "Privacy");
    let after = clause_id_of(&store, "2026-12-03T00:00:00Z", "Privacy");
    assert_ne!(before, after, "a heading of one word starts a new lineage");
}

/// Returns the clause id of the clause of Acme Terms recorded at `recorded_at` whose text
/// starts with `start`.
fn clause_id_of(store: &Store, recorded_at: &str, start: &str) -> String {
    let document = store.resolve_document("Acme", "Terms").unwrap();
    let version = store.resolve_version(&document, recorded_at).unwrap();
    let clauses = store.clauses(version.id).unwrap();
    let found: Vec<_> = clauses.iter().filter(|c| c.text.starts_with(start)).collect();
    assert_eq!(found.len(), 1, "one clause starting {start:?} in {clauses:?}");
    found[0].clause_id.clone()
}

#[test]
fn rename_onto_another_platform_names_it() {
    let (_dir, mut store) = common::empty_store();
    let text = "1. You may cancel your membership at any time from the Account page.\n";
    store.add_versions("Acme", "Terms", vec![acme_version(1, text)], at(20, 0)).unwrap();
    store.add_versions("Netflix", "Terms", vec![acme_version(1, text)], at(20, 0)).unwrap();

    let error = store.rename_platform("Acme", "NETFLIX", "alice", at(20, 1)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "\"NETFLIX\" is the name of the stored platform \"Netflix\" (names match whatever their \
         case); choose another name"
    );
    store.rename_platform("Netflix", "NETFLIX", "alice", at(20, 2)).expect("its own name");
}

#[test]
fn rename_to_the_same_name_changes_nothing() {
    let (_dir, mut store) = common::empty_store();
    let text = "1. You may cancel your membership at any time from the Account page.\n";
    store.add_versions("Stack Overflow", "Terms", vec![acme_version(1, text)], at(20, 0)).unwrap();
    let audit_before = store.audit_entries().unwrap().len();

    for same in ["Stack  Overflow", "Stack Overflow", "Stack\u{a0}Overflow"] {
        let error = store.rename_platform("Stack Overflow", same, "alice", at(20, 1)).unwrap_err();

        assert_eq!(
            error.to_string(),
            "the platform is already named \"Stack Overflow\" (names are compared in composed \
             Unicode with single spaces); nothing was changed",
            "{same:?}"
        );
    }
    assert_eq!(store.audit_entries().unwrap().len(), audit_before, "nothing is logged");
}

/// Returns the clause ids of a Netflix terms version in document order.
fn clause_ids(store: &Store, recorded_at: &str) -> Vec<String> {
    let document = store.resolve_document("Netflix", "Terms of Service").unwrap();
    let version = store.resolve_version(&document, recorded_at).unwrap();
    store.clauses(version.id).unwrap().into_iter().map(|clause| clause.clause_id).collect()
}

#[test]
fn older_version_keeps_clause_ids() {
    let (_dir, mut store) = common::empty_store();
    let mut terms = netflix_terms();
    let (first, second) = (terms.remove(0), terms.remove(0));
    store.add_versions("Netflix", "Terms of Service", vec![second], at(1, 0)).unwrap();
    let second_at = "2020-12-31T22:31:55Z";
    let ids_before = clause_ids(&store, second_at);
    let membership = clause_id(&store, second_at, "Your Netflix membership will continue");
    let note = store.add_note(&membership, "Runs until cancelled.", "alice", at(1, 1)).unwrap();

    // The older version arrives later, as when an archive's history is imported after a
    // source was watched.
    store.add_versions("Netflix", "Terms of Service", vec![first], at(2, 0)).unwrap();

    assert_eq!(clause_ids(&store, second_at), ids_before);
    let older = clause_id(&store, "2020-12-08T16:18:42Z", "Your Netflix membership will continue");
    assert_eq!(older, membership, "the older clause joins the lineage the note is on");
    let notes = store.notes(&membership).unwrap();
    assert_eq!(notes.iter().map(|n| n.id).collect::<Vec<_>>(), [note.id]);
}
