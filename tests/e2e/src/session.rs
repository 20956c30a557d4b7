//! One end-to-end session: a `tauri-driver`, the app window it launches, and a WebDriver client.
//!
//! [`run`] wraps a test body with a timeout and always stops the driver afterwards;
//! [`Session::restart`] reopens the app on the same data folder. Add helpers that several
//! tests use (opening a view, reading a heading) as methods of [`Session`].

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tempfile::TempDir;

use crate::driver::Driver;
use crate::paths;

/// Time limit of one test body, after the window is up; the first-launch import of the demo
/// archive takes most of it in a debug build.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(240);

/// Time limit for the driver to listen and for the window to show its first heading.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Maximum number of drivers started for one session before its start counts as failed.
const SESSION_ATTEMPTS: u32 = 3;

/// Lines of the driver's log that a failed test prints.
const DRIVER_LOG_LINES: usize = 40;

/// How long the first-launch import of the demo archive may take in a debug build under Xvfb.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

/// How long a command sent from a form may take to be confirmed in the view.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// How long [`Session::wait_for_heading`] waits for a view to open.
const VIEW_TIMEOUT: Duration = Duration::from_secs(10);

/// A running app window under WebDriver control, with its own data folder.
pub struct Session {
    /// WebDriver client connected to the app's webview.
    pub client: Client,
    // Field order is drop order: the driver stops before the data folder is deleted.
    driver: Driver,
    data_dir: TempDir,
}

/// Starts a session, runs `body` with a timeout, and stops the session whatever the outcome.
///
/// A failure carries the end of the driver's log, because the log is deleted with the data
/// folder.
pub async fn run(body: impl AsyncFnOnce(&Session) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let session = Session::start().await?;
    let outcome = tokio::time::timeout(TEST_TIMEOUT, body(&session)).await;
    let log_tail = session.driver.log_tail(DRIVER_LOG_LINES);
    session.finish().await;

    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(error.context(format!("end of the driver log:\n{log_tail}"))),
        Err(_) => bail!("test body timed out after {TEST_TIMEOUT:?}; driver log:\n{log_tail}"),
    }
}

impl Session {
    /// Starts `tauri-driver`, launches the app through it and waits for the first heading.
    pub async fn start() -> anyhow::Result<Self> {
        let data_dir = tempfile::Builder::new().prefix("clausewatch-e2e-").tempdir()?;
        Self::start_in(data_dir).await
    }

    /// Closes the window, stops the driver and starts the app again on the same data folder,
    /// as a user quitting and reopening it would.
    pub async fn restart(self) -> anyhow::Result<Self> {
        self.restart_after(|_| Ok(())).await
    }

    /// Like [`Session::restart`], running `step` on the data folder while the app is closed.
    pub async fn restart_after(
        self,
        step: impl FnOnce(&Path) -> anyhow::Result<()>,
    ) -> anyhow::Result<Self> {
        let Self { client, driver, data_dir } = self;
        if let Err(error) = client.close().await {
            tracing::warn!(%error, "closing the WebDriver session failed");
        }
        drop(driver);
        step(data_dir.path())?;
        Self::start_in(data_dir).await
    }

    async fn start_in(data_dir: TempDir) -> anyhow::Result<Self> {
        let (client, driver) = Self::connect(data_dir.path()).await?;

        let session = Self { client, driver, data_dir };
        let first_heading =
            session.client.wait().at_most(START_TIMEOUT).for_element(Locator::Css("main h1")).await;
        if let Err(error) = first_heading {
            session.finish().await;
            bail!("the window showed no view heading within {START_TIMEOUT:?}: {error}");
        }
        Ok(session)
    }

    /// Starts a driver and opens a WebDriver session through it, trying again with a fresh
    /// driver on new ports when the session does not start. Now and then the driver accepted
    /// the connection and then dropped the new-session request ("client error (SendRequest)").
    async fn connect(data_dir: &Path) -> anyhow::Result<(Client, Driver)> {
        let app = paths::app_binary()?;
        let driver_binary = paths::tauri_driver()?;
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("WebDriver capabilities must be a JSON object");
        };

        let mut attempt = 1;
        loop {
            let driver = Driver::start(&driver_binary, data_dir, START_TIMEOUT)?;
            let connected = ClientBuilder::rustls()?
                .capabilities(capabilities.clone())
                .connect(&driver.url())
                .await;
            match connected {
                Ok(client) => return Ok((client, driver)),
                Err(error) if attempt < SESSION_ATTEMPTS => {
                    let log_tail = driver.log_tail(DRIVER_LOG_LINES);
                    eprintln!("WebDriver session did not start ({error}); driver log:\n{log_tail}");
                    drop(driver);
                    attempt += 1;
                }
                Err(error) => {
                    let log_tail = driver.log_tail(DRIVER_LOG_LINES);
                    return Err(error).with_context(|| {
                        format!(
                            "WebDriver session at {} did not start after {attempt} attempts; \
                             driver log:\n{log_tail}",
                            driver.url()
                        )
                    });
                }
            }
        }
    }

    /// Returns the ids of the processes below the driver: WebKitWebDriver, the app and the
    /// app's WebKit processes.
    pub fn processes(&self) -> Vec<u32> {
        self.driver.processes()
    }

    /// Returns the data folder the app was started with.
    pub fn data_path(&self) -> &Path {
        self.data_dir.path()
    }

    /// Returns the text of the current view's heading.
    pub async fn heading(&self) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css("main h1")).await?.text().await?)
    }

    /// Waits until the view's heading reads `expected`, and fails with the last heading seen.
    pub async fn wait_for_heading(&self, expected: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + VIEW_TIMEOUT;
        loop {
            let heading = self.heading().await?;
            if heading == expected {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("heading is {heading:?} after {VIEW_TIMEOUT:?}, expected {expected:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Opens `view` (an id such as `about`) by clicking its link in the sidebar.
    pub async fn open_view(&self, view: &str) -> anyhow::Result<()> {
        let selector = format!("nav a[data-view='{view}']");
        self.client.find(Locator::Css(&selector)).await?.click().await?;
        Ok(())
    }

    /// Returns the `id` of the focused element, or an empty string.
    pub async fn focused_id(&self) -> anyhow::Result<String> {
        let script = "return document.activeElement ? document.activeElement.id : '';";
        let value = self.client.execute(script, vec![]).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Returns the view id of the focused sidebar link, or an empty string.
    pub async fn focused_view_link(&self) -> anyhow::Result<String> {
        let script = "const e = document.activeElement; return (e && e.dataset.view) || '';";
        let value = self.client.execute(script, vec![]).await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Opens a location hash such as `#/memo?platform=Netflix`.
    pub async fn go(&self, hash: &str) -> anyhow::Result<()> {
        let script = "window.location.hash = arguments[0];";
        self.client.execute(script, vec![serde_json::Value::from(hash)]).await?;
        Ok(())
    }

    /// Waits until the text of `css` contains `needle` within `timeout` and returns that text.
    pub async fn wait_for_text(
        &self,
        css: &str,
        needle: &str,
        timeout: Duration,
    ) -> anyhow::Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                bail!("{css} does not contain {needle:?} after {timeout:?}; it reads: {text}");
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Opens the timeline of the first clause of the document view whose text contains `text`,
    /// through its link.
    pub async fn open_clause(&self, text: &str) -> anyhow::Result<()> {
        let xpath = format!("//li[contains(@class,'clause')][contains(., '{text}')]//a");
        self.client.find(Locator::XPath(&xpath)).await?.click().await?;
        Ok(())
    }

    /// Sets the value of the field or select `id` and fires `input` and `change`, as a person
    /// would. It exists because WebKitWebDriver cannot type into date fields.
    pub async fn set_field(&self, id: &str, value: &str) -> anyhow::Result<()> {
        let script = "const field = document.getElementById(arguments[0]);
            field.value = arguments[1];
            field.dispatchEvent(new Event('input', { bubbles: true }));
            field.dispatchEvent(new Event('change', { bubbles: true }));";
        let arguments = vec![serde_json::Value::from(id), serde_json::Value::from(value)];
        self.client.execute(script, arguments).await?;
        Ok(())
    }

    /// Adds a source of `platform` `document` at `url`, keeping what `select` matches, through
    /// the Platforms view once the demo archive is listed there.
    pub async fn add_source(
        &self,
        platform: &str,
        document: &str,
        url: &str,
        select: &str,
    ) -> anyhow::Result<()> {
        self.go("#/platforms").await?;
        self.wait_for_text("main table", "Netflix", IMPORT_TIMEOUT).await?;

        self.client.find(Locator::Id("add-source")).await?.click().await?;
        self.set_field("source-platform", platform).await?;
        self.set_field("source-document", document).await?;
        self.set_field("source-urls", url).await?;
        self.set_field("source-select", select).await?;
        let submit = Locator::Css("form.editor button[type='submit']");
        self.client.find(submit).await?.click().await?;

        let added = format!("Source of {platform} {document} added.");
        self.wait_for_text("main", &added, COMMAND_TIMEOUT).await?;
        Ok(())
    }

    /// Returns the visible text of the main area.
    pub async fn main_text(&self) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css("main")).await?.text().await?)
    }

    /// Ends the WebDriver session, which closes the window; dropping then stops the driver.
    pub async fn finish(self) {
        if let Err(error) = self.client.clone().close().await {
            tracing::warn!(%error, "closing the WebDriver session failed");
        }
    }
}
