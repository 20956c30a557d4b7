//! Running the real `clausewatch` binary in tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tempfile::TempDir;

#[path = "../../../store/tests/common/corpus_folder.rs"]
mod corpus_folder;
use corpus_folder::shared_corpus_folder;

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions")
}

/// Returns a data directory holding the Netflix documents only, imported through the binary.
pub fn netflix_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("folder");
    let netflix = corpus().join("Netflix");
    let output = run(dir.path(), &["import", netflix.to_str().expect("UTF-8 path")]);
    assert!(output.status.success(), "import failed: {}", stderr(&output));
    dir
}

/// Returns a command running the binary on `data_dir`, with colour and logging off.
pub fn clausewatch(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clausewatch"));
    command.arg("--data-dir").arg(data_dir).env("NO_COLOR", "1").env_remove("CLAUSEWATCH_LOG");
    command
}

/// Runs the binary and returns its output, failing the test when it cannot start.
pub fn run(data_dir: &Path, args: &[&str]) -> Output {
    clausewatch(data_dir).args(args).output().expect("clausewatch starts")
}

/// Runs the binary with `--json`, fails the test when it fails, and returns its parsed output.
pub fn json(data_dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let output = run(data_dir, &all);
    assert!(output.status.success(), "{args:?} failed: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("JSON output")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

static CORPUS_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Returns a data directory holding the corpus, imported once through the binary.
pub fn corpus_data_dir() -> &'static Path {
    CORPUS_DIR.get_or_init(|| {
        let dir = shared_corpus_folder();
        let corpus = corpus();
        let output = run(&dir, &["import", corpus.to_str().expect("UTF-8 path")]);
        assert!(output.status.success(), "import failed: {}", stderr(&output));
        dir
    })
}

pub mod server;

/// Returns a snapshot from the watcher's test data (pages as Open Terms Archive fetched them).
pub fn snapshot(path: &str) -> Vec<u8> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../watcher/tests/data/snapshots");
    std::fs::read(data.join(path)).expect("snapshot is readable")
}
