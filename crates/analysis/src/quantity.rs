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

use crate::word_boundary::BoundaryRegex;

/// A period in days, a sum of money with its currency, or a percentage.
#[derive(Debug, Clone, PartialEq)]
enum Quantity {
    Days(f64),
    Money { amount: f64, currency: &'static str },
    Percent(f64),
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
    /// A fee, a price or an increase of one: higher is worse.
    Charge,
}

/// Number words, so that "three hundred sixty-five (365) days" and "one week" read as periods.
const NUMBER_WORD: &str = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\
thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|\
seventy|eighty|ninety|hundred|thousand)";

static PERIOD: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    let words = format!(r"{NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){NUMBER_WORD})*");
    BoundaryRegex::new(&format!(
        r"(?i)\b(?:(?P<words>{words})(?:\s*\((?P<digits>\d+(?:[.,]\d+)?)\))?|(?P<number>\d+(?:[.,]\d+)?))[\s-]+(?P<unit>hours?|days?|business days?|working days?|weeks?|months?|years?)\b"
    ))
    .expect("the period pattern compiles")
});

static MONEY: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(
        r"(?i)(?:(?P<sign>[$€£])\s?(?P<lead>\d[\d,]*(?:\.\d+)?)|\b(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<word>euros?|eur|dollars?|usd|pounds?|gbp)\b)",
    )
    .expect("the money pattern compiles")
});

static PERCENT: LazyLock<BoundaryRegex> = LazyLock::new(|| {
    BoundaryRegex::new(r"(?i)\b(?P<value>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)")
        .expect("the percentage pattern compiles")
});

/// Words of a clause that caps what the platform owes, for periods and sums alike.
const LIABILITY_WORDS: &[&str] =
    &["liability", "liable", "damages", "compensation", "limited to", "not exceed"];

/// Words that show what a clause uses a period for, checked in this order.
const PERIOD_PURPOSES: &[(Purpose, &[&str])] = &[
    (Purpose::LiabilityCap, LIABILITY_WORDS),
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

/// Words that show what a clause uses a sum or a percentage for, checked in this order.
const AMOUNT_PURPOSES: &[(Purpose, &[&str])] = &[
    (Purpose::LiabilityCap, LIABILITY_WORDS),
    (Purpose::Charge, &["fee", "price", "charge", "cost", "interest", "increase", "surcharge"]),
];

/// Returns the change of period or amount between the two texts of a clause, when they set
/// different ones. The same value written another way ("30 days", "thirty (30) days", "one
/// month") is no change.
pub fn quantity_change(before: &str, after: &str) -> Option<QuantityChange> {
    let old = quantities(before);
    let new = quantities(after);
    let has_value = |list: &[(String, Quantity)], value: &Quantity| {
        list.iter().any(|(_, other)| compare(other, value).is_some_and(|order| order.is_eq()))
    };
    let removed = old.iter().find(|(_, value)| !has_value(&new, value));
    let added = new.iter().find(|(_, value)| !has_value(&old, value));
    let (Some((old_phrase, old_value)), Some((new_phrase, new_value))) = (removed, added) else {
        return None;
    };

    let direction = match (purpose(after, new_value), compare(old_value, new_value)) {
        (Some(purpose), Some(ordering)) if ordering.is_ne() => {
            let larger_is_better = matches!(purpose, Purpose::Window | Purpose::LiabilityCap);
            if ordering.is_gt() == larger_is_better { Direction::Worse } else { Direction::Better }
        }
        _ => Direction::Unknown,
    };
    Some(QuantityChange { before: old_phrase.clone(), after: new_phrase.clone(), direction })
}

/// Returns the periods, amounts and percentages of `text` with the phrases that state them, in
/// text order.
fn quantities(text: &str) -> Vec<(String, Quantity)> {
    let mut found: Vec<(usize, String, Quantity)> = Vec::new();

    for captures in PERIOD.for_text(text).captures_iter(text) {
        let (Some(whole), Some(unit)) = (captures.get(0), captures.name("unit")) else {
            continue;
        };
        let count = match (captures.name("digits"), captures.name("words"), captures.name("number"))
        {
            (Some(digits), ..) | (None, None, Some(digits)) => number(digits.as_str()),
            (None, Some(words), _) => number_from_words(words.as_str()),
            (None, None, None) => None,
        };
        let Some(count) = count else { continue };
        let days = count * unit_days(&unit.as_str().to_ascii_lowercase());
        found.push((whole.start(), whole.as_str().to_owned(), Quantity::Days(days)));
    }

    for captures in MONEY.for_text(text).captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let digits = captures.name("lead").or_else(|| captures.name("amount"));
        let Some(amount) = digits.and_then(|digits| number(digits.as_str())) else { continue };
        let symbol = captures.name("sign").or_else(|| captures.name("word"));
        let currency = symbol.map_or("", |symbol| currency(symbol.as_str()));
        let money = Quantity::Money { amount, currency };
        found.push((whole.start(), whole.as_str().to_owned(), money));
    }

    for captures in PERCENT.for_text(text).captures_iter(text) {
        let (Some(whole), Some(value)) = (captures.get(0), captures.name("value")) else {
            continue;
        };
        let Some(value) = number(value.as_str()) else { continue };
        found.push((whole.start(), whole.as_str().to_owned(), Quantity::Percent(value)));
    }

    found.sort_by_key(|(start, ..)| *start);
    found.into_iter().map(|(_, phrase, quantity)| (phrase, quantity)).collect()
}

/// Returns the value of a number written in digits, with commas between thousands.
fn number(text: &str) -> Option<f64> {
    text.replace(',', "").parse().ok()
}

/// Returns the value of a number written in words ("three hundred sixty-five").
fn number_from_words(text: &str) -> Option<f64> {
    const SMALL: [&str; 19] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] =
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    let (mut total, mut group) = (0.0, 0.0);
    let lowered = text.to_ascii_lowercase();
    for word in lowered.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()) {
        if let Some(index) = SMALL.iter().position(|small| *small == word) {
            group += (index + 1) as f64;
        } else if let Some(index) = TENS.iter().position(|tens| *tens == word) {
            group += ((index + 2) * 10) as f64;
        } else if word == "hundred" {
            group = group.max(1.0) * 100.0;
        } else if word == "thousand" {
            total += group.max(1.0) * 1000.0;
            group = 0.0;
        } else if word != "and" {
            return None;
        }
    }
    Some(total + group)
}

/// Returns the length of `unit` in days, with months of 30 and years of 365 days.
fn unit_days(unit: &str) -> f64 {
    let unit = unit.rsplit(' ').next().unwrap_or(unit);
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

/// Share by which two values may differ and still be equal, so that "12 months" (360 days at
/// 30 days a month) equals "one year" (365 days).
const SAME_VALUE_TOLERANCE: f64 = 0.02;

/// Returns how `old` compares with `new`, when both are periods, sums in one currency or
/// percentages. Values within [`SAME_VALUE_TOLERANCE`] of each other are equal.
fn compare(old: &Quantity, new: &Quantity) -> Option<std::cmp::Ordering> {
    let (old, new) = match (old, new) {
        (Quantity::Days(old), Quantity::Days(new))
        | (Quantity::Percent(old), Quantity::Percent(new)) => (*old, *new),
        (
            Quantity::Money { amount: old, currency: old_currency },
            Quantity::Money { amount: new, currency: new_currency },
        ) if old_currency == new_currency => (*old, *new),
        _ => return None,
    };
    if (old - new).abs() <= SAME_VALUE_TOLERANCE * old.abs().max(new.abs()) {
        return Some(std::cmp::Ordering::Equal);
    }
    old.partial_cmp(&new)
}

/// Returns what `text` uses `quantity` for, from the first list of words it contains.
fn purpose(text: &str, quantity: &Quantity) -> Option<Purpose> {
    let lowered = text.to_lowercase();
    let purposes = match quantity {
        Quantity::Days(_) => PERIOD_PURPOSES,
        Quantity::Money { .. } | Quantity::Percent(_) => AMOUNT_PURPOSES,
    };
    purposes
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

    #[test]
    fn long_spelled_count_takes_its_digits() {
        let found = quantities("We delete it within three hundred sixty-five (365) days.");

        let expected = "three hundred sixty-five (365) days".to_owned();
        assert_eq!(found, [(expected, Quantity::Days(365.0))]);
    }

    #[test]
    fn spelled_count_without_digits_is_read() {
        assert_eq!(number_from_words("three hundred sixty-five"), Some(365.0));
        assert_eq!(number_from_words("fourteen"), Some(14.0));
        assert_eq!(number_from_words("two thousand and twenty"), Some(2020.0));
    }

    #[test]
    fn same_value_written_otherwise_is_no_change() {
        let pairs = [
            ("notice of 30 days", "notice of thirty (30) days"),
            ("liability shall not exceed US$1,000", "liability shall not exceed US$1000"),
            ("refund within seven (7) days", "refund within one week"),
            ("delete within three hundred sixty-five (365) days", "delete within one year"),
            ("keep logs for 12 months", "keep logs for one year"),
        ];

        for (before, after) in pairs {
            assert_eq!(quantity_change(before, after), None, "{before} / {after}");
        }
    }

    #[test]
    fn shorter_spelled_refund_window_is_worse() {
        let worse = direction("Refund within fourteen (14) days.", "Refund within seven (7) days.");

        assert_eq!(worse, Some(Direction::Worse));
    }

    #[test]
    fn larger_fee_increase_is_worse() {
        let worse = direction(
            "We may increase the subscription fee by up to 5% per year.",
            "We may increase the subscription fee by up to 25% per year.",
        );

        assert_eq!(worse, Some(Direction::Worse));
    }

    #[test]
    fn price_notice_period_is_a_window() {
        let worse = direction(
            "We give 30 days' notice of any price increase.",
            "We give 7 days' notice of any price increase.",
        );

        assert_eq!(worse, Some(Direction::Worse));
    }
}
