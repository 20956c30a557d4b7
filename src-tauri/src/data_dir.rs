//! Chooses the folder that contains the store, the logs and the settings of one user.
//!
//! `CLAUSEWATCH_DATA_DIR` wins when set, so tests and portable installs get a folder of their
//! own; otherwise the platform's application data folder is used. Add new files of the app
//! below this folder, never beside the binary.

use std::path::{Path, PathBuf};

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = "CLAUSEWATCH_DATA_DIR";

/// Returns the data folder: `override_dir` when given and not blank, else `platform_dir`.
pub fn resolve(override_dir: Option<&str>, platform_dir: &Path) -> PathBuf {
    match override_dir.map(str::trim) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => platform_dir.to_path_buf(),
    }
}

/// Creates `dir` and its parents if missing, naming the folder and the variable to set on failure.
pub fn ensure_exists(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|error| {
        format!(
            "cannot create the data folder {}: {error}; set {DATA_DIR_ENV} to a writable folder",
            dir.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_wins_over_platform_folder() {
        let chosen = resolve(Some("/tmp/cw-data"), Path::new("/home/a/.local/share/cw"));
        assert_eq!(chosen, PathBuf::from("/tmp/cw-data"));
    }

    #[test]
    fn blank_override_falls_back_to_platform_folder() {
        let chosen = resolve(Some("  "), Path::new("/home/a/.local/share/cw"));
        assert_eq!(chosen, PathBuf::from("/home/a/.local/share/cw"));
    }

    #[test]
    fn missing_override_uses_platform_folder() {
        let chosen = resolve(None, Path::new("/home/a/.local/share/cw"));
        assert_eq!(chosen, PathBuf::from("/home/a/.local/share/cw"));
    }

    #[test]
    fn ensure_exists_creates_nested_folders() {
        let root = tempfile::tempdir().expect("temporary folder");
        let nested = root.path().join("a").join("b");
        ensure_exists(&nested).expect("nested folder is created");
        assert!(nested.is_dir());
    }

    #[test]
    fn ensure_exists_names_folder_on_failure() {
        let root = tempfile::tempdir().expect("temporary folder");
        let file = root.path().join("plain-file");
        std::fs::write(&file, b"x").expect("file is written");
        let message = ensure_exists(&file.join("sub")).expect_err("a file cannot hold a folder");
        assert!(message.contains("plain-file/sub"), "message names the folder: {message}");
        assert!(message.contains(DATA_DIR_ENV), "message names the variable: {message}");
    }
}
