//! A page of terms served on 127.0.0.1, for tests in which the app's watcher checks a source.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The served terms: a heading and two numbered clauses inside `main`, a banner outside it.
pub const PAGE: &str = "<html><body><div class=\"banner\">Cookie banner</div><main>\
    <h1>Terms of Service</h1>\
    <p>1. You may not use the service to train, test or benchmark machine learning models.</p>\
    <p>2. We may suspend your account if you break these terms.</p></main></body></html>";

/// A server of [`PAGE`] that counts the responses it sends.
pub struct TermsServer {
    url: String,
    served: Arc<AtomicUsize>,
}

impl TermsServer {
    /// Starts serving [`PAGE`] to every request on a free port of 127.0.0.1.
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let served = Arc::new(AtomicUsize::new(0));
        let counter = served.clone();

        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let counter = counter.clone();
                tokio::spawn(async move {
                    let mut request = [0_u8; 4096];
                    let _ = stream.read(&mut request).await;
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n\
                         content-length: {}\r\nconnection: close\r\n\r\n{PAGE}",
                        PAGE.len()
                    );
                    if stream.write_all(response.as_bytes()).await.is_ok() {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        Ok(Self { url: format!("http://{address}/terms"), served })
    }

    /// Returns the page's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns how many responses were sent.
    pub fn served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}
