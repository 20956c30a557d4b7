//! The memo's header and question: addressing, subject, evidence line, and the brief answer
//! built from the counts of change records.

use chrono::NaiveDate;
use clausewatch_memo::{Changes, Evidence, MemoHeader, QuestionPresented, Rating, Section};

use crate::changes::stored_time;
use crate::error::BuildError;
use crate::rating;
use crate::request::MemoRequest;
use crate::scope::Scope;

/// Returns the header: who the memo is for, its subject and the versions it rests on.
pub fn header(scope: &Scope, request: &MemoRequest) -> Result<MemoHeader, BuildError> {
    let mut evidence = Vec::new();
    for document in &scope.documents {
        for version in &document.versions {
            evidence.push(Evidence {
                document: document.document.document.clone(),
                recorded_at: stored_time(&version.recorded_at)?,
                sha256: version.sha256.clone(),
                source_url: version.origin_detail.clone(),
            });
        }
    }

    let subject =
        format!("{}: changes recorded {}", subject_scope(scope, request), request.range_words());
    Ok(MemoHeader {
        to: request.to.clone(),
        from: request.from.clone(),
        date: request.memo_date(),
        subject,
        platform: scope.platform.clone(),
        documents: document_names(scope),
        privileged: request.privileged,
        evidence,
    })
}

/// Returns the question presented and the brief answer.
pub fn question(scope: &Scope, request: &MemoRequest, changes: &Changes) -> QuestionPresented {
    let question = format!(
        "Which changes to {} were recorded {}, and how severe are they?",
        subject_scope(scope, request),
        request.range_words()
    );

    let substantive = changes.substantive.len();
    let form_only = changes.non_substantive.len();
    let mut answer = match substantive {
        0 => format!("No substantive change was recorded {}.", request.range_words()),
        _ => {
            let dates: Vec<NaiveDate> = changes
                .substantive
                .iter()
                .map(|change| change.first_recorded_at.date_naive())
                .collect();
            format!(
                "{} {}.",
                count(substantive, "substantive change was", "substantive changes were"),
                recorded_when(&dates)
            )
        }
    };
    if form_only > 0 {
        answer.push_str(&format!(
            " {} the wording unchanged (renumbering, moves or formatting).",
            count(form_only, "other change left", "other changes left")
        ));
    }
    let ratings: Vec<&Section<Rating>> =
        changes.substantive.iter().map(|change| &change.rating).collect();
    let highest_severity = rating::highest_severity(&ratings);
    match &highest_severity {
        Section::Available(Some(highest)) => {
            let highest_rated = changes.substantive.iter().filter(|change| {
                matches!(&change.rating, Section::Available(rating) if rating.severity == *highest)
            });
            let summaries: Vec<&str> =
                highest_rated.map(|change| change.summary.trim_end_matches('.')).collect();
            answer.push_str(&format!(
                " The most severe {} rated {}: {}.",
                if summaries.len() == 1 { "is" } else { "are" },
                highest.label(),
                grouped(&summaries)
            ));
        }
        Section::Available(None) => {}
        Section::NotAvailable { .. } => answer.push_str(
            " Not every change has been rated, so no highest severity is given; each \
             substantive change is set out below with its full text before and after.",
        ),
    }

    QuestionPresented { question, brief_answer: answer, highest_severity }
}

/// Number of summaries listed in the brief answer section before the rest are counted.
const BRIEF_SUMMARIES: usize = 5;

/// Returns distinct summaries joined by semicolons, each repeated one with its count ("Wider
/// licence … (5 changes)"), and the count of the rest beyond [`BRIEF_SUMMARIES`].
fn grouped(summaries: &[&str]) -> String {
    let mut distinct: Vec<(&str, usize)> = Vec::new();
    for summary in summaries {
        match distinct.iter_mut().find(|(known, _)| known == summary) {
            Some((_, times)) => *times += 1,
            None => distinct.push((summary, 1)),
        }
    }

    let mut parts: Vec<String> = distinct
        .iter()
        .take(BRIEF_SUMMARIES)
        .map(|(summary, times)| match times {
            1 => (*summary).to_owned(),
            _ => format!("{summary} ({times} changes)"),
        })
        .collect();
    let rest: usize = distinct.iter().skip(BRIEF_SUMMARIES).map(|(_, times)| times).sum();
    if rest > 0 {
        parts.push(format!("and {}, set out below", count(rest, "more change", "more changes")));
    }
    parts.join("; ")
}

/// Returns "Netflix Terms of Service", narrowed by clause and category when asked.
fn subject_scope(scope: &Scope, request: &MemoRequest) -> String {
    let mut subject = format!("{} {}", scope.platform, document_names(scope).join(" and "));
    if let Some(clause_id) = &request.clause_id {
        subject.push_str(&format!(", clause {}", clause_id.trim()));
    }
    if let Some(category) = scope.category_name.as_ref().or(request.category.as_ref()) {
        subject.push_str(&format!(", category “{}”", category.trim()));
    }
    subject
}

fn document_names(scope: &Scope) -> Vec<String> {
    scope.documents.iter().map(|document| document.document.document.clone()).collect()
}

/// Returns "1 substantive change was" or "3 substantive changes were".
fn count(number: usize, one: &str, many: &str) -> String {
    if number == 1 { format!("1 {one}") } else { format!("{number} {many}") }
}

/// Returns "recorded on 17 April 2025" or "recorded in 3 versions between … and …".
fn recorded_when(dates: &[NaiveDate]) -> String {
    let day = |date: &NaiveDate| date.format("%-d %B %Y").to_string();
    let mut distinct = dates.to_vec();
    distinct.sort();
    distinct.dedup();
    match (distinct.first(), distinct.last()) {
        (Some(first), Some(last)) if first == last => format!("recorded on {}", day(first)),
        (Some(first), Some(last)) => {
            format!("recorded on {} days between {} and {}", distinct.len(), day(first), day(last))
        }
        _ => "recorded".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn grouped_counts_repeats_and_the_rest() {
        let summaries =
            ["Wider licence", "Wider licence", "New restriction", "Wider licence", "A", "B", "C"];
        assert_eq!(grouped(&summaries), "Wider licence (3 changes); New restriction; A; B; C");

        let many = ["A", "B", "C", "D", "E", "F", "G", "G"];
        assert_eq!(grouped(&many), "A; B; C; D; E; and 3 more changes, set out below");
    }
}
