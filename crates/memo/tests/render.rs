//! Renders a realistic memo and checks the PDF with poppler-utils and qpdf.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use clausewatch_memo::{
    HEADINGS, MemoError, PageSize, RenderOptions, Section, render_pdf, write_pdf_file,
};
use common::{CHECKLIST_ITEMS, clause, sample_memo};

/// Right margin of the layout: 25 mm in points.
const MARGIN_RIGHT: f64 = 25.0 * 72.0 / 25.4;
/// Height of a DejaVu word box in em: (ascender 1901 + descender 483) / 2048 units per em.
const BOX_HEIGHT_EM: f64 = (1901.0 + 483.0) / 2048.0;

/// A rendered memo on disk, in a folder removed at the end of the test.
struct Rendered {
    _folder: tempfile::TempDir,
    path: PathBuf,
}

fn render(memo: &clausewatch_memo::Memo, options: RenderOptions) -> Rendered {
    let folder = tempfile::tempdir().expect("temporary folder");
    let path = folder.path().join("memo.pdf");
    write_pdf_file(memo, &options, &path).expect("memo renders and is written");
    Rendered { _folder: folder, path }
}

fn run(program: &str, args: &[&str], path: &Path) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(path)
        .args(if program == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|err| {
            panic!("{program} could not start (install poppler-utils qpdf): {err}")
        });
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

fn page_count(path: &Path) -> usize {
    let info = run("pdfinfo", &[], path);
    let line = info.lines().find(|line| line.starts_with("Pages:")).expect("pdfinfo prints Pages");
    line["Pages:".len()..].trim().parse().expect("page count is a number")
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One word of `pdftotext -bbox` output.
#[derive(Debug)]
struct Word {
    text: String,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

/// Returns the page width and the words of each page, parsed from `pdftotext -bbox`.
fn words_by_page(path: &Path) -> Vec<(f64, f64, Vec<Word>)> {
    let html = run("pdftotext", &["-bbox"], path);
    let attribute = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute present") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("attribute closed");
        tag[start..end].parse().expect("attribute is a number")
    };

    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let (width, height) = (attribute(chunk, "width"), attribute(chunk, "height"));
        let mut words = Vec::new();
        for word in chunk.split("<word ").skip(1) {
            let text_start = word.find('>').expect("word tag closed") + 1;
            let text_end = word.find("</word>").expect("word element closed");
            words.push(Word {
                text: word[text_start..text_end].to_owned(),
                x_max: attribute(word, "xMax"),
                y_min: attribute(word, "yMin"),
                y_max: attribute(word, "yMax"),
            });
        }
        pages.push((width, height, words));
    }
    pages
}

#[test]
fn memo_passes_qpdf_check() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let output = run("qpdf", &["--check"], &rendered.path);

    assert!(output.contains("No syntax or stream encoding errors"), "qpdf output: {output}");
}

#[test]
fn memo_contains_every_section_heading() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let text = run("pdftotext", &[], &rendered.path);

    for heading in HEADINGS {
        assert!(text.contains(heading), "missing heading {heading:?}");
    }
    assert!(text.contains("Memorandum"));
    assert!(text.contains("Privileged & Confidential"));
}

#[test]
fn memo_contains_full_clause_texts() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    // The body area of each A4 page only, so a clause that runs onto the next page reads on
    // without the running header and page number in between (margins of 72 and 68 points).
    let crop = ["-x", "0", "-y", "64", "-W", "600", "-H", "712"];
    let text = squash(&run("pdftotext", &crop, &rendered.path));

    for key in [
        "machine-learning after",
        "intro before",
        "intro after",
        "service before",
        "service after",
        "usage before",
        "usage after",
        "commercial after",
    ] {
        assert!(text.contains(&squash(&clause(key))), "clause {key:?} is not in the text");
    }
}

#[test]
fn memo_keeps_unicode_as_text() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let text = squash(&run("pdftotext", &[], &rendered.path));

    assert!(text.contains("References to ‘you’"), "curly single quotes");
    assert!(text.contains("“any of the foregoing”"), "curly double quotes");
    assert!(text.contains("BGB § 307"), "section sign");
    assert!(text.contains("Hélène Dupré"), "accented letters");
}

#[test]
fn every_page_numbers_itself_out_of_total() {
    let rendered = render(&sample_memo(1), RenderOptions::default());
    let total = page_count(&rendered.path);

    let text = run("pdftotext", &[], &rendered.path);
    let pages: Vec<&str> = text.split('\u{c}').filter(|page| !page.trim().is_empty()).collect();

    assert!(total >= 3, "the sample memo should span several pages, got {total}");
    assert_eq!(pages.len(), total);
    for (index, page) in pages.iter().enumerate() {
        let label = format!("Page {} of {total}", index + 1);
        assert!(page.contains(&label), "page {} lacks {label:?}", index + 1);
    }
}

#[test]
fn no_word_runs_past_right_margin() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    for (number, (width, _, words)) in words_by_page(&rendered.path).iter().enumerate() {
        let limit = width - MARGIN_RIGHT + 0.5;
        for word in words {
            assert!(
                word.x_max <= limit,
                "page {}: {:?} ends at {} past the margin at {limit}",
                number + 1,
                word.text,
                word.x_max
            );
        }
    }
}

#[test]
fn no_text_is_smaller_than_nine_points() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let minimum = 9.0 * BOX_HEIGHT_EM - 0.05;
    for (_, _, words) in words_by_page(&rendered.path) {
        for word in words {
            let height = word.y_max - word.y_min;
            assert!(height >= minimum, "{:?} is {height} pt high, under 9 pt", word.text);
        }
    }
}

#[test]
fn split_table_repeats_header_on_each_page() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let mut pages_with_rows = 0;
    let mut rows_seen = 0;
    for (_, _, words) in words_by_page(&rendered.path) {
        let rows: Vec<&Word> =
            words.iter().filter(|word| word.text.starts_with("ref-CL")).collect();
        if rows.is_empty() {
            continue;
        }
        pages_with_rows += 1;
        rows_seen += rows.len();

        let owner = words.iter().find(|word| word.text == "Owner").expect("header cell Owner");
        let status = words.iter().find(|word| word.text == "Status").expect("header cell Status");
        assert!((owner.y_min - status.y_min).abs() < 0.5, "header cells share one line");
        for row in rows {
            assert!(owner.y_min < row.y_min, "the header sits above row {:?}", row.text);
        }
    }

    assert!(pages_with_rows >= 2, "the checklist should span pages, got {pages_with_rows}");
    assert_eq!(rows_seen, CHECKLIST_ITEMS);
}

#[test]
fn unavailable_section_prints_its_reason() {
    let mut memo = sample_memo(1);
    memo.regulatory = Section::NotAvailable {
        reason: "regulations are linked once the analysis has run".to_owned(),
    };
    let rendered = render(&memo, RenderOptions::default());

    let text = squash(&run("pdftotext", &[], &rendered.path));

    assert!(text.contains("Not available yet: regulations are linked once the analysis has run"));
    assert!(!text.contains("BGB § 307"), "the section's content is not printed");
}

#[test]
fn letter_option_sets_page_size() {
    let a4 = render(&sample_memo(1), RenderOptions::default());
    let letter = render(&sample_memo(1), RenderOptions { page_size: PageSize::Letter });

    let a4_info = run("pdfinfo", &[], &a4.path);
    let letter_info = run("pdfinfo", &[], &letter.path);

    assert!(a4_info.contains("595.276 x 841.89 pts (A4)"), "pdfinfo: {a4_info}");
    assert!(letter_info.contains("612 x 792 pts (letter)"), "pdfinfo: {letter_info}");
}

#[test]
fn metadata_comes_from_memo() {
    let rendered = render(&sample_memo(1), RenderOptions::default());

    let info = run("pdfinfo", &["-isodates"], &rendered.path);
    let field = |name: &str| -> String {
        let line = info.lines().find(|line| line.starts_with(&format!("{name}:")));
        let line = line.unwrap_or_else(|| panic!("pdfinfo prints no {name}: {info}"));
        line[name.len() + 1..].trim().to_owned()
    };

    assert_eq!(field("Title"), "Netflix — Netflix Terms of Use: changes recorded on 11 April 2026");
    assert_eq!(field("Author"), "Hélène Dupré, Compliance Analyst");
    assert_eq!(field("Subject"), "Netflix Terms of Use: changes recorded on 11 April 2026");
    assert!(field("CreationDate").starts_with("2026-04-20T00:00:00"), "pdfinfo: {info}");
}

#[test]
fn same_memo_gives_same_bytes() {
    let memo = sample_memo(1);

    let first = render_pdf(&memo, &RenderOptions::default()).expect("first render");
    let second = render_pdf(&memo, &RenderOptions::default()).expect("second render");

    assert!(first == second, "two renders of one memo differ");
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let bytes = render_pdf(&sample_memo(1), &RenderOptions::default()).expect("render");

    // The six DejaVu faces weigh 2.9 MB whole and about 1.5 MB compressed.
    assert!(bytes.len() < 400_000, "memo is {} bytes", bytes.len());
}

#[test]
fn unwritable_path_leaves_no_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let missing = folder.path().join("no-such-folder").join("memo.pdf");
    let occupied = folder.path().join("a-folder");
    std::fs::create_dir(&occupied).expect("create folder");

    let missing_result = write_pdf_file(&sample_memo(1), &RenderOptions::default(), &missing);
    let occupied_result = write_pdf_file(&sample_memo(1), &RenderOptions::default(), &occupied);

    assert!(matches!(missing_result, Err(MemoError::Write { .. })), "{missing_result:?}");
    assert!(matches!(occupied_result, Err(MemoError::Write { .. })), "{occupied_result:?}");
    let message = missing_result.unwrap_err().to_string();
    assert!(message.contains("no-such-folder"), "the error names the path: {message}");
    let entries: Vec<_> =
        std::fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("a-folder")], "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn written_memo_has_ordinary_file_mode() {
    use std::os::unix::fs::PermissionsExt;

    let folder = tempfile::tempdir().expect("temporary folder");
    let memo = folder.path().join("memo.pdf");
    let plain = folder.path().join("plain.txt");
    std::fs::File::create(&plain).expect("create a plain file");

    write_pdf_file(&sample_memo(1), &RenderOptions::default(), &memo).expect("memo written");

    // A memo is shared like any new file, so it gets the mode the umask gives one, not 0600.
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    };
    assert_eq!(mode(&memo), mode(&plain));
}

/// Returns the index of the first page, from page `from` on, containing the word `text`.
fn page_of(pages: &[(f64, f64, Vec<Word>)], from: usize, text: &str) -> Option<usize> {
    let found = pages[from..].iter().position(|(_, _, words)| words.iter().any(|w| w.text == text));
    found.map(|index| from + index)
}

#[test]
fn table_header_stays_with_first_row() {
    // The first row is six lines tall in its narrow cells and ends with a word found nowhere
    // else. Each memo moves the comparison table one body line further down by adding a line
    // to the brief answer; 60 lines are more than a page, so one of the starts leaves room at
    // the page's foot for the section heading, the table header and the row's first line but
    // not for the whole row.
    let tall_cell = "Prohibited for every commercial purpose, including resale, public \
                     screening, advertising, sponsorship and paid access, alpha-first-row";
    for filler_lines in 0..60 {
        let mut memo = sample_memo(1);
        if let Section::Available(question) = &mut memo.question {
            question.brief_answer = vec!["Filler line."; filler_lines + 1].join("\n");
        }
        if let Section::Available(comparison) = &mut memo.comparison {
            comparison.rows[0].positions[0] = tall_cell.to_owned();
        }
        let rendered = render(&memo, RenderOptions::default());
        let pages = words_by_page(&rendered.path);

        let heading = page_of(&pages, 0, "Cross-Platform").expect("section 4 heading");
        let header = page_of(&pages, heading, "Platform").expect("table header cell Platform");
        let row_end = page_of(&pages, 0, "alpha-first-row").expect("end of the first row");
        assert_eq!(heading, header, "{filler_lines} filler lines: heading and table header");
        assert_eq!(header, row_end, "{filler_lines} filler lines: header and first row");
    }
}

#[test]
fn wordless_clause_is_not_called_removed() {
    let mut memo = sample_memo(1);
    let Section::Available(changes) = &mut memo.changes else {
        panic!("the sample memo has its changes");
    };
    let count = changes.substantive.len();
    // An added heading that is a marker only: no words on either side of its diff.
    changes.substantive[0].diff = Vec::new();

    let rendered = render(&memo, RenderOptions::default());
    let text = squash(&run("pdftotext", &[], &rendered.path));

    assert_eq!(text.matches("(no text of its own)").count(), 2, "both sides say so");
    // The other sample changes keep their own texts, so no side reads as removed or absent.
    assert!(count > 1);
    assert!(!text.contains("(clause removed)"), "{text}");
}
