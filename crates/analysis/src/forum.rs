//! Names a dispute clause points to: the law, courts, places and arbitral bodies it names.
//!
//! A change of governing law from one country to another, or of the courts from one city to
//! another, rewords a clause without any cue word, yet it moves where and under which rules a
//! user can bring a claim. [`forum_change`] compares the capitalised names of two texts of a
//! clause in the dispute categories ([`FORUM_CATEGORIES`]). Terms that contracts capitalise as
//! defined terms ("Terms", "Services") are not names; add more to [`DEFINED_TERMS`].

/// Categories whose clauses name a law, a court or an arbitral body.
pub const FORUM_CATEGORIES: &[&str] = &["choice-of-law", "jurisdiction", "arbitration"];

/// Capitalised words that name parts of the contract, its parties or its procedure, not a
/// place or a body.
const DEFINED_TERMS: &[&str] = &[
    "account",
    "agreement",
    "agreements",
    "any",
    "arbitration",
    "company",
    "content",
    "date",
    "dispute",
    "disputes",
    "effective",
    "governing",
    "i",
    "law",
    "laws",
    "member",
    "members",
    "our",
    "parties",
    "party",
    "platform",
    "policy",
    "privacy",
    "section",
    "service",
    "services",
    "site",
    "subscriber",
    "subscribers",
    "terms",
    "us",
    "user",
    "users",
    "we",
    "website",
    "you",
    "your",
];

/// Words after which a capitalised run names a place or a body: "laws of France", "courts in
/// Dublin", "under Irish law". Not "by", which leads to the parties as often.
const LEADS: &[&str] = &["of", "in", "at", "under", "before"];

/// Words that make the capitalised run before them a law or a court: "English law", "Irish
/// courts".
const TRAILS: &[&str] = &["law", "laws", "court", "courts"];

/// The names one text of a clause has and the other lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameChange {
    pub dropped: Vec<String>,
    pub added: Vec<String>,
}

impl NameChange {
    /// Returns the change in a few words: `"France" became "State of Delaware"`.
    pub fn describe(&self) -> String {
        let quoted = |names: &[String]| {
            names.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", ")
        };
        match (self.dropped.is_empty(), self.added.is_empty()) {
            (false, false) => format!("{} became {}", quoted(&self.dropped), quoted(&self.added)),
            (true, false) => format!("now names {}", quoted(&self.added)),
            _ => format!("no longer names {}", quoted(&self.dropped)),
        }
    }
}

/// Returns the names that differ between `before` and `after` when `categories` include a
/// dispute category, or `None` when the same names appear in both.
pub fn forum_change(categories: &[String], before: &str, after: &str) -> Option<NameChange> {
    if !categories.iter().any(|id| FORUM_CATEGORIES.contains(&id.as_str())) {
        return None;
    }
    let (earlier, later) = (names(before), names(after));
    let dropped: Vec<String> = earlier
        .iter()
        .filter(|name| !later.iter().any(|other| same_place(name, other)))
        .cloned()
        .collect();
    let added: Vec<String> = later
        .iter()
        .filter(|name| !earlier.iter().any(|other| same_place(name, other)))
        .cloned()
        .collect();
    if dropped.is_empty() && added.is_empty() {
        return None;
    }
    Some(NameChange { dropped, added })
}

/// Returns whether two names stand for one place: equal, or one is a run of the other's words
/// ("California" and "State of California").
fn same_place(one: &str, other: &str) -> bool {
    let words = |name: &str| name.split(' ').map(str::to_lowercase).collect::<Vec<_>>();
    let (one, other) = (words(one), words(other));
    let (short, long) = if one.len() <= other.len() { (one, other) } else { (other, one) };
    long.windows(short.len()).any(|window| window == short.as_slice())
}

/// One word of a text, with what surrounds it.
struct Token<'t> {
    word: &'t str,
    /// The word is capitalised, starts no sentence and is not a defined term.
    name: bool,
    /// Punctuation after the word ends the phrase it is in.
    ends_phrase: bool,
}

/// Returns the names of places and bodies in `text`, in order and without repeats. A name is a
/// run of capitalised words led by "of", "in" and the like (an article may come between) or
/// followed by "law" or "courts". A run followed by a defined term ("the Acme Service") names a
/// party and is left out. "of" and "and" join capitalised words into one name ("State of Delaware",
/// "England and Wales"), and a name right after a comma that follows a name is one too
/// ("Wilmington, Delaware").
fn names(text: &str) -> Vec<String> {
    let tokens = tokens(text);
    let mut found: Vec<String> = Vec::new();
    let mut index = 0;
    let mut after_name = false;

    while index < tokens.len() {
        if !tokens[index].name {
            after_name = after_name && tokens[index].word.is_empty();
            index += 1;
            continue;
        }
        let start = index;
        let mut end = index + 1;
        while !tokens[end - 1].ends_phrase && end < tokens.len() {
            if tokens[end].name {
                end += 1;
            } else if end + 1 < tokens.len()
                && matches!(tokens[end].word, "of" | "and")
                && tokens[end + 1].name
            {
                end += 2;
            } else {
                break;
            }
        }

        let lead = |back: usize| start.checked_sub(back).map(|at| tokens[at].word);
        let led = lead(1).is_some_and(|word| LEADS.contains(&word.to_lowercase().as_str()))
            || (lead(1)
                .is_some_and(|word| matches!(word.to_lowercase().as_str(), "the" | "a" | "an"))
                && lead(2).is_some_and(|word| LEADS.contains(&word.to_lowercase().as_str())));
        let next = (!tokens[end - 1].ends_phrase).then(|| tokens.get(end)).flatten();
        let trailed = next.is_some_and(|next| TRAILS.contains(&next.word));
        // A brand before a defined term ("the Acme Service", "Acme Terms") is a party.
        let brand = next.is_some_and(|next| {
            next.word.chars().next().is_some_and(char::is_uppercase)
                && DEFINED_TERMS.contains(&next.word.to_lowercase().as_str())
        });
        let listed = after_name && start > 0 && tokens[start - 1].ends_phrase;

        if (led || trailed || listed) && !brand {
            let name = tokens[start..end].iter().map(|token| token.word).collect::<Vec<_>>();
            let name = name.join(" ");
            if !found.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
                found.push(name);
            }
            after_name = tokens[end - 1].ends_phrase;
        } else {
            after_name = false;
        }
        index = end;
    }
    found
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut sentence_start = true;
    text.split_whitespace()
        .map(|raw| {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let name = !sentence_start
                && word.chars().next().is_some_and(char::is_uppercase)
                && !word.chars().any(|c| c.is_ascii_digit())
                && !DEFINED_TERMS.contains(&word.to_lowercase().as_str());
            sentence_start = raw.ends_with(['.', '!', '?', ':']);
            let ends_phrase = raw.ends_with(['.', ',', ';', ':', ')', '!', '?', '"']);
            Token { word, name, ends_phrase }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn categories(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn names_joined_skipping_sentence_starts() {
        assert_eq!(
            names("These Terms are governed by the laws of the State of Delaware."),
            ["State of Delaware"]
        );
        assert_eq!(
            names("Any dispute goes to the courts of England and Wales, or of Paris."),
            ["England and Wales", "Paris"]
        );
        assert_eq!(names("You agree. Disputes are settled under the JAMS rules."), ["JAMS"]);
        assert_eq!(names("before the courts of Wilmington, Delaware."), ["Wilmington", "Delaware"]);
        assert_eq!(names("This is governed by English law."), ["English"]);
        assert_eq!(names("the laws of the United Kingdom apply"), ["United Kingdom"]);
        assert!(
            names("See the Governing Law section and Section D.8 of this Agreement.").is_empty()
        );
        assert!(names("Disputes between you and Acme are resolved in arbitration.").is_empty());
        assert!(names("your use of the Acme Service").is_empty());
        assert_eq!(names("file in a Small Claims Court"), ["Small Claims Court"]);
    }

    #[test]
    fn forum_change_new_country() {
        let change = forum_change(
            &categories(&["choice-of-law"]),
            "These Terms are governed by the laws of France.",
            "These Terms are governed by the laws of the State of Delaware.",
        )
        .expect("a change of law");
        assert_eq!(change.describe(), "\"France\" became \"State of Delaware\"");
    }

    #[test]
    fn forum_change_same_names_or_category() {
        let law = categories(&["choice-of-law"]);
        assert_eq!(
            forum_change(
                &law,
                "The laws of Ireland govern these Terms.",
                "These Terms are governed by the laws of Ireland."
            ),
            None
        );
        assert_eq!(
            forum_change(
                &law,
                "The laws of California govern.",
                "The laws of the State of California govern."
            ),
            None
        );
        assert_eq!(
            forum_change(
                &categories(&["limitation-of-liability"]),
                "Liability is limited in France.",
                "Liability is limited in Germany."
            ),
            None
        );
    }
}
