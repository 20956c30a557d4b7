//! The Memo view: the Netflix Terms of Service memo is previewed and exported through the real
//! window, then read back with qpdf and pdftotext. A bad range and a missing folder show the
//! shell's error. The save dialog is driven with xdotool: cancelled, and given a name without
//! an extension.
//!
//! Run with `make e2e`. Each test starts the app on an empty data folder and waits for the
//! first-launch import of the demo archive.

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, ensure};
use fantoccini::Locator;

/// How long the first-launch import may take in a debug build under Xvfb.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

/// How long building and writing the memo may take in a debug build.
const EXPORT_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens the Memo view on the Netflix Terms of Service, once the platform list is imported.
async fn open_netflix_memo(session: &clausewatch_e2e::Session) -> anyhow::Result<()> {
    session.go("#/memo?platform=Netflix&document=Terms%20of%20Service").await?;
    session.wait_for_heading("Memo").await?;
    session.wait_for_text("#memo-document", "Terms of Service", IMPORT_TIMEOUT).await?;
    session.set_field("memo-since", "2024-01-01").await?;
    session.set_field("memo-until", "2026-12-01").await?;
    Ok(())
}

/// Runs `program` with `args` and returns its standard output, failing on a non-zero exit.
fn run_tool(program: &str, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {program}; install qpdf and poppler-utils"))?;
    ensure!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn netflix_memo_exports_pdf() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        open_netflix_memo(session).await?;
        session.client.find(Locator::Id("memo-privileged")).await?.click().await?;
        session.client.find(Locator::Id("memo-preview")).await?.click().await?;

        let preview = session
            .wait_for_text("[data-testid='memo-preview']", "2. Changes", EXPORT_TIMEOUT)
            .await?;
        // The version in force on 2024-01-01 and the seven recorded after it.
        assert!(preview.contains("8 archived versions"), "{preview}");
        // The machine-learning restriction added on 2025-04-17 is rated critical.
        assert!(preview.contains("Highest severity: Critical"), "{preview}");

        let path = session.data_path().join("netflix-memo.pdf");
        let path_text = path.to_str().context("temporary path is UTF-8")?;
        session.client.find(Locator::Id("memo-path")).await?.send_keys(path_text).await?;
        session.client.find(Locator::Id("memo-export")).await?.click().await?;
        let done =
            session.wait_for_text("[data-testid='memo-exported']", "Wrote", EXPORT_TIMEOUT).await?;
        assert!(done.contains(path_text), "{done}");
        session.client.find(Locator::Id("memo-open")).await?;

        run_tool("qpdf", &["--check", path_text])?;
        let text = run_tool("pdftotext", &["-layout", path_text, "-"])?;
        assert!(text.contains("2. Changes"), "section heading in the PDF");
        assert!(text.contains("(ix)"), "renumbered clause marker in the PDF");
        assert!(text.contains("Privileged & Confidential"), "privilege marking in the PDF");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn memo_empty_range_shows_error() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        open_netflix_memo(session).await?;
        session.set_field("memo-since", "2026-05-01").await?;
        session.set_field("memo-until", "2026-04-01").await?;
        session.client.find(Locator::Id("memo-preview")).await?.click().await?;

        let alert = session
            .wait_for_text("main [role='alert']", "date range is empty", EXPORT_TIMEOUT)
            .await?;
        assert!(alert.contains("2026-05-01"), "{alert}");
        let previews =
            session.client.find_all(Locator::Css("[data-testid='memo-preview']")).await?;
        assert!(previews.is_empty(), "no preview beside the error");

        session.set_field("memo-since", "2024-01-01").await?;
        session.client.find(Locator::Id("memo-preview")).await?.click().await?;
        session.wait_for_text("[data-testid='memo-preview']", "2. Changes", EXPORT_TIMEOUT).await?;
        let path = session.data_path().join("no-such-folder/memo.pdf");
        let path_text = path.to_str().context("temporary path is UTF-8")?;
        session.client.find(Locator::Id("memo-path")).await?.send_keys(path_text).await?;
        session.client.find(Locator::Id("memo-export")).await?.click().await?;
        let alert = session
            .wait_for_text("main [role='alert']", "Cannot write the memo", EXPORT_TIMEOUT)
            .await?;
        assert!(alert.contains("no-such-folder"), "{alert}");
        assert!(!path.exists());
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn memo_keeps_existing_file_unless_replace() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        open_netflix_memo(session).await?;
        session.client.find(Locator::Id("memo-preview")).await?.click().await?;
        session.wait_for_text("[data-testid='memo-preview']", "2. Changes", EXPORT_TIMEOUT).await?;
        let path = session.data_path().join("signed.pdf");
        std::fs::write(&path, b"signed original")?;
        let path_text = path.to_str().context("temporary path is UTF-8")?;

        session.client.find(Locator::Id("memo-path")).await?.send_keys(path_text).await?;
        session.client.find(Locator::Id("memo-export")).await?.click().await?;
        let alert = session
            .wait_for_text("form.export ~ [role='alert']", "already exists", EXPORT_TIMEOUT)
            .await?;
        assert!(alert.contains("signed.pdf"), "{alert}");
        assert_eq!(std::fs::read(&path)?, b"signed original", "the file is kept");

        session.client.find(Locator::Id("memo-replace")).await?.click().await?;
        session.client.find(Locator::Id("memo-export")).await?.click().await?;
        session.wait_for_text("[data-testid='memo-exported']", "Wrote", EXPORT_TIMEOUT).await?;
        assert!(std::fs::read(&path)?.starts_with(b"%PDF-"), "the file is replaced");
        Ok(())
    })
    .await
}

/// Returns the X window id of the save dialog, found by its title within `timeout`.
async fn dialog_window(timeout: Duration) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let output = Command::new("xdotool")
            .args(["search", "--name", "^Export memo$"])
            .output()
            .context("cannot run xdotool; install the Debian package xdotool")?;
        let ids = String::from_utf8_lossy(&output.stdout);
        if let Some(id) = ids.lines().last() {
            return Ok(id.trim().to_owned());
        }
        ensure!(std::time::Instant::now() < deadline, "no save dialog within {timeout:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Gives the keyboard focus to X window `id`, retrying while the window is found but not yet
/// shown: X rejects focusing an unmapped window with BadMatch.
async fn focus_window(id: &str, timeout: Duration) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let focused = run_tool("xdotool", &["windowfocus", "--sync", id]);
        if focused.is_ok() || std::time::Instant::now() >= deadline {
            return focused.map(|_| ());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn save_dialog_cancel_returns_nothing() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let script = "const done = arguments[arguments.length - 1];
            window.__TAURI_INTERNALS__.invoke('choose_memo_path', { suggestedName: 'memo.pdf' })
                .then((path) => done(JSON.stringify(path)),
                      (error) => done('rejected: ' + JSON.stringify(error)));";
        let client = session.client.clone();
        let chosen = tokio::spawn(async move { client.execute_async(script, vec![]).await });

        let dialog = dialog_window(Duration::from_secs(20)).await?;
        focus_window(&dialog, Duration::from_secs(10)).await?;
        run_tool("xdotool", &["key", "--clearmodifiers", "Escape"])?;

        let outcome = tokio::time::timeout(Duration::from_secs(20), chosen).await???;
        assert_eq!(outcome.as_str(), Some("null"), "cancelling returns no path: {outcome}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn save_dialog_adds_pdf_extension() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let script = "const done = arguments[arguments.length - 1];
            window.__TAURI_INTERNALS__.invoke('choose_memo_path', { suggestedName: 'memo.pdf' })
                .then((path) => done(path), (error) => done('rejected: ' + JSON.stringify(error)));";
        let client = session.client.clone();
        let chosen = tokio::spawn(async move { client.execute_async(script, vec![]).await });

        let dialog = dialog_window(Duration::from_secs(20)).await?;
        focus_window(&dialog, Duration::from_secs(10)).await?;
        // Ctrl+A selects the suggested name in GTK's name field, so typing replaces it. GTK
        // takes a name starting with "/" as a full path.
        let typed = session.data_path().join("chosen");
        let typed = typed.to_str().context("temporary path is UTF-8")?;
        run_tool("xdotool", &["key", "--clearmodifiers", "ctrl+a"])?;
        run_tool("xdotool", &["type", "--delay", "20", typed])?;
        run_tool("xdotool", &["key", "--clearmodifiers", "Return"])?;

        let outcome = tokio::time::timeout(Duration::from_secs(20), chosen).await???;
        assert_eq!(outcome.as_str(), Some(format!("{typed}.pdf").as_str()), "{outcome}");
        Ok(())
    })
    .await
}
