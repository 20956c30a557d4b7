//! The app window: it opens, it can be used from the keyboard, and it reports its folders.
//!
//! Run with `make e2e`; they need Xvfb, tauri-driver, WebKitWebDriver and the debug build.

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

/// Presses and releases `key` on the focused element through the WebDriver actions API.
async fn press(session: &clausewatch_e2e::Session, key: char) -> anyhow::Result<()> {
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    session.client.perform_actions(actions).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn window_opens_on_dashboard() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        assert_eq!(session.heading().await?, "Dashboard");
        assert_eq!(session.client.title().await?, "Clausewatch");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn slash_focuses_search_field() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        press(session, '/').await?;
        assert_eq!(session.focused_id().await?, "global-search");

        let field = session.client.find(Locator::Id("global-search")).await?;
        field.send_keys("arbitration").await?;
        press(session, Key::Enter.into()).await?;
        session.wait_for_heading("Search").await?;

        let url = session.client.current_url().await?;
        assert_eq!(url.fragment(), Some("/search?q=arbitration"));
        let text = session.main_text().await?;
        assert!(text.contains("Results for"), "query line is shown: {text}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn arrow_keys_move_through_sidebar() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let dashboard = session.client.find(Locator::Css("nav a[data-view='dashboard']")).await?;
        session
            .client
            .execute("arguments[0].focus();", vec![serde_json::to_value(dashboard)?])
            .await?;

        // The sidebar lists Dashboard, Platforms, Search: two steps down reach Search.
        press(session, Key::Down.into()).await?;
        press(session, Key::Down.into()).await?;
        assert_eq!(session.focused_view_link().await?, "search");

        press(session, Key::End.into()).await?;
        assert_eq!(session.focused_view_link().await?, "about");

        press(session, Key::Enter.into()).await?;
        session.wait_for_heading("About Clausewatch").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn settings_show_data_folder() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        session.open_view("settings").await?;
        session.wait_for_heading("Settings").await?;

        let data_dir = session.data_path().display().to_string();
        let text = session.main_text().await?;
        assert!(text.contains(&data_dir), "Settings names {data_dir}: {text}");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn app_writes_log_file() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let logs = session.data_path().join("logs");
        let names: Vec<String> = std::fs::read_dir(&logs)?
            .map(|entry| entry.map(|entry| entry.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        assert!(
            names.iter().any(|name| name.starts_with("clausewatch.") && name.ends_with(".log")),
            "{} contains a clausewatch.*.log file: {names:?}",
            logs.display()
        );
        Ok(())
    })
    .await
}

/// Returns whether process `pid` has ended: gone, or a zombie waiting for its parent.
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        }
        Err(_) => true,
    }
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn ctrl_q_quits_the_app() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let app = clausewatch_e2e::paths::app_binary()?;
        let app = std::fs::canonicalize(&app).unwrap_or(app);
        let pid = session
            .processes()
            .into_iter()
            .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
            .ok_or_else(|| anyhow::anyhow!("no process runs {}", app.display()))?;

        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: Key::Control.into() })
            .then(KeyAction::Down { value: 'q' })
            .then(KeyAction::Up { value: 'q' })
            .then(KeyAction::Up { value: Key::Control.into() });
        // The window may close before the driver responds, so the outcome is not checked.
        let _ = session.client.perform_actions(keys).await;

        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while !ended(pid) {
            anyhow::ensure!(
                std::time::Instant::now() < deadline,
                "the app still runs after Ctrl+Q"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Ok(())
    })
    .await
}
