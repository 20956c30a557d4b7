//! `clausewatch memo`: builds a compliance memo from the store and writes it as a PDF.
//!
//! The options map one to one onto [`MemoRequest`]; a new filter is a new option here and a
//! field there.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use clap::ValueEnum;

use clausewatch_memo::{PageSize, RenderOptions, Section, write_pdf_file};
use clausewatch_memo_builder::{MemoRequest, build_memo};
use clausewatch_store::Store;

use crate::commands::Output;
use crate::render::counted;

/// Options of `clausewatch memo`.
#[derive(Debug, clap::Args)]
pub struct MemoArgs {
    /// Platform the memo covers, such as Netflix.
    pub platform: String,

    /// Only this document of the platform, such as "Terms of Service".
    #[arg(long, value_name = "DOCUMENT")]
    pub document: Option<String>,

    /// Only changes of this category.
    #[arg(long, value_name = "CATEGORY")]
    pub category: Option<String>,

    /// Only changes of this clause, by the id that `changes` and `search` list.
    #[arg(long = "clause", value_name = "ID", value_parser = crate::args::parse_clause_id)]
    pub clause_id: Option<String>,

    /// Only changes recorded on or after this date (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// Only changes recorded on or before this date (YYYY-MM-DD, UTC). The memo is dated the
    /// day it is written, with the notes, reviews and checklists of that day, and covers no
    /// day after it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<NaiveDate>,

    /// Addressee, printed on the "To" line.
    #[arg(long, value_name = "NAME", default_value = "File")]
    pub to: String,

    /// Author, printed on the "From" line and in the PDF's metadata.
    #[arg(long, value_name = "NAME", default_value = "Clausewatch")]
    pub from: String,

    /// Mark the memo "Privileged & Confidential" under the title and on every page.
    #[arg(long)]
    pub privileged: bool,

    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,

    /// PDF file to write. An existing file is kept unless --force is given; on any error it is
    /// left as it was.
    #[arg(long, visible_alias = "output", value_name = "FILE.pdf")]
    pub out: PathBuf,

    /// Replace the file given to --out when it exists.
    #[arg(long)]
    pub force: bool,
}

/// Paper sizes offered on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Summary printed once the memo is written.
#[derive(Debug, serde::Serialize)]
struct MemoReport {
    path: PathBuf,
    platform: String,
    documents: Vec<String>,
    substantive_changes: usize,
    non_substantive_changes: usize,
    versions: usize,
}

/// Builds the memo that `args` describe and writes it to `args.out`.
pub fn memo(store: &Store, args: MemoArgs, now: DateTime<Utc>, out: &Output) -> Result<()> {
    let is_pdf =
        args.out.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        anyhow::bail!(
            "invalid memo file name {}: give a name ending in .pdf, so that no file of another \
             kind is replaced",
            args.out.display()
        );
    }
    let filters: Vec<&str> = [
        (args.since.is_some(), "--since"),
        (args.until.is_some(), "--until"),
        (args.category.is_some(), "--category"),
        (args.clause_id.is_some(), "--clause"),
        (args.document.is_some(), "--document"),
    ]
    .into_iter()
    .filter_map(|(given, option)| given.then_some(option))
    .collect();
    let request = MemoRequest {
        platform: args.platform.clone(),
        document: args.document,
        category: args.category,
        clause_id: args.clause_id,
        since: args.since,
        until: args.until,
        to: args.to,
        from: args.from,
        privileged: args.privileged,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        now,
    };
    let memo = build_memo(store, &request)
        .with_context(|| format!("could not build the memo on {}", args.platform))?;
    // Checked after the build, so that a mistyped option is reported before an existing file.
    if args.out.exists() && !args.force {
        anyhow::bail!(
            "memo file {} exists: give another name, or add --force to replace it",
            args.out.display()
        );
    }

    let page_size = match args.paper {
        Paper::A4 => PageSize::A4,
        Paper::Letter => PageSize::Letter,
    };
    write_pdf_file(&memo, &RenderOptions { page_size }, &args.out)?;
    if let Section::Available(appendix) = &memo.appendix
        && !appendix.provenance.unprintable.is_empty()
    {
        let unprintable = &appendix.provenance.unprintable;
        let first: Vec<&str> = unprintable.iter().take(8).map(String::as_str).collect();
        let more = if unprintable.len() > first.len() { ", …" } else { "" };
        eprintln!(
            "warning: some of the memo's fonts have no glyph for {} ({}{more}), which may \
             print as boxes; the memo's appendix lists them, so read that text in the stored \
             versions",
            counted(unprintable.len(), "character"),
            first.join(", ")
        );
    }

    let (substantive, non_substantive) = match &memo.changes {
        Section::Available(changes) => (changes.substantive.len(), changes.non_substantive.len()),
        Section::NotAvailable { .. } => (0, 0),
    };
    let report = MemoReport {
        path: args.out,
        platform: memo.header.platform.clone(),
        documents: memo.header.documents.clone(),
        substantive_changes: substantive,
        non_substantive_changes: non_substantive,
        versions: memo.header.evidence.len(),
    };
    if substantive + non_substantive == 0 {
        let hint = match filters.as_slice() {
            [] => "no option narrowed it, so its documents have no change between their stored \
                   versions"
                .to_owned(),
            given => format!("check {}", given.join(", ")),
        };
        eprintln!("Note: no change was recorded in the memo's range, so it lists none; {hint}.");
    }
    let mut stdout = anstream::stdout();
    if out.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "Wrote {}: {} substantive and {} other changes across {}.",
            report.path.display(),
            report.substantive_changes,
            report.non_substantive_changes,
            counted(report.versions, "version")
        )?;
    }
    Ok(())
}

/// Parses a date option given as YYYY-MM-DD.
fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date {value:?}: give it as YYYY-MM-DD, such as 2025-04-17"))
}
