//! The watcher: reads declarations (`declaration`, `import`), fetches pages with their evidence
//! (`fetch`), decodes them (`charset`), extracts their text (`extract`, `pdf`) and refuses
//! pages that must not become versions (`guard`, `check`). `checker` runs checks of stored
//! sources and records them in the store, `reextract` re-reads snapshots under new rules,
//! `source_form` edits sources, `page_url` checks the URLs a source may store, `schedule` runs
//! checks in the background, `watch_lock` keeps that to one process per store, and `notify`
//! tells the desktop what changed. It never depends on the desktop shell, which it reports to
//! through a callback.

pub mod allocator;
pub mod charset;
pub mod check;
pub mod checker;
pub mod conformance;
pub mod declaration;
pub mod extract;
pub mod fetch;
pub mod guard;
pub mod import;
pub mod notify;
pub mod page_url;
pub mod pdf;
pub mod reextract;
pub mod schedule;
pub mod source;
pub mod source_form;
pub mod watch_lock;
