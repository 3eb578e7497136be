//! Typed connection bullets: `- **Label**: [[A]] (note), [[B]] via x`, and
//! their looser spellings. Works on one bullet's text at a time, with the
//! links already found on it; returns which link (or plain text) is a target
//! of which label, with its note. Links it does not claim are mentions.
//!
//! Names and notes are slices of the line until an item is made: each is
//! copied once, when it is known whole and clean.

use std::borrow::Cow;

use super::links::{Found, FoundKind, add_other_markdown_links};
use crate::text::{TrimExt, collapse_ws, collapse_ws_cow, find_short, strip_emphasis};

/// What a bullet in a connection section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bullet {
    /// A labelled bullet. `items` is empty for `- **Label**:` with nothing
    /// after it (its nested bullets may carry the targets).
    Typed {
        /// The label as written, markdown emphasis removed.
        label: String,
        /// Targets in order.
        items: Vec<Item>,
        /// Where a further label starts on the line, whose targets follow
        /// it (`- **Uses**: [[b]] **Used by**: [[c]]`): a bullet of its own.
        next: Option<usize>,
    },
    /// A bullet with links but no label: `related` edges.
    Untyped {
        /// Targets in order.
        items: Vec<Item>,
    },
    /// A label that is empty once cleaned (`- ****: [[x]]`); read as untyped.
    EmptyLabel {
        /// Targets in order.
        items: Vec<Item>,
    },
    /// A bold name alone, with no link (`- **Complements**`): the label
    /// of the bullets nested below it or, with none, a `related` target in
    /// plain text.
    Name {
        /// The name, markdown emphasis removed.
        name: String,
    },
    /// Prose holding links (`- Builds on [[x]] and [[y]].`): `related`
    /// edges, each with the bullet as its note.
    Prose {
        /// The links in order.
        items: Vec<Item>,
        /// False when the bullet is the note of its first link only: its
        /// copies would pass [`MAX_REPEATED_NOTE`].
        repeated: bool,
    },
}

/// Bytes of a prose bullet's copies beyond the first, as the notes of its
/// links, past which only its first link has it: each link's note is the
/// whole bullet, and a bullet of 20,000 links made 11 GB of notes.
pub const MAX_REPEATED_NOTE: usize = 1 << 20;

impl Bullet {
    /// Adds `by` to the link indexes of the targets: for a bullet read
    /// from `found[by..]`.
    pub fn shift_links(&mut self, by: usize) {
        for item in self.items_mut() {
            if let ItemTarget::Link(i) = &mut item.target {
                *i += by;
            }
        }
    }

    /// The targets, whatever the kind of bullet.
    fn items_mut(&mut self) -> &mut [Item] {
        match self {
            Bullet::Typed { items, .. }
            | Bullet::Untyped { items }
            | Bullet::EmptyLabel { items }
            | Bullet::Prose { items, .. } => items,
            Bullet::Name { .. } => &mut [],
        }
    }
}

/// One target of a bullet with its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the target is.
    pub target: ItemTarget,
    /// The note: parenthesised text, text after `via`/`—`/`–`/`→`/`->`/`--`/` - `/`:`,
    /// or prose following the target, as written.
    pub note: Option<String>,
    /// Byte offset of the target in the bullet text (for columns).
    pub start: usize,
}

/// A target: one of the links found on the line, or plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemTarget {
    /// Index into the `found` slice given to the parser.
    Link(usize),
    /// Plain text naming something (`Twitter/X`).
    Text(String),
}

/// Longest plain label (`- Label: x`), in characters and words.
const PLAIN_LABEL_CHARS: usize = 50;
const PLAIN_LABEL_WORDS: usize = 5;

/// Parses the bullet on a line whose text after the list marker starts at
/// byte `content`. `orig` and `masked` are the whole line and have the same
/// length; `found` are the links on it, sorted by start, with offsets into
/// the line (none starts before `content`: a list marker holds no `[`).
/// Item starts count from `content`. Returns `None` for a bullet that says
/// nothing about connections.
pub fn parse_bullet(orig: &str, masked: &str, content: usize, found: &[Found]) -> Option<Bullet> {
    read_bullet(orig, masked, content, found, true)
}

/// [`parse_bullet`] with one label at most: a further label on the line is
/// text among the targets (a source list says each bullet's label of its
/// sources).
pub fn parse_bullet_one_label(
    orig: &str,
    masked: &str,
    content: usize,
    found: &[Found],
) -> Option<Bullet> {
    read_bullet(orig, masked, content, found, false)
}

fn read_bullet(
    orig: &str,
    masked: &str,
    content: usize,
    found: &[Found],
    more_labels: bool,
) -> Option<Bullet> {
    // Item starts count from the text as written, pictographs included.
    let written = content;
    // `- 🔗 **Complements**: [[b]]`: pictographs decorate what they lead.
    let content = content + pictograph_lead(orig.get(content..)?);
    let text = orig.get(content..)?;
    let text_masked = masked.get(content..)?;
    let end = orig.len();
    // Where the first link starts in `text` (`found` is sorted by start).
    let first_link = found.first().map(|f| f.start.saturating_sub(content));
    let mut bullet = match label(text, text_masked, first_link) {
        // `- **Supersedes**: None`: the label states that there is none.
        Label::Found(_, rest, _) if states_none(&orig[content + rest..]) => return None,
        Label::Found(label, rest, qualifier) => {
            let next = next_label(orig, masked, content + rest, found).filter(|_| more_labels);
            // The targets end before the separator that leads the next label.
            let to = next.map_or(end, |at| {
                let before = masked[content + rest..at].trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ';' | ',' | '|' | '·')
                });
                content + rest + before.len()
            });
            let mut items = targets(orig, masked, found, content + rest, to);
            if let Some(q) = qualifier {
                // `Has subtypes (per X): …`: the qualifier belongs to every target.
                for item in &mut items {
                    item.note = Some(match item.note.take() {
                        Some(n) => format!("{q}; {n}"),
                        None => q.clone(),
                    });
                }
            }
            Bullet::Typed { label, items, next }
        }
        Label::Empty(rest) => Bullet::EmptyLabel {
            items: targets(orig, masked, found, content + rest, end),
        },
        Label::None => {
            let Some(first) = found
                .iter()
                .position(|f| matches!(f.what, FoundKind::Page(_)))
            else {
                return bold_name(orig, masked, content, found);
            };
            let lead = masked[content..found[first].start.max(content)].trim_ws();
            if lead.chars().all(decoration) {
                // `- [[X]] — note`, `- **[[X]]**: "quote"`, `- [[A]], [[B]]`,
                // `- → [[X]] (note)`
                Bullet::Untyped {
                    items: targets(orig, masked, found, content, end),
                }
            } else {
                // Prose holding links: each link is related, the bullet its
                // note (the first link's alone when the copies would be
                // too many).
                let note = Some(collapse_ws(text)).filter(|n| !n.is_empty());
                let links = found
                    .iter()
                    .filter(|f| matches!(f.what, FoundKind::Page(_)))
                    .count();
                let copies = note.as_ref().map_or(0, String::len) * links.saturating_sub(1);
                let repeated = copies <= MAX_REPEATED_NOTE;
                let items = found
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| matches!(f.what, FoundKind::Page(_)))
                    .enumerate()
                    .map(|(k, (i, f))| Item {
                        target: ItemTarget::Link(i),
                        note: if k == 0 || repeated {
                            note.clone()
                        } else {
                            None
                        },
                        start: f.start,
                    })
                    .collect();
                Bullet::Prose { items, repeated }
            }
        }
    };
    // Targets were read at their offsets in the line.
    for item in bullet.items_mut() {
        item.start = item.start.saturating_sub(written);
    }
    Some(bullet)
}

/// The bytes of the emoji and pictographs that lead `text` (`🔗 `, `⚡️ `,
/// `✅ `, `📄 `), with the whitespace after them; 0 when none does, or
/// when no whitespace follows them.
fn pictograph_lead(text: &str) -> usize {
    // Most bullets start with ASCII.
    if text.as_bytes().first().is_none_or(u8::is_ascii) {
        return 0;
    }
    let end = text
        .char_indices()
        .find(|&(_, c)| !(is_pictograph(c) || joins_emoji(c)))
        .map_or(text.len(), |(i, _)| i);
    let rest = text[end..].trim_start_ws();
    if end == 0 || rest.len() + end == text.len() {
        return 0;
    }
    text.len() - rest.len()
}

/// The length in bytes of the pictograph (or emoji joiner or variation
/// selector) that `b` starts with, if it starts with one and it is no
/// arrow: an arrow between links says that one leads to the other
/// (`[[a]] → [[b]]`), and before text it opens a note.
fn pictograph_len(b: &[u8]) -> Option<usize> {
    // Every pictograph is three or four bytes long in UTF-8.
    if b.first().is_none_or(|&c| c < 0xE2) {
        return None;
    }
    let n = if b[0] >= 0xF0 { 4 } else { 3 };
    let c = std::str::from_utf8(b.get(..n)?).ok()?.chars().next()?;
    let arrow = matches!(c as u32,
        0x2190..=0x21FF
            | 0x25B6 | 0x25B8 | 0x25BA | 0x25C0 | 0x25C2 | 0x25C4
            | 0x2794..=0x27BF | 0x27F0..=0x27FF | 0x2B00..=0x2BFF | 0x1F800..=0x1F8FF);
    ((is_pictograph(c) && !arrow) || joins_emoji(c)).then_some(n)
}

/// True for the characters that join or style emoji (the zero-width
/// joiner, the emoji variation selector): part of the emoji they follow.
fn joins_emoji(c: char) -> bool {
    matches!(c, '\u{FE0F}' | '\u{200D}')
}

/// True for an emoji or a pictographic symbol: arrows, technical and
/// geometric symbols, dingbats, and the emoji planes.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF | 0x2300..=0x23FF | 0x25A0..=0x27BF | 0x2B00..=0x2BFF
        | 0x1F000..=0x1FAFF)
}

/// Longest label read after the targets of another (in characters and words).
const NEXT_LABEL_CHARS: usize = 50;
const NEXT_LABEL_WORDS: usize = 5;

/// Where a further bold label starts after the targets of a first one, at
/// or after `from`: `**Used by**:` in `**Uses**: [[b]] **Used by**: [[c]]`
/// (also after `;`, `,`, `|`, `·` or a parenthesised note). Only a short
/// label right after a linked target and followed by a link counts, so
/// that emphasis in a note (`[[b]] — see **Note**: [[c]]`) stays text.
fn next_label(orig: &str, masked: &str, from: usize, found: &[Found]) -> Option<usize> {
    let b = masked.as_bytes();
    let mut i = from;
    // A search for one byte: most bullets hold no `*` after their label.
    while let Some(p) = memchr::memchr(b'*', b.get(i..)?) {
        let at = i + p;
        i = at + 1;
        if b.get(at + 1) != Some(&b'*') {
            continue;
        }
        i = at + 2;
        // `found` is sorted by start and its links do not overlap. The
        // label follows a link of these targets, after nothing but
        // separators and parenthesised notes: not inside a dash note
        // (`[[a]] — for x; **Caveat**: [[b]]`).
        let next = found.partition_point(|f| f.start < at);
        let Some(prev) = next.checked_sub(1).map(|k| &found[k]) else {
            continue;
        };
        if prev.start < from || at < prev.end {
            continue;
        }
        let gap = masked[prev.end..at]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '|' | '·'));
        if !only_notes(gap.as_bytes()) {
            continue;
        }
        let first = found.get(next)?;
        if let Label::Found(label, _, _) = label(&orig[at..], &masked[at..], Some(first.start - at))
            && label.chars().count() <= NEXT_LABEL_CHARS
            && label.split_whitespace().count() <= NEXT_LABEL_WORDS
        {
            return Some(at);
        }
    }
    None
}

/// True for a character that only decorates what it leads: emphasis
/// markers and arrows (`- **[[x]]**`, `- → [[x]]`).
fn decoration(c: char) -> bool {
    matches!(c, '*' | '_' | '→' | '⇒' | '➜' | '➔' | '↳' | '↪' | '➡')
}

/// Longest text after a label read as saying there is none.
const MAX_NONE: usize = 200;

/// True when `text` holds a place for what is not written yet (`No related
/// pages yet`, `To be written`, `coming soon`, `add links here`, `see
/// below`), or says there is nothing ([`states_none`]): no name.
pub(crate) fn is_placeholder_phrase(text: &str) -> bool {
    if states_none(text) {
        return true;
    }
    let t = text
        .trim_ws()
        .trim_end_matches(['.', '!', '…'])
        .to_lowercase();
    const STARTS: [&str; 9] = [
        "no ",
        "not ",
        "nothing",
        "to be ",
        "to do",
        "todo",
        "tbd",
        "coming soon",
        "see ",
    ];
    const ENDS: [&str; 5] = [" yet", " soon", " later", " here", " pending"];
    // Words that each start as a name does are a name (`No Starch Press`).
    matches!(t.as_str(), "unknown" | "n/a" | "na" | "-" | "?" | "pending")
        || (STARTS.iter().any(|p| t.starts_with(p)) || ENDS.iter().any(|p| t.ends_with(p)))
            && !words_start_as_names(text)
}

/// True when no word of `text` starts in lower case, as the words of a
/// name do (`Apache Kafka`, `GPT-4 Turbo`, not `plain item`).
pub(crate) fn words_start_as_names(text: &str) -> bool {
    text.split_whitespace()
        .all(|w| !w.starts_with(char::is_lowercase))
}

/// What ends a sentence rather than a name.
pub(crate) const SENTENCE_ENDS: [char; 8] = ['.', '!', '?', ':', '。', '！', '？', '：'];

/// True when the text after a label says that it has no target: `—`,
/// `(none)`, `None`, `N/A`, `none yet`, `None found at …`, `TBD`, 无, なし.
pub(crate) fn states_none(text: &str) -> bool {
    // Most labels are followed by a link or a name: no copy is made for
    // them. What says none starts with a dash, `(`, emphasis, or the
    // first letter of one of the words below.
    let text = text.trim_ws();
    let may = |c: char| {
        matches!(
            c.to_ascii_lowercase(),
            'n' | 't' | '(' | '*' | '_' | '-' | '—' | '–' | '无' | '暂' | 'な' | '없'
        )
    };
    if text.len() > MAX_NONE || !text.chars().next().is_some_and(may) {
        return false;
    }
    let t = strip_emphasis(text);
    let t = t
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '(' | ')' | '—' | '–' | '-'))
        .to_lowercase();
    if t.is_empty() {
        // Only dashes or `()`; nothing at all is a label for nested bullets.
        return !text.is_empty();
    }
    matches!(
        t.as_str(),
        "none" | "n/a" | "nil" | "nothing" | "tbd" | "无" | "暂无" | "なし" | "없음"
    ) || ["none ", "none,", "none;", "none:"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A bullet with no link that starts with a bold name: the name alone
/// (`- **Complements**`), or the name as a plain-text target followed by
/// its note (`- **Share** — how it spreads`, `- **Weibo** (note)`), read as
/// `- Share — how it spreads` would be after a label. `None` otherwise.
fn bold_name(orig: &str, masked: &str, content: usize, found: &[Found]) -> Option<Bullet> {
    if !found.is_empty() {
        return None;
    }
    let text = masked.get(content..)?;
    let marker = ["**", "__"].into_iter().find(|m| text.starts_with(m))?;
    let close = 2 + find_short(&text.as_bytes()[2..], marker.as_bytes())?;
    let name = crate::text::strip_emphasis_code(orig.get(content + 2..content + close)?.trim_ws());
    if name.is_empty() {
        return None;
    }
    let after = &text[close + 2..];
    let rest = after.trim_start_ws();
    if rest.is_empty() {
        return Some(Bullet::Name { name });
    }
    let spaced = rest.len() < after.len();
    let noted = rest.starts_with(['—', '–', '('])
        || (spaced && (rest.starts_with("- ") || rest.starts_with("-\t")));
    if !noted {
        return None;
    }
    // The targets as the targets of a label read them, with the emphasis
    // blanked out: offsets stay those of the line.
    let blank = |s: &str| {
        let (a, b) = (content, content + close);
        format!("{}  {}  {}", &s[..a], &s[a + 2..b], &s[b + 2..])
    };
    let (o, m) = (blank(orig), blank(masked));
    Some(Bullet::Untyped {
        items: targets(&o, &m, found, content, o.len()),
    })
}

/// The label of `orig` (a bullet's text, `masked` its masked text; its
/// first link at `first_link`) and where the text after it starts, when
/// it has one that is not empty.
pub(crate) fn label_of(
    orig: &str,
    masked: &str,
    first_link: Option<usize>,
) -> Option<(String, usize)> {
    match label(orig, masked, first_link) {
        Label::Found(text, rest, _) => Some((text, rest)),
        Label::Empty(_) | Label::None => None,
    }
}

/// Result of looking for a label.
enum Label {
    /// The label, the offset where the targets start, and a parenthesised
    /// qualifier written after the label (`Has subtypes (per X):`).
    Found(String, usize, Option<String>),
    /// A label form whose label is empty.
    Empty(usize),
    None,
}

/// Reads the label of a bullet's text; `first_link` is where its first
/// link starts.
fn label(orig: &str, masked: &str, first_link: Option<usize>) -> Label {
    let link_before = |p: usize| first_link.is_some_and(|s| s < p);
    for marker in [b'*', b'_'] {
        // `**` or `__`
        let Some(inner_masked) = masked.as_bytes().strip_prefix(&[marker, marker]) else {
            continue;
        };
        let Some(close) = find_short(inner_masked, &[marker, marker]).map(|c| c + 2) else {
            return Label::None;
        };
        let after = close + 2;
        if link_before(after) {
            // `- **[[x]]**: note` — a link with a note, not a label.
            return Label::None;
        }
        let inner = &orig[2..close];
        let rest = &masked[after..];
        let mut qualifier = None;
        let (text, rest_start) = if let Some(t) = strip_colon_suffix(inner.trim_end_ws()) {
            (t, after)
        } else if let Some(r) = strip_colon_prefix(rest.trim_start_ws()) {
            if r.starts_with(':') {
                return Label::None;
            }
            (inner, after + (rest.len() - r.len()))
        } else if let Some((q, r)) = qualified_colon(rest) {
            // `**Label** (qualifier): targets`
            if link_before(after + (rest.len() - r.len())) {
                return Label::None;
            }
            qualifier = clean_note(q);
            (inner, after + (rest.len() - r.len()))
        } else {
            return Label::None;
        };
        let text = crate::text::strip_emphasis_code(text);
        return if text.is_empty() {
            Label::Empty(rest_start)
        } else {
            Label::Found(text, rest_start, qualifier)
        };
    }
    // Plain `Label: targets`, or `标签：targets`.
    let Some((colon, width)) = plain_colon(masked)
        .map(|c| (c, 1))
        .into_iter()
        .chain(masked.find('：').map(|c| (c, '：'.len_utf8())))
        .min()
    else {
        return Label::None;
    };
    if link_before(colon) {
        return Label::None;
    }
    let mut text = orig[..colon].trim_ws();
    let mut qualifier = None;
    // `Has subtypes (Shi et al. 2025 dimension): …`
    if let Some(body) = text.strip_suffix(')')
        && let Some(open) = body.rfind('(')
        && !body[open + 1..].contains(['(', ')'])
    {
        qualifier = clean_note(&body[open + 1..]);
        text = body[..open].trim_end_ws();
    }
    let words = text.split_whitespace().count();
    let ok = !text.is_empty()
        && text.chars().count() <= PLAIN_LABEL_CHARS
        && words <= PLAIN_LABEL_WORDS
        && text.starts_with(|c: char| c.is_alphanumeric())
        && !text.contains([
            '[', ']', '(', ')', '*', '`', '"', '.', ',', ';', '!', '?', '|', '<', '>',
        ]);
    if ok {
        Label::Found(collapse_ws(text), colon + width, qualifier)
    } else {
        Label::None
    }
}

/// `s` without a final `:` or full-width `：`.
fn strip_colon_suffix(s: &str) -> Option<&str> {
    s.strip_suffix(':').or_else(|| s.strip_suffix('：'))
}

/// `s` without a first `:` or full-width `：`.
fn strip_colon_prefix(s: &str) -> Option<&str> {
    s.strip_prefix(':').or_else(|| s.strip_prefix('：'))
}

/// `(qualifier): rest` after a bold label: the qualifier and the rest.
fn qualified_colon(rest: &str) -> Option<(&str, &str)> {
    let r = rest.trim_start_ws();
    let g = matching_paren(r)?;
    let after = r[g.end..].trim_start_ws().strip_prefix(':')?;
    if after.starts_with(':') {
        return None;
    }
    Some((&r[g.inner..g.close], after))
}

/// The first `:` followed by whitespace or the end (not `::`, not `https:`).
fn plain_colon(masked: &str) -> Option<usize> {
    let b = masked.as_bytes();
    for i in memchr::memchr_iter(b':', b) {
        match b.get(i + 1) {
            Some(b':') => return None,
            Some(c) if !c.is_ascii_whitespace() => {}
            _ => return Some(i),
        }
    }
    None
}

/// A top-level piece of the target list between separators.
struct Segment {
    start: usize,
    end: usize,
    /// The separator before it (`, `, `; `, ` + `, ` · `, ` • `), kept when
    /// a note absorbs it.
    sep: &'static str,
}

/// The segments of `masked[from..to]`, split at top-level `,`, `;`, ` + `,
/// ` / `, ` | `, ` · `, ` • `, `、`, `，`, `；` and `｜` (outside parentheses
/// and links), left to right.
struct Segments<'a> {
    bytes: &'a [u8],
    /// The links within the range not yet passed, sorted by start.
    links: &'a [Found],
    from: usize,
    to: usize,
    /// Where the search goes on; past `to` once the last segment is out.
    at: usize,
    seg_start: usize,
    sep: &'static str,
    depth: usize,
}

impl<'a> Segments<'a> {
    /// `found` must be sorted by start.
    fn new(masked: &'a str, found: &'a [Found], from: usize, to: usize) -> Self {
        let first = found.partition_point(|f| f.start < from);
        let inside = found[first..].iter().take_while(|f| f.end <= to).count();
        Segments {
            bytes: masked.as_bytes(),
            links: &found[first..first + inside],
            from,
            to,
            at: from,
            seg_start: from,
            sep: "",
            depth: 0,
        }
    }
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let b = self.bytes;
        while self.at < self.to {
            let i = self.at;
            if let Some((f, rest)) = self.links.split_first()
                && f.start <= i
            {
                self.at = i.max(f.end);
                self.links = rest;
                // `[[a]] and [[b]]`, `[[a]] (x) or [[b]]`: a conjunction
                // alone between two links separates them; its notes stay
                // with the first. Only when the first is a target, not a
                // link inside a note (`x — see [[a]] and [[b]]`).
                if self.depth == 0
                    && let Some(next) = rest.first()
                    && next.end <= self.to
                    // The gap first: `leads` reads the segment from its
                    // start, which after each link would cost the square
                    // of a long lead.
                    && let Some(cut) = conjunction(b, f.end, next.start)
                    && leads(b, self.seg_start, f.start)
                    && stands_alone(b, next.end)
                {
                    let seg = Segment {
                        start: self.seg_start,
                        end: cut,
                        sep: std::mem::replace(&mut self.sep, " and "),
                    };
                    self.at = next.start;
                    self.seg_start = next.start;
                    return Some(seg);
                }
                continue;
            }
            // Up to the next link, only brackets and separators matter.
            let stop = self.links.first().map_or(self.to, |f| f.start);
            let Some(p) = b[i..stop].iter().position(|&c| separates(c)) else {
                self.at = stop;
                continue;
            };
            let i = i + p;
            self.at = i + 1;
            let cut =
                match b[i] {
                    b'(' | b'[' => {
                        self.depth += 1;
                        continue;
                    }
                    b')' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        continue;
                    }
                    // `（` and `）`.
                    0xEF if b.get(i + 1..i + 3) == Some(&WIDE_OPEN[1..]) => {
                        self.depth += 1;
                        continue;
                    }
                    0xEF if b.get(i + 1..i + 3) == Some(&WIDE_CLOSE[1..]) => {
                        self.depth = self.depth.saturating_sub(1);
                        continue;
                    }
                    _ if self.depth > 0 => continue,
                    // `Stoikov, S. (2018)`: a surname and its initials.
                    b',' if initials_follow(&b[i + 1..stop]) => continue,
                    b',' => ", ",
                    b';' => "; ",
                    b'+' if spaced(b, i, 1, self.from) => " + ",
                    // Between spaces, as link lists are written (`[[a]] · [[b]]`).
                    // A slash or a pipe only before a link (`[[a]] / [[b]]`):
                    // `Twitter/X` and `competitive / economic pressures` are one
                    // name each.
                    b'/' | b'|'
                        if spaced(b, i, 1, self.from)
                            && self.links.first().is_some_and(|f| f.start == i + 2) =>
                    {
                        if b[i] == b'/' { " / " } else { " | " }
                    }
                    0xC2 if b.get(i + 1) == Some(&0xB7) && spaced(b, i, 2, self.from) => " · ",
                    0xE2 if b.get(i + 1..i + 3) == Some(&[0x80, 0xA2])
                        && spaced(b, i, 3, self.from) =>
                    {
                        " • "
                    }
                    // CJK list punctuation, written without spaces: `、`, `，`,
                    // `；` and `｜`.
                    0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x81]) => "、",
                    0xEF => match b.get(i + 1..i + 3) {
                        Some([0xBC, 0x8C]) => "，",
                        Some([0xBC, 0x9B]) => "；",
                        Some([0xBD, 0x9C]) => "｜",
                        _ => continue,
                    },
                    _ => continue,
                };
            let seg = Segment {
                start: self.seg_start,
                end: i,
                sep: std::mem::replace(&mut self.sep, cut),
            };
            // Past the separator's own bytes (`·` and `•` are two and three).
            let width = cut.trim_matches(' ').len();
            self.at = i + width;
            self.seg_start = i + width;
            return Some(seg);
        }
        if self.at > self.to {
            return None;
        }
        // The last segment runs to the end.
        self.at = self.to + 1;
        Some(Segment {
            start: self.seg_start,
            end: self.to,
            sep: self.sep,
        })
    }
}

/// True when `b` (the text after a comma) is a space and an author's
/// initials before a year or a title: ` S. (2018)`, ` J. R. (2020)`,
/// ` A.-B. "Title"`. `Python, R. Also` stays a list of two.
fn initials_follow(b: &[u8]) -> bool {
    let Some(mut rest) = b.strip_prefix(b" ") else {
        return false;
    };
    let mut any = false;
    // Each initial: a capital, a dot, then a space or a hyphen.
    while let [c, b'.', sep, after @ ..] = rest
        && c.is_ascii_uppercase()
        && matches!(sep, b' ' | b'-')
    {
        any = true;
        rest = after;
    }
    any && matches!(rest.first(), Some(b'(' | b'"' | b'*'))
}

/// Words that join two links of a list (`[[a]] and [[b]]`, `[[甲]]和[[乙]]`).
const CONJUNCTIONS: [&str; 9] = ["and", "or", "&", "and/or", "和", "与", "及", "以及", "或"];

/// Words that open a clause about what comes before them
/// (`x, though distinct`), not a name. The last two may also single out
/// a further target (`[[a]], especially [[b]]`): they qualify only text.
const QUALIFIERS: [&str; 10] = [
    "though",
    "although",
    "but",
    "which",
    "whereas",
    "while",
    "albeit",
    "unlike",
    "especially",
    "particularly",
];

/// True when `text` opens with a word from [`QUALIFIERS`], lowercase (a
/// capital starts a name: `Which Way West`); with `link`, the text leads
/// a link, and only a word of a clause counts.
fn qualifies(text: &str, link: bool) -> bool {
    let word = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    let words = if link {
        &QUALIFIERS[..8]
    } else {
        &QUALIFIERS[..]
    };
    word.len() < text.len() && words.contains(&word)
}

/// Whether a quotation is open at a point of a bullet (`"for now, but such
/// …`: the comma is the quotation's own), counted once over the text as
/// the points move on.
#[derive(Default)]
struct Quotes {
    /// Where the count has reached.
    at: usize,
    straight: usize,
    opened: usize,
    closed: usize,
}

impl Quotes {
    /// True when a quotation is open at `to`, not before the last point.
    fn open_at(&mut self, text: &str, to: usize) -> bool {
        if let Some(new) = text.get(self.at.min(to)..to) {
            let count = |q: &str| memchr::memmem::find_iter(new.as_bytes(), q.as_bytes()).count();
            self.straight += count("\"");
            self.opened += count("“");
            self.closed += count("”");
            self.at = to.max(self.at);
        }
        self.straight % 2 == 1 || self.opened > self.closed
    }
}

/// Where the conjunction starts when `b[from..to]`, between two links, is
/// only parenthesised notes and a conjunction from [`CONJUNCTIONS`]. Read
/// from the end, so that the usual gap of prose costs a few compares.
fn conjunction(b: &[u8], from: usize, to: usize) -> Option<usize> {
    let gap = b.get(from..to)?;
    let end = gap.len() - gap.iter().rev().take_while(|&&c| c == b' ').count();
    // An article may follow the conjunction: `[[a]] and a [[b]]`.
    let before_article = || {
        ARTICLES.iter().find_map(|a| {
            let start = end.checked_sub(a.len() + 1)?;
            let spaces = |to: usize| gap[..to].iter().rev().take_while(|&&c| c == b' ').count();
            (gap[start] == b' ' && gap[start + 1..end].eq_ignore_ascii_case(a.as_bytes()))
                .then(|| start - spaces(start))
        })
    };
    let conjunction = |end: usize| {
        // Most gaps are a separator and spaces (`, `): one look at the last
        // byte passes them over.
        let last = *gap.get(end.checked_sub(1)?)?;
        if !(matches!(last.to_ascii_lowercase(), b'd' | b'r' | b'&') || last >= 0x80) {
            return None;
        }
        CONJUNCTIONS.iter().find_map(|c| {
            let c = c.as_bytes();
            let start = end.checked_sub(c.len())?;
            // An ASCII word stands apart (`for [[b]]` is not `or`).
            let apart =
                !c[0].is_ascii() || start == 0 || matches!(gap[start - 1], b' ' | b')' | 0x89);
            (apart && gap[start..end].eq_ignore_ascii_case(c) && only_notes(&gap[..start]))
                .then_some(from + start)
        })
    };
    conjunction(end)
        .or_else(|| before_article().and_then(conjunction))
        // Nothing but notes between: links side by side (`[[a]]  [[b]]`,
        // `[[a]] (x) [[b]]`) are a list too.
        .or_else(|| {
            // Notes end with `)`, `）` or an emoji's last byte.
            let notes_end = end == 0 || gap[end - 1] == b')' || gap[end - 1] >= 0x80;
            (notes_end && only_notes(&gap[..end])).then_some(from + end)
        })
}

/// Articles read after a conjunction, before a link.
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// True when `b[from..to]`, before a link, leaves the link first in its
/// segment: it is blank, emphasis marks, or a conjunction (`, and [[c]]`).
fn leads(b: &[u8], from: usize, to: usize) -> bool {
    let Some(lead) = b.get(from..to) else {
        return false;
    };
    // Conjunctions are short: a longer lead is prose.
    lead.iter().all(|c| matches!(c, b' ' | b'*' | b'_'))
        || lead.len() <= 16 && std::str::from_utf8(lead).is_ok_and(is_conjunction)
}

/// True when `w`, trimmed, is one of [`CONJUNCTIONS`].
fn is_conjunction(w: &str) -> bool {
    let w = w.trim_ws();
    CONJUNCTIONS.iter().any(|c| w.eq_ignore_ascii_case(c))
}

/// True when the link ending at `end` is a word of its own: what follows
/// it is not glued to it (`[[b]]'s successor`, `[[b]]-style`).
fn stands_alone(b: &[u8], end: usize) -> bool {
    let glued = b
        .get(end)
        .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'-'));
    // `’`, the typographic apostrophe.
    !glued && b.get(end..end + 3) != Some("’".as_bytes())
}

/// True when `b` is only spaces, parenthesised groups and pictographs
/// (`[[a]] ⚠️ (x)`: emoji after a link decorate it).
fn only_notes(mut b: &[u8]) -> bool {
    loop {
        while let [b' ', rest @ ..] = b {
            b = rest;
        }
        if let Some(n) = pictograph_len(b) {
            b = &b[n..];
            continue;
        }
        match b {
            [] => return true,
            [b'(' | 0xEF, ..] => match closing_paren(b) {
                Some(g) => b = &b[g.end..],
                None => return false,
            },
            _ => return false,
        }
    }
}

/// The bytes that [`Segments`] looks at: brackets and separators (and the
/// first bytes of `·`, `•` and the CJK separators).
fn separates(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'[' | b']' | b',' | b';' | b'+' | b'/' | b'|' | 0xC2 | 0xE2 | 0xE3 | 0xEF
    )
}

/// True when the `width` bytes at `i` have a space on each side, after
/// `from`.
fn spaced(b: &[u8], i: usize, width: usize, from: usize) -> bool {
    i > from && b[i - 1] == b' ' && b.get(i + width) == Some(&b' ')
}

/// A plain-text target of more words than this is prose, not a name: a
/// list whose plain targets include one is read as a single target
/// (`Opus 4.5, Sonnet 4.5, and Grok 4 show recurring …`).
const PROSE_WORDS: usize = 8;

/// Reads the targets in `orig[from..to]`. `found` must be sorted by start;
/// the work is linear in the length of the range.
pub fn targets(orig: &str, masked: &str, found: &[Found], from: usize, to: usize) -> Vec<Item> {
    if let Some((said, at)) = said_before_arrow(orig, masked, found, from, to) {
        // `Blog: avoids lossy compression, keeps evidence → [[art]]`: what
        // leads to the arrow says what the link after it is, and names
        // nothing itself. (Further targets keep their own: `subscription →
        // [[WeCom]], ads → [[Ads]]`.)
        let mut items = targets(orig, masked, found, at, to);
        let said = orig.get(from..said).unwrap_or_default();
        if let Some(item) = items.first_mut() {
            let mut note = None;
            add_note(&mut note, said);
            if let Some(own) = item.note.take() {
                add_note(&mut note, &own);
            }
            item.note = note;
        }
        return items;
    }
    let segs = Segments::new(masked, found, from, to);
    let items = read_targets(orig, masked, found, from, segs);
    let prose = items.len() > 1
        && items
            .iter()
            .all(|i| matches!(i.target, ItemTarget::Text(_)))
        && items.iter().any(|i| match &i.target {
            ItemTarget::Text(t) => t.split_whitespace().count() > PROSE_WORDS,
            ItemTarget::Link(_) => false,
        })
        // Only a comma list can be prose; `;` and ` + ` separate on purpose.
        && Segments::new(masked, found, from, to).all(|s| matches!(s.sep, "" | ", "));
    if prose {
        let whole = Segment {
            start: from,
            end: to,
            sep: "",
        };
        return read_targets(orig, masked, found, from, std::iter::once(whole));
    }
    items
}

/// When the targets from `from` to `to` are text, an arrow, then links
/// (`prose, more → [[x]]`): where the text ends and where what follows
/// the arrow starts.
fn said_before_arrow(
    orig: &str,
    masked: &str,
    found: &[Found],
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    let first = found.get(found.partition_point(|f| f.start < from))?;
    if first.start >= to || !matches!(first.what, FoundKind::Page(_)) {
        return None;
    }
    let before = masked.get(from..first.start)?.trim_end_ws();
    // The last byte of every arrow below: most links follow no arrow.
    if !matches!(before.as_bytes().last(), Some(b'>' | 0x92 | 0x94 | 0x9C)) {
        return None;
    }
    let arrow = LEADING_ARROWS.into_iter().find(|a| before.ends_with(a))?;
    // As written: code before the arrow is part of what is said
    // (`reads `config.toml` → [[Config]]`).
    let said = orig
        .get(from..from + before.len() - arrow.len())?
        .trim_end_ws();
    // Words, not a link's own arrow (`- → [[x]]`) or items each led by an
    // arrow (`→ Sink, ⇒ [[drain]]`).
    let said_words = said.trim_start_ws();
    let listed = said_words.ends_with([',', ';', '，', '；', '、'])
        || LEADING_ARROWS.iter().any(|a| said_words.starts_with(a));
    (!listed && !said_words.is_empty()).then_some((from + said.len(), first.start))
}

/// Arrows that lead from what is said to the link it is said of.
const LEADING_ARROWS: [&str; 6] = ["→", "->", "⇒", "=>", "➜", "➔"];

/// Reads the targets of segments that split `orig` from `from` on.
fn read_targets<'a>(
    orig: &'a str,
    masked: &str,
    found: &[Found],
    from: usize,
    segs: impl Iterator<Item = Segment>,
) -> Vec<Item> {
    // Room for the usual few targets from the start: growing from empty
    // costs more than the allocation itself.
    let mut items: Vec<Item> = Vec::with_capacity(4);
    // The last note part of the last item while prose may still flow into
    // it (`[[a]] — does x, y and z`); it joins the note when closed.
    let mut open: Option<&'a str> = None;
    // Whether `open` was introduced (`— x`, `via x`) rather than prose.
    let mut introduced = false;
    let mut quotes = Quotes {
        at: from,
        ..Quotes::default()
    };
    let mut cursor = found.partition_point(|f| f.start < from);
    for seg in segs {
        while cursor < found.len() && found[cursor].start < seg.start {
            cursor += 1;
        }
        let mut end = cursor;
        while end < found.len() && found[end].end <= seg.end {
            end += 1;
        }
        let seg_found = &found[cursor..end];
        let raw = &orig[seg.start..seg.end];
        // Where the text starts (after the space of `, `).
        let lead = raw.len() - trim_start_sp(raw).len();
        if lead == raw.len() {
            continue;
        }
        // The first link of the segment outside parentheses.
        let mut link = top_level_link(masked, seg_found, seg.start).map(|(i, f)| (cursor + i, f));
        // Text before the link (rarely more than the space of `, `). A blank
        // prefix holds no note introducer, and masking only blanks text.
        let text_first = link.is_some_and(|(_, f)| f.start - seg.start > lead);
        // `x, though distinct`, `[[a]], unlike [[b]]`: a clause after a
        // comma that qualifies the target before it, not a target (a
        // quotation's own commas aside).
        let mut clause = |link: bool| {
            seg.sep == ", "
                && !items.is_empty()
                && qualifies(&raw[lead..], link)
                && !quotes.open_at(orig, seg.start)
        };
        // `plain text — note with [[X]]`: a note introduced before the first
        // link makes the segment a plain-text target, and its links mentions.
        if text_first && let Some((_, f)) = link {
            let prefix = &raw[..f.start - seg.start];
            let end = plain_name_end(prefix, &[]);
            if end < prefix.len() && !clean_name(&prefix[..end]).is_empty() || clause(true) {
                link = None;
            }
        }
        // `[[a]], [[b]], and [[c]]`: the last link's `and` is no note.
        let conj_lead = |f: &Found| seg.sep == ", " && is_conjunction(&masked[seg.start..f.start]);
        let lead_is_link = link.is_some_and(|(_, f)| {
            !text_first
                || conj_lead(f)
                || masked[seg.start..f.start].trim_ws().chars().all(decoration)
        });
        if !lead_is_link && let Some(part) = &mut open {
            // The note runs on over the separator as it is written
            // (`~13,600 questions`, `可更新、可溯源`): every open part is
            // a slice of the line that ends where its segment does.
            *part = match offset_in(orig, part).and_then(|start| orig.get(start..seg.end)) {
                Some(run) => run.trim_end_ws(),
                // An empty part (`x — , y`) is where no text is.
                None => raw[lead..].trim_end_ws(),
            };
            continue;
        }
        if let Some((idx, f)) = link {
            close_note(&mut items, open.take());
            let mut note = None;
            if text_first
                && !conj_lead(f)
                && !masked[seg.start..f.start].trim_ws().chars().all(decoration)
            {
                // Cleaned twice, as it always was (`- *x` is `*x` once, `x` twice).
                add_note(&mut note, trim_note(&orig[seg.start..f.start]));
            }
            let tail = notes_after(&orig[f.end..seg.end], |p| add_note(&mut note, p));
            introduced = tail.as_ref().is_some_and(|t| t.introduced);
            open = tail.map(|t| t.text);
            items.push(Item {
                target: ItemTarget::Link(idx),
                note,
                start: f.start,
            });
            continue;
        }
        if clause(false) {
            open = Some(raw[lead..].trim_end_ws());
            introduced = false;
            continue;
        }
        // `` `tokio` and `rayon` ``: names in code joined by a conjunction
        // are as many targets.
        if let Some(names) = joined_code_names(&raw[lead..]) {
            close_note(&mut items, open.take());
            introduced = false;
            for (at, name) in names {
                items.push(Item {
                    target: ItemTarget::Text(name.to_owned()),
                    note: None,
                    start: seg.start + lead + at,
                });
            }
            continue;
        }
        // Plain text target: the name runs to the first note. Markdown links
        // to URLs inside it read as their text.
        let mut spans: Vec<(usize, usize)> = seg_found
            .iter()
            .map(|f| (f.start - seg.start, f.end - seg.start))
            .collect();
        add_other_markdown_links(raw, &mut spans);
        // `` `mode: fast` is the default ``: what code holds opens no note.
        add_code_spans(raw, &masked[seg.start..seg.end], &mut spans);
        let name_end = plain_name_end(raw, &spans);
        // `` `notes/x.md` Claim 9 ``: a file named in code is the target,
        // what follows it the note.
        let code_end = code_path_end(raw).filter(|&e| e < name_end);
        let name_end = code_end.unwrap_or(name_end);
        // `[Docs](https://x.org) — the manual`: a target that is one link
        // to a URL is that URL, its text a note (as text it would be one
        // node for every page's `Docs`, and the address lost).
        let head = &raw[..name_end];
        let head_start = head.len() - head.trim_start_ws().len();
        let head_end = head_start + head.trim_ws().len();
        let url = seg_found.iter().find_map(|f| match &f.what {
            FoundKind::Url(u)
                if (f.start - seg.start, f.end - seg.start) == (head_start, head_end) =>
            {
                Some((u, f))
            }
            _ => None,
        });
        if let Some((u, f)) = url {
            close_note(&mut items, open.take());
            let mut note = None;
            let title = orig[f.start..f.end]
                .strip_prefix('[')
                .and_then(|l| Some(&l[..l.rfind("](")?]));
            if let Some(title) = title.filter(|t| t.trim_ws() != u.as_str()) {
                add_note(&mut note, title);
            }
            let tail = notes_after(&raw[name_end..], |p| add_note(&mut note, p));
            introduced = tail.as_ref().is_some_and(|t| t.introduced);
            open = tail.map(|t| t.text);
            items.push(Item {
                target: ItemTarget::Text(u.clone()),
                note,
                start: f.start,
            });
            continue;
        }
        let written = link_texts(&raw[..name_end], &spans);
        let cleaned = clean_name(&written);
        // An arrow before a name says which way it goes (`→ server`), and
        // the brackets of a link left unclosed (`[[C`, warned of) are no
        // part of the name.
        // (`strip_…`, not `trim_…_matches`: a string pattern builds a
        // searcher, on every plain-text target.)
        let name = cleaned.trim_start_matches(ARROWS);
        let bracketed = name.strip_prefix("[[");
        let name = bracketed.unwrap_or(name);
        let mut name: &str = name.strip_suffix("]]").unwrap_or(name).trim_ws();
        // A link that is no page link (an attachment, `[[plan.excalidraw|
        // Diagram]]`) is named by its target, not its display text.
        if bracketed.is_some()
            && let Some(bar) = name.find('|')
        {
            name = name[..bar].trim_end_matches('\\').trim_ws();
        }
        // An autolink's brackets are no part of its URL: `<https://x.org>`.
        if let Some(inner) = name.strip_prefix('<').and_then(|n| n.strip_suffix('>'))
            && (inner.starts_with("https://") || inner.starts_with("http://"))
        {
            name = inner;
        }
        if seg.sep == ", " {
            // The last item of `A, B, and C`.
            for conj in ["and ", "or "] {
                if name.len() > conj.len()
                    && name.is_char_boundary(conj.len())
                    && name[..conj.len()].eq_ignore_ascii_case(conj)
                {
                    name = name[conj.len()..].trim_start_ws();
                }
            }
        }
        let after = &raw[name_end..];
        if name.is_empty() {
            // Only a note: it belongs to the item before, whose notes are
            // closed (an open one would have taken this segment).
            debug_assert!(open.is_none());
            if let Some(cur) = items.last_mut() {
                let last = notes_after(after, |p| add_note(&mut cur.note, p));
                if let Some(p) = last {
                    add_note(&mut cur.note, p.text);
                }
            }
            continue;
        }
        close_note(&mut items, open.take());
        let mut note = None;
        let tail = notes_after(after, |p| add_note(&mut note, p));
        introduced = tail.as_ref().is_some_and(|t| t.introduced);
        open = tail.map(|t| t.text);
        if code_end.is_some() {
            // The words after a file name are about it alone: the next
            // segment is a target of its own (`` `a.md` Claim 1, `b` ``).
            if let Some(words) = open.take() {
                add_note(&mut note, words);
            }
            introduced = false;
        }
        items.push(Item {
            target: ItemTarget::Text(name.to_owned()),
            note,
            start: seg.start + lead,
        });
    }
    // `[[a]], [[b]] — both do x`: a dash note after a list of bare
    // targets is about all of them. Once an earlier target has a note of
    // its own, the author noted each, and the last note is the last one's.
    if introduced
        && let Some(part) = &open
        && let Some((_, earlier)) = items.split_last()
        && !earlier.is_empty()
        && earlier.iter().all(|i| i.note.is_none())
        // As for a prose bullet, copies past a bound are not made.
        && part.len().saturating_mul(earlier.len()) <= MAX_REPEATED_NOTE
    {
        for item in &mut items {
            add_note(&mut item.note, part);
        }
        return items;
    }
    close_note(&mut items, open);
    items
}

/// `s.trim_start()`, quick for text after a separator or an introducer
/// (` [[x]]`): past a first space, [`TrimExt`]'s shortcut sees the next byte.
fn trim_start_sp(s: &str) -> &str {
    s.strip_prefix(' ').unwrap_or(s).trim_start_ws()
}

/// Where `part`, a slice of `whole` with text in it, starts in `whole`;
/// `None` for any other (an empty slice may be a literal's).
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    (!part.is_empty() && at < whole.len()).then_some(at)
}

/// Adds the open note part, now closed, to the last item's note.
fn close_note(items: &mut [Item], open: Option<&str>) {
    if let Some(part) = open
        && let Some(last) = items.last_mut()
    {
        add_note(&mut last.note, part);
    }
}

/// Adds a note part, cleaned, to an item's note (`None` until it has
/// one); parts are joined by `; `, and one that cleans to nothing adds
/// nothing.
fn add_note(note: &mut Option<String>, part: &str) {
    let part = trim_note(part);
    if part.is_empty() {
        return;
    }
    match note {
        Some(n) => {
            n.push_str("; ");
            push_collapsed(n, part);
        }
        None => {
            let mut n = String::with_capacity(part.len());
            push_collapsed(&mut n, part);
            *note = Some(n);
        }
    }
}

/// The first page link of a segment that is not inside parentheses, with its
/// index in `found`. One pass over the segment.
fn top_level_link<'f>(masked: &str, found: &'f [Found], from: usize) -> Option<(usize, &'f Found)> {
    let b = masked.as_bytes();
    let mut depth = 0usize;
    let mut pos = from;
    for (i, f) in found.iter().enumerate() {
        let gap = &b[pos.min(f.start)..f.start];
        for (j, &c) in gap.iter().enumerate() {
            match c {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                0xEF if paren_width(gap, j, b'(', WIDE_OPEN).is_some() => depth += 1,
                0xEF if paren_width(gap, j, b')', WIDE_CLOSE).is_some() => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
        }
        pos = pos.max(f.end);
        if depth == 0 && matches!(f.what, FoundKind::Page(_)) {
            return Some((i, f));
        }
    }
    None
}

/// Where a plain-text target's name ends: at a `(` or a note introducer
/// (` — `, ` – `, ` -- `, ` - `, ` via `, `: `) that is not inside a link
/// span. (An arrow leads a note after a link, but not after a name: `Strongly
/// positive → benchmark is solved` says something rather than naming it.)
fn plain_name_end(raw: &str, spans: &[(usize, usize)]) -> usize {
    /// What ends a plain name and starts its note.
    const INTROS: [&[u8]; 10] = [
        b"(",
        "（".as_bytes(),
        " — ".as_bytes(),
        " – ".as_bytes(),
        b" -- ",
        b" - ",
        b" via ",
        b": ",
        "—".as_bytes(),
        "–".as_bytes(),
    ];
    // The spans by start, each with the furthest end of it and those
    // before it: `p` is inside a span when that end, for the last span
    // starting at or before `p`, passes `p` (a lookup, not a scan per byte).
    let mut reach: smallvec::SmallVec<[(usize, usize); 4]> = spans.iter().copied().collect();
    reach.sort_unstable();
    let mut furthest = 0;
    for span in &mut reach {
        furthest = furthest.max(span.1);
        span.1 = furthest;
    }
    let outside = |p: usize| {
        let k = reach.partition_point(|&(s, _)| s <= p);
        k == 0 || reach[k - 1].1 <= p
    };
    let bytes = raw.as_bytes();
    // One pass over the candidate bytes; per introducer, matches do not
    // overlap (as `match_indices` finds them), so one inside a link span
    // hides an overlapping one just after it.
    let mut free_from = [0usize; INTROS.len()];
    for (p, b) in bytes.iter().enumerate() {
        if !matches!(b, b'(' | b' ' | b':' | 0xE2 | 0xEF) {
            continue;
        }
        for (i, intro) in INTROS.iter().enumerate() {
            if intro[0] == *b && p >= free_from[i] && bytes[p..].starts_with(intro) {
                if outside(p) && !joins_words(raw, p, intro.len()) {
                    return p;
                }
                free_from[i] = p + intro.len();
            }
        }
    }
    raw.len()
}

/// True when the dash at `raw[at..at + len]` joins what is on either side
/// rather than opening a note: an en dash with no space between letters
/// or digits (`pp. 10–12`, `Claims 10–11`, `Michelson–Morley`), or an em
/// dash between digits (`1990—1995`).
fn joins_words(raw: &str, at: usize, len: usize) -> bool {
    let dash = &raw[at..at + len];
    let (Some(before), Some(after)) = (
        raw[..at].chars().next_back(),
        raw[at + len..].chars().next(),
    ) else {
        return false;
    };
    match dash {
        "–" => before.is_alphanumeric() && after.is_alphanumeric(),
        "—" => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

/// Adds to `spans` the code spans of `raw` (`masked` is `raw` with code
/// masked: a backtick there is a space), each from its opening backtick
/// to past its closing one.
fn add_code_spans(raw: &str, masked: &str, spans: &mut Vec<(usize, usize)>) {
    let (r, m) = (raw.as_bytes(), masked.as_bytes());
    let mut ticks = memchr::memchr_iter(b'`', r).filter(|&i| m.get(i) == Some(&b' '));
    while let (Some(open), Some(close)) = (ticks.next(), ticks.next()) {
        spans.push((open, close + 1));
    }
}

/// Arrows that may open a plain-text target.
const ARROWS: [char; 9] = ['→', '←', '↔', '⇒', '⇐', '⇔', '➔', '⟶', '⟵'];

/// Where a code span that opens `raw` and names something (`` `x.md` ``,
/// `` `docs/guide` ``, `` `Client` ``, `` `mode: fast` ``) ends, when words
/// follow it: `` `Client` as a source of blocks `` names `Client`.
fn code_path_end(raw: &str) -> Option<usize> {
    let lead = raw.len() - raw.trim_start_ws().len();
    let inner = raw[lead..].strip_prefix('`')?;
    let close = memchr::memchr(b'`', inner.as_bytes())?;
    let path = &inner[..close];
    let named = !path.trim_ws().is_empty();
    let end = lead + 1 + close + 1;
    let words = raw[end..].trim_ws();
    let words_follow = raw[end..].starts_with(' ') && !words.is_empty();
    // `` `serde` and `tokio` ``: a conjunction joins names, says nothing
    // of the first one.
    let joined = ["and ", "or ", "& "].iter().any(|c| {
        words
            .get(..c.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(c))
    });
    (named && words_follow && !joined).then_some(end)
}

/// The names of `text` when it is only code spans joined by `and`, `or`
/// or `&` (`` `serde` and `tokio` ``), each with where its span starts;
/// `None` for anything else, one span included.
fn joined_code_names(text: &str) -> Option<Vec<(usize, &str)>> {
    if !text.starts_with('`') {
        return None;
    }
    let mut names = Vec::new();
    let mut at = 0;
    loop {
        let inner = text[at..].strip_prefix('`')?;
        let close = memchr::memchr(b'`', inner.as_bytes())?;
        let name = inner[..close].trim_ws();
        // `` `` ``: an empty span, or the double backticks of a span that
        // holds one, names nothing plainly.
        if name.is_empty() {
            return None;
        }
        names.push((at, name));
        at += 1 + close + 1;
        let rest = text[at..].trim_start_ws();
        if rest.is_empty() {
            break;
        }
        let rest = ["and ", "or ", "& "]
            .iter()
            .find_map(|c| {
                rest.get(..c.len())
                    .filter(|w| w.eq_ignore_ascii_case(c))
                    .map(|_| &rest[c.len()..])
            })?
            .trim_start_ws();
        at = text.len() - rest.len();
    }
    (names.len() > 1).then_some(names)
}

/// Replaces markdown links (`[text](url)`) in `s` by their text; `s`
/// itself when no link ends within it.
fn link_texts<'s>(s: &'s str, spans: &[(usize, usize)]) -> Cow<'s, str> {
    if spans.iter().all(|&(_, end)| end > s.len()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for &(start, end) in spans {
        if end > s.len() || start < at {
            continue;
        }
        out.push_str(&s[at..start]);
        let link = &s[start..end];
        match (link.strip_prefix('['), link.find("](")) {
            (Some(_), Some(close)) => out.push_str(&link[1..close]),
            _ => out.push_str(link),
        }
        at = end;
    }
    out.push_str(&s[at..]);
    Cow::Owned(out)
}

/// Splits what follows a target into note parts: `(…)` groups, each given
/// to `part`, then an introduced note or prose, which runs on (`open`):
/// that last part is returned, as written.
fn notes_after<'s>(after: &'s str, mut part: impl FnMut(&'s str)) -> Option<Tail<'s>> {
    let mut s = after;
    loop {
        s = trim_start_sp(s);
        // Emoji right after a target decorate it (`[[x]] ⚠️`).
        if let Some(n) = pictograph_len(s.as_bytes()) {
            s = &s[n..];
            continue;
        }
        if s.starts_with(['*', '_']) {
            s = s.trim_start_matches(['*', '_']).trim_start_ws();
        }
        if s.is_empty() {
            return None;
        }
        if s.starts_with(['(', '（']) {
            match matching_paren(s) {
                Some(g) => {
                    part(&s[g.inner..g.close]);
                    s = &s[g.end..];
                    continue;
                }
                None => {
                    return Some(Tail {
                        text: &s[s.chars().next().map_or(1, char::len_utf8)..],
                        introduced: false,
                    });
                }
            }
        }
        return Some(introduced_note(s).unwrap_or(Tail {
            text: s,
            introduced: false,
        }));
    }
}

/// The last note part after a target, which runs on to the end of the
/// bullet or the next target.
struct Tail<'s> {
    text: &'s str,
    /// Introduced by a dash or `via`, rather than by a colon or an arrow,
    /// or prose that directly follows the target (`[[x]] shows how …`).
    introduced: bool,
}

/// The note that a note introducer at the start of `s` opens. A dash or
/// `via` may introduce a note about a whole list; a colon or an arrow says
/// what the last target is or leads to.
fn introduced_note(s: &str) -> Option<Tail<'_>> {
    for (intro, introduced) in [
        ("—", true),
        ("–", true),
        ("→", false),
        ("->", false),
        ("--", true),
        ("- ", true),
        (":", false),
    ] {
        if let Some(r) = s.strip_prefix(intro) {
            return Some(Tail {
                text: trim_start_sp(r),
                introduced,
            });
        }
    }
    let lower = s.get(..4)?;
    lower.eq_ignore_ascii_case("via ").then(|| Tail {
        text: trim_start_sp(&s[4..]),
        introduced: true,
    })
}

/// The full-width parentheses of CJK text, `（` and `）`, in UTF-8: they
/// open and close a note as `(` and `)` do.
const WIDE_OPEN: [u8; 3] = [0xEF, 0xBC, 0x88];
const WIDE_CLOSE: [u8; 3] = [0xEF, 0xBC, 0x89];

/// A parenthesised group at the start of a text: `(…)` or `（…）`.
#[derive(Debug, PartialEq, Eq)]
struct Group {
    /// Where the inside starts and ends, and where the group ends.
    inner: usize,
    close: usize,
    end: usize,
}

/// The group that the `(` or `（` that `s` starts with opens, up to its
/// matching closer (either width closes either).
fn matching_paren(s: &str) -> Option<Group> {
    closing_paren(s.as_bytes())
}

/// [`matching_paren`] on bytes. The parentheses' bytes cannot occur
/// inside another UTF-8 sequence, so bytes do.
fn closing_paren(b: &[u8]) -> Option<Group> {
    let inner = paren_width(b, 0, b'(', WIDE_OPEN)?;
    let mut depth = 0usize;
    let mut i = 0;
    // Only the parentheses' bytes are looked at.
    while let Some(p) = memchr::memchr3(b'(', b')', 0xEF, &b[i..]) {
        i += p;
        if let Some(w) = paren_width(b, i, b'(', WIDE_OPEN) {
            depth += 1;
            i += w;
        } else if let Some(w) = paren_width(b, i, b')', WIDE_CLOSE) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(Group {
                    inner,
                    close: i,
                    end: i + w,
                });
            }
            i += w;
        } else {
            i += 1;
        }
    }
    None
}

/// The width of the parenthesis `ascii` or `wide` at `b[i]`, if one is there.
fn paren_width(b: &[u8], i: usize, ascii: u8, wide: [u8; 3]) -> Option<usize> {
    match b.get(i)? {
        &c if c == ascii => Some(1),
        0xEF if b.get(i..i + 3) == Some(&wide) => Some(3),
        _ => None,
    }
}

/// A note part trimmed of separators, dashes and lone punctuation (its
/// inner whitespace is folded when it is added to a note).
fn trim_note(s: &str) -> &str {
    let s = s.trim_ws();
    // Most parts start and end with a letter or digit: nothing to trim.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if s.is_empty() || plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        return s;
    }
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ',' | ';' | '.' | ':'))
        .trim_start_matches(['—', '–', '-'])
        .trim_ws();
    // An arrow that ends a note led to the target after it (`ads →
    // [[Ads]]`): it says nothing of its own.
    match LEADING_ARROWS.iter().find(|a| s.ends_with(*a)) {
        Some(a) => s[..s.len() - a.len()].trim_end_ws(),
        None => s,
    }
}

/// A note trimmed and folded; `None` when nothing is left.
fn clean_note(s: &str) -> Option<String> {
    let t = trim_note(s);
    (!t.is_empty()).then(|| collapse_ws(t))
}

/// A plain-text target name without emphasis, code ticks or end punctuation,
/// its whitespace folded.
fn clean_name(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| matches!(b, b'`' | b'*' | b'_')) {
        let t = crate::text::strip_emphasis_code(s);
        return Cow::Owned(trim_name(&t).to_owned());
    }
    // Without those, stripping emphasis only folds whitespace, which is
    // the same before or after trimming (the trimmed ends hold whitespace).
    collapse_ws_cow(trim_name(s))
}

/// A name trimmed of whitespace and end punctuation.
fn trim_name(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '"' | '\''))
}

/// Appends `s` to `out` with its whitespace folded as [`collapse_ws`]
/// folds it (trimmed, runs to one space).
fn push_collapsed(out: &mut String, s: &str) {
    out.push_str(&collapse_ws_cow(s));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::links::scan;

    /// Parses a bullet and renders its items as `target | note`.
    fn parse(s: &str) -> (Option<String>, Vec<String>) {
        let found = scan(s);
        let name = |t: &ItemTarget| match t {
            ItemTarget::Link(i) => match &found[*i].what {
                FoundKind::Page(l) => format!("[[{}]]", l.target),
                other => format!("{other:?}"),
            },
            ItemTarget::Text(t) => t.clone(),
        };
        let render = |items: &[Item]| {
            items
                .iter()
                .map(|i| match &i.note {
                    Some(n) => format!("{} | {n}", name(&i.target)),
                    None => name(&i.target),
                })
                .collect::<Vec<_>>()
        };
        match parse_bullet(s, s, 0, &found) {
            Some(Bullet::Typed { label, items, .. }) => (Some(label), render(&items)),
            Some(Bullet::Untyped { items })
            | Some(Bullet::EmptyLabel { items })
            | Some(Bullet::Prose { items, .. }) => (None, render(&items)),
            Some(Bullet::Name { name }) => (None, vec![format!("name:{name}")]),
            None => (None, vec![]),
        }
    }

    #[test]
    fn middle_dots_and_bullets_between_spaces_separate_targets() {
        assert_eq!(
            parse("**P:** [[a]] · [[b|B]] • [[c]]").1,
            ["[[a]]", "[[b]]", "[[c]]"]
        );
        // Glued, or inside a note or a name: not a separator.
        assert_eq!(parse("**P:** [[a]] (x · y)").1, ["[[a]] | x · y"]);
        assert_eq!(parse("**P:** 达·芬奇 · Ada").1, ["达·芬奇", "Ada"]);
        assert_eq!(parse("**P:** x•y").1, ["x•y"]);
        // Slashes and pipes between spaces; CJK list punctuation as it is.
        assert_eq!(
            parse("Requires: [[a]] / [[b]] (note) | [[c]]").1,
            ["[[a]]", "[[b]] | note", "[[c]]"]
        );
        assert_eq!(parse("**P:** Twitter/X — note").1, ["Twitter/X | note"]);
        assert_eq!(
            parse("**P:** competitive / economic pressures").1,
            ["competitive / economic pressures"]
        );
        assert_eq!(
            parse("**上游**: [[甲]]、[[乙]]，丙；丁｜[[戊]]").1,
            ["[[甲]]", "[[乙]]", "丙", "丁", "[[戊]]"]
        );
    }

    #[test]
    fn pictographs_before_a_bullet_decorate_it() {
        assert_eq!(
            parse("🔗 **Complements**: [[b]] (note)"),
            (Some("Complements".into()), vec!["[[b]] | note".into()])
        );
        assert_eq!(
            parse("⚡️ Depends on: [[c]]"),
            (Some("Depends on".into()), vec!["[[c]]".into()])
        );
        assert_eq!(parse("✅ [[d]] — done").1, ["[[d]] | done"]);
        // Item starts still count from the text as written.
        let text = "📄 **Part of**: [[x]]";
        let Some(Bullet::Typed { items, .. }) = parse_bullet(text, text, 0, &scan(text)) else {
            panic!("typed bullet expected");
        };
        assert_eq!(&text[items[0].start..], "[[x]]");
        // A letter is no pictograph; nor is a pictograph glued to a word.
        assert_eq!(parse("Ω **Uses**: [[b]]").0, None);
        assert_eq!(parse("🔗**Uses**: [[b]]").0, None);
    }

    #[test]
    fn a_full_width_colon_ends_a_label() {
        for s in [
            "**上游**：[[甲]]、[[乙]]",
            "**上游：** [[甲]]、[[乙]]",
            "上游：[[甲]]、[[乙]]",
        ] {
            let (l, t) = parse(s);
            assert_eq!(l.as_deref(), Some("上游"), "{s}");
            assert_eq!(t, ["[[甲]]", "[[乙]]"], "{s}");
        }
        // The first colon of either kind.
        assert_eq!(parse("Note: 中文：[[x]]").0.as_deref(), Some("Note"));
    }

    #[test]
    fn a_bold_name_without_a_link_is_a_plain_text_target() {
        assert_eq!(
            parse("**Share** — content engine (the viral loop).").1,
            ["Share | content engine (the viral loop)"]
        );
        assert_eq!(
            parse("**Dashboard** (community standing)").1,
            ["Dashboard | community standing"]
        );
        assert_eq!(parse("__Feed__ - ranking").1, ["Feed | ranking"]);
        assert_eq!(
            parse("**Workouts + Nutrition** — feed scores").1,
            ["Workouts | feed scores", "Nutrition | feed scores"]
        );
        // Alone, it may be the label of nested bullets.
        assert_eq!(parse("**Complements**").1, ["name:Complements"]);
        assert_eq!(parse("**_Complements_** ").1, ["name:Complements"]);
        // Not a name followed by a note: a word, a glued dash, prose.
        assert_eq!(parse("**Share**-based growth").1, Vec::<String>::new());
        assert_eq!(
            parse("**Extends** Soares (2015): more").1,
            Vec::<String>::new()
        );
        assert_eq!(parse("**** — x").1, Vec::<String>::new());
        assert_eq!(parse("**unclosed — x").1, Vec::<String>::new());
    }

    #[test]
    fn seed_complements_with_own_notes() {
        let (l, t) = parse(
            "**Complements**: [[Weibo]] (public discourse → private relationship funnel), [[Douyin]] (video awareness → deep content retention), [[Kuaishou]] (live streaming → community retention)",
        );
        assert_eq!(l.as_deref(), Some("Complements"));
        assert_eq!(
            t,
            [
                "[[Weibo]] | public discourse → private relationship funnel",
                "[[Douyin]] | video awareness → deep content retention",
                "[[Kuaishou]] | live streaming → community retention"
            ]
        );
    }

    #[test]
    fn seed_via_note() {
        let (l, t) = parse(
            "**Flows to**: [[WeCom]] via subscription → enterprise WeChat private domain conversion",
        );
        assert_eq!(l.as_deref(), Some("Flows to"));
        assert_eq!(
            t,
            ["[[WeCom]] | subscription → enterprise WeChat private domain conversion"]
        );
    }

    #[test]
    fn a_note_after_a_bare_list_is_about_every_target() {
        assert_eq!(
            parse("[[a]], [[b]] — both critiqued").1,
            ["[[a]] | both critiqued", "[[b]] | both critiqued"]
        );
        assert_eq!(
            parse("**Uses**: [[a]], [[b]] and [[c]] via the API").1,
            ["[[a]] | the API", "[[b]] | the API", "[[c]] | the API"]
        );
        assert_eq!(
            parse("**Compared to**: Twitter/X; Facebook — public feeds").1,
            ["Twitter/X | public feeds", "Facebook | public feeds"]
        );
        // A target with a note of its own: the author noted each one.
        assert_eq!(
            parse("[[a]] (first), [[b]] — second").1,
            ["[[a]] | first", "[[b]] | second"]
        );
        assert_eq!(
            parse("[[a]] — first, [[b]] — second").1,
            ["[[a]] | first", "[[b]] | second"]
        );
        // Prose that follows the last target is about that target.
        assert_eq!(
            parse("[[a]], [[b]] shows how").1,
            ["[[a]]", "[[b]] | shows how"]
        );
        // A colon or an arrow leads to what the last one is or does.
        assert_eq!(
            parse("[[a]], Chapter 6: Model Security").1,
            ["[[a]]", "Chapter 6 | Model Security"]
        );
        assert_eq!(parse("[[a]], [[b]] → [[c]]").1, ["[[a]]", "[[b]] | [[c]]"]);
        assert_eq!(parse("[[a]], [[b]] -> [[c]]").1, ["[[a]]", "[[b]] | [[c]]"]);
        // Copies of a long note past the bound of a prose bullet's: the
        // last target's alone.
        let many: Vec<String> = (0..100).map(|i| format!("[[p{i}]]")).collect();
        let long = "x".repeat(MAX_REPEATED_NOTE / 50);
        let (_, t) = parse(&format!("{} — {long}", many.join(", ")));
        assert_eq!(t.iter().filter(|t| t.contains(" | ")).count(), 1);
    }

    #[test]
    fn a_clause_after_a_comma_qualifies_the_target_before_it() {
        assert_eq!(
            parse("**Analogous to**: drift dynamics, though distinct — [[w]] differs").1,
            ["drift dynamics | though distinct — [[w]] differs"]
        );
        // The clause runs on as a dash note does; its link is a mention.
        assert_eq!(
            parse(r#"**Cases**: x is "fine for now, but such things could well shade into something else later""#).1,
            // (its closing quote trimmed as end punctuation)
            [r#"x is "fine for now, but such things could well shade into something else later"#]
        );
        assert_eq!(
            parse("**Uses**: [[a]], which wraps [[b]], Redis").1,
            ["[[a]] | which wraps [[b]], Redis"]
        );
        // A name that starts with such a word is still a name, and a
        // capital starts a name.
        assert_eq!(
            parse("**Uses**: [[a]], Whichever").1,
            ["[[a]]", "Whichever"]
        );
        assert_eq!(
            parse("**Books**: [[Dune]], Which Way West").1,
            ["[[Dune]]", "Which Way West"]
        );
        // `especially` singles out a link as a further target.
        assert_eq!(
            parse("**Inspired by**: [[a]], especially [[b]]").1,
            ["[[a]]", "[[b]] | especially"]
        );
    }

    #[test]
    fn seed_plain_text_target_with_dash_note() {
        let (l, t) = parse(
            "**Compared to**: Twitter/X — similar content publishing format but fundamentally different in communication model (opt-in private relationship vs. public follow feed)",
        );
        assert_eq!(l.as_deref(), Some("Compared to"));
        assert_eq!(
            t,
            [
                "Twitter/X | similar content publishing format but fundamentally different in communication model (opt-in private relationship vs. public follow feed)"
            ]
        );
    }

    #[test]
    fn label_colon_inside_bold_and_underscores() {
        assert_eq!(parse("**Requires:** [[a]]").0.as_deref(), Some("Requires"));
        assert_eq!(parse("__Part of__: [[a]]").0.as_deref(), Some("Part of"));
        assert_eq!(parse("**_Part_ of**: [[a]]").0.as_deref(), Some("Part of"));
    }

    #[test]
    fn plain_label() {
        let (l, t) = parse("Subtypes: [[a]], [[b]] (sycophantic deception), [[c]]");
        assert_eq!(l.as_deref(), Some("Subtypes"));
        assert_eq!(t, ["[[a]]", "[[b]] | sycophantic deception", "[[c]]"]);
    }

    #[test]
    fn plain_label_rejects_sentences_and_urls() {
        assert_eq!(parse("See https://x.org for [[a]]").0, None);
        assert_eq!(
            parse("This is a long sentence that explains: [[a]]").0,
            None
        );
        assert_eq!(parse("Builds directly on [[x]]: \"quote\"").0, None);
    }

    #[test]
    fn separators_semicolon_and_plus() {
        assert_eq!(
            parse("Decomposed into: [[a]] + [[b]]").1,
            ["[[a]]", "[[b]]"]
        );
        assert_eq!(parse("**Rel**: [[a]]; [[b]] (n)").1, ["[[a]]", "[[b]] | n"]);
    }

    #[test]
    fn note_holding_a_link_is_not_a_target() {
        let (_, t) = parse("Leads to: [[a]] (via [[b]])");
        assert_eq!(t, ["[[a]] | via [[b]]"]);
    }

    #[test]
    fn mixed_link_and_plain_text_targets() {
        let (_, t) = parse(
            "Measured by: [[m]] ([[p]] — binary per-scene flag), consistency checks (Fluri et al. 2023)",
        );
        assert_eq!(
            t,
            [
                "[[m]] | [[p]] — binary per-scene flag",
                "consistency checks | Fluri et al. 2023"
            ]
        );
    }

    #[test]
    fn plain_targets_with_citations_in_parens() {
        let (_, t) = parse(
            "**Compared to**: QLBS (Halperin, 2020), reward shaping (Devlin & Kudenko, 2011)",
        );
        assert_eq!(
            t,
            [
                "QLBS | Halperin, 2020",
                "reward shaping | Devlin & Kudenko, 2011"
            ]
        );
    }

    #[test]
    fn dash_note_absorbs_later_plain_segments() {
        let (_, t) = parse("**Rel**: [[a]] — does x, y and z, [[b]]");
        assert_eq!(t, ["[[a]] | does x, y and z", "[[b]]"]);
    }

    #[test]
    fn plain_target_whose_note_holds_links() {
        let (_, t) = parse("**Contrasts with**: public traffic — paid feeds on [[Douyin]]");
        assert_eq!(t, ["public traffic | paid feeds on [[Douyin]]"]);
        let (_, t) = parse("**Builds on**: the work of [[X]]");
        assert_eq!(t, ["[[X]] | the work of"]);
    }

    #[test]
    fn paren_and_dash_notes_are_both_kept() {
        let (_, t) = parse("**Rel**: [[a]] (first) — second");
        assert_eq!(t, ["[[a]] | first; second"]);
    }

    #[test]
    fn prose_after_target_is_its_note() {
        let (_, t) = parse("**Rel**: [[a]] shows how things work.");
        assert_eq!(t, ["[[a]] | shows how things work"]);
    }

    #[test]
    fn bold_link_bullet_is_related_with_note() {
        let (l, t) = parse("**[[sources/x]]**: \"a quoted finding\"");
        assert_eq!(l, None);
        assert_eq!(t, ["[[sources/x]] | \"a quoted finding\""]);
    }

    #[test]
    fn untyped_link_with_dash_note() {
        let (l, t) = parse("[[X]] — how they relate");
        assert_eq!(l, None);
        assert_eq!(t, ["[[X]] | how they relate"]);
    }

    #[test]
    fn a_surname_and_its_initials_are_one_name() {
        let (_, t) = parse("**References**: Stoikov, S. (2018). \"The Micro-Price\"");
        assert_eq!(t, ["Stoikov, S | 2018; \"The Micro-Price\""]);
        let (_, t) = parse("**By**: Smith, J. R. (2020); Doe, A.-B. (2021)");
        assert_eq!(t, ["Smith, J. R | 2020", "Doe, A.-B | 2021"]);
        // Initials before anything else are no author's.
        let (_, t) = parse("**Uses**: Python, R. Also C, D.");
        assert_eq!(t, ["Python", "R. Also C", "D"]);
    }

    #[test]
    fn a_note_keeps_its_separators_as_written() {
        // The commas of a number and of a clause, and CJK list marks, are
        // the note's own text: no space is added after them.
        let (_, t) = parse("[[X]] — systematic evaluation: ~13,600 questions, 12 tasks");
        assert_eq!(
            t,
            ["[[X]] | systematic evaluation: ~13,600 questions, 12 tasks"]
        );
        let (_, t) = parse("[[X]] — 提供的可更新、可溯源非参数记忆，是该闭环；其余");
        assert_eq!(
            t,
            ["[[X]] | 提供的可更新、可溯源非参数记忆，是该闭环；其余"]
        );
        // Runs of spaces are still one space.
        let (_, t) = parse("[[X]] (a)  —  does x,   y  and z");
        assert_eq!(t, ["[[X]] | a; does x, y and z"]);
    }

    #[test]
    fn prose_bullet_links_are_related_with_the_bullet_as_note() {
        let (l, t) = parse("Builds directly on [[x]] (note).");
        assert_eq!(l, None);
        assert_eq!(t, ["[[x]] | Builds directly on [[x]] (note)."]);
    }

    /// A prose bullet of many links is the note of each while its copies
    /// stay within [`MAX_REPEATED_NOTE`], else of its first link only.
    #[test]
    fn a_long_prose_bullet_is_the_note_of_its_first_link_only() {
        let prose = |links: usize| {
            let text = format!(
                "Builds on {}.",
                (0..links)
                    .map(|i| format!("[[t{i}]]"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            );
            let found = scan(&text);
            match parse_bullet(&text, &text, 0, &found) {
                Some(Bullet::Prose { items, repeated }) => (
                    text.len(),
                    items.iter().filter(|i| i.note.is_some()).count(),
                    items.len(),
                    repeated,
                ),
                other => panic!("{other:?}"),
            }
        };
        let (len, notes, links, repeated) = prose(3);
        assert_eq!((notes, links, repeated), (3, 3, true));
        assert!(len * 2 <= MAX_REPEATED_NOTE);
        // 16-byte links: 20,000 of them make a 320 kB bullet.
        let (len, notes, links, repeated) = prose(20_000);
        assert!(len * (links - 1) > MAX_REPEATED_NOTE);
        assert_eq!((notes, links, repeated), (1, 20_000, false));
    }

    #[test]
    fn bold_phrase_without_colon_is_untyped() {
        let (l, t) = parse("**Key idea** relates to [[x]]");
        assert_eq!(l, None);
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn qualifier_after_a_label_goes_to_every_note() {
        let (l, t) = parse(
            "Has subtypes (Shi et al. 2025 dimension): [[concepts/a]], [[concepts/b]] (own note)",
        );
        assert_eq!(l.as_deref(), Some("Has subtypes"));
        assert_eq!(
            t,
            [
                "[[concepts/a]] | Shi et al. 2025 dimension",
                "[[concepts/b]] | Shi et al. 2025 dimension; own note"
            ]
        );
        let (l, t) = parse("**Part of** (since 2020): [[Tencent]]");
        assert_eq!(l.as_deref(), Some("Part of"));
        assert_eq!(t, ["[[Tencent]] | since 2020"]);
    }

    #[test]
    fn prose_is_one_plain_target_not_a_list() {
        let (l, t) = parse(
            "Empirical: Opus 4.5, Sonnet 4.5, and Grok 4 show recurring evaluation awareness across Bloom benchmarks (Fronsdal et al. 2025)",
        );
        assert_eq!(l.as_deref(), Some("Empirical"));
        assert_eq!(
            t,
            [
                "Opus 4.5, Sonnet 4.5, and Grok 4 show recurring evaluation awareness across Bloom benchmarks | Fronsdal et al. 2025"
            ]
        );
        // Short names stay a list, and `and` before the last one goes.
        let (_, t) = parse("**Enables**: recovery from poisoning, integrity checks, and audits");
        assert_eq!(t, ["recovery from poisoning", "integrity checks", "audits"]);
        // `;` separates on purpose, however long the items.
        let (_, t) = parse(
            "Evidenced by: a pivot; the ratio of capability papers to safety papers cited by the survey",
        );
        assert_eq!(
            t,
            [
                "a pivot",
                "the ratio of capability papers to safety papers cited by the survey"
            ]
        );
    }

    #[test]
    fn label_without_targets() {
        let (l, t) = parse("**Complements**:");
        assert_eq!(l.as_deref(), Some("Complements"));
        assert!(t.is_empty());
    }

    #[test]
    fn markdown_link_target() {
        let (_, t) = parse("**Guide**: [Agent Eval guide](../guides/agent-eval.md) (how to)");
        assert_eq!(t, ["[[../guides/agent-eval.md]] | how to"]);
    }

    #[test]
    fn plain_only_targets() {
        let (_, t) =
            parse("**Enables**: Recovery from poisoning attacks, model integrity restoration");
        assert_eq!(
            t,
            [
                "Recovery from poisoning attacks",
                "model integrity restoration"
            ]
        );
        let (_, t) = parse("**Used by**: orchestrator (via hooks)");
        assert_eq!(t, ["orchestrator | via hooks"]);
    }

    #[test]
    fn url_link_in_plain_target_reads_as_its_text() {
        let (_, t) = parse(
            "**Source**: Adapted from [gstack](https://github.com/x/gstack); /design pattern",
        );
        assert_eq!(t, ["Adapted from gstack", "/design pattern"]);
    }

    #[test]
    fn a_link_to_no_page_in_plain_target_reads_as_its_text() {
        let (_, t) = parse("**Uses**: [the assets](assets/) (images), [licence](LICENSE.txt)");
        assert_eq!(t, ["the assets | images", "licence"]);
    }

    #[test]
    fn no_links_no_label_says_nothing() {
        assert_eq!(parse("just some prose"), (None, vec![]));
    }

    /// The one-pass search finds what a search per introducer finds,
    /// spans and overlapping introducers included.
    #[test]
    fn plain_name_end_agrees_with_a_search_per_introducer() {
        fn reference(raw: &str, spans: &[(usize, usize)]) -> usize {
            let outside = |p: usize| !spans.iter().any(|&(s, e)| s <= p && p < e);
            let mut best = raw.len();
            for intro in ["(", " — ", " – ", " -- ", " - ", " via ", ": ", "—", "–"] {
                let opens = |p: usize| outside(p) && !joins_words(raw, p, intro.len());
                if let Some((p, _)) = raw.match_indices(intro).find(|(p, _)| opens(*p)) {
                    best = best.min(p);
                }
            }
            best
        }
        use proptest::prelude::*;
        let text = "[a-c (:—–-]{0,3}( - | -- | — | – | via |: |—|–|\\(|v|i|a|x| ){0,10}";
        proptest!(ProptestConfig::with_cases(3000), |(raw in text, cuts in prop::collection::vec((0usize..40, 0usize..6), 0..3))| {
            let spans: Vec<(usize, usize)> = cuts.iter().map(|&(s, l)| (s, s + l)).collect();
            prop_assert_eq!(plain_name_end(&raw, &spans), reference(&raw, &spans), "{:?} {:?}", raw, spans);
        });
    }

    /// A bullet after its list marker reads as its text alone, with item
    /// starts counted from the text.
    #[test]
    fn links_are_read_where_they_are_on_the_line() {
        for text in [
            "**Part of**: [[A#x]] (via [[B]]), Commerce (funnel)",
            "Compared to: Content search — review program",
            "Builds directly on [[C]] (note).",
            "[[D]] — how they relate",
        ] {
            let line = format!("  - {text}");
            let alone = parse_bullet(text, text, 0, &scan(text));
            let after = parse_bullet(&line, &line, 4, &scan(&line));
            assert!(alone.is_some());
            assert_eq!(alone, after, "{text}");
        }
    }

    /// Text for the helpers: ASCII words, punctuation, ASCII and Unicode
    /// whitespace, and characters whose UTF-8 starts as Unicode whitespace
    /// does (dashes, arrows).
    const TEXT: &str = "[ab *_`.,;:'\"()\\[\\] \t\n\u{0b}\u{85}\u{a0}\u{1680}\u{2000}\u{2028}\u{3000}—–→é微-]{0,16}";

    /// `Segments` as it was first written: a byte at a time, into a Vec.
    fn segments_reference(
        masked: &str,
        found: &[Found],
        from: usize,
        to: usize,
    ) -> Vec<(usize, usize, &'static str)> {
        let b = masked.as_bytes();
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut seg_start = from;
        let mut sep: &'static str = "";
        let mut i = from;
        let first = found.partition_point(|f| f.start < from);
        let mut links = found[first..].iter().take_while(|f| f.end <= to).peekable();
        while i < to {
            if let Some(f) = links.peek()
                && f.start <= i
            {
                let f = links.next().unwrap();
                i = i.max(f.end);
                // Links side by side with only spaces and notes between,
                // the first leading its segment, are a list.
                if depth == 0
                    && let Some(next) = links.peek()
                    && next.end <= to
                    && b[seg_start..f.start].iter().all(|c| b" *_".contains(c))
                    && stands_alone(b, next.end)
                {
                    let gap = &b[f.end..next.start];
                    let end = gap.len() - gap.iter().rev().take_while(|&&c| c == b' ').count();
                    if only_notes(&gap[..end]) {
                        out.push((seg_start, f.end + end, sep));
                        sep = " and ";
                        seg_start = next.start;
                        i = next.start;
                    }
                }
                continue;
            }
            let mut cut = None;
            let spaced = |w: usize| i > from && b[i - 1] == b' ' && b.get(i + w) == Some(&b' ');
            match b[i] {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ if depth > 0 => {}
                b',' => cut = Some(", "),
                b';' => cut = Some("; "),
                _ => {
                    let link_next = links.peek().is_some_and(|f| f.start == i + 2);
                    for (written, spaces, sep) in [
                        ("+", true, " + "),
                        ("/", true, " / "),
                        ("|", true, " | "),
                        ("·", true, " · "),
                        ("•", true, " • "),
                        ("、", false, "、"),
                        ("，", false, "，"),
                        ("；", false, "；"),
                        ("｜", false, "｜"),
                    ] {
                        let slash = matches!(written, "/" | "|");
                        if b[i..].starts_with(written.as_bytes())
                            && (!spaces || spaced(written.len()))
                            && (!slash || link_next)
                        {
                            cut = Some(sep);
                        }
                    }
                }
            }
            if let Some(s) = cut {
                let width = s.trim_matches(' ').len();
                out.push((seg_start, i, sep));
                sep = s;
                seg_start = i + width;
                i += width;
                continue;
            }
            i += 1;
        }
        out.push((seg_start, to, sep));
        out
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn segments_split_as_a_byte_at_a_time(
            s in "([a ,;+/|()\\[\\]]|\\[\\[x\\]\\]|\\[t\\]\\(y\\.md\\)| \\+ | / | \\| | · | • |·|、|，|；|｜|é|微){0,12}",
            cut in 0usize..40,
        ) {
            let found = scan(&s);
            let from = cut.min(s.len());
            let got: Vec<_> = Segments::new(&s, &found, from, s.len())
                .map(|g| (g.start, g.end, g.sep))
                .collect();
            prop_assert_eq!(got, segments_reference(&s, &found, from, s.len()));
        }

        #[test]
        fn find_double_is_str_find(s in "[a*_ é]{0,12}") {
            prop_assert_eq!(find_short(s.as_bytes(), b"**"), s.find("**"));
            prop_assert_eq!(find_short(s.as_bytes(), b"__"), s.find("__"));
        }

        #[test]
        fn plain_colon_is_the_first_colon_before_whitespace(s in "[a: \t\u{0b}/é]{0,12}") {
            let reference = || {
                for (i, _) in s.match_indices(':') {
                    match s[i + 1..].chars().next() {
                        Some(':') => return None,
                        Some(c) if !c.is_ascii_whitespace() => {}
                        _ => return Some(i),
                    }
                }
                None
            };
            prop_assert_eq!(plain_colon(&s), reference());
        }

        #[test]
        fn matching_paren_by_bytes_is_by_chars(s in "[(（][()（）aé微 ]{0,12}") {
            let reference = || {
                let mut depth = 0usize;
                for (i, c) in s.char_indices() {
                    match c {
                        '(' | '（' => depth += 1,
                        ')' | '）' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                return Some(i);
                            }
                        }
                        _ => {}
                    }
                }
                None
            };
            prop_assert_eq!(matching_paren(&s).map(|g| g.close), reference());
        }

        #[test]
        fn shortcut_trims_are_the_std_trims(s in TEXT) {
            prop_assert_eq!(trim_start_sp(&s), s.trim_start());
            let note = s
                .trim()
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | ',' | ';' | '.' | ':'))
                .trim_start_matches(['—', '–', '-'])
                .trim();
            let note = LEADING_ARROWS
                .iter()
                .find_map(|a| note.strip_suffix(a))
                .map_or(note, str::trim_end);
            prop_assert_eq!(trim_note(&s), note);
        }

        #[test]
        fn push_collapsed_is_collapse_ws(s in TEXT, before in "[a ]{0,3}") {
            let mut out = before.clone();
            push_collapsed(&mut out, &s);
            prop_assert_eq!(out, format!("{before}{}", collapse_ws(&s)));
        }

        /// Notes are each cleaned (trimmed, then folded) and joined; a
        /// note trimmed twice is what a note cleaned twice was.
        #[test]
        fn notes_are_cleaned_parts_joined(parts in prop::collection::vec(TEXT, 0..4)) {
            let mut note = None;
            for p in &parts {
                add_note(&mut note, p);
            }
            let cleaned: Vec<String> = parts.iter().filter_map(|p| clean_note(p)).collect();
            prop_assert_eq!(note, (!cleaned.is_empty()).then(|| cleaned.join("; ")));
            let mut twice = None;
            add_note(&mut twice, trim_note(&parts.concat()));
            prop_assert_eq!(twice, clean_note(&parts.concat()).and_then(|n| clean_note(&n)));
        }

        #[test]
        fn clean_name_is_strip_emphasis_then_trim(s in TEXT) {
            let reference = crate::text::strip_emphasis_code(&s)
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '"' | '\''))
                .to_owned();
            prop_assert_eq!(clean_name(&s), reference);
        }
    }
}
