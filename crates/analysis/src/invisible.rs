//! Characters that show nothing yet change how a label reads: the analysis layer rejects them in
//! taxonomy labels, and the store in names and one-line fields.

/// Returns whether `c` is an invisible formatting character: a zero-width space or joiner, a
/// direction mark, embedding, override or isolate, or a byte-order mark. Such characters let
/// two names look the same, or make a name display in another order than it is stored.
pub fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}
