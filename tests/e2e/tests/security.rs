//! The window's content security policy and text escaping, checked inside the real webview.
//!
//! Run with `make e2e`. A local HTTP server on 127.0.0.1 plays the part of a remote host, and
//! the policy must keep the webview from connecting to it at all.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fantoccini::Locator;

/// An HTTP server on a free port of 127.0.0.1 that counts the connections it accepts.
struct CountingServer {
    port: u16,
    connections: Arc<AtomicUsize>,
}

impl CountingServer {
    /// Starts the server on a background thread. It replies to every request with a short 200.
    fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = listener.local_addr()?.port();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);

        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut request = [0_u8; 1024];
                let _ = stream.read(&mut request);
                let response = concat!(
                    "HTTP/1.1 200 OK\r\n",
                    "Access-Control-Allow-Origin: *\r\n",
                    "Content-Length: 2\r\n\r\nok"
                );
                let _ = stream.write_all(response.as_bytes());
            }
        });
        Ok(Self { port, connections })
    }

    /// Returns how many connections reached the server so far.
    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn csp_blocks_fetch_to_other_hosts() -> anyhow::Result<()> {
    let server = CountingServer::start()?;
    let url = format!("http://127.0.0.1:{}/terms", server.port);

    clausewatch_e2e::run(async |session| {
        let script = "const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(() => done('loaded'), (error) => done('blocked: ' + error));";
        let outcome = session.client.execute_async(script, vec![url.clone().into()]).await?;
        let outcome = outcome.as_str().unwrap_or_default().to_owned();

        assert!(outcome.starts_with("blocked"), "fetch of {url} was not blocked: {outcome}");
        Ok(())
    })
    .await?;

    assert_eq!(server.connections(), 0, "the webview connected to {url}");
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn csp_blocks_remote_images() -> anyhow::Result<()> {
    let server = CountingServer::start()?;
    let url = format!("http://127.0.0.1:{}/pixel.png", server.port);

    clausewatch_e2e::run(async |session| {
        let script = "const image = document.createElement('img');
            image.src = arguments[0];
            document.body.appendChild(image);";
        session.client.execute(script, vec![url.clone().into()]).await?;
        // The image request, were it allowed, starts as soon as the element has a source.
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(())
    })
    .await?;

    assert_eq!(server.connections(), 0, "the webview loaded {url}");
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn csp_blocks_inline_scripts() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let inject = "const script = document.createElement('script');
            script.textContent = 'window.inlineScriptRan = true;';
            document.body.appendChild(script);";
        session.client.execute(inject, vec![]).await?;

        let ran = session.client.execute("return window.inlineScriptRan === true;", vec![]).await?;
        assert_eq!(ran, serde_json::Value::Bool(false), "an inline script ran");
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn markup_in_query_shows_as_text() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let markup = "<img src=x onerror=window.injected=1><b>bold</b>";
        let field = session.client.find(Locator::Id("global-search")).await?;
        field.send_keys(markup).await?;
        field.send_keys(&fantoccini::key::Key::Enter.to_string()).await?;
        session.wait_for_heading("Search").await?;

        let text = session.main_text().await?;
        assert!(text.contains(markup), "the query is shown literally: {text}");
        let images = session.client.find_all(Locator::Css("main img, main b")).await?;
        assert!(images.is_empty(), "the query became {} element(s)", images.len());
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn webview_cannot_call_dialog_or_opener() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        let file = session.data_path().join("not-exported.pdf");
        std::fs::write(&file, b"%PDF-1.7\n")?;
        let path = file.display().to_string();
        let script = "const done = arguments[arguments.length - 1];
            window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
                .then(() => done('allowed'), (error) => done('rejected: ' + JSON.stringify(error)));";

        // The plugins are registered for the shell's own use, and no capability grants them.
        // open_memo opens only files that this window exported.
        let calls = [
            ("plugin:opener|open_path", serde_json::json!({ "path": path }), "not allowed"),
            ("plugin:dialog|save", serde_json::json!({ "options": {} }), "not allowed"),
            ("open_memo", serde_json::json!({ "path": path }), "was not exported"),
        ];
        for (command, arguments, reason) in calls {
            let outcome =
                session.client.execute_async(script, vec![command.into(), arguments]).await?;
            let outcome = outcome.as_str().unwrap_or_default().to_owned();
            assert!(outcome.starts_with("rejected"), "{command} was {outcome}");
            assert!(outcome.contains(reason), "{command} names why: {outcome}");
        }
        Ok(())
    })
    .await
}
