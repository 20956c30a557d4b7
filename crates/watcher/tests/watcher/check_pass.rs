//! The check pass against a real HTTP server on 127.0.0.1 and a real SQLite file: what is
//! recorded as a version, what is kept only as evidence, and what each guard refuses.

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::checks::CheckRecord;
use clausewatch_store::queries::ChangeFilter;
use clausewatch_store::sources::{NewSource, SourcePage};
use clausewatch_watcher::checker::{CheckConfig, Checker, PassReport};
use clausewatch_watcher::fetch::{Clock, FetchConfig, Fetcher};
use clausewatch_watcher::notify::{NotifySettings, notifications};
use clausewatch_watcher::reextract::reextract;
use clausewatch_watcher::source::css_page;
use clausewatch_watcher::source_form::{SourceForm, save_source};
use sha2::{Digest, Sha256};

use crate::server::{Request, Response, TestServer};

type Route = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A store, a checker and a server whose responses the test replaces between checks.
pub struct Harness {
    _dir: tempfile::TempDir,
    pub store: Arc<Mutex<Store>>,
    pub checker: Arc<Checker>,
    pub server: TestServer,
    route: Arc<Mutex<Route>>,
}

impl Harness {
    pub fn new(select: &[&str], fetch: FetchConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        let route: Arc<Mutex<Route>> =
            Arc::new(Mutex::new(Arc::new(|_: &Request| Response::new(404, "none"))));
        let current = route.clone();
        let server = TestServer::start(move |request| {
            let route = current.lock().unwrap().clone();
            route(request)
        });

        let store = Arc::new(Mutex::new(store));
        let select: Vec<String> = select.iter().map(|s| (*s).to_owned()).collect();
        let source = NewSource {
            platform: "Example".into(),
            document: "Terms of Service".into(),
            pages: vec![css_page(&server.url("/terms"), &select, &[])],
            interval_seconds: 6 * 3600,
            origin: "cli".into(),
        };
        store.lock().unwrap().put_source(&source, "tester", at(0)).unwrap();

        let fetcher = Fetcher::with_clock(fetch, Arc::new(FixedClock(at(0)))).unwrap();
        let config = CheckConfig {
            refetch_delay: Duration::from_millis(50),
            jitter: 0.0,
            ..CheckConfig::default()
        };
        let checker = Arc::new(Checker::new(store.clone(), Arc::new(fetcher), config));
        Self { _dir: dir, store, checker, server, route }
    }

    /// Serves `route` from now on.
    pub fn serve(&self, route: impl Fn(&Request) -> Response + Send + Sync + 'static) {
        *self.route.lock().unwrap() = Arc::new(route);
    }

    /// Serves `body` as UTF-8 HTML from now on.
    pub fn serve_html(&self, body: Vec<u8>) {
        self.serve(move |_| {
            Response::new(200, body.clone()).header("Content-Type", "text/html; charset=utf-8")
        });
    }

    /// Checks the source at `hours` after the start.
    pub async fn check(&self, hours: i64) -> CheckRecord {
        let source = self.store.lock().unwrap().sources_matching(None, None).unwrap().remove(0);
        self.checker.check_source(&source, at(hours)).await.unwrap()
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.store.lock().unwrap().connection().query_row(sql, [], |row| row.get(0)).unwrap()
    }
}

pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap() + chrono::Duration::hours(hours)
}

pub fn quick_fetch() -> FetchConfig {
    FetchConfig {
        per_origin_delay: Duration::ZERO,
        max_retries: 0,
        total_timeout: Duration::from_secs(2),
        max_body_bytes: 1024 * 1024,
        ..FetchConfig::default()
    }
}

fn snapshot(path: &str) -> Vec<u8> {
    std::fs::read(crate::corpus::data_dir().join("snapshots").join(path)).unwrap()
}

/// Returns terms with `sections` numbered sections of about thirty words each.
pub fn terms(sections: usize, variant: &str) -> Vec<u8> {
    let mut html = String::from("<html><head><title>Terms</title></head><body><nav>Menu</nav>");
    html.push_str("<main id=\"terms\">");
    for number in 1..=sections {
        html.push_str(&format!(
            "<h2>{number}. Section {number}</h2><p>The service provider and the user agree that \
             section {number} governs {variant} obligations, including notice, liability, data \
             retention and the resolution of disputes under applicable law.</p>"
        ));
    }
    html.push_str("</main></body></html>");
    html.into_bytes()
}

fn versions(harness: &Harness) -> i64 {
    harness.count("SELECT count(*) FROM versions")
}

#[tokio::test]
async fn first_check_records_version_with_evidence() {
    let harness = Harness::new(&["#article-contents"], quick_fetch());
    let page = snapshot("GitHub/Terms of Service/2025-09-20T12-30-15Z.html");
    harness.serve_html(page.clone());

    let record = harness.check(0).await;

    assert_eq!(record.outcome, "changed");
    assert_eq!(versions(&harness), 1);
    let store = harness.store.lock().unwrap();
    let (version_id, _, content) = store.latest_version(1).unwrap().unwrap();
    assert!(content.starts_with("Thank you for using GitHub!"), "{}", &content[..80]);
    let snapshots = store.version_snapshots(version_id).unwrap();
    assert_eq!(snapshots.len(), 1);
    let expected_sha: String =
        Sha256::digest(&page).iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(snapshots[0].body_sha256, expected_sha);
    assert_eq!(snapshots[0].status, 200);
    assert_eq!(snapshots[0].url, harness.server.url("/terms"));
    assert_eq!(snapshots[0].header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(store.snapshot_body(&expected_sha).unwrap(), page);
    let stored_gzip: Vec<u8> = store
        .connection()
        .query_row("SELECT gzip FROM snapshot_bodies", [], |row| row.get(0))
        .unwrap();
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(stored_gzip.as_slice()).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, page, "the body is stored gzip-compressed");
    assert!(stored_gzip.len() < page.len() / 3);
}

#[tokio::test]
async fn pass_leaves_log_empty_and_checkpoints_on() {
    let harness = Harness::new(&["#article-contents"], quick_fetch());
    harness.serve_html(snapshot("GitHub/Terms of Service/2025-09-20T12-30-15Z.html"));
    let sources = harness.store.lock().unwrap().sources_matching(None, None).unwrap();

    let report = harness.checker.check_sources(sources, at(0)).await;

    assert_eq!(report.records.len(), 1);
    assert_eq!(report.records[0].outcome, "changed");
    let store = harness.store.lock().unwrap();
    let mut log = store.path().as_os_str().to_owned();
    log.push("-wal");
    let log_bytes = std::fs::metadata(&log).map_or(0, |metadata| metadata.len());
    assert_eq!(log_bytes, 0, "the pass's last checkpoint truncates the log");
    assert_eq!(store.auto_checkpoint().unwrap(), 1000, "automatic checkpoints are back on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopped_pass_reports_recorded_checks() {
    // The slow page responds long after the fast one is recorded, however loaded the machine.
    let patient = FetchConfig {
        total_timeout: Duration::from_secs(300),
        max_fetch_time: Duration::from_secs(300),
        ..quick_fetch()
    };
    let harness = Harness::new(&[], patient);
    harness.serve_html(terms(4, "fast"));
    // Another origin, so that the per-origin limit does not queue the fast page behind it.
    let slow_server = TestServer::start(|_| Response {
        delay: Duration::from_secs(120),
        ..Response::new(200, terms(4, "slow")).header("Content-Type", "text/html")
    });
    let slow = NewSource {
        platform: "Slow".into(),
        document: "Terms of Service".into(),
        pages: vec![css_page(&slow_server.url("/terms"), &[], &[])],
        interval_seconds: 6 * 3600,
        origin: "cli".into(),
    };
    harness.store.lock().unwrap().put_source(&slow, "tester", at(0)).unwrap();
    let sources = harness.store.lock().unwrap().sources_matching(None, None).unwrap();
    let stop = tokio_util::sync::CancellationToken::new();

    // Stop the pass once the fast source is recorded, while the slow one still waits.
    let canceller = {
        let stop = stop.clone();
        let store = harness.store.clone();
        tokio::spawn(async move {
            loop {
                let recorded: i64 = store
                    .lock()
                    .unwrap()
                    .connection()
                    .query_row("SELECT count(*) FROM versions", [], |row| row.get(0))
                    .unwrap();
                if recorded > 0 {
                    stop.cancel();
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };
    let report = harness.checker.check_sources_until(sources, at(0), &stop).await;
    canceller.await.unwrap();

    assert_eq!(report.records.len(), 1);
    assert_eq!(report.records[0].platform, "Example");
    assert_eq!(report.stopped, 1);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

#[tokio::test]
async fn real_change_is_recorded_with_changes() {
    let harness = Harness::new(&["#article-contents"], quick_fetch());
    harness.serve_html(snapshot("GitHub/Terms of Service/2025-09-20T12-30-15Z.html"));
    harness.check(0).await;
    harness.serve_html(snapshot("GitHub/Terms of Service/2026-04-28T00-30-15Z.html"));

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "changed");
    assert_eq!(versions(&harness), 2);
    // The 2026 terms add section J on AI features, a change of wording.
    assert!(record.substantive_changes > 0);
    assert!(record.top_change.is_some());
    let statuses = harness.store.lock().unwrap().source_statuses().unwrap();
    assert_eq!(statuses[0].last_changed_at.as_deref(), Some("2026-05-01T15:00:00Z"));
    assert_eq!(statuses[0].next_check_at, "2026-05-01T21:00:00Z");
}

#[tokio::test]
async fn unchanged_page_records_nothing() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "unchanged");
    assert_eq!(record.version_id, None);
    assert_eq!(versions(&harness), 1);
}

#[tokio::test]
async fn not_modified_records_nothing() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let page = terms(6, "general");
    harness.serve(move |request| {
        if request.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            return Response::new(304, Vec::new()).header("ETag", "\"v1\"");
        }
        Response::new(200, page.clone()).header("ETag", "\"v1\"")
    });
    harness.check(0).await;

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "unchanged");
    assert_eq!(versions(&harness), 1);
    let requests = harness.server.requests_to("/terms");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].headers.get("if-none-match").map(String::as_str), Some("\"v1\""));
}

#[tokio::test]
async fn each_guard_records_no_version() {
    let long = "word ".repeat(300_000);
    let cases: Vec<(&str, FetchConfig, Route, &str)> = vec![
        (
            "selector matches nothing",
            quick_fetch(),
            Arc::new(|_: &Request| {
                Response::new(200, b"<html><body><p>Other page</p></body></html>".to_vec())
            }),
            "#terms",
        ),
        (
            "boilerplate only",
            quick_fetch(),
            Arc::new(|_: &Request| {
                Response::new(200, b"<html><body><main id=\"terms\">Cookie settings. All rights reserved.</main></body></html>".to_vec())
            }),
            "only boilerplate",
        ),
        (
            "HTTP error",
            quick_fetch(),
            Arc::new(|_: &Request| Response::new(500, terms(6, "x"))),
            "HTTP 500",
        ),
        (
            "bot wall",
            quick_fetch(),
            Arc::new(|_: &Request| {
                Response::new(200, b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>".to_vec())
            }),
            "bot wall",
        ),
        (
            "timeout",
            FetchConfig { total_timeout: Duration::from_millis(300), ..quick_fetch() },
            Arc::new(|_: &Request| {
                let mut response = Response::new(200, terms(6, "x"));
                response.delay = Duration::from_secs(2);
                response
            }),
            "timed out",
        ),
        (
            "redirect loop",
            quick_fetch(),
            Arc::new(|_: &Request| Response::new(302, Vec::new()).header("Location", "/terms")),
            "redirects",
        ),
        (
            "body over the limit",
            quick_fetch(),
            Arc::new(move |_: &Request| Response::new(200, long.clone().into_bytes())),
            "exceeds the limit",
        ),
    ];

    for (name, fetch, route, expected) in cases {
        let harness = Harness::new(&["#terms"], fetch);
        harness.serve(move |request| route(request));

        let record = harness.check(0).await;

        assert_eq!(record.outcome, "failed", "{name}");
        let reason = record.reason.clone().unwrap_or_default();
        assert!(reason.contains(expected), "{name}: reason {reason:?} lacks {expected:?}");
        assert_eq!(versions(&harness), 0, "{name}");
        assert_eq!(record.consecutive_failures, 1, "{name}");
    }
}

#[tokio::test]
async fn error_status_with_last_body_fails() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    let page = terms(6, "general");
    harness.serve(move |_| Response::new(410, page.clone()).header("Content-Type", "text/html"));

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("HTTP 410"), "{reason}");
    assert_eq!(record.consecutive_failures, 1);
    assert_eq!(versions(&harness), 1);
}

#[tokio::test]
async fn body_cut_off_records_no_version() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    // The changed page, cut at a third, without a Content-Length to show it.
    let changed = terms(6, "amended");
    let cut = changed[..changed.len() / 3].to_vec();
    harness.serve(move |_| {
        let mut response = Response::new(200, cut.clone()).header("Content-Type", "text/html");
        response.with_length = false;
        response
    });

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("probably cut off"), "{reason}");
    assert_eq!(versions(&harness), 1);
    let snapshots = harness.count("SELECT count(*) FROM snapshots");
    assert_eq!(snapshots, 2, "the cut response is kept as evidence");
}

#[tokio::test]
async fn truncated_page_with_length_records_no_version() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    // A cache that stored part of the changed page sends it with a matching Content-Length.
    let changed = terms(6, "amended");
    harness.serve_html(changed[..changed.len() / 3].to_vec());

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    assert!(record.reason.unwrap_or_default().contains("probably cut off"));
    assert_eq!(versions(&harness), 1);
}

#[tokio::test]
async fn page_cut_after_a_paragraph_records_no_version() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let page = String::from_utf8(terms(6, "general")).expect("UTF-8");
    harness.serve_html(page.clone().into_bytes());
    harness.check(0).await;
    // The same page cut right after its fourth paragraph, so it ends after a tag.
    let fourth_end = page.match_indices("</p>").nth(3).expect("six paragraphs").0 + "</p>".len();
    let cut = page.as_bytes()[..fourth_end].to_vec();
    harness.serve(move |_| {
        let mut response = Response::new(200, cut.clone()).header("Content-Type", "text/html");
        response.with_length = false;
        response
    });

    for hours in [7, 14] {
        let record = harness.check(hours).await;

        assert_eq!(record.outcome, "failed");
        let reason = record.reason.unwrap_or_default();
        assert!(reason.contains(&format!("the first {fourth_end} of the")), "{reason}");
        assert_eq!(versions(&harness), 1);
    }
}

#[tokio::test]
async fn cut_page_with_new_token_fails() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let page = String::from_utf8(terms(6, "general")).expect("UTF-8");
    let with_token = |token: &str| {
        page.replace("<title>", &format!("<meta name=\"csrf-token\" content=\"{token}\"><title>"))
    };
    harness.serve_html(with_token("aaaa1111").into_bytes());
    harness.check(0).await;
    // Each fetch carries a new token, so the cut page is no byte prefix of the last fetch.
    let next = with_token("bbbb2222");
    let fourth_end = next.match_indices("</p>").nth(3).expect("six paragraphs").0 + "</p>".len();
    harness.serve_html(next.as_bytes()[..fourth_end].to_vec());

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("characters of the latest version"), "{reason}");
    assert_eq!(versions(&harness), 1);
}

#[tokio::test]
async fn page_that_really_got_shorter_is_recorded() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    // The last two sections are gone, but the page ends as complete pages do.
    harness.serve_html(terms(4, "general"));

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "changed");
    assert_eq!(versions(&harness), 2);
}

#[tokio::test]
async fn partial_content_records_no_version() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve(|_| {
        Response::new(206, terms(6, "general"))
            .header("Content-Type", "text/html")
            .header("Content-Range", "bytes 0-99/5000")
    });

    let record = harness.check(0).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("206 Partial Content"), "{reason}");
    assert_eq!(versions(&harness), 0);
}

#[tokio::test]
async fn page_without_charset_is_decoded() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let mut page = terms(4, "general");
    // "Résiliation" in windows-1252, with no charset in the header or the page.
    page.splice(
        page.len() - 21..page.len() - 21,
        b"<p>R\xe9siliation du contrat par le fournisseur.</p>".iter().copied(),
    );
    harness.serve(move |_| Response::new(200, page.clone()).header("Content-Type", "text/html"));

    harness.check(0).await;

    let (_, _, content) = harness.store.lock().unwrap().latest_version(1).unwrap().unwrap();
    assert!(content.contains("Résiliation du contrat"), "{content}");
}

#[tokio::test]
async fn retry_after_is_waited_before_recording() {
    let fetch = FetchConfig { max_retries: 1, ..quick_fetch() };
    let harness = Harness::new(&["#terms"], fetch);
    let page = terms(5, "general");
    let seen = Arc::new(Mutex::new(0));
    harness.serve(move |_| {
        let mut seen = seen.lock().unwrap();
        *seen += 1;
        if *seen == 1 {
            return Response::new(503, "busy").header("Retry-After", "1");
        }
        Response::new(200, page.clone())
    });
    let started = Instant::now();

    let record = harness.check(0).await;

    assert_eq!(record.outcome, "changed");
    assert!(started.elapsed() >= Duration::from_secs(1));
    let requests = harness.server.requests_to("/terms");
    assert_eq!(requests.len(), 2);
    assert!(requests[1].received_at - requests[0].received_at >= Duration::from_secs(1));
}

#[tokio::test]
async fn long_retry_after_is_named_in_failure() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve(|_| Response::new(503, "busy").header("Retry-After", "3600"));

    let record = harness.check(0).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("HTTP 503"), "{reason}");
    assert!(reason.contains("asked to be tried again after 3600 seconds"), "{reason}");
    assert!(reason.contains("next scheduled check tries again"), "{reason}");
    assert_eq!(versions(&harness), 0);
}

#[tokio::test]
async fn clause_drop_is_recorded_when_refetch_agrees() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    harness.serve_html(terms(2, "general"));

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "changed");
    assert!(record.major);
    assert_eq!(versions(&harness), 2);
    assert_eq!(harness.server.requests_to("/terms").len(), 3, "one check, then a re-fetch");
}

#[tokio::test]
async fn return_after_clause_drop_is_recorded_at_once() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    harness.serve_html(terms(2, "general"));
    assert!(harness.check(7).await.major);
    harness.serve_html(terms(10, "general"));

    let record = harness.check(14).await;

    assert_eq!(record.outcome, "changed", "the full text is back, not a flip to wait out");
    assert_eq!(versions(&harness), 3);
}

#[tokio::test]
async fn redirect_to_another_page_with_fewer_clauses_fails() {
    let harness = Harness::new(&[], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    let sign_in = terms(2, "sign-in");
    harness.serve(move |request| {
        if request.path == "/terms" {
            return Response::new(302, Vec::new()).header("Location", "/login");
        }
        Response::new(200, sign_in.clone()).header("Content-Type", "text/html")
    });

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    assert!(reason.contains("/terms now leads to"), "{reason}");
    assert!(reason.contains("/login"), "{reason}");
    assert_eq!(versions(&harness), 1);
    assert_eq!(harness.server.requests_to("/login").len(), 1, "no re-fetch after the redirect");
}

/// Returns a marketing page with as many headings and paragraphs as `terms(10, ..)`, none of
/// them like a clause of the terms.
fn home_page() -> Vec<u8> {
    let products = [
        "Lantern", "Harbor", "Meadow", "Compass", "Orchard", "Beacon", "Willow", "Summit",
        "Canyon", "Juniper",
    ];
    let mut html = String::from("<html><head><title>Acme</title></head><body><main id=\"terms\">");
    for product in products {
        html.push_str(&format!(
            "<h2>Meet {product}</h2><p>{product} brings your photos, playlists and travel plans \
             together in one colourful app that friends love to open every morning.</p>"
        ));
    }
    html.push_str("</main></body></html>");
    html.into_bytes()
}

#[tokio::test]
async fn replaced_text_is_recorded_when_refetch_agrees() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    harness.serve_html(home_page());

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "changed");
    assert!(record.major, "a text that continues none of the clauses is a major change");
    assert_eq!(versions(&harness), 2);
    assert_eq!(harness.server.requests_to("/terms").len(), 3, "one check, then a re-fetch");
}

#[tokio::test]
async fn redirect_to_home_page_fails() {
    let harness = Harness::new(&[], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    harness.serve(move |request| {
        if request.path == "/terms" {
            return Response::new(301, Vec::new()).header("Location", "/home");
        }
        Response::new(200, home_page()).header("Content-Type", "text/html")
    });

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap_or_default();
    // The whole page is read: its menu is a clause too.
    assert!(reason.contains("continues only 0 of its 21 clauses"), "{reason}");
    assert!(reason.contains("/terms now leads to"), "{reason}");
    assert_eq!(versions(&harness), 1);
    assert_eq!(harness.server.requests_to("/home").len(), 1, "no re-fetch after the redirect");
}

#[tokio::test]
async fn invisible_differences_record_no_version() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let page = String::from_utf8(terms(6, "general")).expect("UTF-8");
    let invisible = page.replace("agree that", "agree\u{a0}that").replace("notice", "no\u{ad}tice");
    assert_ne!(invisible, page);
    harness.serve_html(page.clone().into_bytes());
    harness.check(0).await;

    for (hours, served) in [(7, &invisible), (14, &page), (21, &invisible)] {
        harness.serve_html(served.clone().into_bytes());

        let record = harness.check(hours).await;

        assert_eq!(record.outcome, "unchanged", "check at {hours} hours");
        assert!(!record.alternating_raised, "check at {hours} hours");
        assert_eq!(versions(&harness), 1, "check at {hours} hours");
    }
}

#[tokio::test]
async fn clause_drop_is_refused_when_refetch_differs() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(10, "general"));
    harness.check(0).await;
    let served = Arc::new(Mutex::new(0));
    harness.serve(move |_| {
        let mut served = served.lock().unwrap();
        *served += 1;
        Response::new(200, if *served == 1 { terms(2, "general") } else { terms(10, "general") })
    });

    let record = harness.check(7).await;

    assert_eq!(record.outcome, "failed");
    let reason = record.reason.unwrap();
    assert!(reason.contains("dropped from 20 to 4 clauses"), "{reason}");
    assert_eq!(versions(&harness), 1);
}

#[tokio::test]
async fn alternating_text_is_recorded_once_and_flagged_once() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let outcomes = [
        ("eu", "changed"),
        ("us", "changed"),
        ("eu", "alternating"),
        ("us", "unchanged"),
        ("eu", "alternating"),
    ];
    let mut raised = Vec::new();

    for (hour, (variant, expected)) in outcomes.iter().enumerate() {
        harness.serve_html(terms(6, variant));
        let record = harness.check(i64::try_from(hour).unwrap() * 7).await;
        assert_eq!(record.outcome, *expected, "check {hour}");
        raised.push(record.alternating_raised);
    }

    assert_eq!(versions(&harness), 2);
    assert_eq!(raised, [false, false, true, false, false]);
}

#[tokio::test]
async fn revert_that_stays_is_recorded() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let outcomes = [("eu", "changed"), ("us", "changed"), ("eu", "alternating"), ("eu", "changed")];

    for (hour, (variant, expected)) in outcomes.iter().enumerate() {
        harness.serve_html(terms(6, variant));
        let record = harness.check(i64::try_from(hour).unwrap() * 7).await;
        assert_eq!(record.outcome, *expected, "check {hour}");
    }

    // The second "eu" check in a row records the reverted text as the third version.
    assert_eq!(versions(&harness), 3);
    let status = harness.store.lock().unwrap().source_statuses().unwrap().remove(0);
    assert!(!status.alternating, "a recorded revert ends the alternation");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_recorded_by_other_check_is_unchanged() {
    let patient = FetchConfig { total_timeout: Duration::from_secs(60), ..quick_fetch() };
    let harness = Harness::new(&["#terms"], patient.clone());
    harness.serve_html(terms(6, "eu"));
    harness.check(0).await;
    // The first request of the new text is slow, so a second checker on its own connection to
    // the same store records that text while the first checker waits for it.
    let served = Arc::new(Mutex::new(0));
    let us = terms(6, "us");
    harness.serve(move |_| {
        let mut served = served.lock().unwrap();
        *served += 1;
        let delay = if *served == 1 { Duration::from_secs(3) } else { Duration::ZERO };
        Response { delay, ..Response::new(200, us.clone()).header("Content-Type", "text/html") }
    });
    let other_store = Arc::new(Mutex::new(Store::open_in(harness._dir.path()).unwrap()));
    let fetcher = Fetcher::with_clock(patient, Arc::new(FixedClock(at(0)))).unwrap();
    let config = CheckConfig { jitter: 0.0, ..CheckConfig::default() };
    let other = Checker::new(other_store.clone(), Arc::new(fetcher), config);
    let source = harness.store.lock().unwrap().sources_matching(None, None).unwrap().remove(0);

    let slow = {
        let checker = harness.checker.clone();
        let source = source.clone();
        tokio::spawn(async move { checker.check_source(&source, at(7)).await.unwrap() })
    };
    while harness.server.requests_to("/terms").len() < 2 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let fast = other.check_source(&source, at(7)).await.unwrap();
    let slow = slow.await.unwrap();

    assert_eq!(fast.outcome, "changed");
    assert_eq!(slow.outcome, "unchanged", "the page did not flip back");
    assert!(!slow.alternating_raised);
    assert_eq!(versions(&harness), 2);
    let status = harness.store.lock().unwrap().source_statuses().unwrap().remove(0);
    assert!(!status.alternating, "the source is not flagged as alternating");
}

#[tokio::test]
async fn repeated_failures_raise_attention_once() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve(|_| Response::new(500, "down"));
    let mut raised = Vec::new();

    for hour in 0..5 {
        raised.push(harness.check(hour * 7).await.attention_raised);
    }

    assert_eq!(raised, [false, false, true, false, false]);
    let status = harness.store.lock().unwrap().source_statuses().unwrap().remove(0);
    assert_eq!(status.consecutive_failures, 5);
    assert!(status.needs_attention);
    assert!(status.last_error.unwrap().contains("HTTP 500"));

    harness.serve_html(terms(6, "general"));
    harness.check(40).await;
    let status = harness.store.lock().unwrap().source_statuses().unwrap().remove(0);
    assert_eq!(status.consecutive_failures, 0);
    assert!(!status.needs_attention);
}

#[tokio::test]
async fn new_rules_reextract_stored_snapshots() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    let url = harness.server.url("/terms");
    let narrower = NewSource {
        platform: "Example".into(),
        document: "Terms of Service".into(),
        pages: vec![SourcePage {
            remove: vec![serde_json::json!("h2")],
            ..css_page(&url, &["#terms".to_owned()], &[])
        }],
        interval_seconds: 6 * 3600,
        origin: "cli".into(),
    };

    let source = {
        let mut store = harness.store.lock().unwrap();
        store.put_source(&narrower, "tester", at(1)).unwrap();
        let source = store.sources_matching(None, None).unwrap().remove(0);
        let reextraction = reextract(&mut store, &source, at(1)).unwrap().unwrap();
        assert_eq!(reextraction.record.outcome, "reextracted");
        assert_eq!(reextraction.drop, None, "12 clauses became 6: half remain");
        source
    };

    let origin: String = harness
        .store
        .lock()
        .unwrap()
        .connection()
        .query_row("SELECT origin FROM versions ORDER BY recorded_at DESC LIMIT 1", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(origin, "reextract");
    let (_, _, content) = harness.store.lock().unwrap().latest_version(1).unwrap().unwrap();
    assert!(!content.contains("Section 1"), "headings are removed: {content}");
    let next = harness.checker.check_source(&source, at(7)).await.unwrap();
    assert_eq!(next.outcome, "unchanged", "the page is compared under the same rules");
}

#[tokio::test]
async fn page_removed_from_combined_source_is_technical() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    let (main, extra) = (terms(6, "general"), terms(4, "supplementary"));
    harness.serve(move |request| {
        let body = if request.path == "/extra" { extra.clone() } else { main.clone() };
        Response::new(200, body).header("Content-Type", "text/html; charset=utf-8")
    });
    let urls = vec![harness.server.url("/terms"), harness.server.url("/extra")];
    let form = |urls: Vec<String>| SourceForm {
        platform: "Example".into(),
        document: "Terms of Service".into(),
        urls,
        select: vec!["#terms".into()],
        remove: Vec::new(),
        interval_seconds: 6 * 3600,
    };
    {
        let mut store = harness.store.lock().unwrap();
        save_source(&mut store, &form(urls.clone()), "cli", "tester", at(0)).unwrap();
    }
    assert_eq!(harness.check(0).await.outcome, "changed");

    let saved = {
        let mut store = harness.store.lock().unwrap();
        save_source(&mut store, &form(vec![urls[0].clone()]), "cli", "tester", at(1)).unwrap()
    };

    assert!(saved.reextracted, "the remaining page is extracted from its stored snapshot");
    let source = {
        let store = harness.store.lock().unwrap();
        let (_, _, content) = store.latest_version(1).unwrap().unwrap();
        assert!(content.contains("general obligations"), "{content}");
        assert!(!content.contains("supplementary"), "{content}");
        let document = store.resolve_document("Example", "Terms of Service").unwrap();
        let substantive = ChangeFilter { substantive_only: true, ..ChangeFilter::default() };
        assert!(store.changes(&document, &substantive).unwrap().is_empty());
        let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
        assert!(!changes.is_empty());
        for change in &changes {
            assert!(change.aspects.contains(&"technical".to_owned()), "{:?}", change.aspects);
        }
        store.sources_matching(None, None).unwrap().remove(0)
    };
    let next = harness.checker.check_source(&source, at(7)).await.unwrap();
    assert_eq!(next.outcome, "unchanged", "the page is compared under the same rules");
}

#[tokio::test]
async fn narrow_rules_warn_of_lost_clauses() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    let form = SourceForm {
        platform: "Example".into(),
        document: "Terms of Service".into(),
        urls: vec![harness.server.url("/terms")],
        select: vec!["#terms p:first-of-type".into()],
        remove: Vec::new(),
        interval_seconds: 6 * 3600,
    };

    let saved = {
        let mut store = harness.store.lock().unwrap();
        save_source(&mut store, &form, "cli", "tester", at(1)).unwrap()
    };

    assert!(saved.reextracted);
    let warning = saved.warning.unwrap_or_default();
    assert!(warning.contains("keep 1 of the 12 clauses"), "{warning}");
    assert!(warning.contains("set the earlier rules again"), "{warning}");
    assert_eq!(versions(&harness), 2, "the earlier version stays");
}

#[tokio::test]
async fn reextracted_changes_are_technical() {
    let harness = Harness::new(&["#terms"], quick_fetch());
    harness.serve_html(terms(6, "general"));
    harness.check(0).await;
    let narrower = NewSource {
        platform: "Example".into(),
        document: "Terms of Service".into(),
        pages: vec![SourcePage {
            remove: vec![serde_json::json!("h2")],
            ..css_page(&harness.server.url("/terms"), &["#terms".to_owned()], &[])
        }],
        interval_seconds: 6 * 3600,
        origin: "cli".into(),
    };
    let mut store = harness.store.lock().unwrap();
    store.put_source(&narrower, "tester", at(1)).unwrap();
    let source = store.sources_matching(None, None).unwrap().remove(0);

    let record = reextract(&mut store, &source, at(1)).unwrap().unwrap().record;

    let document = store.resolve_document("Example", "Terms of Service").unwrap();
    let changes = store.changes(&document, &ChangeFilter::default()).unwrap();
    let removed = changes.iter().filter(|change| change.kind == "removed").count();
    assert_eq!(removed, 6, "the six headings are no longer extracted: {changes:#?}");
    for change in &changes {
        assert!(!change.substantive, "{change:#?}");
        assert!(change.aspects.contains(&"technical".to_owned()), "{:?}", change.aspects);
        assert!(!change.aspects.contains(&"reworded".to_owned()), "{:?}", change.aspects);
        assert_eq!(change.severity.as_deref(), Some("none"), "{change:#?}");
        let reason = change.severity_reason.as_deref().unwrap_or_default();
        assert!(reason.contains("extraction rules"), "{reason}");
        assert!(
            change.summary.starts_with("Technical change: the extraction rules changed"),
            "{}",
            change.summary
        );
    }
    let substantive = ChangeFilter { substantive_only: true, ..ChangeFilter::default() };
    assert!(store.changes(&document, &substantive).unwrap().is_empty());

    assert_eq!(record.substantive_changes, 0);
    assert_eq!(record.non_substantive_changes, changes.len());
    assert_eq!(record.top_severity.as_deref(), Some("none"));
    let report = PassReport { records: vec![record], ..PassReport::default() };
    let every_change =
        NotifySettings { include_non_substantive: true, ..NotifySettings::default() };
    assert!(notifications(&report, &every_change).is_empty(), "a re-extraction is never notified");
}
