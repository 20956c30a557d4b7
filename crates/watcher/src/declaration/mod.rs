//! Open Terms Archive declarations: the model (`model.rs`), the JSON reader (`parse.rs`) and
//! the choice of the declaration in force at a date (`history.rs`).

mod error;
mod history;
mod model;
mod parse;

pub use error::DeclarationError;
pub use history::in_force_at;
pub use model::{
    Declaration, DeclarationHistory, DeclarationWarning, DocumentDeclaration,
    HistoricalDeclaration, RangeBoundary, SelectorRule, SourceDeclaration,
};
pub use parse::{ParsedDeclaration, ParsedHistory, parse_declaration, parse_history};
