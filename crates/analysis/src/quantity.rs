//! Periods and amounts that a clause sets, and which way a change to them moves the user's
//! position.
//!
//! "At least 30 days before" becoming "at least 3 days before" changes one word, yet it takes
//! most of a notice period away. A change record whose only difference is such a number reads
//! as reworded to the cue words, so the rating looks at the quantities themselves: periods
//! (hours to years) and sums of money. What a shorter or longer period means depends on what
//! the clause uses it for. A notice, opt-out or cancellation window protects the user when it
//! is long. A retention period protects the user when it is short, and a cap on liability when
//! it is high. Add a context in [`Purpose`].

use std::sync::LazyLock;

use regex::Regex;

/// A period in days, or a sum of money with its currency.
#[derive(Debug, Clone, PartialEq)]
enum Quantity {
    Days(f64),
    Money { amount: f64, currency: &'static str },
}

/// Direction in which a changed quantity moved the user's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Worse,
    Better,
    /// The quantities cannot be compared, or the clause's use of them is not known.
    Unknown,
}

/// A changed period or amount: the phrase before and after, and the direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityChange {
    pub before: String,
    pub after: String,
    pub direction: Direction,
}

/// Use a clause makes of its period or amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// How long the platform keeps data: longer is worse for the user.
    Retention,
    /// A notice period or a window for the user to act: shorter is worse.
    Window,
    /// A cap on what the platform owes: lower is worse.
    LiabilityCap,
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty)(?:\s*\(\d+\))?[\s-]+(hours?|days?|business days?|working days?|weeks?|months?|years?)\b",
    )
    .expect("the period pattern compiles")
});

static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?P<sign>[$€£])\s?(?P<lead>\d[\d,]*(?:\.\d+)?)|\b(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<word>euros?|eur|dollars?|usd|pounds?|gbp)\b)",
    )
    .expect("the money pattern compiles")
});

/// Words that show what a clause uses its quantities for, checked in this order.
const PURPOSES: &[(Purpose, &[&str])] = &[
    (
        Purpose::LiabilityCap,
        &["liability", "liable", "damages", "compensation", "limited to", "not exceed"],
    ),
    (
        Purpose::Retention,
        &["retain", "retention", "keep your", "store your", "stored for", "delete", "erase"],
    ),
    (
        Purpose::Window,
        &[
            "notice",
            "notify",
            "in advance",
            "opt out",
            "opt-out",
            "cancel",
            "withdraw",
            "refund",
            "object",
            "appeal",
            "dispute",
            "claim",
        ],
    ),
];

/// Returns the change of period or amount between the two texts of a clause, when they set
/// different ones.
pub fn quantity_change(before: &str, after: &str) -> Option<QuantityChange> {
    let old = quantities(before);
    let new = quantities(after);
    let removed: Vec<&(String, Quantity)> = old.iter().filter(|item| !new.contains(item)).collect();
    let added: Vec<&(String, Quantity)> = new.iter().filter(|item| !old.contains(item)).collect();
    let (Some((old_phrase, old_value)), Some((new_phrase, new_value))) =
        (removed.first(), added.first())
    else {
        return None;
    };

    let direction = match (purpose(after), compare(old_value, new_value)) {
        (Some(purpose), Some(ordering)) if ordering.is_ne() => {
            let larger_is_better = purpose != Purpose::Retention;
            if ordering.is_gt() == larger_is_better { Direction::Worse } else { Direction::Better }
        }
        _ => Direction::Unknown,
    };
    Some(QuantityChange { before: old_phrase.clone(), after: new_phrase.clone(), direction })
}

/// Returns the periods and amounts of `text` with the phrases that state them, in text order.
fn quantities(text: &str) -> Vec<(String, Quantity)> {
    let mut found: Vec<(usize, String, Quantity)> = Vec::new();

    for captures in PERIOD.captures_iter(text) {
        let (Some(whole), Some(count), Some(unit)) =
            (captures.get(0), captures.get(1), captures.get(2))
        else {
            continue;
        };
        let Some(count) = number(count.as_str()) else { continue };
        let days = count * unit_days(&unit.as_str().to_ascii_lowercase());
        found.push((whole.start(), whole.as_str().to_owned(), Quantity::Days(days)));
    }

    for captures in MONEY.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let digits = captures.name("lead").or_else(|| captures.name("amount"));
        let Some(amount) = digits.and_then(|digits| number(digits.as_str())) else { continue };
        let symbol = captures.name("sign").or_else(|| captures.name("word"));
        let currency = symbol.map_or("", |symbol| currency(symbol.as_str()));
        found.push((
            whole.start(),
            whole.as_str().to_owned(),
            Quantity::Money { amount, currency },
        ));
    }

    found.sort_by_key(|(start, ..)| *start);
    found.into_iter().map(|(_, phrase, quantity)| (phrase, quantity)).collect()
}

/// Returns the value of a count written in digits or as a word.
fn number(text: &str) -> Option<f64> {
    let words = [
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("twelve", 12.0),
        ("thirty", 30.0),
    ];
    let lowered = text.to_ascii_lowercase();
    if let Some((_, value)) = words.iter().find(|(word, _)| *word == lowered) {
        return Some(*value);
    }
    lowered.replace(',', "").parse().ok()
}

/// Returns the length of `unit` in days, with months of 30 and years of 365 days.
fn unit_days(unit: &str) -> f64 {
    match unit.trim_end_matches('s') {
        "hour" => 1.0 / 24.0,
        "week" => 7.0,
        "month" => 30.0,
        "year" => 365.0,
        _ => 1.0,
    }
}

/// Returns the currency code that a symbol or word names.
fn currency(symbol: &str) -> &'static str {
    match symbol.to_ascii_lowercase().trim_end_matches('s') {
        "$" | "dollar" | "usd" => "USD",
        "€" | "euro" | "eur" => "EUR",
        _ => "GBP",
    }
}

/// Returns how `old` compares with `new`, when both are periods or sums in one currency.
fn compare(old: &Quantity, new: &Quantity) -> Option<std::cmp::Ordering> {
    match (old, new) {
        (Quantity::Days(old), Quantity::Days(new)) => old.partial_cmp(new),
        (
            Quantity::Money { amount: old, currency: old_currency },
            Quantity::Money { amount: new, currency: new_currency },
        ) if old_currency == new_currency => old.partial_cmp(new),
        _ => None,
    }
}

/// Returns what `text` uses its quantities for, from the first list of words it contains.
fn purpose(text: &str) -> Option<Purpose> {
    let lowered = text.to_lowercase();
    PURPOSES
        .iter()
        .find(|(_, words)| words.iter().any(|word| lowered.contains(word)))
        .map(|(purpose, _)| *purpose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direction(before: &str, after: &str) -> Option<Direction> {
        quantity_change(before, after).map(|change| change.direction)
    }

    #[test]
    fn shorter_notice_is_worse() {
        let change = quantity_change(
            "We will notify you at least 30 days before any change takes effect.",
            "We will notify you at least 3 days before any change takes effect.",
        )
        .expect("a changed period");

        assert_eq!(change.before, "30 days");
        assert_eq!(change.after, "3 days");
        assert_eq!(change.direction, Direction::Worse);
    }

    #[test]
    fn longer_retention_is_worse() {
        let worse = direction(
            "We delete your data within 30 days after you close your account.",
            "We delete your data within 10 years after you close your account.",
        );

        assert_eq!(worse, Some(Direction::Worse));
    }

    #[test]
    fn shorter_retention_is_better() {
        let better = direction("We retain logs for 2 years.", "We retain logs for six months.");

        assert_eq!(better, Some(Direction::Better));
    }

    #[test]
    fn lower_liability_cap_is_worse() {
        let worse = direction(
            "Our total liability to you is limited to $500.",
            "Our total liability to you is limited to $50.",
        );

        assert_eq!(worse, Some(Direction::Worse));
    }

    #[test]
    fn period_replaced_by_amount_is_unknown() {
        let change = quantity_change(
            "Our liability is limited to the fees you paid in the last 12 months.",
            "Our liability is limited to 1 euro.",
        )
        .expect("a changed quantity");

        assert_eq!(change.before, "12 months");
        assert_eq!(change.after, "1 euro");
        assert_eq!(change.direction, Direction::Unknown);
    }

    #[test]
    fn same_quantities_are_no_change() {
        assert_eq!(direction("Cancel within 14 days.", "You may cancel within 14 days."), None);
    }

    #[test]
    fn quantity_without_purpose_is_unknown() {
        let unknown = direction("The event lasts 3 days.", "The event lasts 5 days.");

        assert_eq!(unknown, Some(Direction::Unknown));
    }

    #[test]
    fn spelled_count_with_digits_reads_once() {
        let found = quantities("You may cancel within thirty (30) days.");

        assert_eq!(found, [("thirty (30) days".to_owned(), Quantity::Days(30.0))]);
    }
}
