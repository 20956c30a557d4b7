//! Notifications: which a pass sends, and what reaches a real session D-Bus. The D-Bus test
//! starts `dbus-daemon`, serves a recording `org.freedesktop.Notifications` object with zbus,
//! and runs the sending half in a child process of this test binary whose
//! `DBUS_SESSION_BUS_ADDRESS` points at that daemon. The child also runs a real check pass
//! against a local server and a SQLite store, so the change it notifies is the one the store
//! picked as the most severe. The recording server clicks every notification that offers a
//! default action, as a person would, and the child prints the route each click opens.

#[path = "common/server.rs"]
#[allow(dead_code, reason = "the check pass tests use the rest of the server")]
mod server;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::checks::CheckRecord;
use clausewatch_store::sources::NewSource;
use clausewatch_watcher::checker::{CheckConfig, Checker, PassReport};
use clausewatch_watcher::fetch::{FetchConfig, Fetcher};
use clausewatch_watcher::notify::{NotifySettings, OpenHandler, notifications, send};
use clausewatch_watcher::source::css_page;
use zbus::names::BusName;

use server::{Response, TestServer};

const MARKUP: &str = "Adds <b>binding</b> arbitration & a <a href=\"https://x.invalid\">link</a>";

fn changed(platform: &str, substantive: usize, other: usize, top: &str) -> CheckRecord {
    CheckRecord {
        check_id: 1,
        platform: platform.to_owned(),
        document: "Terms of Service".to_owned(),
        outcome: "changed",
        version_id: Some(1),
        first_version: false,
        major: false,
        substantive_changes: substantive,
        non_substantive_changes: other,
        top_change: Some(top.to_owned()),
        top_severity: None,
        reason: None,
        consecutive_failures: 0,
        attention_raised: false,
        alternating_raised: false,
    }
}

fn report(records: Vec<CheckRecord>) -> PassReport {
    PassReport {
        checked_at: "2026-05-01T08:00:00Z".into(),
        records,
        errors: Vec::new(),
        stopped: 0,
    }
}

#[test]
fn formatting_only_change_is_not_notified_by_default() {
    let pass = report(vec![changed("Reddit", 0, 4, "Renumbered (viii) to (ix)")]);

    assert!(notifications(&pass, &NotifySettings::default()).is_empty());
    let allowed = NotifySettings { include_non_substantive: true, ..NotifySettings::default() };
    assert_eq!(notifications(&pass, &allowed).len(), 1);
}

#[test]
fn many_changed_documents_make_one_digest() {
    let records = ["A", "B", "C", "D"].iter().map(|name| changed(name, 2, 0, "x")).collect();

    let sent = notifications(&report(records), &NotifySettings::default());

    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].summary, "4 documents changed");
    assert_eq!(sent[0].body.lines().count(), 4);
}

#[test]
fn below_threshold_changes_wait() {
    let mut medium = changed("Reddit", 1, 0, "Reworded the notice period");
    medium.top_severity = Some("medium".to_owned());
    let unrated = changed("Zoom", 1, 0, "New clause");
    let mut major = changed("X", 9, 0, "Most clauses removed");
    major.top_severity = Some("low".to_owned());
    major.major = true;
    let pass = report(vec![medium, unrated, major]);
    let high_only = NotifySettings { min_severity: "high".to_owned(), ..NotifySettings::default() };

    let every = notifications(&pass, &NotifySettings::default());
    let high = notifications(&pass, &high_only);

    assert_eq!(every.len(), 3);
    let summaries: Vec<&str> = high.iter().map(|n| n.summary.as_str()).collect();
    assert_eq!(summaries, ["Zoom Terms of Service changed", "X Terms of Service changed"]);
}

#[test]
fn attention_is_notified_only_when_raised() {
    let mut failed = changed("Zoom", 0, 0, "");
    failed.outcome = "failed";
    failed.reason = Some("https://zoom.invalid answered HTTP 500".into());
    failed.consecutive_failures = 3;
    failed.attention_raised = true;
    let mut again = failed.clone();
    again.attention_raised = false;

    let first = notifications(&report(vec![failed]), &NotifySettings::default());
    let later = notifications(&report(vec![again]), &NotifySettings::default());

    assert_eq!(first.len(), 1);
    assert_eq!(first[0].summary, "Zoom Terms of Service: needs attention");
    assert!(later.is_empty());
}

struct Recorder(Arc<Mutex<Vec<(String, String, String)>>>);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Recorder {
    #[allow(clippy::too_many_arguments)]
    async fn notify(
        &self,
        #[zbus(connection)] connection: &zbus::Connection,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = {
            let mut calls = self.0.lock().unwrap();
            calls.push((app_name, summary, body));
            u32::try_from(calls.len()).unwrap()
        };
        // Actions come as key, label pairs; click the default one once the sender listens.
        if actions.chunks(2).any(|pair| pair[0] == "default") {
            let connection = connection.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let path = "/org/freedesktop/Notifications";
                let interface = "org.freedesktop.Notifications";
                let body = (id, "default");
                let sent = connection.emit_signal(
                    None::<BusName<'_>>,
                    path,
                    interface,
                    "ActionInvoked",
                    &body,
                );
                sent.await.unwrap();
            });
        }
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into(), "body-markup".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("recorder".into(), "clausewatch".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

/// A long clause that no category rule matches, so its addition is rated low.
const GARDEN_CLAUSE: &str = "Our gallery pages show photographs from the annual garden show, \
    with captions written by volunteers who walk through each garden, measure the flower beds, \
    count the visiting birds and describe the colours of the roses and tulips in every season \
    of the year.";

/// A short clause sending disputes to arbitration, a category with a high baseline.
const ARBITRATION_CLAUSE: &str =
    "You and we agree that any dispute or claim will be resolved by binding arbitration.";

/// Returns terms of six plain sections followed by `extra` sections, one clause each.
fn terms_with(extra: &[&str]) -> Vec<u8> {
    let mut html = String::from("<html><body><main id=\"terms\">");
    for number in 1..=6 {
        html.push_str(&format!(
            "<h2>{number}. Section {number}</h2><p>The service provider and the user agree \
             that section {number} governs general obligations, including notice, liability, \
             data retention and the resolution of disputes under applicable law.</p>"
        ));
    }
    for (offset, clause) in extra.iter().enumerate() {
        let number = 7 + offset;
        html.push_str(&format!("<h2>{number}. Section {number}</h2><p>{clause}</p>"));
    }
    html.push_str("</main></body></html>");
    html.into_bytes()
}

/// Checks a source twice against a local server: six sections, then the same with the garden
/// clause and the arbitration clause added. Returns the record of the second check.
async fn check_two_added_clauses() -> CheckRecord {
    let served = Arc::new(Mutex::new(terms_with(&[])));
    let body = served.clone();
    let server = TestServer::start(move |_| {
        Response::new(200, body.lock().unwrap().clone())
            .header("Content-Type", "text/html; charset=utf-8")
    });
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Mutex::new(Store::open_in(dir.path()).unwrap()));
    let start = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();
    let source = NewSource {
        platform: "Gallery".into(),
        document: "Terms of Service".into(),
        pages: vec![css_page(&server.url("/terms"), &["#terms".to_owned()], &[])],
        interval_seconds: 6 * 3600,
        origin: "cli".into(),
    };
    store.lock().unwrap().put_source(&source, "tester", start).unwrap();
    let fetch =
        FetchConfig { per_origin_delay: Duration::ZERO, max_retries: 0, ..FetchConfig::default() };
    let fetcher = Arc::new(Fetcher::new(fetch).unwrap());
    let checker = Checker::new(store.clone(), fetcher, CheckConfig::default());
    let source = store.lock().unwrap().sources_matching(None, None).unwrap().remove(0);

    let first = checker.check_source(&source, start).await.unwrap();
    assert_eq!(first.outcome, "changed", "the first check records the first version");
    *served.lock().unwrap() = terms_with(&[GARDEN_CLAUSE, ARBITRATION_CLAUSE]);
    checker.check_source(&source, start + chrono::Duration::hours(7)).await.unwrap()
}

/// The sending half, run in a child process; it does nothing in a normal test run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_to_session_bus() {
    if std::env::var_os("CLAUSEWATCH_NOTIFY_CHILD").is_none() {
        return;
    }
    let (opened, mut routes) = tokio::sync::mpsc::unbounded_channel();
    let on_open: OpenHandler = Arc::new(move |route| {
        let _ = opened.send(route);
    });
    let pass = report(vec![changed("Example", 2, 1, MARKUP)]);
    let sent = send(&notifications(&pass, &NotifySettings::default()), None).await;
    assert_eq!(sent, 1);

    let record = check_two_added_clauses().await;
    assert_eq!(record.outcome, "changed");
    println!("VERSION {}", record.version_id.unwrap());
    let pass = report(vec![record]);
    let sent = send(&notifications(&pass, &NotifySettings::default()), Some(on_open)).await;
    assert_eq!(sent, 1);

    let route = tokio::time::timeout(Duration::from_secs(20), routes.recv()).await;
    println!("OPEN {}", route.expect("the click arrives").expect("a route"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_arrives_escaped_over_dbus() {
    // The bus socket goes in a folder of the test's own, removed at its end, instead of /tmp.
    let socket_folder = tempfile::tempdir().expect("temporary folder");
    let listen = format!("--address=unix:dir={}", socket_folder.path().display());
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1", &listen])
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon runs; install the dbus package");
    let mut address = String::new();
    BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut address).unwrap();
    let address = address.trim().to_owned();

    let calls = Arc::new(Mutex::new(Vec::new()));
    let _server = zbus::connection::Builder::address(address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at("/org/freedesktop/Notifications", Recorder(calls.clone()))
        .unwrap()
        .build()
        .await
        .unwrap();

    let child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "send_to_session_bus", "--nocapture"])
        .env("CLAUSEWATCH_NOTIFY_CHILD", "1")
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .output()
        .await
        .unwrap();
    daemon.kill().unwrap();
    let _ = daemon.wait();

    let output = String::from_utf8_lossy(&child.stdout);
    assert!(child.status.success(), "{output}");
    let line =
        |prefix: &str| output.lines().find_map(|line| line.strip_prefix(prefix)).map(str::to_owned);
    let version = line("VERSION ").expect("the child names the recorded version");
    assert_eq!(
        line("OPEN ").as_deref(),
        Some(
            format!("#/diff?platform=Gallery&document=Terms%20of%20Service&to={version}").as_str()
        ),
        "a click opens the diff that ends at the new version"
    );
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 2);
    let (app, summary, body) = &calls[0];
    assert_eq!(app, "Clausewatch");
    assert_eq!(summary, "Example Terms of Service changed");
    assert_eq!(
        body,
        "2 substantive changes. Adds &lt;b&gt;binding&lt;/b&gt; arbitration &amp; a \
         &lt;a href=&quot;https://x.invalid&quot;&gt;link&lt;/a&gt;"
    );

    // Each added section is two clauses, its heading and its paragraph: four substantive
    // changes. The garden clause adds 43 words and no category rule matches it: a new clause
    // rated at the default baseline, low. The arbitration clause adds 15 words and matches the
    // arbitration rule "disputes resolved by arbitration" (baseline high) with no cue that
    // raises or lowers it, so it is the most severe and is named though it is shorter.
    let (_, summary, body) = &calls[1];
    assert_eq!(summary, "Gallery Terms of Service changed");
    assert!(
        body.starts_with(
            "4 substantive changes. Most severe (high): New clause on how disputes are \
             resolved outside court"
        ),
        "{body}"
    );
    assert!(!body.contains("garden"), "{body}");
}
