//! The tray icon on a desktop with a StatusNotifier host: the app registers its item with the
//! host, the item's menu offers "Open Clausewatch", "Check now" and "Quit", and "Check now"
//! makes the background watcher check a watched source again at once.
//!
//! Run with `make e2e`; the test serves the host on the private session bus that
//! `scripts/run-desktop-e2e.sh` starts.

use std::time::{Duration, Instant};

use anyhow::bail;
use clausewatch_e2e::terms_server::TermsServer;
use clausewatch_e2e::tray_host::TrayHost;

/// How long the app may take to register its tray item after its window shows.
const REGISTER_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the watcher may take to fetch the page after a source is added or "Check now".
const CHECK_TIMEOUT: Duration = Duration::from_secs(60);

/// Waits until `server` has sent `count` responses.
async fn wait_for_requests(server: &TermsServer, count: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + CHECK_TIMEOUT;
    while server.served() < count {
        if Instant::now() > deadline {
            bail!("{} responses sent after {CHECK_TIMEOUT:?}, expected {count}", server.served());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn tray_check_now_checks_sources() -> anyhow::Result<()> {
    let host = TrayHost::start().await?;
    let server = TermsServer::start().await?;
    clausewatch_e2e::run(async |session| {
        let item = host.wait_for_item(REGISTER_TIMEOUT).await?;
        let menu = host.menu(&item).await?;
        let labels: Vec<String> =
            menu.entries().await?.into_iter().map(|(_, label)| label).collect();
        assert_eq!(labels, ["Open Clausewatch", "Check now", "Quit"]);

        session.add_source("Tray Example", "Terms of Service", server.url(), "main").await?;
        wait_for_requests(&server, 1).await?;
        // A source checked once is due again only after its interval (six hours).
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(server.served(), 1, "no second check before Check now");

        menu.click("Check now").await?;
        wait_for_requests(&server, 2).await?;
        Ok(())
    })
    .await
}
