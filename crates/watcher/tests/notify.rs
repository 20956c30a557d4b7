//! Notifications: which a pass sends, and what reaches a real session D-Bus. The D-Bus test
//! starts `dbus-daemon`, serves a recording `org.freedesktop.Notifications` object with zbus,
//! and runs the sending half in a child process of this test binary whose
//! `DBUS_SESSION_BUS_ADDRESS` points at that daemon.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use clausewatch_store::checks::CheckRecord;
use clausewatch_watcher::checker::PassReport;
use clausewatch_watcher::notify::{NotifySettings, notifications, send};

const MARKUP: &str = "Adds <b>binding</b> arbitration & a <a href=\"https://x.invalid\">link</a>";

fn changed(platform: &str, substantive: usize, other: usize, top: &str) -> CheckRecord {
    CheckRecord {
        check_id: 1,
        platform: platform.to_owned(),
        document: "Terms of Service".to_owned(),
        outcome: "changed",
        version_id: Some(1),
        major: false,
        substantive_changes: substantive,
        non_substantive_changes: other,
        top_change: Some(top.to_owned()),
        reason: None,
        consecutive_failures: 0,
        attention_raised: false,
        alternating_raised: false,
    }
}

fn report(records: Vec<CheckRecord>) -> PassReport {
    PassReport { checked_at: "2026-05-01T08:00:00Z".into(), records, errors: Vec::new() }
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
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut calls = self.0.lock().unwrap();
        calls.push((app_name, summary, body));
        u32::try_from(calls.len()).unwrap()
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "body-markup".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("recorder".into(), "clausewatch".into(), "1".into(), "1.2".into())
    }

    fn close_notification(&self, _id: u32) {}
}

/// The sending half, run in a child process; it does nothing in a normal test run.
#[tokio::test]
async fn send_to_session_bus() {
    if std::env::var_os("CLAUSEWATCH_NOTIFY_CHILD").is_none() {
        return;
    }
    let pass = report(vec![changed("Example", 2, 1, MARKUP)]);
    let sent = send(&notifications(&pass, &NotifySettings::default())).await;
    assert_eq!(sent, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notification_arrives_escaped_over_dbus() {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
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

    assert!(child.status.success(), "{}", String::from_utf8_lossy(&child.stdout));
    let calls = calls.lock().unwrap();
    assert_eq!(calls.len(), 1);
    let (app, summary, body) = &calls[0];
    assert_eq!(app, "Clausewatch");
    assert_eq!(summary, "Example Terms of Service changed");
    assert_eq!(
        body,
        "2 substantive changes. Adds &lt;b&gt;binding&lt;/b&gt; arbitration &amp; a \
         &lt;a href=&quot;https://x.invalid&quot;&gt;link&lt;/a&gt;"
    );
}
