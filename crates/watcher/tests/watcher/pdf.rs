use clausewatch_watcher::pdf::{is_pdf, pdf_text};

/// Returns a one-page PDF showing `lines` in Helvetica, one per text line, built by hand so the
/// expected text is known without any PDF library.
pub fn simple_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 16 TL\n");
    for line in lines {
        content.push_str(&format!("({line}) Tj T*\n"));
    }
    content.push_str("ET");

    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    ];

    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }

    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn pdf_lines_are_extracted() {
    let pdf = simple_pdf(&["Law Enforcement Guidelines", "1. We require valid legal process."]);

    let text = pdf_text(&pdf).unwrap();

    assert_eq!(text, "Law Enforcement Guidelines\n1. We require valid legal process.");
}

#[test]
fn pdf_is_recognised_by_type_or_magic() {
    assert!(is_pdf(b"%PDF-1.7 ...", None));
    assert!(is_pdf(b"", Some("application/pdf")));
    assert!(!is_pdf(b"<html>", Some("text/html")));
}

#[test]
fn broken_pdf_is_an_error() {
    assert!(pdf_text(b"%PDF-1.4\nnot really a pdf").is_err());
}
