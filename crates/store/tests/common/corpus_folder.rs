//! The folder of the corpus data that one test binary shares between its tests. The store,
//! memo-builder and CLI tests include this file by path.

use std::path::{Path, PathBuf};

/// Returns an empty folder for the corpus data this test binary shares between its tests,
/// under Cargo's folder for integration-test data. A static is never dropped, so a `TempDir`
/// kept in one left a copy of the corpus in the system's temporary folder after every run.
/// This folder is emptied at the first use in each run and reused.
pub fn shared_corpus_folder() -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join(concat!(
        "corpus-",
        env!("CARGO_PKG_NAME"),
        "-",
        env!("CARGO_CRATE_NAME")
    ));
    if folder.exists() {
        std::fs::remove_dir_all(&folder).expect("the previous run's corpus folder is removed");
    }
    std::fs::create_dir_all(&folder).expect("corpus folder");
    folder
}
