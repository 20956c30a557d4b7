//! The IPC commands of the desktop shell, one file per concept.
//!
//! A command takes the managed state, calls one function of a crate that does not depend on
//! Tauri, and converts its error into a [`crate::error::CommandError`]. To add one, write it in
//! its own file, list it in [`crate::run`]'s `generate_handler!`, and list every type it sends
//! or receives in [`crate::bindings`].

pub mod app_info;
pub mod backup;
pub mod browse;
pub mod categories;
pub mod checklists;
pub mod compare;
pub mod library;
pub mod memo;
pub mod notes;
pub mod review;
pub mod sources;
pub mod watch;
