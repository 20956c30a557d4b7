//! Segmentation of the markdown shapes found in real archives.

use clausewatch_core::{ClauseKind, segment};

#[test]
fn indented_items_nest_under_their_section() {
    let markdown = "1.  Membership  \n      \n    1.1. Your membership continues.  \n      \n    \
                    1.2. We may offer plans.  \n";
    let clauses = segment(markdown);
    let markers: Vec<Option<&str>> = clauses.iter().map(|c| c.marker.as_deref()).collect();
    assert_eq!(markers, [Some("1."), Some("1.1"), Some("1.2")]);
    assert_eq!(clauses[1].heading_path, ["1. Membership"]);
    assert_eq!(clauses[1].text, "Your membership continues.");
}

#[test]
fn roman_items_keep_marker_apart_from_text() {
    let markdown = "4.6. You agree not to:\n\n(i) copy the content;\n\n(ii) use any robot;\n\n\
                    We may end your access.\n";
    let clauses = segment(markdown);
    assert_eq!(clauses[1].marker.as_deref(), Some("(i)"));
    assert_eq!(clauses[1].text, "copy the content;");
    assert_eq!(clauses[1].parent, Some(0));
    assert_eq!(clauses[3].kind, ClauseKind::Paragraph);
    assert_eq!(clauses[3].parent, Some(0), "the closing paragraph belongs to the lead-in");
}

#[test]
fn escaped_and_bold_markers_are_read() {
    let clauses =
        segment("##### **7\\. Things You Cannot Do**\n\n**2.1 Order Form**. You may order.\n");
    assert_eq!(clauses[0].kind, ClauseKind::Heading);
    assert_eq!(clauses[0].marker.as_deref(), Some("7."));
    assert_eq!(clauses[0].text, "Things You Cannot Do");
    assert_eq!(clauses[1].marker.as_deref(), Some("2.1"));
    assert_eq!(clauses[1].heading_path, ["7. Things You Cannot Do"]);
}

#[test]
fn setext_headings_and_tables_of_contents() {
    let markdown = "\
- [A. Definitions](#a-definitions)
- [B. Account Terms](#b-account-terms)

[A. Definitions](#a-definitions)
--------------------------------

1.  An \"Account\" represents your legal relationship with us.
";
    let clauses = segment(markdown);
    assert_eq!(clauses.len(), 2, "table-of-contents links are not clauses: {clauses:#?}");
    assert_eq!(clauses[0].kind, ClauseKind::Heading);
    assert_eq!(clauses[0].marker.as_deref(), Some("A."));
    assert_eq!(clauses[1].heading_path, ["A. Definitions"]);
}

#[test]
fn table_rows_become_clauses() {
    let markdown = "| Section | What you find there |\n| --- | --- |\n| [J. Beta](#j) | Rules for previews. |\n";
    let clauses = segment(markdown);
    assert_eq!(clauses.len(), 2);
    assert_eq!(clauses[1].kind, ClauseKind::TableRow);
    assert_eq!(clauses[1].marker.as_deref(), Some("J."));
    assert_eq!(clauses[1].text, "Beta | Rules for previews.");
}

#[test]
fn bold_broken_across_lines_stays_one_clause() {
    let markdown = "You agree to **the terms\nset out here** and to our policies.\n";
    let clauses = segment(markdown);
    assert_eq!(clauses.len(), 1);
    assert_eq!(clauses[0].text, "You agree to the terms set out here and to our policies.");
}
