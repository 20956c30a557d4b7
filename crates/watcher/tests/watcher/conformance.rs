//! The extraction measured against the versions Open Terms Archive recorded from the same
//! snapshots. Run with `--nocapture` to see the table.

use clausewatch_watcher::conformance::{LineAgreement, compare_lines};
use clausewatch_watcher::extract::ExtractError;

const OVERALL_TARGET: f64 = 0.98;
const PER_FILE_TARGET: f64 = 0.90;

#[test]
fn extraction_matches_recorded_versions() {
    let dir = crate::corpus::data_dir();
    let mut identical = 0;
    let mut longer = 0;
    let mut measured = 0;

    for case in crate::corpus::cases(&dir) {
        let result = match crate::corpus::run_case(&dir, &case) {
            Ok(result) => result,
            // Snapshots whose declared selector no longer matches are outside the measure.
            Err(error) if error.contains("matched nothing") => {
                println!("skipped  {}: {error}", case.version);
                continue;
            }
            Err(error) => panic!("{}: {error}", case.version),
        };

        let agreement = result.agreement;
        println!("{:>6.2}%  {}", agreement.share() * 100.0, case.version);
        assert!(
            agreement.share() >= PER_FILE_TARGET,
            "{}: {:.2}% of lines identical",
            case.version,
            agreement.share() * 100.0
        );
        identical += agreement.identical;
        longer += agreement.reference_lines.max(agreement.extracted_lines);
        measured += 1;
    }

    let overall = identical as f64 / longer as f64;
    println!("{:>6.2}%  overall over {measured} versions", overall * 100.0);
    assert_eq!(measured, 16, "every case whose selector matches is measured");
    assert!(overall >= OVERALL_TARGET, "overall {:.2}%", overall * 100.0);
}

#[test]
fn stale_selector_is_reported_not_measured() {
    let dir = crate::corpus::data_dir();
    let case = crate::corpus::cases(&dir)
        .into_iter()
        .find(|case| case.version.ends_with("Acceptable Use Policy/2026-08-14T10-32-00Z.md"))
        .expect("the Claude.ai AUP case is in the corpus");

    let error = crate::corpus::run_case(&dir, &case).unwrap_err();

    let expected = ExtractError::SelectorMatchedNothing {
        source_url: "https://support.anthropic.com/en/articles/9307344-responsible-use-of-anthropic-s-models-guidelines-for-organizations-serving-minors".to_owned(),
        selector: ".article".to_owned(),
    };
    assert_eq!(error, expected.to_string());
}

#[test]
fn line_comparison_ignores_blank_lines() {
    let agreement = compare_lines("a\n\nb\nc\n", "a\nb\n\n\nx\nc");

    assert_eq!(agreement, LineAgreement { identical: 3, reference_lines: 3, extracted_lines: 4 });
    assert_eq!(agreement.share(), 0.75);
}
