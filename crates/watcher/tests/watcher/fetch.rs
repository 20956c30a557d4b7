use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use clausewatch_watcher::charset::decode_body;
use clausewatch_watcher::fetch::{
    Clock, FetchConfig, FetchError, FetchOutcome, Fetcher, USER_AGENT, parse_retry_after,
};

use crate::server::{Response, TestServer};

struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn fetched_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 28, 0, 30, 15).unwrap()
}

/// Returns a configuration with short waits, so the tests run in seconds.
fn quick_config() -> FetchConfig {
    FetchConfig {
        per_origin_delay: Duration::ZERO,
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        total_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::with_clock(config, Arc::new(FixedClock(fetched_at()))).unwrap()
}

fn github_terms() -> Vec<u8> {
    let path = crate::corpus::data_dir()
        .join("snapshots/GitHub/Terms of Service/2026-04-28T00-30-15Z.html");
    std::fs::read(path).expect("GitHub snapshot is readable")
}

fn fetched(outcome: FetchOutcome) -> clausewatch_watcher::fetch::FetchEvidence {
    match outcome {
        FetchOutcome::Fetched(evidence) => evidence,
        FetchOutcome::Unchanged(_) => panic!("expected a body, got 304"),
    }
}

#[tokio::test]
async fn fetch_returns_full_evidence() {
    let body = github_terms();
    let served = body.clone();
    let server = TestServer::start(move |_| {
        Response::new(200, served.clone())
            .header("Content-Type", "text/html; charset=utf-8")
            .header("ETag", "\"v1\"")
            .header("X-Internal", "not kept")
    });

    let evidence = fetched(fetcher(quick_config()).fetch(&server.url("/tos"), None).await.unwrap());

    assert_eq!(evidence.status, 200);
    assert_eq!(evidence.url, server.url("/tos"));
    assert_eq!(evidence.final_url, server.url("/tos"));
    assert_eq!(evidence.body, body);
    // The snapshot's digest, as recorded in the corpus manifest.
    // The snapshot's digest as the corpus manifest records it.
    assert_eq!(evidence.sha256, "610460507af6f60333f6195921a4e0d9629d1fea528d1220cda7340159b5b46b");
    assert_eq!(evidence.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(evidence.header("etag"), Some("\"v1\""));
    assert_eq!(evidence.header("x-internal"), None);
    assert_eq!(evidence.fetched_at, fetched_at());
    let requests = server.requests_to("/tos");
    assert_eq!(requests[0].headers["user-agent"], USER_AGENT);
    assert!(USER_AGENT.starts_with("Clausewatch/0."));
}

#[tokio::test]
async fn unchanged_page_answers_304() {
    let server = TestServer::start(|request| {
        if request.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            return Response::new(304, "").header("ETag", "\"v1\"");
        }
        Response::new(200, "<p>Terms</p>")
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Tue, 28 Apr 2026 00:00:00 GMT")
    });
    let fetcher = fetcher(quick_config());

    let first = fetched(fetcher.fetch(&server.url("/tos"), None).await.unwrap());
    let second = fetcher.fetch(&server.url("/tos"), Some(&first.validators())).await.unwrap();

    let FetchOutcome::Unchanged(evidence) = second else { panic!("expected 304, got {second:?}") };
    assert_eq!(evidence.status, 304);
    assert!(evidence.body.is_empty());
    let requests = server.requests_to("/tos");
    assert_eq!(requests[1].headers["if-none-match"], "\"v1\"");
    assert_eq!(requests[1].headers["if-modified-since"], "Tue, 28 Apr 2026 00:00:00 GMT");
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            return Response::new(429, "slow down").header("Retry-After", "1");
        }
        Response::new(200, "<p>Terms</p>")
    });

    let evidence = fetched(fetcher(quick_config()).fetch(&server.url("/tos"), None).await.unwrap());

    assert_eq!(evidence.status, 200);
    let requests = server.requests_to("/tos");
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}, Retry-After asked 1 s");
}

#[tokio::test]
async fn persistent_503_is_retried_then_returned() {
    let server = TestServer::start(|_| Response::new(503, "down"));
    let config = FetchConfig { max_retries: 2, ..quick_config() };

    let evidence = fetched(fetcher(config).fetch(&server.url("/tos"), None).await.unwrap());

    assert_eq!(evidence.status, 503);
    assert_eq!(server.requests_to("/tos").len(), 3, "one attempt and two retries");
}

#[tokio::test]
async fn retry_after_beyond_cap_is_not_waited() {
    let server = TestServer::start(|_| Response::new(503, "down").header("Retry-After", "3600"));

    let started = Instant::now();
    let evidence = fetched(fetcher(quick_config()).fetch(&server.url("/tos"), None).await.unwrap());

    assert_eq!(evidence.status, 503);
    assert_eq!(server.requests_to("/tos").len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn not_found_is_not_retried() {
    let server = TestServer::start(|_| Response::new(404, "<h1>Not found</h1>"));

    let evidence =
        fetched(fetcher(quick_config()).fetch(&server.url("/gone"), None).await.unwrap());

    assert_eq!(evidence.status, 404);
    assert_eq!(server.requests_to("/gone").len(), 1);
}

#[tokio::test]
async fn body_over_limit_is_refused_while_streaming() {
    let server = TestServer::start(|_| {
        // No Content-Length: the limit must hold on the bytes as they arrive.
        let mut response = Response::new(200, vec![b'a'; 300 * 1024]);
        response.with_length = false;
        response
    });
    let config = FetchConfig { max_body_bytes: 100 * 1024, ..quick_config() };

    let error = fetcher(config).fetch(&server.url("/huge"), None).await.unwrap_err();

    assert!(matches!(error, FetchError::BodyTooLarge { limit: 102_400, .. }), "got {error}");
}

#[tokio::test]
async fn declared_length_over_limit_is_refused() {
    let server = TestServer::start(|_| Response::new(200, vec![b'a'; 300 * 1024]));
    let config = FetchConfig { max_body_bytes: 100 * 1024, ..quick_config() };

    let error = fetcher(config).fetch(&server.url("/huge"), None).await.unwrap_err();

    assert!(matches!(error, FetchError::BodyTooLarge { .. }), "got {error}");
}

#[tokio::test]
async fn redirect_loop_is_stopped() {
    let server = TestServer::start(|request| {
        let next = if request.path == "/a" { "/b" } else { "/a" };
        Response::new(302, "").header("Location", next)
    });
    let config = FetchConfig { max_redirects: 5, ..quick_config() };

    let error = fetcher(config).fetch(&server.url("/a"), None).await.unwrap_err();

    assert!(matches!(error, FetchError::TooManyRedirects { limit: 5, .. }), "got {error}");
    assert_eq!(server.requests_to("/a").len() + server.requests_to("/b").len(), 6);
}

#[tokio::test]
async fn redirect_is_followed_to_final_url() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/old" => Response::new(301, "").header("Location", "/new"),
        _ => Response::new(200, "<p>Terms</p>"),
    });

    let evidence = fetched(fetcher(quick_config()).fetch(&server.url("/old"), None).await.unwrap());

    assert_eq!(evidence.url, server.url("/old"));
    assert_eq!(evidence.final_url, server.url("/new"));
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = TestServer::start(|_| {
        let mut response = Response::new(200, "<p>late</p>");
        response.delay = Duration::from_secs(2);
        response
    });
    let config =
        FetchConfig { total_timeout: Duration::from_millis(300), max_retries: 1, ..quick_config() };

    let error = fetcher(config).fetch(&server.url("/slow"), None).await.unwrap_err();

    assert!(matches!(error, FetchError::TimedOut { attempt: 2, .. }), "got {error}");
}

#[tokio::test]
async fn refused_connection_is_a_transport_error() {
    // Bind then drop a listener: the port is then closed on 127.0.0.1.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = FetchConfig { max_retries: 0, ..quick_config() };

    let error =
        fetcher(config).fetch(&format!("http://127.0.0.1:{port}/"), None).await.unwrap_err();

    assert!(matches!(error, FetchError::Transport { attempts: 1, .. }), "got {error}");
}

#[tokio::test]
async fn same_origin_requests_are_spaced() {
    let server = TestServer::start(|_| Response::new(200, "<p>Terms</p>"));
    let config = FetchConfig { per_origin_delay: Duration::from_millis(400), ..quick_config() };
    let fetcher = fetcher(config);

    let (one_url, two_url) = (server.url("/one"), server.url("/two"));
    let (first, second) =
        tokio::join!(fetcher.fetch(&one_url, None), fetcher.fetch(&two_url, None));
    first.unwrap();
    second.unwrap();

    let one = server.requests_to("/one")[0].received_at;
    let two = server.requests_to("/two")[0].received_at;
    let gap = if one > two { one - two } else { two - one };
    assert!(gap >= Duration::from_millis(390), "gap {gap:?}, delay 400 ms");
}

#[tokio::test]
async fn unsupported_scheme_is_rejected() {
    let error = fetcher(quick_config()).fetch("file:///etc/hostname", None).await.unwrap_err();

    assert!(matches!(error, FetchError::InvalidUrl { .. }), "got {error}");
}

#[tokio::test]
async fn undeclared_charset_page_decodes() {
    let text = "Conditions générales: les données sont traitées conformément à la loi. \
                Résiliation à tout moment; aucune pénalité n'est prévue.";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let served = bytes.into_owned();
    let server = TestServer::start(move |_| {
        Response::new(200, served.clone()).header("Content-Type", "text/html")
    });

    let evidence = fetched(fetcher(quick_config()).fetch(&server.url("/cgu"), None).await.unwrap());
    let decoded = decode_body(&evidence.body, evidence.content_type.as_deref());

    assert_eq!(decoded.text, text);
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    let now = std::time::UNIX_EPOCH + Duration::from_secs(1_000_000_000);

    assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
    // 1_000_000_000 s after the epoch is Sun, 09 Sep 2001 01:46:40 GMT.
    assert_eq!(
        parse_retry_after("Sun, 09 Sep 2001 01:47:40 GMT", now),
        Some(Duration::from_secs(60))
    );
    assert_eq!(parse_retry_after("Sun, 09 Sep 2001 01:00:00 GMT", now), Some(Duration::ZERO));
    assert_eq!(parse_retry_after("soon", now), None);
}

/// Returns a URL on 127.0.0.1 whose port was just closed, so connecting to it is refused.
fn closed_port_url(path: &str) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    format!("http://127.0.0.1:{port}{path}")
}

#[tokio::test]
async fn redirect_to_dead_address_names_it() {
    let target = closed_port_url("/moved");
    let location = target.clone();
    let server = TestServer::start(move |_| Response::new(302, "").header("Location", &location));
    let config = FetchConfig { max_retries: 0, ..quick_config() };
    let original = server.url("/terms");

    let error = fetcher(config).fetch(&original, None).await.unwrap_err();

    let FetchError::Transport { url, redirected_from, .. } = &error else {
        panic!("expected a transport error, got {error}");
    };
    assert_eq!(url, &target);
    assert_eq!(redirected_from.as_deref(), Some(original.as_str()));
    let message = error.to_string();
    assert!(message.starts_with(&format!("fetching {target} (redirected from {original})")));
}

#[tokio::test]
async fn redirect_to_other_scheme_is_rejected() {
    let server =
        TestServer::start(|_| Response::new(301, "").header("Location", "ftp://127.0.0.1/terms"));

    let error = fetcher(quick_config()).fetch(&server.url("/terms"), None).await.unwrap_err();

    let FetchError::InvalidRedirect { url, location, .. } = &error else {
        panic!("expected an invalid redirect, got {error}");
    };
    assert_eq!(url, &server.url("/terms"));
    assert_eq!(location, "ftp://127.0.0.1/terms");
}

#[tokio::test]
async fn redirect_with_credentials_is_rejected() {
    let server = TestServer::start(|request| {
        if request.path != "/terms" {
            return Response::new(200, "<p>terms</p>");
        }
        let host = request.headers.get("host").cloned().unwrap_or_default();
        Response::new(302, "").header("Location", &format!("http://user:secret@{host}/t"))
    });

    let error = fetcher(quick_config()).fetch(&server.url("/terms"), None).await.unwrap_err();

    let FetchError::InvalidRedirect { location, reason, .. } = &error else {
        panic!("expected an invalid redirect, got {error}");
    };
    assert!(location.contains("user:secret@"), "{location}");
    assert!(reason.contains("user name or password"), "{reason}");
    assert_eq!(server.requests_to("/t").len(), 0, "the address with credentials is not fetched");
}

/// Returns a server that responds to every request after 10 s, longer than any test waits.
fn hanging_server() -> TestServer {
    TestServer::start(|_| {
        let mut response = Response::new(200, "<p>late</p>");
        response.delay = Duration::from_secs(10);
        response
    })
}

#[tokio::test]
async fn hanging_page_stops_at_fetch_deadline() {
    let server = hanging_server();
    let config = FetchConfig {
        total_timeout: Duration::from_secs(5),
        max_retries: 3,
        max_fetch_time: Duration::from_millis(1500),
        ..quick_config()
    };

    let started = Instant::now();
    let error = fetcher(config).fetch(&server.url("/hang"), None).await.unwrap_err();
    let elapsed = started.elapsed();

    assert!(elapsed >= Duration::from_millis(1400), "stopped early, after {elapsed:?}");
    // Well below the 5 s one attempt may take: the fetch deadline stopped it.
    assert!(elapsed < Duration::from_millis(3500), "took {elapsed:?} of 1.5 s allowed");
    let FetchError::OutOfTime { url, allowed, attempts, .. } = &error else {
        panic!("expected the fetch deadline, got {error}");
    };
    assert_eq!(url, &server.url("/hang"));
    assert_eq!(*allowed, Duration::from_millis(1500));
    assert_eq!(*attempts, 1);
    assert_eq!(server.requests_to("/hang").len(), 1);
}

#[tokio::test]
async fn retries_share_the_fetch_deadline() {
    let server = TestServer::start(|_| Response::new(503, "down"));
    let config = FetchConfig {
        max_retries: 10,
        base_backoff: Duration::from_millis(400),
        max_backoff: Duration::from_millis(400),
        max_fetch_time: Duration::from_millis(1000),
        ..quick_config()
    };

    let started = Instant::now();
    let evidence = fetched(fetcher(config).fetch(&server.url("/down"), None).await.unwrap());

    assert_eq!(evidence.status, 503, "the last response is returned");
    // Eleven attempts with 200-400 ms waits would take more than 2 s without the deadline.
    assert!(started.elapsed() < Duration::from_millis(2000), "took {:?}", started.elapsed());
    let requests = server.requests_to("/down").len();
    assert!((2..=5).contains(&requests), "{requests} requests in 1 s with 200-400 ms waits");
}

#[tokio::test]
async fn cut_retry_returns_earlier_response() {
    // The first request gets a 503 at once. The retry hangs past the 1 s deadline.
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        if counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            return Response::new(503, "down");
        }
        let mut response = Response::new(200, "<p>late</p>");
        response.delay = Duration::from_secs(10);
        response
    });
    let config = FetchConfig {
        max_retries: 3,
        max_fetch_time: Duration::from_millis(1000),
        ..quick_config()
    };

    let outcome = fetcher(config).fetch(&server.url("/down"), None).await;

    let evidence = fetched(outcome.expect("the 503 answer, not a timeout"));
    assert_eq!(evidence.status, 503);
    assert_eq!(evidence.body, b"down");
    assert_eq!(server.requests_to("/down").len(), 2);
}

#[tokio::test]
async fn silent_site_queued_pages_fail() {
    // "/hang" sends no response within its 0.5 s, and "/a" and "/b" queue behind it on the
    // site's one request slot. Once "/hang" times out they fail at once instead of waiting.
    let server = TestServer::start(|request| {
        let mut response = Response::new(200, "<p>page</p>");
        if request.path == "/hang" {
            response.delay = Duration::from_secs(10);
        }
        response
    });
    let config = FetchConfig {
        per_origin_concurrency: 1,
        max_retries: 0,
        total_timeout: Duration::from_millis(500),
        max_fetch_time: Duration::from_millis(500),
        ..quick_config()
    };
    let fetcher = Arc::new(fetcher(config));

    let hanging = {
        let (fetcher, url) = (fetcher.clone(), server.url("/hang"));
        tokio::spawn(async move { fetcher.fetch(&url, None).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (url_a, url_b) = (server.url("/a"), server.url("/b"));
    let (a, b) = tokio::join!(fetcher.fetch(&url_a, None), fetcher.fetch(&url_b, None));
    let hanging = hanging.await.expect("task joins");

    assert!(hanging.is_err(), "the hanging page times out");
    for (path, result) in [("/a", a), ("/b", b)] {
        let error = result.expect_err("a queued page of the silent site fails");
        let FetchError::SiteSilent { url, origin } = &error else {
            panic!("expected the silent-site failure for {path}, got {error}");
        };
        assert_eq!(url, &server.url(path));
        assert_eq!(format!("{origin}/"), server.url("/"));
        assert!(server.requests_to(path).is_empty(), "{path} was not requested");
    }

    // The next page asked for after the failure is requested again.
    let later = fetched(fetcher.fetch(&server.url("/a"), None).await.expect("site asked again"));
    assert_eq!(later.status, 200);
    assert_eq!(server.requests_to("/a").len(), 1);
}

#[tokio::test]
async fn wait_behind_same_site_does_not_use_the_deadline() {
    // "/flaky" fails once. Its retry queues behind two slow pages of the same site, which
    // hold the site's only request slot for 1.2 s each: 2.4 s, more than the 2 s a page may
    // take. Each slow page keeps 0.8 s of its own 2 s for a loaded machine.
    let flaky_calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let calls = flaky_calls.clone();
    let server = TestServer::start(move |request| match request.path.as_str() {
        "/slow-1" | "/slow-2" => {
            let mut response = Response::new(200, "<p>slow</p>");
            response.delay = Duration::from_millis(1200);
            response
        }
        _ if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => {
            Response::new(503, "busy")
        }
        _ => Response::new(200, "<p>flaky</p>"),
    });
    let config = FetchConfig {
        per_origin_concurrency: 1,
        max_fetch_time: Duration::from_millis(2000),
        ..quick_config()
    };
    let fetcher = Arc::new(fetcher(config));

    let flaky = {
        let fetcher = fetcher.clone();
        let url = server.url("/flaky");
        tokio::spawn(async move { fetcher.fetch(&url, None).await })
    };
    // The first attempt of "/flaky" is answered before the slow pages take the slot.
    tokio::time::sleep(Duration::from_millis(10)).await;
    let (first_url, second_url) = (server.url("/slow-1"), server.url("/slow-2"));
    let (slow_1, slow_2) =
        tokio::join!(fetcher.fetch(&first_url, None), fetcher.fetch(&second_url, None));
    let flaky = flaky.await.expect("task joins");

    assert_eq!(fetched(slow_1.expect("first slow page fetched")).status, 200);
    assert_eq!(fetched(slow_2.expect("second slow page fetched")).status, 200);
    assert_eq!(fetched(flaky.expect("flaky page fetched on retry")).status, 200);
    assert_eq!(server.requests_to("/flaky").len(), 2);
}

/// A log writer that appends to a shared buffer.
#[derive(Clone, Default)]
struct LogBuffer(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn waiting_attempt_is_reported() {
    let server = hanging_server();
    let config = FetchConfig {
        max_fetch_time: Duration::from_millis(700),
        progress_interval: Duration::from_millis(200),
        ..quick_config()
    };
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .finish();

    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let error = runtime.block_on(fetcher(config).fetch(&server.url("/hang"), None));
        assert!(error.is_err());
    });

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let waiting: Vec<&str> = logs.lines().filter(|line| line.contains("still waiting")).collect();
    assert!(waiting.len() >= 2, "a line every 200 ms for 700 ms: {logs}");
    assert!(waiting[0].contains(&server.url("/hang")), "{logs}");
    assert!(waiting[0].contains("attempt=1"), "{logs}");
    assert!(waiting[0].contains(clausewatch_watcher::fetch::PROGRESS_TARGET), "{logs}");
}
