//! The source, sources, check and watch commands against a real HTTP server on 127.0.0.1
//! serving corpus snapshots, with the store read back through SQLite.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clausewatch_store::Store;
use common::server::{Page, PageServer};
use common::{clausewatch, run, snapshot, stderr, stdout};
use serde_json::Value;

const GITHUB_TERMS: &str = "GitHub/Terms of Service";

/// Runs the binary with `--json` and parses its output, failing on an error status.
fn json(data_dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let output = run(data_dir, &all);
    assert!(output.status.success(), "{args:?} failed: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("valid JSON")
}

fn count(data_dir: &Path, sql: &str) -> i64 {
    let store = Store::open_in(data_dir).expect("store opens");
    store.connection().query_row(sql, [], |row| row.get(0)).expect("query runs")
}

/// Returns a page of `sections` plain sections inside `<main id="terms">`, with a cookie
/// banner inside the main part.
fn plain_terms(sections: usize) -> Vec<u8> {
    let mut html = String::from("<html><body><main id=\"terms\">");
    html.push_str("<div class=\"banner\">We use cookies. Accept all cookies to continue.</div>");
    for number in 1..=sections {
        html.push_str(&format!(
            "<h2>{number}. Section {number}</h2><p>The provider and the member agree that \
             section {number} governs their obligations, including notice periods, fees, \
             and the way either of them may end the membership under applicable law.</p>"
        ));
    }
    html.push_str("</main></body></html>");
    html.into_bytes()
}

#[test]
fn source_add_stores_pages_and_rules() {
    let dir = tempfile::tempdir().expect("folder");
    let url = "http://127.0.0.1:9/terms";

    let added = json(
        dir.path(),
        &[
            "source",
            "add",
            "Example",
            "Terms of Service",
            url,
            "--select",
            "#terms",
            "--select",
            ".annex",
            "--remove",
            ".banner",
            "--interval-hours",
            "12",
        ],
    );

    assert_eq!(added["update"], "created");
    let sources = json(dir.path(), &["sources"]);
    let sources = sources.as_array().expect("an array");
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["platform"], "Example");
    assert_eq!(sources[0]["document"], "Terms of Service");
    assert_eq!(sources[0]["urls"], serde_json::json!([url]));
    assert_eq!(sources[0]["interval_seconds"], 12 * 3600);
    assert_eq!(sources[0]["origin"], "cli");
    assert_eq!(sources[0]["last_checked_at"], Value::Null);
    assert_eq!(sources[0]["consecutive_failures"], 0);

    let store = Store::open_in(dir.path()).expect("store opens");
    let pages: String = store
        .connection()
        .query_row("SELECT pages FROM sources", [], |row| row.get(0))
        .expect("one source");
    let pages: Value = serde_json::from_str(&pages).expect("pages are JSON");
    assert_eq!(pages[0]["select"], serde_json::json!(["#terms", ".annex"]));
    assert_eq!(pages[0]["remove"], serde_json::json!([".banner"]));
}

#[test]
fn settings_are_stored_and_applied_to_sources() {
    let dir = tempfile::tempdir().expect("folder");
    json(dir.path(), &["source", "add", "Example", "Terms", "http://127.0.0.1:9/terms"]);

    let defaults = json(dir.path(), &["settings"]);
    let changed = json(
        dir.path(),
        &[
            "settings",
            "--check-interval-hours",
            "2",
            "--notify-min-severity",
            "High",
            "--apply-to-sources",
        ],
    );
    let read_back = json(dir.path(), &["settings"]);

    assert_eq!(defaults["settings"]["check_interval_seconds"], 6 * 3600);
    assert_eq!(defaults["settings"]["notify_min_severity"], "low");
    assert_eq!(changed["sources_changed"], 1);
    assert_eq!(read_back["settings"]["check_interval_seconds"], 2 * 3600);
    assert_eq!(read_back["settings"]["notify_min_severity"], "high");
    assert_eq!(count(dir.path(), "SELECT interval_seconds FROM sources"), 2 * 3600);
    let audited = "SELECT count(*) FROM audit_log WHERE action = 'settings.update'";
    assert_eq!(count(dir.path(), audited), 1);
}

#[test]
fn source_add_keeps_or_takes_the_configured_interval() {
    let dir = tempfile::tempdir().expect("folder");
    let url = "http://127.0.0.1:9/terms";
    json(dir.path(), &["settings", "--check-interval-hours", "1"]);
    let interval = "SELECT interval_seconds FROM sources";

    let added = json(dir.path(), &["source", "add", "Example", "Terms", url]);
    let first = count(dir.path(), interval);
    let changed =
        json(dir.path(), &["source", "add", "Example", "Terms", url, "--interval-hours", "2"]);
    let again = json(dir.path(), &["source", "add", "Example", "Terms", url]);

    assert_eq!(added["update"], "created");
    assert_eq!(first, 3600, "a new source takes the settings' interval");
    assert_eq!(changed["update"], "interval_changed");
    assert_eq!(again["update"], "unchanged");
    assert_eq!(count(dir.path(), interval), 2 * 3600, "no --interval-hours keeps the stored one");
}

#[test]
fn rules_matching_nothing_warn_on_save() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    json(dir.path(), &["source", "add", "Example", "Terms", &url, "--select", "#terms"]);
    json(dir.path(), &["check"]);

    let changed =
        json(dir.path(), &["source", "add", "Example", "Terms", &url, "--select", "#missing"]);

    assert_eq!(changed["update"], "rules_changed");
    assert_eq!(changed["reextracted"], false);
    let warning = changed["warning"].as_str().expect("a warning");
    assert!(warning.contains("#missing"), "{warning}");
}

#[test]
fn settings_reject_out_of_range_values() {
    let dir = tempfile::tempdir().expect("folder");
    let range = "give a number of hours from 0.25 (15 minutes) to 720 (30 days)";
    let cases: [(&[&str], &str); 3] = [
        (&["settings", "--notify-min-severity", "urgent"], "\"urgent\" is not a severity level"),
        (&["settings", "--check-interval-hours", "0.1"], range),
        (&["settings", "--check-interval-hours", "720.5"], "invalid --check-interval-hours 720.5"),
    ];

    for (args, expected) in cases {
        let output = run(dir.path(), args);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
    }
    assert_eq!(count(dir.path(), "SELECT count(*) FROM settings"), 0);
}

#[test]
fn source_add_rejects_invalid_input() {
    let dir = tempfile::tempdir().expect("folder");
    let cases: [(&[&str], &str); 3] = [
        (&["source", "add", "Example", "Terms", "not a url"], "invalid URL \"not a url\""),
        (
            &["source", "add", "Example", "Terms", "http://127.0.0.1:9/", "--interval-hours", "0"],
            "invalid --interval-hours 0; give a number of hours from 0.25",
        ),
        (&["source", "add", "Example", "Terms", "http://127.0.0.1:9/", "--select", "(("], "(("),
    ];

    for (args, expected) in cases {
        let output = run(dir.path(), args);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
    }
    assert_eq!(count(dir.path(), "SELECT count(*) FROM sources"), 0);
}

#[test]
fn sources_lists_in_plain_text() {
    let dir = tempfile::tempdir().expect("folder");
    let empty = run(dir.path(), &["sources"]);
    assert!(empty.status.success());
    assert!(stdout(&empty).contains("No sources yet"), "{}", stdout(&empty));

    run(dir.path(), &["source", "add", "Example", "Privacy Policy", "http://127.0.0.1:9/p"]);
    let listed = run(dir.path(), &["sources"]);

    assert!(listed.status.success());
    let text = stdout(&listed);
    assert!(text.contains("Example"), "{text}");
    assert!(text.contains("Privacy Policy"), "{text}");
}

/// Serves `plain_terms(6)`, adds it as the source of Example's "Terms of Service" selecting
/// `#terms`, and checks it once. Returns the running server and the page's URL.
fn checked_example(data_dir: &Path) -> (PageServer, String) {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(data_dir, &add).status.success());
    json(data_dir, &["check"]);
    (server, url)
}

#[test]
fn source_remove_keeps_versions() {
    let dir = tempfile::tempdir().expect("folder");
    let _server = checked_example(dir.path());

    let removed = json(dir.path(), &["source", "remove", "Example", "Terms of Service"]);

    assert_eq!(removed["removed"], true);
    assert_eq!(json(dir.path(), &["sources"]), serde_json::json!([]));
    assert_eq!(count(dir.path(), "SELECT count(*) FROM versions"), 1);
    let again = run(dir.path(), &["source", "remove", "Example", "Terms of Service"]);
    assert!(!again.status.success(), "removing a missing source fails");
    let nothing = run(dir.path(), &["check"]);
    assert!(!nothing.status.success());
    assert!(stderr(&nothing).contains("no sources to check"), "{}", stderr(&nothing));
}

#[test]
fn remove_rule_drops_the_banner() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let args = [
        "source",
        "add",
        "Example",
        "Terms of Service",
        &url,
        "--select",
        "#terms",
        "--remove",
        ".banner",
    ];
    assert!(run(dir.path(), &args).status.success());

    json(dir.path(), &["check"]);

    let store = Store::open_in(dir.path()).expect("store");
    let (_, _, content) = store.latest_version(1).expect("read").expect("a version");
    assert!(!content.contains("cookies"), "{content}");
    assert!(content.contains("section 6 governs"), "{content}");
}

#[test]
fn check_records_corpus_snapshots_in_sequence() {
    let first = snapshot(&format!("{GITHUB_TERMS}/2025-09-20T12-30-15Z.html"));
    let server = PageServer::start(Page::whole(first));
    let other = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let (url, other_url) = (server.url("/site-policy/terms"), other.url("/terms"));
    let github =
        ["source", "add", "GitHub", "Terms of Service", &url, "--select", "#article-contents"];
    assert!(run(dir.path(), &github).status.success());
    let example =
        ["source", "add", "Example", "Terms of Service", &other_url, "--select", "#terms"];
    assert!(run(dir.path(), &example).status.success());

    let pass = json(dir.path(), &["check", "GitHub", "Terms of Service"]);

    let records = pass["records"].as_array().expect("records");
    assert_eq!(records.len(), 1, "only the named document is checked");
    assert_eq!(records[0]["platform"], "GitHub");
    assert_eq!(records[0]["outcome"], "changed");
    assert_eq!(records[0]["substantive_changes"], 0, "a first version has no change records");
    assert_eq!(other.served().len(), 0);

    // From 20 to 30 September 2025 GitHub added section D.8 "Access Reciprocity" (a heading and
    // two paragraphs) and one sentence to the governing-law paragraph, and nothing else in the
    // article: three added clauses (the heading and each paragraph) and one modified clause,
    // all changes of wording.
    server.set(Page::whole(snapshot(&format!("{GITHUB_TERMS}/2025-09-30T00-30-09Z.html"))));
    let pass = json(dir.path(), &["check", "GitHub"]);

    let record = &pass["records"][0];
    assert_eq!(record["outcome"], "changed");
    assert_eq!(record["substantive_changes"], 4);
    assert_eq!(record["non_substantive_changes"], 0);
    // D.8 adds "agree not to" (a restriction) and "waive" in a clause on training AI systems
    // (baseline high): raised twice, capped at critical.
    assert_eq!(record["top_severity"], "critical");
    let top = record["top_change"].as_str().expect("a summary");
    assert!(
        top.starts_with("New restriction on using the service or its content to train"),
        "{top}"
    );
    assert_eq!(count(dir.path(), "SELECT count(*) FROM versions"), 2);

    let plain = run(dir.path(), &["check", "GitHub"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let text = stdout(&plain);
    assert!(text.contains("unchanged"), "{text}");
    assert!(text.contains("1 checked at "), "{text}");
    assert!(text.contains(", 0 changed."), "{text}");

    server.set(Page::whole(snapshot(&format!("{GITHUB_TERMS}/2026-04-28T00-30-15Z.html"))));
    let plain = run(dir.path(), &["check"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let text = stdout(&plain);
    // GitHub records its third version and Example, checked for the first time, its first.
    assert!(text.contains("2 checked at "), "{text}");
    assert!(text.contains(", 2 changed."), "{text}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM versions"), 4);
    let statuses = json(dir.path(), &["sources"]);
    let github = statuses
        .as_array()
        .expect("an array")
        .iter()
        .find(|status| status["platform"] == "GitHub")
        .expect("the GitHub source");
    assert_eq!(github["consecutive_failures"], 0);
    assert!(github["last_changed_at"].is_string());
}

#[test]
fn check_reports_a_failed_source() {
    let server =
        PageServer::start(Page::whole(b"<html><body><p>Moved.</p></body></html>".to_vec()));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(dir.path(), &add).status.success());

    let output = run(dir.path(), &["--json", "check"]);
    let pass: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");

    assert!(!output.status.success(), "a failed check makes the command fail");
    assert!(stderr(&output).contains("1 of 1 checks failed"), "{}", stderr(&output));
    assert_eq!(pass["records"][0]["outcome"], "failed");
    let reason = pass["records"][0]["reason"].as_str().expect("a reason");
    assert!(reason.contains("#terms"), "{reason}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM versions"), 0);
    let status = &json(dir.path(), &["sources"])[0];
    assert_eq!(status["consecutive_failures"], 1);
}

#[test]
fn watch_checks_due_source_and_stops_on_sigterm() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(dir.path(), &add).status.success());

    let child = spawn_watch(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(dir.path(), "SELECT count(*) FROM checks") == 0 {
        assert!(Instant::now() < deadline, "no check recorded within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    let second = second_watcher(dir.path());
    let holder = format!("process id {}", child.id());
    let signal =
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
    assert!(signal.success());
    let output = child.wait_with_output().expect("watch ends");

    assert!(!second.status.success(), "a second watcher on the same store must not run");
    assert!(stderr(&second).contains(&holder), "{}", stderr(&second));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("1 checked at "), "{}", stdout(&output));
    assert_eq!(server.served().len(), 1, "a source checked once is not due again for hours");
    let store = Store::open_in(dir.path()).expect("store");
    assert_eq!(store.integrity_check().expect("integrity check runs"), "ok");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM versions"), 1);
    assert_eq!(count(dir.path(), "SELECT count(*) FROM checks WHERE outcome = 'changed'"), 1);
    let status = &json(dir.path(), &["sources"])[0];
    assert!(status["last_checked_at"].is_string());
}

#[test]
fn watch_json_prints_one_line_per_pass() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(dir.path(), &add).status.success());

    let child = clausewatch(dir.path())
        .args(["--json", "watch", "--no-notify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    wait_for_first_check(dir.path());
    // The pass report is printed after its check is recorded; give it a moment.
    std::thread::sleep(Duration::from_millis(500));
    let output = terminate(child);

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 1, "one pass, one line: {printed}");
    let pass: Value = serde_json::from_str(lines[0]).expect("the line is JSON");
    assert_eq!(pass["records"][0]["outcome"], "changed");
    assert_eq!(pass["records"][0]["platform"], "Example");
}

#[test]
fn watch_without_sources_says_so() {
    let dir = tempfile::tempdir().expect("folder");
    let child = spawn_watch(dir.path());
    // The notice is printed before the scheduler starts; the store file shows it has begun.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.path().join("clausewatch.sqlite3").exists() {
        assert!(Instant::now() < deadline, "watch did not open a store within 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let output = terminate(child);

    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("No sources to check"), "{message}");
    assert!(message.contains("clausewatch source add"), "{message}");
}

/// Waits up to 60 s until the store in `data_dir` has recorded a check.
fn wait_for_first_check(data_dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(data_dir, "SELECT count(*) FROM checks") == 0 {
        assert!(Instant::now() < deadline, "no check recorded within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends SIGTERM to a running `watch` and returns its output once it has ended.
fn terminate(child: std::process::Child) -> std::process::Output {
    let signal =
        Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
    assert!(signal.success());
    child.wait_with_output().expect("watch ends")
}

/// Starts `clausewatch watch` without notifications on the store in `data_dir`.
fn spawn_watch(data_dir: &Path) -> std::process::Child {
    clausewatch(data_dir)
        .args(["watch", "--no-notify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts")
}

/// Runs a second `clausewatch watch` on the store in `data_dir` and returns its output. It
/// is stopped after 30 s, so a second watcher that runs fails the test instead of hanging it.
fn second_watcher(data_dir: &Path) -> std::process::Output {
    let mut child = spawn_watch(data_dir);
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("the child can be waited for").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("watch ends")
}

/// Writes a declaration of one document of `service` as `<service>.json` in `folder`.
fn write_declaration(folder: &Path, service: &str, document: &str, entry: Value) -> PathBuf {
    let file = folder.join(format!("{service}.json"));
    let declaration = serde_json::json!({ "name": service, "terms": { document: entry } });
    std::fs::write(&file, declaration.to_string()).expect("declaration written");
    file
}

#[test]
fn declaration_error_names_file_and_document() {
    let dir = tempfile::tempdir().expect("folder");
    let declarations = tempfile::tempdir().expect("declarations folder");
    let good = serde_json::json!({ "fetch": "http://127.0.0.1:9/a", "select": "main" });
    write_declaration(declarations.path(), "Alpha", "Terms of Service", good);
    let bad = serde_json::json!({ "fetch": "http://127.0.0.1:9/b", "select": "main >>" });
    let bad_file = write_declaration(declarations.path(), "Beta", "Privacy Policy", bad);

    let output = run(dir.path(), &["import", declarations.path().to_str().expect("UTF-8")]);

    // The bad file is listed with its problem and the command fails; the good one is imported.
    assert!(!output.status.success());
    let listed = String::from_utf8_lossy(&output.stdout);
    let failed = listed.lines().find(|line| line.starts_with("failed: ")).expect("failed line");
    assert!(failed.contains(&format!("Beta Privacy Policy in {}", bad_file.display())), "{failed}");
    assert!(failed.contains("`main >>`"), "{failed}");
    assert!(stderr(&output).contains("1 file was not imported"), "{}", stderr(&output));
    let platforms = "SELECT count(*) FROM sources s JOIN documents d ON d.id = s.document_id \
                     JOIN platforms p ON p.id = d.platform_id WHERE p.name = 'Alpha'";
    assert_eq!(count(dir.path(), platforms), 1, "the good file is imported");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM sources"), 1, "the bad one adds nothing");
}

#[test]
fn source_add_rejects_credentials_in_url() {
    let dir = tempfile::tempdir().expect("folder");
    let cases = [
        ("https://alice:s3cret@127.0.0.1:9/terms", "https://alice:***@127.0.0.1:9/terms"),
        ("http://s3cret@127.0.0.1:9/terms", "http://***@127.0.0.1:9/terms"),
    ];

    for (url, masked) in cases {
        let output = run(dir.path(), &["source", "add", "Example", "Terms", url]);

        assert!(!output.status.success(), "{url} was accepted");
        let message = stderr(&output);
        assert!(message.contains(masked), "{message}");
        assert!(!message.contains("s3cret"), "the secret is shown: {message}");
        assert!(message.contains("remove"), "the message says what to do: {message}");
    }
    assert_eq!(count(dir.path(), "SELECT count(*) FROM sources"), 0);
}

#[test]
fn declaration_with_credentials_is_rejected() {
    let dir = tempfile::tempdir().expect("folder");
    let declarations = tempfile::tempdir().expect("declarations folder");
    let entry = serde_json::json!({ "fetch": "https://bob:hunter2@127.0.0.1:9/terms" });
    let file = write_declaration(declarations.path(), "Gamma", "Terms of Service", entry);

    let output = run(dir.path(), &["import", file.to_str().expect("UTF-8")]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains("https://bob:***@127.0.0.1:9/terms"), "{message}");
    assert!(!message.contains("hunter2"), "the password is shown: {message}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM sources"), 0);
}

#[test]
fn hanging_page_stops_at_fetch_timeout() {
    // A listener that never accepts: the connection opens and no response ever comes.
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    let url = format!("http://{}/terms", hanging.local_addr().expect("bound address"));
    let dir = tempfile::tempdir().expect("folder");
    assert!(
        run(dir.path(), &["source", "add", "Example", "Terms of Service", &url]).status.success()
    );

    let started = Instant::now();
    let output = run(dir.path(), &["--json", "check", "--fetch-timeout", "2"]);
    let elapsed = started.elapsed();

    assert!(!output.status.success(), "a check that timed out makes the command fail");
    assert!(elapsed >= Duration::from_secs(2), "stopped before the timeout: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?} of the 2 s allowed");
    let pass: Value = serde_json::from_str(&stdout(&output)).expect("valid JSON");
    let reason = pass["records"][0]["reason"].as_str().expect("a reason");
    assert!(reason.contains(&url), "{reason}");
    assert!(reason.contains("within the 2 s allowed"), "{reason}");
    let progress = stderr(&output);
    let checking = progress.lines().find(|line| line.contains("checking source"));
    let checking = checking.unwrap_or_else(|| panic!("no progress line: {progress}"));
    assert!(checking.contains("Example"), "{checking}");
}

#[test]
fn check_rejects_invalid_fetch_timeout() {
    let dir = tempfile::tempdir().expect("folder");
    run(dir.path(), &["source", "add", "Example", "Terms", "http://127.0.0.1:9/terms"]);

    for value in ["0", "-5", "NaN", "inf", "4000", "abc"] {
        let output = run(dir.path(), &["check", &format!("--fetch-timeout={value}")]);

        // Every rejected value is a usage error, with the exit status of one.
        assert_eq!(output.status.code(), Some(2), "{value}: {}", stderr(&output));
        let expected = format!("invalid value '{value}' for '--fetch-timeout <SECONDS>'");
        assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
    }
    assert_eq!(count(dir.path(), "SELECT count(*) FROM checks"), 0, "nothing was checked");
}

#[test]
fn reextraction_shows_as_technical_change() {
    let dir = tempfile::tempdir().expect("folder");
    let (_server, url) = checked_example(dir.path());

    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    let narrower = [&add[..], &["--remove", ".banner"]].concat();
    let saved = json(dir.path(), &narrower);
    let changes = json(dir.path(), &["changes", "Example", "Terms of Service"]);
    let substantive =
        json(dir.path(), &["changes", "Example", "Terms of Service", "--substantive"]);
    let listed = run(dir.path(), &["changes", "Example", "Terms of Service"]);

    assert_eq!(saved["reextracted"], true);
    let changes = changes.as_array().expect("an array");
    assert_eq!(changes.len(), 1, "the banner is no longer extracted: {changes:#?}");
    assert_eq!(changes[0]["kind"], "removed");
    assert_eq!(changes[0]["substantive"], false);
    assert_eq!(changes[0]["aspects"], serde_json::json!(["technical"]));
    assert_eq!(changes[0]["severity"], "none");
    assert_eq!(substantive, serde_json::json!([]));
    let text = stdout(&listed);
    assert!(text.contains("  technical; clause"), "{text}");
    assert!(text.contains("Technical change: the extraction rules changed"), "{text}");

    // A diff of the two versions reads the same as the stored record.
    let versions = json(dir.path(), &["versions", "Example", "Terms of Service"]);
    let times: Vec<&str> = versions
        .as_array()
        .expect("an array")
        .iter()
        .map(|version| version["recorded_at"].as_str().expect("a time"))
        .collect();
    assert_eq!(times.len(), 2, "the checked version and its re-extraction");
    let diff = json(dir.path(), &["diff", "Example", "Terms of Service", times[0], times[1]]);
    let diff = diff.as_array().expect("an array");
    assert_eq!(diff.len(), 1, "{diff:#?}");
    assert_eq!(diff[0]["aspects"], serde_json::json!(["technical"]));
    assert_eq!(diff[0]["substantive"], false);
    assert_eq!(diff[0]["severity"], "none");
}

#[test]
fn first_check_reads_as_first_version() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(dir.path(), &add).status.success());

    let output = run(dir.path(), &["check"]);

    let table = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(table.contains("first version recorded"), "{table}");
    assert!(!table.contains("0 substantive"), "{table}");
}

#[test]
fn version_without_clause_changes_says_so() {
    let server = PageServer::start(Page::whole(plain_terms(6)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add = ["source", "add", "Example", "Terms of Service", &url, "--select", "#terms"];
    assert!(run(dir.path(), &add).status.success());
    assert!(run(dir.path(), &["check"]).status.success());
    // A rule between two sections changes the text but none of its clauses.
    let ruled =
        String::from_utf8(plain_terms(6)).expect("UTF-8").replacen("<h2>4.", "<hr><h2>4.", 1);
    server.set(Page::whole(ruled.into_bytes()));

    let text = run(dir.path(), &["check"]);
    let versions = count(dir.path(), "SELECT count(*) FROM versions");
    let changes = count(dir.path(), "SELECT count(*) FROM changes");

    assert!(text.status.success(), "{}", stderr(&text));
    assert_eq!(versions, 2);
    assert_eq!(changes, 0);
    let table = stdout(&text);
    assert!(table.contains("new version; no clause changed"), "{table}");
    assert!(!table.contains("first version"), "{table}");
}

#[test]
fn document_without_versions_says_so() {
    let dir = tempfile::tempdir().expect("folder");
    let add = ["source", "add", "Example", "Terms of Service", "http://127.0.0.1:9/terms"];
    assert!(run(dir.path(), &add).status.success());

    let as_of = run(dir.path(), &["as-of", "Example", "Terms of Service", "2026-01-01"]);
    let changes = run(dir.path(), &["changes", "Example", "Terms of Service"]);

    assert!(!as_of.status.success());
    assert!(stderr(&as_of).contains("; it has no version yet"), "{}", stderr(&as_of));
    assert!(changes.status.success(), "{}", stderr(&changes));
    let listed = stdout(&changes);
    assert_eq!(listed.trim(), "No change records for Example Terms of Service.");
}

#[test]
fn closed_stderr_error_exits_one() {
    let dir = tempfile::tempdir().expect("folder");
    let mut child = clausewatch(dir.path())
        .args(["as-of", "Nobody", "Terms", "2026-01-01"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clausewatch starts");
    drop(child.stderr.take());

    let status = child.wait().expect("clausewatch ends");

    assert_eq!(status.code(), Some(1), "a panic exits with 101");
}

#[test]
fn bad_name_fails_its_file_only() {
    let dir = tempfile::tempdir().expect("folder");
    let declarations = tempfile::tempdir().expect("declarations folder");
    let entry = serde_json::json!({ "fetch": "http://127.0.0.1:9/terms", "select": "main" });
    // Sorted first, so a bad name that stopped the import would keep the good file out.
    let bad = declarations.path().join("Aaa.json");
    let declaration =
        serde_json::json!({ "name": "Zero\u{200b}Width", "terms": { "Terms": entry } });
    std::fs::write(&bad, declaration.to_string()).expect("declaration written");
    write_declaration(declarations.path(), "Good", "Terms of Service", entry);

    let output = run(dir.path(), &["import", declarations.path().to_str().expect("UTF-8")]);

    assert!(!output.status.success());
    let listed = String::from_utf8_lossy(&output.stdout);
    let failed = listed.lines().find(|line| line.starts_with("failed: ")).expect("failed line");
    assert!(failed.contains(&bad.display().to_string()), "{failed}");
    assert!(failed.contains("invalid platform name"), "{failed}");
    assert_eq!(count(dir.path(), "SELECT count(*) FROM sources"), 1, "the good file is imported");
}

#[test]
fn source_add_shows_replaced_rules() {
    let dir = tempfile::tempdir().expect("folder");
    let url = "http://127.0.0.1:9/terms";
    let added = run(dir.path(), &["source", "add", "Acme", "Terms", url, "--select", "main"]);
    assert!(added.status.success(), "{}", stderr(&added));

    let listed = json(dir.path(), &["sources"]);
    let replaced = run(dir.path(), &["source", "add", "Acme", "Terms", url]);

    assert_eq!(listed[0]["pages"][0]["url"], url);
    assert_eq!(listed[0]["pages"][0]["select"], serde_json::json!(["main"]));
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    let printed = stdout(&replaced);
    assert!(printed.contains(&format!("Rules were: {url} (select main).")), "{printed}");
    assert!(printed.contains(&format!("Rules now: {url} (whole page).")), "{printed}");
}

#[test]
fn source_add_rejects_empty_selector() {
    let dir = tempfile::tempdir().expect("folder");
    let url = "http://127.0.0.1:9/terms";

    let output = run(dir.path(), &["source", "add", "Acme", "Terms", url, "--select", " "]);

    assert!(!output.status.success());
    assert!(stderr(&output).contains("invalid --select \"\""), "{}", stderr(&output));
    assert!(json(dir.path(), &["sources"]).as_array().expect("array").is_empty());
}
