//! Companies a clause names: the contracting party, the data controller, the provider.
//!
//! "The data controller is Netflix International B.V." becoming "… Netflix Services UK
//! Limited" has no cue word, yet it changes who the user contracts with or whose law governs
//! their data. [`entity_change`] compares the company names of two texts of a clause: runs of
//! capitalised words that end in a legal-form suffix ([`LEGAL_FORMS`]).

use crate::forum::NameChange;

/// Legal-form suffixes that end a company name, compared without dots and case. A suffix must
/// start with a capital letter ("Limited", not "limited").
#[rustfmt::skip]
const LEGAL_FORMS: &[&str] = &[
    "inc", "llc", "llp", "ltd", "limited", "plc", "corp", "corporation", "bv", "nv", "gmbh", "ag",
    "sa", "sas", "sarl", "srl", "spa", "pty",
];

/// Abbreviations that may sit inside a company name with their dot: "ZVC India Pvt. Ltd.".
const ABBREVIATIONS: &[&str] = &["pvt.", "co.", "bros.", "st.", "intl."];

/// Words a company name may contain besides capitalised ones: "Bank of America Corp.".
const JOINERS: &[&str] = &["of", "and", "&", "de", "du"];

/// Maximum length of a company name, in words, suffix included.
const MAX_NAME_WORDS: usize = 7;

/// Returns the company names that differ between `before` and `after` when one company took
/// another's place, or `None`. A company named or dropped alone is a rewording ("Acme, Inc.
/// will" becoming "We will").
pub fn entity_change(before: &str, after: &str) -> Option<NameChange> {
    let (earlier, later) = (entities(before), entities(after));
    let key = |name: &String| name.to_lowercase().replace(['.', ','], "");
    let missing_from = |names: &[String], others: &[String]| -> Vec<String> {
        names
            .iter()
            .filter(|name| !others.iter().any(|other| key(other) == key(name)))
            .cloned()
            .collect()
    };
    let dropped = missing_from(&earlier, &later);
    let added = missing_from(&later, &earlier);
    if dropped.is_empty() || added.is_empty() {
        return None;
    }
    Some(NameChange { dropped, added })
}

/// Returns the company names in `text`, in order and without repeats.
fn entities(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found: Vec<String> = Vec::new();

    for (index, raw) in words.iter().enumerate() {
        let suffix = raw.trim_end_matches([',', ';', ':', ')', '"', '”', '’', '\'']);
        let form = suffix.trim_end_matches('.').replace('.', "").to_lowercase();
        if index == 0 || !LEGAL_FORMS.contains(&form.as_str()) {
            continue;
        }
        if !suffix.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }

        // Walk back over the name. A comma may only stand before the legal form ("Acme,
        // Inc."), and a dot only in an abbreviation ("U.S.", "Pvt."): either ends a list item
        // or a sentence.
        let mut start = index;
        while start > 0 && index - start + 1 < MAX_NAME_WORDS {
            let previous = words[start - 1];
            let word = previous.trim_end_matches(',');
            if word.len() < previous.len() && start != index {
                break;
            }
            let dotted = word.ends_with('.')
                && !word.trim_end_matches('.').contains('.')
                && !ABBREVIATIONS.contains(&word.to_lowercase().as_str());
            if dotted || word.ends_with([';', ':']) {
                break;
            }
            if word.chars().next().is_some_and(char::is_uppercase) || JOINERS.contains(&word) {
                start -= 1;
            } else {
                break;
            }
        }
        while start < index && JOINERS.contains(&words[start]) {
            start += 1;
        }
        if start == index {
            continue;
        }

        // "Inc." and "B.V." keep their dot; "Limited." ends a sentence.
        let abbreviated = suffix.trim_end_matches('.').contains('.')
            || matches!(form.as_str(), "inc" | "ltd" | "corp");
        let suffix = if abbreviated { suffix } else { suffix.trim_end_matches('.') };
        let mut name: Vec<&str> = words[start..index].to_vec();
        name.push(suffix);
        let name = name.join(" ").trim_end_matches(',').to_owned();
        // Capitals throughout are a shouted clause ("… WILL BE LIMITED"), not a name.
        if !name.chars().any(char::is_lowercase) {
            continue;
        }
        if !found.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
            found.push(name);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_end_in_a_legal_form() {
        assert_eq!(
            entities("The data controller is Netflix International B.V. Please note"),
            ["Netflix International B.V."]
        );
        assert_eq!(
            entities("provided by Acme Cloud Services, Inc., a Delaware company"),
            ["Acme Cloud Services, Inc."]
        );
        assert_eq!(
            entities("You agree with Netflix Services UK Limited."),
            ["Netflix Services UK Limited"]
        );
        assert!(entities("as set out below, as long as you agree").is_empty());
        assert_eq!(entities("the Swiss-U.S. DPF, Reddit, Inc. certifies"), ["Reddit, Inc."]);
        assert_eq!(
            entities("Zoom's Affiliate, ZVC India Pvt. Ltd. provides"),
            ["ZVC India Pvt. Ltd."]
        );
        assert!(entities("governed by the Laws. As a user you agree").is_empty());
        assert!(entities("LIABILITY RELATED TO THIS AGREEMENT WILL BE LIMITED").is_empty());
        assert!(entities("the Spotify Service, and limited to").is_empty());
    }

    #[test]
    fn entity_change_new_company() {
        let change = entity_change(
            "The data controller is Netflix International B.V. Please note this.",
            "The data controller is Netflix Services UK Limited. Please note this.",
        )
        .expect("another controller");

        assert_eq!(
            change.describe(),
            "\"Netflix International B.V.\" became \"Netflix Services UK Limited\""
        );
        assert_eq!(entity_change("Acme Inc. provides it.", "Acme, Inc. provides it."), None);
        assert_eq!(entity_change("Acme, Inc. will do it.", "We will do it."), None);
    }
}
