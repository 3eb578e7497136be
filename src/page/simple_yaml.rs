//! A fast reader for the frontmatter most pages have: a flat mapping of
//! `key: scalar`, `key: [a, b]` and `key:` followed by `- item` lines.
//!
//! General YAML goes through [`super::yaml_load`] (yaml-rust2's parser),
//! which reads a char at a time and makes a string of every scalar; on a
//! typical page that is a large share of parsing. This reader accepts only a conservative subset
//! and returns `None` for anything outside it (comments after values,
//! escapes, anchors, tags, block scalars, nested maps, continuation lines,
//! duplicate keys, tabs, …), so that the caller falls back to the full
//! parser. It also reads one shape YAML refuses, a run of wikilinks
//! (`related: [[a]], [[b]]`, see [`link_run`]), as the quoted list it
//! stands for. Within the subset the result is the full parser's mapping as a
//! list sorted by key (no hash map to build and sort again), each key with
//! the line it is on: plain scalars are typed as yaml-rust2's own
//! `Yaml::from_str` types them ([`Value::plain`]), their text kept. Keys
//! and the strings written as they read are borrowed from the text, not
//! copied. A property test holds the two parsers equal, and the lines to
//! where the frontmatter reader finds each key.

use super::value::{Value, needs_typing};
use std::borrow::Cow;
use yaml_rust2::Yaml;

/// One top-level key of the frontmatter, with its value and the index of
/// its line in the text.
pub type Entry<'a> = (&'a str, Value<'a>, usize);

/// Parses `text` if it lies within the subset; `None` means "use the full
/// YAML parser". The keys come sorted, each once.
pub fn parse(text: &str) -> Option<Vec<Entry<'_>>> {
    // Room for a key per line (up to 64) at once.
    let lines_in = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut entries: Vec<Entry<'_>> = Vec::with_capacity(lines_in.min(64));
    let mut lines = crate::text::split_lines(text).enumerate().peekable();
    while let Some((at, line)) = lines.next() {
        if is_blank(line) {
            continue;
        }
        let (key, rest) = key_line(line)?;
        let value = if rest.is_empty() {
            // `key:` alone: a block list follows, or the value is null.
            let mut items = Vec::new();
            let mut indent = None;
            while let Some((_, next)) = lines.peek() {
                if is_blank(next) {
                    lines.next();
                    continue;
                }
                let Some((width, item)) = list_item(next) else {
                    break;
                };
                if *indent.get_or_insert(width) != width {
                    return None;
                }
                items.push(inline_scalar(item)?);
                lines.next();
            }
            if items.is_empty() {
                Value::Null
            } else {
                Value::Array(items)
            }
        } else {
            inline_scalar(rest)?
        };
        // A line that starts indented here would continue the value (or
        // nest under it): outside the subset.
        if lines
            .peek()
            .is_some_and(|(_, n)| !is_blank(n) && n.starts_with(' '))
        {
            return None;
        }
        entries.push((key, value, at));
    }
    if entries.is_empty() {
        return None;
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if entries.windows(2).any(|w| w[0].0 == w[1].0) {
        // yaml-rust2 rejects duplicate keys; the caller's salvage path says
        // which.
        return None;
    }
    Some(entries)
}

/// Only spaces; no comments (a comment-only block is left to the full
/// parser).
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ')
}

/// `key: rest` or `key:` at column 0, with a key that YAML reads as the
/// same string. Returns the key and the rest with surrounding spaces
/// removed.
fn key_line(line: &str) -> Option<(&str, &str)> {
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    if !after.is_empty() && !after.starts_with(' ') {
        return None;
    }
    plain_key(key).then(|| (key, after.trim_matches(' ')))
}

/// A key YAML reads as the same string: letters, digits, `_`, `-`, `.` and
/// inner spaces, not a word YAML types (`true`, `null`, `inf`).
fn plain_key(key: &str) -> bool {
    if key.is_ascii() {
        // The same test on bytes: for ASCII, `is_alphabetic` and
        // `is_alphanumeric` are their ASCII forms.
        let b = key.as_bytes();
        return b
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
            && b[1..]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b' ' | b'.'))
            && !key.ends_with(' ')
            && types_as_string(key);
    }
    let mut chars = key.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
        && !key.ends_with(' ')
        && types_as_string(key)
}

/// `matches!(Yaml::from_str(s), Yaml::String(_))`, without making the
/// string where [`needs_typing`] says: every key of every page is asked.
fn types_as_string(s: &str) -> bool {
    !needs_typing(s) || matches!(Yaml::from_str(s), Yaml::String(_))
}

/// `<spaces>- item` with a non-empty item. Returns the indent and the item.
fn list_item(line: &str) -> Option<(usize, &str)> {
    let body = line.trim_start_matches(' ');
    let item = body.strip_prefix("- ")?.trim_matches(' ');
    (!item.is_empty()).then_some((line.len() - body.len(), item))
}

/// Collections nested deeper than this are not read: no frontmatter needs
/// them, and reading them nests the readers' own work as deep (the stack
/// ran out at 50,000 levels; memory grew with the square of the depth).
pub(super) const MAX_NESTING: usize = 128;

/// A value on one line in block context: a flow list, a quoted string
/// without escapes, a plain scalar, or a [`link_run`].
fn inline_scalar(s: &str) -> Option<Value<'_>> {
    if s.starts_with(['[', '{']) {
        // A flow collection, with nothing after it (the closer given only
        // matters to a scalar). Anything else is asked for a run of links
        // only then, so that the common values pay nothing for it.
        return match flow_value(s, ']', 0) {
            Some((pod, "")) => Some(pod),
            _ => link_run(s).or_else(|| markdown_run(s)),
        };
    }
    if let Some(q) = quoted(s) {
        return q;
    }
    plain(s, false)
}

/// A run of two or more wikilinks separated by commas, `[[a]], [[b|B]]`,
/// read as the list of the links written as strings, as
/// `["[[a]]", "[[b|B]]"]` reads. It is not YAML (a flow list with more text
/// after it), but Obsidian users write it for a list of links, and the
/// full parser loses the whole value. `None` for anything else.
///
/// Each link's text is refused where YAML could read the line another way
/// (see [`run_link_text`]), so that no text YAML reads is read here: the
/// first `]]` closes both brackets the line opened, and the `,` after it
/// is an error to YAML.
fn link_run(s: &str) -> Option<Value<'_>> {
    let items = run_of(s, |rest| {
        let inner = rest.strip_prefix("[[")?;
        let close = memchr::memmem::find(inner.as_bytes(), b"]]")?;
        run_link_text(&inner[..close]).then_some(close + 4)
    })?;
    // One link alone is YAML, a list in a list: left to the readers above.
    (items.len() > 1).then_some(Value::Array(items))
}

/// The items of a run `a, b, c` (spaces allowed around the commas), each
/// the length `item` gives of the one that starts its text, as borrowed
/// strings; `None` when `item` refuses one or other text follows.
fn run_of<'a>(s: &'a str, item: impl Fn(&str) -> Option<usize>) -> Option<Vec<Value<'a>>> {
    let mut items = Vec::new();
    let mut rest = s;
    loop {
        let (one, after) = rest.split_at(item(rest)?);
        items.push(Value::String(Cow::Borrowed(one)));
        rest = after.trim_start_matches(' ');
        if rest.is_empty() {
            return Some(items);
        }
        rest = rest.strip_prefix(',')?.trim_start_matches(' ');
    }
}

/// A run of one or more markdown links separated by commas, `[a](a.md),
/// [b](b.md)`, read as the list of the links written as strings, as
/// `["[a](a.md)", "[b](b.md)"]` reads: the shape a wiki of markdown links
/// writes for a list of links, which YAML refuses (a flow list with more
/// text after it) even for one link, read as the string it stands for.
/// `None` for anything else.
///
/// Each link's text is held to what [`run_link_text`] allows, and its
/// destination to a path with no space, bracket, brace, parenthesis or
/// quote, so that no text YAML reads is read here.
fn markdown_run(s: &str) -> Option<Value<'_>> {
    let items = run_of(s, |rest| {
        let close = rest.strip_prefix('[')?.find(']')? + 1;
        let dest = rest[close + 1..].strip_prefix('(')?;
        let end = dest.find(')')?;
        let (text, dest) = (&rest[1..close], &dest[..end]);
        // A page's path: `[Blog](https://…)` is left to the readers above.
        let plain_dest = !dest.is_empty()
            && !dest.contains("://")
            && !dest.contains(|c: char| {
                c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | '\'')
            });
        (run_link_text(text) && plain_dest && dest.chars().all(printable))
            .then_some(close + 2 + end + 1)
    })?;
    // One link is the string it stands for: as a list of one, a list item
    // would read as YAML's reading of an unquoted `[[x]]`.
    match <[_; 1]>::try_from(items) {
        Ok([one]) => Some(one),
        Err(items) => Some(Value::Array(items)),
    }
}

/// True when `inner`, the text between a link's `[[` and `]]`, cannot
/// change how YAML reads the brackets around it: something other than
/// spaces, and no bracket, brace, double quote, comment (`#` first or
/// after a space), control character, or single quote that could open a
/// quoted scalar (one is taken only after a letter or digit, as in
/// `Don't`).
fn run_link_text(inner: &str) -> bool {
    let mut before: Option<char> = None;
    for c in inner.chars() {
        let refused = match c {
            '[' | ']' | '{' | '}' | '"' => true,
            '#' => before.is_none_or(|b| b == ' '),
            '\'' => !before.is_some_and(char::is_alphanumeric),
            _ => !printable(c),
        };
        if refused {
            return false;
        }
        before = Some(c);
    }
    !is_blank(inner)
}

/// A flow list, `[a, "b", [c]]`, given the text after its `[`; returns the
/// list and the text after its `]` (spaces skipped).
fn flow_list(rest: &str, depth: usize) -> Option<(Value<'_>, &str)> {
    let mut items = Vec::new();
    let after = flow_items(rest, ']', |item| {
        let (value, after) = flow_value(item, ']', depth + 1)?;
        items.push(value);
        Some(after)
    })?;
    Some((Value::Array(items), after))
}

/// A flow map of plain keys, `{target: x, type: "y"}`, given the text after
/// its `{`; returns the map and the text after its `}` (spaces skipped).
fn flow_map(rest: &str, depth: usize) -> Option<(Value<'_>, &str)> {
    let mut map = Vec::new();
    let after = flow_items(rest, '}', |entry| {
        let (key, value) = entry.split_once(": ")?;
        if !plain_key(key) {
            return None;
        }
        let (value, after) = flow_value(value.trim_start_matches(' '), '}', depth + 1)?;
        map.push((Cow::Borrowed(key), value));
        Some(after)
    })?;
    // A duplicate key is left to the full parser (which rejects it).
    let duplicate = if map.len() <= 8 {
        (1..map.len()).any(|i| map[..i].iter().any(|(k, _)| *k == map[i].0))
    } else {
        // Sorted, so that a hostile map of thousands of keys stays fast.
        let mut keys: Vec<&str> = map.iter().map(|(k, _)| k.as_ref()).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    };
    (!duplicate).then_some((Value::Hash(map), after))
}

/// The comma-separated items of a flow collection closed by `close`, given
/// the text after its opener: `item` reads one from the start of the text it
/// is given and returns the rest. Returns the text after the closer (spaces
/// skipped).
fn flow_items<'a>(
    rest: &'a str,
    close: char,
    mut item: impl FnMut(&'a str) -> Option<&'a str>,
) -> Option<&'a str> {
    let mut rest = rest.trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(close) {
        return Some(after.trim_start_matches(' '));
    }
    loop {
        let after = item(rest)?;
        if let Some(after) = after.strip_prefix(close) {
            return Some(after.trim_start_matches(' '));
        }
        // A trailing comma (`[a, ]`) is left to the full parser.
        rest = after.strip_prefix(',')?.trim_start_matches(' ');
        if rest.starts_with(close) {
            return None;
        }
    }
}

/// One value inside a flow collection closed by `close`, `depth`
/// collections deep: a nested list or map, or a scalar. Returns it and the
/// text after it. Nesting past [`MAX_NESTING`] is left to the full parser
/// (which refuses it: see `frontmatter::too_deep`).
fn flow_value(rest: &str, close: char, depth: usize) -> Option<(Value<'_>, &str)> {
    if rest.starts_with(['[', '{']) && depth >= MAX_NESTING {
        return None;
    }
    if let Some(inner) = rest.strip_prefix('[') {
        return flow_list(inner, depth);
    }
    if let Some(inner) = rest.strip_prefix('{') {
        return flow_map(inner, depth);
    }
    // A scalar runs to the next `,` or closer; the checks below refuse any
    // that would have ended earlier or needs more than this.
    // Both are ASCII: a byte search finds the same place.
    let end = memchr::memchr2(b',', close_byte(close)?, rest.as_bytes())?;
    let item = rest[..end].trim_end_matches(' ');
    let pod = match quoted(item) {
        Some(q) => q?,
        None => plain(item, true)?,
    };
    Some((pod, &rest[end..]))
}

/// The byte of a flow collection's closer (`]` or `}`).
fn close_byte(close: char) -> Option<u8> {
    u8::try_from(close).ok().filter(u8::is_ascii)
}

/// `Some(result)` when `s` is quoted; `Some(None)` when it is quoted in a
/// way outside the subset; `None` when it is not quoted.
fn quoted(s: &str) -> Option<Option<Value<'_>>> {
    let q = match s.as_bytes().first() {
        Some(b'"') => '"',
        Some(b'\'') => '\'',
        _ => return None,
    };
    let inner = s[1..].strip_suffix(q);
    Some(inner.and_then(|inner| {
        let ok = !inner.contains(q) && !inner.contains('\\') && inner.chars().all(printable);
        ok.then_some(Value::String(Cow::Borrowed(inner)))
    }))
}

/// A plain scalar, typed as yaml-rust2 types it, its text kept. In flow context (`flow`)
/// the flow indicators end it, so they are refused.
fn plain(s: &str, flow: bool) -> Option<Value<'_>> {
    let b = s.as_bytes();
    let first = *b.first()?;
    if matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
        || s.ends_with(':')
        // yaml-rust2 rejects a `-` after a space right before a flow
        // indicator (`[a -]`).
        || (flow && s.ends_with(" -"))
    {
        return None;
    }
    // One pass for what a plain scalar cannot hold: `: `, ` #`, flow
    // indicators inside a flow collection, ASCII control characters. Most
    // bytes are none of these, which a table says at once.
    for (i, &c) in b.iter().enumerate() {
        if !PLAIN_STOPS[usize::from(c)] {
            continue;
        }
        let ends = match c {
            b':' => flow || b.get(i + 1) == Some(&b' '),
            b'#' => i > 0 && b[i - 1] == b' ',
            b',' | b'[' | b']' | b'{' | b'}' => flow,
            0..=0x1f | 0x7f => true,
            _ => false,
        };
        if ends {
            return None;
        }
    }
    if !s.is_ascii() && !s.chars().all(printable) {
        return None;
    }
    Some(Value::plain(Cow::Borrowed(s)))
}

/// The bytes that [`plain`] looks at twice: those that may end a plain
/// scalar or be refused in one.
const PLAIN_STOPS: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(
            c as u8,
            b':' | b'#' | b',' | b'[' | b']' | b'{' | b'}' | 0..=0x1f | 0x7f
        );
        c += 1;
    }
    t
};

/// Characters that YAML reads as themselves on one line: no tabs, control
/// characters, byte-order marks, non-characters or Unicode line breaks.
fn printable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        ))
}

#[cfg(test)]
mod tests {
    use super::super::yaml_load::load;
    use super::*;
    use gray_matter::Pod;
    use gray_matter::engine::{Engine, YAML};
    use proptest::prelude::*;

    fn full(text: &str) -> Option<Pod> {
        YAML::parse(text).ok()
    }

    /// A pod as text with sorted keys, so that maps compare in any order
    /// and NaN equals NaN.
    fn canon(pod: &Option<Pod>) -> String {
        fn go(p: &Pod, out: &mut String) {
            match p {
                Pod::Hash(h) => {
                    let mut keys: Vec<_> = h.keys().collect();
                    keys.sort();
                    out.push('{');
                    for k in keys {
                        out.push_str(&format!("{k:?}:"));
                        go(&h[k], out);
                        out.push(',');
                    }
                    out.push('}');
                }
                Pod::Array(a) => {
                    out.push('[');
                    for x in a {
                        go(x, out);
                        out.push(',');
                    }
                    out.push(']');
                }
                other => out.push_str(&format!("{other:?}")),
            }
        }
        let mut out = String::new();
        if let Some(p) = pod {
            go(p, &mut out);
        }
        out
    }

    /// `pod` with each key as `gray_matter` names the key YAML reads:
    /// the number's or boolean's, not the text's (`007` is `7`).
    fn canon_keys(pod: &Pod) -> Pod {
        match pod {
            Pod::Hash(h) => Pod::Hash(
                h.iter()
                    .map(|(k, v)| {
                        let key = match Yaml::from_str(k) {
                            Yaml::Integer(i) => i.to_string(),
                            Yaml::Boolean(b) => b.to_string(),
                            _ => k.clone(),
                        };
                        (key, canon_keys(v))
                    })
                    .collect(),
            ),
            Pod::Array(a) => Pod::Array(a.iter().map(canon_keys).collect()),
            other => other.clone(),
        }
    }

    /// The entries as the full parser's mapping, for comparison.
    fn as_pod(entries: Option<Vec<Entry<'_>>>) -> Option<Pod> {
        entries.map(|e| {
            Pod::Hash(
                e.into_iter()
                    .map(|(k, v, _)| (k.to_owned(), v.to_pod()))
                    .collect(),
            )
        })
    }

    #[test]
    fn typing_agrees_with_yaml_rust2() {
        for s in [
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "FALSE",
            "inf",
            "Infinity",
            "nan",
            "NaN",
            "e5",
            "E10",
            "_1",
            "a1",
            "x0x1",
            "title",
            "_",
            "0x1F",
            "+12",
            ".inf",
            "-.5",
            "12",
            "1e3",
            "~",
            "",
            "é",
            "微信",
            "ñull",
            "2026-04-06",
            "1-2",
            "12-",
            "0-x",
            "0x-1",
            "1e-5",
            "1.5-2",
            "-12",
            "2026-04-06T10:00:00Z",
            "007",
            "1.10",
            "2609.33620",
            "0o17",
            "1_000",
            ".inf",
            "+.5",
            "-0",
        ] {
            // Typed as yaml-rust2 types it, the text kept.
            let value = Value::plain(Cow::Borrowed(s));
            let pod: Pod = Yaml::from_str(s).into();
            assert_eq!(canon(&Some(value.to_pod())), canon(&Some(pod)), "{s:?}");
            assert!(
                value.text().is_none_or(|t| t == s),
                "{s:?} read as {value:?}"
            );
            assert_eq!(
                types_as_string(s),
                matches!(Yaml::from_str(s), Yaml::String(_)),
                "{s:?}"
            );
        }
    }

    #[test]
    fn entries_are_sorted_with_their_lines() {
        let e = parse("type: x\n\ntags:\n  - a\n  - b\ntitle: t\n").expect("in the subset");
        let keys: Vec<(&str, usize)> = e.iter().map(|(k, _, at)| (*k, *at)).collect();
        assert_eq!(keys, [("tags", 2), ("title", 5), ("type", 0)]);
    }

    #[test]
    fn reads_the_common_shapes() {
        let text = "title: \"Private Retention\"\ntype: concept\ntags: [live, platform]\n\
                    aliases:\n  - Retention\n  - 'Private R'\nrelationships:\n  - {target: x, type: part_of}\nrelated:\n  - [[a]]\n  - [[b#c|d]]\nsource: [[x]]\nlast_updated: 2026-09-05\ncount: 12\n\
                    draft: false\nempty:\n";
        let got = as_pod(parse(text));
        assert!(got.is_some(), "in the subset");
        assert_eq!(canon(&got), canon(&full(text)));
    }

    #[test]
    fn reads_markdown_links_as_the_strings_they_stand_for() {
        let text = "related: [a](a.md), [B b](../x/b.md)\nup:\n  - [c](c.md)\n";
        assert_eq!(full(text), None, "YAML refuses them");
        let e = parse(text).expect("in the subset");
        let s = |s| Value::String(Cow::Borrowed(s));
        assert_eq!(
            e,
            [
                (
                    "related",
                    Value::Array(vec![s("[a](a.md)"), s("[B b](../x/b.md)")]),
                    0
                ),
                ("up", Value::Array(vec![s("[c](c.md)")]), 1),
            ]
        );
        // Anything after the links, or in them, that YAML might read is
        // left to the full reader.
        for refused in [
            "related: [a](a.md) and more\n",
            "related: [a](a b.md)\n",
            "related: [a](a.md), \n",
            "related: [\"a\"](a.md)\n",
            "related: [](a.md)\n",
            "sources: [Blog](https://example.org/post)\n",
        ] {
            assert_eq!(parse(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn reads_a_run_of_links_as_the_list_of_them() {
        let text = "related: [[design/contract]], [[tech/export|the export]] ,[[tech/print#Paper]]\n\
                    see_also:\n  - [[a]],[[Don't panic]]\n  - [[c]]\nup: [[index]]\n";
        let e = parse(text).expect("in the subset");
        let s = |s| Value::String(Cow::Borrowed(s));
        assert_eq!(
            e,
            [
                (
                    "related",
                    Value::Array(vec![
                        s("[[design/contract]]"),
                        s("[[tech/export|the export]]"),
                        s("[[tech/print#Paper]]"),
                    ]),
                    0
                ),
                (
                    "see_also",
                    Value::Array(vec![
                        Value::Array(vec![s("[[a]]"), s("[[Don't panic]]")]),
                        // One link alone stays as YAML reads it.
                        Value::Array(vec![Value::Array(vec![s("c")])]),
                    ]),
                    1
                ),
                ("up", Value::Array(vec![Value::Array(vec![s("index")])]), 4),
            ]
        );
        // As the quoted list reads.
        let quoted = "related: [\"[[design/contract]]\", \"[[tech/export|the export]]\", \"[[tech/print#Paper]]\"]\n\
                      see_also:\n  - [\"[[a]]\", \"[[Don't panic]]\"]\n  - [[c]]\nup: [[index]]\n";
        assert_eq!(canon(&as_pod(parse(text))), canon(&full(quoted)));
        assert_eq!(full(text), None, "YAML refuses the run");
    }

    /// Text that looks like a run but that YAML reads another way is left
    /// to YAML: a quote that opens a scalar in one link and closes it in
    /// the next.
    #[test]
    fn leaves_what_yaml_reads_to_yaml() {
        for text in [
            "related: [['a]], [[b']]\n",
            "related: [[a, 'b]], [[c']]\n",
            "related: [[a: 'b]], [[c']]\n",
            "related: [[\"a]], [[b\"]]\n",
        ] {
            assert!(full(text).is_some(), "{text:?}");
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for text in [
            "title: a # comment\n",
            "title: \"a\\\"b\"\n",
            "title: &x a\n",
            "title: |\n  text\n",
            "title: a\n  continued\n",
            "map:\n  key: value\n",
            "title: a\ntitle: b\n",
            "- a\n- b\n",
            "# only a comment\n",
            "title: a: b\n",
            "tags: [a, ]\n",
            "tags: [a -]\n",
            "tags:\n  - [[A -]]\n",
            "tags: [a, {b: c, b: d}]\n",
            "rel: {a:b}\n",
            "rel: {a: b, }\n",
            "tags: [a] b\n",
            "t: a\tb\n",
            "True: x\n",
            "0x10: x\n",
            // Runs of links with anything else in them.
            "related: [[a]], [[b]],\n",
            "related: [[a]], b\n",
            "related: [[a]] [[b]]\n",
            "related: [[a]], [[b]] # note\n",
            "related: [[a]], [[ ]]\n",
            "related: [[a]], [[b]\n",
            "related: ![[a]], ![[b]]\n",
            "related: [[a]], [[\"b]]\n",
            "related: [[a]], [[b #c]]\n",
            "related: [[a]], [[x\tb]]\n",
            "related:\n  - [[a]], [[b]], \n",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    /// Scalars that stress YAML's typing and indicators.
    fn scalar() -> impl Strategy<Value = String> {
        const TRAPS: &[&str] = &[
            "~",
            "null",
            "Null",
            "TRUE",
            "false",
            ".inf",
            "-.5",
            "nan",
            "0x1F",
            "0o17",
            "+12",
            "1e3",
            "007",
            "2026-09-05",
            "[[Page]]",
            "Page#Part'",
            "a|b",
            "https://example.com/a#b",
            "infinity",
            "INF",
            "Nan",
            "True",
            "NULL",
            "A -",
            "a - b",
            "a ?",
            "a !",
            "x -1",
            "a ->",
            "a :b",
            "a&b",
            "b*",
        ];
        prop_oneof![
            2 => prop::sample::select(TRAPS).prop_map(str::to_owned),
            1 => "[a-zA-Z0-9 _.:#,'\"\\[\\]{}!&*|>%@`?\\\\-]{0,12}",
            1 => "[\\PC]{0,6}",
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            scalar(),
            scalar().prop_map(|s| format!("\"{s}\"")),
            scalar().prop_map(|s| format!("'{s}'")),
            prop::collection::vec(scalar(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            scalar().prop_map(|s| format!("[[{s}]]")),
            (key(), scalar(), key(), scalar())
                .prop_map(|(a, x, b, y)| format!("[{{{a}: {x}, {b}: {y}}}]")),
            (key(), scalar()).prop_map(|(a, x)| format!("\n  - {{{a}: {x}}}")),
            prop::collection::vec(scalar(), 1..3).prop_map(|v| {
                v.iter()
                    .map(|s| format!("\n  - [[{s}]]"))
                    .collect::<String>()
            }),
            prop::collection::vec(scalar(), 1..4)
                .prop_map(|v| { v.iter().map(|s| format!("\n  - {s}")).collect::<String>() }),
            prop::collection::vec(scalar(), 1..3)
                .prop_map(|v| { v.iter().map(|s| format!("\n- {s}")).collect::<String>() }),
            links(", "),
            prop::collection::vec(links(","), 1..3)
                .prop_map(|v| { v.iter().map(|s| format!("\n  - {s}")).collect::<String>() }),
        ]
    }

    /// The text of a link in a run: pieces that could make YAML read the
    /// brackets around them another way (a quote that opens a scalar the
    /// next link closes, a comment, a bracket), and links as written.
    fn link_text() -> impl Strategy<Value = String> {
        const TRAPS: &[&str] = &[
            "a", "Don't", "'a", "a'", "a, 'b", "a: 'b", "\"a", "a\"", "a #b", "a#b", "a]", "{a",
            "a}", "&x a", "*x", "a|b c#d",
        ];
        prop_oneof![
            3 => prop::sample::select(TRAPS).prop_map(str::to_owned),
            1 => "[a-z '\"#,:&*!|{}\\[\\]-]{0,5}",
        ]
    }

    /// Two or three wikilinks joined by `sep`, as a [`link_run`] is
    /// written.
    fn links(sep: &'static str) -> impl Strategy<Value = String> {
        prop::collection::vec(link_text(), 2..4).prop_map(move |v| {
            v.iter()
                .map(|s| format!("[[{s}]]"))
                .collect::<Vec<_>>()
                .join(sep)
        })
    }

    /// `text` with each value that [`parse`] reads as a [`link_run`]
    /// written as the quoted flow list it stands for. Only for text that
    /// `parse` accepts: its every line is blank, a key line or a list item.
    fn quote_runs(text: &str) -> String {
        let quote = |run: Value<'_>| match run {
            Value::Array(links) => {
                let quoted: Vec<String> = links
                    .iter()
                    .map(|l| match l {
                        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
                        other => panic!("a run holds strings: {other:?}"),
                    })
                    .collect();
                format!("[{}]", quoted.join(", "))
            }
            Value::String(s) => format!("'{}'", s.replace('\'', "''")),
            other => panic!("a run is a list or a string: {other:?}"),
        };
        let mut out: Vec<String> = Vec::new();
        for line in text.split('\n') {
            let quoted = if let Some((key, rest)) = key_line(line) {
                link_run(rest)
                    .or_else(|| markdown_run(rest))
                    .map(|run| format!("{key}: {}", quote(run)))
            } else if let Some((indent, item)) = list_item(line) {
                link_run(item)
                    .or_else(|| markdown_run(item))
                    .map(|run| format!("{}- {}", " ".repeat(indent), quote(run)))
            } else {
                None
            };
            out.push(quoted.unwrap_or_else(|| line.to_owned()));
        }
        out.join("\n")
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(&["title", "tags", "true", "inf"][..]).prop_map(str::to_owned),
            "[a-zA-Z_][a-zA-Z0-9_ .#-]{0,8}",
            "[\\PC]{1,4}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Whatever the subset reader accepts, the full parser reads the
        /// same way.
        #[test]
        fn agrees_with_the_full_parser(
            entries in prop::collection::vec((key(), value(), prop::bool::ANY), 1..5)
        ) {
            let mut text = String::new();
            for (k, v, blank) in &entries {
                let sep = if v.starts_with('\n') { ":" } else { ": " };
                text.push_str(&format!("{k}{sep}{v}\n"));
                if *blank {
                    text.push('\n');
                }
            }
            if let Some(entries) = parse(&text) {
                // Runs of links are what YAML refuses, read as the lists
                // they stand for.
                let reference = quote_runs(&text);
                if reference != text {
                    prop_assert_eq!(full(&text), None, "YAML reads {:?}", text);
                }
                // Each key's line is where the frontmatter reader would
                // look it up.
                let block = super::super::frontmatter::Block {
                    text: &text,
                    first_line: 2,
                    format: super::super::frontmatter::Format::Yaml,
                };
                let locate = super::super::frontmatter::Locator::new(&block);
                for (key, _, at) in &entries {
                    prop_assert_eq!(locate.key(key), 2 + *at as u32, "{:?} in {:?}", key, text);
                }
                // The full reader reads the same values, texts and all.
                let Ok(Value::Hash(mut loaded)) = load(&reference) else {
                    panic!("the full reader reads {reference:?}");
                };
                loaded.sort_by(|a, b| a.0.cmp(&b.0));
                let fast_values: Vec<(Cow<'_, str>, Value<'_>)> =
                    entries.iter().map(|(k, v, _)| (Cow::Borrowed(*k), v.clone())).collect();
                prop_assert_eq!(&fast_values, &loaded, "{:?}", text);
                let fast = as_pod(Some(entries));
                prop_assert_eq!(canon(&fast), canon(&full(&reference)), "{:?}", text);
            }
            // Whatever the text, the full reader reads what yaml-rust2's
            // own loader reads, as `gray_matter` has it, but for the
            // text of numbers and booleans, and of keys.
            // (Keys on both sides: a tagged `!: 0x1F` is the text
            // `0x1F` to both readers, an untagged one the number 31 to
            // yaml-rust2 and its text to ours.)
            let loaded = load(&text).ok().map(|v| canon_keys(&v.to_pod()));
            let reference = full(&text).map(|p| canon_keys(&p));
            prop_assert_eq!(canon(&loaded), canon(&reference), "{:?}", text);
        }

        /// A run of links is read only where YAML refuses the text, and
        /// then as the quoted list it stands for.
        #[test]
        fn link_runs_are_read_only_where_yaml_refuses_them(
            run in links(", "),
            item in prop::bool::ANY,
        ) {
            let text = if item {
                format!("related:\n  - {run}\nnext: x\n")
            } else {
                format!("related: {run}\nnext: x\n")
            };
            if let Some(entries) = parse(&text) {
                let reference = quote_runs(&text);
                if reference != text {
                    prop_assert_eq!(full(&text), None, "YAML reads {:?}", text);
                }
                let fast = as_pod(Some(entries));
                prop_assert_eq!(canon(&fast), canon(&full(&reference)), "{:?}", text);
            }
        }
    }
}
