//! The memo model as JSON, the form in which other processes hand it over.

mod common;

use clausewatch_memo::{Memo, Section};

#[test]
fn memo_round_trips_through_json() {
    let memo = common::sample_memo(1);

    let json = serde_json::to_string(&memo).expect("memo serializes");
    let back: Memo = serde_json::from_str(&json).expect("memo deserializes");

    assert_eq!(back, memo);
}

#[test]
fn unavailable_section_serializes_with_status_and_reason() {
    let section: Section<String> = Section::NotAvailable { reason: "not analysed".to_owned() };

    let json = serde_json::to_value(&section).expect("section serializes");

    assert_eq!(
        json,
        serde_json::json!({"status": "not_available", "content": {"reason": "not analysed"}})
    );
}

#[test]
fn change_texts_come_from_diff() {
    let change = common::change("intro", "Preamble ¶1", clausewatch_memo::Severity::Low, "s");

    assert_eq!(change.text_before(), common::clause("intro before"));
    assert_eq!(change.text_after(), common::clause("intro after"));
}
