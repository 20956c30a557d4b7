//! Decodes a fetched body to text. The charset comes, in this order, from a byte order mark,
//! the Content-Type header, a `<meta>` tag near the top of an HTML page, and otherwise from
//! the bytes themselves (chardetng, the detector Firefox uses). So an old windows-1252 or
//! Shift_JIS page without a declared charset does not turn into mojibake. Bytes that cannot be
//! in the declared charset are read in the one they show instead (`contradicted`).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How many leading bytes are searched for a `<meta>` charset. HTML requires the declaration
/// within the first 1024 bytes, but real pages often put it a little later.
const META_SCAN_BYTES: usize = 4096;

/// The place where the charset of a body was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    ByteOrderMark,
    ContentType,
    MetaTag,
    Detected,
}

/// A body decoded to text, with the charset used and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedBody {
    pub text: String,
    pub encoding: &'static Encoding,
    pub source: CharsetSource,
    /// True when some bytes were invalid in that charset and became U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes`, using the charset of `content_type` (a Content-Type header value) when it
/// names one.
pub fn decode_body(bytes: &[u8], content_type: Option<&str>) -> DecodedBody {
    let (encoding, source) = choose_encoding(bytes, content_type);

    // `decode` strips a BOM of the chosen encoding and lets a BOM override the label, as
    // browsers do.
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        tracing::debug!(encoding = encoding.name(), "body had bytes invalid in its charset");
    }

    DecodedBody { text: text.into_owned(), encoding, source, had_errors }
}

fn choose_encoding(bytes: &[u8], content_type: Option<&str>) -> (&'static Encoding, CharsetSource) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, CharsetSource::ByteOrderMark);
    }

    let declared = content_type
        .and_then(charset_parameter)
        .and_then(label_encoding)
        .map(|encoding| (encoding, CharsetSource::ContentType))
        .or_else(|| meta_charset(bytes).map(|encoding| (encoding, CharsetSource::MetaTag)));
    if let Some((encoding, source)) = declared {
        if let Some(actual) = contradicted(encoding, bytes) {
            tracing::warn!(
                declared = encoding.name(),
                read_as = actual.name(),
                "the bytes contradict the declared charset"
            );
            return (actual, CharsetSource::Detected);
        }
        return (encoding, source);
    }

    (detect(bytes), CharsetSource::Detected)
}

/// Returns the charset to read `bytes` in when they cannot be in the `declared` one: UTF-8
/// bytes labelled with a single-byte charset, or a page labelled UTF-8 with no valid
/// multi-byte character and some invalid bytes. A site that changes its server or template
/// often gets the label wrong, and reading the label would store mojibake and later record
/// the fix as a change. A UTF-8 page with a few stray bytes keeps its label.
// NOTE: a single-byte page whose only non-ASCII bytes happen to form valid UTF-8 (the two
// characters "Ã©" in Latin-1) is read as UTF-8 too; such text is rare outside pages about
// encodings.
fn contradicted(declared: &'static Encoding, bytes: &[u8]) -> Option<&'static Encoding> {
    if declared == UTF_8 {
        if std::str::from_utf8(bytes).is_ok() {
            return None;
        }
        let (multi_byte, invalid) = utf8_profile(bytes);
        return (multi_byte == 0 && invalid > 0).then(|| detect(bytes));
    }
    let utf8 = declared.is_single_byte() && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
    utf8.then_some(UTF_8)
}

/// Returns how many valid multi-byte characters and invalid sequences `bytes` has as UTF-8.
fn utf8_profile(bytes: &[u8]) -> (usize, usize) {
    let count_multi_byte = |text: &str| text.chars().filter(|c| !c.is_ascii()).count();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (count_multi_byte(text), 0);
    }

    let (mut multi_byte, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => return (multi_byte + count_multi_byte(text), invalid),
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                multi_byte += std::str::from_utf8(valid).map_or(0, count_multi_byte);
                invalid += 1;
                let Some(length) = error.error_len() else {
                    return (multi_byte, invalid);
                };
                rest = &after[length..];
            }
        }
    }
}

/// Returns the charset chardetng, the detector Firefox uses, reads in `bytes`. ISO-2022-JP is
/// left out as browsers do: its escape sequences can hide markup. UTF-8 is allowed because an
/// archive, unlike a browser, gains nothing from refusing it.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// Returns the `charset` parameter of a Content-Type value, without quotes.
fn charset_parameter(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"'))
    })
}

fn label_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.as_bytes());
    if encoding.is_none() {
        tracing::debug!(label, "unknown charset label ignored");
    }

    // A page cannot really be UTF-16 when its markup was read as ASCII; browsers take UTF-8.
    encoding.map(|encoding| encoding.output_encoding())
}

/// Returns the charset declared by `<meta charset=…>` or `<meta http-equiv … content=…>` in the
/// first bytes of an HTML page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();

    let mut rest = head.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |end| start + end);
        let tag = &rest[start..tag_end];
        if let Some(encoding) = charset_in_meta(tag) {
            return Some(encoding);
        }
        rest = &rest[tag_end..];
    }

    None
}

fn charset_in_meta(tag: &str) -> Option<&'static Encoding> {
    let position = tag.find("charset")?;
    let value = tag[position + "charset".len()..].trim_start().strip_prefix('=')?;
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    let label: String =
        value.chars().take_while(|ch| !matches!(ch, '"' | '\'' | ';' | ' ' | '/' | '>')).collect();

    label_encoding(&label)
}
