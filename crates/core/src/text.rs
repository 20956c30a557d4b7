//! Plain text and comparison keys for clause text.
//!
//! A version arrives as Open Terms Archive markdown. Readers see words, not markup, so this
//! module turns inline markdown into plain text ([`plain_text`]) and plain text into the key
//! two clauses are compared by ([`comparison_key`]). Everything the key folds away is, by
//! definition, a non-substantive difference: add a fold here to make another kind of
//! difference formatting-only.

use std::sync::LazyLock;

use regex::Regex;

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    // `[text](target "title")` and `![alt](src)`; the target may hold balanced parentheses.
    Regex::new(r#"!?\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)"#)
        .expect("link pattern compiles")
});
static REFERENCE_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]+)\]\[[^\[\]]*\]").expect("pattern compiles"));
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<((?:https?|mailto):[^<>\s]+)>").expect("pattern compiles"));
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>").expect("compiles"));
static ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\([!-/:-@\[-`{-~])").expect("pattern compiles"));
static UNDERSCORE_EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    // An underscore run that opens or closes emphasis: at a word edge, not inside a word such
    // as `snake_case` or a URL.
    Regex::new(r"(^|[^\p{L}\p{N}_])_+|_+($|[^\p{L}\p{N}_])").expect("pattern compiles")
});
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"https?://[^\s<>()\[\]]+").expect("pattern compiles"));

/// Query parameters that identify a visit rather than a page: analytics, campaign and
/// per-fetch ids. A link that differs only in these points to the same document.
const TRACKING_PARAMETERS: &[&str] = &[
    "__hstc",
    "__hssc",
    "__hsfp",
    "hslang",
    "hsctatracking",
    "optimizely_user_id",
    "gclid",
    "fbclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ref_src",
    "igshid",
];

/// Returns the plain text of one line or block of inline markdown.
///
/// Link targets, emphasis markers, backslash escapes, inline code ticks and HTML tags are
/// dropped. Invisible characters (zero-width spaces, word joiners, soft hyphens) are removed,
/// and every run of white space, including non-breaking spaces, becomes one space.
pub fn plain_text(markdown: &str) -> String {
    // Most lines hold no markup at all; each pass runs only when its trigger is present.
    let mut text = markdown.to_owned();

    // An escaped character is literal text, so it must not open a tag, a link or emphasis
    // (`\<Company Name>` is text, not a tag). Each one waits out the passes below as a
    // private-use stand-in, from a block of them that the text does not already use.
    let stand_in_base = if text.contains('\\') { escape_stand_in_base(&text) } else { None };
    if let Some(base) = stand_in_base {
        text = ESCAPE
            .replace_all(&text, |found: &regex::Captures<'_>| {
                let escaped = found[1].chars().next().unwrap_or_default();
                char::from_u32(base + u32::from(escaped)).unwrap_or(escaped).to_string()
            })
            .into_owned();
    }

    if text.contains('[') {
        text = LINK.replace_all(&text, "$1").into_owned();
        text = REFERENCE_LINK.replace_all(&text, "$1").into_owned();
    }
    if text.contains('<') {
        text = AUTOLINK.replace_all(&text, "$1").into_owned();
        text = HTML_TAG.replace_all(&text, " ").into_owned();
    }
    if text.contains(['*', '`']) {
        text = text.replace(['*', '`'], "");
    }
    if text.contains('_') {
        text = UNDERSCORE_EMPHASIS.replace_all(&text, "$1$2").into_owned();
    }
    if let Some(base) = stand_in_base {
        text = text.chars().map(|c| from_escape_stand_in(c, base)).collect();
    } else if text.contains('\\') {
        text = ESCAPE.replace_all(&text, "$1").into_owned();
    }
    collapse_whitespace(&text)
}

/// Returns the first code point of a block of 128 private-use characters that `text` does not
/// contain, to stand in for escaped ASCII punctuation in [`plain_text`].
fn escape_stand_in_base(text: &str) -> Option<u32> {
    [0xE000, 0xF0000, 0x100000]
        .into_iter()
        .find(|base| !text.chars().any(|c| (*base..base + 0x80).contains(&u32::from(c))))
}

fn from_escape_stand_in(c: char, base: u32) -> char {
    match u32::from(c).checked_sub(base) {
        Some(offset) if offset < 0x80 => char::from_u32(offset).unwrap_or(c),
        _ => c,
    }
}

/// Returns `text` without invisible characters, with each run of white space as one space and
/// no space at either end.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let before_space = out.len();
        if !out.is_empty() {
            out.push(' ');
        }
        let before_word = out.len();
        if word.is_ascii() {
            out.push_str(word);
        } else {
            out.extend(word.chars().filter(|c| !is_invisible(*c)));
        }

        // A "word" of invisible characters only is no word.
        if out.len() == before_word {
            out.truncate(before_space);
        }
    }
    out
}

/// Returns whether `c` has no width on the page: zero-width spaces and joiners, the word
/// joiner Open Terms Archive puts inside links, soft hyphens and byte-order marks.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{00AD}' | '\u{FEFF}')
}

/// Returns the key two clause texts are compared by: plain text with typographic quotes,
/// apostrophes, primes and hyphens folded to their ASCII forms, tracking parameters removed
/// from bare URLs, and spaces next to punctuation dropped ("POLICIES.Zoom" and "POLICIES. Zoom"
/// are the same words). Two texts with equal keys contain the same words.
pub fn comparison_key(plain: &str) -> String {
    let needs_folding = !plain.is_ascii() || plain.contains('`');
    let folded: String =
        if needs_folding { plain.chars().map(fold_quote).collect() } else { plain.to_owned() };
    if !folded.contains("http") {
        return without_spaces_at_punctuation(folded);
    }
    let stripped = URL.replace_all(&folded, |caps: &regex::Captures<'_>| strip_tracking(&caps[0]));
    without_spaces_at_punctuation(stripped.into_owned())
}

/// Returns `text` without the whitespace that touches a punctuation mark, so that a space
/// added or dropped after a full stop or around a dash changes no word.
fn without_spaces_at_punctuation(text: String) -> String {
    let is_mark = |c: char| !c.is_alphanumeric() && !c.is_whitespace();

    // Every character of a run of whitespace has the same neighbours outside the run, so a
    // run is kept or dropped whole.
    let mut output = String::with_capacity(text.len());
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_whitespace() {
            output.push(c);
            before = Some(c);
            continue;
        }

        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if !next.is_whitespace() {
                break;
            }
            end = at + next.len_utf8();
            chars.next();
        }
        let after = chars.peek().map(|&(_, next)| next);
        if !before.is_some_and(is_mark) && !after.is_some_and(is_mark) {
            output.push_str(&text[start..end]);
        }
    }
    output
}

fn fold_quote(c: char) -> char {
    match c {
        // The hyphen and the non-breaking hyphen; dashes (U+2012 to U+2015) stay apart.
        '\u{2010}' | '\u{2011}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        _ => c,
    }
}

/// Returns `url` without the query parameters listed in [`TRACKING_PARAMETERS`].
pub fn strip_tracking(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default().to_ascii_lowercase();
            !name.is_empty()
                && !name.starts_with("utm_")
                && !TRACKING_PARAMETERS.contains(&name.as_str())
        })
        .collect();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Splits text into lower-cased words for similarity measures, dropping punctuation.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word.to_lowercase())
}

/// Counts the words of `text` as a reader would: runs of letters or digits.
pub fn word_count(text: &str) -> usize {
    word_slices(text).count()
}

/// Returns whether `before` and `after` differ only in punctuation and spacing: the same
/// words, in the same order and case, with other marks between them. Such an edit is still
/// substantive (a comma can change how a list or a condition reads), but it is a small one.
pub fn same_words(before: &str, after: &str) -> bool {
    word_slices(before).eq(word_slices(after))
}

/// Returns whether `before` and `after` have the same words once case is ignored, so that only
/// capitals, punctuation or spacing differ.
pub fn same_words_ignoring_case(before: &str, after: &str) -> bool {
    word_slices(before).map(str::to_lowercase).eq(word_slices(after).map(str::to_lowercase))
}

/// Returns whether `text` holds at most `limit` words, reading no further than needed.
pub fn has_at_most_words(text: &str, limit: usize) -> bool {
    word_slices(text).nth(limit).is_none()
}

fn word_slices(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_link_targets_and_emphasis() {
        let markdown = "Reddit’s [Privacy Policy](https://www.reddit.com/policies/privacy-policy?\
                        __hstc=1.2) explains **how** and _why_ we collect";
        assert_eq!(plain_text(markdown), "Reddit’s Privacy Policy explains how and why we collect");
    }

    #[test]
    fn plain_text_keeps_underscores_inside_words() {
        assert_eq!(plain_text("set user_id and __bold__ text"), "set user_id and bold text");
    }

    #[test]
    fn plain_text_removes_escapes_and_invisible_characters() {
        assert_eq!(
            plain_text("1\\. Terms\u{2060} of\u{00A0}\u{00A0}Use\u{200B}"),
            "1. Terms of Use"
        );
    }

    #[test]
    fn plain_text_keeps_escaped_markup_as_text() {
        let cases = [
            (
                "5\\. Miscellaneous \\<script>alert(1)\\</script> end",
                "5. Miscellaneous <script>alert(1)</script> end",
            ),
            ("Send it to \\<Company Name> by post", "Send it to <Company Name> by post"),
            ("Section 5\\* applies", "Section 5* applies"),
            ("a \\[note\\](x) and \\`code\\`", "a [note](x) and `code`"),
            ("user\\_id and <b>bold</b> text", "user_id and bold text"),
        ];

        for (markdown, expected) in cases {
            assert_eq!(plain_text(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn plain_text_with_private_use_characters_keeps_them() {
        assert_eq!(plain_text("a\u{E02A} \\*b\\*"), "a\u{E02A} *b*");
    }

    #[test]
    fn comparison_key_folds_quotes() {
        // The quotes are folded, then the spaces that touch them dropped.
        assert_eq!(comparison_key("the “Service” isn’t"), "the\"Service\"isn't");
        assert_eq!(comparison_key("the \"Service\"isn't"), comparison_key("the “Service” isn’t"));
    }

    #[test]
    fn comparison_key_drops_spaces_at_punctuation() {
        assert_eq!(comparison_key("POLICIES. Zoom"), comparison_key("POLICIES.Zoom"));
        assert_eq!(comparison_key("terms , and"), comparison_key("terms, and"));
        assert_ne!(comparison_key("a part"), comparison_key("apart"), "words stay apart");
    }

    #[test]
    fn comparison_key_strips_tracking_parameters() {
        let key = comparison_key("see https://zoom.us/a?optimizely_user_id=9f&lang=en#top now");
        assert_eq!(key, "see https://zoom.us/a?lang=en#top now");
    }

    #[test]
    fn collapse_whitespace_drops_invisible_words() {
        let text = " \u{200B} a\u{00A0}\u{00A0}b \u{FEFF}\tc\u{200D}d \u{2060} ";

        assert_eq!(collapse_whitespace(text), "a b cd");
    }

    #[test]
    fn word_limit_counts_like_word_count() {
        let text = "one, two - three (four)";

        assert_eq!(word_count(text), 4);
        assert!(has_at_most_words(text, 4));
        assert!(!has_at_most_words(text, 3));
        assert!(has_at_most_words("", 0));
    }
}
