//! Checks that the TypeScript bindings committed under `ui/src/lib/bindings/` match the Rust
//! types. Set `CLAUSEWATCH_UPDATE_BINDINGS=1` to rewrite them instead.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clausewatch_desktop::bindings;

/// Returns the committed bindings folder.
fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

#[test]
fn bindings_are_current() {
    let dir = bindings_dir();
    let files = bindings::render().expect("every IPC type renders");

    if std::env::var("CLAUSEWATCH_UPDATE_BINDINGS").is_ok_and(|value| value == "1") {
        std::fs::create_dir_all(&dir).expect("bindings folder is created");
        for file in &files {
            std::fs::write(dir.join(&file.path), &file.contents).expect("binding is written");
        }
    }

    for file in &files {
        let path = dir.join(&file.path);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == file.contents,
            "{} is stale or missing; run `make bindings` and commit the result",
            path.display()
        );
    }

    let expected: BTreeSet<String> =
        files.iter().map(|file| file.path.display().to_string()).collect();
    let present: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("bindings folder exists")
        .map(|entry| entry.expect("folder entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ts"))
        .collect();
    let extra: Vec<&String> = present.difference(&expected).collect();
    assert!(extra.is_empty(), "bindings without a Rust type, delete them: {extra:?}");
}

#[test]
fn error_code_binding_lists_snake_case_codes() {
    let files = bindings::render().expect("every IPC type renders");
    let error_code = files
        .iter()
        .find(|file| file.path == Path::new("ErrorCode.ts"))
        .expect("ErrorCode.ts is rendered");
    let expected = concat!(
        r#"export type ErrorCode = "not_found" | "invalid_input" | "#,
        r#""store_unavailable" | "internal";"#
    );
    assert!(
        error_code.contents.contains(expected),
        "ErrorCode.ts declares the four codes:\n{}",
        error_code.contents
    );
}
