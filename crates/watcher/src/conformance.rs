//! Compares an extracted text with a reference text line by line, to measure how close this
//! product's extraction comes to another archive's record of the same page. Lines are compared
//! in order (an alignment of the longest common subsequence), ignoring blank lines and trailing
//! spaces, with a deadline so that very different texts cannot stall the comparison.

use std::time::{Duration, Instant};

use similar::{Algorithm, capture_diff_slices_deadline};

/// How long one comparison may search for the best alignment before settling for a good one.
const DIFF_DEADLINE: Duration = Duration::from_secs(5);

/// The agreement of two texts over their non-blank lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineAgreement {
    /// Lines present, identical and in the same order, in both texts.
    pub identical: usize,
    pub reference_lines: usize,
    pub extracted_lines: usize,
}

impl LineAgreement {
    /// Returns the share of identical lines, out of the longer of the two texts, so that both
    /// missing and extra lines lower it. Two empty texts agree fully.
    pub fn share(&self) -> f64 {
        let longer = self.reference_lines.max(self.extracted_lines);
        if longer == 0 {
            return 1.0;
        }
        self.identical as f64 / longer as f64
    }
}

/// Returns how many non-blank lines of `extracted` match those of `reference`, in order.
pub fn compare_lines(reference: &str, extracted: &str) -> LineAgreement {
    let reference = significant_lines(reference);
    let extracted = significant_lines(extracted);

    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, &reference, &extracted, Some(deadline));
    let identical = ops
        .iter()
        .filter_map(|op| match op {
            similar::DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .sum();

    LineAgreement { identical, reference_lines: reference.len(), extracted_lines: extracted.len() }
}

fn significant_lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim_end).filter(|line| !line.is_empty()).collect()
}
