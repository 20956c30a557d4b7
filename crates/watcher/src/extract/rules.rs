//! Applies `select` and `remove` rules to a parsed page. CSS rules work on elements; range
//! rules work on positions in document order (before or after an element), as DOM ranges do.
//! A new kind of rule needs a match arm in `remove` and in `select`.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::error::ExtractError;
use super::selector_error::selector_reason;
use crate::declaration::{RangeBoundary, SelectorRule};

/// A part kept by a `select` rule: whole nodes, or a range whose partly covered ancestors are kept
/// as empty shells around the covered part.
#[derive(Debug, Clone)]
pub enum Selected {
    Node(NodeId),
    Range(Span),
}

/// A half-open span of positions in document order, in the numbering of `Positions`.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The document-order position of each node: where it opens and just past its last descendant.
pub struct Positions {
    bounds: HashMap<NodeId, (usize, usize)>,
}

impl Positions {
    /// Numbers the nodes of `page` in document order.
    pub fn of(page: &Html) -> Self {
        let mut bounds = HashMap::new();
        let mut next = 0;
        number(page.tree.root(), &mut next, &mut bounds);
        Self { bounds }
    }

    /// Returns where the node opens and where its subtree ends (exclusive).
    pub fn bounds(&self, id: NodeId) -> (usize, usize) {
        self.bounds[&id]
    }

    /// Returns the bounds of a node of the page, or `None` for a node that a `remove` rule
    /// detached. scraper's `select` still walks detached nodes.
    pub fn of_attached(&self, id: NodeId) -> Option<(usize, usize)> {
        self.bounds.get(&id).copied()
    }
}

fn number(
    node: ego_tree::NodeRef<'_, scraper::Node>,
    next: &mut usize,
    bounds: &mut HashMap<NodeId, (usize, usize)>,
) {
    let open = *next;
    *next += 1;
    for child in node.children() {
        number(child, next, bounds);
    }
    bounds.insert(node.id(), (open, *next));
}

/// Removes from `page` every part named by `rules`.
pub fn remove(
    page: &mut Html,
    rules: &[SelectorRule],
    source_url: &str,
) -> Result<(), ExtractError> {
    for rule in rules {
        let doomed: Vec<NodeId> = match rule {
            SelectorRule::Css(css) => {
                let selector = parse_selector(css, source_url)?;
                page.select(&selector).map(|element| element.id()).collect()
            }
            SelectorRule::Range { start, end } => {
                let positions = Positions::of(page);
                match span_of(page, &positions, start, end, source_url)? {
                    Some(span) => covered_nodes(page, &positions, span),
                    // A removal whose boundaries are absent removes nothing, as in a browser.
                    None => Vec::new(),
                }
            }
        };

        for id in doomed {
            if let Some(mut node) = page.tree.get_mut(id) {
                node.detach();
            }
        }
    }

    Ok(())
}

/// Returns whether the CSS selector `css`, which matched nothing in `page`, matches an element
/// that [`remove`] took out of it. Detached nodes stay in the tree's storage, so they are still
/// there to test. An empty selection is then the remove rules' doing rather than a change of the
/// page. A range's description is not CSS, so it never matches.
pub fn matches_removed(page: &Html, css: &str) -> bool {
    let Ok(selector) = Selector::parse(css) else { return false };
    page.tree.nodes().filter_map(ElementRef::wrap).any(|element| selector.matches(&element))
}

/// Returns what `rules` select, rule by rule, each rule's matches in document order. An empty
/// rule list selects the body. A rule that matches nothing is an error naming its selector.
/// A part inside one an earlier rule selected is left out, since its text is already there.
/// The page's positions come back too, for copying ranges.
pub fn select(
    page: &Html,
    rules: &[SelectorRule],
    source_url: &str,
) -> Result<(Vec<Selected>, Positions), ExtractError> {
    if rules.is_empty() {
        return select(page, &[SelectorRule::Css("body".to_owned())], source_url);
    }

    let positions = Positions::of(page);
    let mut selected = Vec::new();
    for rule in rules {
        let found = match rule {
            SelectorRule::Css(css) => select_css(page, &positions, css, source_url)?,
            SelectorRule::Range { start, end } => {
                span_of(page, &positions, start, end, source_url)?
                    .map(|span| vec![Selected::Range(span)])
                    .unwrap_or_default()
            }
        };

        if found.is_empty() {
            return Err(ExtractError::SelectorMatchedNothing {
                source_url: source_url.to_owned(),
                selector: describe(rule),
            });
        }
        let earlier = EarlierParts::of(&selected, &positions);
        for part in found {
            if !earlier.contain(bounds_of(&part, &positions)) {
                selected.push(part);
            }
        }
    }

    Ok((selected, positions))
}

/// The parts earlier rules selected, by where they open, with the farthest any of them reaches
/// up to each one, so that a containment test is a binary search.
struct EarlierParts {
    opens: Vec<usize>,
    reach: Vec<usize>,
}

impl EarlierParts {
    fn of(selected: &[Selected], positions: &Positions) -> Self {
        let mut bounds: Vec<(usize, usize)> =
            selected.iter().map(|part| bounds_of(part, positions)).collect();
        bounds.sort_unstable();

        let mut farthest = 0;
        let reach = bounds.iter().map(|&(_, close)| {
            farthest = farthest.max(close);
            farthest
        });
        Self { reach: reach.collect(), opens: bounds.iter().map(|&(open, _)| open).collect() }
    }

    /// Returns whether an earlier part covers all of `(open, close)`.
    fn contain(&self, (open, close): (usize, usize)) -> bool {
        let opened_before = self.opens.partition_point(|&earlier| earlier <= open);
        opened_before > 0 && self.reach[opened_before - 1] >= close
    }
}

/// Returns the positions a selected part covers.
fn bounds_of(part: &Selected, positions: &Positions) -> (usize, usize) {
    match part {
        Selected::Node(id) => positions.bounds(*id),
        Selected::Range(span) => (span.start, span.end),
    }
}

fn select_css(
    page: &Html,
    positions: &Positions,
    css: &str,
    source_url: &str,
) -> Result<Vec<Selected>, ExtractError> {
    let selector = parse_selector(css, source_url)?;

    // An element inside one already kept is part of it; keeping it again would repeat its text.
    let mut kept_until = 0;
    let mut found = Vec::new();
    for element in page.select(&selector) {
        let Some((open, close)) = positions.of_attached(element.id()) else { continue };
        if open < kept_until {
            continue;
        }
        kept_until = close;
        found.push(Selected::Node(element.id()));
    }

    Ok(found)
}

/// Returns the span between two boundaries, `None` when a boundary element is absent, or an
/// error when the end comes before the start.
fn span_of(
    page: &Html,
    positions: &Positions,
    start: &RangeBoundary,
    end: &RangeBoundary,
    source_url: &str,
) -> Result<Option<Span>, ExtractError> {
    let (Some(from), Some(to)) = (
        boundary_position(page, positions, start, source_url)?,
        boundary_position(page, positions, end, source_url)?,
    ) else {
        return Ok(None);
    };

    if to < from {
        return Err(ExtractError::InvalidRange {
            source_url: source_url.to_owned(),
            start: start.selector().to_owned(),
            end: end.selector().to_owned(),
        });
    }

    Ok(Some(Span { start: from, end: to }))
}

fn boundary_position(
    page: &Html,
    positions: &Positions,
    boundary: &RangeBoundary,
    source_url: &str,
) -> Result<Option<usize>, ExtractError> {
    let selector = parse_selector(boundary.selector(), source_url)?;
    let attached = page.select(&selector).find_map(|element| positions.of_attached(element.id()));
    let Some((open, close)) = attached else {
        return Ok(None);
    };

    Ok(Some(match boundary {
        RangeBoundary::Before(_) => open,
        RangeBoundary::After(_) => close,
    }))
}

/// Returns the outermost nodes lying wholly inside `span`.
fn covered_nodes(page: &Html, positions: &Positions, span: Span) -> Vec<NodeId> {
    let mut covered = Vec::new();
    let mut covered_until = 0;
    for node in page.tree.root().descendants() {
        let (open, close) = positions.bounds(node.id());
        if open >= span.start && close <= span.end && open >= covered_until {
            covered.push(node.id());
            covered_until = close;
        }
    }
    covered
}

fn parse_selector(css: &str, source_url: &str) -> Result<Selector, ExtractError> {
    Selector::parse(css).map_err(|error| ExtractError::InvalidSelector {
        source_url: source_url.to_owned(),
        selector: css.to_owned(),
        reason: selector_reason(&error),
    })
}

pub(super) fn describe(rule: &SelectorRule) -> String {
    match rule {
        SelectorRule::Css(css) => css.clone(),
        SelectorRule::Range { start, end } => {
            format!("range from {} to {}", start.selector(), end.selector())
        }
    }
}
