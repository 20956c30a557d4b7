//! The party a negative term binds: the user ("you may not", "users shall not", "Customer will
//! not") or the platform ("we will not", "we do not sell", "[Company] will not").
//!
//! A negation binding the user restricts the user. One binding the platform is a commitment
//! that protects the user, unless its verb makes it a disclaimer ("we will not be liable", "we
//! do not guarantee"). The subject is read from the words just before the negative modal: a
//! first-person pronoun, a word naming the user, a generic name of the provider ("the
//! Company"), or a capitalised name. Capitalised defined terms that name neither party
//! ("Customer Content will not", "This Agreement does not") are read as binding neither.
//!
//! NOTE: only the words right before the modal are read, so a compound subject in lowercase
//! ("we and our affiliates will not") is not found, and its modal counts as a restriction.

use std::sync::LazyLock;

use crate::word_boundary::BoundaryRegex;

/// The party a negative term binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    User,
    Platform,
    /// A subject naming neither party, such as a defined term for content.
    Unknown,
}

/// A negative statement found in a clause, such as "we do not sell".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Negation {
    pub party: Party,
    /// Byte offset of the subject in the clause text.
    pub start: usize,
    /// Byte offset just past the verb after the modal.
    pub end: usize,
    /// Byte offset of the end of the sentence the negation is in: its full stop, semicolon or
    /// line break, or the end of the text.
    pub sentence_end: usize,
    /// Subject, modal and verb as written, with runs of whitespace collapsed.
    pub phrase: String,
    /// The verb after the modal, lowercase, such as "sell".
    pub verb: String,
    /// Whether the modal states a promise ("will not", "do not", "never") rather than a
    /// permission or a capability ("may not", "cannot").
    pub promissory: bool,
}

impl Negation {
    /// Returns whether the negation is a commitment of the platform that protects the user.
    pub fn is_commitment(&self) -> bool {
        self.party == Party::Platform
            && self.promissory
            && !DISCLAIMER_VERBS.contains(&self.verb.as_str())
    }
}

/// Subject, optional adverb, negative modal and the verb it governs. The keyword subjects come
/// first so that "YOU SHALL NOT" is read as the user even in capitals.
static NEGATION: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(
        r"(?x)
        \b(?P<subject>
            (?i:we|you|users?|end\ users?|customers?|members?|licensees?|subscribers?
               |account\ holders?
               |the\ (?:user|customer|company|provider|service\ provider|platform|operator
                       |licensor))
          | (?-i:[A-Z][\w&'’-]*(?:\ [A-Z][\w&'’-]*){0,3})
        )
        \s+(?:(?i:\w+ly|also|still)\s+)?
        (?P<modal>(?i:
            will\s+not|won['’]t|will\s+never|shall\s+not|do\s+not|does\s+not|don['’]t
          | doesn['’]t|never|may\s+not|must\s+not|cannot|can\s+not|agrees?\s+not\s+to
          | (?:are|is)\s+not\s+(?:permitted|allowed)\s+to
        ))
        \s+(?P<verb>\w+)",
    )
    .expect("negation pattern compiles")
});

/// A user's warranty opening the sentence ("you represent and warrant that"): a negation
/// after it states what the user vouches for, even with the platform as its subject ("…
/// or Acme does not violate any rights").
static USER_WARRANTY: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(r"(?i)\byou\b.*\b(?:represent|warrant|ensure|guarantee)")
        .expect("warranty pattern compiles")
});

/// Modals that state a promise when the platform is their subject.
const PROMISSORY_MODALS: &[&str] = &[
    "will not",
    "won't",
    "will never",
    "shall not",
    "do not",
    "does not",
    "don't",
    "doesn't",
    "never",
    "agree not to",
    "agrees not to",
];

/// Verbs that turn a platform's negation into a disclaimer of its own duties or liability.
const DISCLAIMER_VERBS: &[&str] = &[
    "be",
    "have",
    "accept",
    "assume",
    "bear",
    "guarantee",
    "warrant",
    "represent",
    "endorse",
    "control",
    "review",
    "monitor",
    "supervise",
    "screen",
    "verify",
    "owe",
    "promise",
    "make",
    "provide",
    "refund",
    "take",
    "undertake",
    "offer",
    "support",
    "apply",
];

/// Words that name the user or the user's side of the contract.
const USER_WORDS: &[&str] = &[
    "you",
    "user",
    "users",
    "customer",
    "customers",
    "member",
    "members",
    "licensee",
    "licensees",
    "subscriber",
    "subscribers",
    "holder",
    "holders",
];

/// Words that name the provider without naming it.
const PLATFORM_WORDS: &[&str] = &["we", "company", "provider", "platform", "operator", "licensor"];

/// Last words of capitalised defined terms that name a thing rather than a party.
const THING_WORDS: &[&str] = &[
    "content",
    "data",
    "information",
    "service",
    "services",
    "software",
    "terms",
    "agreement",
    "policy",
    "policies",
    "materials",
    "output",
    "outputs",
    "input",
    "inputs",
    "account",
    "accounts",
    "product",
    "products",
    "feature",
    "features",
    "site",
    "website",
    "app",
    "law",
    "laws",
    "party",
    "parties",
    "section",
    "sections",
    "order",
    "fees",
    "fee",
    "license",
    "licence",
    "method",
    "methods",
    "plan",
    "plans",
    "subscription",
    "subscriptions",
    "membership",
    "memberships",
    "device",
    "devices",
    "tool",
    "tools",
    "model",
    "models",
    "code",
    "documentation",
    "submission",
    "submissions",
    "communications",
    "rights",
    "period",
    "price",
    "prices",
    "program",
    "programme",
    "trial",
];

/// First words that make a capitalised run a pronoun, a determiner or a sentence opening
/// rather than a name.
const FUNCTION_WORDS: &[&str] = &[
    "it", "they", "he", "she", "i", "this", "that", "these", "those", "such", "any", "no", "each",
    "our", "your", "their", "its", "if", "when", "where", "which", "who", "what", "and", "or",
    "but", "some", "all", "other", "both", "neither", "either", "there", "here", "a", "an", "as",
    "in", "on", "for", "to", "by", "at", "of", "please", "note", "however",
];

/// Characters that end a sentence or a list item.
const SENTENCE_ENDS: [char; 3] = ['.', ';', '\n'];

/// Returns every negative statement of `text` with the party it binds, in text order.
pub(crate) fn negations(text: &str) -> Vec<Negation> {
    let user_warranty = USER_WARRANTY.for_text(text);
    NEGATION
        .for_text(text)
        .captures_iter(text)
        .map(|captures| {
            let whole = captures.get(0).expect("group 0 is the match");
            let subject = &captures["subject"];
            let modal = collapse(&captures["modal"]).to_lowercase().replace('’', "'");
            let sentence_start = text[..whole.start()].rfind(SENTENCE_ENDS).map_or(0, |at| at + 1);
            let sentence_end =
                text[whole.end()..].find(SENTENCE_ENDS).map_or(text.len(), |at| whole.end() + at);
            let party = match party_of(subject) {
                Party::Platform if user_warranty.is_match(&text[sentence_start..whole.start()]) => {
                    Party::User
                }
                party => party,
            };
            Negation {
                party,
                start: whole.start(),
                end: whole.end(),
                sentence_end,
                phrase: collapse(whole.as_str()),
                verb: captures["verb"].to_lowercase(),
                promissory: PROMISSORY_MODALS.contains(&modal.as_str()),
            }
        })
        .collect()
}

/// Returns the party a subject names.
fn party_of(subject: &str) -> Party {
    let lowered = subject.to_lowercase();
    let mut words: Vec<&str> = lowered.split_whitespace().collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Party::Unknown;
    };

    if words.len() == 1 && PLATFORM_WORDS.contains(first) {
        Party::Platform
    } else if THING_WORDS.contains(last) {
        Party::Unknown
    } else if words.iter().any(|word| USER_WORDS.contains(word)) {
        Party::User
    } else if FUNCTION_WORDS.contains(first) {
        Party::Unknown
    } else {
        Party::Platform
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties(text: &str) -> Vec<Party> {
        negations(text).into_iter().map(|negation| negation.party).collect()
    }

    #[test]
    fn pronouns_and_names_pick_the_party() {
        let cases = [
            ("You may not resell the service.", Party::User),
            ("YOU SHALL NOT USE THE SERVICES.", Party::User),
            ("Users must not post spam.", Party::User),
            ("Customer may not resell access.", Party::User),
            ("We do not sell your personal information.", Party::Platform),
            ("We currently do not share personal data.", Party::Platform),
            ("Acme will not use your files.", Party::Platform),
            ("The Company will not share your data.", Party::Platform),
            ("Customer Content does not include telemetry.", Party::Unknown),
            ("They do not use the input for training.", Party::Unknown),
            ("This Agreement does not create a partnership.", Party::Unknown),
            ("A change of Payment Method will not affect your plan.", Party::Unknown),
            ("Paid Subscriptions do not renew after a trial.", Party::Unknown),
        ];
        for (text, expected) in cases {
            assert_eq!(parties(text), vec![expected], "{text}");
        }
    }

    #[test]
    fn warranty_of_the_user_binds_the_user() {
        let text = "You represent and warrant that such use by you or Acme does not violate \
                    any rights of any third party.";

        assert_eq!(parties(text), vec![Party::User]);
    }

    #[test]
    fn disclaimer_is_no_commitment() {
        let found = negations("We will not be liable for lost profits.");

        assert_eq!(found.len(), 1);
        assert_eq!(found[0].party, Party::Platform);
        assert!(!found[0].is_commitment());
    }

    #[test]
    fn permission_is_no_commitment() {
        let found = negations("We may not be able to restore deleted content.");

        assert_eq!(found.len(), 1);
        assert!(!found[0].is_commitment());
    }

    #[test]
    fn commitment_keeps_phrase_and_verb() {
        let found = negations("Acme  will\nnot sell your data.");

        assert_eq!(found.len(), 1);
        assert!(found[0].is_commitment());
        assert_eq!(found[0].phrase, "Acme will not sell");
        assert_eq!(found[0].verb, "sell");
    }
}
