//! Memo export for the desktop app: the options a person sets in the Memo view, the preview of
//! the sections a memo will hold, and the mapping of build and write errors to the UI's codes.
//!
//! The memo itself is built by `clausewatch-memo-builder` and laid out by `clausewatch-memo`;
//! this module only translates between them and the IPC boundary. A new option of the view is
//! a field of [`request::MemoOptions`] and a line in [`request::MemoOptions::to_request`].

pub mod errors;
pub mod export;
pub mod exported;
pub mod preview;
pub mod request;
