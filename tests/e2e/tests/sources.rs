//! Managing what is watched from the window. A source added in the Platforms view is checked
//! at once by the background watcher against a page served on 127.0.0.1, and its first
//! version shows in the Document view. The watch settings chosen in Settings are kept.
//!
//! Run with `make e2e`.

use std::time::Duration;

use clausewatch_e2e::Session;
use clausewatch_e2e::terms_server::TermsServer;
use fantoccini::Locator;

/// How long one command and the view's update may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// How long the watcher may take to fetch, extract and record the page.
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

async fn click(session: &Session, css: &str) -> anyhow::Result<()> {
    session.client.find(Locator::Css(css)).await?.click().await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn added_source_is_checked_and_shown() -> anyhow::Result<()> {
    let server = TermsServer::start().await?;
    let url = server.url().to_owned();
    clausewatch_e2e::run(async |session| {
        session.add_source("Local Example", "Terms of Service", &url, "main").await?;

        // The watcher checks the new source at once; the view reloads after its pass.
        let row = "tbody[data-platform='Local Example']";
        let status = session.wait_for_text(row, "checked", CHECK_TIMEOUT).await?;
        assert!(status.contains("every 6 hours"), "the default interval is six hours: {status}");
        // WebDriver's visible text leaves out the URL, which may be cut with an ellipsis.
        let script = "return document.querySelector(arguments[0] + ' .urls').textContent;";
        let shown = session.client.execute(script, vec![serde_json::Value::from(row)]).await?;
        assert_eq!(shown.as_str(), Some(url.as_str()), "the row names the source's page");

        // Check now reports the check's result where it was asked for, once the check ends.
        let press = "[...document.querySelectorAll(arguments[0] + ' button')]
            .find((button) => button.textContent === 'Check now').click();";
        session.client.execute(press, vec![serde_json::Value::from(row)]).await?;
        let result =
            "Local Example Terms of Service was checked: no change since the last version.";
        session.wait_for_text("main", result, CHECK_TIMEOUT).await?;
        assert!(!session.main_text().await?.contains("Checking Local Example"));

        session.go("#/document?platform=Local%20Example&document=Terms%20of%20Service").await?;
        let clauses = session.wait_for_text("main .clauses", "benchmark", STEP_TIMEOUT).await?;
        assert!(clauses.contains("We may suspend your account"), "{clauses}");
        assert!(!clauses.contains("Cookie banner"), "text outside `main` is left out: {clauses}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn watch_settings_are_kept() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        session.go("#/settings").await?;
        session.wait_for_text("main", "Checks and notifications", STEP_TIMEOUT).await?;
        let threshold = "#notify-threshold";
        session.client.wait().at_most(STEP_TIMEOUT).for_element(Locator::Css(threshold)).await?;

        session.set_field("check-interval", "12").await?;
        session.set_field("notify-threshold", "high").await?;
        click(session, "form.watch button[type='submit']").await?;
        session.wait_for_text("main", "Settings saved.", STEP_TIMEOUT).await?;

        session.go("#/dashboard").await?;
        session.wait_for_heading("Dashboard").await?;
        session.go("#/settings").await?;
        session.client.wait().at_most(STEP_TIMEOUT).for_element(Locator::Css(threshold)).await?;
        let script = "return [document.getElementById('check-interval').value,
            document.getElementById('notify-threshold').value];";
        let values = session.client.execute(script, vec![]).await?;
        assert_eq!(values, serde_json::json!(["12", "high"]));
        Ok(())
    })
    .await
}
