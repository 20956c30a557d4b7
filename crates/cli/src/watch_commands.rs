//! The source, sources, check and watch subcommands, and the import of declaration files.
//! They call the watcher's check pass and scheduler, the same ones the desktop app runs.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::Utc;

use clausewatch_store::Store;
use clausewatch_store::checks::CheckRecord;
use clausewatch_store::settings::{MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS};
use clausewatch_store::sources::{SourcePage, SourceUpdate};
use clausewatch_watcher::checker::{CheckConfig, Checker, PassReport};
use clausewatch_watcher::fetch::{FetchConfig, Fetcher, SystemClock};
use clausewatch_watcher::import::import_declarations;
use clausewatch_watcher::notify::{NotifySettings, notifications, send};
use clausewatch_watcher::schedule::{self, ScheduleConfig};
use clausewatch_watcher::source_form::{SourceForm, save_source};
use clausewatch_watcher::watch_lock::WatchLock;

use crate::commands::Output;
use crate::render::{counted, shorten, table};
use crate::watch_args::{SettingsArgs, SourceCommand};

pub use clausewatch_watcher::import::is_declaration_path;

/// Imports declaration files as sources, reports unimplemented filters by name, lists the files
/// that could not be imported and then fails.
pub fn import_declaration_files(store: &mut Store, path: &Path, out: &Output) -> Result<()> {
    let actor = crate::analysis_commands::current_user()?;
    let report = import_declarations(store, path, &actor, Utc::now())
        .with_context(|| format!("import of the declarations in {} failed", path.display()))?;
    out.emit(&report, |w| {
        let mut rows = table(["Platform", "Document", "Source", "Re-extracted"]);
        for source in &report.sources {
            let update = match source.update {
                SourceUpdate::Created => "added",
                SourceUpdate::Unchanged => "unchanged",
                SourceUpdate::IntervalChanged => "interval changed",
                SourceUpdate::RulesChanged => "rules changed",
            };
            let reextracted = if source.reextracted { "yes" } else { "" };
            rows.add_row(vec![&source.platform, &source.document, update, reextracted]);
        }
        writeln!(w, "{rows}")?;
        for warning in &report.warnings {
            writeln!(w, "warning: {warning}")?;
        }
        for failed in &report.failed {
            writeln!(w, "failed: {failed}")?;
        }
        writeln!(
            w,
            "{} imported.",
            crate::render::count(report.sources.len(), "source", "sources")
        )?;
        Ok(())
    })?;
    crate::commands::ensure_all_imported(
        report.failed.len(),
        "The sources of the other files are imported",
    )
}

/// Runs `clausewatch source add|remove`.
pub fn source(store: &mut Store, command: SourceCommand, out: &Output) -> Result<()> {
    match command {
        SourceCommand::Add { platform, document, urls, select, remove, interval_hours } => {
            for (flag, selectors) in [("--select", &select), ("--remove", &remove)] {
                if selectors.iter().any(|selector| selector.trim().is_empty()) {
                    bail!(
                        "invalid {flag} \"\": give a CSS selector such as main, or leave \
                         {flag} out"
                    );
                }
            }
            let stored = match store.sources_matching(Some(&platform), Some(&document)) {
                Ok(mut stored) if !stored.is_empty() => Some(stored.remove(0)),
                _ => None,
            };
            let interval_seconds = match (interval_hours, &stored) {
                (Some(hours), _) => interval_seconds("--interval-hours", hours)?,
                // A stored source keeps its interval; a new one takes the settings' interval.
                (None, Some(stored)) => stored.interval_seconds,
                (None, None) => store.watch_settings()?.check_interval_seconds,
            };
            let form = SourceForm { platform, document, urls, select, remove, interval_seconds };
            let actor = crate::analysis_commands::current_user()?;
            let saved =
                save_source(store, &form, "cli", &actor, Utc::now()).context("invalid source")?;
            let (update, reextracted) = (saved.update, saved.reextracted);
            let result = serde_json::json!({
                "update": update,
                "reextracted": reextracted,
                "warning": saved.warning,
            });
            out.emit(&result, |w| {
                let what = match update {
                    SourceUpdate::Created => "Source added",
                    SourceUpdate::Unchanged => "Source unchanged",
                    SourceUpdate::IntervalChanged => "Source interval changed",
                    SourceUpdate::RulesChanged => "Source rules changed",
                };
                writeln!(w, "{what}: {} {}.", form.platform.trim(), form.document.trim())?;
                if let (SourceUpdate::RulesChanged, Some(stored)) = (update, &stored) {
                    writeln!(w, "Rules were: {}.", describe_pages(&stored.pages))?;
                    writeln!(w, "Rules now: {}.", describe_pages(&form.pages()?))?;
                }
                if reextracted {
                    writeln!(w, "The last snapshots were re-extracted under the new rules.")?;
                }
                if let Some(warning) = &saved.warning {
                    writeln!(w, "Warning: {warning}.")?;
                }
                Ok(())
            })
        }
        SourceCommand::Remove { platform, document } => {
            let actor = crate::analysis_commands::current_user()?;
            store.remove_source(&platform, &document, &actor, Utc::now())?;
            out.emit(&serde_json::json!({ "removed": true }), |w| {
                writeln!(w, "Source removed: {platform} {document}. Its versions stay.")?;
                Ok(())
            })
        }
    }
}

/// Describes the pages and selectors of a source in one line, so that a replaced rule shows.
fn describe_pages(pages: &[SourcePage]) -> String {
    let rules = |values: &[serde_json::Value]| -> String {
        let parts: Vec<String> = values
            .iter()
            .map(|value| match value {
                serde_json::Value::String(selector) => selector.clone(),
                other => other.to_string(),
            })
            .collect();
        parts.join(", ")
    };
    let described: Vec<String> = pages
        .iter()
        .map(|page| {
            let mut text = page.url.clone();
            match rules(&page.select) {
                selected if selected.is_empty() => text.push_str(" (whole page"),
                selected => text.push_str(&format!(" (select {selected}")),
            }
            let removed = rules(&page.remove);
            if !removed.is_empty() {
                text.push_str(&format!("; remove {removed}"));
            }
            text.push(')');
            text
        })
        .collect();
    described.join(", ")
}

/// Returns `hours`, given with `flag`, in whole seconds, or an error naming the flag and the
/// range a check interval must be in.
fn interval_seconds(flag: &str, hours: f64) -> Result<i64> {
    let (min, max) = (MIN_INTERVAL_SECONDS as f64 / 3600.0, MAX_INTERVAL_SECONDS as f64 / 3600.0);
    if !(hours.is_finite() && (min..=max).contains(&hours)) {
        bail!(
            "invalid {flag} {hours}; give a number of hours from {min} (15 minutes) to {max} (30 days)"
        );
    }
    // Within the range, the rounded number of seconds fits an i64.
    #[allow(clippy::cast_possible_truncation)]
    Ok((hours * 3600.0).round() as i64)
}

/// Runs `clausewatch settings`: prints the watch settings after applying the changes given.
pub fn settings(store: &mut Store, args: SettingsArgs, out: &Output) -> Result<()> {
    let mut settings = store.watch_settings()?;
    let changing = args.check_interval_hours.is_some()
        || args.notify_min_severity.is_some()
        || args.notify_non_substantive.is_some()
        || args.apply_to_sources;
    if let Some(hours) = args.check_interval_hours {
        settings.check_interval_seconds = interval_seconds("--check-interval-hours", hours)?;
    }
    if let Some(level) = args.notify_min_severity {
        settings.notify_min_severity = level.trim().to_lowercase();
    }
    if let Some(include) = args.notify_non_substantive {
        settings.notify_non_substantive = include;
    }

    let mut applied = 0;
    if changing {
        let actor = crate::analysis_commands::current_user()?;
        applied = store.set_watch_settings(&settings, args.apply_to_sources, &actor, Utc::now())?;
    }
    let result = serde_json::json!({ "settings": settings, "sources_changed": applied });
    out.emit(&result, |w| {
        #[allow(clippy::cast_precision_loss)]
        let hours = settings.check_interval_seconds as f64 / 3600.0;
        let unit = if (hours - 1.0).abs() < f64::EPSILON { "hour" } else { "hours" };
        writeln!(w, "Check interval of new sources: {hours} {unit}")?;
        writeln!(w, "Lowest severity notified: {}", settings.notify_min_severity)?;
        let other = if settings.notify_non_substantive { "yes" } else { "no" };
        writeln!(w, "Notify changes that leave the wording unchanged: {other}")?;
        if args.apply_to_sources {
            writeln!(w, "{applied} sources took the new interval.")?;
        }
        Ok(())
    })
}

/// Runs `clausewatch sources`.
pub fn sources(store: &Store, out: &Output) -> Result<()> {
    let statuses = store.source_statuses()?;

    // The JSON output adds each source's pages with their selectors to its status.
    let stored = store.sources_matching(None, None)?;
    let mut listed = Vec::with_capacity(statuses.len());
    for status in &statuses {
        let mut value = serde_json::to_value(status)?;
        let pages = stored
            .iter()
            .find(|source| source.platform == status.platform && source.document == status.document)
            .map(|source| source.pages.clone())
            .unwrap_or_default();
        value["pages"] = serde_json::to_value(pages)?;
        listed.push(value);
    }

    out.emit(&listed, |w| {
        if statuses.is_empty() {
            writeln!(w, "No sources yet. Add one with `clausewatch source add`.")?;
            return Ok(());
        }
        let mut rows = table([
            "Platform",
            "Document",
            "Last checked",
            "Last changed",
            "Next check",
            "Failures",
            "Last error",
        ]);
        for status in &statuses {
            let mut failures = status.consecutive_failures.to_string();
            if status.needs_attention {
                failures.push_str(" (needs attention)");
            }
            rows.add_row(vec![
                status.platform.clone(),
                status.document.clone(),
                status.last_checked_at.clone().unwrap_or_default(),
                status.last_changed_at.clone().unwrap_or_default(),
                status.next_check_at.clone(),
                failures,
                shorten(status.last_error.as_deref().unwrap_or_default(), 60),
            ]);
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

/// Runs `clausewatch check`: one pass over the chosen sources now, allowing `fetch_timeout`
/// seconds for each page (checked by the argument parser).
pub fn check(
    store: Store,
    platform: Option<&str>,
    document: Option<&str>,
    notify: bool,
    fetch_timeout: f64,
    out: &Output,
) -> Result<()> {
    let sources = store.sources_matching(platform, document)?;
    if sources.is_empty() {
        bail!("no sources to check; add one with `clausewatch source add` or import declarations");
    }
    let settings = NotifySettings::from(&store.watch_settings()?);
    let runtime = runtime()?;
    let fetch = FetchConfig {
        max_fetch_time: Duration::from_secs_f64(fetch_timeout),
        ..FetchConfig::default()
    };
    let checker = Arc::new(checker(store, fetch)?);
    let report = runtime.block_on(async {
        let report = checker.check_sources(sources, Utc::now()).await;
        if notify {
            send(&notifications(&report, &settings), None).await;
        }
        report
    });
    print_pass(&report, out)?;
    if !report.errors.is_empty() {
        bail!("{} checks could not be recorded: {}", report.errors.len(), report.errors.join("; "));
    }
    // A failed check is recorded, but a script running `check` must still see it.
    let failed = report.records.iter().filter(|record| record.outcome == "failed").count();
    if failed > 0 {
        bail!(
            "{failed} of {} checks failed; their reasons are listed above, in full with \
             `clausewatch --json check` or `clausewatch --json sources`",
            report.records.len()
        );
    }
    Ok(())
}

/// Runs `clausewatch watch`: the scheduler in the foreground until SIGINT or SIGTERM.
pub fn watch(store: Store, notify: bool, out: &Output) -> Result<()> {
    let _lock = WatchLock::acquire(store.path())?;
    let settings = NotifySettings::from(&store.watch_settings()?);
    // The scheduler picks up sources added later, but a user who expected checks should know.
    if store.next_check_at()?.is_none() {
        eprintln!(
            "No sources to check in {}; add one with `clausewatch source add PLATFORM DOCUMENT \
             URL`. Watching for sources added from now on.",
            store.path().display()
        );
    }
    let runtime = runtime()?;
    let checker = Arc::new(checker(store, FetchConfig::default())?);
    let json = out.json;
    runtime.block_on(async move {
        let on_pass: schedule::PassCallback = Arc::new(move |report: &PassReport| {
            let printed =
                if json { print_pass_line(report) } else { print_pass(report, &Output { json }) };
            if let Err(error) = printed {
                tracing::warn!(%error, "pass report not printed");
            }
            if notify {
                let messages = notifications(report, &settings);
                tokio::spawn(async move { send(&messages, None).await });
            }
        });
        let handle =
            schedule::spawn(checker, Arc::new(SystemClock), ScheduleConfig::default(), on_pass);
        let token = handle.token();
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .context("could not listen for SIGTERM")?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
            () = token.cancelled() => {}
        }
        let stopping = b"Stopping: a check in progress, if any, is recorded first.\n";
        let _ = std::io::Write::write_all(&mut std::io::stderr(), stopping);
        handle.stop().await;
        Ok(())
    })
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")
}

fn checker(store: Store, fetch: FetchConfig) -> Result<Checker> {
    let fetcher = Fetcher::new(fetch).context("could not build the fetcher")?;
    Ok(Checker::new(Arc::new(Mutex::new(store)), Arc::new(fetcher), CheckConfig::default()))
}

/// Prints `report` as one line of JSON, so that the passes of `watch --json` read as JSON Lines.
fn print_pass_line(report: &PassReport) -> Result<()> {
    use std::io::Write as _;

    let line = serde_json::to_string(report)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()?;
    Ok(())
}

fn print_pass(report: &PassReport, out: &Output) -> Result<()> {
    out.emit(report, |w| {
        let mut rows = table(["Platform", "Document", "Outcome", "Details"]);
        for record in &report.records {
            rows.add_row(vec![
                record.platform.clone(),
                record.document.clone(),
                record.outcome.to_owned(),
                details(record),
            ]);
        }
        writeln!(w, "{rows}")?;
        let changed = report.records.iter().filter(|record| record.outcome == "changed").count();
        writeln!(
            w,
            "{} checked at {}, {changed} changed.",
            report.records.len(),
            report.checked_at
        )?;
        if report.stopped > 0 {
            writeln!(
                w,
                "{} stopped before finishing; {} at the next start.",
                counted(report.stopped, "check"),
                if report.stopped == 1 { "it runs" } else { "they run" }
            )?;
        }
        Ok(())
    })
}

fn details(record: &CheckRecord) -> String {
    match record.outcome {
        "changed" if record.first_version => "first version recorded".to_owned(),
        // The text changed outside its clauses only, in a heading or a rule between them.
        "changed" if record.substantive_changes == 0 && record.non_substantive_changes == 0 => {
            "new version; no clause changed".to_owned()
        }
        "changed" => {
            let mut text = format!(
                "{} substantive, {} other changes",
                record.substantive_changes, record.non_substantive_changes
            );
            if record.major {
                text.push_str("; major: most clauses removed");
            }
            if let Some(top) = &record.top_change {
                text.push_str("; ");
                text.push_str(&shorten(top, 80));
            }
            text
        }
        "failed" => shorten(record.reason.as_deref().unwrap_or_default(), 100),
        "alternating" => {
            "flipped back to a recent text; recorded as a version if the next check shows it too"
                .to_owned()
        }
        _ => String::new(),
    }
}
