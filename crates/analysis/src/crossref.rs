//! Clauses that only point to another part of the document, such as "We've described the
//! stages of model training in more detail in Section 4 below." Such a clause shares the
//! words of the provision it names, so the classifier gives it that provision's category, yet
//! it sets no term of its own. Severity rates it low and sends the reader to the part it names.
//! Extend the verbs in [`POINTER`] or the words that make a term in [`TERM_WORDS`].

use std::sync::LazyLock;

use crate::word_boundary::BoundaryRegex;

/// A verb of describing followed, within the sentence, by a numbered or lettered part.
static POINTER: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(
        r"(?i)\b(?:see|described|explained|set out|detailed|outlined|listed|discussed|covered)\b[^.;]{0,80}?\b(?:sections?|clauses?|paragraphs?|parts?|articles?)\s+(?:\d[\d.]*|[a-z]\b|[ivx]+\b)",
    )
    .expect("valid pattern")
});

/// Words by which a clause grants, forbids, requires or promises something.
static TERM_WORDS: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(
        r"(?i)\b(?:may|must|shall|will|agree[sd]?|can(?:not)?|not|never|prohibit\w*|grant\w*|licen[cs]\w*|waive\w*|consent\w*|requir\w*|permit\w*|allow\w*|reserve\w*)\b|n't\b",
    )
    .expect("valid pattern")
});

/// Maximum length, in words, of a text read as a mere pointer. A longer one likely sets terms.
const MAX_WORDS: usize = 40;

/// Returns whether `text` only refers the reader to another numbered part of the document.
pub(crate) fn is_cross_reference(text: &str) -> bool {
    text.split_whitespace().count() <= MAX_WORDS
        && POINTER.for_text(text).is_match(text)
        && !TERM_WORDS.for_text(text).is_match(text)
}

#[cfg(test)]
mod tests {
    use super::is_cross_reference;

    #[test]
    fn pointer_sentence_is_a_cross_reference() {
        let text =
            "We've described the stages of model training in more detail in Section 4 below.";
        assert!(is_cross_reference(text));
        assert!(is_cross_reference("For how we train our models, see Section 2.3."));
    }

    #[test]
    fn clause_with_a_term_is_not() {
        let texts = [
            "You may not use the content to train models, as described in Section 4.",
            "We will use your data to train models, as set out in Section 4.",
            "You don't have to share data to train models; see Section 4.",
            "We describe model training in detail below.",
        ];
        for text in texts {
            assert!(!is_cross_reference(text), "{text}");
        }
    }
}
