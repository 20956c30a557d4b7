//! Tests of the watcher, one module per part of `src/`.

#[path = "../common/corpus.rs"]
mod corpus;
#[path = "../common/server.rs"]
mod server;

mod charset;
mod check;
mod check_pass;
mod conformance;
mod declaration;
mod extract;
mod fetch;
mod guard;
pub mod pdf;
mod schedule;
