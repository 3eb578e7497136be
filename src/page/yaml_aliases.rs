//! How far a YAML text's aliases expand it. An alias (`*a`) stands for its
//! anchored node (`&a`) wherever it is written, and the full YAML reader
//! copies the node there: ten aliases of a list of ten aliases of a list
//! of ten aliases… is a 500-byte frontmatter that takes more memory than
//! the machine has (the "billion laughs"). The text's events are counted
//! with each alias standing for its node's count, before the reader sees
//! it, and a text whose aliases add too much is refused.

use yaml_rust2::parser::{Event, Parser};

/// Values that a text's aliases may add to the values written in it: far
/// more than any frontmatter's reuse of a default or a list. A long
/// scalar counts as one value per [`BYTES_PER_VALUE`] bytes, so that
/// aliases of one long string cannot copy gigabytes either.
pub const MAX_ADDED: u64 = 100_000;

/// Bytes of a scalar that weigh as much as one more value (about what a
/// short value costs in memory once read).
pub const BYTES_PER_VALUE: u64 = 32;

/// The line (from 0) where the values that the aliases of `text` add pass
/// [`MAX_ADDED`], if they do. Counting stops at the first YAML error: the
/// reader stops there too.
pub fn too_large(text: &str) -> Option<usize> {
    // Most frontmatter has no alias: then there is nothing to count.
    if !text.contains('*') || !text.contains('&') {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    // The values of each collection open, with its anchor (0: none): an
    // anchored one's count is kept when it closes, for its aliases.
    let mut open: Vec<(usize, u64)> = Vec::new();
    // The values of each anchored node, by anchor (anchors count from 1).
    let mut sizes: Vec<u64> = Vec::new();
    // Values written (each event that makes one), and values once aliases
    // are expanded.
    let (mut written, mut values) = (0u64, 0u64);
    loop {
        let Ok((event, mark)) = parser.next_token() else {
            return None;
        };
        // A node done: its anchor and its values.
        let done = match event {
            Event::StreamEnd => return None,
            Event::Scalar(ref value, _, anchor, _) => {
                Some((anchor, 1 + value.len() as u64 / BYTES_PER_VALUE))
            }
            Event::Alias(anchor) => Some((0, sizes.get(anchor).copied().unwrap_or(1))),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                written += 1;
                values += 1;
                open.push((anchor, 1));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            _ => None,
        };
        let Some((anchor, size)) = done else {
            continue;
        };
        match event {
            Event::SequenceEnd | Event::MappingEnd => {}
            // An alias is one value written, its node's weight read.
            Event::Alias(_) => {
                written += 1;
                values = values.saturating_add(size);
            }
            _ => {
                written = written.saturating_add(size);
                values = values.saturating_add(size);
            }
        }
        if anchor != 0 {
            if sizes.len() <= anchor {
                sizes.resize(anchor + 1, 1);
            }
            sizes[anchor] = size;
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
        if values.saturating_sub(written) > MAX_ADDED {
            // The parser counts lines from 1.
            return Some(mark.line().saturating_sub(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` lists, each of `fan` aliases of the one before.
    fn laughs(levels: usize, fan: usize) -> String {
        let mut s = format!("a0: &a0 [{}]\n", vec!["x"; fan].join(", "));
        for i in 1..levels {
            let refs = vec![format!("*a{}", i - 1); fan].join(", ");
            s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        s
    }

    /// The first line of [`laughs`] at which the aliases have added more
    /// than [`MAX_ADDED`] values, counted by hand: line `i` writes a key,
    /// a list and `fan` items; expanded, its list holds `fan` times the
    /// one before.
    fn first_line_over(levels: usize, fan: u64) -> Option<usize> {
        let (mut list, mut written, mut values) = (0u64, 1u64, 1u64);
        for i in 0..levels {
            list = if i == 0 { fan + 1 } else { 1 + fan * list };
            written += 2 + fan;
            values += 1 + list;
            if values - written > MAX_ADDED {
                return Some(i);
            }
        }
        None
    }

    #[test]
    fn aliases_that_multiply_are_refused_where_they_pass_the_limit() {
        for (levels, fan) in [(4, 10), (5, 10), (9, 10), (15, 2), (24, 2), (40, 1)] {
            assert_eq!(
                too_large(&laughs(levels, fan as usize)),
                first_line_over(levels, fan),
                "{levels} levels of {fan}"
            );
        }
        assert_eq!(too_large(&laughs(4, 10)), None);
        assert_eq!(too_large(&laughs(9, 10)), Some(4));
        assert_eq!(too_large(&laughs(24, 2)), Some(14));
    }

    /// Aliases of one long string weigh by its length: each alias of
    /// 20,000 bytes adds 625 values' worth, so the 161st passes the limit
    /// and is named; 160 of them are read.
    #[test]
    fn aliases_of_a_long_string_are_weighed_by_its_bytes() {
        let page = |n: usize| {
            let mut s = format!("text: &t \"{}\"\n", "w".repeat(20_000));
            for i in 0..n {
                s.push_str(&format!("k{i}: *t\n"));
            }
            s
        };
        let weight = 1 + 20_000 / BYTES_PER_VALUE;
        let over = (MAX_ADDED / (weight - 1) + 1) as usize;
        assert_eq!(too_large(&page(over - 1)), None);
        assert_eq!(too_large(&page(over)), Some(over));
    }

    #[test]
    fn ordinary_reuse_is_read() {
        let defaults = "base: &base {a: 1, b: [x, y, z]}\none: *base\ntwo:\n  <<: *base\n  c: 3\n";
        assert_eq!(too_large(defaults), None);
        // Many values written, no alias: nothing added.
        let many = format!("list: &l [{}]\n", vec!["v"; 200_000].join(", "));
        assert_eq!(too_large(&many), None);
        // A long string written once and used a few times is read.
        let long = format!("text: &t \"{}\"\nagain: [*t, *t, *t]\n", "w".repeat(20_000));
        assert_eq!(too_large(&long), None);
        // Text that is not YAML is left to the reader, which says why.
        assert_eq!(too_large("a: &x [*x\n  - : ]]"), None);
    }
}
