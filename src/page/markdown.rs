//! The block structure of a page body, line by line: which lines are code,
//! headings, bullets or text, with code spans, comments (HTML `<!-- -->`
//! and Obsidian `%% %%`) and math (`$…$`, `$$…$$`) blanked out so that
//! later stages never see links inside them.

use super::links::{Marks, escaped};
use crate::diag::{DiagKind, Diagnostic};
use crate::text::{TrimExt, line_at};
use std::borrow::Cow;

/// What a line is, once code and comments are accounted for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Nothing but whitespace (after masking).
    Blank,
    /// Inside a fenced or indented code block, or a fence line itself.
    Code,
    /// An ATX (`## x`) or setext heading; `text` is cleaned of `#` marks.
    Heading {
        /// 1 to 6.
        level: u8,
        /// The heading text.
        text: String,
    },
    /// A list item (`-`, `*`, `+`, `1.`, `1)`), possibly in a block quote.
    Bullet {
        /// Columns of indentation before the marker.
        indent: usize,
        /// Byte offset where the item's text starts (after the marker and any
        /// task box).
        content: usize,
    },
    /// A setext underline or thematic break.
    Rule,
    /// Anything else: paragraph text, table rows, block quotes.
    Text,
}

/// One line of the body.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub no: u32,
    /// Byte offset of the line in the body.
    pub start: usize,
    /// The line as written (without its line ending), but with comments
    /// (`<!-- -->`, `%% %%`) replaced by spaces: they are not part of what
    /// the page says. The same length as written.
    pub text: Cow<'a, str>,
    /// The line with inline code and comments replaced by spaces; the same
    /// length as `text`, so byte offsets carry over.
    pub masked: Cow<'a, str>,
    /// What the line is.
    pub kind: LineKind,
}

/// The lines of a body, classified and masked as they are read.
///
/// No list of lines is kept: storing every line of every page into one
/// took a third of this stage's samples (`perf annotate`). A paragraph line
/// looks at the line after it, which makes it a setext heading when it is
/// an underline.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    body: &'a str,
    /// Byte offset of the next line; past the end once the last is read.
    next_start: usize,
    /// Line number of the next line.
    next_no: u32,
    fence: Option<Fence>,
    /// The comment left open by the lines read so far.
    comment: Option<Comment>,
    /// The line that opened it.
    comment_line: u32,
    in_list: bool,
    prev_blank: bool,
    prev_para: bool,
    indented_code: bool,
    /// Code spans and comments are looked for in the body, not line by line.
    openers: Marks<'a>,
    /// Dollar signs, which may open math: a search of their own, since
    /// one search for both would look for code again from every `$`.
    dollars: Marks<'a>,
    /// The offset of the first line of `$$` alone found by the last search
    /// for one (`usize::MAX`: none is left), and where that search started:
    /// a `$$` line before it asks no search again, so that a page of `$$`
    /// lines with no closer costs one scan, not one per line.
    math_close: Option<(usize, usize)>,
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let (start, text) = self.next_text()?;
        Some(self.read(start, text))
    }
}

impl<'a> Lines<'a> {
    /// The lines of `body`, whose first line is line `first_line` of the
    /// file.
    pub fn new(body: &'a str, first_line: u32) -> Self {
        Lines {
            body,
            next_start: 0,
            next_no: first_line,
            fence: None,
            comment: None,
            comment_line: 0,
            in_list: false,
            prev_blank: true,
            prev_para: false,
            indented_code: false,
            openers: Marks::new(body, code_or_comment_opener),
            dollars: Marks::new(body, |b| memchr::memchr(b'$', b)),
            math_close: None,
        }
    }

    /// A warning when the body ends inside a code fence; asked once every
    /// line has been read.
    pub fn unclosed_fence(&self) -> Option<Diagnostic> {
        self.fence.map(|f| {
            Diagnostic::warning(
                DiagKind::Link,
                f.line,
                "code fence is never closed: the rest of the page is read as code",
            )
        })
    }

    /// A warning when the body ends inside a comment, which hides the rest
    /// of the page (a stray `%%` is easy to write); asked once every line
    /// has been read.
    pub fn unclosed_comment(&self) -> Option<Diagnostic> {
        self.comment.map(|c| {
            let what = match c {
                Comment::Html => "HTML comment `<!--`",
                Comment::Obsidian => "comment `%%`",
            };
            Diagnostic::warning(
                DiagKind::Link,
                self.comment_line,
                format!("{what} is never closed: the rest of the page is read as a comment"),
            )
        })
    }

    /// The next line's offset and text.
    fn next_text(&mut self) -> Option<(usize, &'a str)> {
        let start = self.next_start;
        let text = line_at(self.body, start)?;
        self.next_start = start + text.len() + 1;
        Some((start, text))
    }

    /// Reads one line.
    fn read(&mut self, start: usize, text: &'a str) -> Line<'a> {
        // Made once and given out as it is found to be: code, unless a step
        // below says otherwise.
        let mut line = Line {
            no: self.next_no,
            start,
            text: Cow::Borrowed(text),
            masked: Cow::Borrowed(text),
            kind: LineKind::Code,
        };
        self.next_no = self.next_no.saturating_add(1);
        let indent = indent_width(text);
        let trimmed = text.trim_start_ws();

        if let Some(f) = &self.fence {
            if f.closes(trimmed) {
                self.fence = None;
            }
            self.prev_blank = false;
            self.prev_para = false;
            return line;
        }
        if trimmed.is_empty() && self.comment.is_none() {
            line.kind = LineKind::Blank;
            self.prev_blank = true;
            self.prev_para = false;
            return line;
        }
        if self.indented_code {
            if indent >= 4 {
                return line;
            }
            self.indented_code = false;
        }
        if self.comment.is_none() && indent >= 4 && self.prev_blank && !self.in_list {
            self.indented_code = true;
            self.prev_blank = false;
            return line;
        }
        let end = start + text.len();
        // The line holds a backtick or a comment's opener.
        let opener = self.openers.within(start, end) | self.dollars.within(start, end);
        if self.comment.is_none()
            && (indent <= 3 || self.in_list)
            && let Some(f) = Fence::open(trimmed).or_else(|| {
                // A list item may open with a fence: `- ```python`, as
                // Logseq writes every code block.
                if !opener {
                    return None;
                }
                let f = bullet_fence(trimmed)?;
                self.in_list = true;
                Some(f)
            })
        {
            self.fence = Some(Fence { line: line.no, ..f });
            self.prev_blank = false;
            self.prev_para = false;
            return line;
        }

        let carried = self.comment;
        if carried.is_some() || opener {
            let (masked, commented) = mask(text, &mut self.comment);
            line.masked = masked;
            if commented {
                // Comments are not part of the page's text: notes and names
                // are cut from the line without them.
                line.text = Cow::Owned(uncommented(text, carried));
            }
            // Open after this line, and not the one carried into it.
            let opened_here = carried.is_none_or(|c| text.contains(c.closer()));
            if self.comment.is_some() && opened_here {
                self.comment_line = line.no;
            }
            self.math(end, &mut line);
        }
        if line.masked.trim_start_ws().is_empty() {
            line.kind = LineKind::Blank;
            self.prev_blank = true;
            self.prev_para = false;
            return line;
        }

        // A setext underline: the paragraph line before it, which saw it
        // coming, is a heading.
        if self.prev_para && indent <= 3 && setext_level(trimmed).is_some() {
            line.kind = LineKind::Rule;
            self.in_list = false;
            self.prev_blank = false;
            self.prev_para = false;
            return line;
        }

        line.kind = classify(text, &line.masked, indent);
        match &line.kind {
            LineKind::Bullet { .. } => self.in_list = true,
            // A heading written as a bullet (`- ## Code`, Logseq's heading
            // block) is a list item: its children, indented under it, may
            // open fences (`\t- ```rust`).
            LineKind::Heading { .. } => self.in_list = !trimmed.starts_with('#'),
            LineKind::Rule => self.in_list = false,
            LineKind::Text if indent < 2 && self.prev_blank => self.in_list = false,
            _ => {}
        }
        self.prev_para = matches!(line.kind, LineKind::Text)
            && !trimmed.starts_with('>')
            && !trimmed.starts_with('|');
        self.prev_blank = false;
        if self.prev_para
            && let Some(level) = self.underline_next()
        {
            // Trimmed as written, since a code span is masked to spaces, but
            // from the end of a comment carried from the lines before (the
            // line holds its closer, or it would be blank).
            let from = carried.map_or(0, |c| {
                text.find(c.closer())
                    .map_or(text.len(), |p| p + c.closer().len())
            });
            let lead = text.len() - text[from..].trim_start_ws().len();
            let inner = text[lead..].trim_end_ws().len();
            line.kind = LineKind::Heading {
                level,
                text: shown(&text[lead..lead + inner], &line.masked[lead..lead + inner]),
            };
        }
        line
    }

    /// Math on `line`, which ends at `end` in the body: a line that starts
    /// with `$$`, which no `$$` after it on the line closes and a later line
    /// of `$$` alone does, opens a display math block, read as a code fence
    /// is (the closing line closes it as one closes a fence) and itself
    /// blank; else its inline math is blanked.
    ///
    /// Asked of the lines that hold an opener or a `$`, after code and
    /// comments are masked, and kept out of line: each check or return
    /// added to [`Lines::read`] made the compiler keep more of it out of
    /// line (3% more instructions in all).
    #[inline(never)]
    fn math(&mut self, end: usize, line: &mut Line<'a>) {
        let masked = &line.masked;
        if memchr::memchr(b'$', masked.as_bytes()).is_none() {
            return;
        }
        let trimmed = masked.trim_start_ws();
        if self.comment.is_none()
            && trimmed.starts_with("$$")
            && memchr::memmem::find(&trimmed.as_bytes()[2..], b"$$").is_none()
        {
            let from = end.saturating_add(1).min(self.body.len());
            let close = match self.math_close {
                Some((searched, close)) if searched <= from && close >= from => close,
                _ => {
                    let close = closing_math_after(self.body, from);
                    self.math_close = Some((from, close));
                    close
                }
            };
            if close != usize::MAX {
                self.fence = Some(Fence {
                    ch: b'$',
                    len: 2,
                    line: line.no,
                });
                line.masked = Cow::Owned(" ".repeat(masked.len()));
                return;
            }
        }
        if let Some(m) = mask_math(masked) {
            line.masked = Cow::Owned(m);
        }
    }

    /// The level of the setext heading that the next line makes of a
    /// paragraph line just read, if it is an underline. Nothing that [`read`]
    /// checks before underlines can stop one: no fence is open after a
    /// paragraph line, no code block follows it, and a line of `=` or `-`
    /// opens no fence and holds nothing to mask; only a comment left open
    /// blanks it.
    ///
    /// [`read`]: Lines::read
    fn underline_next(&self) -> Option<u8> {
        if self.comment.is_some() {
            return None;
        }
        let rest = self.body.get(self.next_start..)?.as_bytes();
        // Most lines after a paragraph line are not underlines: the first
        // byte after the indent tells, without finding the line's end.
        match rest.iter().find(|&&c| c != b' ' && c != b'\t') {
            Some(&c) if c.is_ascii() && !matches!(c, b'=' | b'-' | b'\t'..=b'\r') => return None,
            None => return None,
            _ => {}
        }
        let text = line_at(self.body, self.next_start)?;
        if indent_width(text) > 3 {
            return None;
        }
        setext_level(text.trim_start_ws())
    }
}

/// Width of leading whitespace, tabs counting to the next multiple of 4.
fn indent_width(s: &str) -> usize {
    let mut w = 0;
    // Spaces and tabs are single bytes: no character need be decoded.
    for &c in s.as_bytes() {
        match c {
            b' ' => w += 1,
            b'\t' => w += 4 - w % 4,
            _ => break,
        }
    }
    w
}

/// An open code fence, or display math (`$$`).
#[derive(Debug, Clone, Copy)]
struct Fence {
    /// `` ` ``, `~`, or `$` for math.
    ch: u8,
    len: usize,
    line: u32,
}

impl Fence {
    fn open(trimmed: &str) -> Option<Fence> {
        let b = trimmed.as_bytes();
        let ch = *b.first()?;
        if ch != b'`' && ch != b'~' {
            return None;
        }
        let len = b.iter().take_while(|&&c| c == ch).count();
        if len < 3 {
            return None;
        }
        // A backtick fence's info string cannot hold a backtick
        // (```` ```code``` ```` is inline code).
        if ch == b'`' && trimmed[len..].contains('`') {
            return None;
        }
        Some(Fence { ch, len, line: 0 })
    }

    fn closes(&self, trimmed: &str) -> bool {
        let b = trimmed.as_bytes();
        let run = b.iter().take_while(|&&c| c == self.ch).count();
        run >= self.len && trimmed[run..].trim_start_ws().is_empty()
    }
}

/// A comment, which hides everything up to its closer, across lines. A
/// comment left open hides the rest of the page, as Obsidian and browsers
/// do; nothing inside one opens anything (`<!--` in `%%`, or the reverse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comment {
    /// An HTML comment, `<!-- … -->`.
    Html,
    /// An Obsidian comment, `%% … %%`, which Obsidian does not render. Any
    /// `%%` outside code opens or closes one, as in Obsidian, even inside a
    /// word (`100%%`).
    Obsidian,
}

impl Comment {
    /// What closes the comment.
    fn closer(self) -> &'static str {
        match self {
            Comment::Html => "-->",
            Comment::Obsidian => "%%",
        }
    }
}

/// The first backtick, `<!--` or `%%` of `b`, which open what [`mask`]
/// blanks: the body is searched for all at once, as they are rare.
fn code_or_comment_opener(b: &[u8]) -> Option<usize> {
    memchr::memchr3_iter(b'`', b'<', b'%', b).find(|&i| match b[i] {
        b'`' => true,
        b'<' => b[i..].starts_with(b"<!--"),
        _ => b.get(i + 1) == Some(&b'%'),
    })
}

/// Blanks inline code spans and comments (which may span lines): `comment`
/// is the one left open by the lines before, and after, by this one.
///
/// Kept out of line: it runs only on lines that hold a backtick or a comment
/// (3% of real13k's lines), and inlined into [`Lines::read`] it made every
/// line's path longer, for 0.6% more instructions in all (cachegrind).
#[inline(never)]
fn mask<'a>(text: &'a str, comment: &mut Option<Comment>) -> (Cow<'a, str>, bool) {
    mask_with(text, comment, SCANS_BEFORE_INDEX, Blank::All)
}

/// `text` with its comments blanked and its code spans as written: what a
/// note or a name is cut from. `comment` is the one carried into the line.
#[inline(never)]
fn uncommented(text: &str, mut comment: Option<Comment>) -> String {
    mask_with(text, &mut comment, SCANS_BEFORE_INDEX, Blank::Comments)
        .0
        .into_owned()
}

/// What [`mask_with`] blanks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Code spans and comments.
    All,
    /// Comments only.
    Comments,
}

/// Closers of a line's code spans looked for by a scan ahead before the
/// line's backtick runs are indexed by length: a scan to the line's end for
/// each opener took time in the square of the runs (a line of runs of
/// every length from 1 up: 16 MB in 16.5 s).
const SCANS_BEFORE_INDEX: usize = 16;

/// [`mask`], indexing the backtick runs after `scans` scans.
/// Also says whether a comment was blanked.
fn mask_with<'a>(
    text: &'a str,
    comment: &mut Option<Comment>,
    scans: usize,
    what: Blank,
) -> (Cow<'a, str>, bool) {
    let b = text.as_bytes();
    let mut commented = false;
    let mut scanned = 0;
    let mut runs: Option<RunIndex> = None;
    let mut out = Blanked::new(b);
    let mut i = 0;
    while i < b.len() {
        if let Some(open) = *comment {
            commented = true;
            let closer = open.closer();
            match text[i..].find(closer) {
                Some(p) => {
                    out.blank(i, i + p + closer.len());
                    i += p + closer.len();
                    *comment = None;
                }
                None => {
                    out.blank(i, b.len());
                    i = b.len();
                }
            }
            continue;
        }
        match b[i] {
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = match &runs {
                    Some(index) => index.find(i + run, run),
                    None if scanned >= scans => {
                        let index = RunIndex::new(b, i);
                        let close = index.find(i + run, run);
                        runs = Some(index);
                        close
                    }
                    None => {
                        scanned += 1;
                        find_run(b, i + run, run)
                    }
                };
                match close {
                    Some(close) => {
                        if what == Blank::All {
                            out.blank(i, close + run);
                        }
                        i = close + run;
                    }
                    None => i += run,
                }
            }
            // Its closer is looked for from the `<`, so `<!-->` is a whole
            // comment, as in CommonMark.
            b'<' if text[i..].starts_with("<!--") => {
                *comment = Some(Comment::Html);
            }
            // Its closer is looked for after it, so `%%%` is not a whole one.
            b'%' if b.get(i + 1) == Some(&b'%') => {
                commented = true;
                out.blank(i, i + 2);
                i += 2;
                *comment = Some(Comment::Obsidian);
            }
            // Nothing else matters here: jump to the next `` ` ``, `<` or `%`.
            _ => {
                i += 1;
                i += memchr::memchr3(b'`', b'<', b'%', &b[i..]).unwrap_or(b.len() - i);
            }
        }
    }
    let masked = out.finish().map_or(Cow::Borrowed(text), Cow::Owned);
    (masked, commented)
}

/// A line with ranges blanked to spaces, copied only once one is.
struct Blanked<'a> {
    text: &'a [u8],
    out: Option<Vec<u8>>,
}

impl<'a> Blanked<'a> {
    fn new(text: &'a [u8]) -> Self {
        Blanked { text, out: None }
    }

    /// Blanks `from..to`.
    fn blank(&mut self, from: usize, to: usize) {
        let text = self.text;
        self.out.get_or_insert_with(|| text.to_vec())[from..to].fill(b' ');
    }

    /// The blanked line, or `None` when nothing was blanked.
    fn finish(self) -> Option<String> {
        // Only ASCII delimiters bound the blanked ranges, so the bytes stay
        // UTF-8.
        self.out.map(|v| {
            String::from_utf8(v)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
    }
}

/// The offset of the first `$$` from `from` on that stands alone on its
/// line (with spaces around), which closes display math as a fence's
/// closer does; `usize::MAX` when there is none.
fn closing_math_after(body: &str, from: usize) -> usize {
    let b = body.as_bytes();
    memchr::memmem::find_iter(&b[from..], b"$$")
        .map(|p| from + p)
        .find(|&p| {
            // Only spaces back to the line's start (looked at byte by byte,
            // so that a line of many `$$` is not walked once for each), and
            // only `$` and spaces to its end.
            let alone_before = b[..p]
                .iter()
                .rev()
                .find(|&&c| c != b' ' && c != b'\t')
                .is_none_or(|&c| c == b'\n' || c == b'\r');
            alone_before
                && b[p..]
                    .iter()
                    .take_while(|&&c| c != b'\n')
                    .skip_while(|&&c| c == b'$')
                    .all(|&c| c == b' ' || c == b'\t' || c == b'\r')
        })
        .unwrap_or(usize::MAX)
}

/// `text` (a masked line) with its math blanked, or `None` when it holds
/// none. `$$…$$` is math; so is `$…$` whose opening `$` is followed by a
/// non-space and whose closing `$` follows a non-space and comes before no
/// digit (Pandoc's rule), so that prices (`$5 and $10`) stay text.
#[inline(never)]
fn mask_math(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = Blanked::new(b);
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'$', &b[i..]) {
        let open = i + p;
        if escaped(b, open) {
            i = open + 1;
            continue;
        }
        if b.get(open + 1) == Some(&b'$') {
            match memchr::memmem::find(&b[open + 2..], b"$$") {
                Some(q) => {
                    out.blank(open, open + 2 + q + 2);
                    i = open + 2 + q + 2;
                }
                None => i = open + 2,
            }
            continue;
        }
        match b.get(open + 1) {
            None => break,
            Some(c) if c.is_ascii_whitespace() => {
                i = open + 1;
                continue;
            }
            Some(_) => {}
        }
        // Whether a `$` closes does not depend on the opener: when none
        // is left, no later opener closes either.
        let closes = |c: usize| {
            !b[c - 1].is_ascii_whitespace()
                && !escaped(b, c)
                && !b.get(c + 1).is_some_and(u8::is_ascii_digit)
        };
        let Some(close) = memchr::memchr_iter(b'$', &b[open + 2..])
            .map(|q| open + 2 + q)
            .find(|&c| closes(c))
        else {
            break;
        };
        out.blank(open, close + 1);
        i = close + 1;
    }
    out.finish()
}

/// The backtick runs of a line from some place on, by length.
struct RunIndex(std::collections::HashMap<usize, Vec<usize>>);

impl RunIndex {
    /// The runs of `b` that start at or after `from` (not inside a run).
    fn new(b: &[u8], from: usize) -> Self {
        let mut runs: std::collections::HashMap<usize, Vec<usize>> = Default::default();
        let mut j = from;
        while let Some(at) = memchr::memchr(b'`', &b[j..]) {
            let start = j + at;
            let len = b[start..].iter().take_while(|&&c| c == b'`').count();
            runs.entry(len).or_default().push(start);
            j = start + len;
        }
        RunIndex(runs)
    }

    /// [`find_run`]: the first run of exactly `len` backticks at or after
    /// `from`, which is not inside a run.
    fn find(&self, from: usize, len: usize) -> Option<usize> {
        let starts = self.0.get(&len)?;
        starts.get(starts.partition_point(|&s| s < from)).copied()
    }
}

/// Finds a run of exactly `len` backticks at or after `from`.
fn find_run(b: &[u8], from: usize, len: usize) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        if b[j] == b'`' {
            let run = b[j..].iter().take_while(|&&c| c == b'`').count();
            if run == len {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

fn setext_level(trimmed: &str) -> Option<u8> {
    // The first byte is looked at before the end is trimmed: most lines
    // are prose, and many end in a space.
    let ch = trimmed.as_bytes().first()?;
    if (*ch == b'=' || *ch == b'-') && trimmed.trim_end_ws().bytes().all(|c| c == *ch) {
        Some(if *ch == b'=' { 1 } else { 2 })
    } else {
        None
    }
}

/// Classifies a non-blank, non-code line from its masked text.
fn classify(text: &str, masked: &str, indent: usize) -> LineKind {
    let t = masked.trim_start_ws();
    let at = masked.len() - t.len();
    // (The first byte is asked here, so that the call is made for
    // headings only.)
    if indent <= 3
        && t.starts_with('#')
        && let Some((level, range)) = atx_heading(&text[at..], t)
    {
        let (from, to) = (at + range.start, at + range.end);
        return LineKind::Heading {
            level,
            text: shown(&text[from..to], &masked[from..to]),
        };
    }
    if is_thematic_break(t) {
        return LineKind::Rule;
    }
    // Bullets inside block quotes count as bullets.
    let mut body = t;
    let mut quoted = false;
    while let Some(rest) = body.strip_prefix('>') {
        body = rest.trim_start_ws();
        quoted = true;
    }
    let offset = masked.len() - body.len();
    if let Some(marker) = bullet_marker(body) {
        // Spaces as written: a code span after the marker is masked to
        // spaces, and is the bullet's text.
        let after = &text[offset + marker..];
        let spaces = after.len() - after.trim_start_ws().len();
        let mut content = offset + marker + spaces;
        let rest = &masked[content..];
        for task in ["[ ] ", "[x] ", "[X] ", "[-] ", "[/] "] {
            if rest.starts_with(task) {
                content += task.len();
                break;
            }
        }
        // A heading written as a bullet (`- ## Related`), as Logseq
        // writes every heading, is a heading.
        if !quoted
            && masked[content..].starts_with('#')
            && let Some(heading) = bullet_heading(text, masked, content)
        {
            return heading;
        }
        return LineKind::Bullet {
            indent: if quoted { 0 } else { indent },
            content,
        };
    }
    LineKind::Text
}

/// The backtick fence that opens a list item (`- ```python`), if any.
#[inline(never)]
fn bullet_fence(trimmed: &str) -> Option<Fence> {
    let marker = bullet_marker(trimmed)?;
    Fence::open(trimmed[marker..].trim_start_ws()).filter(|f| f.ch == b'`')
}

/// The heading written as a bullet whose text starts at `content`.
/// (Kept out of line: such bullets are rare, and a second call of
/// [`atx_heading`] inlined costs every line's reading.)
#[inline(never)]
fn bullet_heading(text: &str, masked: &str, content: usize) -> Option<LineKind> {
    let (level, range) = atx_heading(&text[content..], &masked[content..])?;
    let (from, to) = (content + range.start, content + range.end);
    Some(LineKind::Heading {
        level,
        text: shown(&text[from..to], &masked[from..to]),
    })
}

/// An ATX heading's level and where its text is in `t`, a line as written
/// from its first `#`; `m` is the same line masked. (Inlined: out of
/// line, a heading's reading costs twice the instructions.)
#[inline(always)]
fn atx_heading(t: &str, m: &str) -> Option<(u8, std::ops::Range<usize>)> {
    let hashes = m.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &m[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    // Trimmed as written: a code span is masked to spaces, and is text.
    let start = t.len() - t[hashes..].trim_start_ws().len();
    let mut end = hashes + t[hashes..].trim_end_ws().len();
    if end <= start {
        return Some((hashes as u8, start..start));
    }
    // A closing sequence of `#`s preceded by a space is not part of the text.
    let stripped = m[start..end].trim_end_matches('#').len();
    if stripped == 0 {
        end = start;
    } else if stripped < end - start && t[start..start + stripped].ends_with([' ', '\t']) {
        end = start + t[start..start + stripped].trim_end_ws().len();
    }
    Some((hashes as u8, start..end))
}

/// Heading text as it reads: code spans keep their text without the
/// backticks (`The \`reach\` command` is "The reach command"), comments go.
/// `masked` is `text` as [`mask`] left it.
pub(crate) fn shown(text: &str, masked: &str) -> String {
    if text == masked {
        return crate::text::collapse_ws(text);
    }
    crate::text::collapse_ws(&shown_parts(text, masked, &mut Vec::new()))
}

/// A name as it reads: [`shown`] without emphasis markers, but for the
/// contents of code spans, which are read as written (`` **`__all__`** ``
/// is `__all__`).
pub(crate) fn shown_name(text: &str, masked: &str) -> String {
    if text == masked {
        return crate::text::strip_emphasis(text);
    }
    let mut code = Vec::new();
    let out = shown_parts(text, masked, &mut code);
    crate::text::strip_emphasis_except(&out, &code)
}

/// [`shown`] before its whitespace is folded, with where each code span's
/// contents lie in it (in `code`).
fn shown_parts(text: &str, masked: &str, spans: &mut Vec<std::ops::Range<usize>>) -> String {
    let (t, m) = (text.as_bytes(), masked.as_bytes());
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < t.len() {
        let next = (i..t.len()).find(|&k| t[k] != m[k]).unwrap_or(t.len());
        out.push_str(&text[i..next]);
        i = next;
        if i == t.len() {
            break;
        }
        if t[i..].starts_with(b"<!--") {
            i = text[i..].find("-->").map_or(t.len(), |p| i + p + 3);
            out.push(' ');
        } else if t[i..].starts_with(b"%%") {
            i = text[i + 2..].find("%%").map_or(t.len(), |p| i + 2 + p + 2);
            out.push(' ');
        } else if t[i] == b'`' {
            let n = t[i..].iter().take_while(|&&c| c == b'`').count();
            let close = find_run(t, i + n, n);
            let end = close.unwrap_or(t.len());
            let code = &text[i + n..end];
            // One space on each side is padding.
            let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                Some(inner) if !inner.trim_ws().is_empty() => inner,
                _ => code,
            };
            let from = out.len();
            out.push_str(code);
            spans.push(from..out.len());
            i = close.map_or(t.len(), |c| c + n);
        } else {
            // Masked for a reason this reading does not know: as written.
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

fn is_thematic_break(t: &str) -> bool {
    // As in `setext_level`, the first byte before the trim.
    let Some(&ch) = t.as_bytes().first() else {
        return false;
    };
    if !matches!(ch, b'-' | b'*' | b'_') {
        return false;
    }
    let mut n = 0;
    for c in t.trim_end_ws().bytes() {
        if c == ch {
            n += 1;
        } else if c != b' ' && c != b'\t' {
            return false;
        }
    }
    n >= 3
}

/// Length of a list marker (`- `, `1. `) at the start of `t`, if any.
pub(crate) fn bullet_marker(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let first = *b.first()?;
    let len = if matches!(first, b'-' | b'*' | b'+') {
        1
    } else {
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 || !matches!(b.get(digits), Some(b'.') | Some(b')')) {
            return None;
        }
        digits + 1
    };
    match b.get(len) {
        None => Some(len),
        Some(b' ') | Some(b'\t') => Some(len),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `body` at once, and the warning of a fence left open.
    fn scan<'a>(body: &'a str, first_line: u32, diags: &mut Vec<Diagnostic>) -> Vec<Line<'a>> {
        let mut lines = Lines::new(body, first_line);
        let all = lines.by_ref().collect();
        diags.extend(lines.unclosed_fence());
        diags.extend(lines.unclosed_comment());
        all
    }

    fn kinds(body: &str) -> Vec<LineKind> {
        let mut d = Vec::new();
        scan(body, 1, &mut d).into_iter().map(|l| l.kind).collect()
    }

    fn heading(level: u8, text: &str) -> LineKind {
        LineKind::Heading {
            level,
            text: text.into(),
        }
    }

    #[test]
    fn headings_atx_with_closing_hashes_and_setext() {
        let k = kinds("## Connections ##\nTitle\n=====\nSub\n---\n#tag not heading");
        assert_eq!(k[0], heading(2, "Connections"));
        assert_eq!(k[1], heading(1, "Title"));
        assert_eq!(k[2], LineKind::Rule);
        assert_eq!(k[3], heading(2, "Sub"));
        assert_eq!(k[5], LineKind::Text);
    }

    #[test]
    fn heading_text_keeps_code_and_drops_comments() {
        let k = kinds(
            "# The `reach` command\n# `only_code`\n## x <!-- auto -->\n# `x` ##\n# a `#` b\n# `` a`b ``\nSee `y`\n===",
        );
        assert_eq!(k[0], heading(1, "The reach command"));
        assert_eq!(k[1], heading(1, "only_code"));
        assert_eq!(k[2], heading(2, "x"));
        assert_eq!(k[3], heading(1, "x"));
        assert_eq!(k[4], heading(1, "a # b"));
        assert_eq!(k[5], heading(1, "a`b"));
        assert_eq!(k[6], heading(1, "See y"));
    }

    #[test]
    fn a_bullet_that_starts_with_code_starts_at_the_code() {
        let k = kinds("- `docs/a.md` — guide\n>  *   `x`");
        assert_eq!(
            k[0],
            LineKind::Bullet {
                indent: 0,
                content: 2
            }
        );
        assert_eq!(
            k[1],
            LineKind::Bullet {
                indent: 0,
                content: 7
            }
        );
    }

    #[test]
    fn setext_underlines_seen_from_the_paragraph_line() {
        let h1 = || heading(1, "Title");
        let text = || LineKind::Text;
        let rule = || LineKind::Rule;
        let cases: Vec<(&str, Vec<LineKind>)> = vec![
            ("Title\n===", vec![h1(), rule()]),
            ("Title\n   ===  ", vec![h1(), rule()]),
            // Any whitespace that trimming skips, not only spaces.
            ("Title\n\x0c===", vec![h1(), rule()]),
            ("Title\n\u{3000}===", vec![h1(), rule()]),
            ("Title\n    ===", vec![text(), text()]),
            ("Title\n== =", vec![text(), text()]),
            ("Title\n", vec![text(), LineKind::Blank]),
            // A comment left open blanks the underline.
            (
                "Title <!-- x\n===\n-->",
                vec![text(), LineKind::Blank, LineKind::Blank],
            ),
            (
                "Title %% x\n===\n%%",
                vec![text(), LineKind::Blank, LineKind::Blank],
            ),
            ("> quote\n===", vec![text(), text()]),
            ("| a |\n---", vec![text(), rule()]),
            ("Title\n---\n---", vec![heading(2, "Title"), rule(), rule()]),
            (
                "- item\n---",
                vec![
                    LineKind::Bullet {
                        indent: 0,
                        content: 2,
                    },
                    rule(),
                ],
            ),
            (
                "```\nTitle\n```\n===",
                vec![LineKind::Code, LineKind::Code, LineKind::Code, text()],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(kinds(body), want, "{body:?}");
        }
    }

    #[test]
    fn fences_and_indented_code() {
        let k = kinds("```rust\n[[x]]\n```\n\n    [[y]]\n\ntext\n~~~~\n~~~\n~~~~");
        assert_eq!(k[0..3], [LineKind::Code, LineKind::Code, LineKind::Code]);
        assert_eq!(k[4], LineKind::Code);
        assert_eq!(k[6], LineKind::Text);
        assert_eq!(k[7..10], [LineKind::Code, LineKind::Code, LineKind::Code]);
    }

    #[test]
    fn a_list_item_opens_a_fence() {
        // Logseq: the fence opens on the bullet and closes indented.
        let k = kinds(
            "- Setup:\n- ```python\n  [[x]]\n  ```\n- [[y]]\n1. ````\n[[z]]\n````\n- ```a``` b",
        );
        assert!(matches!(k[0], LineKind::Bullet { .. }));
        assert_eq!(k[1..4], [LineKind::Code, LineKind::Code, LineKind::Code]);
        assert!(matches!(k[4], LineKind::Bullet { .. }));
        assert_eq!(k[5..8], [LineKind::Code, LineKind::Code, LineKind::Code]);
        // Inline code, not a fence.
        assert!(matches!(k[8], LineKind::Bullet { .. }));
    }

    #[test]
    fn a_heading_block_is_a_list_item_whose_children_open_fences() {
        // Logseq indents a heading block's children with a tab; the fence
        // closes on its own line, and what follows is read.
        let k = kinds("- ## Code\n\t- ```rust\n\t  [[x]]\n\t  ```\n- ## See Also\n\t- [[y]]");
        assert!(matches!(k[0], LineKind::Heading { level: 2, .. }));
        assert_eq!(k[1..4], [LineKind::Code, LineKind::Code, LineKind::Code]);
        assert!(matches!(k[4], LineKind::Heading { level: 2, .. }));
        assert!(matches!(k[5], LineKind::Bullet { .. }));
        // An ATX heading still ends a list: an indented block after it and
        // a blank line is code.
        let k = kinds("- a\n## H\n\n    [[x]]");
        assert_eq!(k[3], LineKind::Code);
    }

    #[test]
    fn a_bullet_may_be_a_heading() {
        let k = kinds("- # Title\n\t- ## Related\n\t\t- [[x]]\n- #tag [[y]]\n> - ## quoted");
        assert_eq!(
            k[0..2],
            [
                LineKind::Heading {
                    level: 1,
                    text: "Title".into()
                },
                LineKind::Heading {
                    level: 2,
                    text: "Related".into()
                }
            ]
        );
        assert!(matches!(k[2], LineKind::Bullet { .. }));
        // A tag is no heading, nor is a bullet quoted.
        assert!(matches!(k[3], LineKind::Bullet { .. }));
        assert!(matches!(k[4], LineKind::Bullet { .. }));
    }

    #[test]
    fn unclosed_fence_is_reported() {
        let mut d = Vec::new();
        let lines = scan("a\n```\n[[x]]", 5, &mut d);
        assert_eq!(lines[2].kind, LineKind::Code);
        assert_eq!(d[0].line, Some(6));
    }

    #[test]
    fn nested_bullet_is_not_indented_code() {
        let k = kinds("- a\n\n    - b");
        assert!(matches!(k[2], LineKind::Bullet { indent: 4, .. }));
    }

    #[test]
    fn bullets_of_every_marker() {
        for s in ["- x", "* x", "+ x", "1. x", "12) x", "> - x", "- [ ] x"] {
            assert!(
                matches!(kinds(s)[0], LineKind::Bullet { .. }),
                "{s} is a bullet"
            );
        }
        for s in ["**bold**: x", "-x", "1.x", "---"] {
            assert!(
                !matches!(kinds(s)[0], LineKind::Bullet { .. }),
                "{s} is not a bullet"
            );
        }
    }

    #[test]
    fn masking_code_spans_and_comments() {
        let mut d = Vec::new();
        let lines = scan(
            "a `[[x]]` b ``[[y]]`` <!-- [[z]]\n[[w]] --> [[v]]",
            1,
            &mut d,
        );
        assert!(!lines[0].masked.contains("[["));
        assert_eq!(lines[0].masked.len(), lines[0].text.len());
        assert_eq!(lines[1].masked.trim(), "[[v]]");
    }

    /// The masked lines of `body`, their runs of spaces made one.
    fn masked(body: &str) -> Vec<String> {
        let mut d = Vec::new();
        let lines = scan(body, 1, &mut d);
        assert!(lines.iter().all(|l| l.masked.len() == l.text.len()));
        lines
            .iter()
            .map(|l| l.masked.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn math_is_masked_and_prices_are_not() {
        let body = "$A = [[1, 2], [3, 4]]$ and [[x]]\n\
                    costs $5 and [[y]] says $10, US$1-$2 [[z]]\n\
                    $$[[a]]$$ \\$[[w]]\\$ $ [[v]] $\n\
                    $$\nM = [[b, c], [d, e]]\n  $$ \n[[after]]";
        assert_eq!(
            masked(body),
            [
                "and [[x]]",
                "costs $5 and [[y]] says $10, US$1-$2 [[z]]",
                "\\$[[w]]\\$ $ [[v]] $",
                "",
                "M = [[b, c], [d, e]]",
                "$$",
                "[[after]]",
            ]
        );
        // The block is read as a fence is: its opening line blank, the
        // rest code up to the line of `$$` alone.
        assert_eq!(
            kinds(body)[3..],
            [
                LineKind::Blank,
                LineKind::Code,
                LineKind::Code,
                LineKind::Text
            ]
        );
        // A `$$` line that no line of `$$` alone closes is text.
        assert_eq!(
            kinds("$$ [[a]]\ntext $$ more"),
            [LineKind::Text, LineKind::Text]
        );
    }

    #[test]
    fn obsidian_comments_are_masked_inline_and_across_lines() {
        let body = "a %%[[x]]%% b %% [[y]] %% [[v]]\n%%\n- **Related**: [[z]]\n%%\nc %% [[w]]\n\n[[u]] %% [[t]]";
        assert_eq!(masked(body), ["a b [[v]]", "", "", "", "c", "", "[[t]]"]);
        let k = kinds(body);
        assert_eq!(k[1..4], [const { LineKind::Blank }; 3]);
    }

    #[test]
    fn percent_signs_in_code_are_text() {
        let body = "`%%` [[a]] ``x %% y`` [[b]]\n```\n%% [[c]]\n```\n[[d]] 5% [[e]] %\n\n    %% [[f]]\n\n[[g]]";
        assert_eq!(
            masked(body),
            [
                "[[a]] [[b]]",
                "```",
                "%% [[c]]",
                "```",
                "[[d]] 5% [[e]] %",
                "",
                "%% [[f]]",
                "",
                "[[g]]"
            ]
        );
        assert_eq!(kinds(body)[6], LineKind::Code);
    }

    #[test]
    fn nothing_opens_inside_a_comment() {
        let body = "%% <!-- %% [[a]] -->\n<!-- %% --> [[b]]\n<!-- %%\n--> [[c]] %% [[d]]\n%% -->\n%% `%%` [[e]]";
        assert_eq!(
            masked(body),
            ["[[a]] -->", "[[b]]", "", "[[c]]", "-->", "` [[e]]"]
        );
    }

    #[test]
    fn runs_of_percent_signs_open_at_their_first_two() {
        assert_eq!(
            masked("[[a]] %%%% [[b]] %%%[[c]]%% [[d]] 100%% [[e]]"),
            ["[[a]] [[b]] [[d]] 100"]
        );
    }

    /// A comment left open hides the rest of the page, code fences and
    /// headings too, with a warning at the line that opened it: the same
    /// for both kinds.
    #[test]
    fn an_unclosed_comment_masks_the_rest_of_the_page() {
        for opener in ["<!--", "%%"] {
            let body = format!("[[a]] {opener} [[b]]\n```\n[[c]]\n\n    [[d]]\n# [[e]]");
            let mut d = Vec::new();
            let lines = scan(&body, 1, &mut d);
            let m: Vec<_> = lines.iter().map(|l| l.masked.trim()).collect();
            assert_eq!(m, ["[[a]]", "", "", "", "", ""], "{opener}");
            assert_eq!(
                kinds(&body)[1..],
                [const { LineKind::Blank }; 5],
                "{opener}"
            );
            assert_eq!(d.len(), 1, "{opener}");
            assert_eq!(d[0].line, Some(1), "{opener}");
            assert!(d[0].message.contains("never closed"), "{opener}");
        }
        // A comment closed, then another opened on a later line.
        let mut d = Vec::new();
        scan(
            "%% a
b %% c
d <!-- e
f",
            1,
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(3));
        // Closed by the end: no warning.
        let mut d = Vec::new();
        scan(
            "%% a
b %%",
            1,
            &mut d,
        );
        assert!(d.is_empty());
    }

    #[test]
    fn heading_text_drops_obsidian_comments() {
        let k = kinds("## x %% auto %%\n# a `%%` b\n# c %% open\n%%\n# d %%%% e");
        assert_eq!(k[0], heading(2, "x"));
        assert_eq!(k[1], heading(1, "a %% b"));
        assert_eq!(k[2], heading(1, "c"));
        assert_eq!(k[4], heading(1, "d e"));
    }

    /// A setext heading's text starts after the end of a comment carried
    /// from the lines before.
    #[test]
    fn setext_heading_after_the_end_of_a_comment() {
        for (body, text) in [
            ("<!-- a\nb --> Title\n===", "Title"),
            ("%% a\nb %% Title\n===", "Title"),
            ("%%\nb --> %% `c` Title\n===", "c Title"),
            ("<!--\nb %% --> Title %% x %%\n===", "Title"),
        ] {
            assert_eq!(kinds(body)[1], heading(1, text), "{body:?}");
        }
    }

    proptest::proptest! {
        /// Looking at the first byte before trimming the end, and at bytes
        /// for the indent, says what the former trims and decoding said.
        #[test]
        fn first_byte_checks_are_the_trimmed_ones(line in "[-=*_ \t\u{a0}\u{3000}aé]{0,8}") {
            let trimmed = line.trim_start();
            let setext = |trimmed: &str| {
                let t = trimmed.trim_end();
                let ch = *t.as_bytes().first()?;
                ((ch == b'=' || ch == b'-') && t.bytes().all(|c| c == ch))
                    .then_some(if ch == b'=' { 1 } else { 2 })
            };
            let thematic = |t: &str| {
                let t = t.trim_end();
                let Some(&ch) = t.as_bytes().first() else {
                    return false;
                };
                matches!(ch, b'-' | b'*' | b'_')
                    && t.bytes().all(|c| c == ch || c == b' ' || c == b'\t')
                    && t.bytes().filter(|&c| c == ch).count() >= 3
            };
            let indent = |s: &str| {
                let mut w = 0;
                for c in s.chars() {
                    match c {
                        ' ' => w += 1,
                        '\t' => w += 4 - w % 4,
                        _ => break,
                    }
                }
                w
            };
            proptest::prop_assert_eq!(setext_level(trimmed), setext(trimmed));
            proptest::prop_assert_eq!(is_thematic_break(trimmed), thematic(trimmed));
            proptest::prop_assert_eq!(indent_width(&line), indent(&line));
        }

        /// Code spans are the same whether their closers are found by a
        /// scan ahead or through the index of runs, from the first opener
        /// or after a few.
        #[test]
        fn indexed_runs_find_what_scans_find(
            line in "(`|``|```|a| |<!--|-->|%|%%){0,40}",
            after in 0usize..4,
        ) {
            let scanned = mask_with(&line, &mut None, usize::MAX, Blank::All);
            proptest::prop_assert_eq!(mask_with(&line, &mut None, 0, Blank::All), scanned.clone());
            proptest::prop_assert_eq!(mask_with(&line, &mut None, after, Blank::All), scanned);
        }

        /// A line in which `code_or_comment_opener` finds nothing (the
        /// lines `scan` leaves unmasked outside comments) is left as it is
        /// by `mask`.
        #[test]
        fn mask_leaves_lines_without_ticks_or_comments(
            line in "(<|!|-|-->|<!-|`|%|a| |é){0,12}",
        ) {
            let mut comment = None;
            let (masked, _) = mask(&line, &mut comment);
            if code_or_comment_opener(line.as_bytes()).is_none() {
                proptest::prop_assert!(!line.contains('`') && !line.contains("<!--"));
                proptest::prop_assert!(!line.contains("%%"));
                proptest::prop_assert!(matches!(masked, Cow::Borrowed(_)));
                proptest::prop_assert!(comment.is_none());
            }
        }
    }

    #[test]
    fn task_box_is_skipped() {
        let mut d = Vec::new();
        let lines = scan("- [x] done [[a]]", 1, &mut d);
        let LineKind::Bullet { content, .. } = lines[0].kind else {
            panic!("bullet")
        };
        assert_eq!(&lines[0].text[content..], "done [[a]]");
    }
}
