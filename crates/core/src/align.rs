//! Alignment: which clause of the new version continues which clause of the old one.
//!
//! Clauses are linked by their wording, never by marker, position or hash alone, in four
//! passes, each over the clauses the earlier passes left:
//! 1. the longest in-order run of clauses with equal comparison keys (`similar`'s patience
//!    diff over the key sequence), which keeps duplicates such as repeated headings apart;
//! 2. equal keys out of order: moved clauses;
//! 3. similar wording: a score from shared words, with a bonus when the clauses sit under
//!    the same parent, paired greedily from the best score down;
//! 4. containment: a new clause whose word pairs mostly stand inside an old clause that
//!    already continues elsewhere was split off it, and an old clause mostly contained in a
//!    new one was merged into it.
//!
//! Tune the thresholds below to make the matching stricter or looser.

use rustc_hash::FxHashMap as HashMap;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::dated::date_mask;
use crate::segment::Clause;
use crate::text::comparison_key;

/// Lowest word-overlap score (Dice coefficient over words weighted by rarity) at which two
/// clauses count as one reworded provision.
const MIN_SIMILARITY: f64 = 0.5;
/// The same for the only unpaired old clause and the only unpaired new clause between the same
/// two in-order pairs, whose shared position already suggests one provision.
const MIN_GAP_SIMILARITY: f64 = 0.4;
/// The same for clauses of fewer than [`SHORT_CLAUSE_WORDS`] words, where one word weighs more.
const MIN_SIMILARITY_SHORT: f64 = 0.74;
const SHORT_CLAUSE_WORDS: usize = 5;
/// Share of a clause's word pairs that must stand in another clause for a split or merge.
const MIN_CONTAINMENT: f64 = 0.75;
/// Minimum number of word pairs a clause needs before its containment is meaningful.
const MIN_CONTAINMENT_PAIRS: usize = 4;
/// Most similar old clauses kept for each new clause in the similar-wording pass. A new clause
/// whose best candidates all pair with other clauses first is left to the later passes.
const MAX_CANDIDATES: usize = 16;
/// Score bonus when both clauses sit under parents that are themselves aligned.
const SAME_PARENT_BONUS: f64 = 0.1;
/// Time the in-order pass may take before `similar` settles for a coarser result.
const ORDER_TIMEOUT: Duration = Duration::from_millis(500);

/// The pass that aligned two clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same words, in document order.
    InOrder,
    /// Same words, out of document order.
    Moved,
    /// Different but similar words.
    Similar,
}

/// One old clause continued by one new clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
    pub kind: MatchKind,
    /// Whether the pair keeps the order of the in-order pairs around it.
    pub in_order: bool,
}

/// The links between two consecutive versions' clauses, by ordinal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Alignment {
    pub pairs: Vec<Pair>,
    /// `(old, new)`: the new clause was split off the old clause, which continues in a pair.
    pub splits: Vec<(usize, usize)>,
    /// `(old, new)`: the old clause was merged into the new clause, which continues a pair.
    pub merges: Vec<(usize, usize)>,
}

impl Alignment {
    /// Returns the new ordinal that continues each old clause, if any.
    pub fn old_to_new(&self, old_len: usize) -> Vec<Option<usize>> {
        let mut map = vec![None; old_len];
        for pair in &self.pairs {
            map[pair.old] = Some(pair.new);
        }
        map
    }

    /// Returns the old ordinal each new clause continues, if any.
    pub fn new_to_old(&self, new_len: usize) -> Vec<Option<usize>> {
        let mut map = vec![None; new_len];
        for pair in &self.pairs {
            map[pair.new] = Some(pair.old);
        }
        map
    }
}

/// Returns the key clauses are aligned by: the comparison key, with the date hidden on date
/// lines so a new date does not make a new clause.
pub fn alignment_key(clause: &Clause) -> String {
    if clause.dated {
        comparison_key(&date_mask(&clause.text))
    } else {
        comparison_key(&clause.text)
    }
}

/// Aligns the clauses of two consecutive versions.
pub fn align(old: &[Clause], new: &[Clause]) -> Alignment {
    let old_words: Vec<String> = old.iter().map(|clause| comparison_key(&clause.text)).collect();
    let new_words: Vec<String> = new.iter().map(|clause| comparison_key(&clause.text)).collect();
    // The date is masked in the text, before the key drops the spaces its pattern reads.
    let keyed = |clauses: &[Clause], words: &[String]| -> Vec<String> {
        let key = |(clause, words): (&Clause, &String)| {
            if clause.dated { alignment_key(clause) } else { words.clone() }
        };
        clauses.iter().zip(words).map(key).collect()
    };
    let old_keys = keyed(old, &old_words);
    let new_keys = keyed(new, &new_words);
    let mut state = State::new(old.len(), new.len());

    pair_in_order(&old_keys, &new_keys, &mut state);
    pair_equal_keys(&old_keys, &new_keys, &mut state);

    // The word passes only serve clauses left unpaired; a revision that only moved or
    // renumbered clauses, or a re-record, has none.
    let unpaired = state.old_paired.iter().chain(&state.new_paired).any(Option::is_none);
    if unpaired {
        let mut vocabulary = HashMap::default();
        let old_words = WordSets::new(&old_words, &mut vocabulary);
        let new_words = WordSets::new(&new_words, &mut vocabulary);
        let weights = word_weights(&old_words, &new_words);
        pair_similar(old, new, &old_words, &new_words, &weights, &mut state);
        link_containment(&old_words, &new_words, &mut state);
        pair_in_gaps(old, new, &old_words, &new_words, &weights, &mut state);
    }

    let anchors = state.anchors();
    for pair in &mut state.alignment.pairs {
        pair.in_order = pair.kind == MatchKind::InOrder || keeps_order(&anchors, pair);
    }
    state.alignment.pairs.sort_by_key(|pair| pair.new);
    state.alignment
}

struct State {
    old_paired: Vec<Option<usize>>,
    new_paired: Vec<Option<usize>>,
    alignment: Alignment,
}

impl State {
    fn new(old_len: usize, new_len: usize) -> Self {
        Self {
            old_paired: vec![None; old_len],
            new_paired: vec![None; new_len],
            alignment: Alignment::default(),
        }
    }

    fn pair(&mut self, old: usize, new: usize, kind: MatchKind) {
        self.old_paired[old] = Some(new);
        self.new_paired[new] = Some(old);
        self.alignment.pairs.push(Pair { old, new, kind, in_order: false });
    }

    /// Returns the in-order pairs sorted by old ordinal (and so by new ordinal too).
    fn anchors(&self) -> Vec<(usize, usize)> {
        let mut anchors: Vec<(usize, usize)> = self
            .alignment
            .pairs
            .iter()
            .filter(|pair| pair.kind == MatchKind::InOrder)
            .map(|pair| (pair.old, pair.new))
            .collect();
        anchors.sort_unstable();
        anchors
    }
}

fn pair_in_order(old_keys: &[String], new_keys: &[String], state: &mut State) {
    let deadline = Instant::now() + ORDER_TIMEOUT;
    let ops = capture_diff_slices_deadline(Algorithm::Patience, old_keys, new_keys, Some(deadline));
    for op in ops {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for offset in 0..len {
                state.pair(old_index + offset, new_index + offset, MatchKind::InOrder);
            }
        }
    }
}

fn pair_equal_keys(old_keys: &[String], new_keys: &[String], state: &mut State) {
    let mut unpaired_old: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, key) in old_keys.iter().enumerate().rev() {
        if state.old_paired[index].is_none() {
            unpaired_old.entry(key.as_str()).or_default().push(index);
        }
    }
    for (new, key) in new_keys.iter().enumerate() {
        if state.new_paired[new].is_some() {
            continue;
        }
        if let Some(old) = unpaired_old.get_mut(key.as_str()).and_then(Vec::pop) {
            state.pair(old, new, MatchKind::Moved);
        }
    }
}

/// The distinct words and word pairs of each clause of one version, as ids.
struct WordSets {
    words: Vec<Vec<u32>>,
    /// Each clause's distinct word pairs, sorted.
    bigrams: Vec<Vec<(u32, u32)>>,
}

impl WordSets {
    /// Returns the words of each comparison key in `keys`, as ids of `vocabulary`.
    fn new(keys: &[String], vocabulary: &mut HashMap<String, u32>) -> Self {
        let mut all_words = Vec::with_capacity(keys.len());
        let mut all_bigrams = Vec::with_capacity(keys.len());
        let mut lowered = String::new();
        for key in keys {
            let mut sequence: Vec<u32> = Vec::new();
            for word in key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
                lowered.clear();
                if word.is_ascii() {
                    lowered.push_str(word);
                    lowered.make_ascii_lowercase();
                } else {
                    lowered.extend(word.chars().flat_map(char::to_lowercase));
                }
                let id = match vocabulary.get(lowered.as_str()) {
                    Some(id) => *id,
                    None => {
                        let id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                        vocabulary.insert(lowered.clone(), id);
                        id
                    }
                };
                sequence.push(id);
            }
            let mut bigrams: Vec<(u32, u32)> =
                sequence.windows(2).map(|pair| (pair[0], pair[1])).collect();
            bigrams.sort_unstable();
            bigrams.dedup();
            all_bigrams.push(bigrams);
            let mut distinct = sequence;
            distinct.sort_unstable();
            distinct.dedup();
            all_words.push(distinct);
        }
        Self { words: all_words, bigrams: all_bigrams }
    }
}

/// Returns each word's weight: its inverse document frequency over the clauses of both
/// versions, so that sharing "the" and "service" counts for little and sharing "arbitration"
/// for much.
fn word_weights(old_words: &WordSets, new_words: &WordSets) -> HashMap<u32, f64> {
    let mut frequency: HashMap<u32, usize> = HashMap::default();
    for words in old_words.words.iter().chain(&new_words.words) {
        for word in words {
            *frequency.entry(*word).or_default() += 1;
        }
    }
    let clauses = (old_words.words.len() + new_words.words.len()) as f64;
    frequency.into_iter().map(|(word, count)| (word, (1.0 + clauses / count as f64).ln())).collect()
}

fn pair_similar(
    old: &[Clause],
    new: &[Clause],
    old_words: &WordSets,
    new_words: &WordSets,
    weights: &HashMap<u32, f64>,
    state: &mut State,
) {
    let mut candidates = similar_candidates(old, new, old_words, new_words, weights, state);
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, old_index, new_index) in candidates {
        if state.old_paired[old_index].is_none() && state.new_paired[new_index].is_none() {
            state.pair(old_index, new_index, MatchKind::Similar);
        }
    }
}

/// Returns `(score, old, new)` for the unpaired clauses similar enough to pair, keeping the best
/// [`MAX_CANDIDATES`] of each new clause. Without that bound, a page of thousands of look-alike
/// clauses would list every old × new pair.
fn similar_candidates(
    old: &[Clause],
    new: &[Clause],
    old_words: &WordSets,
    new_words: &WordSets,
    weights: &HashMap<u32, f64>,
    state: &State,
) -> Vec<(f64, usize, usize)> {
    let weight_of = |words: &[u32]| words.iter().map(|word| weights[word]).sum::<f64>();
    let old_weights: Vec<f64> = old_words.words.iter().map(|words| weight_of(words)).collect();
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::default();
    for (index, words) in old_words.words.iter().enumerate() {
        if state.old_paired[index].is_none() {
            for word in words {
                postings.entry(*word).or_default().push(index);
            }
        }
    }

    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    let mut shared: HashMap<usize, f64> = HashMap::default();
    let mut own: Vec<(f64, usize, usize)> = Vec::new();
    for (new_index, words) in new_words.words.iter().enumerate() {
        if state.new_paired[new_index].is_some() || words.is_empty() {
            continue;
        }
        shared.clear();
        own.clear();
        for word in words {
            for &old_index in postings.get(word).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(old_index).or_default() += weights[word];
            }
        }
        let new_weight = weight_of(words);
        for (&old_index, &shared_weight) in &shared {
            let old_len = old_words.words[old_index].len();
            let dice = 2.0 * shared_weight / (old_weights[old_index] + new_weight);
            let threshold = if old_len.min(words.len()) < SHORT_CLAUSE_WORDS {
                MIN_SIMILARITY_SHORT
            } else {
                MIN_SIMILARITY
            };
            if dice < threshold {
                continue;
            }
            let bonus = if parents_aligned(&old[old_index], &new[new_index], state) {
                SAME_PARENT_BONUS
            } else {
                0.0
            };
            own.push((dice + bonus, old_index, new_index));
        }
        if own.len() > MAX_CANDIDATES {
            own.select_nth_unstable_by(MAX_CANDIDATES, |a, b| {
                b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
            });
            own.truncate(MAX_CANDIDATES);
        }
        candidates.extend_from_slice(&own);
    }
    candidates
}

fn parents_aligned(old: &Clause, new: &Clause, state: &State) -> bool {
    match (old.parent, new.parent) {
        (Some(old_parent), Some(new_parent)) => state.old_paired[old_parent] == Some(new_parent),
        (None, None) => true,
        _ => false,
    }
}

/// Links clauses left over after pairing through containment: splits and merges.
fn link_containment(old_words: &WordSets, new_words: &WordSets, state: &mut State) {
    let unpaired_new: Vec<usize> =
        (0..new_words.bigrams.len()).filter(|&i| state.new_paired[i].is_none()).collect();
    for new_index in unpaired_new {
        let host = best_host(&new_words.bigrams[new_index], &old_words.bigrams);
        match host {
            Some(old_index) if state.old_paired[old_index].is_some() => {
                state.alignment.splits.push((old_index, new_index));
            }
            Some(old_index) => state.pair(old_index, new_index, MatchKind::Similar),
            None => {}
        }
    }

    let unpaired_old: Vec<usize> =
        (0..old_words.bigrams.len()).filter(|&i| state.old_paired[i].is_none()).collect();
    for old_index in unpaired_old {
        let host = best_host(&old_words.bigrams[old_index], &new_words.bigrams);
        match host {
            // One of two clauses with the same words was dropped: the other continues in the
            // host, so this one was removed, not merged.
            Some(new_index)
                if state.new_paired[new_index].is_some_and(|partner| {
                    old_words.words[partner] == old_words.words[old_index]
                }) => {}
            Some(new_index) if state.new_paired[new_index].is_some() => {
                state.alignment.merges.push((old_index, new_index));
            }
            Some(new_index) => state.pair(old_index, new_index, MatchKind::Similar),
            None => {}
        }
    }
}

/// Pairs clauses left unpaired between the same two in-order pairs (or the start or end of
/// both texts). A pair must share enough words, and be the only unpaired clauses there or carry
/// the same marker. This catches a short clause edited in place ("You must not scrape." to "You
/// must not scrape or crawl."), which misses [`MIN_SIMILARITY_SHORT`] because each added word
/// weighs much against so few.
fn pair_in_gaps(
    old: &[Clause],
    new: &[Clause],
    old_words: &WordSets,
    new_words: &WordSets,
    weights: &HashMap<u32, f64>,
    state: &mut State,
) {
    let linked = |old: usize, new: usize| {
        let alignment = &state.alignment;
        alignment.splits.iter().any(|&(_, split)| split == new)
            || alignment.merges.iter().any(|&(merged, _)| merged == old)
    };
    let anchors = state.anchors();
    let mut starts = vec![(0, 0)];
    starts.extend(anchors.iter().map(|&(old, new)| (old + 1, new + 1)));
    let mut lone = Vec::new();
    for (index, &(old_start, new_start)) in starts.iter().enumerate() {
        let (old_end, new_end) = match anchors.get(index) {
            Some(&(old, new)) => (old, new),
            None => (old_words.words.len(), new_words.words.len()),
        };
        let unpaired_old: Vec<usize> =
            (old_start..old_end).filter(|&i| state.old_paired[i].is_none()).collect();
        let unpaired_new: Vec<usize> =
            (new_start..new_end).filter(|&i| state.new_paired[i].is_none()).collect();
        if let ([old], [new]) = (unpaired_old.as_slice(), unpaired_new.as_slice()) {
            if !linked(*old, *new) {
                lone.push((*old, *new));
            }
            continue;
        }
        // Several clauses changed here: pair those whose marker ("6.", "(ix)") appears once on
        // each side.
        let marked = |indices: &[usize], clauses: &[Clause], marker: &str| -> Vec<usize> {
            let same = |&&index: &&usize| clauses[index].marker.as_deref() == Some(marker);
            indices.iter().filter(same).copied().collect()
        };
        for &old_index in &unpaired_old {
            let Some(marker) = old[old_index].marker.as_deref() else { continue };
            let old_marked = marked(&unpaired_old, old, marker);
            let new_marked = marked(&unpaired_new, new, marker);
            if let ([_], [new_index]) = (old_marked.as_slice(), new_marked.as_slice())
                && !linked(old_index, *new_index)
            {
                lone.push((old_index, *new_index));
            }
        }
    }

    let weight_of = |words: &[u32]| words.iter().map(|word| weights[word]).sum::<f64>();
    for (old, new) in lone {
        let (old_set, new_set) = (&old_words.words[old], &new_words.words[new]);
        let shared: f64 = new_set
            .iter()
            .filter(|word| old_set.binary_search(word).is_ok())
            .map(|word| weights[word])
            .sum();
        let total = weight_of(old_set) + weight_of(new_set);
        if total > 0.0 && 2.0 * shared / total >= MIN_GAP_SIMILARITY {
            state.pair(old, new, MatchKind::Similar);
        }
    }
}

/// Returns the largest clause of `hosts` that contains most of `part`'s word pairs.
fn best_host(part: &[(u32, u32)], hosts: &[Vec<(u32, u32)>]) -> Option<usize> {
    if part.len() < MIN_CONTAINMENT_PAIRS {
        return None;
    }
    let needed = MIN_CONTAINMENT * part.len() as f64;
    // The search stops at the first miss that leaves too few pairs to reach `needed`, which
    // for most clauses comes within the first few pairs.
    let contains_enough = |host: &[(u32, u32)]| {
        let mut reachable = part.len();
        for pair in part {
            if host.binary_search(pair).is_err() {
                reachable -= 1;
                if (reachable as f64) < needed {
                    return false;
                }
            }
        }
        true
    };
    (0..hosts.len())
        .filter(|&index| hosts[index].len() as f64 >= needed)
        .filter(|&index| contains_enough(&hosts[index]))
        .max_by_key(|&index| hosts[index].len())
}

/// Returns whether a pair found out of the in-order pass still sits between the in-order
/// pairs around it.
fn keeps_order(anchors: &[(usize, usize)], pair: &Pair) -> bool {
    let split = anchors.partition_point(|&(old, _)| old < pair.old);
    let after_previous = split == 0 || anchors[split - 1].1 < pair.new;
    let before_next = anchors.get(split).is_none_or(|&(_, new)| pair.new < new);
    after_previous && before_next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    /// Returns a text of `count` look-alike clauses that differ in their number word and `tail`.
    fn look_alike(count: usize, tail: &str, order: impl Iterator<Item = usize>) -> String {
        let clause = |index: usize| {
            format!(
                "Members must respect the rules of the community forum and the guidelines \
                 published for every discussion board (rule n{index}) {tail}."
            )
        };
        let clauses: Vec<String> = order.take(count).map(clause).collect();
        clauses.join("\n\n")
    }

    #[test]
    fn host_needs_three_quarters_of_the_pairs() {
        let part = [(1, 2), (2, 3), (3, 4), (4, 5)];
        // Three of four pairs is exactly the share needed, and two is not. The largest
        // qualifying host wins.
        let three = vec![(1, 2), (2, 3), (3, 4), (9, 9)];
        let two = vec![(1, 2), (4, 5), (7, 7), (8, 8), (9, 9)];
        let all = vec![(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6)];

        assert_eq!(best_host(&part, std::slice::from_ref(&three)), Some(0));
        assert_eq!(best_host(&part, std::slice::from_ref(&two)), None);
        assert_eq!(best_host(&part, &[three, two, all]), Some(2));
        assert_eq!(best_host(&part[..3], &[vec![(1, 2), (2, 3), (3, 4)]]), None);
    }

    #[test]
    fn look_alike_candidates_stay_bounded() {
        let count = 400;
        let old = segment(&look_alike(count, "at all times", 0..count));
        let new = segment(&look_alike(count, "at every time", (0..count).rev()));
        let mut vocabulary = HashMap::default();
        let old_keys: Vec<String> = old.iter().map(|c| comparison_key(&c.text)).collect();
        let new_keys: Vec<String> = new.iter().map(|c| comparison_key(&c.text)).collect();
        let old_words = WordSets::new(&old_keys, &mut vocabulary);
        let new_words = WordSets::new(&new_keys, &mut vocabulary);
        let weights = word_weights(&old_words, &new_words);
        let state = State::new(old.len(), new.len());

        let candidates = similar_candidates(&old, &new, &old_words, &new_words, &weights, &state);

        assert_eq!(old.len(), count);
        assert_eq!(new.len(), count);
        assert_eq!(candidates.len(), count * MAX_CANDIDATES);
    }

    #[test]
    fn look_alike_clauses_pair_by_number() {
        let count = 400;
        let old = segment(&look_alike(count, "at all times", 0..count));
        let new = segment(&look_alike(count, "at every time", (0..count).rev()));

        let alignment = align(&old, &new);

        assert_eq!(alignment.pairs.len(), count);
        for pair in &alignment.pairs {
            assert_eq!(
                pair.old,
                count - 1 - pair.new,
                "old {} paired with new {}",
                pair.old,
                pair.new
            );
            assert_eq!(pair.kind, MatchKind::Similar);
        }
    }
}
