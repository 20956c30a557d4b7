//! Desktop app figures, printed as lines of text. The bench measures the time from process
//! start until the dashboard lists 20 changes read from the store, and the idle memory of the
//! app and its WebKit processes (PSS summed over the process tree). It also measures the time
//! to show a clause timeline of 15 versions.
//!
//! Run on a virtual display with a release build of the app:
//! `cargo build --release -p clausewatch-desktop --features custom-protocol`, then
//! `CLAUSEWATCH_APP=$CARGO_TARGET_DIR/release/clausewatch-desktop xvfb-run -a dbus-run-session
//! -- cargo bench -p clausewatch-e2e --bench desktop`. The first launch imports the demo
//! archive; every figure is taken on later launches of the same data folder.
//!
//! With `CLAUSEWATCH_BARE_WEBVIEW` set to a build of the desktop crate's `bare_webview` example,
//! the bench also sums the idle PSS of a bare WebKitGTK window with the app's settings. That is
//! the floor set by WebKitGTK, GTK and the GL stack before the app adds anything.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clausewatch_e2e::Session;

/// Launches measured after the first one.
const LAUNCHES: usize = 5;

/// Rows the dashboard must list before it counts as shown.
const ROWS: usize = 20;

/// Quiet time before memory is read, so start-up work has settled.
const IDLE: Duration = Duration::from_secs(5);

const NETFLIX_TERMS: &str = "#/document?platform=Netflix&document=Terms%20of%20Service";

/// Returns the seconds since boot at which `pid` started, from `/proc/PID/stat`.
fn started_at(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let after_name = &stat[stat.rfind(')').context("no command name")? + 1..];
    // Field 22 of the file (starttime, in clock ticks) is the 20th after the name.
    let ticks: f64 = after_name.split_whitespace().nth(19).context("no start time")?.parse()?;
    Ok(ticks / 100.0)
}

/// Returns the seconds since boot, from `/proc/uptime`.
fn uptime() -> anyhow::Result<f64> {
    let text = std::fs::read_to_string("/proc/uptime")?;
    Ok(text.split_whitespace().next().context("empty /proc/uptime")?.parse()?)
}

/// Returns the PSS of `pid` in KiB, from `/proc/PID/smaps_rollup`.
fn pss_kib(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    text.lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Returns the app's process id: the process below the driver running the app binary.
fn app_pid(session: &Session) -> anyhow::Result<u32> {
    let app = clausewatch_e2e::paths::app_binary()?;
    let app = std::fs::canonicalize(&app).unwrap_or(app);
    session
        .processes()
        .into_iter()
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
        .with_context(|| format!("no process runs {}", app.display()))
}

/// Waits until the dashboard lists at least [`ROWS`] changes.
async fn wait_for_dashboard(session: &Session, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    let script = "return document.querySelectorAll('tr.change-row').length;";
    loop {
        let rows = session.client.execute(script, vec![]).await?.as_u64().unwrap_or(0);
        if rows >= ROWS as u64 {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the dashboard listed {rows} changes after {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Returns the milliseconds from opening `clause`'s timeline until it lists 15 versions.
async fn timeline_millis(session: &Session, clause: &str) -> anyhow::Result<f64> {
    session.go("#/dashboard").await?;
    session.wait_for_heading("Dashboard").await?;
    let script = "const [hash, done] = arguments;
        const start = performance.now();
        window.location.hash = hash;
        const check = () => {
          if (document.querySelectorAll('ol.entries li').length >= 15) {
            done(performance.now() - start);
          } else {
            requestAnimationFrame(check);
          }
        };
        check();";
    let hash = format!("#/timeline?clause={clause}");
    let value = session.client.execute_async(script, vec![serde_json::Value::from(hash)]).await?;
    value.as_f64().context("the timeline script returned no time")
}

/// Returns the id of a Netflix Terms of Service clause present in all 15 versions.
async fn clause_in_every_version(session: &Session) -> anyhow::Result<String> {
    session.go(NETFLIX_TERMS).await?;
    session.wait_for_text("main .clauses", "Netflix", Duration::from_secs(20)).await?;
    let script = "return [...document.querySelectorAll('li.clause')]
        .map((li) => li.getAttribute('data-clause-id'));";
    let ids: Vec<String> = serde_json::from_value(session.client.execute(script, vec![]).await?)?;
    for id in ids.iter().take(40) {
        session.go(&format!("#/timeline?clause={id}")).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let count = session
            .client
            .execute("return document.querySelectorAll('ol.entries li').length;", vec![])
            .await?
            .as_u64()
            .unwrap_or(0);
        if count >= 15 {
            return Ok(id.clone());
        }
    }
    bail!("no clause among the first 40 appears in 15 versions")
}

/// Environment variable naming the bare WebKitGTK window to measure beside the app.
const BARE_ENV: &str = "CLAUSEWATCH_BARE_WEBVIEW";

/// Launches the bare window [`LAUNCHES`] times and returns its idle PSS in MiB, each read after
/// as long as a launch of the app takes to list its changes and idle.
fn bare_window_mib(binary: &str) -> anyhow::Result<Vec<f64>> {
    let mut memory = Vec::new();
    for _ in 0..LAUNCHES {
        let mut child = std::process::Command::new(binary)
            .stdin(std::process::Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {binary} (named by {BARE_ENV})"))?;
        std::thread::sleep(IDLE + Duration::from_secs(1));

        let pid = child.id();
        let tree: Vec<u32> =
            std::iter::once(pid).chain(clausewatch_e2e::process_tree::descendants(pid)).collect();
        if tree.len() < 3 {
            let _ = child.kill();
            bail!("{binary} runs {} processes instead of a window and two WebKit ones", tree.len());
        }
        let kib: u64 = tree.iter().map(|pid| pss_kib(*pid)).sum();
        memory.push(kib as f64 / 1024.0);
        clausewatch_e2e::process_tree::stop_all(&tree, Duration::from_secs(5));
        let _ = child.wait();
    }
    Ok(memory)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut session = Session::start().await?;
    wait_for_dashboard(&session, Duration::from_secs(180)).await.context("first launch")?;

    let mut startups = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..LAUNCHES {
        session = session.restart().await?;
        let pid = app_pid(&session)?;
        let started = started_at(pid)?;
        wait_for_dashboard(&session, Duration::from_secs(30)).await?;
        startups.push((uptime()? - started) * 1000.0);

        tokio::time::sleep(IDLE).await;
        let tree: Vec<u32> =
            std::iter::once(pid).chain(clausewatch_e2e::process_tree::descendants(pid)).collect();
        let kib: u64 = tree.iter().map(|pid| pss_kib(*pid)).sum();
        memory.push(kib as f64 / 1024.0);
    }

    let clause = clause_in_every_version(&session).await?;
    let mut timelines = Vec::new();
    for _ in 0..7 {
        timelines.push(timeline_millis(&session, &clause).await?);
    }
    session.finish().await;

    println!("launches measured: {LAUNCHES}, each on the data folder of the first");
    println!(
        "start until the dashboard lists {ROWS} changes: median {:.0} ms (all: {:?})",
        median(startups.clone()),
        startups.iter().map(|ms| ms.round()).collect::<Vec<_>>()
    );
    println!(
        "idle PSS of the app and its WebKit processes: median {:.0} MiB (all: {:?})",
        median(memory.clone()),
        memory.iter().map(|mib| mib.round()).collect::<Vec<_>>()
    );
    println!(
        "clause timeline of 15 versions: median {:.1} ms (all: {:?})",
        median(timelines.clone()),
        timelines.iter().map(|ms| (ms * 10.0).round() / 10.0).collect::<Vec<_>>()
    );

    match std::env::var(BARE_ENV) {
        Ok(binary) => {
            let bare = bare_window_mib(&binary)?;
            println!(
                "idle PSS of a bare WebKitGTK window and its WebKit processes: median {:.0} MiB \
                 (all: {:?})",
                median(bare.clone()),
                bare.iter().map(|mib| mib.round()).collect::<Vec<_>>()
            );
        }
        Err(_) => println!("bare WebKitGTK window: not measured; set {BARE_ENV} to measure it"),
    }
    Ok(())
}
