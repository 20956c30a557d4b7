//! Responses that carry only part of a page, refused before extraction.
//!
//! A body cut off mid-transfer reads as a page that lost its second half, and would be
//! recorded as a change that removed most clauses. HTTP's own framing catches most of these:
//! a body shorter than its `Content-Length`, an unfinished chunked or compressed stream, each
//! fails the fetch. What is left is a response that ends when the server closes the
//! connection, which has no framing to check, and a server or cache that sends a truncated
//! page with a `Content-Length` that matches it. Such a body is shorter than the previous fetch
//! of the page, and lacks the `</body>` or `</html>` that fetch ended with. It is taken as cut
//! off when it also stops inside text or a tag rather than after one, or when it is the start of
//! the previous fetch byte for byte, wherever it stops. A site that changes its template to
//! leave these tags out (HTML allows it) still ends its page after a tag, and its new page is
//! no prefix of the old one, so it is not affected. A plain text that is the start of its
//! previous fetch and stops inside a line is cut off too. A `206 Partial Content` is refused
//! too, because checks never ask for a range. A page whose bytes change at every fetch (a token
//! in its head) is checked once its text is extracted (`decide`).

use crate::fetch::FetchEvidence;

/// How far from the end of a body a closing tag is looked for. Pages put at most a few
/// scripts or comments after `</html>`.
const TAIL_BYTES: usize = 16 * 1024;

/// Returns why `page` is not a complete page, given the body of the previous fetch of the same
/// page when it read one, or `None` when nothing shows it is incomplete.
pub(super) fn incomplete(page: &FetchEvidence, previous_body: Option<&[u8]>) -> Option<String> {
    if page.status == 206 {
        return Some(format!(
            "{} answered 206 Partial Content to a request for the whole page; no version is \
             recorded from part of a page",
            page.final_url
        ));
    }

    if is_plain_text(page) {
        return cut_plain_text(page, previous_body?);
    }
    let previous = previous_body.filter(|previous| {
        has_closing_tag(previous) && page.body.len() < previous.len() && may_be_cut(page)
    })?;
    let body = page.body.trim_ascii_end();
    if body.last() != Some(&b'>') {
        return Some(format!(
            "the response from {} ends without the </body> or </html> tag that its previous \
             fetch had and stops inside text or a tag, so the page was probably cut off in \
             transfer or by the server; no version is recorded from part of a page",
            page.final_url
        ));
    }
    if previous.starts_with(body) {
        return Some(format!(
            "the response from {} is the first {} of the {} bytes of its previous fetch, \
             without the </body> or </html> tag that fetch ended with, so the page was probably \
             cut off in transfer or by the server; no version is recorded from part of a page",
            page.final_url,
            body.len(),
            previous.len()
        ));
    }
    None
}

/// Returns why a plain-text `page` is a cut-off copy of `previous`: it is the start of the
/// previous fetch byte for byte and stops inside a line. A text file ends with a line break, and
/// a page that really got shorter ends where a line does.
fn cut_plain_text(page: &FetchEvidence, previous: &[u8]) -> Option<String> {
    let body = &page.body;
    let cut =
        body.len() < previous.len() && previous.starts_with(body) && body.last() != Some(&b'\n');
    cut.then(|| {
        format!(
            "the response from {} is the first {} of the {} bytes of its previous fetch and stops \
             inside a line, so the text was probably cut off in transfer or by the server; no \
             version is recorded from part of a page",
            page.final_url,
            body.len(),
            previous.len()
        )
    })
}

/// Returns whether `page` may be a cut-off copy of an earlier fetch, so that the previous body
/// is worth reading: an HTML body without closing tags, or a plain text that stops inside a
/// line. An empty body is left to the check of empty responses.
pub(super) fn may_be_cut(page: &FetchEvidence) -> bool {
    let success = (200..300).contains(&page.status) && !page.body.trim_ascii_end().is_empty();
    if is_plain_text(page) {
        return success && page.body.last() != Some(&b'\n');
    }
    success && is_html(page) && !has_closing_tag(&page.body)
}

fn is_plain_text(page: &FetchEvidence) -> bool {
    let essence = page.content_type.as_deref().and_then(|value| value.split(';').next());
    essence.is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/plain"))
}

fn is_html(page: &FetchEvidence) -> bool {
    let essence = page.content_type.as_deref().and_then(|value| value.split(';').next());
    match essence.map(str::trim) {
        Some(essence) => {
            essence.eq_ignore_ascii_case("text/html")
                || essence.eq_ignore_ascii_case("application/xhtml+xml")
        }
        None => true,
    }
}

/// Returns whether the end of `body` contains `</body` or `</html`, in any case.
fn has_closing_tag(body: &[u8]) -> bool {
    let tail = &body[body.len().saturating_sub(TAIL_BYTES)..];
    tail.windows(6).any(|window| {
        window[0] == b'<'
            && window[1] == b'/'
            && (window[2..].eq_ignore_ascii_case(b"body")
                || window[2..].eq_ignore_ascii_case(b"html"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHOLE: &[u8] = b"<html><body><p>1. Terms.</p><p>2. More terms.</p></body></html>\n";

    fn page(status: u16, body: &[u8]) -> FetchEvidence {
        FetchEvidence {
            url: "http://127.0.0.1:9/terms".to_owned(),
            final_url: "http://127.0.0.1:9/terms".to_owned(),
            status,
            headers: Vec::new(),
            content_type: Some("text/html; charset=utf-8".to_owned()),
            body: body.to_vec(),
            sha256: String::new(),
            fetched_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn body_cut_after_closed_fetch_is_incomplete() {
        let cut = page(200, &WHOLE[..30]);

        let reason = incomplete(&cut, Some(WHOLE)).expect("a cut body");

        assert!(may_be_cut(&cut));
        assert!(reason.contains("</body> or </html>"), "{reason}");
        assert!(reason.contains("http://127.0.0.1:9/terms"), "{reason}");
    }

    #[test]
    fn whole_body_is_complete() {
        let whole = page(200, WHOLE);

        assert!(!may_be_cut(&whole));
        assert_eq!(incomplete(&whole, Some(WHOLE)), None);
    }

    #[test]
    fn site_without_closing_tags_is_not_flagged() {
        let open = b"<html><body><p>1. Terms.</p><p>2. More terms.";
        let shorter = page(200, &open[..30]);

        assert_eq!(incomplete(&shorter, Some(open)), None);
    }

    #[test]
    fn first_fetch_is_not_flagged() {
        assert_eq!(incomplete(&page(200, &WHOLE[..30]), None), None);
    }

    #[test]
    fn uppercase_closing_tag_counts() {
        assert!(has_closing_tag(b"<HTML><BODY>Terms</BODY></HTML>"));
    }

    #[test]
    fn plain_text_is_not_flagged() {
        let mut text = page(200, b"1. Terms of service, cut");
        text.content_type = Some("text/plain".to_owned());

        assert_eq!(incomplete(&text, Some(WHOLE)), None);
    }

    #[test]
    fn framed_response_cut_mid_text_is_incomplete() {
        // A server or cache can send a truncated page with a length that matches it.
        let mut framed = page(200, &WHOLE[..30]);
        framed.headers.push(("content-length".to_owned(), "30".to_owned()));

        let reason = incomplete(&framed, Some(WHOLE)).expect("a cut body");

        assert!(reason.contains("cut off"), "{reason}");
    }

    #[test]
    fn new_template_ending_after_a_tag_is_not_flagged() {
        let template = b"<html><body><main><p>1. Terms.</p></main>\n";

        assert_eq!(incomplete(&page(200, template), Some(WHOLE)), None);
    }

    #[test]
    fn prefix_cut_after_a_tag_is_incomplete() {
        // Cut right after a paragraph: the page ends after a tag, but it is the previous
        // fetch's start byte for byte.
        let end = WHOLE.windows(4).position(|window| window == b"</p>").expect("a paragraph") + 4;
        let cut = page(200, &WHOLE[..end]);

        let reason = incomplete(&cut, Some(WHOLE)).expect("a cut body");

        assert!(reason.contains(&format!("first {end} of the {} bytes", WHOLE.len())), "{reason}");
        assert!(reason.contains("cut off"), "{reason}");
    }

    #[test]
    fn prefix_cut_with_trailing_newline_is_incomplete() {
        let mut cut = WHOLE[..WHOLE.len() - "</body></html>\n".len()].to_vec();
        cut.extend(b"\n\n");

        assert!(incomplete(&page(200, &cut), Some(WHOLE)).is_some());
    }

    #[test]
    fn empty_body_is_left_to_the_empty_check() {
        assert_eq!(incomplete(&page(200, b"  \n"), Some(WHOLE)), None);
    }

    #[test]
    fn longer_body_is_not_flagged() {
        let mut longer = WHOLE[..40].to_vec();
        longer.extend(b" more text".repeat(20));

        assert_eq!(incomplete(&page(200, &longer), Some(WHOLE)), None);
    }

    #[test]
    fn plain_text_cut_inside_a_line_is_incomplete() {
        let whole = b"1. We collect your data.\n\n2. We keep it for a year.\n";
        let mut cut = page(200, &whole[..36]);
        cut.content_type = Some("text/plain; charset=utf-8".to_owned());

        let reason = incomplete(&cut, Some(whole)).expect("a cut text");

        assert!(may_be_cut(&cut));
        assert!(reason.contains(&format!("first 36 of the {} bytes", whole.len())), "{reason}");
    }

    #[test]
    fn plain_text_ending_at_a_line_is_complete() {
        let whole = b"1. We collect your data.\n\n2. We keep it for a year.\n";
        let mut shorter = page(200, &whole[..25]);
        shorter.content_type = Some("text/plain".to_owned());

        assert!(!may_be_cut(&shorter));
        assert_eq!(incomplete(&shorter, Some(whole)), None);
    }

    #[test]
    fn partial_content_is_incomplete() {
        let reason = incomplete(&page(206, WHOLE), None).expect("a range response");

        assert!(reason.contains("206 Partial Content"), "{reason}");
    }
}
