//! Inline links on one line of text: wikilinks, embeds, markdown links to
//! local pages, and URLs. The line given is already masked (code spans and
//! comments blanked), so nothing here needs to know about code.

use super::{Link, LinkForm};
use crate::text::TrimExt;
use memchr::memmem;
use percent_encoding::percent_decode_str;
use regex::Regex;
use std::sync::LazyLock;

/// A link found on a line, with its byte range in that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the first character (`!` of an embed, `#` of a
    /// Logseq tag `#[[x]]`, `[` otherwise).
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What the link says.
    pub what: FoundKind,
}

/// The kinds of inline link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FoundKind {
    /// A link to a page (`[[x]]`, `![[x]]`, `[t](x.md)`).
    Page(Link),
    /// A link to an external URL (`[t](https://…)`); only citations use these.
    Url(String),
    /// Something that looks like a link but cannot be read; the string says why.
    Broken(String),
    /// A link to a file of the wiki that is not a page (`![[diagram.png]]`,
    /// `[[paper.pdf]]`, `![plot](img/plot.svg)`): its path, as written.
    Attachment(String),
}

/// A substring searcher built once, for searches that run on every page
/// (`str::contains` would build one per call).
pub type Needle = LazyLock<memmem::Finder<'static>>;

/// Where a text next holds a rare mark (a needle, or a byte that opens
/// something), for lines that ask in order whether they hold one. The text
/// is searched from a line only when the mark found last lies before it:
/// once over in all, which costs less than a search per line (most lines
/// hold none), and nothing is stored.
#[derive(Debug, Clone)]
pub struct Marks<'a> {
    text: &'a [u8],
    /// The offset of the first mark in a slice of the text.
    find: fn(&[u8]) -> Option<usize>,
    /// The first mark at or after the point last searched from
    /// (`usize::MAX` once none is left); `None` before the first search.
    next: Option<usize>,
}

impl<'a> Marks<'a> {
    /// The marks of `text` that `find` finds.
    pub fn new(text: &'a str, find: fn(&[u8]) -> Option<usize>) -> Self {
        Marks {
            text: text.as_bytes(),
            find,
            next: None,
        }
    }

    /// True when a mark lies in `start..end`. Ranges are asked in order:
    /// each starts at or after the start of the one before.
    #[inline]
    pub fn within(&mut self, start: usize, end: usize) -> bool {
        self.first_within(start, end).is_some()
    }

    /// The first mark in `start..end`, asked as [`Marks::within`] is.
    #[inline]
    pub fn first_within(&mut self, start: usize, end: usize) -> Option<usize> {
        let next = match self.next {
            Some(m) if m >= start => m,
            _ => {
                let m = self
                    .text
                    .get(start..)
                    .and_then(self.find)
                    .map_or(usize::MAX, |k| start + k);
                self.next = Some(m);
                m
            }
        };
        (next < end).then_some(next)
    }
}

/// True when the byte at `at` is escaped: an odd run of backslashes
/// comes before it (`\\[` is a backslash, then a bracket).
pub(crate) fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Scans a masked line for links, left to right, in one pass.
pub fn scan(line: &str) -> Vec<Found> {
    let mut out = Vec::new();
    scan_into(line, &mut out);
    out
}

/// [`scan`] into `out`, which is cleared first (a caller that scans line
/// after line reuses one list).
pub fn scan_into(line: &str, out: &mut Vec<Found>) {
    match memchr::memchr(b'[', line.as_bytes()) {
        Some(first) => scan_from(line, first, out),
        None => out.clear(),
    }
}

/// [`scan_into`] of a line that holds no `[` before `first` (usually one
/// is there: the caller found it).
pub(crate) fn scan_from(line: &str, first: usize, out: &mut Vec<Found>) {
    out.clear();
    let b = line.as_bytes();
    if first >= b.len() {
        return;
    }
    // Cheap guards that keep hostile lines linear: no `]]` left means no
    // wikilink can close; no `](` left means no markdown link.
    let mut wikilinks_possible = true;
    // Where the next `](` is: looked for only when a `[` that may open a
    // markdown link is met (most lines have none).
    let mut dest_opens = Marks::new(line, dest_open);
    let mut i = first;
    // Only `[` starts a link: jump from one to the next (from `first`
    // without a search; a byte other than `[` there is passed over).
    let mut next = Some(0);
    while let Some(skip) = next
        .take()
        .or_else(|| memchr::memchr(b'[', &b[i.min(b.len())..]))
    {
        i += skip;
        if i > 0 && b[i - 1] == b'\\' && escaped(b, i) {
            // `\[[[x]]\]`: an escaped bracket is text, the link after it a link.
            i += 1;
            continue;
        }
        match b[i] {
            b'[' if b.get(i + 1) == Some(&b'[') => {
                // `[[name](path.md)]`: a markdown link in brackets, whose
                // `[[` closes nowhere or in a later link (asked only then,
                // and only when a `](` follows).
                let wrapped = |i: usize| {
                    let (end, dest) = markdown_link(line, i + 1)?;
                    let what = classify_destination(dest, false)
                        .or_else(|| local_file(dest, false).map(FoundKind::Attachment))?;
                    Some((end, what))
                };
                let ends = if wikilinks_possible {
                    wikilink_end(b, i)
                } else {
                    None
                };
                if ends.is_none_or(|(open, _)| open > i)
                    && dest_opens.within(i, b.len())
                    && let Some((end, what)) =
                        wrapped(i).filter(|&(end, _)| ends.is_none_or(|(open, _)| end <= open))
                {
                    // No `]]` after this `[[`: none later closes either.
                    if ends.is_none() {
                        wikilinks_possible = false;
                    }
                    // The outer brackets go with the link, when both are there.
                    let (start, end) = if b.get(end) == Some(&b']') {
                        (i, end + 1)
                    } else {
                        (i + 1, end)
                    };
                    out.push(Found { start, end, what });
                    i = end;
                    continue;
                }
                if !wikilinks_possible {
                    i += 2;
                    continue;
                }
                let Some((open, close)) = ends else {
                    out.push(Found {
                        start: i,
                        end: i + 2,
                        what: FoundKind::Broken("unclosed `[[`".into()),
                    });
                    wikilinks_possible = false;
                    i += 2;
                    continue;
                };
                // `[[7]](https://…)` is a markdown link whose text is `[7]`
                // (a footnote-style citation), not a wikilink.
                if open == i
                    && b.get(close + 2) == Some(&b'(')
                    && let Some((end, what)) = bracketed_markdown_link(line, i)
                {
                    out.push(Found {
                        start: i,
                        end,
                        what,
                    });
                    i = end;
                    continue;
                }
                // `open` may be later than `i` for nested `[[a [[b]] c]]`.
                let inner = &line[open + 2..close];
                // Logseq's embed macro `{{embed [[x]]}}` is the embed
                // `![[x]]`: its braces go with the link, so that they are
                // no note around it.
                let macro_span = logseq_embed(b, open, close + 2);
                let embed = macro_span.is_some() || (open > 0 && b[open - 1] == b'!');
                // Logseq's tag `#[[x]]` is the link `[[x]]`: its `#` goes
                // with it, so that it is no note before the link.
                let tag = !embed
                    && open > 0
                    && b[open - 1] == b'#'
                    && (open == 1 || b[open - 2].is_ascii_whitespace() || b[open - 2] == b'(');
                let (start, end) = match macro_span {
                    Some(span) => span,
                    None if embed || tag => (open - 1, close + 2),
                    None => (open, close + 2),
                };
                let what = match parse_wikilink(inner, embed) {
                    Ok(Some(link)) => Some(FoundKind::Page(link)),
                    Ok(None) => wikilink_attachment(inner).map(FoundKind::Attachment),
                    Err(why) => Some(FoundKind::Broken(why)),
                };
                if let Some(what) = what {
                    out.push(Found { start, end, what });
                }
                i = end;
            }
            b'[' if dest_opens.within(i, b.len()) => {
                let image = i > 0 && b[i - 1] == b'!';
                match markdown_link(line, i) {
                    Some((end, dest)) => {
                        let what = if image {
                            local_file(dest, true).map(FoundKind::Attachment)
                        } else {
                            classify_destination(dest, true)
                                .or_else(|| local_file(dest, false).map(FoundKind::Attachment))
                        };
                        if let Some(what) = what {
                            out.push(Found {
                                start: i,
                                end,
                                what,
                            });
                        }
                        i = end;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
}

/// The first `](` of `b`, where a markdown link's destination opens.
fn dest_open(b: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b']', b).find(|&k| b.get(k + 1) == Some(&b'('))
}

/// `[[text]](dest)` at `start`, whose `]]` is directly followed by `(`
/// (and whose text holds no `[[`): a markdown link whose text is itself in
/// brackets. Only a destination that is a URL or a page counts, so that
/// `[[x]](note)` stays a wikilink.
fn bracketed_markdown_link(line: &str, start: usize) -> Option<(usize, FoundKind)> {
    let (end, dest) = markdown_link(line, start)?;
    Some((end, classify_destination(dest, false)?))
}

/// The file a wikilink's inside names when it is an attachment
/// (`diagram.png|300`, `paper.pdf#page=3`), for the links
/// [`parse_wikilink`] makes no page link of.
fn wikilink_attachment(inner: &str) -> Option<String> {
    let (pipe, hash) = separators(inner.as_bytes());
    let target = pipe.map_or(inner, |p| {
        inner[..p].strip_suffix('\\').unwrap_or(&inner[..p])
    });
    let path = hash.map_or(target, |h| &target[..h]).trim_ws();
    is_attachment(path).then(|| path.to_owned())
}

/// The local file a markdown link's destination names, percent-decoded:
/// any file for an image (`![plot](img/plot.svg)`), else a file of an
/// attachment type (`[paper](papers/x.pdf)`). `None` for URLs, anchors
/// within the page and pages.
fn local_file(dest: &str, image: bool) -> Option<String> {
    let dest = dest.trim_ws();
    let dest = dest
        .strip_prefix('<')
        .and_then(|d| d.strip_suffix('>'))
        .unwrap_or(dest);
    if dest.is_empty() || dest.starts_with('#') || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    let path = memchr::memchr2(b'#', b'?', dest.as_bytes()).map_or(dest, |p| &dest[..p]);
    if path.is_empty() || !(image || is_attachment(path)) {
        return None;
    }
    Some(percent_decoded(path))
}

/// Finds the `[[` that opens the link ending at the first `]]` after `from`,
/// and that `]]`. The innermost `[[` wins, so `[[a [[b]] c]]` reads `b`, and
/// of a run of brackets the last two open the link: Neuron's `[[[x]]]` and
/// `[[[x]] in brackets]` read `x`.
fn wikilink_end(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut open = from;
    while b.get(open + 1) == Some(&b'[') && b.get(open + 2) == Some(&b'[') {
        open += 1;
    }
    let mut j = open + 2;
    while j + 1 < b.len() {
        // Jump to the next bracket that has a byte after it.
        j += memchr::memchr2(b'[', b']', &b[j..b.len() - 1])?;
        if b[j] == b'[' && b[j + 1] == b'[' {
            open = j;
            j += 1;
            continue;
        }
        if b[j] == b']' && b[j + 1] == b']' {
            return Some((open, j));
        }
        j += 1;
    }
    None
}

/// The span of Logseq's embed macro around the wikilink `b[open..end]`
/// (`{{embed [[x]]}}`, spaces allowed inside the braces), or `None`.
fn logseq_embed(b: &[u8], open: usize, end: usize) -> Option<(usize, usize)> {
    const NAME: &[u8] = b"embed";
    // Asked of every wikilink: most have no `d ` before them (told with
    // two compares), the end of `{{embed `.
    if open < 2 || b[open - 1] != b' ' || !matches!(b[open - 2], b'd' | b' ') {
        return None;
    }
    let before = b[..open].trim_ascii_end();
    if !before.ends_with(NAME) {
        return None;
    }
    let braces = before[..before.len() - NAME.len()].trim_ascii_end();
    let start = braces.len().checked_sub(2)?;
    if &braces[start..] != b"{{" {
        return None;
    }
    let after = b[end..].trim_ascii_start();
    after
        .starts_with(b"}}")
        .then(|| (start, b.len() - after.len() + 2))
}

/// Reads the inside of `[[…]]`. `Ok(None)` is a link within the same page
/// (`[[#Heading]]`), which makes no edge.
pub fn parse_wikilink(inner: &str, embed: bool) -> Result<Option<Link>, String> {
    let (pipe, hash) = separators(inner.as_bytes());
    // An alias pipe escaped inside a table cell (`[[x\|Alias]]`) is still the
    // alias separator.
    let (target, display) = match pipe {
        Some(p) => {
            let t = &inner[..p];
            let t = t.strip_suffix('\\').unwrap_or(t);
            (t, Some(inner[p + 1..].trim_ws()))
        }
        None => (inner, None),
    };
    let (path, anchor) = match hash {
        Some(h) => (&target[..h], Some(target[h + 1..].trim_ws())),
        None => (target, None),
    };
    let path = path.trim_ws();
    if path.is_empty() {
        return match anchor {
            Some(a) if !a.is_empty() => Ok(None),
            _ => Err(format!("empty link `[[{inner}]]`")),
        };
    }
    if is_attachment(path) {
        // `![[diagram.png|300]]`, `[[report.pdf]]`: files, not pages.
        return Ok(None);
    }
    Ok(Some(Link {
        target: path.to_owned(),
        anchor: anchor.filter(|a| !a.is_empty()).map(Box::from),
        display: display.filter(|d| !d.is_empty()).map(Box::from),
        form: if embed {
            LinkForm::Embed
        } else {
            LinkForm::Wiki
        },
    }))
}

/// The first `|` of a wikilink's inside, and the first `#` before it: one
/// search for either, and a second only after a `#` (most links have
/// neither).
fn separators(b: &[u8]) -> (Option<usize>, Option<usize>) {
    match memchr::memchr2(b'|', b'#', b) {
        Some(h) if b[h] == b'#' => (memchr::memchr(b'|', &b[h..]).map(|p| h + p), Some(h)),
        first => (first, None),
    }
}

/// Extensions of files that wikis embed or link but that are not pages
/// (Obsidian's attachment types, plus common documents and archives).
const ATTACHMENTS: &[&str] = &[
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "bmp",
    "avif",
    "ico",
    "tif",
    "tiff",
    "heic",
    "pdf",
    "mp3",
    "wav",
    "ogg",
    "m4a",
    "flac",
    "webm",
    "mp4",
    "mov",
    "mkv",
    "avi",
    "ogv",
    "3gp",
    "canvas",
    "excalidraw",
    "base",
    "csv",
    "xlsx",
    "xls",
    "docx",
    "doc",
    "pptx",
    "zip",
    "json",
    "txt",
];

/// The length of the longest of [`ATTACHMENTS`].
const LONGEST_ATTACHMENT: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ATTACHMENTS.len() {
        if ATTACHMENTS[i].len() > longest {
            longest = ATTACHMENTS[i].len();
        }
        i += 1;
    }
    longest
};

/// True when a link target names a file that is not a page (`x.png`).
fn is_attachment(path: &str) -> bool {
    // A dot further from the end than the longest extension and its dot
    // starts no extension of the list: only the path's tail is looked at.
    last_dot_in_tail(path.as_bytes()).is_some_and(|dot| {
        let ext = &path[dot + 1..];
        dot > 0 && ATTACHMENTS.iter().any(|a| ext.eq_ignore_ascii_case(a))
    })
}

/// The last `.` among the last `LONGEST_ATTACHMENT + 1` bytes of `b`.
/// Nearly every link has none: eight bytes are looked at at once, rather
/// than one by one (a loop over them was 1.8% of `check`'s instructions on
/// the generated pages).
fn last_dot_in_tail(b: &[u8]) -> Option<usize> {
    const TAIL: usize = LONGEST_ATTACHMENT + 1;
    const _: () = assert!(TAIL <= 16);
    let n = b.len();
    if n < 8 {
        return b.iter().rposition(|&c| c == b'.');
    }
    // The eight bytes that end at `end`, then the eight that end three
    // before the path's (or the first eight): together the tail, or the
    // whole of a shorter path.
    let in_word = |end: usize| {
        let word = u64::from_le_bytes(b.get(end - 8..end)?.try_into().ok()?);
        last_dot_in_word(word).map(|k| end - 8 + k)
    };
    in_word(n).or_else(|| in_word((n + 8).saturating_sub(TAIL).max(8)))
}

/// The index of the last `.` among the bytes of `word` (read little-endian).
fn last_dot_in_word(word: u64) -> Option<usize> {
    const ONES: u64 = u64::MAX / 0xFF;
    const LOW7: u64 = ONES * 0x7F;
    // Dots become zero bytes; a zero byte is told by its high bit, with no
    // carry from one byte into the next.
    let x = word ^ (ONES * u64::from(b'.'));
    let zero = !(((x & LOW7) + LOW7) | x | LOW7);
    Some(zero.checked_ilog2()? as usize / 8)
}

/// Adds to `spans` (offsets in `s`, sorted by start) every markdown link
/// of `s` that [`scan`] did not find because it names neither a page nor
/// an attachment (`[the assets](assets/)`, `[licence](LICENSE)`): where
/// such a link names a target in plain text, it reads as its text, as a
/// link to a URL does.
pub(crate) fn add_other_markdown_links(s: &str, spans: &mut Vec<(usize, usize)>) {
    if dest_open(s.as_bytes()).is_none() {
        return;
    }
    let known = spans.len();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'[', &s.as_bytes()[i..]) {
        i += p;
        match markdown_link(s, i) {
            Some((end, _)) => {
                // The known spans are sorted and apart: only the last one
                // to start before this link's end may reach into it.
                let k = spans[..known].partition_point(|&(a, _)| a < end);
                if k == 0 || spans[k - 1].1 <= i {
                    spans.push((i, end));
                }
                i = end;
            }
            None => i += 1,
        }
    }
    spans.sort_unstable();
}

/// Reads `[text](dest "title")` starting at the `[` at `start`. Returns the end
/// of the link and the destination as written.
fn markdown_link(line: &str, start: usize) -> Option<(usize, &str)> {
    let b = line.as_bytes();
    let mut depth = 0usize;
    let mut j = start;
    let close = loop {
        if j - start > MAX_LINK_TEXT {
            return None;
        }
        match b.get(j)? {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let d0 = close + 2;
    if b.get(d0) == Some(&b'<') {
        let rel = bounded(line, d0 + 1)?.find('>')?;
        let dest = &line[d0 + 1..d0 + 1 + rel];
        let after = d0 + 1 + rel + 1;
        let end = after + bounded(line, after)?.find(')')? + 1;
        return Some((end, dest));
    }
    let mut paren = 0usize;
    let mut k = d0;
    while let Some(&c) = b.get(k) {
        if k - d0 > MAX_LINK_TEXT {
            return None;
        }
        match c {
            b'(' => paren += 1,
            b')' if paren == 0 => break,
            b')' => paren -= 1,
            b' ' | b'\t' => break,
            _ => {}
        }
        k += 1;
    }
    let dest = &line[d0..k];
    // Skip an optional title up to the closing parenthesis.
    let end = k + bounded(line, k)?.find(')')? + 1;
    Some((end, dest))
}

/// Longest link text or destination looked at, so that a hostile line of
/// unbalanced brackets stays linear.
const MAX_LINK_TEXT: usize = 512;

/// At most [`MAX_LINK_TEXT`] bytes of `line` from `from`, cut on a char boundary.
fn bounded(line: &str, from: usize) -> Option<&str> {
    let rest = line.get(from..)?;
    let mut end = rest.len().min(MAX_LINK_TEXT);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Some(&rest[..end])
}

/// Decides what a markdown link destination points at. A path without
/// `.md` is a page link only when `bare` (not for the bracketed forms, in
/// which `[[x]](note)` is a wikilink and a note).
pub(crate) fn classify_destination(dest: &str, bare: bool) -> Option<FoundKind> {
    let dest = dest.trim_ws();
    if dest.is_empty() {
        return None;
    }
    if has_scheme(dest) {
        return Some(FoundKind::Url(dest.to_owned()));
    }
    let (path, anchor) = match memchr::memchr(b'#', dest.as_bytes()) {
        Some(p) => (&dest[..p], Some(&dest[p + 1..])),
        None => (dest, None),
    };
    let path = memchr::memchr(b'?', path.as_bytes()).map_or(path, |q| &path[..q]);
    let b = path.as_bytes();
    let form = if b.len() >= 4 && b[b.len() - 3..].eq_ignore_ascii_case(b".md") {
        LinkForm::Markdown
    } else if bare && names_bare_page(path) {
        LinkForm::MarkdownBare
    } else {
        return None;
    };
    Some(FoundKind::Page(Link {
        target: percent_decoded(path),
        anchor: anchor
            .filter(|a| !a.is_empty())
            .map(|a| percent_decoded(a).into()),
        display: None,
        form,
    }))
}

/// True when a markdown link's path may name a page without its `.md`
/// (`202101011200`, `../notes/other-page`): a path whose last part has no
/// extension and that is not a folder (`docs/`) or the protocol-relative
/// start of a URL (`//host`).
fn names_bare_page(path: &str) -> bool {
    let b = path.as_bytes();
    let last = memchr::memrchr(b'/', b).map_or(b, |p| &b[p + 1..]);
    !last.is_empty() && memchr::memchr(b'.', last).is_none() && !b.starts_with(b"//")
}

/// `s` percent-decoded (invalid UTF-8 replaced), copied as it is when it
/// holds no `%` (most paths: the decoder costs more than the search).
fn percent_decoded(s: &str) -> String {
    if memchr::memchr(b'%', s.as_bytes()).is_none() {
        return s.to_owned();
    }
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// True when `s` starts with a URL scheme such as `https:` or `mailto:`.
pub fn has_scheme(s: &str) -> bool {
    // A scheme is ASCII: its bytes are its characters.
    let b = s.as_bytes();
    let Some(colon) = memchr::memchr(b':', b) else {
        return false;
    };
    let scheme = &b[..colon];
    scheme.len() >= 2
        && scheme[0].is_ascii_alphabetic()
        && scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// Where a bare URL starts: `http://` or `https://`. The regex crate
/// matches in linear time, so hostile lines cannot make this slow. The rest
/// of the URL, up to whitespace or a delimiter, is read by [`url_end`]: as
/// a class in the regex (`[^\s<>"`]+`), Unicode's whitespace made an
/// automaton that took half a millisecond to build, a few percent of a
/// small wiki's run.
static URL_START: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new("https?://").ok());

/// The end of a URL whose scheme ends at `from`: the first whitespace
/// character (Unicode's, as the regex's `\s`), `<`, `>`, `"` or `` ` ``.
fn url_end(line: &str, from: usize) -> usize {
    line[from..]
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .map_or(line.len(), |i| from + i)
}

/// `https?://[^\s<>"`]+` on `line`: each match's byte range, leftmost
/// first, not overlapping.
fn url_matches(line: &str) -> Vec<(usize, usize)> {
    let Some(re) = URL_START.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(m) = re.find_at(line, at) {
        let end = url_end(line, m.end());
        if end > m.end() {
            out.push((m.start(), end));
        }
        // Either way no match starts inside this one: a scheme holds no
        // `h` after its first letter, and the URL took every other
        // character up to `end`.
        at = end;
    }
    out
}

/// Bare URLs on a masked line, with their byte ranges. Trailing punctuation
/// and unbalanced closing brackets are not part of a URL.
pub fn bare_urls(line: &str) -> Vec<(usize, usize)> {
    url_matches(line)
        .into_iter()
        .filter_map(|(start, end)| {
            let url = &line[start..end];
            let count = |c: char| url.matches(c).count();
            let (open_paren, mut close_paren) = (count('('), count(')'));
            let (open_sq, mut close_sq) = (count('['), count(']'));
            let mut len = url.len();
            while let Some(last) = url[..len].chars().next_back() {
                let drop = match last {
                    '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '\'' => true,
                    ')' => close_paren > open_paren,
                    ']' => close_sq > open_sq,
                    _ => false,
                };
                if !drop {
                    break;
                }
                match last {
                    ')' => close_paren -= 1,
                    ']' => close_sq -= 1,
                    _ => {}
                }
                len -= last.len_utf8();
            }
            (len > "https://".len()).then_some((start, start + len))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_local_files() {
        assert_eq!(
            local_file("img/a%20b.png", true).as_deref(),
            Some("img/a b.png")
        );
        assert_eq!(
            local_file("<img/a b.png>", true).as_deref(),
            Some("img/a b.png")
        );
        assert_eq!(
            local_file("docs/x.pdf#page=2", false).as_deref(),
            Some("docs/x.pdf")
        );
        assert_eq!(local_file("https://x.org/a.png", true), None);
        assert_eq!(local_file("//cdn.example.org/a.png", true), None);
        assert_eq!(local_file("#top", true), None);
        // A link to a file of no attachment type is neither page nor file.
        assert_eq!(local_file("src/main.rs", false), None);
        assert_eq!(
            wikilink_attachment("diagram.png|300").as_deref(),
            Some("diagram.png")
        );
        assert_eq!(
            wikilink_attachment("paper.pdf#page=3").as_deref(),
            Some("paper.pdf")
        );
        assert_eq!(wikilink_attachment("#Heading"), None);
    }

    proptest::proptest! {
        /// The scheme found by the regex and the rest read by hand match
        /// what the whole pattern as one regex matches.
        #[test]
        fn url_matches_agree_with_the_whole_regex(
            line in "(https?://|http|s:|//|[a-z]{1,3}|[ \u{3000}\u{a0}\t<>\"`()\\[\\].,]|é|中){0,16}"
        ) {
            let whole = Regex::new(r#"https?://[^\s<>"`]+"#).unwrap();
            let want: Vec<(usize, usize)> =
                whole.find_iter(&line).map(|m| (m.start(), m.end())).collect();
            proptest::prop_assert_eq!(url_matches(&line), want);
        }

        /// Asked in order, marks say what a look at every mark says.
        #[test]
        fn marks_within_is_any_in_range(
            text in "[.x]{0,60}",
            cuts in proptest::collection::vec(0usize..70, 0..8),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut marks = Marks::new(&text, |h| memchr::memchr(b'x', h));
            for pair in cuts.windows(2) {
                let (start, end) = (pair[0], pair[1]);
                let any = text.bytes().enumerate().any(|(m, c)| c == b'x' && start <= m && m < end);
                proptest::prop_assert_eq!(marks.within(start, end), any);
            }
        }

        /// The lazy guard says what a search from each point says, and no
        /// markdown link starts where it says no `](` follows.
        #[test]
        fn dest_opens_is_a_search_from_each_point(
            line in "(\\[|\\]|\\(|\\)|\\]\\(|a|x\\.md| ){0,20}",
        ) {
            let b = line.as_bytes();
            let mut opens = Marks::new(&line, dest_open);
            for i in memchr::memchr_iter(b'[', b) {
                let follows = (i..b.len()).any(|k| b[k..].starts_with(b"]("));
                proptest::prop_assert_eq!(opens.within(i, b.len()), follows);
                if !follows {
                    proptest::prop_assert_eq!(markdown_link(&line, i), None);
                }
            }
        }

        /// One search for either separator finds what a search for each finds.
        #[test]
        fn separators_are_the_first_pipe_and_the_first_hash_before_it(
            s in "[|#a\\\\]{0,12}",
        ) {
            let b = s.as_bytes();
            let pipe = memchr::memchr(b'|', b);
            let hash = memchr::memchr(b'#', &b[..pipe.unwrap_or(b.len())]);
            proptest::prop_assert_eq!(separators(b), (pipe, hash));
        }

        /// Looking for the dot in the tail only says what a search of the
        /// whole path says.
        #[test]
        fn attachments_are_found_from_the_tail(
            stem in "[a.é]{0,14}",
            ext in "(png|PDF|excalidraw|md|canvas|x|)",
        ) {
            let path = format!("{stem}.{ext}");
            let whole = |path: &str| {
                memchr::memrchr(b'.', path.as_bytes()).is_some_and(|dot| {
                    let ext = &path[dot + 1..];
                    dot > 0 && ATTACHMENTS.iter().any(|a| ext.eq_ignore_ascii_case(a))
                })
            };
            proptest::prop_assert_eq!(is_attachment(&path), whole(&path));
            proptest::prop_assert_eq!(is_attachment(&stem), whole(&stem));
        }

        /// The word at once finds the dot that a look at each byte of the
        /// tail finds.
        #[test]
        fn last_dot_is_found_in_one_word(s in "[a.é]{0,24}") {
            let b = s.as_bytes();
            let from = b.len().saturating_sub(LONGEST_ATTACHMENT + 1);
            let each = b[from..].iter().rposition(|&c| c == b'.').map(|i| from + i);
            proptest::prop_assert_eq!(last_dot_in_tail(b), each);
        }

        /// Bytes say what characters said of a scheme.
        #[test]
        fn has_scheme_reads_bytes_as_characters(s in "[a-zA-Z0-9+.:/é-]{0,10}") {
            let chars = |s: &str| {
                s.find(':').is_some_and(|colon| {
                    let scheme = &s[..colon];
                    scheme.len() >= 2
                        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                })
            };
            proptest::prop_assert_eq!(has_scheme(&s), chars(&s));
        }

        /// Text without a `%` is what the decoder makes of it.
        #[test]
        fn percent_decoded_is_the_decoder(s in "(%|%2|%20|%C3%A9|%FF|a| |é){0,8}") {
            let decoder = percent_decode_str(&s).decode_utf8_lossy().into_owned();
            proptest::prop_assert_eq!(percent_decoded(&s), decoder);
        }

        /// The jumping search finds what a look at every byte finds.
        #[test]
        fn wikilink_end_is_the_first_close(pre in "[\\[\\]a]{0,5}", post in "[\\[\\]a]{0,24}") {
            // Asked only at a `[[`.
            let s = format!("{pre}[[{post}");
            let from = pre.len();
            let b = s.as_bytes();
            let naive = || {
                let mut open = from;
                let mut j = from + 1;
                while j + 1 < b.len() {
                    if &b[j..j + 2] == b"[[" {
                        open = j;
                        j += 1;
                    } else if &b[j..j + 2] == b"]]" {
                        return Some((open, j));
                    } else {
                        j += 1;
                    }
                }
                None
            };
            proptest::prop_assert_eq!(wikilink_end(b, from), naive());
        }
    }

    fn page(f: &Found) -> &Link {
        match &f.what {
            FoundKind::Page(l) => l,
            other => panic!("not a page link: {other:?}"),
        }
    }

    #[test]
    fn plain_wikilink() {
        let f = scan("see [[Weibo]] now");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].start, f[0].end), (4, 13));
        assert_eq!(page(&f[0]).target, "Weibo");
        assert_eq!(page(&f[0]).form, LinkForm::Wiki);
    }

    #[test]
    fn alias_heading_block_and_embed() {
        let f = scan("[[dir/page|shown text]] [[A#Heading]] [[B#^blk]] ![[C]]");
        let l: Vec<&Link> = f.iter().map(page).collect();
        assert_eq!(l[0].target, "dir/page");
        assert_eq!(l[0].display.as_deref(), Some("shown text"));
        assert_eq!(l[1].anchor.as_deref(), Some("Heading"));
        assert_eq!(l[2].anchor.as_deref(), Some("^blk"));
        assert_eq!(l[3].form, LinkForm::Embed);
        assert_eq!(f[3].start, 49);
    }

    #[test]
    fn a_run_of_brackets_opens_the_link_at_its_last_two() {
        // Neuron's branching link, and a link inside a bracket.
        let f = scan("[[[child-note]]] and [[[Alpha]] and more] then [[[[x|X]]]]");
        let l: Vec<(&str, usize, usize)> = f
            .iter()
            .map(|f| (page(f).target.as_str(), f.start, f.end))
            .collect();
        assert_eq!(l, [("child-note", 1, 15), ("Alpha", 22, 31), ("x", 49, 56)]);
    }

    #[test]
    fn escaped_brackets_are_text() {
        let f = scan(r"\[[[Powers in Groups]], [[Cyclic Groups]]\] and \[[not a link]] \\[[x]]");
        let targets: Vec<&str> = f.iter().map(|f| page(f).target.as_str()).collect();
        assert_eq!(targets, ["Powers in Groups", "Cyclic Groups", "x"]);
    }

    #[test]
    fn escaped_pipe_in_table() {
        let f = scan("| [[concepts/x\\|X]] | y |");
        assert_eq!(page(&f[0]).target, "concepts/x");
        assert_eq!(page(&f[0]).display.as_deref(), Some("X"));
    }

    #[test]
    fn nested_brackets_take_the_innermost() {
        let f = scan("[[a [[b]] c]]");
        assert_eq!(page(&f[0]).target, "b");
    }

    #[test]
    fn broken_links_are_reported() {
        let f = scan("x [[]] y [[|z]] and [[unclosed");
        assert!(matches!(f[0].what, FoundKind::Broken(_)));
        assert!(matches!(f[1].what, FoundKind::Broken(_)));
        assert!(matches!(f[2].what, FoundKind::Broken(_)));
        assert_eq!(f.len(), 3);
    }

    #[test]
    fn bracketed_text_before_a_destination_is_a_markdown_link() {
        let f = scan(
            "claim.<sup>[[7]](https://x.org/doc.pdf)</sup> and [[8]](notes.md) [[9]] (x) [[10]](구조 기반)",
        );
        assert_eq!(f.len(), 4);
        assert_eq!(f[0].what, FoundKind::Url("https://x.org/doc.pdf".into()));
        assert_eq!(page(&f[1]).target, "notes.md");
        assert_eq!(page(&f[1]).form, LinkForm::Markdown);
        assert_eq!(page(&f[2]).target, "9");
        assert_eq!(page(&f[2]).form, LinkForm::Wiki);
        assert_eq!(page(&f[3]).target, "10");
    }

    #[test]
    fn attachments_are_not_pages() {
        let f =
            scan("![[diagram.png|300]] [[report.PDF]] [[Board.canvas]] [[v1.2 notes]] [[x.md]]");
        let (files, pages): (Vec<&Found>, Vec<&Found>) = f
            .iter()
            .partition(|f| matches!(f.what, FoundKind::Attachment(_)));
        let l: Vec<&str> = pages.iter().map(|f| page(f).target.as_str()).collect();
        assert_eq!(l, ["v1.2 notes", "x.md"]);
        let files: Vec<&FoundKind> = files.iter().map(|f| &f.what).collect();
        assert_eq!(
            files,
            [
                &FoundKind::Attachment("diagram.png".into()),
                &FoundKind::Attachment("report.PDF".into()),
                &FoundKind::Attachment("Board.canvas".into()),
            ]
        );
    }

    #[test]
    fn markdown_link_in_double_brackets() {
        let f = scan("- [[kitamasa](pages/kitamasa.md)] — the method, [[b](b.md)] and [[c]]");
        let l: Vec<&str> = f.iter().map(|f| page(f).target.as_str()).collect();
        assert_eq!(l, ["pages/kitamasa.md", "b.md", "c"]);
        assert_eq!((f[0].start, f[0].end), (2, 33));
        // Still a wikilink: `[[x]](note)`, `[[a [[b]] c]]`.
        // After one that no `]]` follows, others still read.
        let f = scan("[[a](a.md)] and [[b](b.md)], [[c");
        let l: Vec<&str> = f
            .iter()
            .filter_map(|f| match &f.what {
                FoundKind::Page(l) => Some(l.target.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(l, ["a.md", "b.md"]);
        let f = scan("[[x]](note) [[a [[b]] c]]");
        let l: Vec<&str> = f.iter().map(|f| page(f).target.as_str()).collect();
        assert_eq!(l, ["x", "b"]);
    }

    #[test]
    fn same_page_heading_makes_no_link() {
        assert!(scan("[[#Overview]]").is_empty());
    }

    #[test]
    fn markdown_links() {
        let f = scan(
            "[a](other.md) [b](../dir/Other%20Page.md#Top) [c](https://x.org) ![i](p.png) [d](notes.txt)",
        );
        assert_eq!(f.len(), 5);
        assert_eq!(page(&f[0]).target, "other.md");
        assert_eq!(page(&f[1]).target, "../dir/Other Page.md");
        assert_eq!(page(&f[1]).anchor.as_deref(), Some("Top"));
        assert_eq!(f[2].what, FoundKind::Url("https://x.org".into()));
        assert_eq!(f[3].what, FoundKind::Attachment("p.png".into()));
        assert_eq!(f[4].what, FoundKind::Attachment("notes.txt".into()));
    }

    #[test]
    fn angle_destination_and_title() {
        let f = scan("[a](<my page.md> \"t\") [b](x.md \"title\")");
        assert_eq!(page(&f[0]).target, "my page.md");
        assert_eq!(page(&f[1]).target, "x.md");
    }

    #[test]
    fn destination_ending_in_multibyte_text() {
        // Found by fuzzing: the `.md` test must not slice inside a character.
        // Neither is a `.md` path; the second, without an extension, may
        // name a page.
        let f = scan("[a](<with spacye.m\u{ee}d>) [b](x\u{e9}d)");
        assert_eq!(f.len(), 1);
        assert_eq!(page(&f[0]).target, "x\u{e9}d");
        assert_eq!(page(&f[0]).form, LinkForm::MarkdownBare);
    }

    #[test]
    fn destinations_without_extension_may_name_pages() {
        let f = scan(
            "[a](202101011200) [b](../notes/other-page \"t\") [c](my%20note#Top) \
             [d](docs/) [e](#top) [f](notes.txt) [g](//cdn.x/y) [[h]](note) [i](LICENSE)",
        );
        let pages: Vec<(&str, LinkForm)> = f
            .iter()
            .filter_map(|f| match &f.what {
                FoundKind::Page(l) => Some((l.target.as_str(), l.form)),
                _ => None,
            })
            .collect();
        assert_eq!(
            pages,
            [
                ("202101011200", LinkForm::MarkdownBare),
                ("../notes/other-page", LinkForm::MarkdownBare),
                ("my note", LinkForm::MarkdownBare),
                // `[[h]](note)` stays a wikilink followed by a note.
                ("h", LinkForm::Wiki),
                ("LICENSE", LinkForm::MarkdownBare),
            ]
        );
        assert_eq!(page(&f[2]).anchor.as_deref(), Some("Top"));
    }

    #[test]
    fn urls_trim_punctuation() {
        let line = "see https://example.com/a_(b). and (http://x.org/y)";
        let u: Vec<&str> = bare_urls(line).iter().map(|&(s, e)| &line[s..e]).collect();
        assert_eq!(u, ["https://example.com/a_(b)", "http://x.org/y"]);
    }
}
