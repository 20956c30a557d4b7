//! Screenshots of every view, taken with ImageMagick's `import -window` from the X display.
//!
//! The PNG files go to `CLAUSEWATCH_SCREENSHOT_DIR` when set (see
//! `scripts/desktop-screenshots.sh`), else into the session's temporary data folder. Run with
//! `make e2e` or `make screenshots`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::Locator;

/// Each view's id and the heading it shows.
const VIEWS: [(&str, &str); 11] = [
    ("dashboard", "Dashboard"),
    ("platforms", "Platforms"),
    ("search", "Search"),
    ("document", "Document"),
    ("timeline", "Clause timeline"),
    ("diff", "Version diff"),
    ("compare", "Compare"),
    ("checklists", "Checklists"),
    ("memo", "Memo"),
    ("settings", "Settings"),
    ("about", "About Clausewatch"),
];

/// Returns the X window id of the app window, found by its title within ten seconds.
async fn window_id() -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let output = Command::new("xdotool")
            .args(["search", "--name", "^Clausewatch$"])
            .output()
            .context("cannot run xdotool; install the Debian package xdotool")?;
        let ids = String::from_utf8_lossy(&output.stdout);
        if let Some(id) = ids.lines().next() {
            return Ok(id.trim().to_owned());
        }
        if Instant::now() > deadline {
            bail!("no X window titled Clausewatch on DISPLAY {:?}", std::env::var("DISPLAY"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Writes a PNG of window `id` to `path` with ImageMagick's `import`.
fn capture(id: &str, path: &Path) -> anyhow::Result<()> {
    // /usr/bin/import is named explicitly because other `import` programs may come first in PATH.
    let status = Command::new("/usr/bin/import")
        .args(["-window", id])
        .arg(path)
        .status()
        .context("cannot run /usr/bin/import; install the Debian package imagemagick")?;
    if !status.success() {
        bail!("import -window {id} {} failed with {status}", path.display());
    }
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn every_view_renders_heading() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let out_dir = match std::env::var("CLAUSEWATCH_SCREENSHOT_DIR") {
            Ok(dir) => PathBuf::from(dir),
            Err(_) => session.data_path().join("screenshots"),
        };
        std::fs::create_dir_all(&out_dir)?;

        // Screens taken during the first-launch import would show only its progress message.
        session.open_view("platforms").await?;
        let deadline = std::time::Instant::now() + Duration::from_secs(180);
        while !session.main_text().await?.contains("Netflix") {
            if std::time::Instant::now() > deadline {
                bail!("the demo archive was not imported within 180 s");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }

        // Looked up only now: at start, the window of the previous test may still be closing
        // under the same title.
        let id = window_id().await?;

        for (number, (view, heading)) in VIEWS.iter().enumerate() {
            session.open_view(view).await?;
            session.wait_for_heading(heading).await?;
            // The DOM updates before WebKit paints the frame that a screenshot reads.
            tokio::time::sleep(Duration::from_millis(400)).await;

            let path = out_dir.join(format!("{:02}-{view}.png", number + 1));
            capture(&id, &path)?;
            let size = std::fs::metadata(&path)?.len();
            assert!(size > 10_000, "{} is {size} bytes, too small for a window", path.display());
        }

        // The compare, memo and checklist views again, each with content.
        let step = Duration::from_secs(60);
        session.go("#/compare?category=arbitration").await?;
        session.wait_for_text("[data-testid='compare-adoption']", "platforms", step).await?;
        capture_painted(&id, &out_dir.join("12-compare-arbitration.png")).await?;

        session.go("#/memo?platform=Netflix&document=Terms%20of%20Service").await?;
        session.wait_for_text("#memo-document", "Terms of Service", step).await?;
        session.set_field("memo-since", "2024-01-01").await?;
        session.set_field("memo-until", "2026-12-01").await?;
        session.client.find(Locator::Id("memo-preview")).await?.click().await?;
        session.wait_for_text("[data-testid='memo-preview']", "2. Changes", step).await?;
        let scroll = "document.querySelector(\"[data-testid='memo-preview']\").scrollIntoView();";
        session.client.execute(scroll, vec![]).await?;
        capture_painted(&id, &out_dir.join("13-memo-preview.png")).await?;

        session.go("#/checklists?platform=Netflix&document=Terms%20of%20Service").await?;
        session.wait_for_text("#checklist-category", "Arbitration", step).await?;
        session.set_field("checklist-category", "ai-machine-learning").await?;
        session.client.find(Locator::Id("checklist-open")).await?.click().await?;
        session.wait_for_text("[data-testid='checklist-detail']", "Netflix", step).await?;
        capture_painted(&id, &out_dir.join("14-checklists-open.png")).await?;

        // The Netflix terms with the machine-learning item and its category chips in view.
        session.go("#/document?platform=Netflix&document=Terms%20of%20Service").await?;
        session.wait_for_text("main .clauses", "machine learning", step).await?;
        let scroll = "[...document.querySelectorAll('li.clause')]
            .find((li) => li.textContent.includes('machine learning'))
            .scrollIntoView({ block: 'center' });";
        session.client.execute(scroll, vec![]).await?;
        capture_painted(&id, &out_dir.join("15-document-chips.png")).await?;

        // That item's timeline: its addition rated critical, then its renumbering.
        session.open_clause("machine learning").await?;
        session.wait_for_text("[data-testid='change-rating']", "critical", step).await?;
        capture_painted(&id, &out_dir.join("16-timeline-netflix.png")).await?;

        // The smallest window the app allows, where wide tables must still fit or scroll.
        session.client.set_window_size(860, 540).await?;
        session.open_view("dashboard").await?;
        session.wait_for_heading("Dashboard").await?;
        capture_painted(&id, &out_dir.join("17-dashboard-narrow.png")).await?;
        session.open_view("platforms").await?;
        session.wait_for_heading("Platforms").await?;
        capture_painted(&id, &out_dir.join("18-platforms-narrow.png")).await?;
        Ok(())
    })
    .await
}

/// Waits for WebKit to paint the last DOM update, then captures window `id` to `path`.
async fn capture_painted(id: &str, path: &Path) -> anyhow::Result<()> {
    tokio::time::sleep(Duration::from_millis(400)).await;
    capture(id, path)
}
