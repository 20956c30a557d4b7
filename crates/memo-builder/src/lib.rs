//! Builds compliance memos from the store: one platform's change records over a date range,
//! with their ratings, regulations, comparison, checklists, notes and the versions they rest
//! on, as a [`clausewatch_memo::Memo`] ready to render.
//!
//! ```no_run
//! # fn run(store: &clausewatch_store::Store) -> Result<(), Box<dyn std::error::Error>> {
//! use clausewatch_memo_builder::{MemoRequest, build_memo};
//!
//! let mut request = MemoRequest::new("Netflix", chrono::Utc::now());
//! request.document = Some("Terms of Service".to_owned());
//! let memo = build_memo(store, &request)?;
//! let options = clausewatch_memo::RenderOptions::default();
//! clausewatch_memo::write_pdf_file(&memo, &options, std::path::Path::new("memo.pdf"))?;
//! # Ok(()) }
//! ```
//!
//! [`scope`] finds the documents, versions and change records; one module fills each part of
//! the memo. A part whose data the store lacks (an unrated change, a platform without a
//! checklist) is printed as not available, with the reason, instead of a guess.

mod appendix;
mod changes;
mod comparison;
pub mod diff;
mod error;
mod header;
mod rating;
mod regulatory;
mod request;
pub mod scope;
mod user_data;

use std::time::Instant;

use clausewatch_analysis::Regulations;
use clausewatch_memo::{Memo, Section};
use clausewatch_store::Store;

pub use error::BuildError;
pub use request::MemoRequest;

/// Builds the memo that `request` describes from the data in `store`, reading categories with
/// the store's active taxonomy (a reviewed file once applied) and regulations with the library
/// embedded in the build.
///
/// Every query runs in one read transaction, so the memo rests on one state of the store
/// even while another process adds versions.
pub fn build_memo(store: &Store, request: &MemoRequest) -> Result<Memo, BuildError> {
    let started = Instant::now();
    let active = store.active_rules()?;
    let taxonomy = active.rules().taxonomy;
    let library = Regulations::embedded();
    let snapshot = store.connection().unchecked_transaction()?;

    let scope = scope::load(store, taxonomy, request)?;
    let changes = changes::changes(taxonomy, &scope)?;
    let mut memo = Memo {
        header: header::header(&scope, request)?,
        question: Section::Available(header::question(&scope, request, &changes)),
        regulatory: regulatory::regulatory(taxonomy, library, &scope),
        comparison: comparison::comparison(store, taxonomy, &scope)?,
        checklist: user_data::checklist(store, taxonomy, &scope)?,
        notes: user_data::notes(store, &scope)?,
        disclaimer: None,
        appendix: appendix::appendix(store, &scope, request)?,
        changes: Section::Available(changes),
    };

    // Nothing was written; ending the read transaction only releases its snapshot.
    snapshot.rollback()?;

    let unprintable = clausewatch_memo::unprintable_chars(&memo)?;
    if let Section::Available(appendix) = &mut memo.appendix {
        appendix.provenance.unprintable = unprintable
            .iter()
            .map(|ch| clausewatch_memo::code_points(std::slice::from_ref(ch)))
            .collect();
    }
    tracing::info!(
        platform = %scope.platform,
        documents = scope.documents.len(),
        changes = scope.changes().count(),
        elapsed_ms = started.elapsed().as_millis(),
        "memo built"
    );
    Ok(memo)
}
