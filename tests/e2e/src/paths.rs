//! Finds the programs an end-to-end run needs: the app binary and `tauri-driver`.
//!
//! Environment variables win (`CLAUSEWATCH_APP`, `TAURI_DRIVER`); otherwise the usual build
//! and install locations are tried. Add a location here rather than in a test.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Returns the repository's root folder.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Returns the debug binary of the desktop app.
///
/// Looks at `CLAUSEWATCH_APP`, then `$CARGO_TARGET_DIR/debug`, then `<root>/target/debug`.
pub fn app_binary() -> anyhow::Result<PathBuf> {
    if let Ok(path) = std::env::var("CLAUSEWATCH_APP") {
        return existing(PathBuf::from(path), "CLAUSEWATCH_APP");
    }
    let target_dir = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repository_root().join("target"));
    existing(target_dir.join("debug").join("clausewatch-desktop"), "the debug build")
}

/// Returns `tauri-driver`: `TAURI_DRIVER`, then `<root>/.tools/bin`, then the `PATH`.
pub fn tauri_driver() -> anyhow::Result<PathBuf> {
    if let Ok(path) = std::env::var("TAURI_DRIVER") {
        return existing(PathBuf::from(path), "TAURI_DRIVER");
    }
    let local = repository_root().join(".tools/bin/tauri-driver");
    if local.is_file() {
        return Ok(local);
    }
    let from_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file());
    from_path.context(
        "tauri-driver not found in .tools/bin or PATH; run `make e2e`, which installs it, \
         or set TAURI_DRIVER",
    )
}

/// Returns `path` if it is a file, else an error naming where the path came from.
fn existing(path: PathBuf, origin: &str) -> anyhow::Result<PathBuf> {
    if !path.is_file() {
        bail!(
            "no file at {} (from {origin}); build the app with \
             `cargo build -p clausewatch-desktop`, or point the variable at an existing file",
            path.display()
        );
    }
    Ok(path)
}
