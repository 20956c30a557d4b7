//! One function per subcommand: each calls the store and prints a table or JSON.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use serde::Serialize;

use clausewatch_store::Store;
use clausewatch_store::model::{MATCH_END, MATCH_START, SearchHit};
use clausewatch_store::queries::ChangeFilter;

use crate::analysis_commands;
use crate::render::{counted, heading, shorten, table, write_change};

/// Output settings: JSON for programs or tables for people.
pub struct Output {
    pub json: bool,
}

impl Output {
    pub(crate) fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let mut stdout = anstream::stdout();
        if self.json {
            serde_json::to_writer_pretty(&mut stdout, value)?;
            writeln!(stdout)?;
        } else {
            human(&mut stdout)?;
        }
        Ok(())
    }

    fn color(&self) -> bool {
        std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
    }
}

/// Runs `clausewatch import` on a versions folder: stores every valid version, lists the files
/// that failed or were skipped, and fails when any file failed.
pub fn import(store: &mut Store, path: &Path, out: &Output) -> Result<()> {
    let import = store
        .import_versions(path, Utc::now())
        .with_context(|| format!("import of {} failed", path.display()))?;
    let reports = &import.documents;
    out.emit(&import, |w| {
        // Each report names the document as stored, so folders whose names differ only in
        // case give equal names, and their counts are added up in one row.
        let mut merged: Vec<(&str, &str, usize, usize)> = Vec::new();
        for report in reports {
            let stored =
                merged.iter_mut().find(|row| row.0 == report.platform && row.1 == report.document);
            match stored {
                Some(row) => {
                    row.2 += report.added.len();
                    row.3 += report.unchanged;
                }
                None => merged.push((
                    &report.platform,
                    &report.document,
                    report.added.len(),
                    report.unchanged,
                )),
            }
        }
        let mut rows = table(["Platform", "Document", "Added", "Already stored"]);
        for (platform, document, added, unchanged) in &merged {
            rows.add_row(vec![
                (*platform).to_owned(),
                (*document).to_owned(),
                added.to_string(),
                unchanged.to_string(),
            ]);
        }
        writeln!(w, "{rows}")?;
        let added: usize = merged.iter().map(|row| row.2).sum();
        let versions = crate::render::count(added, "version", "versions");
        let documents = crate::render::count(merged.len(), "document", "documents");
        writeln!(w, "{versions} added across {documents}.")?;
        write_followed_reviews(w, reports)?;
        for skipped in &import.skipped {
            writeln!(w, "skipped: {skipped}")?;
        }
        for failed in &import.failed {
            writeln!(w, "failed: {failed}")?;
        }
        Ok(())
    })?;
    ensure_all_imported(import.failed.len(), "The versions stored by this import stay stored")
}

/// Writes how many review states the import moved with their change or removed, when any.
fn write_followed_reviews(
    w: &mut dyn Write,
    reports: &[clausewatch_store::ingest::IngestReport],
) -> std::io::Result<()> {
    let moved: usize = reports.iter().map(|report| report.reviews_moved).sum();
    let removed: usize = reports.iter().map(|report| report.reviews_removed).sum();
    if moved > 0 {
        writeln!(w, "Reviews moved with their change to a version added in between: {moved}.")?;
    }
    if removed > 0 {
        writeln!(
            w,
            "Reviews removed because the reviewed change no longer exists: {removed}. \
             `clausewatch audit export` lists them as review.clear entries."
        )?;
    }
    Ok(())
}

/// Fails when an import left out `failed` files, listed above the error, telling the user to
/// correct them and saying what the import kept (`kept`, one sentence).
pub fn ensure_all_imported(failed: usize, kept: &str) -> Result<()> {
    if failed == 0 {
        return Ok(());
    }
    let count = crate::render::count(failed, "file was", "files were");
    let them = if failed == 1 { "it" } else { "them" };
    bail!("{count} not imported, as listed above; correct {them} and import again. {kept}")
}

pub fn platforms(store: &Store, out: &Output) -> Result<()> {
    let platforms = store.platforms()?;
    out.emit(&platforms, |w| {
        if platforms.is_empty() {
            writeln!(w, "No platforms yet. Import an archive with `clausewatch import PATH`.")?;
            return Ok(());
        }
        let mut rows = table([
            "Platform",
            "Document",
            "Versions",
            "First recorded",
            "Last recorded",
            "Last substantive change",
        ]);
        for platform in &platforms {
            for document in &platform.documents {
                rows.add_row(vec![
                    platform.name.clone(),
                    document.document.clone(),
                    document.versions.to_string(),
                    document.first_recorded.clone().unwrap_or_default(),
                    document.last_recorded.clone().unwrap_or_default(),
                    document.last_substantive_change.clone().unwrap_or_else(|| "—".into()),
                ]);
            }
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}

pub fn versions(store: &Store, platform: &str, document: &str, out: &Output) -> Result<()> {
    let document = store.resolve_document(platform, document)?;
    let versions = store.versions(&document)?;
    out.emit(&versions, |w| {
        let mut rows = table([
            "Recorded at",
            "Stated date",
            "Clauses",
            "Substantive",
            "Formatting",
            "SHA-256",
        ]);
        for version in &versions {
            rows.add_row(vec![
                version.recorded_at.clone(),
                version.stated_date.clone().unwrap_or_else(|| "—".into()),
                version.clauses.to_string(),
                version.substantive_changes.to_string(),
                version.non_substantive_changes.to_string(),
                version.sha256[..12].to_owned(),
            ]);
        }
        writeln!(w, "{} — {}\n{rows}", document.platform, document.document)?;
        Ok(())
    })
}

pub fn changes(
    store: &Store,
    platform: &str,
    document: &str,
    since: Option<&str>,
    until: Option<&str>,
    substantive: bool,
    out: &Output,
) -> Result<()> {
    let document = store.resolve_document(platform, document)?;
    let since = since.map(|value| parse_bound("--since", value, "00:00:00")).transpose()?;
    let until = until.map(|value| parse_bound("--until", value, "23:59:59")).transpose()?;
    if let (Some(since), Some(until)) = (&since, &until)
        && since.time > until.time
    {
        bail!(
            "--since {} is after --until {}: give a range whose start comes first",
            since.time,
            until.time
        );
    }
    let filter = ChangeFilter {
        since: since.as_ref().map(|bound| bound.date),
        until: until.as_ref().map(|bound| bound.date),
        substantive_only: substantive,
    };
    let mut changes = store.changes(&document, &filter)?;
    // The store filters by day; a bound with a time of day narrows that day further.
    changes.retain(|change| {
        since.as_ref().is_none_or(|bound| change.recorded_at >= bound.time)
            && until.as_ref().is_none_or(|bound| change.recorded_at <= bound.time)
    });
    let color = out.color();
    out.emit(&changes, |w| {
        if changes.is_empty() {
            let scope = if filter.since.is_some() || filter.until.is_some() {
                " in that range"
            } else {
                ""
            };
            writeln!(
                w,
                "No change records for {} {}{scope}.",
                document.platform, document.document
            )?;
        }
        for change in &changes {
            write_change(w, change, color)?;
        }
        Ok(())
    })
}

pub fn clause(store: &Store, clause_id: &str, out: &Output) -> Result<()> {
    let clause_id = clause_id.trim().to_ascii_lowercase();
    let history = store.clause_history(&clause_id)?;
    let analysis = analysis_commands::clause_analysis(store, &clause_id)?;
    let report = analysis_commands::ClauseReport { history: &history, analysis: &analysis };
    out.emit(&report, |w| {
        writeln!(w, "Clause {} of {} — {}", history.clause_id, history.platform, history.document)?;
        match &history.absent_before {
            Some(absent) => {
                writeln!(w, "First recorded {} (absent on {absent}).", history.first_recorded)?
            }
            None => writeln!(
                w,
                "First recorded {} (the document's first version).",
                history.first_recorded
            )?,
        }
        writeln!(w)?;
        let mut rows = table(["Recorded at", "Marker", "Heading path", "Text"]);
        for entry in &history.entries {
            rows.add_row(vec![
                entry.recorded_at.clone(),
                entry.marker.clone().unwrap_or_default(),
                heading(&entry.heading_path),
                shorten(&entry.text, 90),
            ]);
        }
        writeln!(w, "{rows}\n")?;
        for change in &history.changes {
            writeln!(
                w,
                "{} → {}  {}: {}",
                change.recorded_before, change.recorded_at, change.kind, change.summary
            )?;
            let severity = change.severity.as_deref().unwrap_or("not rated");
            let review = change.review_state.as_deref().unwrap_or("not reviewed");
            writeln!(w, "  Severity: {severity}. Review: {review}.")?;
        }
        for link in &history.links {
            writeln!(
                w,
                "{}: {} → {} ({})",
                link.relation, link.from_clause_id, link.to_clause_id, link.recorded_at
            )?;
        }
        analysis_commands::write_clause_analysis(w, &analysis)?;
        Ok(())
    })
}

pub fn as_of(
    store: &Store,
    platform: &str,
    document: &str,
    date: &str,
    out: &Output,
) -> Result<()> {
    let document = store.resolve_document(platform, document)?;
    let date = parse_date_arg("DATE", date)?;
    let text = store.as_of(&document, date)?;
    out.emit(&text, |w| {
        let until = text.superseded_at.as_deref().map_or("still current".to_owned(), |at| {
            format!("superseded by the version recorded {at}")
        });
        writeln!(w, "{} — {} as of {}", text.platform, text.document, text.date)?;
        writeln!(w, "Version recorded {}; {until}.", text.version.recorded_at)?;
        if let Some(stated) = &text.version.stated_date {
            writeln!(w, "The text states the date {stated}.")?;
            if stated.as_str() > text.date.as_str() {
                writeln!(
                    w,
                    "Note: that date is after {}; this version may announce terms that were \
                     not yet in force on {}. Compare with the version before it.",
                    text.date, text.date
                )?;
            }
        }
        writeln!(w, "\n{}", text.content.trim_end())?;
        Ok(())
    })
}

pub fn diff(
    store: &Store,
    platform: &str,
    document: &str,
    from: &str,
    to: &str,
    substantive: bool,
    out: &Output,
) -> Result<()> {
    let document = store.resolve_document(platform, document)?;
    let from = store.resolve_version(&document, from)?;
    let to = store.resolve_version(&document, to)?;
    if from.id == to.id {
        bail!(
            "FROM and TO are the same version ({}): give two different versions, the older \
             first (`clausewatch versions {:?} {:?}` lists them)",
            from.recorded_at,
            document.platform,
            document.document
        );
    }
    if from.recorded_at >= to.recorded_at {
        bail!(
            "FROM ({}) must be recorded before TO ({}): give the older version first",
            from.recorded_at,
            to.recorded_at
        );
    }
    let mut changes = store.diff_versions(&document, &from, &to)?;
    if substantive {
        changes.retain(|change| change.substantive);
    }
    let color = out.color();
    out.emit(&changes, |w| {
        writeln!(
            w,
            "{} — {}: {} → {}\n",
            document.platform, document.document, from.recorded_at, to.recorded_at
        )?;
        if changes.is_empty() {
            writeln!(w, "No differences.")?;
        }
        for change in &changes {
            write_change(w, change, color)?;
        }
        Ok(())
    })
}

pub fn search(store: &Store, query: &str, limit: usize, out: &Output) -> Result<()> {
    if limit == 0 {
        bail!("invalid --limit 0: give the maximum number of hits to show, at least 1");
    }
    // One hit more than shown reveals whether the list is cut off.
    let mut hits = store.search(query, limit.saturating_add(1))?;
    let cut_off = hits.len() > limit;
    hits.truncate(limit);
    let json: Vec<serde_json::Value> = hits.iter().map(search_hit_json).collect::<Result<_>>()?;
    out.emit(&json, |w| {
        if hits.is_empty() {
            writeln!(w, "No clause matches {query:?}.")?;
            return Ok(());
        }
        let mut rows =
            table(["Platform", "Document", "Latest version", "Clause", "Marker", "Excerpt"]);
        for hit in &hits {
            rows.add_row(vec![
                hit.platform.clone(),
                hit.document.clone(),
                hit.recorded_at.clone(),
                hit.clause_id.clone(),
                hit.marker.clone().unwrap_or_default(),
                shorten(&bracketed(&hit.snippet), 80),
            ]);
        }
        writeln!(w, "{rows}")?;
        if cut_off {
            writeln!(w, "Showing the best {limit} hits; raise --limit to see more.")?;
        }
        Ok(())
    })
}

pub fn reanalyze(store: &mut Store, out: &Output) -> Result<()> {
    let documents = store.reanalyze_all()?;
    let counts = store.counts()?;
    out.emit(&counts, |w| {
        writeln!(
            w,
            "Re-analysed {}: {} clauses, {} change records.",
            counted(documents, "document"),
            counts.clauses,
            counts.changes
        )?;
        Ok(())
    })
}

/// A bound of a range of recorded times: its day, and the time in the stored form
/// `YYYY-MM-DDTHH:MM:SSZ`.
struct TimeBound {
    date: NaiveDate,
    time: String,
}

/// Reads a date (YYYY-MM-DD, taken at `day_time` on that day) or a recorded time in RFC 3339,
/// such as a version's `2026-12-05T20:13:12Z`.
fn parse_bound(name: &str, value: &str, day_time: &str) -> Result<TimeBound> {
    let trimmed = value.trim();
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(trimmed) {
        let time = time.with_timezone(&Utc);
        return Ok(TimeBound {
            date: time.date_naive(),
            time: time.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        });
    }
    let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|error| {
        anyhow::anyhow!(
            "invalid {name} {value:?}: {}give a date as YYYY-MM-DD or a recorded time such as \
             2025-04-17T09:30:00Z",
            no_such_day(error)
        )
    })?;
    Ok(TimeBound { date, time: format!("{date}T{day_time}Z") })
}

fn parse_date_arg(name: &str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|error| {
        anyhow::anyhow!(
            "invalid {name} {value:?}: {}give a date as YYYY-MM-DD, for example 2025-04-17",
            no_such_day(error)
        )
    })
}

/// Returns "that day does not exist; " when `error` is a well-formed date that is not on the
/// calendar (2026-02-30), and nothing for other parse errors, whose fix is the format.
fn no_such_day(error: chrono::ParseError) -> &'static str {
    match error.kind() {
        chrono::format::ParseErrorKind::OutOfRange => "that day does not exist; ",
        _ => "",
    }
}

/// Returns a search excerpt with its matched words in brackets, for a terminal.
/// Returns a hit as the JSON output gives it: the snippet as plain text, and `highlights`, the
/// `[start, end)` character offsets of each matched word in it, where the store marks them
/// with control characters.
fn search_hit_json(hit: &SearchHit) -> Result<serde_json::Value> {
    let mut plain = String::with_capacity(hit.snippet.len());
    let mut highlights = Vec::new();
    let mut start = None;
    let mut chars = 0;
    for ch in hit.snippet.chars() {
        match ch {
            MATCH_START => start = Some(chars),
            MATCH_END => {
                if let Some(from) = start.take() {
                    highlights.push([from, chars]);
                }
            }
            _ => {
                plain.push(ch);
                chars += 1;
            }
        }
    }

    let mut value = serde_json::to_value(hit)?;
    value["snippet"] = serde_json::Value::from(plain);
    value["highlights"] = serde_json::to_value(highlights)?;
    Ok(value)
}

fn bracketed(snippet: &str) -> String {
    snippet.replace(MATCH_START, "[").replace(MATCH_END, "]")
}
