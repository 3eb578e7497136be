//! Text normalisation shared by every stage: name keys for matching page
//! names, relation keys for labels, and markdown clean-up of short labels.

use std::borrow::Cow;
use std::collections::HashMap;
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// The lines of `s` as `s.split('\n')` gives them (a last, possibly empty,
/// line after the final break included), found with the memchr crate's
/// vectorised search rather than the standard library's.
pub fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let line = line_at(s, start)?;
        start += line.len() + 1;
        Some(line)
    })
}

/// The line of `s` that starts at byte `start`, without its `\n`, as
/// [`split_lines`] cuts them; `None` past the last.
pub(crate) fn line_at(s: &str, start: usize) -> Option<&str> {
    let rest = s.get(start..)?;
    let len = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    Some(&rest[..len])
}

/// Where `needle` first starts in `hay`, as `str::find` finds it: each
/// place its first byte is at, tried in turn. For short texts (a
/// frontmatter value, a label) this costs less than setting up a substring
/// searcher.
pub(crate) fn find_short(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, _)) = needle.split_first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, hay).find(|&i| hay[i..].starts_with(needle))
}

/// Drops the later copies of repeated strings, keeping the order of first
/// appearance: what pushing each string only when it is not yet in the list
/// gives, without a scan of the list per string (a frontmatter list of
/// thousands of tags took time in the square of its length).
pub(crate) fn keep_first(list: &mut Vec<String>) {
    // Most lists are a few names: comparing them is cheaper than a table.
    const SMALL: usize = 32;
    if list.len() <= SMALL {
        let mut i = 0;
        while i < list.len() {
            if list[..i].contains(&list[i]) {
                list.remove(i);
            } else {
                i += 1;
            }
        }
        return;
    }
    let mut seen = foldhash::HashSet::with_capacity_and_hasher(list.len(), Default::default());
    let keep: Vec<bool> = list.iter().map(|s| seen.insert(s.as_str())).collect();
    drop(seen);
    let mut keep = keep.into_iter();
    list.retain(|_| keep.next().unwrap_or(true));
}

/// Unicode NFC form of `s`, without copying when it is already NFC.
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// The key under which names are compared: NFC, lowercase, trimmed, inner
/// whitespace runs folded to one space.
pub fn name_key(s: &str) -> String {
    let mut k = String::new();
    name_key_into(s, &mut k);
    k
}

/// [`name_key`] written at the end of `out`: keys made by the thousand go
/// into one string without a string of their own each.
pub fn name_key_into(s: &str, out: &mut String) {
    let s = s.trim_ws();
    if s.is_ascii() {
        ascii_name_key_into(s, out);
    } else {
        unicode_name_key_into(s, out);
    }
}

/// [`slug_key`] written at the end of `out`.
pub fn slug_key_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // Every space goes, so folding and trimming do not matter: one pass.
        out.reserve(s.len());
        out.extend(
            s.bytes()
                .filter(|b| !matches!(b, b'\t'..=b'\r' | b' ' | b'-' | b'_'))
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    out.push_str(&unicode_slug_key(s));
}

/// [`name_key`] of any trimmed text, written at the end of `out`.
fn unicode_name_key_into(s: &str, out: &mut String) {
    let s = nfc(s);
    out.reserve(s.len());
    let start = out.len();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        push_lowercase(out, c);
    }
}

/// Pushes the lowercase of `c`. Characters of the caseless CJK blocks
/// (ideographs, kana, Hangul syllables) are pushed as they are, without a
/// search of the case tables: wikis in these scripts have names made of
/// little else.
fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if is_caseless_cjk(c) {
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// True for characters of the CJK blocks, which have no case: CJK symbols
/// and punctuation through the unified ideographs (U+3000–U+9FFF), Hangul
/// syllables, compatibility ideographs, and the supplementary ideographs.
fn is_caseless_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// [`name_key`] of trimmed ASCII text (already NFC), byte by byte, written
/// at the end of `out`.
fn ascii_name_key_into(s: &str, out: &mut String) {
    let start = out.len();
    // Most names hold no whitespace but single inner spaces: then the key is
    // the lowercase copy, made a word at a time.
    if folded(s) {
        out.push_str(s);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.reserve(s.len());
    let mut space = false;
    for &b in s.as_bytes() {
        // The ASCII characters `char::is_whitespace` accepts.
        if matches!(b, b'\t'..=b'\r' | b' ') {
            space = true;
            continue;
        }
        if space && out.len() > start {
            out.push(' ');
        }
        space = false;
        out.push(char::from(b.to_ascii_lowercase()));
    }
}

/// The loosest key: like [`name_key`] but spaces, `-` and `_` do not matter,
/// so `Quick Start`, `quick-start` and `Quick_Start` meet.
pub fn slug_key(s: &str) -> String {
    let mut k = String::new();
    slug_key_into(s, &mut k);
    k
}

/// [`slug_key`] of any text, through [`name_key`].
fn unicode_slug_key(s: &str) -> String {
    let mut k = name_key(s);
    k.retain(|c| !(c == ' ' || c == '-' || c == '_'));
    k
}

/// The relation key of a label as written: lowercase, parenthesised
/// qualifiers left out, apostrophes dropped, and runs of whitespace and
/// punctuation folded to one `_` (`Flows to` → `flows_to`, `is-used-by` →
/// `is_used_by`, `Mitigated (partially) by` → `mitigated_by`,
/// `Parent concept / category` → `parent_concept_category`), so that a key
/// is a name every graph store takes as it is.
pub fn relation_key(label: &str) -> String {
    let label = nfc(label.trim_ws());
    match fold_key(&label, true) {
        Some(k) => k,
        // A `(` that never closes is text.
        None => fold_key(&label, false).unwrap_or_default(),
    }
}

/// [`relation_key`]'s folding, leaving out parenthesised parts when
/// `qualifiers` is true; `None` when a parenthesis is left open.
fn fold_key(label: &str, qualifiers: bool) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    let mut sep = false;
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '（' if qualifiers => {
                depth += 1;
                sep = true;
            }
            ')' | '）' if qualifiers && depth > 0 => {
                depth -= 1;
                sep = true;
            }
            _ if depth > 0 => {}
            '\'' | '’' => {}
            // How an emoji or an ideograph is drawn (`⬅️`, `1️⃣`, `葛󠄀`):
            // no part of a word, and none between two.
            c if presentation_mark(c) => {}
            c if key_separator(c) => sep = true,
            c => {
                if sep && !out.is_empty() {
                    out.push('_');
                }
                sep = false;
                push_lowercase(&mut out, c);
            }
        }
    }
    (depth == 0).then_some(out)
}

/// True for what separates the words of a relation key: anything but
/// letters, digits and combining marks (whitespace, punctuation, symbols,
/// emoji).
fn key_separator(c: char) -> bool {
    !(c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c))
}

/// Variation selectors and the keycap mark: combining marks that only say
/// how the character before them is drawn.
fn presentation_mark(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{20E3}' | '\u{E0100}'..='\u{E01EF}')
}

/// Removes markdown emphasis markers from a short label (`**_Part_ of**` →
/// `Part of`) and collapses whitespace. Underscores inside words stay
/// (`snake_case`).
pub fn strip_emphasis(s: &str) -> String {
    match strip_emphasis_cow(s) {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    }
}

/// True when `s` is printable ASCII that [`strip_emphasis`] leaves as it
/// is: no `*` or `_`, and no whitespace but single inner spaces (most
/// headings).
pub fn is_plain_label(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Told without branching on each byte, as [`folded`] tells its own, so
    // that the passes run a vector at a time: a heading asked for its
    // section took about 240 instructions here, byte by byte.
    let plain = b.iter().fold(true, |ok, &c| {
        ok & matches!(c, b' '..=b'~') & (c != b'*') & (c != b'_')
    });
    let next = b.get(1..).unwrap_or_default();
    plain
        && !b.iter().zip(next).fold(false, |double, (&x, &y)| {
            double | ((x == b' ') & (y == b' '))
        })
}

/// [`strip_emphasis`], borrowing `s` when that leaves it as it is (no
/// emphasis markers and whitespace already folded, as in most labels).
fn strip_emphasis_cow(s: &str) -> Cow<'_, str> {
    if is_plain_label(s) {
        return Cow::Borrowed(s);
    }
    if memchr::memchr2(b'*', b'_', s.as_bytes()).is_none() {
        return collapse_ws_cow(s);
    }
    Cow::Owned(strip_markers(s, &[]))
}

/// [`strip_emphasis`] of `s` but for the byte ranges in `literal` (sorted,
/// not overlapping): code spans' contents, whose `*` and `_` are part of
/// what is written (`` `__init__.py` ``, `` `**kwargs` ``). Their
/// whitespace is folded as the rest is.
pub fn strip_emphasis_except(s: &str, literal: &[std::ops::Range<usize>]) -> String {
    if literal.is_empty() {
        return strip_emphasis(s);
    }
    strip_markers(s, literal)
}

/// [`strip_emphasis`] of `s` with its code spans read as written and their
/// backticks dropped (`` `__slots__` `` is `__slots__`, not `slots`). A
/// backtick run that no run of its length closes is dropped as well.
pub fn strip_emphasis_code(s: &str) -> String {
    if memchr::memchr(b'`', s.as_bytes()).is_none() {
        return strip_emphasis(s);
    }
    let b = s.as_bytes();
    // Every run of backticks, and the next run of the same length after
    // each (found in one pass back, so that a run nothing closes is not
    // looked past again and again).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut j = 0;
    while let Some(at) = memchr::memchr(b'`', &b[j..]).map(|p| j + p) {
        let n = b[at..].iter().take_while(|&&c| c == b'`').count();
        runs.push((at, n));
        j = at + n;
    }
    let mut next_same = vec![None; runs.len()];
    let mut last_of: HashMap<usize, usize> = HashMap::new();
    for (k, &(_, n)) in runs.iter().enumerate().rev() {
        next_same[k] = last_of.insert(n, k);
    }
    let (mut out, mut literal) = (String::with_capacity(s.len()), Vec::new());
    let (mut i, mut k) = (0, 0);
    while let Some(&(at, n)) = runs.get(k) {
        out.push_str(&s[i..at]);
        i = at + n;
        k += 1;
        // An opening run closes at the next run of its length; one that
        // nothing closes is dropped.
        if let Some(close) = next_same[k - 1] {
            let end = runs[close].0;
            let start = out.len();
            out.push_str(&s[i..end]);
            literal.push(start..out.len());
            i = end + n;
            k = close + 1;
        }
    }
    out.push_str(&s[i..]);
    strip_emphasis_except(&out, &literal)
}

/// The one pass of [`strip_emphasis`]: markers are dropped (an underscore
/// only where it does not join two letters or digits) and whitespace is
/// folded as it comes; bytes in `literal` are kept as they are.
fn strip_markers(s: &str, literal: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let mut prev: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    let mut spans = literal.iter().peekable();
    let inner = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
    while let Some((at, c)) = chars.next() {
        while spans.next_if(|r| r.end <= at).is_some() {}
        if spans.peek().is_some_and(|r| r.start <= at) && !c.is_whitespace() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            prev = Some(c);
            out.push(c);
            continue;
        }
        if c == '_' {
            // A run of underscores between two letters or digits is part
            // of a name (`snake_case`, `kubernetes-sigs__kueue`).
            // (Up to a code span's start: its underscores are its own.)
            let span_start = spans.peek().map_or(usize::MAX, |r| r.start);
            let mut run = 1;
            while chars
                .next_if(|&(at, c)| c == '_' && at < span_start)
                .is_some()
            {
                run += 1;
            }
            let joins = inner(prev) && inner(chars.peek().map(|&(_, c)| c));
            prev = Some(c);
            if joins {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(std::iter::repeat_n('_', run));
            }
            continue;
        }
        prev = Some(c);
        if c == '*' {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// True when `s` is trimmed and has no whitespace but single spaces:
/// folding whitespace would leave it as it is. Of the non-ASCII
/// characters, only those whose first byte a whitespace character shares
/// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) are decoded.
fn folded(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Nearly every name is printable ASCII: then only a double space can
    // unfold it. Both are told without branching on each byte, so that
    // the passes run a vector at a time.
    let printable = b.iter().fold(true, |ok, &c| ok & matches!(c, b' '..=b'~'));
    if printable {
        let next = b.get(1..).unwrap_or_default();
        return !b.iter().zip(next).fold(false, |double, (&x, &y)| {
            double | ((x == b' ') & (y == b' '))
        });
    }
    let mut after_space = false;
    for (i, &c) in b.iter().enumerate() {
        // Printable ASCII, nearly every byte, is told apart by one range.
        if matches!(c, b'!'..=b'~') {
            after_space = false;
            continue;
        }
        match c {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t'..=b'\r' => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 if s[i..].starts_with(char::is_whitespace) => return false,
            _ => after_space = false,
        }
    }
    true
}

/// [`str::trim`] with a shortcut: when both ends are ASCII and not
/// whitespace (nearly every name, line and label a wiki holds), there is
/// nothing to trim, and the characters need not be decoded to say so.
pub trait TrimExt {
    /// The same slice as `str::trim`.
    fn trim_ws(&self) -> &str;
    /// The same slice as `str::trim_start`.
    fn trim_start_ws(&self) -> &str;
    /// The same slice as `str::trim_end`.
    fn trim_end_ws(&self) -> &str;
}

/// An ASCII byte at an end is a whole character there; the ASCII
/// whitespace of `char::is_whitespace` is space and `\t`..=`\r`.
#[inline]
fn solid(b: u8) -> bool {
    b.is_ascii() && !is_ascii_ws(b)
}

/// A first byte that starts a character that is no whitespace: [`solid`],
/// or the lead byte of a character beyond ASCII other than `0xC2`
/// (U+0085, U+00A0), `0xE1` (U+1680), `0xE2` (U+2000–U+205F) and `0xE3`
/// (U+3000), the leads of every other whitespace character. A line that
/// opens with CJK text or an emoji is then passed over at once.
#[inline]
fn solid_start(b: u8) -> bool {
    solid(b) || (b >= 0xC0 && !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3))
}

/// A last byte that ends a character that is no whitespace: [`solid`], or
/// a continuation byte that ends no whitespace character beyond ASCII
/// (those end in `0x80`–`0x8A`, `0x9F`, `0xA0`, `0xA8`, `0xA9` or
/// `0xAF`, U+0085 included).
#[inline]
fn solid_end(b: u8) -> bool {
    solid(b)
        || (matches!(b, 0x80..=0xBF)
            && !matches!(b, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF))
}

impl TrimExt for str {
    #[inline]
    fn trim_ws(&self) -> &str {
        match self.as_bytes() {
            [first, .., last] if solid_start(*first) && solid_end(*last) => self,
            [only] if solid(*only) => self,
            [] => self,
            _ => trim_end_stepping(trim_start_stepping(self)),
        }
    }

    #[inline]
    fn trim_start_ws(&self) -> &str {
        match self.as_bytes().first() {
            Some(b) if solid_start(*b) => self,
            None => self,
            _ => trim_start_stepping(self),
        }
    }

    #[inline]
    fn trim_end_ws(&self) -> &str {
        match self.as_bytes().last() {
            Some(b) if solid_end(*b) => self,
            None => self,
            _ => trim_end_stepping(self),
        }
    }
}

/// [`str::trim_start`] that steps over ASCII whitespace a byte at a time:
/// only a non-ASCII character after it needs decoding.
fn trim_start_stepping(s: &str) -> &str {
    let b = s.as_bytes();
    let i = b.iter().take_while(|&&c| is_ascii_ws(c)).count();
    match b.get(i) {
        Some(c) if c.is_ascii() => &s[i..],
        Some(_) => s[i..].trim_start(),
        None => "",
    }
}

/// [`str::trim_end`] that steps back over ASCII whitespace a byte at a
/// time: only a non-ASCII character before it needs decoding.
fn trim_end_stepping(s: &str) -> &str {
    let b = s.as_bytes();
    let end = b.len() - b.iter().rev().take_while(|&&c| is_ascii_ws(c)).count();
    match end.checked_sub(1).map(|last| b[last]) {
        Some(c) if c.is_ascii() => &s[..end],
        Some(_) => s[..end].trim_end(),
        None => "",
    }
}

/// The ASCII whitespace of `char::is_whitespace`: space and `\t`..=`\r`.
#[inline]
fn is_ascii_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Trims and folds runs of whitespace to one space.
pub fn collapse_ws(s: &str) -> String {
    collapse_ws_cow(s).into_owned()
}

/// [`collapse_ws`], borrowing `s` when it is folded already.
pub(crate) fn collapse_ws_cow(s: &str) -> Cow<'_, str> {
    if folded(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caseless_cjk_has_no_lowercase() {
        // Every character the shortcut passes through is its own lowercase.
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_caseless_cjk(c))
        {
            assert!(c.to_lowercase().eq(std::iter::once(c)), "{c:?}");
        }
        let mut out = String::new();
        for c in ['A', 'É', '微', 'Σ', '한'] {
            push_lowercase(&mut out, c);
        }
        assert_eq!(out, "aé微σ한");
    }

    proptest::proptest! {
        /// Dropping repeats at the end keeps what pushing only new strings
        /// keeps, below and above the size where a table takes over.
        #[test]
        fn keep_first_is_push_when_new(list in proptest::collection::vec("[abc]{0,2}", 0..80)) {
            let mut pushed: Vec<String> = Vec::new();
            for s in &list {
                if !pushed.contains(s) {
                    pushed.push(s.clone());
                }
            }
            let mut kept = list.clone();
            keep_first(&mut kept);
            proptest::prop_assert_eq!(kept, pushed);
        }

        #[test]
        fn trim_ws_is_trim(s in "[a \t\n\x0b\x0c\r\x1c\u{85}\u{a0}\u{1680}\u{2000}\u{2028}\u{202f}\u{205f}\u{3000}é©ᚁ—→あ中🔗\u{c5}\u{4e00}\u{2080}\u{1f}]{0,8}") {
            proptest::prop_assert_eq!(s.trim_ws(), s.trim());
            proptest::prop_assert_eq!(s.trim_start_ws(), s.trim_start());
            proptest::prop_assert_eq!(s.trim_end_ws(), s.trim_end());
        }

        #[test]
        fn split_lines_is_split_on_newline(s in "[a\n\ré]{0,12}") {
            let ours: Vec<&str> = split_lines(&s).collect();
            let std: Vec<&str> = s.split('\n').collect();
            proptest::prop_assert_eq!(ours, std);
        }

        #[test]
        fn collapse_ws_is_split_whitespace_joined(s in "[ a*_\t\n\u{3000}é]{0,16}") {
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_ws(&s), joined);
        }

        #[test]
        fn keys_written_into_a_string_are_the_keys(
            s in "[ aB*_\t\n\u{85}\u{a0}\u{2009}\u{3000}é→—Å-]{0,12}",
            before in "[a-z]{0,3}",
        ) {
            let mut out = before.clone();
            name_key_into(&s, &mut out);
            proptest::prop_assert_eq!(out, format!("{before}{}", name_key(&s)));
            let mut out = before.clone();
            slug_key_into(&s, &mut out);
            proptest::prop_assert_eq!(out, format!("{before}{}", slug_key(&s)));
        }

        #[test]
        fn plain_labels_are_printable_ascii_folded_without_markers(
            s in "[ a*_\t\u{a0}é~!]{0,12}"
        ) {
            let byte_by_byte = !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && s.bytes().all(|c| matches!(c, b' '..=b'~') && c != b'*' && c != b'_');
            proptest::prop_assert_eq!(is_plain_label(&s), byte_by_byte);
        }

        #[test]
        fn folded_is_collapse_leaving_it_as_it_is(
            s in "[ a*_\t\n\u{85}\u{a0}\u{2009}\u{3000}é→—]{0,12}"
        ) {
            let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(folded(&s), joined == s);
        }

        /// One pass that drops markers and folds whitespace makes what
        /// dropping them from the characters, then folding, makes.
        #[test]
        fn strip_emphasis_is_markers_dropped_then_folded(
            s in "[ a1*_\t\u{3000}é→]{0,14}"
        ) {
            let chars: Vec<char> = s.chars().collect();
            let mut kept = String::new();
            for (i, &c) in chars.iter().enumerate() {
                let inner = |o: Option<&char>| o.is_some_and(|c| c.is_alphanumeric());
                // The ends of the run of underscores `c` is in.
                let first = chars[..i].iter().rposition(|&d| d != '_').map_or(0, |j| j + 1);
                let last = chars[i..].iter().position(|&d| d != '_').map_or(chars.len(), |j| i + j);
                let joins = first > 0 && inner(chars.get(first - 1)) && inner(chars.get(last));
                if c == '*' || (c == '_' && !joins) {
                    continue;
                }
                kept.push(c);
            }
            let want = kept.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(strip_emphasis(&s), want.clone());
            proptest::prop_assert_eq!(strip_emphasis_cow(&s), want);
        }

        /// What a code span holds is kept as written, whatever is around it.
        #[test]
        fn code_spans_keep_their_markers(
            before in "[ a*_]{0,6}", code in "[a-z*_]{1,8}", after in "[ a*_]{0,6}"
        ) {
            let s = format!("{before}`{code}`{after}");
            let got = strip_emphasis_code(&s);
            proptest::prop_assert!(got.contains(&code), "{s:?} gave {got:?}");
            // Outside it, markers go as they go without the span.
            let outside = strip_emphasis_code(&format!("{before}{after}"));
            proptest::prop_assert_eq!(outside, strip_emphasis(&format!("{before}{after}")));
        }

        #[test]
        fn plain_labels_are_their_own_stripped_ascii(s in "[ a*_\t\u{3000}é!~]{0,10}") {
            let plain = s.is_ascii() && !s.contains(['*', '_']) && strip_emphasis(&s) == s;
            proptest::prop_assert_eq!(is_plain_label(&s), plain);
        }

        #[test]
        fn ascii_keys_match_the_unicode_path(s in "[ -~\t\n\x0B\x0C\r]{0,40}|[ a-zA-Z]{0,12}") {
            fn key(write: fn(&str, &mut String), s: &str) -> String {
                let mut k = String::new();
                write(s, &mut k);
                k
            }
            let t = s.trim();
            proptest::prop_assert_eq!(key(ascii_name_key_into, t), key(unicode_name_key_into, t));
            proptest::prop_assert_eq!(key(ascii_name_key_into, &s), key(unicode_name_key_into, &s));
            proptest::prop_assert_eq!(slug_key(&s), unicode_slug_key(&s));
        }
    }

    #[test]
    fn relation_keys_fold_separators() {
        assert_eq!(relation_key("Flows to"), "flows_to");
        assert_eq!(relation_key("is-used-by"), "is_used_by");
        assert_eq!(relation_key("  Combined  With "), "combined_with");
        assert_eq!(relation_key("part__of"), "part_of");
        assert_eq!(relation_key("병렬 실행"), "병렬_실행");
        assert_eq!(relation_key("Mitigated (partially) by"), "mitigated_by");
        assert_eq!(relation_key("Contains (sub-parts)"), "contains");
        assert_eq!(relation_key("上游（主要）"), "上游");
        assert_eq!(
            relation_key("Parent concept / category"),
            "parent_concept_category"
        );
        assert_eq!(relation_key("Author's work → Cited"), "authors_work_cited");
        assert_eq!(relation_key("Flows to (unclosed"), "flows_to_unclosed");
        assert_eq!(relation_key("(only)"), "");
        assert_eq!(relation_key("🚀 Accelerates"), "accelerates");
        // Combining marks are part of their word.
        assert_eq!(relation_key("संबंधित लेख"), "संबंधित_लेख");
        // An emoji's variation selector or keycap is no letter of the key.
        assert_eq!(relation_key("⬅️ Previous"), "previous");
        assert_eq!(relation_key("Up ⬆️ stream ❤️"), "up_stream");
        assert_eq!(relation_key("1️⃣ First"), "1_first");
        assert_eq!(relation_key("葛\u{E0100}城"), "葛城");
    }

    #[test]
    fn name_keys_are_nfc_and_caseless() {
        let nfd = "Cafe\u{301}";
        assert_eq!(name_key(nfd), name_key("Café"));
        assert_eq!(name_key(" Quick   Start "), "quick start");
        assert_eq!(slug_key("Quick Start"), slug_key("quick-start"));
        assert_eq!(slug_key("Quick_Start"), "quickstart");
    }

    #[test]
    fn emphasis_is_stripped_but_inner_underscores_stay() {
        assert_eq!(strip_emphasis("_Part_ of"), "Part of");
        assert_eq!(strip_emphasis_code("`__init__.py`"), "__init__.py");
        assert_eq!(strip_emphasis_code("**`a_*b`** and __c__"), "a_*b and c");
        // A run closes only a run of its length; an unclosed one is dropped.
        assert_eq!(strip_emphasis_code("``a`_b_`c`` _d_"), "a`_b_`c d");
        assert_eq!(strip_emphasis_code("`_a_ and _b_"), "a and b");
        // Whitespace is folded inside code as around it.
        assert_eq!(strip_emphasis_code("x  ` _a  b_ `  y"), "x _a b_ y");
        // Underscores before a span are not taken into it.
        assert_eq!(strip_emphasis_code("x__`__y`"), "x__y");
        assert_eq!(strip_emphasis("**bold** text"), "bold text");
        assert_eq!(strip_emphasis("snake_case"), "snake_case");
        assert_eq!(strip_emphasis("sigs__kueue/ __x__"), "sigs__kueue/ x");
    }
}
