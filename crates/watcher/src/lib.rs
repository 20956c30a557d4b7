//! The watcher: reads declarations (`declaration`), fetches pages with their evidence
//! (`fetch`), decodes them (`charset`), extracts their text (`extract`, `pdf`) and refuses
//! pages that must not become versions (`guard`, `check`). It does not depend on storage
//! or on the desktop shell: callers record the versions it returns.

pub mod charset;
pub mod check;
pub mod conformance;
pub mod declaration;
pub mod extract;
pub mod fetch;
pub mod guard;
pub mod pdf;
