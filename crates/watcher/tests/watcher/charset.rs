use clausewatch_watcher::charset::{CharsetSource, decode_body};

const FRENCH: &str = "Conditions générales d'utilisation. Les données personnelles sont \
    traitées conformément à la réglementation en vigueur. L'éditeur décline toute \
    responsabilité en cas de défaillance. Résiliation: à tout moment, sans frais.";

const JAPANESE: &str = "利用規約。本サービスの利用者は、以下の条件に同意したものとみなされます。\
    当社は、事前の通知なく本規約を変更することができます。個人情報の取扱いについては、\
    プライバシーポリシーに定めるとおりとします。";

fn page(body: &str) -> String {
    format!("<html><head><title>Terms</title></head><body><p>{body}</p></body></html>")
}

#[test]
fn undeclared_windows_1252_is_detected() {
    let html = page(FRENCH);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture must not be UTF-8");

    let decoded = decode_body(&bytes, Some("text/html"));

    assert_eq!(decoded.source, CharsetSource::Detected);
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
    assert!(decoded.text.contains("générales"), "got {}", decoded.text);
    assert!(!decoded.had_errors);
}

#[test]
fn undeclared_shift_jis_is_detected() {
    let html = page(JAPANESE);
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&html);

    let decoded = decode_body(&bytes, None);

    assert_eq!(decoded.encoding, encoding_rs::SHIFT_JIS);
    assert!(decoded.text.contains("利用規約"), "got {}", decoded.text);
}

#[test]
fn shift_jis_bytes_of_known_word_decode() {
    // 日本語 in Shift_JIS, from the JIS X 0208 table: 93FA 967B 8CEA.
    let mut bytes = b"<meta charset=\"shift_jis\"><p>".to_vec();
    bytes.extend_from_slice(&[0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA]);

    let decoded = decode_body(&bytes, None);

    assert_eq!(decoded.source, CharsetSource::MetaTag);
    assert!(decoded.text.ends_with("日本語"), "got {}", decoded.text);
}

#[test]
fn content_type_charset_wins_over_meta() {
    let html = "<meta charset=\"utf-8\"><p>café</p>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);

    let decoded = decode_body(&bytes, Some("text/html; charset=\"ISO-8859-1\""));

    assert_eq!(decoded.source, CharsetSource::ContentType);
    // ISO-8859-1 is read as windows-1252, as every browser does.
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
    assert!(decoded.text.contains("café"));
}

#[test]
fn http_equiv_meta_is_read() {
    let html = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">é";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);

    let decoded = decode_body(&bytes, Some("text/html"));

    assert_eq!(decoded.source, CharsetSource::MetaTag);
    assert!(decoded.text.ends_with('é'));
}

#[test]
fn byte_order_mark_wins_over_header() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Données".as_bytes());

    let decoded = decode_body(&bytes, Some("text/html; charset=windows-1252"));

    assert_eq!(decoded.source, CharsetSource::ByteOrderMark);
    assert_eq!(decoded.text, "Données", "the BOM itself is not text");
}

#[test]
fn latin_bytes_labelled_utf8_are_detected() {
    let html = page(FRENCH);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);

    let decoded = decode_body(&bytes, Some("text/html; charset=utf-8"));

    assert_eq!(decoded.source, CharsetSource::Detected);
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
    assert!(decoded.text.contains("générales"), "got {}", decoded.text);
    assert!(!decoded.had_errors);
}

#[test]
fn utf8_under_latin_meta_reads_utf8() {
    let html = format!("<meta charset=\"iso-8859-1\">{}", page(FRENCH));

    let decoded = decode_body(html.as_bytes(), Some("text/html"));

    assert_eq!(decoded.encoding, encoding_rs::UTF_8);
    assert!(decoded.text.contains("générales"), "got {}", decoded.text);
}

#[test]
fn utf8_page_with_stray_byte_keeps_its_label() {
    let mut bytes = page(FRENCH).into_bytes();
    bytes.push(0xE9);

    let decoded = decode_body(&bytes, Some("text/html; charset=utf-8"));

    assert_eq!(decoded.source, CharsetSource::ContentType);
    assert_eq!(decoded.encoding, encoding_rs::UTF_8);
    assert!(decoded.text.contains("générales"), "got {}", decoded.text);
    assert!(decoded.had_errors);
}

#[test]
fn ascii_page_keeps_declared_latin_label() {
    let decoded = decode_body(page("Terms of use.").as_bytes(), Some("text/html; charset=latin1"));

    assert_eq!(decoded.source, CharsetSource::ContentType);
    assert_eq!(decoded.encoding, encoding_rs::WINDOWS_1252);
}
