//! The bundled demo archive: imported on first launch, then read through the document, clause
//! timeline and search views.
//!
//! Run with `make e2e`; each test starts the app on an empty data folder, so each waits for the
//! import (about half a minute in a debug build).

use std::time::{Duration, Instant};

use anyhow::bail;
use fantoccini::Locator;

/// How long the first-launch import may take in a debug build under Xvfb.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

/// Waits until the text of `css` contains `needle` and returns that text.
async fn wait_for_text(
    session: &clausewatch_e2e::Session,
    css: &str,
    needle: &str,
) -> anyhow::Result<String> {
    let deadline = Instant::now() + IMPORT_TIMEOUT;
    loop {
        let text = match session.client.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            bail!("{css} does not contain {needle:?} after {IMPORT_TIMEOUT:?}; it reads: {text}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Opens a location hash such as `#/search?q=arbitration`.
async fn go(session: &clausewatch_e2e::Session, hash: &str) -> anyhow::Result<()> {
    let script = "window.location.hash = arguments[0];";
    session.client.execute(script, vec![serde_json::Value::from(hash)]).await?;
    Ok(())
}

/// Returns the `datetime` attributes of the `time` elements under `css`.
async fn times_in(session: &clausewatch_e2e::Session, css: &str) -> anyhow::Result<Vec<String>> {
    let script = "return [...document.querySelectorAll(arguments[0] + ' time')]
        .map((t) => t.getAttribute('datetime'));";
    let value = session.client.execute(script, vec![serde_json::Value::from(css)]).await?;
    Ok(serde_json::from_value(value)?)
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn first_launch_imports_demo_archive() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        go(session, "#/platforms").await?;
        let text = wait_for_text(session, "main table", "Netflix").await?;
        // Platform folders of assets/archive/versions.
        for platform in ["ChatGPT", "GitHub", "Reddit", "Zoom", "Stack Overflow"] {
            assert!(text.contains(platform), "Platforms lists {platform}: {text}");
        }

        go(session, "#/about").await?;
        let about = wait_for_text(session, "[data-testid='credit']", "ODC-BY 1.0").await?;
        assert!(about.contains("Open Terms Archive (opentermsarchive.org)"), "{about}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn netflix_machine_learning_clause_timeline() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        go(session, "#/document?platform=Netflix&document=Terms%20of%20Service").await?;
        wait_for_text(session, "main .clauses", "machine learning").await?;
        session.open_clause("machine learning").await?;

        let origin = wait_for_text(session, "[data-testid='timeline-origin']", "(viii)").await?;
        assert!(origin.contains("4.6"), "first recorded under 4.6: {origin}");
        assert!(origin.contains("(viii) (absent on "), "a space before the absence: {origin}");
        let origin_times = times_in(session, "[data-testid='timeline-origin']").await?;
        assert_eq!(origin_times.len(), 2, "{origin_times:?}");
        assert!(origin_times[0].starts_with("2025-04-17"), "first recorded: {origin_times:?}");
        assert!(origin_times[1].starts_with("2024-09-01"), "absent on: {origin_times:?}");

        let rating =
            wait_for_text(session, "[data-testid='change-rating']", "AI and machine-learning use")
                .await?;
        assert!(rating.starts_with("critical"), "the addition is critical: {rating}");

        let changes = wait_for_text(session, "[data-testid='timeline-changes']", "(ix)").await?;
        assert!(changes.contains("1.8"), "moved to 1.8: {changes}");
        let change_times = times_in(session, "[data-testid='timeline-changes']").await?;
        assert!(
            change_times.iter().any(|time| time.starts_with("2026-04-11")),
            "a change recorded on 2026-04-11: {change_times:?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn search_hit_opens_clause_timeline() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        go(session, "#/search?q=arbitration").await?;
        wait_for_text(session, "main", "versions,").await?;
        let group = session.client.find(Locator::Css("main .group h2")).await?.text().await?;
        // The heading reads "Platform · Document 3"; the timeline names the same document.
        let document = group.rsplit_once(' ').map_or(group.as_str(), |(name, _)| name);
        session.client.find(Locator::Css("main .hit a")).await?.click().await?;
        session.wait_for_heading("Clause timeline").await?;
        let origin =
            wait_for_text(session, "[data-testid='timeline-origin']", "First recorded").await?;
        assert!(origin.starts_with(document), "{origin} names {document}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn search_many_hits_shows_cut_off_notice() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        go(session, "#/search?q=personal%20data").await?;
        let notice = wait_for_text(session, "main .cut-off", "More than 200 clauses match").await?;
        assert!(notice.contains("add words to narrow the search"), "{notice}");
        let script = "return document.querySelectorAll('main li.hit').length;";
        let listed: usize = serde_json::from_value(session.client.execute(script, vec![]).await?)?;
        assert_eq!(listed, 200, "the 200 best matches are listed");
        Ok(())
    })
    .await
}

/// Returns the number of change rows the dashboard lists.
async fn change_rows(session: &clausewatch_e2e::Session) -> anyhow::Result<usize> {
    let script = "return document.querySelectorAll('tr.change-row').length;";
    let value = session.client.execute(script, vec![]).await?;
    Ok(serde_json::from_value(value)?)
}

/// Waits until the dashboard lists `expected` change rows.
async fn wait_for_rows(session: &clausewatch_e2e::Session, expected: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + IMPORT_TIMEOUT;
    loop {
        let rows = change_rows(session).await?;
        if rows == expected {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the dashboard lists {rows} changes after {IMPORT_TIMEOUT:?}, not {expected}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn dashboard_lists_more_on_request() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        wait_for_rows(session, 50).await?;
        let count = session.client.find(Locator::Css("[data-testid='change-count']")).await?;
        let total: usize = count.text().await?.trim().parse()?;
        assert!(total > 100, "the demo archive has more than two pages of changes: {total}");

        let more = session.client.find(Locator::Id("show-more-changes")).await?;
        assert_eq!(more.text().await?, "Show 50 more");
        more.click().await?;
        wait_for_rows(session, 100).await?;

        // A new filter starts again from the first page.
        let filter = session.client.find(Locator::Css("form.filters input[type=checkbox]")).await?;
        filter.click().await?;
        wait_for_rows(session, 50).await?;
        Ok(())
    })
    .await
}

/// Returns the `href` of the focused element, or an empty string.
async fn focused_href(session: &clausewatch_e2e::Session) -> anyhow::Result<String> {
    let script = "return document.activeElement?.getAttribute('href') ?? '';";
    Ok(serde_json::from_value(session.client.execute(script, vec![]).await?)?)
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn dashboard_keys_and_kept_filters() -> anyhow::Result<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;

    clausewatch_e2e::run(async |session| {
        wait_for_rows(session, 50).await?;
        let hrefs: Vec<String> = serde_json::from_value(
            session
                .client
                .execute(
                    "return [...document.querySelectorAll('tr.change-row a.summary')]
                        .map((link) => link.getAttribute('href'));",
                    vec![],
                )
                .await?,
        )?;
        session.client.execute("document.querySelector('a.summary').focus();", vec![]).await?;
        let down = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: Key::Down.into() })
            .then(KeyAction::Up { value: Key::Down.into() });
        session.client.perform_actions(down).await?;
        assert_eq!(focused_href(session).await?, hrefs[1], "Down moves to the second change");

        // A filter set here is still set after a visit to another view.
        session.set_field("dashboard-severity", "high+").await?;
        session.go("#/search?q=arbitration").await?;
        session.wait_for_heading("Search").await?;
        session.go("#/dashboard").await?;
        session.wait_for_heading("Dashboard").await?;
        session.wait_for_text("#dashboard-severity", "High and above", IMPORT_TIMEOUT).await?;
        let severity = session.client.find(Locator::Id("dashboard-severity")).await?;
        assert_eq!(severity.prop("value").await?.as_deref(), Some("high+"));
        Ok(())
    })
    .await
}
