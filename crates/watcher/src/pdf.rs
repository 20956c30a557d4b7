//! Extracts the text of PDF documents, so that a platform publishing its terms as a PDF goes
//! through the same guards and clause splitting as an HTML page. Layout beyond lines and
//! paragraphs is not kept.

/// Returns true when `bytes` (served as `content_type`) is a PDF document.
pub fn is_pdf(bytes: &[u8], content_type: Option<&str>) -> bool {
    let declared =
        content_type.is_some_and(|value| value.to_ascii_lowercase().contains("application/pdf"));
    declared || bytes.starts_with(b"%PDF-")
}

/// Returns the text of a PDF document, one paragraph per block of lines, with runs of blank
/// lines reduced to one.
pub fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let raw = pdf_extract::extract_text_from_mem(bytes).map_err(|error| error.to_string())?;

    let mut text = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        text.push_str(line.trim_start());
    }

    Ok(text)
}
