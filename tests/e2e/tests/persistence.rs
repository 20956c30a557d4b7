//! Reading the past and keeping decisions. The Document view's "as of" date shows the text in
//! force on that date. A review state set on a change is still there after the app is quit and
//! opened again on the same data folder. A restore from Settings checks the file before it
//! requests confirmation to replace all data.
//!
//! Run with `make e2e`. Expected values come from the Netflix Terms of Service files of the
//! demo archive: the machine-learning clause first appears in the version recorded
//! 2025-04-17; the version before it was recorded 2024-09-01.

use std::time::Duration;

use anyhow::Context;
use clausewatch_e2e::Session;
use fantoccini::Locator;
use fantoccini::key::Key;

/// How long the first-launch import may take in a debug build under Xvfb.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

/// How long a view may take to show what it read from the store.
const READ_TIMEOUT: Duration = Duration::from_secs(20);

const NETFLIX_TERMS: &str = "#/document?platform=Netflix&document=Terms%20of%20Service";

/// Returns the `datetime` attribute of the first `time` element under `css`.
async fn first_time(session: &Session, css: &str) -> anyhow::Result<String> {
    let script = "const time = document.querySelector(arguments[0] + ' time');
        return time ? time.getAttribute('datetime') : '';";
    let value = session.client.execute(script, vec![serde_json::Value::from(css)]).await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Waits until the Document view shows the version recorded on `day` (YYYY-MM-DD).
async fn wait_for_version(session: &Session, day: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + READ_TIMEOUT;
    loop {
        let recorded = first_time(session, "main p.version").await?;
        if recorded.starts_with(day) {
            return Ok(());
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the Document view shows the version recorded {recorded:?}, not {day}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Selects the text of the as-of date field and types `keys` over it.
async fn type_date(session: &Session, keys: &str) -> anyhow::Result<()> {
    let field = session.client.find(Locator::Id("as-of-date")).await?;
    session.client.execute("document.getElementById('as-of-date').select();", vec![]).await?;
    field.send_keys(keys).await?;
    Ok(())
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn as_of_date_shows_older_text() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        session.go(NETFLIX_TERMS).await?;
        session.wait_for_text("main .clauses", "machine learning", IMPORT_TIMEOUT).await?;

        // Typed key by key over the selected date, as a user does.
        type_date(session, "2024-12-01").await?;
        wait_for_version(session, "2024-09-01").await?;
        let older = session.main_text().await?;
        assert!(!older.contains("machine learning"), "absent before 2025-04-17: {older}");
        assert!(older.contains("replaced"), "an older version names its successor: {older}");

        // A short form is taken on Enter.
        type_date(session, &format!("2025-5-1{}", char::from(Key::Enter))).await?;
        wait_for_version(session, "2025-04-17").await?;
        let field = session.client.find(Locator::Id("as-of-date")).await?;
        assert_eq!(field.prop("value").await?.as_deref(), Some("2025-05-01"));
        session.wait_for_text("main .clauses", "machine learning", READ_TIMEOUT).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn review_survives_restart() -> anyhow::Result<()> {
    let session = Session::start().await?;
    let outcome = tokio::time::timeout(clausewatch_e2e::session::TEST_TIMEOUT, async {
        session.go(NETFLIX_TERMS).await?;
        session.wait_for_text("main .clauses", "machine learning", IMPORT_TIMEOUT).await?;
        session.open_clause("machine learning").await?;
        session.wait_for_text("[data-testid='timeline-changes']", "(ix)", READ_TIMEOUT).await?;
        let timeline = session.client.current_url().await?;

        let reason = session.client.find(Locator::Css("[data-testid='review-reason']")).await?;
        reason.send_keys("Checked with counsel").await?;
        let button =
            session.client.find(Locator::XPath("//button[text()='Mark reviewed']")).await?;
        button.click().await?;
        session.wait_for_text("[data-testid='review-state']", "reviewed", READ_TIMEOUT).await?;
        anyhow::Ok(timeline)
    })
    .await;
    let timeline = match outcome {
        Ok(Ok(timeline)) => timeline,
        Ok(Err(error)) => {
            session.finish().await;
            return Err(error);
        }
        Err(_) => {
            session.finish().await;
            anyhow::bail!("marking a change reviewed timed out");
        }
    };

    let session = session.restart().await.context("the app did not start again")?;
    let fragment = timeline.fragment().unwrap_or_default().to_owned();
    let reread = tokio::time::timeout(READ_TIMEOUT * 3, async {
        session.go(&format!("#{fragment}")).await?;
        let state = session
            .wait_for_text("[data-testid='review-state']", "reviewed", READ_TIMEOUT * 2)
            .await?;
        let record = session
            .wait_for_text("[data-testid='review-record']", "Checked with counsel", READ_TIMEOUT)
            .await?;
        // Clear makes the change unreviewed again.
        session.client.find(Locator::XPath("//button[text()='Clear']")).await?.click().await?;
        let count = "return document.querySelectorAll(\"[data-testid='review-record'], \
                     [data-testid='review-state']\").length;";
        let deadline = std::time::Instant::now() + READ_TIMEOUT;
        loop {
            let left: u64 = serde_json::from_value(session.client.execute(count, vec![]).await?)?;
            if left == 0 {
                break;
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "{left} review marks remain");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        anyhow::Ok((state, record))
    })
    .await;
    session.finish().await;
    let (state, record) = reread.context("reading the timeline after the restart timed out")??;
    assert_eq!(state.trim(), "reviewed");
    assert!(record.starts_with("reviewed by "), "{record}");
    Ok(())
}

/// Takes the watch lock of the store in `folder` the way another Clausewatch process would,
/// waiting for the closed app to let go of it.
fn hold_watch_lock(folder: &std::path::Path) -> anyhow::Result<std::fs::File> {
    use std::io::Write;

    let path = folder.join("clausewatch.sqlite3.watch-lock");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    let deadline = std::time::Instant::now() + READ_TIMEOUT;
    while let Err(error) = file.try_lock() {
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the closed app still holds {}: {error}", path.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    file.set_len(0)?;
    writeln!(file, "{}", std::process::id())?;
    Ok(file)
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn window_says_when_another_process_watches() -> anyhow::Result<()> {
    let session = Session::start().await?;
    let mut holder = None;
    let session = session
        .restart_after(|folder| {
            holder = Some(hold_watch_lock(folder)?);
            Ok(())
        })
        .await
        .context("the app did not start again")?;

    let notice = tokio::time::timeout(READ_TIMEOUT * 2, async {
        session.wait_for_text("[data-testid='watch-notice']", "already checks", READ_TIMEOUT).await
    })
    .await;
    session.finish().await;
    drop(holder);

    let notice = notice.context("waiting for the notice timed out")??;
    assert!(notice.contains("This window does not check sources"), "{notice}");
    let holder_id = format!("process id {}", std::process::id());
    assert!(notice.contains(&holder_id), "names the process that watches: {notice}");
    Ok(())
}

/// Clicks the button labelled `label` inside the form whose field has the id `field`.
async fn press_form_button(session: &Session, field: &str, label: &str) -> anyhow::Result<()> {
    let script = "const form = document.getElementById(arguments[0]).closest('form');
        const button = [...form.querySelectorAll('button')]
            .find((candidate) => candidate.textContent.trim() === arguments[1]);
        if (!button) { throw new Error('no button ' + arguments[1]); }
        button.click();";
    let arguments = vec![serde_json::Value::from(field), serde_json::Value::from(label)];
    session.client.execute(script, arguments).await?;
    Ok(())
}

/// Counts the rows of `table` in the SQLite file at `path`.
fn count_rows(path: &std::path::Path, table: &str) -> anyhow::Result<i64> {
    let connection = rusqlite::Connection::open(path)?;
    Ok(connection.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?)
}

#[tokio::test]
#[ignore = "drives the real window; run with `make e2e`"]
async fn restore_checks_file_before_asking() -> anyhow::Result<()> {
    clausewatch_e2e::run(async |session| {
        session.go("#/platforms").await?;
        session.wait_for_text("main table", "Netflix", IMPORT_TIMEOUT).await?;
        let files = tempfile::tempdir()?;
        let backup = files.path().join("backup.sqlite3");
        let notes = files.path().join("notes.txt");
        std::fs::write(&notes, "not a database")?;

        session.go("#/settings").await?;
        session.wait_for_heading("Settings").await?;
        session.set_field("backup-path", &backup.display().to_string()).await?;
        press_form_button(session, "backup-path", "Back up").await?;
        session.wait_for_text("main", "All data was written to", READ_TIMEOUT).await?;

        session.set_field("restore-path", &notes.display().to_string()).await?;
        press_form_button(session, "restore-path", "Restore…").await?;
        let main =
            session.wait_for_text("main", "is not a database; nothing was restored", READ_TIMEOUT);
        let main = main.await?;
        assert!(main.contains("notes.txt"), "the error names the file: {main}");
        let contents = Locator::Css("[data-testid='backup-contents']");
        assert!(session.client.find_all(contents).await?.is_empty(), "no question is asked");

        let platforms = count_rows(&backup, "platforms")?;
        let documents = count_rows(&backup, "documents")?;
        let versions = count_rows(&backup, "versions")?;
        let entries = count_rows(&backup, "audit_log")?;
        session.set_field("restore-path", &backup.display().to_string()).await?;
        press_form_button(session, "restore-path", "Restore…").await?;
        let summary = session
            .wait_for_text("[data-testid='backup-contents']", "The backup holds", READ_TIMEOUT)
            .await?;
        let expected_start = format!(
            "The backup holds {platforms} platforms, {documents} documents and {versions} \
             versions, the newest recorded"
        );
        assert!(summary.starts_with(&expected_start), "{summary}");
        let expected_end = match entries {
            0 => "Its audit log is empty.".to_owned(),
            1 => "Its audit log of 1 entry passes its check.".to_owned(),
            _ => format!("Its audit log of {entries} entries passes its check."),
        };
        assert!(summary.ends_with(&expected_end), "{summary}");

        let replace = Locator::XPath("//button[normalize-space()='Replace all data']");
        session.client.find(replace).await?.click().await?;
        session.wait_for_text("main", "All data was replaced by", READ_TIMEOUT).await?;
        Ok(())
    })
    .await
}
