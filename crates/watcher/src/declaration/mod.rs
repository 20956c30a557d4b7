//! Open Terms Archive declarations: the model (`model.rs`), the JSON reader (`parse.rs`, with
//! the check for keys written twice in `duplicates.rs`) and the choice of the declaration in
//! force at a date (`history.rs`).

mod duplicates;
mod error;
mod history;
mod model;
mod parse;

pub use error::{DeclarationError, DeclarationLocation};
pub use history::in_force_at;
pub use model::{
    Declaration, DeclarationHistory, DeclarationWarning, DocumentDeclaration,
    HistoricalDeclaration, RangeBoundary, SelectorRule, SourceDeclaration,
};
pub(crate) use parse::parse_unfiled_declaration;
pub use parse::{ParsedDeclaration, ParsedHistory, parse_declaration, parse_history};
