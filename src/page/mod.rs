//! One page: text in, facts out. Parsing never touches the file system or
//! the graph, so every rule here is tested on strings.
//!
//! The facts are the page's metadata (title, type, tags, aliases, dates),
//! and its [`Reference`]s: every link or plain-text target it writes, with
//! the relation it states and the line it is on.

pub mod connections;
pub mod frontmatter;
pub mod links;
pub mod markdown;
pub(crate) mod packed;
mod properties;
mod simple_yaml;
mod tables;
mod value;
mod yaml_aliases;
mod yaml_load;

use crate::diag::{DiagKind, Diagnostic};
use crate::text::{TrimExt, collapse_ws};
use connections::{Bullet, ItemTarget};
use links::{Found, FoundKind, Marks};
use markdown::{Line, LineKind};
use memchr::memmem;
pub use properties::Properties;

/// Everything a page says, as parsed from its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// `title` from frontmatter.
    pub title: Option<String>,
    /// Text of the first level-1 heading, the fallback title.
    pub h1: Option<String>,
    /// `type` from frontmatter.
    pub page_type: Option<String>,
    /// Tags from frontmatter.
    pub tags: Vec<String>,
    /// Frontmatter aliases, then `## Aliases` bullets, without duplicates.
    pub aliases: Vec<String>,
    /// Frontmatter `sources`, as written.
    pub sources: Vec<String>,
    /// `last_updated` (or `updated`, `created`, …) as written, or as a
    /// `YYYY-MM-DD` date when written as a number (Unix time, `YYYYMMDD`).
    pub last_updated: Option<String>,
    /// Other frontmatter keys with scalar values.
    pub properties: Properties,
    /// Files that are not pages which the body links or embeds
    /// (`![[diagram.png]]`, `[paper](papers/x.pdf)`), as written, each once,
    /// in the order first written.
    pub attachments: Vec<String>,
    /// Every link and typed target, in the order written (frontmatter first).
    pub refs: Vec<Reference>,
    /// Problems found while parsing (their `file` is not set yet).
    pub diagnostics: Vec<Diagnostic>,
}

/// One thing a page points at, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The relation the page states.
    pub relation: Relation,
    /// What it points at.
    pub target: Target,
    /// The note written with it, if any (a boxed string, 8 bytes smaller
    /// than `String`).
    pub note: Option<Box<str>>,
    /// 1-based line in the file.
    pub line: u32,
    /// 1-based byte column in the line.
    pub column: u32,
}

/// The relation a reference states.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// A labelled connection; the label as written (`Flows to`).
    Typed {
        /// The label as written, markdown emphasis removed.
        label: String,
    },
    /// A link in a connection section without a label.
    Related,
    /// A citation.
    Cites,
    /// Any other link.
    Mentions,
}

impl Relation {
    /// The label as written, or the relation's own name.
    pub fn label(&self) -> &str {
        match self {
            Relation::Typed { label } => label,
            Relation::Related => "related",
            Relation::Cites => "cites",
            Relation::Mentions => "mentions",
        }
    }
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A link to a page, which may or may not exist.
    Link(Link),
    /// Plain text naming something: an unlinked typed target, or a plain
    /// citation.
    Text(String),
    /// An external URL (citations only).
    Url(String),
    /// Plain text that is a target only where it names a page: a phrase
    /// under a connection heading (`- Gaussian curves for normative
    /// comparison`), which is no node of its own, but may be a page's
    /// title.
    Name(String),
}

/// A link as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The page part (`dir/Page`, `Page.md`, `../x.md` percent-decoded).
    pub target: String,
    /// `Heading` of `[[Page#Heading]]`, `^id` of a block reference. (This
    /// and `display` are boxed strings, 8 bytes smaller than `String`: a
    /// large wiki holds millions of links at once.)
    pub anchor: Option<Box<str>>,
    /// Display text (`[[Page|display]]`, `[display](x.md)`).
    pub display: Option<Box<str>>,
    /// How it was written.
    pub form: LinkForm,
}

impl Link {
    /// Moves the link's text out, leaving its form: a link that one reading
    /// of its line has claimed is not read again, so it need not be copied.
    fn take(&mut self) -> Link {
        Link {
            target: std::mem::take(&mut self.target),
            anchor: self.anchor.take(),
            display: self.display.take(),
            form: self.form,
        }
    }
}

/// The syntax of a link, which decides how its path is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkForm {
    /// `[[…]]`: relative to the wiki root, or a name.
    Wiki,
    /// `![[…]]`
    Embed,
    /// `[text](path.md)`: relative to the linking page's folder.
    Markdown,
    /// `[text](path)` without `.md`, as zk and Foam write links: relative
    /// like [`LinkForm::Markdown`], but a link only when it finds a page (a
    /// destination without an extension may as well be a folder, a file or
    /// a site's route).
    MarkdownBare,
}

impl LinkForm {
    /// True for the forms read relative to the linking page's folder.
    pub fn is_markdown(self) -> bool {
        matches!(self, LinkForm::Markdown | LinkForm::MarkdownBare)
    }
}

/// Which headings open connection, source and alias sections.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Lowercase names; a heading that is one of them, or starts with one
    /// followed by a non-letter, opens a connection section.
    pub connection_headings: Vec<String>,
    /// Same, for citation sections.
    pub source_headings: Vec<String>,
    /// Same, for alias sections.
    pub alias_headings: Vec<String>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        let v = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect();
        ParseOptions {
            connection_headings: v(&[
                "connections",
                // Not `connected` alone: `Connected Components` is a topic.
                "connected concepts",
                "connected pages",
                "connected notes",
                "connected topics",
                "connected entities",
                "connected ideas",
                "related",
                "relationships",
                "relations",
                "see also",
                "cross-references",
                "cross references",
                "links to",
                // Chinese, Japanese and Korean wikis. Listed whole: these
                // scripts write no space after a word, so a prefix would
                // take `关系型数据库` for `关系`.
                "相关",
                "相关页面",
                "相关概念",
                "相关条目",
                "相关链接",
                "相关笔记",
                "相关文档",
                "相关知识",
                "相关知识点",
                "相关知识链接",
                "相关阅读",
                "相关概念笔记",
                "相关资源",
                "延伸阅读",
                "关联",
                "关联页面",
                "关联笔记",
                "关联概念",
                "关联知识",
                "关联知识链接",
                "知识关联",
                "关系",
                "参见",
                "另见",
                "相關",
                "參見",
                "関連",
                "関連項目",
                "関連ページ",
                "関連記事",
                "関連概念",
                "関連ノート",
                "関連リンク",
                "관련",
                "관련 문서",
                "같이 보기",
                // Other languages of Europe.
                "siehe auch",
                "voir aussi",
                "articles connexes",
                "véase también",
                "ver también",
                "ver também",
                "vedi anche",
                "concetti correlati",
                "voci correlate",
                "zie ook",
                "conexões",
                "conexiones",
                "connexions",
                "relacionado",
                "relacionados",
                "relacionadas",
                "veja também",
                "se även",
                "verwandte",
                "verknüpfungen",
                "relações",
                "relaciones",
                "см. также",
                "смотрите также",
                "смотри также",
                "связанные",
                "связи",
                // Spanish, Portuguese and Italian put "related" after the
                // noun (`Notas relacionadas`): see [`related_after_noun`].
                // Italian's `correlate` is an English verb, and French's
                // `liées` and `connexes` words of mathematics: their
                // headings are listed whole.
                "note correlate",
                "pagine correlate",
                "notes liées",
                "pages liées",
                "fiches liées",
                "notions liées",
                "concepts liés",
                "notes connexes",
                "pages connexes",
                "liens connexes",
                "sujets connexes",
                "thèmes connexes",
                // Other languages.
                "powiązane",
                "zobacz też",
                "zobacz także",
                "ilgili",
                "i\u{307}lgili",
                "liên quan",
                "xem thêm",
                "terkait",
                "lihat juga",
                "související",
                "viz také",
                "se også",
                "relaterte",
                "relaterede",
                "katso myös",
                "lásd még",
                "vezi și",
                "vezi şi",
                "див. також",
                "пов'язані",
                "пов’язані",
                "δείτε επίσης",
                "ראו גם",
                "ראה גם",
                "ذات صلة",
                "انظر أيضا",
                "انظر أيضًا",
                "यह भी देखें",
                "ดูเพิ่ม",
            ]),
            source_headings: v(&[
                "sources",
                "source",
                "references",
                "bibliography",
                "citations",
                "key sources",
                "related sources",
                "来源",
                "相关来源",
                "主要来源",
                "主要来源文章",
                "来源文章",
                "原始来源",
                "参考",
                "参考资料",
                "参考来源",
                "参考链接",
                "资料来源",
                "参考文献",
                "文献",
                "出处",
                "來源",
                "參考資料",
                "資料來源",
                "参考資料",
                "出典",
                "情報源",
                "引用元",
                "ソース",
                "参照",
                "출처",
                "참고 문헌",
                "참고문헌",
                "참고 자료",
                "出自",
                "quellen",
                "quelle",
                "literatur",
                "einzelnachweise",
                "fonti",
                "fuentes",
                "fontes",
                "références",
                "referencias",
                "referências",
                "bibliografía",
                "bibliografia",
                "riferimenti",
                "источники",
                "литература",
                "ссылки",
                "джерела",
                "quellenangaben",
                "belege",
                "bronnen",
                "źródła",
                "kaynaklar",
                "provenance",
                "raw sources",
            ]),
            alias_headings: v(&["aliases", "alias", "also known as", "别名", "別名", "별칭"]),
        }
    }
}

// Substring searches run on every page: their searchers are built once.
static DATAVIEW: links::Needle = links::Needle::new(|| memmem::Finder::new("::"));
static SOURCE_TAIL: links::Needle = links::Needle::new(|| memmem::Finder::new("ource"));

/// The first `[Source` or `[source` of `b`: a search for `ource`, checked
/// for what comes before (cheaper than a look at every `[`, or than two
/// searches).
fn source_marker_start(b: &[u8]) -> Option<usize> {
    SOURCE_TAIL.find_iter(b).find_map(|i| {
        let open = i.checked_sub(2)?;
        (matches!(b[open], b'[' | b'(') && matches!(b[open + 1], b'S' | b's')).then_some(open)
    })
}

/// The first Dataview `::` of `b`.
fn field_separator(b: &[u8]) -> Option<usize> {
    DATAVIEW.find(b)
}

/// True when `text` holds `[Source` or `[source`.
fn has_source_marker(text: &str) -> bool {
    source_marker_start(text.as_bytes()).is_some()
}

/// The kind of section a line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Connections,
    Sources,
    /// A heading that joins sources to another topic (`## Source &
    /// Methodology`): its links and URLs are citations, its prose is not.
    SourcesAndMore,
    Aliases,
    /// A list of the pages that link here (`## Backlinks`, `## Referenced
    /// by`), which tools write into pages: its links are other pages'
    /// edges, not this page's, and are not read.
    Backlinks,
}

/// Headings of sections that list the pages linking to the page, which
/// wiki tools generate. Their links would give the page an edge to each
/// page that links to it, the wrong way round.
const BACKLINK_HEADINGS: &[&str] = &[
    "backlinks",
    "back links",
    "referenced by",
    "linked from",
    "incoming links",
    "inbound links",
    "linked mentions",
    "what links here",
    "pages that link here",
    "反向链接",
    "バックリンク",
    "역링크",
];

/// Headings of backlink lists that are phrases of prose as well (`Cited by
/// this paper` lists its references, `Mentioned in the press` its
/// coverage): they name a list of backlinks only whole, or with a count
/// (`Mentioned in (12)`).
const WHOLE_BACKLINK_HEADINGS: &[&str] = &[
    "referenced in",
    "mentioned in",
    "cited by",
    "lo mencionan",
    "mencionado en",
    "mencionada en",
    "mentionné dans",
    "mentionnée dans",
    "erwähnt in",
];

/// True when `h` is `name` whole, or followed only by a count: `Mentioned
/// in`, `Cited by (3)`, `Referenced in: 4`.
fn heading_is(h: &str, name: &str) -> bool {
    heading_matches(h, name)
        && h.get(name.len()..).is_some_and(|rest| {
            rest.trim_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_digit() || matches!(c, '(' | ')' | ':')
            })
            .is_empty()
        })
}

/// `Primary Sources`, `Further Sources`: a word that says which sources
/// before `Sources` (a name of its own would not be a list of sources:
/// `Energy Sources`). Asked of headings that name no section.
fn qualified_sources(h: &str) -> bool {
    const WORDS: [&str; 9] = [
        "primary",
        "secondary",
        "main",
        "further",
        "additional",
        "other",
        "original",
        "external",
        "cited",
    ];
    let b = h.as_bytes();
    let Some(at) = b.len().checked_sub(b" sources".len()) else {
        return false;
    };
    if !b[at..].eq_ignore_ascii_case(b" sources") {
        return false;
    }
    let word = h[..at].trim_ws();
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// `Notas relacionadas`, `Conceptos relacionados`, `Argomenti correlati`:
/// a heading of two to four words whose last word says "related" in a
/// language that puts it after the noun, as the English prefix `Related …`
/// cannot catch.
fn related_after_noun(h: &str) -> bool {
    // Not French's `liées` or `connexes`, which say "bound" and
    // "connected" in mathematics (`Variables liées`, `Composantes
    // connexes`): its related-notes headings are listed whole.
    const WORDS: [&str; 3] = ["relacionados", "relacionadas", "correlati"];
    // Asked of every heading that named no section (`h` is trimmed): most
    // end in none of the words' last two bytes (`os`, `as`, `ti`), told
    // without a search.
    let b = h.as_bytes();
    let ends = match b {
        [.., x, y] => (x.to_ascii_lowercase(), y.to_ascii_lowercase()),
        _ => return false,
    };
    if !matches!(ends, (b'o' | b'a', b's') | (b't', b'i')) {
        return false;
    }
    let Some(space) = b.iter().rposition(|&c| c == b' ') else {
        return false;
    };
    let (before, last) = (&h[..space], &h[space + 1..]);
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(last))
        && (1..=3).contains(&before.split_whitespace().count())
}

/// True when `heading` is `name` or starts with `name` followed by a
/// non-alphanumeric character (`Related Concepts` for `related`, but not
/// `Relationship to X` for `relations`). `heading` is read as lowercase:
/// its ASCII letters are compared by their lowercase, and a heading with
/// other letters is lowercased before it is asked about.
#[inline]
fn heading_matches(heading: &str, name: &str) -> bool {
    // Most names differ from the heading in their first two bytes (a
    // heading that names sources is asked about each source name; names of
    // one first byte are many): told here, without a call.
    match (heading.as_bytes(), name.as_bytes()) {
        ([h, ..], [n, ..]) if h.to_ascii_lowercase() != *n => false,
        ([_, h, ..], [_, n, ..]) if h.to_ascii_lowercase() != *n => false,
        _ => heading_matches_whole(heading, name),
    }
}

/// [`heading_matches`], byte by byte.
#[inline(never)]
fn heading_matches_whole(heading: &str, name: &str) -> bool {
    let (h, n) = (heading.as_bytes(), name.as_bytes());
    if h.len() < n.len() || !h.iter().zip(n).all(|(a, b)| a.to_ascii_lowercase() == *b) {
        return false;
    }
    match heading.get(n.len()..) {
        Some("") => true,
        // `Source-Backed Claims`, `Source-Level Detail`: the singular
        // joined to a word is a compound of its own (`Sources-2024`,
        // `Related-Pages` stay their sections).
        Some(rest) => match rest.as_bytes().first() {
            Some(b'-') => name != "source" || !rest[1..].starts_with(|c: char| c.is_alphabetic()),
            _ => !rest.starts_with(|c: char| c.is_alphanumeric()),
        },
        None => false,
    }
}

/// The first bytes of the section heading names: a heading that starts with
/// none of them (most headings) is no section's, without a look at each
/// name; and the names by their first byte, so that a heading is compared
/// with those that start as it does. Made once per load.
#[derive(Debug, Clone)]
struct FirstBytes {
    bits: [u64; 4],
    /// An empty name, which any heading may match.
    empty: bool,
    /// Whether `Primary Sources` and its kin are sources (see
    /// [`qualified_sources`]): when `sources` is one of the names.
    qualified_sources: bool,
    /// Whether `Notas relacionadas` and its kin are connection headings
    /// (see [`related_after_noun`]): when `related` is one of the names.
    related_after_noun: bool,
    /// The names' first four bytes (ASCII letters lowercase), hashed into
    /// 1,024 bits: a line outside sections whose words start with none of
    /// them has no label that names a section (see [`Body::labelled_elsewhere`]).
    starts: [u64; 16],
    /// A name shorter than four bytes, which any label may start.
    short: bool,
    /// The names with the section each opens, by first byte (ASCII letters
    /// lowercase) and within one byte in the order they are tried:
    /// connection names, then source names, then alias names, then the
    /// built-in backlink names.
    /// A name that is matched only whole ([`heading_is`]) is marked so.
    by_first: Vec<(Section, Box<str>, Whole)>,
    /// Where the names of each first byte `b` start in `by_first`
    /// (`bounds[b]..bounds[b + 1]`).
    bounds: Box<[u32; 257]>,
}

impl FirstBytes {
    fn of(opts: &ParseOptions) -> Self {
        let mut set = FirstBytes {
            bits: [0; 4],
            empty: false,
            starts: [0; 16],
            short: false,
            by_first: Vec::new(),
            bounds: Box::new([0; 257]),
            qualified_sources: opts.source_headings.iter().any(|n| n == "sources"),
            related_after_noun: opts.connection_headings.iter().any(|n| n == "related"),
        };
        fn kind(names: &[String], section: Section) -> impl Iterator<Item = (Section, &String)> {
            names.iter().map(move |n| (section, n))
        }
        let names = kind(&opts.connection_headings, Section::Connections)
            .chain(kind(&opts.source_headings, Section::Sources))
            .chain(kind(&opts.alias_headings, Section::Aliases));
        for (section, n) in names {
            set.by_first
                .push((section, n.as_str().into(), Whole(false)));
            match n.as_bytes().first() {
                Some(&b) => set.bits[usize::from(b >> 6)] |= 1 << (b & 63),
                None => set.empty = true,
            }
            set.may_start(n);
            // A label is asked about as written, and only ASCII letters are
            // lowercased for it: `**См. также**` starts as `См` does.
            if !n.is_ascii() {
                let mut chars = n.chars();
                let capital: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(chars)
                    .collect();
                // (`i̇lgili`, as `İlgili` lowercases, capitalised is `İlgili`.)
                set.may_start(&crate::text::nfc(&capital));
            }
        }
        // Backlink headings are tried last, and are no labels (`starts`).
        let backlinks = BACKLINK_HEADINGS
            .iter()
            .map(|n| (n, Whole(false)))
            .chain(WHOLE_BACKLINK_HEADINGS.iter().map(|n| (n, Whole(true))));
        for (n, whole) in backlinks {
            set.by_first.push((Section::Backlinks, (*n).into(), whole));
            if let Some(&b) = n.as_bytes().first() {
                set.bits[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
        // Stable: names of one first byte keep the order they are tried in.
        set.by_first
            .sort_by_key(|(_, n, _)| n.as_bytes().first().copied());
        for (_, n, _) in &set.by_first {
            // An empty name is tried with every heading, below.
            if let Some(&b) = n.as_bytes().first() {
                set.bounds[usize::from(b) + 1] += 1;
            }
        }
        let empties = set
            .by_first
            .iter()
            .take_while(|(_, n, _)| n.is_empty())
            .count();
        set.bounds[0] = empties as u32;
        for b in 1..257 {
            set.bounds[b] += set.bounds[b - 1];
        }
        set
    }

    /// Marks the first four bytes of `name` in `starts` (a shorter name in
    /// `short`).
    fn may_start(&mut self, name: &str) {
        match name.as_bytes().first_chunk::<4>() {
            Some(head) => {
                let h = start_hash(*head);
                self.starts[h >> 6] |= 1 << (h & 63);
            }
            None => self.short = true,
        }
    }

    /// The section of the first name that `h` matches ([`heading_matches`]),
    /// if any: a connection name before a source name before an alias name
    /// before a backlink name.
    fn section_named(&self, h: &str) -> Option<Section> {
        let first = usize::from(h.as_bytes().first()?.to_ascii_lowercase());
        let (from, to) = (self.bounds[first] as usize, self.bounds[first + 1] as usize);
        let empties = &self.by_first[..self.bounds[0] as usize];
        // The longest name that matches says most (`Related Sources` is a
        // list of sources, not of related pages); of two as long, the
        // section ranked first.
        let mut best: Option<(Section, usize)> = None;
        for (section, n, whole) in self.by_first[from..to].iter().chain(empties) {
            let better = best
                .is_none_or(|(b, len)| n.len() > len || n.len() == len && rank(*section) < rank(b));
            let matches = if whole.0 {
                heading_is(h, n)
            } else {
                heading_matches(h, n)
            };
            if better && matches {
                best = Some((*section, n.len()));
            }
        }
        best.map(|(section, _)| section)
    }

    /// False when no name can start the words of `masked` (a line's masked
    /// text from where its words start), after the `**` or `__` of a bold
    /// label: no label there names a section.
    #[inline]
    fn may_label(&self, masked: &str) -> bool {
        let b = masked.as_bytes();
        let b = match b {
            [b'*', b'*', rest @ ..] | [b'_', b'_', rest @ ..] => rest,
            _ => b,
        };
        match b.first_chunk::<4>() {
            Some(head) => {
                let h = start_hash(*head);
                self.short || self.starts[h >> 6] & (1 << (h & 63)) != 0
            }
            None => self.short,
        }
    }

    /// False when no name can match `h` (compared as [`heading_matches`]
    /// compares, ASCII letters by their lowercase).
    fn may_match(&self, h: &str) -> bool {
        match h.as_bytes().first() {
            Some(&b) => {
                let b = b.to_ascii_lowercase();
                self.empty || self.bits[usize::from(b >> 6)] & (1 << (b & 63)) != 0
            }
            None => true,
        }
    }
}

/// The order in which the kinds of names are tried.
fn rank(section: Section) -> u8 {
    match section {
        Section::Connections => 0,
        Section::Sources => 1,
        _ => 2,
    }
}

/// Whether a section name is matched only whole ([`heading_is`]).
#[derive(Debug, Clone, Copy)]
struct Whole(bool);

/// A hash in 0..1024 of a name's first four bytes, ASCII letters by their
/// lowercase.
#[inline]
fn start_hash(head: [u8; 4]) -> usize {
    let word = u32::from_le_bytes(head.map(|c| c.to_ascii_lowercase()));
    (word.wrapping_mul(0x9E37_79B1) >> 22) as usize
}

impl ParseOptions {
    /// The kind of section a heading opens.
    #[cfg(test)]
    fn section(&self, heading: &str) -> Section {
        self.section_in(heading, &FirstBytes::of(self))
    }

    /// [`ParseOptions::section`], with the names' first bytes at hand.
    fn section_in(&self, heading: &str, firsts: &FirstBytes) -> Section {
        self.section_of(heading, firsts, firsts.related_after_noun)
    }

    /// The section a label names (`**Related**:`, `See also:`): as a
    /// heading's, but for [`related_after_noun`], which is a heading's
    /// shape (and would be asked of every label).
    fn label_section_in(&self, label: &str, firsts: &FirstBytes) -> Section {
        self.section_of(label, firsts, false)
    }

    fn section_of(&self, heading: &str, firsts: &FirstBytes, after_noun: bool) -> Section {
        // Most headings are plain ASCII words: they are compared as they
        // are, without copies to clean or lowercase them.
        let cleaned;
        let h = if crate::text::is_plain_label(heading) {
            heading
        } else {
            cleaned = crate::text::strip_emphasis(heading).to_lowercase();
            &cleaned
        };
        let h = h.trim_ws().trim_end_matches(':');
        let mut section = self.named_section(h, firsts);
        if section == Section::Other && !h.starts_with(|c: char| c.is_alphabetic()) {
            // `🔗 Connections`, `2. Related`, `§3.1 See also`: the same
            // heading with a decoration before its words.
            section = match undecorated(h) {
                "" => Section::Other,
                bare if bare.len() < h.len() => self.named_section(bare, firsts),
                _ => Section::Other,
            };
        }
        if section == Section::Other && after_noun && related_after_noun(h) {
            section = Section::Connections;
        }
        if section != Section::Other || memchr::memchr(b'/', h.as_bytes()).is_none() {
            return section;
        }
        // A heading in two languages, `相关笔记 / Related Notes`: the section
        // either part names.
        h.split('/')
            .map(|part| part.trim_ws())
            .filter(|part| !part.is_empty() && part.len() < h.len())
            .map(|part| self.section_of(part, firsts, after_noun))
            .find(|&s| s != Section::Other)
            .unwrap_or(Section::Other)
    }

    /// The section a cleaned heading names, compared as written.
    fn named_section(&self, h: &str, firsts: &FirstBytes) -> Section {
        if !firsts.may_match(h) {
            return if firsts.qualified_sources && qualified_sources(h) {
                Section::Sources
            } else {
                Section::Other
            };
        }
        match firsts.section_named(h) {
            Some(Section::Sources) => self.sources_section(h),
            Some(section) => section,
            None if firsts.qualified_sources && qualified_sources(h) => Section::Sources,
            None => Section::Other,
        }
    }

    /// The section of a heading that names sources: [`Section::SourcesAndMore`]
    /// when the name is joined to another topic by `&`, `and`, `+` or `/`,
    /// unless that topic is sources too (`Sources and References`,
    /// `Sources & Further Reading`).
    fn sources_section(&self, h: &str) -> Section {
        let lower = h.to_lowercase();
        let Some(name) = self
            .source_headings
            .iter()
            .filter(|n| heading_matches(&lower, n))
            .max_by_key(|n| n.len())
        else {
            return Section::Sources;
        };
        let rest = lower[name.len()..].trim_start_ws();
        let Some(other) = ["&", "and ", "+", "/"]
            .into_iter()
            .find_map(|j| rest.strip_prefix(j))
            .map(|o| o.trim_ws())
        else {
            return Section::Sources;
        };
        // `Quelle / Zitat`: the quotation is what is cited.
        let sources_too = other.is_empty()
            || ["further reading", "reading", "zitat", "quote", "citation"]
                .iter()
                .any(|w| other.starts_with(w))
            || self
                .source_headings
                .iter()
                .any(|n| heading_matches(other, n));
        if sources_too {
            Section::Sources
        } else {
            Section::SourcesAndMore
        }
    }
}

/// A heading without what decorates the start of it: symbols and emoji,
/// then a section number followed by a space (`2.`, `3.1`, `4)`).
fn undecorated(h: &str) -> &str {
    let symbol = |c: char| !c.is_alphanumeric();
    let h = h.trim_start_matches(symbol);
    let number = h
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ')'))
        .unwrap_or(h.len());
    if number > 0 && h[number..].starts_with(char::is_whitespace) {
        h[number..].trim_start_matches(symbol)
    } else {
        h
    }
}

/// Parse options made ready to read many pages: what every page would
/// otherwise work out from the heading names again.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'o> {
    opts: &'o ParseOptions,
    firsts: FirstBytes,
}

impl<'o> Prepared<'o> {
    /// `opts`, ready for pages.
    pub(crate) fn new(opts: &'o ParseOptions) -> Self {
        Prepared {
            opts,
            firsts: FirstBytes::of(opts),
        }
    }
}

/// Parses a page's text.
pub fn parse(text: &str, opts: &ParseOptions) -> Page {
    let mut page = parse_to_pack(text, &Prepared::new(opts));
    // A caller that keeps the page gets its references in a list of their
    // exact length (the roomy one is freed now, and the next page reuses
    // it), moved in one copy.
    if page.refs.capacity() > page.refs.len() {
        let mut exact = Vec::with_capacity(page.refs.len());
        exact.append(&mut page.refs);
        page.refs = exact;
    }
    page
}

/// [`parse`] for a caller that packs the references at once
/// (`SourcePage::new`): their list is left with the room it was given,
/// which packing frees, rather than copied to its exact length first.
pub(crate) fn parse_to_pack(text: &str, opts: &Prepared<'_>) -> Page {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line numbers must not depend on the line-ending style: CRLF and lone CR
    // both count as one break.
    let owned;
    let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        owned = text.replace("\r\n", "\n").replace('\r', "\n");
        owned.as_str()
    } else {
        text
    };

    let mut page = Page::default();
    let mut diags = Vec::new();
    let (block, body, body_line) = frontmatter::split(text, &mut diags);
    if let Some(block) = block {
        let f = frontmatter::parse(&block, &mut diags);
        page.title = f.title;
        page.page_type = f.page_type;
        page.tags = f.tags;
        page.aliases = f.aliases;
        page.sources = f.sources;
        page.last_updated = f.last_updated;
        page.properties = f.properties;
        page.refs = f.refs;
    }
    // Room up front saves growing the list as it fills, and what is left
    // over is given back by `parse`. Wikis write a link every 60 to 320 bytes:
    // room for one every 32 is ample, and costs no pass over the body (as
    // counting its `[` did). (Bounded, so that a huge file does not ask for
    // gigabytes at once: past that, the list grows as it fills.)
    page.refs.reserve((body.len() / 32).min(1 << 14));
    // Lines are read as the body's reader asks for them. A fence left open
    // is known only at the end; its warning keeps its place before the
    // reader's own, where a scan of every line up front put it.
    let mut lines = markdown::Lines::new(body, body_line);
    let scan_diags = diags.len();
    Body::new(opts, &mut page, &mut diags, MayHold::of(body)).read(&mut lines);
    crate::text::keep_first(&mut page.aliases);
    crate::text::keep_first(&mut page.attachments);
    crate::text::keep_first(&mut page.tags);
    if let Some(d) = lines.unclosed_fence() {
        diags.insert(scan_diags, d);
    }
    diags.extend(lines.unclosed_comment());
    page.diagnostics = diags;
    page
}

/// A label bullet with no targets of its own, waiting for nested bullets.
struct PendingLabel {
    label: String,
    reach: Reach,
    line: u32,
    used: bool,
    unused: Unused,
}

/// Which bullets a pending label is for.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// Those nested below a labelled bullet of this indent.
    Deeper(usize),
    /// Those after a label on a line of its own (`**Phase siblings:**`), up
    /// to the next line of text.
    Line,
    /// Those below a heading inside a connection section (`### Upstream`),
    /// up to the next heading.
    Heading,
}

impl Reach {
    /// The reach of a label written on a bullet of `indent`, or on a line
    /// of its own (`None`).
    fn of(indent: Option<usize>) -> Self {
        indent.map_or(Reach::Line, Reach::Deeper)
    }

    /// True when a bullet of `indent` (`None`: a line read as a bullet)
    /// takes the label.
    fn takes(self, indent: Option<usize>) -> bool {
        match self {
            Reach::Deeper(i) => indent.is_some_and(|b| b > i),
            Reach::Line | Reach::Heading => true,
        }
    }
}

/// What a label that no bullet took becomes.
#[derive(Debug, Clone, Copy)]
enum Unused {
    /// A warning: `- **Complements**:` promised targets.
    Warn,
    /// A `related` plain-text target at this column: `- **Share**` names
    /// something.
    Target(u32),
    /// Nothing: `**Related Objects**` on a line of its own, with no bullet
    /// after it, is a sub-heading.
    Quiet,
}

/// Where the body writes the rare constructs that lines are searched for
/// only when they hold one: `[Source` or `[source` of citation markers,
/// `::` of Dataview fields, and `[`, which opens every link.
#[derive(Debug, Clone)]
struct MayHold<'b> {
    source_markers: Marks<'b>,
    dataview: Marks<'b>,
    brackets: Marks<'b>,
}

impl<'b> MayHold<'b> {
    /// Marks found in the body, so that lines need not be searched one by
    /// one. Masking only blanks text, so a line's masked text holds a
    /// needle only if its text does.
    fn of(body: &'b str) -> Self {
        MayHold {
            source_markers: Marks::new(body, source_marker_start),
            dataview: Marks::new(body, field_separator),
            // Most lines of real wikis hold no `[` (five in six of the
            // corpora's): one search over the body passes them all, where a
            // search per line cost a call each.
            brackets: Marks::new(body, |b| memchr::memchr(b'[', b)),
        }
    }
}

/// Where the text of a footnote definition (`[^1]: text`, at the margin)
/// starts, or `None` for any other line.
fn footnote_definition(masked: &str) -> Option<usize> {
    let rest = masked.strip_prefix("[^")?;
    let close = memchr::memchr(b']', bounded(rest, 0, 64).as_bytes())?;
    let label = &rest[..close];
    if label.is_empty() || label.contains(char::is_whitespace) || !rest[close..].starts_with("]:") {
        return None;
    }
    let after = 2 + close + 2;
    Some(masked.len() - masked[after..].trim_start_ws().len())
}

/// True when the bullet whose text starts at `content` is an item of a
/// numbered list (`1. Read the page`): a step, not a name.
fn numbered(line: &Line<'_>, content: usize) -> bool {
    line.masked[..content]
        .trim_start_ws()
        .starts_with(|c: char| c.is_ascii_digit())
}

/// Longest bullet, in bytes, that [`Body::page_names`] reads for names of
/// pages: a page's title is shorter, and a paragraph need not be kept.
const MAX_PAGE_NAME_BULLET: usize = 160;

/// Most words in a plain-text target named by a bullet nested under a
/// label (`- **Applications**:` then `  - Computer graphics`).
const NESTED_NAME_WORDS: usize = 4;

/// State while reading the body.
/// True when `next`, the line after a bullet (or after a line that
/// continues one), continues its text: an indented text line. (A line at
/// the margin is read as a line of its own, as it reads in the source,
/// although Markdown would make it part of the item: `Not a bullet: [[x]]`
/// under a list.)
fn continues_bullet(next: &Line<'_>) -> bool {
    // The text, not the masked text: a line may start with a code span.
    let t = next.text.trim_start_ws();
    next.kind == LineKind::Text
        && next.text.starts_with([' ', '\t'])
        && !t.is_empty()
        // A table or a quote inside the item is no part of its text.
        && !t.starts_with(['|', '>'])
}

/// A bullet and the lines that continue it, joined by spaces into one line,
/// with where each part came from.
struct Joined {
    no: u32,
    start: usize,
    kind: LineKind,
    text: String,
    masked: String,
    /// Per part: its offset in the joined text, its line number, and the
    /// offset in its own line where its text starts.
    parts: Vec<(usize, u32, usize)>,
}

impl Joined {
    fn new(first: &Line<'_>, rest: &[Line<'_>]) -> Self {
        let mut text = first.text.clone().into_owned();
        let mut masked = first.masked.clone().into_owned();
        let mut parts = vec![(0, first.no, 0)];
        for l in rest {
            // Masking keeps lengths, so one offset cuts both. The indent is
            // the text's: a code span at the start is masked as blanks.
            let lead = l.text.len() - l.text.trim_start_ws().len();
            text.push(' ');
            masked.push(' ');
            parts.push((text.len(), l.no, lead));
            text.push_str(&l.text[lead..]);
            masked.push_str(&l.masked[lead..]);
        }
        Joined {
            no: first.no,
            start: first.start,
            kind: first.kind.clone(),
            text,
            masked,
            parts,
        }
    }

    /// The joined line.
    fn line(&self) -> Line<'_> {
        Line {
            no: self.no,
            start: self.start,
            text: std::borrow::Cow::Borrowed(&self.text),
            masked: std::borrow::Cow::Borrowed(&self.masked),
            kind: self.kind.clone(),
        }
    }

    /// The line and column (1-based, in bytes) of the joined line's
    /// `column`.
    fn place(&self, column: u32) -> (u32, u32) {
        let at = (column as usize).saturating_sub(1);
        let i = self.parts.partition_point(|p| p.0 <= at).saturating_sub(1);
        match self.parts.get(i) {
            Some(&(from, no, lead)) => (no, (at - from + lead + 1) as u32),
            None => (self.no, column),
        }
    }
}

struct Body<'o, 'p, 'b> {
    opts: &'o ParseOptions,
    page: &'p mut Page,
    diags: &'p mut Vec<Diagnostic>,
    section: Section,
    /// The level of the heading that opened the connection section: a
    /// deeper heading inside it labels the bullets below it.
    connection_level: Option<u8>,
    /// Inside a callout titled as a section (`> [!info] See also`): the
    /// section to go back to where the callout ends.
    callout: Option<Section>,
    /// Inside the list after a label line that names a section
    /// (`**References:**`, `See also:`, `- **Related**:`).
    label_section: Option<LabelList>,
    /// The first bytes of `opts`' heading names.
    firsts: &'p FirstBytes,
    pending: Option<PendingLabel>,
    may_hold: MayHold<'b>,
    /// Where the line being read ends in the body: a bullet joined with the
    /// lines that continue it ends where the last of them does.
    line_end: usize,
    /// The length of its first line.
    first_len: usize,
    /// Lists for the links of a line and which of them a reading has
    /// claimed, kept from line to line (see [`Body::links_of`]).
    found: Vec<Found>,
    claimed: Vec<bool>,
    /// Where a table of a connection section is read.
    table: TableState,
    /// The bullets of a source list that the next bullets may be nested
    /// in, outermost first.
    source_parents: smallvec::SmallVec<[SourceParent; 4]>,
    /// The reference whose note [`Body::say_more`] stopped growing.
    said_full: Option<usize>,
}

/// A bullet of a source list, for the bullets nested below it.
#[derive(Debug)]
struct SourceParent {
    indent: usize,
    what: SourceBullet,
}

/// What a bullet of a source list is to the bullets nested below it.
#[derive(Debug)]
enum SourceBullet {
    /// A bullet that cites a link or URL (its last citation is
    /// `refs[at]`): under `## Sources`, a nested bullet without either says more of it
    /// (`- [[book]]` then `  - ch. 3, pp. 10–12`), as its note.
    Cited { at: usize },
    /// A bullet of text only, cited as `refs[at]`.
    /// A nested bullet that cites a link or URL, or any nested bullet when
    /// the text reads as the list's sub-heading (`- **Primary**`,
    /// `- Papers:`), makes it the name of a group of sources rather than a
    /// source; otherwise nested bullets say more of it, as its note.
    Text { at: usize, heads: bool },
    /// A bullet of text that is not cited (text is cited under `## Sources`
    /// only), which may still name a group.
    Uncited { name: String, heads: bool },
    /// The name of a group of sources, said of each source below it.
    Group { name: String },
}

/// The list that a label naming a section heads, outside that section.
#[derive(Debug, Clone, Copy)]
struct LabelList {
    /// The section to go back to where the list ends.
    outer: Section,
    /// The indent of the bullet that is the label (`- **Related**:`),
    /// whose nested bullets are the list; `None` for a line of text.
    bullet: Option<usize>,
}

impl LabelList {
    /// True when `line` is past the list: a heading, a rule, text at the
    /// margin, or (under a bullet) a bullet no deeper than the label's.
    fn ends_at(&self, line: &Line<'_>) -> bool {
        match line.kind {
            LineKind::Heading { .. } | LineKind::Rule => true,
            LineKind::Text => !line.text.starts_with([' ', '\t']),
            LineKind::Bullet { indent, .. } => self.bullet.is_some_and(|at| indent <= at),
            LineKind::Blank | LineKind::Code => false,
        }
    }
}

/// Reading a table in a connection section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableState {
    /// Not in a table.
    Out,
    /// After a row that may be a header: a delimiter row would make it one.
    Header(tables::Columns),
    /// In a table's rows, read by its header's columns.
    Rows(tables::Columns),
}

impl<'o, 'p, 'b> Body<'o, 'p, 'b> {
    fn new(
        prepared: &'p Prepared<'o>,
        page: &'p mut Page,
        diags: &'p mut Vec<Diagnostic>,
        may_hold: MayHold<'b>,
    ) -> Self {
        Body {
            opts: prepared.opts,
            page,
            diags,
            section: Section::Other,
            connection_level: None,
            callout: None,
            label_section: None,
            firsts: &prepared.firsts,
            pending: None,
            may_hold,
            line_end: 0,
            first_len: 0,
            found: Vec::new(),
            claimed: Vec::new(),
            table: TableState::Out,
            source_parents: smallvec::SmallVec::new(),
            said_full: None,
        }
    }

    fn read<'t>(&mut self, lines: impl Iterator<Item = Line<'t>>) {
        let mut lines = lines.peekable();
        while let Some(first) = lines.next() {
            // A bullet of a connection or source section wrapped onto the
            // lines below it is read whole, as one line: `- Smith (2020).
            // Title` then `  URL: https://…` cites the URL, as it would on
            // one line. In a source list, a line that links a page of its
            // own is a source of its own, with the text after it its note
            // (`- [[c]], p. 4` then `  [[d]], p. 9`), and is not joined.
            let mut wrapped = Vec::new();
            let sources = matches!(self.section, Section::Sources | Section::SourcesAndMore);
            if (sources || self.section == Section::Connections)
                && matches!(first.kind, LineKind::Bullet { .. })
            {
                let joins = |l: &Line<'_>| {
                    continues_bullet(l)
                        && !(sources && (l.masked.contains("[[") || l.masked.contains(".md)")))
                };
                while let Some(next) = lines.next_if(joins) {
                    wrapped.push(next);
                }
            }
            self.first_len = first.text.len();
            if let Some(last) = wrapped.last() {
                self.line_end = last.start + last.text.len();
                let joined = Joined::new(&first, &wrapped);
                let before = self.page.refs.len();
                self.read_line(&joined.line());
                for r in &mut self.page.refs[before..] {
                    (r.line, r.column) = joined.place(r.column);
                }
                continue;
            }
            self.line_end = first.start + first.text.len();
            self.read_line(&first);
        }
        self.close_pending();
    }

    /// One line (or a bullet joined with the lines that continue it).
    fn read_line(&mut self, line: &Line<'_>) {
        if let Some(outer) = self.callout
            && !line.text.trim_start_ws().starts_with('>')
        {
            self.close_pending();
            self.section = outer;
            self.source_parents.clear();
            self.callout = None;
        }
        if let Some(list) = self.label_section
            && list.ends_at(line)
        {
            self.section = list.outer;
            self.source_parents.clear();
            self.label_section = None;
        }
        // A table ends at the first line that is not a row of it.
        if self.table != TableState::Out
            && !(line.kind == LineKind::Text && tables::is_row(&line.masked))
        {
            self.table = TableState::Out;
        }
        if self.section == Section::Backlinks && !matches!(line.kind, LineKind::Heading { .. }) {
            // Other pages' links to this one, listed here by a tool.
            return;
        }
        match &line.kind {
            LineKind::Code | LineKind::Blank | LineKind::Rule => {}
            LineKind::Heading { level, text } => {
                self.close_pending();
                self.source_parents.clear();
                let named = self.opts.section_in(text, self.firsts);
                // `# Related` or `# Sources` in a page without a title
                // heading is a section, not the page's title.
                if *level == 1 && self.page.h1.is_none() && named == Section::Other {
                    self.page.h1 = Some(clean_heading(text));
                }
                self.heading(*level, text, named, line.no);
                // Links in headings are mentions.
                let (found, claimed) = self.links_of(line);
                self.rest_as_mentions(line, found, claimed);
            }
            LineKind::Bullet { indent, content } => self.bullet(line, *indent, *content),
            LineKind::Text => {
                // Text at the margin ends a list.
                if !self.source_parents.is_empty() && !line.text.starts_with([' ', '\t']) {
                    self.source_parents.clear();
                }
                if self
                    .pending
                    .as_ref()
                    .is_some_and(|p| !matches!(p.reach, Reach::Heading))
                    && !line.text.starts_with([' ', '\t'])
                {
                    self.close_pending();
                }
                self.text_line(line);
            }
        }
    }

    /// Opens the section of a heading (`named`: the section its text
    /// names, [`ParseOptions::section_in`]). A heading deeper than the one that
    /// opened a connection section (of level two or more), and named for no
    /// section itself (`## Connections` then `### Upstream`), stays in it:
    /// its text labels the bullets below it.
    fn heading(&mut self, level: u8, text: &str, named: Section, line: u32) {
        self.label_section = None;
        match (named, self.connection_level) {
            (Section::Other, Some(outer)) if level > outer => {
                let label = clean_heading(text);
                let label = label.trim_end_matches(':').trim_ws();
                if !label.is_empty() {
                    self.pending = Some(PendingLabel {
                        label: label.to_owned(),
                        reach: Reach::Heading,
                        line,
                        used: false,
                        unused: Unused::Quiet,
                    });
                }
                return;
            }
            (Section::Connections, Some(outer)) if level > outer => {}
            // A level-one heading is the page's title more often than a
            // section: what follows it is not taken in.
            (Section::Connections, _) if level > 1 => self.connection_level = Some(level),
            _ => self.connection_level = None,
        }
        self.section = named;
    }

    /// A callout whose title names a section (`> [!info] See also`,
    /// `> [!note]- Sources`) opens that section until the callout ends.
    fn callout_title(&mut self, line: &Line<'_>) {
        let Some(rest) = line.masked.trim_start_ws().strip_prefix('>') else {
            return;
        };
        let Some(rest) = rest.trim_start_ws().strip_prefix("[!") else {
            return;
        };
        let Some(close) = rest.find(']') else {
            return;
        };
        let title = rest[close + 1..].trim_start_matches(['+', '-']).trim_ws();
        let mut section = if title.is_empty() {
            Section::Other
        } else {
            self.opts.section_in(title, self.firsts)
        };
        // Else its type may name one: `> [!related]`, `> [!see-also] 另见`.
        if section == Section::Other {
            let kind = rest[..close].replace(['-', '_'], " ");
            section = self.opts.section_in(kind.trim_ws(), self.firsts);
        }
        if section == Section::Other {
            return;
        }
        self.close_pending();
        self.callout = Some(self.callout.unwrap_or(self.section));
        self.section = section;
    }

    /// The links on a line, none claimed yet, in the lists kept from line
    /// to line ([`Body::rest_as_mentions`] gives them back).
    // Inlined into its four callers: kept out of line, moving the two
    // lists in and out of it cost more than the `[` search saves.
    #[inline(always)]
    fn links_of(&mut self, line: &Line<'_>) -> (Vec<Found>, Vec<bool>) {
        let mut found = std::mem::take(&mut self.found);
        // Masking only blanks text: a line whose text in the body holds no
        // `[` holds no link, and one that does holds none before its first.
        // (A joined line's text is the body's only as far as its first line
        // goes, and that holds no `[` when the first is further.)
        match self
            .may_hold
            .brackets
            .first_within(line.start, self.line_end)
        {
            Some(at) => {
                let from = (at - line.start).min(self.first_len);
                links::scan_from(&line.masked, from, &mut found);
            }
            None => found.clear(),
        }
        let mut claimed = std::mem::take(&mut self.claimed);
        claimed.clear();
        claimed.resize(found.len(), false);
        (found, claimed)
    }

    fn close_pending(&mut self) {
        let Some(p) = self.pending.take() else {
            return;
        };
        if p.used {
            return;
        }
        match p.unused {
            Unused::Target(column) => self.page.refs.push(Reference {
                relation: Relation::Related,
                target: Target::Text(p.label),
                note: None,
                line: p.line,
                column,
            }),
            Unused::Warn => self.diags.push(Diagnostic::warning(
                DiagKind::Connection,
                p.line,
                format!("connection `{}` has no target", p.label),
            )),
            Unused::Quiet => {}
        }
    }

    /// A non-bullet line: inline `[Source: …]`, Dataview fields, citations in
    /// source sections, mentions.
    fn text_line(&mut self, line: &Line<'_>) {
        if line.masked.trim_start_ws().starts_with('>') {
            // Its links, if any, are read below as any line's.
            self.callout_title(line);
        }
        if self.section == Section::Connections && tables::is_row(&line.masked) {
            self.table_row(line);
            return;
        }
        let (mut found, mut claimed) = self.links_of(line);
        self.source_markers(line, &mut found, &mut claimed);
        if let Some(content) = footnote_definition(&line.masked) {
            // `[^1]: [[source]], p. 4`: a footnote cites what it links to.
            if !self.cite_bullet(line, content, &mut found, &mut claimed) {
                self.cite_plain(line, content, &found, false);
            }
            self.rest_as_mentions(line, found, claimed);
            return;
        }
        // A bold label that names sources ends a list of connections as it
        // would any text: `**Source:** [DOI](https://…)` under `## Related`.
        let elsewhere = self.section == Section::Other
            || (self.section == Section::Connections && opens_in_bold(&line.masked));
        if elsewhere {
            let listed = !found.is_empty() || may_head_list(&line.masked);
            // `**Source:** https://x`, `Sources: https://x` and
            // `**Source**: `raw/a.md`` hold no link either: asked only of a
            // line that opens in bold or with a section's name and a colon
            // soon after (not every line's words are looked at).
            if listed
                || opens_in_bold(&line.masked)
                || (self.firsts.may_label(&line.masked) && colon_soon(&line.masked))
            {
                let lead = italic_start(&line.text, words_start(&line.text));
                if self.firsts.may_label(&line.masked[lead..])
                    && (listed
                        || names_beyond_links(&line.text[lead..], &line.masked[lead..])
                        || opens_in_bold(&line.masked))
                    && self.labelled_elsewhere(line, None, lead, &mut found, &mut claimed, false)
                {
                    self.rest_as_mentions(line, found, claimed);
                    return;
                }
            }
        }
        if self.section == Section::Connections
            && let Some((bullet, lead)) = labelled(line, &found)
        {
            // `**Project:** [[a]] · [[b]]` reads as the bullet it would be.
            self.connection(line, bullet, None, lead, &mut found, &mut claimed);
            self.rest_as_mentions(line, found, claimed);
            return;
        }
        let _ = self.dataview(line, &mut found, &mut claimed);
        if matches!(self.section, Section::Sources | Section::SourcesAndMore) {
            // A line that continues a source bullet says more of its source.
            if let Some(SourceBullet::Cited { at } | SourceBullet::Text { at, .. }) =
                self.source_parents.last().map(|p| &p.what)
                && found.is_empty()
                && self.section == Section::Sources
            {
                let (at, lead) = (*at, words_start(&line.text));
                self.say_more(at, line, lead);
            }
            // Its links are sources. A line that opens with one reads as a
            // bullet would (`[[d]], p. 9`: the text after it is its note);
            // in prose, the text around them is no note.
            let lead = words_start(&line.text);
            let bullet_like = opens_with_link(&found, lead) && self.section == Section::Sources;
            let cited = (bullet_like && self.cite_bullet(line, lead, &mut found, &mut claimed))
                || self.cite_links(line, &mut found, &mut claimed, None);
            if !cited {
                // Its URLs, written as prose rather than bullets
                // (`https://…` or `[Title](https://…)` on a line of its
                // own), are sources as a bullet's are.
                self.cite_plain(line, lead, &found, false);
            }
        }
        self.rest_as_mentions(line, found, claimed);
    }

    /// A table row in a connection section: the header, its delimiter, or
    /// a row whose links are targets (`related`, or the label in the
    /// relation column), its note column (or its other cells) the note.
    fn table_row(&mut self, line: &Line<'_>) {
        let (mut found, mut claimed) = self.links_of(line);
        self.source_markers(line, &mut found, &mut claimed);
        let cells = tables::cells(&line.masked, &found);
        if tables::is_delimiter(&line.masked, &cells) {
            if let TableState::Header(cols) = self.table {
                self.table = TableState::Rows(cols);
            }
            self.rest_as_mentions(line, found, claimed);
            return;
        }
        let TableState::Rows(cols) = self.table else {
            let header = cells.iter().map(|&(s, e)| &line.text[s..e]);
            self.table = TableState::Header(tables::Columns::of_header(header));
            self.rest_as_mentions(line, found, claimed);
            return;
        };
        // Cells are in order: a binary search finds a position's, and
        // which cells hold a page link is known in one pass over the links
        // (a look through every link for every cell took time in the cube
        // of a long row's length).
        let cell_of = |pos: usize| {
            let i = cells.partition_point(|&(s, _)| s <= pos).checked_sub(1)?;
            (pos < cells[i].1).then_some(i)
        };
        let mut linked = vec![false; cells.len()];
        for f in &found {
            if matches!(f.what, FoundKind::Page(_))
                && let Some(c) = cell_of(f.start)
            {
                linked[c] = true;
            }
        }
        let holds_link = |c: usize| linked.get(c).copied().unwrap_or(false);
        let text_of = |c: usize| {
            let &(s, e) = cells.get(c)?;
            let t = markdown::shown(&line.text[s..e], &line.masked[s..e]);
            let t = t.trim_ws();
            (!t.is_empty()).then(|| t.to_owned())
        };
        // A cell of only punctuation (`—`, `-`) states no relation.
        let label = cols
            .relation
            .filter(|&c| !holds_link(c))
            .and_then(text_of)
            .map(|l| crate::text::strip_emphasis(&l))
            .filter(|l| l.chars().any(char::is_alphanumeric));
        let note = match cols.note {
            Some(c) => text_of(c),
            None => {
                let others: Vec<String> = (0..cells.len())
                    .filter(|&c| Some(c) != cols.relation && !holds_link(c))
                    .filter_map(text_of)
                    .collect();
                (!others.is_empty()).then(|| others.join("; "))
            }
        };
        let relation = match label {
            Some(label) if !label.is_empty() => Relation::Typed { label },
            _ => Relation::Related,
        };
        // As for a prose bullet, copies of the note past a bound are not
        // made: the first link keeps it.
        // The links of the target cells, each read once below.
        let targets: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|&(i, f)| {
                let cell = cell_of(f.start);
                !claimed[i]
                    && cell.is_some()
                    && cell != cols.relation
                    && cell != cols.note
                    && matches!(f.what, FoundKind::Page(_))
            })
            .map(|(i, _)| i)
            .collect();
        let repeated = note.as_ref().is_none_or(|n| {
            n.len().saturating_mul(targets.len().saturating_sub(1))
                <= connections::MAX_REPEATED_NOTE
        });
        if !repeated {
            self.diags.push(Diagnostic::warning(
                DiagKind::Connection,
                line.no,
                format!(
                    "a table row of {n} links and a note of {} bytes: the note is the first link's only (as the note of each, it would be copied {n} times)",
                    note.as_ref().map_or(0, String::len),
                    n = targets.len()
                ),
            ));
        }
        for (k, &i) in targets.iter().enumerate() {
            let f = &mut found[i];
            if let FoundKind::Page(link) = &mut f.what {
                claimed[i] = true;
                let note = if k == 0 || repeated {
                    note.clone()
                } else {
                    None
                };
                self.page.refs.push(Reference {
                    relation: relation.clone(),
                    target: Target::Link(link.take()),
                    note: note.map(String::into_boxed_str),
                    line: line.no,
                    column: (f.start + 1) as u32,
                });
            }
        }
        self.rest_as_mentions(line, found, claimed);
    }

    fn bullet(&mut self, line: &Line<'_>, indent: usize, content: usize) {
        if let Some(p) = &self.pending
            && matches!(p.reach, Reach::Deeper(i) if indent <= i)
        {
            self.close_pending();
        }
        let (mut found, mut claimed) = self.links_of(line);
        self.source_markers(line, &mut found, &mut claimed);
        if self.section != Section::Aliases && self.dataview(line, &mut found, &mut claimed) {
            self.rest_as_mentions(line, found, claimed);
            return;
        }
        match self.section {
            Section::Aliases => {
                let alias = collapse_ws(line.text[content..].trim_ws());
                // Repeats, of the frontmatter's too, go once the page is read.
                if !alias.is_empty() && found.is_empty() {
                    self.page.aliases.push(alias);
                }
            }
            Section::Sources | Section::SourcesAndMore => {
                self.source_bullet(line, indent, content, &mut found, &mut claimed);
            }
            Section::Connections => {
                let bullet = bullet_parts(line, content, &found)
                    .or_else(|| self.listed_under_label(line, indent, content, &found));
                if let Some(bullet) = bullet {
                    let indent = Some(indent);
                    self.connection(line, bullet, indent, content, &mut found, &mut claimed);
                } else if found.is_empty() {
                    self.page_names(line, indent, content);
                }
            }
            Section::Other => {
                let masked = &line.masked[content..];
                // A bullet that is a label alone ends as one does.
                let labelled = !found.is_empty() || may_end_label(masked);
                // A bullet that opens in bold is asked too, for the pages it
                // names (`- **Related**: ADR-0008`).
                let asked = (labelled || opens_in_bold(masked))
                    && self.firsts.may_label(masked)
                    && self.labelled_elsewhere(
                        line,
                        Some(indent),
                        content,
                        &mut found,
                        &mut claimed,
                        !labelled,
                    );
                if asked && self.section != Section::Other {
                    // A label alone opened its section for the bullets
                    // nested below it: this one is read again, in it, as
                    // the label bullet it is there.
                    self.rest_as_mentions(line, found, claimed);
                    self.bullet(line, indent, content);
                    return;
                }
            }
            Section::Backlinks => {}
        }
        self.rest_as_mentions(line, found, claimed);
    }

    /// A line or bullet outside any section whose label names one, read as
    /// it would be under that heading: `**See also**: [[x]]` and `Related:
    /// [[a]], [[b]]` are connections, `Source: [[x]], p. 4` a citation. A
    /// label alone on a line (`**References:**`, `See also:`) opens its
    /// section for the list below it, and a bullet that is a label alone
    /// (`- **Related**:`) for the bullets nested below it. True when the
    /// line was read so. With `names_only`, only a connection label's plain
    /// names are read (a bullet of metadata with no link, which is no
    /// citation: `- **Source**: external`).
    fn labelled_elsewhere(
        &mut self,
        line: &Line<'_>,
        indent: Option<usize>,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
        names_only: bool,
    ) -> bool {
        let (text, masked) = (&line.text[content..], &line.masked[content..]);
        // Asked of most lines: the words before a colon, or in bold at the
        // start, are compared with the section names before anything else.
        let Some(candidate) = label_candidate(text, masked) else {
            return false;
        };
        if !matches!(
            self.opts.label_section_in(candidate, self.firsts),
            Section::Connections | Section::Sources | Section::SourcesAndMore
        ) {
            return false;
        }
        let may_head = may_head_list(masked);
        let first_link = found.first().map(|f| f.start.saturating_sub(content));
        // The label, and where the text after it starts (the line's end for
        // a label alone).
        let (label, rest) = match connections::label_of(text, masked, first_link) {
            Some(found) => found,
            // `**References**` on a line of its own.
            None if may_head => match bold_alone(text, masked) {
                Some(name) => (name, text.len()),
                None => return false,
            },
            None => return false,
        };
        let alone = masked.get(rest..).is_none_or(|r| r.trim_ws().is_empty());
        if alone && names_only {
            return false;
        }
        // Under a connection heading, only a label with what it names
        // after it is read so: a label alone would take the list's later
        // bullets for itself.
        if alone && self.section == Section::Connections {
            return false;
        }
        let section = match self.opts.label_section_in(&label, self.firsts) {
            // `Source code:` is no source: a label names sources only whole.
            Section::Sources | Section::SourcesAndMore if !self.names_sources(&label) => {
                return false;
            }
            // In a list of connections, a connection label is read as the
            // list's own lines are.
            Section::Connections if self.section == Section::Connections => return false,
            s => s,
        };
        if alone {
            // A label alone heads the list below it (a bullet's: the
            // bullets nested below it).
            if !may_head
                || !matches!(
                    section,
                    Section::Connections | Section::Sources | Section::SourcesAndMore
                )
            {
                return false;
            }
            // `**Sources:** `raw/notes.md``: the name in code (masked, so
            // the label reads as alone) is cited, and the list below is
            // still the label's.
            if matches!(section, Section::Sources | Section::SourcesAndMore)
                && let Some(at) = code_name_after(line, content + rest)
            {
                self.cite_plain(line, at, found, true);
            }
            self.label_section = Some(LabelList {
                outer: self.section,
                bullet: indent,
            });
            self.section = section;
            return true;
        }
        match section {
            Section::Connections => {
                // Targets follow the label: `Related: work on this is
                // sparse, see [[x]]` is prose.
                let Some(bullet @ Bullet::Typed { .. }) = bullet_parts(line, content, found) else {
                    return false;
                };
                let Bullet::Typed { label, items, next } = bullet else {
                    return false;
                };
                if items
                    .first()
                    .is_some_and(|i| matches!(i.target, ItemTarget::Link(_)))
                {
                    let bullet = Bullet::Typed { label, items, next };
                    self.connection(line, bullet, indent, content, found, claimed);
                    return true;
                }
                // `- **Related**: ADR-0008 (no access), ADR-0011`: a bold
                // label of a record's metadata, naming records in plain
                // text. Each name links the page it names, if one does, as
                // a phrase under a connection heading does; one that names
                // none (`**Related**: work on this is sparse`) is no node.
                // Only names: `**Relationships**: Owner, Admin roles are
                // checked on every request` is a sentence.
                let name = |i: &connections::Item| {
                    matches!(&i.target, ItemTarget::Text(t)
                        if t.split_whitespace().count() <= NESTED_NAME_WORDS)
                };
                if indent.is_none()
                    || !opens_in_bold(masked)
                    || items.is_empty()
                    || !items.iter().all(name)
                {
                    return false;
                }
                for item in items {
                    if let ItemTarget::Text(name) = item.target {
                        self.page.refs.push(Reference {
                            relation: Relation::Typed {
                                label: label.clone(),
                            },
                            target: Target::Name(name),
                            note: item.note.map(String::into_boxed_str),
                            line: line.no,
                            column: (content + item.start + 1) as u32,
                        });
                    }
                }
                true
            }
            // A bullet asked only for the pages it may name is not cited.
            Section::Sources | Section::SourcesAndMore if names_only => false,
            Section::Sources | Section::SourcesAndMore => {
                let before = self.page.refs.len();
                if !self.cite_bullet(line, content, found, claimed) {
                    // `References: [The paper](https://x), 2020`: the label
                    // is no part of the URL's note. Text is cited after a
                    // label only when it opens with a name in code
                    // (`**Source**: `raw/a.md``), as a path is written.
                    // After a bold label, a short name is cited too
                    // (`> **Source:** notes.md`, `**Source:** Smith 2020`):
                    // a metadata line, not a sentence.
                    let name = code_name_after(line, content + rest).or_else(|| {
                        let after = content + rest;
                        (opens_in_bold(masked) && names_a_source(&line.masked[after..]))
                            .then_some(after)
                    });
                    match name {
                        Some(at) => self.cite_plain(line, at, found, true),
                        None => self.cite_plain(line, content + rest, found, false),
                    }
                }
                self.page.refs.len() > before
            }
            Section::Aliases | Section::Other | Section::Backlinks => false,
        }
    }

    /// True when `label` is, whole, a name of the source headings
    /// (`Sources`, `References`), not only its start (`Source code`).
    fn names_sources(&self, label: &str) -> bool {
        let label = label.trim_ws().trim_end_matches([':', '：']).trim_ws();
        let lower;
        let label = if label.is_ascii() {
            label
        } else {
            lower = label.to_lowercase();
            &lower
        };
        self.opts
            .source_headings
            .iter()
            .any(|n| n.eq_ignore_ascii_case(label))
    }

    /// A bullet without links in a connection section whose text names
    /// things rather than saying something (`- SGLang`, `- FLOPS — [Wikipedia](…)`,
    /// `- GIS (maps)` under `- **Applications**:` or `### Used by`): its
    /// names are plain-text targets, of the label above it if one takes
    /// the bullet. A lone name with no label above may itself label the
    /// bullets nested below it (`- Upstream` then `  - [[a]]`), as a bold
    /// one does.
    fn listed_under_label(
        &self,
        line: &Line<'_>,
        indent: usize,
        content: usize,
        found: &[Found],
    ) -> Option<Bullet> {
        let text = line.text.get(content..)?;
        if found.iter().any(|f| matches!(f.what, FoundKind::Page(_)))
            || text.trim_ws().is_empty()
            || connections::states_none(text)
            // A label of its own that said nothing (`- **Supersedes**: None`).
            || connections::label_of(text, &line.masked[content..], None).is_some()
        {
            return None;
        }
        let labelled = self
            .pending
            .as_ref()
            .is_some_and(|p| p.reach.takes(Some(indent)));
        // With no label above, a bullet must look like a name of its own:
        // not a step of a numbered list (`1. Read the page`), and one word
        // or words that start as names do (`Apache Kafka`, `GPT-4 Turbo`,
        // not `plain item`).
        if !labelled && numbered(line, content) {
            return None;
        }
        let mut items =
            connections::targets(&line.text, &line.masked, found, content, line.text.len());
        // Names, not sentences: nested bullets that explain the label
        // (`- Strongly positive → benchmark is scale-solved`) stay text.
        // A bullet that is one short name alone is one in any case
        // (`- spatial panel` under `## Related Pages` names a page), but
        // words in lower case with a note are a phrase (`- An unsupervised
        // variant (…)`).
        // (Asked only of words in lower case: it lowercases a copy.)
        let alone = || {
            matches!(items.as_slice(), [only] if only.note.is_none())
                && !text.trim_end_ws().ends_with(connections::SENTENCE_ENDS)
                && !connections::is_placeholder_phrase(text)
        };
        let named = !items.is_empty()
            && items.iter().all(|i| match &i.target {
                ItemTarget::Text(t) => {
                    let words = t.split_whitespace().count();
                    words <= NESTED_NAME_WORDS
                        && !t.ends_with(connections::SENTENCE_ENDS)
                        && (labelled
                            || words == 1
                            || connections::words_start_as_names(t)
                            || alone())
                }
                ItemTarget::Link(_) => false,
            });
        if !named {
            return None;
        }
        if !labelled
            && let [only] = items.as_slice()
            && only.note.is_none()
            && let ItemTarget::Text(name) = &only.target
        {
            return Some(Bullet::Name { name: name.clone() });
        }
        // Item starts count from `content`, as a bullet's do.
        for item in &mut items {
            item.start = item.start.saturating_sub(content);
        }
        Some(Bullet::Untyped { items })
    }

    /// A bullet of a connection section, with no link, that reads as no
    /// connection: words in lower case, a phrase, a list of them (`- SQL
    /// pagination (LIMIT/OFFSET)`, `- State Machine, sealed class`). Each
    /// name is a `related` target only where it names a page (found when
    /// the graph is built), so that a page named so is not reported as
    /// linked by nothing; a phrase that names none is no node.
    fn page_names(&mut self, line: &Line<'_>, indent: usize, content: usize) {
        let text = &line.text[content..];
        let masked = &line.masked[content..];
        let under_label = self
            .pending
            .as_ref()
            .is_some_and(|p| p.reach.takes(Some(indent)));
        // Nested bullets under a label explain it; steps of a numbered list
        // are no names.
        if under_label
            || numbered(line, content)
            || text.trim_ws().is_empty()
            || text.len() > MAX_PAGE_NAME_BULLET
            || text.trim_end_ws().ends_with(connections::SENTENCE_ENDS)
            || connections::states_none(text)
            || connections::is_placeholder_phrase(text)
            || connections::label_of(text, masked, None).is_some()
        {
            return;
        }
        let items = connections::targets(&line.text, &line.masked, &[], content, line.text.len());
        for item in items {
            if let ItemTarget::Text(name) = item.target {
                self.page.refs.push(Reference {
                    relation: Relation::Related,
                    target: Target::Name(name),
                    note: item.note.map(String::into_boxed_str),
                    line: line.no,
                    column: (content + item.start + 1) as u32,
                });
            }
        }
    }

    /// The edges of a bullet of a connection section (or of a line that
    /// reads as one, its `indent` then `None`).
    fn connection(
        &mut self,
        line: &Line<'_>,
        bullet: Bullet,
        indent: Option<usize>,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
    ) {
        let mut more = self.labelled(line, bullet, indent, content, found, claimed);
        // Each further label's targets (`- **Uses**: [[b]] **Used by**:
        // [[c]]`) read as a bullet of their own, from the links after it.
        while let Some(at) = more {
            let first = found.partition_point(|f| f.start < at);
            let Some(mut next) =
                connections::parse_bullet(&line.text, &line.masked, at, &found[first..])
            else {
                break;
            };
            next.shift_links(first);
            more = self.labelled(line, next, indent, at, found, claimed);
        }
    }

    /// [`Self::connection`] for one label: its edges, and where a further
    /// label starts on the line.
    fn labelled(
        &mut self,
        line: &Line<'_>,
        bullet: Bullet,
        indent: Option<usize>,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
    ) -> Option<usize> {
        self.note_not_repeated(line, content, &bullet);
        // Where a further label starts on the line (`**Used by**: [[c]]`).
        let mut more = None;
        let (relation, items) = match bullet {
            Bullet::Typed {
                label,
                items,
                next: None,
            } if items.is_empty() => {
                self.pending = Some(PendingLabel {
                    label,
                    reach: Reach::of(indent),
                    line: line.no,
                    used: false,
                    unused: Unused::Warn,
                });
                return None;
            }
            Bullet::Name { name } => {
                self.pending = Some(PendingLabel {
                    label: name,
                    reach: Reach::of(indent),
                    line: line.no,
                    used: false,
                    unused: match indent {
                        Some(_) => Unused::Target(content as u32 + 1),
                        None => Unused::Quiet,
                    },
                });
                return None;
            }
            Bullet::Typed { label, items, next } => {
                more = next;
                (Relation::Typed { label }, items)
            }
            Bullet::EmptyLabel { items } => {
                self.diags.push(Diagnostic::warning(
                    DiagKind::Connection,
                    line.no,
                    "connection label is empty: read as `related`",
                ));
                (Relation::Related, items)
            }
            Bullet::Untyped { items } | Bullet::Prose { items, .. } => match &mut self.pending {
                Some(p) if p.reach.takes(indent) => {
                    p.used = true;
                    (
                        Relation::Typed {
                            label: p.label.clone(),
                        },
                        items,
                    )
                }
                _ => (Relation::Related, items),
            },
        };
        for item in items {
            let target = match item.target {
                ItemTarget::Link(i) => {
                    let Some(FoundKind::Page(link)) = found.get_mut(i).map(|f| &mut f.what) else {
                        continue;
                    };
                    if claimed.get(i).copied().unwrap_or(true) {
                        // Already read as a `[Source: …]` citation.
                        continue;
                    }
                    if let Some(c) = claimed.get_mut(i) {
                        *c = true;
                    }
                    Target::Link(link.take())
                }
                ItemTarget::Text(t) => text_target(t),
            };
            self.page.refs.push(Reference {
                relation: relation.clone(),
                target,
                note: item.note.map(String::into_boxed_str),
                line: line.no,
                column: (content + item.start + 1) as u32,
            });
        }
        more
    }

    /// Says so when a prose bullet is the note of its first link only (see
    /// [`connections::MAX_REPEATED_NOTE`]): the other links have none.
    fn note_not_repeated(&mut self, line: &Line<'_>, content: usize, bullet: &Bullet) {
        if let Bullet::Prose {
            items,
            repeated: false,
        } = bullet
        {
            self.diags.push(Diagnostic::warning(
                DiagKind::Connection,
                line.no,
                format!(
                    "a bullet of {} links and {} bytes is the note of its first link only: as the note of each, it would be copied {} times",
                    items.len(),
                    line.text.len().saturating_sub(content),
                    items.len()
                ),
            ));
        }
    }

    /// A bullet of a source list, read with the bullets it is nested in
    /// ([`SourceBullet`]): a note on its parent's source, a source of a
    /// named group, or a source of its own.
    fn source_bullet(
        &mut self,
        line: &Line<'_>,
        indent: usize,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
    ) {
        while self
            .source_parents
            .last()
            .is_some_and(|p| p.indent >= indent)
        {
            self.source_parents.pop();
        }
        let mut group = None;
        if let Some(parent) = self.source_parents.last_mut() {
            let cites = found.iter().any(|f| {
                matches!(
                    f.what,
                    FoundKind::Page(_) | FoundKind::Url(_) | FoundKind::Attachment(_)
                )
            }) || !links::bare_urls(&line.masked).is_empty();
            match &mut parent.what {
                SourceBullet::Cited { at } | SourceBullet::Text { at, heads: false }
                    if !cites && self.section == Section::Sources =>
                {
                    let at = *at;
                    self.say_more(at, line, content);
                    let what = SourceBullet::Cited { at };
                    self.source_parents.push(SourceParent { indent, what });
                    return;
                }
                SourceBullet::Text { at, heads } if cites || *heads => {
                    // The parent names a group: it is no source itself.
                    let at = *at;
                    // (Only the bullet's own text citation is taken out.)
                    if let Some(Target::Text(_)) = self.page.refs.get(at).map(|r| &r.target)
                        && let Target::Text(name) = self.page.refs.remove(at).target
                    {
                        let name = name.trim_end_matches([':', '：']).trim_ws().to_owned();
                        group = Some(name.clone());
                        parent.what = SourceBullet::Group { name };
                    }
                }
                SourceBullet::Uncited { name, heads } if (cites || *heads) && !name.is_empty() => {
                    let name = std::mem::take(name);
                    group = Some(name.clone());
                    parent.what = SourceBullet::Group { name };
                }
                SourceBullet::Group { name } => group = Some(name.clone()),
                _ => {}
            }
        }
        let before = self.page.refs.len();
        if let Some(at) = self.marker_bullet(line, content) {
            // The marker is the bullet's citation, read with the line.
            let what = SourceBullet::Cited { at };
            self.source_parents.push(SourceParent { indent, what });
            return;
        }
        if !self.cite_bullet(line, content, found, claimed) {
            let text = self.section == Section::Sources;
            self.cite_plain(line, content, found, text);
        }
        let cites = |r: &&mut Reference| r.relation == Relation::Cites;
        // A group named only `References` or `Sources` says nothing more.
        if let Some(name) = group.filter(|name| !self.names_sources(name)) {
            // `- **Primary**` then `  - [[x]] (p. 4)`: the note is `Primary; p. 4`.
            for r in self.page.refs[before..].iter_mut().filter(cites) {
                r.note = Some(join_notes(Some(&name), r.note.as_deref()));
            }
        }
        let last = self.page.refs[before..]
            .iter()
            .rposition(|r| r.relation == Relation::Cites)
            .map(|i| before + i);
        let what = match last {
            Some(at) => match &self.page.refs[at].target {
                Target::Text(_) => SourceBullet::Text {
                    at,
                    heads: heads_sources(&line.text[content..]),
                },
                _ => SourceBullet::Cited { at },
            },
            None => SourceBullet::Uncited {
                name: citation_text(&line.text[content..], &line.masked[content..])
                    .0
                    .trim_end_matches([':', '：'])
                    .trim_ws()
                    .to_owned(),
                heads: heads_sources(&line.text[content..]),
            },
        };
        self.source_parents.push(SourceParent { indent, what });
    }

    /// `- [Source: plans/epics.md#Story 2.1] — acceptance criteria`: a
    /// source bullet that opens with a `[Source: …]` marker, which the line's
    /// reading has cited; the text after it is the note of what the marker
    /// cites. The position of its last citation, or `None` for another
    /// bullet.
    fn marker_bullet(&mut self, line: &Line<'_>, content: usize) -> Option<usize> {
        let masked = &line.masked[content..];
        let lead = masked.len() - masked.trim_start_ws().len();
        // Most source bullets open with no bracket: told without a search.
        if !masked[lead..].starts_with(['[', '(']) {
            return None;
        }
        let (start, _, end) = source_marker(masked, lead)?;
        if start != lead {
            return None;
        }
        // The marker's citations are the last ones of this line.
        let cited = self
            .page
            .refs
            .iter()
            .rev()
            .take_while(|r| r.line == line.no && r.relation == Relation::Cites)
            .count();
        if cited == 0 {
            return None;
        }
        let first = self.page.refs.len() - cited;
        let after = &line.text[content + end..];
        let trimmed = after
            .trim_start_ws()
            .trim_start_matches(['—', '–', '-', ':'])
            .trim_start_ws();
        let at = content + end + (after.len() - trimmed.len());
        let rest = trimmed.trim_end_ws();
        if !rest.is_empty() {
            let rest_m = &line.masked[at..at + rest.len()];
            let note = markdown::shown(rest, rest_m);
            for r in &mut self.page.refs[first..] {
                r.note = Some(join_notes(r.note.as_deref(), Some(note.trim_ws())));
            }
        }
        Some(self.page.refs.len() - 1)
    }

    /// Adds the text of a line (from `content`) to the note of
    /// `refs[at]`.
    fn say_more(&mut self, at: usize, line: &Line<'_>, content: usize) {
        let text = markdown::shown_name(&line.text[content..], &line.masked[content..]);
        let text = text.trim_ws();
        let Some(r) = self.page.refs.get_mut(at) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        // Each line copies the note so far: past a bound, lines are not
        // joined (200,000 of them took seconds), and that is said once.
        let had = r.note.as_deref().map_or(0, str::len);
        if had + text.len() > MAX_SAID {
            if self.said_full != Some(at) {
                self.said_full = Some(at);
                r.note = Some(format!("{}…", r.note.as_deref().unwrap_or_default()).into());
                self.diags.push(Diagnostic::warning(
                    DiagKind::Connection,
                    line.no,
                    format!(
                        "the lines under a source are its note up to {} KiB: from here on they are not read",
                        MAX_SAID / 1024
                    ),
                ));
            }
            return;
        }
        r.note = Some(join_notes(r.note.as_deref(), Some(text)));
    }

    /// A source bullet with page links: each is cited, with the rest of the
    /// bullet as its note (`- [[src]] — what it says`, `- **[[src]]** (§2): …`).
    /// True when there was a link.
    fn cite_bullet(
        &mut self,
        line: &Line<'_>,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
    ) -> bool {
        if self.cite_bold_link(line, content, found, claimed) {
            return true;
        }
        let bullet = connections::parse_bullet_one_label(&line.text, &line.masked, content, found);
        if let Some(b) = &bullet {
            self.note_not_repeated(line, content, b);
        }
        // A label is said of each source (`- **Primary**: [[x]]`).
        let (label, items) = match bullet {
            // `Source: [[x]]`: a label that says "source" says nothing more.
            Some(Bullet::Typed { label, items, .. }) if self.names_sources(&label) => (None, items),
            Some(Bullet::Typed { label, items, .. }) => (Some(label), items),
            Some(Bullet::Untyped { items })
            | Some(Bullet::EmptyLabel { items })
            | Some(Bullet::Prose { items, .. }) => (None, items),
            Some(Bullet::Name { .. }) | None => (None, Vec::new()),
        };
        // The reference of the last source cited, for text that follows it.
        let mut last: Option<usize> = None;
        // Without a link among its targets, the bullet is cited as plain
        // text instead; but a bullet whose links are all inside the note
        // of a text (`Origin: session memory — [[a]] (x) and [[b]]`) cites
        // them with the bullet as their note, as a prose bullet does, so
        // that its words are kept.
        let (items, prose) = if holds_link(&items) || items.is_empty() {
            (items, None)
        } else {
            // From its first target: a label is no part of it.
            (Vec::new(), Some(content + items[0].start))
        };
        // Where each item's text ends: where the next starts, or the line's end.
        let ends: Vec<usize> = items
            .iter()
            .skip(1)
            .map(|i| content + i.start)
            .chain([line.text.len()])
            .collect();
        for (item, end) in items.into_iter().zip(ends) {
            match item.target {
                ItemTarget::Link(i) => {
                    if let Some(FoundKind::Page(link)) = found.get_mut(i).map(|f| &mut f.what)
                        && claimed.get(i) == Some(&false)
                    {
                        claimed[i] = true;
                        let note = match (&label, item.note) {
                            (Some(l), Some(n)) => Some(format!("{l}; {n}")),
                            (Some(l), None) => Some(l.clone()),
                            (None, n) => n,
                        };
                        last = Some(self.page.refs.len());
                        self.push(
                            Relation::Cites,
                            Target::Link(link.take()),
                            note,
                            line.no,
                            content + item.start,
                        );
                    }
                }
                // Text after a source is said of it: `[[report]], p. 4`.
                // Before any, it is a source of its own: `Smith 2020; [[report]]`.
                ItemTarget::Text(text) => {
                    let Some(r) = last.and_then(|at| self.page.refs.get_mut(at)) else {
                        let target = text_target(text);
                        self.push(
                            Relation::Cites,
                            target,
                            item.note,
                            line.no,
                            content + item.start,
                        );
                        continue;
                    };
                    // As written, up to the next item and its separator.
                    let start = content + item.start;
                    let (from, to) = (start.min(end), end.max(start));
                    let written = markdown::shown(&line.text[from..to], &line.masked[from..to]);
                    let written = written.trim_end_matches(|c: char| {
                        c.is_whitespace() || matches!(c, ',' | ';' | '+' | '|' | '·')
                    });
                    let part = if written.is_empty() { &text } else { written };
                    r.note = Some(join_notes(r.note.as_deref(), Some(part)));
                }
            }
        }
        // Links the bullet parse did not claim (inside notes) are cited too;
        // for a bullet whose links are all inside notes, with its words.
        let unclaimed = || {
            found
                .iter()
                .zip(claimed.iter())
                .any(|(f, c)| !*c && matches!(f.what, FoundKind::Page(_)))
        };
        let note = prose.filter(|_| unclaimed()).map(|from| {
            let text = collapse_ws(line.text.get(from..).unwrap_or_default());
            match &label {
                Some(l) => format!("{l}; {text}"),
                None => text,
            }
        });
        self.cite_links(line, found, claimed, note)
            || claimed
                .iter()
                .zip(found)
                .any(|(c, f)| *c && matches!(f.what, FoundKind::Page(_)))
    }

    /// `- **[[sources/x]]**: what it shows, with [[y]]` (or `**[[x]]**
    /// (tag): …`): the bold link is the source, the rest of the bullet its
    /// note, and the links in that note are what it says, mentions, not
    /// sources. True when the bullet is of that form.
    fn cite_bold_link(
        &mut self,
        line: &Line<'_>,
        content: usize,
        found: &mut [Found],
        claimed: &mut [bool],
    ) -> bool {
        let text = &line.text[content..];
        let Some(marker) = ["**", "__"].into_iter().find(|m| text.starts_with(m)) else {
            return false;
        };
        let Some(i) = found.iter().position(|f| f.start == content + 2) else {
            return false;
        };
        let end = found[i].end;
        if !line.text[end..].starts_with(marker) || claimed.get(i) != Some(&false) {
            return false;
        }
        let from = end + 2;
        let (rest, rest_m) = (&line.text[from..], &line.masked[from..]);
        let lead = rest.len() - rest.trim_start_ws().len();
        let (rest, rest_m) = (&rest[lead..], &rest_m[lead..]);
        // `(tag): note`: the tag leads the note.
        let (tag, rest, rest_m) = match rest.strip_prefix('(').and_then(|r| {
            let close = r.find(')')?;
            Some((&r[..close], close + 2))
        }) {
            Some((tag, after)) => (Some(tag.trim_ws()), &rest[after..], &rest_m[after..]),
            None => (None, rest, rest_m),
        };
        let after_colon = rest.trim_start_ws();
        let Some(note_text) = after_colon.strip_prefix([':', '：']) else {
            return false;
        };
        let note_m = &rest_m[rest.len() - note_text.len()..];
        let shown = markdown::shown(note_text, note_m);
        let said = shown.trim_ws();
        let note = join_notes(
            tag.filter(|t| !t.is_empty()),
            (!said.is_empty()).then_some(said),
        );
        let FoundKind::Page(link) = &mut found[i].what else {
            return false;
        };
        claimed[i] = true;
        let start = found[i].start;
        let target = Target::Link(link.take());
        self.push(
            Relation::Cites,
            target,
            (!note.is_empty()).then(|| note.into()),
            line.no,
            start,
        );
        true
    }

    /// Cites every page link on the line not yet claimed, each with `note`
    /// (the first only, when the copies would pass the bound a prose
    /// bullet's have); true when there was one.
    fn cite_links(
        &mut self,
        line: &Line<'_>,
        found: &mut [Found],
        claimed: &mut [bool],
        note: Option<String>,
    ) -> bool {
        let repeated = note.as_ref().is_some_and(|n| {
            let links = found
                .iter()
                .zip(claimed.iter())
                .filter(|(f, c)| !**c && matches!(f.what, FoundKind::Page(_)))
                .count();
            n.len().saturating_mul(links.saturating_sub(1)) <= connections::MAX_REPEATED_NOTE
        });
        let mut any = false;
        for (f, c) in found.iter_mut().zip(claimed.iter_mut()) {
            if *c {
                continue;
            }
            if let FoundKind::Page(link) = &mut f.what {
                *c = true;
                let note = if !any || repeated { note.clone() } else { None };
                any = true;
                self.push(
                    Relation::Cites,
                    Target::Link(link.take()),
                    note,
                    line.no,
                    f.start,
                );
            }
        }
        any
    }

    /// A source bullet without page links: its URLs, or its text (when
    /// `text` is true).
    fn cite_plain(&mut self, line: &Line<'_>, content: usize, found: &[Found], text: bool) {
        // Each URL with where it is written (`[title](url)` whole).
        let mut urls: Vec<(usize, usize, String)> = found
            .iter()
            // Only what follows the label is cited: a URL before
            // `Source::` is the line's, not the field's.
            .filter(|f| f.start >= content)
            .filter_map(|f| match &f.what {
                // A file of the wiki listed as a source is cited as one.
                FoundKind::Url(u) | FoundKind::Attachment(u) => Some((f.start, f.end, u.clone())),
                _ => None,
            })
            .collect();
        let bare = links::bare_urls(&line.masked);
        // The furthest end of the links up to each: whether a position is
        // inside one is a binary search (a look through every link for
        // every URL took time in the square of their number).
        let reach: Vec<usize> = if bare.is_empty() {
            Vec::new()
        } else {
            found
                .iter()
                .scan(0, |m, f| {
                    *m = f.end.max(*m);
                    Some(*m)
                })
                .collect()
        };
        let inside = |s: usize| {
            found
                .partition_point(|f| f.start <= s)
                .checked_sub(1)
                .is_some_and(|i| reach[i] > s)
        };
        for (s, e) in bare {
            // A bare URL that starts inside a link is that link's, even
            // when it runs on past it: `[a](https://x.org/a)[b](…)`.
            if s >= content && !inside(s) {
                urls.push((s, e, line.text[s..e].to_owned()));
            }
        }
        if urls.is_empty()
            && text
            && memchr::memchr(b'`', line.text[content..].as_bytes()).is_some()
        {
            // `external from `https://x.org/y``: an address in code is the
            // source's still (its backticks go with it).
            for (s, e) in links::bare_urls(&line.text[content..]) {
                let (s, e) = (content + s, content + e);
                if line.text[..s].ends_with('`')
                    && line.text[e..].starts_with('`')
                    && !line.text[s..e].contains('`')
                {
                    urls.push((s - 1, e + 1, line.text[s..e].to_owned()));
                }
            }
        }
        urls.sort();
        if urls.is_empty() {
            if !text {
                return;
            }
            let (text, note) = citation_text(&line.text[content..], &line.masked[content..]);
            if !text.is_empty() {
                self.push(Relation::Cites, Target::Text(text), note, line.no, content);
            }
        } else if let [(start, end, url)] = urls.as_slice() {
            // The rest of the bullet is the citation's note, the title of
            // `[title](url)` read as text: `[Title](url) — Author, 2017`.
            let to = line.text.len();
            let note = url_note(&line.text, &line.masked, (content, to), &[(*start, *end)]);
            self.push(
                Relation::Cites,
                Target::Url(url.clone()),
                note,
                line.no,
                *start,
            );
        } else {
            // Several: each keeps its own title.
            for (start, end, url) in urls {
                let note = url_note(&line.text, &line.masked, (start, end), &[(start, end)]);
                self.push(Relation::Cites, Target::Url(url), note, line.no, start);
            }
        }
    }

    /// Inline `[Source: x]` markers: citations of the links inside, or of the
    /// text. Asked of every line: only a line whose text writes a marker's
    /// start is read (the check is kept small so that it is inlined).
    #[inline]
    fn source_markers(&mut self, line: &Line<'_>, found: &mut [Found], claimed: &mut [bool]) {
        if self.line_may_hold_marker(line) {
            self.read_source_markers(line, found, claimed);
        }
    }

    /// [`Body::source_markers`] of a line whose text may hold one.
    fn read_source_markers(&mut self, line: &Line<'_>, found: &mut [Found], claimed: &mut [bool]) {
        let masked: &str = &line.masked;
        if !has_source_marker(masked) {
            return;
        }
        let mut from = 0;
        while let Some((start, inner_start, end)) = source_marker(masked, from) {
            from = end;
            let mut any = false;
            // Links are in order: those of this marker start at the first
            // inside it (a look through every link of the line for every
            // marker took time in the square of their number).
            let first = found.partition_point(|f| f.start < inner_start);
            for (i, f) in found.iter_mut().enumerate().skip(first) {
                if f.start >= end {
                    break;
                }
                if f.end <= end
                    && let FoundKind::Page(link) = &mut f.what
                {
                    claimed[i] = true;
                    any = true;
                    self.push(
                        Relation::Cites,
                        Target::Link(link.take()),
                        None,
                        line.no,
                        f.start,
                    );
                }
            }
            if !any {
                for part in line.text[inner_start..end - 1].split(';') {
                    let part = part.trim_ws();
                    if part.is_empty() {
                        continue;
                    }
                    let (name, note) = without_locator(part);
                    // `(source: `notes.md`)`: the name, not its code span.
                    let name = name
                        .strip_prefix('`')
                        .and_then(|n| n.strip_suffix('`'))
                        .filter(|n| !n.is_empty() && !n.contains('`'))
                        .map_or(name, str::trim_ws);
                    // `[Source: plans/epics.md#Story 2.1]`: a path's anchor
                    // says where in the page, as a link's does.
                    let (name, note) = match name.split_once('#') {
                        Some((path, anchor)) if page_file(path) => {
                            (path, note.or(Some(anchor.trim_ws())))
                        }
                        _ => (name, note),
                    };
                    self.push(
                        Relation::Cites,
                        text_target(name.to_owned()),
                        note.map(str::to_owned),
                        line.no,
                        start,
                    );
                }
            }
        }
    }

    /// True when the body writes `[Source` or `[source` within this line
    /// (masking may still have blanked it). Lines are asked in order.
    fn line_may_hold_marker(&mut self, line: &Line<'_>) -> bool {
        self.may_hold
            .source_markers
            .within(line.start, line.start + line.text.len())
    }

    /// Dataview inline fields whose values hold links: `Label:: [[X]]`,
    /// `[Label:: [[X]]]`, `(Label:: [[X]])`. True when one was read.
    /// Asked of every line, as [`Body::source_markers`] is.
    #[inline]
    fn dataview(&mut self, line: &Line<'_>, found: &mut [Found], claimed: &mut [bool]) -> bool {
        // A field holds `::` (as the line's text does where masking left it).
        let end = line.start + line.text.len();
        self.may_hold.dataview.within(line.start, end) && self.read_dataview(line, found, claimed)
    }

    /// [`Body::dataview`] of a line whose text holds `::`.
    fn read_dataview(
        &mut self,
        line: &Line<'_>,
        found: &mut [Found],
        claimed: &mut [bool],
    ) -> bool {
        let mut any = false;
        let mut fields = dataview_fields(&line.masked);
        fields.sort_by_key(|f| f.1);
        for (label, from, to) in fields {
            let first = found.partition_point(|f| f.start < from);
            // Logseq's page properties `alias:: 微信, [[Weixin]]` and
            // `tags:: [[ai]], research` name this page and tag it: their
            // links are names, not links.
            let tags = label.eq_ignore_ascii_case("tags") || label.eq_ignore_ascii_case("tag");
            let names = if tags {
                Some(&mut self.page.tags)
            } else if label.eq_ignore_ascii_case("alias") || label.eq_ignore_ascii_case("aliases") {
                Some(&mut self.page.aliases)
            } else {
                None
            };
            if let Some(names) = names {
                // Only the links up to the field's end: the rest of the
                // line's are not looked at for each field.
                for (k, f) in found[first..].iter().enumerate() {
                    if f.start >= to {
                        break;
                    }
                    if f.end <= to {
                        claimed[first + k] = true;
                    }
                }
                for name in line.text[from..to].split(',') {
                    let name = name.trim_ws();
                    // `#research` and `#[[machine learning]]` are tags too.
                    let name = name.strip_prefix('#').filter(|_| tags).unwrap_or(name);
                    let name = name
                        .strip_prefix("[[")
                        .and_then(|n| n.strip_suffix("]]"))
                        .unwrap_or(name)
                        .trim_ws();
                    let name = collapse_ws(name);
                    // Repeats are dropped once the page is read (a look
                    // through every name so far, for each, took time in
                    // the square of their number).
                    if !name.is_empty() {
                        names.push(name);
                    }
                }
                any = true;
                continue;
            }
            let holds_link = found[first..]
                .iter()
                .take_while(|f| f.end <= to)
                .enumerate()
                .any(|(k, f)| !claimed[first + k] && matches!(f.what, FoundKind::Page(_)));
            if !holds_link {
                any |= self.plain_field(line, &label, from, to, found);
                continue;
            }
            let items = connections::targets(&line.text, &line.masked, found, from, to);
            for item in items {
                if let ItemTarget::Link(i) = item.target
                    && let Some(FoundKind::Page(link)) = found.get_mut(i).map(|f| &mut f.what)
                    && !claimed[i]
                {
                    claimed[i] = true;
                    any = true;
                    self.page.refs.push(Reference {
                        relation: Relation::Typed {
                            label: label.clone(),
                        },
                        target: Target::Link(link.take()),
                        note: item.note.map(String::into_boxed_str),
                        line: line.no,
                        column: (item.start + 1) as u32,
                    });
                }
            }
        }
        any
    }

    /// A Dataview or Logseq field without page links (`status:: draft`,
    /// `title:: A Title`, `source-url:: https://…`): the page's title when
    /// it has none, a citation of its URLs under a source key, else a
    /// property (the frontmatter's, or the first field's, value wins).
    /// True when it was read.
    fn plain_field(
        &mut self,
        line: &Line<'_>,
        label: &str,
        from: usize,
        to: usize,
        found: &[Found],
    ) -> bool {
        let value = crate::text::strip_emphasis(line.text[from..to].trim_ws());
        let value = value.trim_ws();
        // `- sources::` with no value: a field a template left unset, read
        // as naming nothing (as a source's text, it made one node cited by
        // every page).
        if value.is_empty() {
            return true;
        }
        let key = crate::text::relation_key(label);
        if key == "title" && self.page.title.is_none() {
            self.page.title = Some(value.to_owned());
            return true;
        }
        if matches!(
            key.as_str(),
            "source" | "sources" | "source_url" | "reference" | "references" | "ref" | "refs"
        ) {
            let before = self.page.refs.len();
            self.cite_plain(line, from, found, false);
            if self.page.refs.len() > before {
                return true;
            }
        }
        if self.page.properties.get(label).is_none() {
            self.page
                .properties
                .insert(label.to_owned(), value.to_owned());
        }
        true
    }

    /// Every link not claimed by another reading is a mention; broken ones
    /// are reported. Last use of the line's links: they move into the
    /// references, and the emptied lists are kept for the next line.
    fn rest_as_mentions(&mut self, line: &Line<'_>, mut found: Vec<Found>, claimed: Vec<bool>) {
        // Most lines hold no link.
        if found.is_empty() {
            self.found = found;
            self.claimed = claimed;
            return;
        }
        // Characters before the last broken link reported, and its byte:
        // columns are counted on from there (from the line's start each
        // time, thousands of them took time in the square of their number).
        let mut counted = (0usize, 0usize);
        for (f, &claimed) in found.drain(..).zip(&claimed) {
            if claimed {
                continue;
            }
            match f.what {
                FoundKind::Page(link) => self.page.refs.push(Reference {
                    relation: Relation::Mentions,
                    target: Target::Link(link),
                    note: None,
                    line: line.no,
                    column: (f.start + 1) as u32,
                }),
                FoundKind::Broken(why) => {
                    let (from, chars) = if f.start >= counted.0 {
                        counted
                    } else {
                        (0, 0)
                    };
                    let col = match line.text.get(from..f.start) {
                        Some(s) => {
                            counted = (f.start, chars + s.chars().count());
                            counted.1 + 1
                        }
                        None => 1,
                    };
                    self.diags.push(
                        Diagnostic::warning(DiagKind::Link, line.no, format!("{why}: not a link"))
                            .at_column(col as u32),
                    );
                }
                FoundKind::Attachment(path) => self.page.attachments.push(path),
                FoundKind::Url(_) => {}
            }
        }
        self.found = found;
        self.claimed = claimed;
    }

    fn push(
        &mut self,
        relation: Relation,
        target: Target,
        note: Option<String>,
        line: u32,
        start: usize,
    ) {
        self.page.refs.push(Reference {
            relation,
            target,
            note: note.map(String::into_boxed_str),
            line,
            column: (start + 1) as u32,
        });
    }
}

/// A line of a connection section that is not a bullet but reads as one:
/// a bold label and its linked targets (`**Project:** [[a]] · [[b]]`), a
/// bold label on its own (`**Phase siblings:**`, `**Related Objects**`) for
/// the bullets after it, or a line that starts with a link (`[[x]] — how
/// they relate`), as its bullet would. Other lines stay what they are:
/// prose, whose links are mentions (`Note: see [[x]]`, `**Caveat**: it is
/// slow`). With the bullet, where its text starts on the line.
fn labelled(line: &Line<'_>, found: &[Found]) -> Option<(Bullet, usize)> {
    let lead = words_start(&line.text);
    let bold = line.masked[lead..].starts_with("**") || line.masked[lead..].starts_with("__");
    let link_first = opens_with_link(found, lead);
    // A plain label alone, a key as YAML-minded authors write one above a
    // list (`leads_to:` then `  - [[x]]`): one word joined by `_` or `-`.
    // A phrase (`These feed into it:`) or a word (`Note:`, `2024:`) is
    // prose.
    let plain_alone = !bold && !link_first && found.is_empty() && {
        let key = line.masked[lead..].trim_end_ws();
        key.strip_suffix(':').is_some_and(|k| {
            k.len() <= MAX_HEAD_BYTES
                && k.contains(['_', '-'])
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                && k.starts_with(char::is_alphabetic)
        })
    };
    if !bold && !link_first && !plain_alone {
        return None;
    }
    let bullet = bullet_parts(line, lead, found)?;
    let keep = match &bullet {
        Bullet::Typed { items, .. } if plain_alone => items.is_empty(),
        Bullet::Typed { items, .. } => items.is_empty() || holds_link(items),
        Bullet::Name { .. } => bold,
        Bullet::Untyped { items } => link_first && holds_link(items),
        _ => false,
    };
    keep.then_some((bullet, lead))
}

/// True when the first of a line's links is a page link at `lead`, where
/// the line's words start (`[[x]] — how they relate`).
fn opens_with_link(found: &[Found], lead: usize) -> bool {
    found
        .first()
        .is_some_and(|f| f.start == lead && matches!(f.what, FoundKind::Page(_)))
}

/// Where the words of a text line start: after its indent and the `>`
/// of a quote or callout (`> [[a]] | [[b]]` under `> [!info] Related`).
fn words_start(text: &str) -> usize {
    let mut rest = text.trim_start_ws();
    while let Some(r) = rest.strip_prefix('>') {
        rest = r.trim_start_ws();
    }
    text.len() - rest.len()
}

/// Where the words of a line wholly in italics start, past its `*` or
/// `_` (`*Related: [[a]], [[b]]*`); `lead` for any other line.
fn italic_start(text: &str, lead: usize) -> usize {
    let words = &text[lead..];
    let b = words.as_bytes();
    match b {
        [m @ (b'*' | b'_'), second, ..]
            if second != m
                && words.trim_end_ws().len() > 2
                && words.trim_end_ws().ends_with(*m as char) =>
        {
            lead + 1
        }
        _ => lead,
    }
}

/// True when some item of a bullet is a link.
fn holds_link(items: &[connections::Item]) -> bool {
    items
        .iter()
        .any(|i| matches!(i.target, ItemTarget::Link(_)))
}

/// The words that may be a label at the start of `text` (a line's text
/// from where its words start; `masked` the same, masked): those in bold
/// (`**See also**:`, `__Related:__`), or those before a colon among the
/// first bytes (`Cross-references:`, `相关：`). Asked of every line
/// outside sections, so it reads a few bytes only and copies nothing.
fn label_candidate<'t>(text: &'t str, masked: &str) -> Option<&'t str> {
    let b = masked.as_bytes();
    if let Some(marker) = [b"**", b"__"].into_iter().find(|m| b.starts_with(*m)) {
        let inner = &b[2..b.len().min(2 + MAX_LABEL_BYTES)];
        let close = memchr::memmem::find(inner, marker)?;
        // `**相关：**`: the colon inside the emphasis is no part of it.
        return text
            .get(2..2 + close)
            .map(|t| t.trim_end_matches([':', '：']));
    }
    let head = &b[..b.len().min(MAX_LABEL_BYTES)];
    // `:`, or the lead byte of a full-width `：`.
    let colon = memchr::memchr2(b':', 0xEF, head)?;
    let words = text.get(..colon)?;
    // A few words: a link or a sentence before the colon is no label.
    let plain = |c: &u8| !matches!(c, b'[' | b']' | b'(' | b'.' | b',');
    (head[..colon].iter().all(plain) && memchr::memchr_iter(b' ', &head[..colon]).count() < 4)
        .then_some(words)
}

/// Where a name in code starts after a label, at `after` in `line`
/// (`**Sources**: `raw/a.md``): a closed code span (masked, so its
/// backtick is a space there) with a name in it. `None` for anything
/// else: an unclosed backtick or an empty span names nothing.
fn code_name_after(line: &Line<'_>, after: usize) -> Option<usize> {
    let tail = line
        .text
        .get(after..)?
        .trim_start_ws()
        .trim_start_matches([':', '：'])
        .trim_start_ws();
    let at = line.text.len() - tail.len();
    let named = tail
        .trim_start_matches('`')
        .starts_with(|c: char| !c.is_whitespace() && c != '`');
    (tail.starts_with('`') && line.masked.as_bytes().get(at) == Some(&b' ') && named).then_some(at)
}

/// True when a line that holds no link may still name a source after a
/// label: a bare URL (`://`) anywhere in it, or a backtick.
#[inline]
fn names_beyond_links(text: &str, masked: &str) -> bool {
    SCHEME_SEP.find(masked.as_bytes()).is_some() || memchr::memchr(b'`', text.as_bytes()).is_some()
}

/// Most words of a name cited after a bold label.
const SOURCE_NAME_WORDS: usize = 6;

/// True when the text after a source label reads as the name of one (a
/// file, `Smith 2020`), not as a sentence: a few words, no full stop at the
/// end (a file's extension is no full stop).
fn names_a_source(masked: &str) -> bool {
    let t = masked.trim_ws().trim_start_matches([':', '：']).trim_ws();
    !t.is_empty()
        && t.split_whitespace().nth(SOURCE_NAME_WORDS).is_none()
        && !t.ends_with(connections::SENTENCE_ENDS)
        // `**Sources:** none`, `see below`: no source is so named.
        && !connections::is_placeholder_phrase(t)
}

/// True when `masked` opens with `**` or `__`, after any quote markers.
#[inline]
fn opens_in_bold(masked: &str) -> bool {
    let b = masked.as_bytes();
    let b = match b.first() {
        Some(b'*' | b'_') => b,
        // A quote's or a callout's line: past its markers.
        Some(b'>') => {
            let at = b.iter().position(|&c| c != b'>' && c != b' ');
            &b[at.unwrap_or(b.len())..]
        }
        _ => return false,
    };
    b.starts_with(b"**") || b.starts_with(b"__")
}

/// True when a `:` (or the lead byte of a full-width `：`) is within the
/// first [`MAX_LABEL_BYTES`] of `masked`, where a label's colon would be.
#[inline]
fn colon_soon(masked: &str) -> bool {
    let b = masked.as_bytes();
    memchr::memchr2(b':', 0xEF, &b[..b.len().min(MAX_LABEL_BYTES)]).is_some()
}

static SCHEME_SEP: links::Needle = links::Needle::new(|| memmem::Finder::new("://"));

/// Bytes of a label that [`label_candidate`] looks at.
const MAX_LABEL_BYTES: usize = 48;

/// True when `masked` (a line's text, or its words) is short and ends as a
/// label on a line of its own does: `**References:**`, `**Related**`,
/// `See also:`. Asked first of lines without links (most lines).
#[inline]
fn may_head_list(masked: &str) -> bool {
    let t = masked.trim_end_ws();
    t.len() <= MAX_HEAD_BYTES
        && (t.ends_with(':') || t.ends_with('：') || t.ends_with("**") || t.ends_with("__"))
}

/// False when `masked` cannot end as a label alone does (`:`, `：`, `**`,
/// `__`, or spaces after them): one look at its last byte.
#[inline]
fn may_end_label(masked: &str) -> bool {
    matches!(
        masked.as_bytes().last(),
        Some(b':' | b'*' | b'_' | 0x9A | b' ' | b'\t')
    )
}

/// Longest line [`may_head_list`] takes for a label of its own.
const MAX_HEAD_BYTES: usize = 80;

/// The name of a line that is one bold name (`**Related Objects**`).
fn bold_alone(text: &str, masked: &str) -> Option<String> {
    let t = masked.trim_end_ws();
    let marker = ["**", "__"].into_iter().find(|m| t.starts_with(m))?;
    let inner = t.strip_prefix(marker)?.strip_suffix(marker)?;
    if inner.is_empty() || inner.contains(marker) {
        return None;
    }
    let name = crate::text::strip_emphasis(text[2..2 + inner.len()].trim_ws());
    (!name.is_empty()).then_some(name)
}

/// The connection-style reading of a bullet's text (after its marker).
/// The parser reads the line's own links where they are, without a copy
/// shifted to the text.
fn bullet_parts(line: &Line<'_>, content: usize, found: &[Found]) -> Option<Bullet> {
    connections::parse_bullet(&line.text, &line.masked, content, found)
}

/// A plain-text citation and its note: `**Baker et al. (2025)**: what it
/// found` cites `Baker et al. (2025)`, and `` `docs/guide.md` — the guide ``
/// cites `docs/guide.md`; other text is cited whole, code spans read
/// without their backticks. `masked` is `text` masked.
fn citation_text(text: &str, masked: &str) -> (String, Option<String>) {
    citation_text_in(text, masked, false)
}

/// [`citation_text`]; `nested` when `text` follows a label already passed,
/// whose reading does not look for another (a line of labels would nest
/// as deep as it is long).
fn citation_text_in(text: &str, masked: &str, nested: bool) -> (String, Option<String>) {
    let lead = text.len() - text.trim_start_ws().len();
    let (t, m) = (text[lead..].trim_end_ws(), &masked[lead..]);
    let m = &m[..t.len()];
    // The name, then what follows it.
    let bold = t.starts_with("**") || t.starts_with("__");
    let split = if let Some(marker) = ["**", "__"].into_iter().find(|mk| t.starts_with(mk)) {
        // Closed where the masking says: `**` inside code is code.
        m[2..].find(marker).map(|close| {
            let name = markdown::shown_name(&t[2..2 + close], &m[2..2 + close]);
            let name = name.trim_end_matches(':').trim_end_ws().to_owned();
            (name, 2 + close + 2)
        })
    } else if t.starts_with('`') && m.starts_with(' ') {
        // A code span: it ends where the masking does.
        let end = m.bytes().position(|c| c != b' ').unwrap_or(m.len());
        let end = t[..end].trim_end_ws().len();
        Some((markdown::shown(&t[..end], &m[..end]), end))
    } else {
        None
    };
    if let Some((name, after)) = split {
        let rest = t[after..].trim_start_ws().trim_start_matches(':');
        // `` `x/`. More `` or `**Name**, more`: a mark that ends the name
        // opens no note; `.gitignore` and `../y` are the note's own text.
        let rest = match rest.strip_prefix(['.', ',', ';']) {
            Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => r,
            _ => rest,
        };
        let rest = rest
            .trim_start_ws()
            .trim_start_matches(['—', '–', '-'])
            .trim_ws();
        if !name.is_empty() {
            let mut at = t.len() - rest.len();
            let mut rest = rest;
            // `` `a.md` (captured original) ``: a note in parentheses, as
            // after a link, is read without them.
            if let Some(inner) = rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .filter(|r| !r.contains(['(', ')']) && !r.trim_ws().is_empty())
            {
                at += 1;
                rest = inner;
            }
            // `` `x/`. ``: a full stop says nothing.
            let stop = |c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '。');
            let note = (!rest.trim_matches(stop).is_empty()).then(|| {
                markdown::shown(rest, &m[at..at + rest.len()])
                    .trim_ws()
                    .to_owned()
            });
            // `**Paper**: Attention Is All You Need`: a label, not a name,
            // says what the source after it is (as a citation, `Paper`
            // would be one node for every page's paper).
            // (After a code span, `after` may be shorter than `**…**`.)
            let bold_inner = t.get(2..after.saturating_sub(2)).unwrap_or("");
            let labelled = t[after..].trim_start_ws().starts_with(':')
                || (bold && bold_inner.trim_end_ws().ends_with(':'));
            // A name in code is the source's (`` **`lib.rs`**: the entry ``).
            let labelled = labelled && !bold_inner.contains('`');
            if !nested
                && labelled
                && is_source_label(&name)
                && note.is_some()
                && rest.starts_with('`')
            {
                // `` **Repo**: `raw/x/`. ``: the code names the source.
                let from = t.len() - rest.len();
                let (cited, inner) = citation_text_in(rest, &m[from..], true);
                return (
                    cited,
                    Some(join_notes(Some(&name), inner.as_deref()).into()),
                );
            }
            if labelled
                && is_source_label(&name)
                && let Some(cited) = &note
            {
                // `Title — what it says`: the dash note joins the label.
                let dash = [" — ", " – ", " - "]
                    .iter()
                    .filter_map(|d| cited.find(d).map(|at| (at, d.len())))
                    .min();
                return match dash {
                    Some((at, len)) if at > 0 && at + len < cited.len() => (
                        cited[..at].trim_ws().to_owned(),
                        Some(format!("{name}; {}", cited[at + len..].trim_ws())),
                    ),
                    _ => (cited.clone(), Some(name)),
                };
            }
            return (name, note);
        }
    }
    if !nested
        && let Some(found) = after_plain_label(t, m)
            .or_else(|| after_italic_label(t, m))
            .or_else(|| after_lead_in(t, m))
            .or_else(|| path_then_note(t, m))
    {
        return found;
    }
    // `Title (2022) — what it covers`: a spaced dash ends the cited name, as
    // it ends a link's, so that one work cited by two pages with two notes
    // is one node. Emphasis is no part of a name (`*IEEE TRO*`).
    let dash = [" — ", " – "]
        .iter()
        .filter_map(|d| m.find(d).map(|at| (at, d.len())))
        .min();
    if let Some((at, len)) = dash
        && at > 0
        && !t[at + len..].trim_ws().is_empty()
    {
        let rest = t[at + len..].trim_ws();
        let from = t.len() - t[at + len..].trim_start_ws().len();
        let note = markdown::shown(rest, &m[from..from + rest.len()]);
        return (markdown::shown_name(&t[..at], &m[..at]), Some(note));
    }
    (markdown::shown_name(t, m), None)
}

/// True when `label` only says "source" (`Source`, `Refs`, `Источник`,
/// `出典`), in any case.
fn is_source_word(label: &str) -> bool {
    const SOURCE_WORDS: [&str; 16] = [
        "source",
        "sources",
        "reference",
        "references",
        "ref",
        "refs",
        "citation",
        "quelle",
        "quellen",
        "fuente",
        "fonte",
        "источник",
        "来源",
        "出典",
        "출처",
        "出处",
    ];
    if label.is_ascii() {
        SOURCE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(label))
    } else {
        let lower = label.to_lowercase();
        SOURCE_WORDS.contains(&lower.as_str())
    }
}

/// The citation after a plain label, when the label is no part of it:
/// `Source: Carter (2014)` cites `Carter (2014)` (the word only says what
/// follows), and `Health metrics: ./health.md` cites the path with the
/// label as its note. Any other `Words: more words` stays whole, as titles
/// are written so (`Deep Learning: A Survey`).
fn after_plain_label(t: &str, m: &str) -> Option<(String, Option<String>)> {
    let head = &m.as_bytes()[..m.len().min(MAX_LABEL_BYTES)];
    let colon = memchr::memmem::find(head, b": ")?;
    let label = t[..colon].trim_ws();
    if label.is_empty() || !is_source_label(label) || label.contains(['[', '`', '*', '_', '"']) {
        return None;
    }
    let (rest, rest_m) = (t[colon + 1..].trim_start_ws(), &m[colon + 1..]);
    let rest_m = &rest_m[rest_m.len() - rest.len()..];
    if rest.is_empty() {
        return None;
    }
    if is_source_word(label) {
        // `Source: Source: x` as well: the words are passed in a loop (a
        // call per word would nest as deep as the line is long).
        let (mut rest, mut rest_m) = (rest, rest_m);
        while let Some(c) = memchr::memmem::find(
            &rest_m.as_bytes()[..rest_m.len().min(MAX_LABEL_BYTES)],
            b": ",
        ) && is_source_word(rest[..c].trim_ws())
        {
            let next = rest[c + 1..].trim_start_ws();
            rest_m = &rest_m[rest_m.len() - next.len()..];
            rest = next;
        }
        return (!rest.is_empty()).then(|| citation_text_in(rest, rest_m, true));
    }
    // `Origin: `x.md` — the session`, `Transcript: raw/x.md, p. 4`: what
    // follows the path is a note on it.
    let (path, after, dashed) = path_and_tail(rest)?;
    // A name with a slash (`CEO/founder, March 2023`) is no path when more
    // follows it, but for a note after a dash: only a file's path is then
    // read apart from what follows.
    let path_like = !path.contains("://")
        && (path.contains('/') || path.to_ascii_lowercase().ends_with(".md"))
        && (after.is_none() || dashed || page_file(path));
    let note = join_notes(Some(label), after);
    path_like.then(|| (path.to_owned(), Some(note.into())))
}

/// A cited path and what follows it: nothing, a locator in parentheses
/// (`raw/x.md (pp. 5–11)`), one after a comma (`raw/x.md, p. 4`) or a note
/// after a spaced dash (`raw/x.md - the draft`). The path is the first
/// word, or a code span (`` `raw/x.md` (chapter 3) ``), and whether the
/// note follows an em or en dash. `None` when other text follows it: `x/y
/// is how …` is a sentence.
fn path_and_tail(text: &str) -> Option<(&str, Option<&str>, bool)> {
    let text = text.trim_ws();
    let (path, tail) = match text.strip_prefix('`') {
        Some(code) => {
            let close = memchr::memchr(b'`', code.as_bytes())?;
            (&code[..close], &code[close + 1..])
        }
        None => {
            let end = text
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(text.len());
            (&text[..end], &text[end..])
        }
    };
    let path = path.trim_ws();
    if path.is_empty() || path.contains(char::is_whitespace) {
        return None;
    }
    let tail = tail.trim_ws();
    let dashed = tail.starts_with(['—', '–']);
    let note = if tail.is_empty() {
        None
    } else if let Some(inner) = tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        // One parenthesis: `(p. 3), raw/b.md (p. 7)` is two citations.
        if inner.contains(['(', ')']) {
            return None;
        }
        Some(inner)
    } else if let Some(after) = tail.strip_prefix(',') {
        Some(after)
    } else {
        let dash = ["— ", "– ", "- "]
            .iter()
            .find_map(|d| tail.strip_prefix(d))?;
        Some(dash)
    };
    let note = note.map(str::trim_ws).filter(|n| !n.is_empty());
    // `raw/a.md, raw/b.md`: a second path is a second citation, no note.
    if note.is_some_and(|n| n.split([' ', ',', ';']).any(page_file)) {
        return None;
    }
    Some((path, note, dashed))
}

/// `raw/x.md (pp. 5–11)`, `raw/x.md - the draft`: a path in the wiki's
/// style (a folder and a file with an extension, no URL) cited first, with
/// a locator or a note after it (see [`path_and_tail`]). The path alone is
/// what the frontmatter lists, and one source should be one node.
fn path_then_note(t: &str, m: &str) -> Option<(String, Option<String>)> {
    // Most cited text holds no path at all.
    memchr::memchr(b'/', t.as_bytes())?;
    // Plain text only: no code, comment or link in it.
    if m != t {
        return None;
    }
    let (path, note, _) = path_and_tail(t)?;
    // A path alone is read as it always was.
    let note = note?;
    (is_file_path(path)).then(|| (path.to_owned(), Some(note.to_owned())))
}

/// True for the path of a page: a [`is_file_path`] or a name ending in
/// `.md` (`plans/epics.md`, `notes.md`).
fn page_file(path: &str) -> bool {
    let b = path.as_bytes();
    !path.contains(char::is_whitespace)
        && (is_file_path(path) || b.len() > 3 && b[b.len() - 3..].eq_ignore_ascii_case(b".md"))
}

/// True for a path with a folder and a file extension (`raw/x.md`,
/// `papers/y.pdf`), no URL.
fn is_file_path(path: &str) -> bool {
    let ext = path.rsplit_once('.');
    path.contains('/')
        && !path.contains("://")
        && ext.is_some_and(|(stem, ext)| {
            !stem.ends_with('/')
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                // A file's extension, not a version's digits (`3.11/3.12`).
                && ext.bytes().any(|b| b.is_ascii_alphabetic())
        })
}

/// Most words of the phrase that leads to a cited path.
const LEAD_IN_WORDS: usize = 4;

/// `Discussed in raw/articles/x.md`: a few words, then a path, cite the
/// path with the words as its note (the path alone is what the frontmatter
/// lists, and one source should be one node). Only a path in the wiki's
/// style: a folder and a file with an extension, no spaces, no URL.
fn after_lead_in(t: &str, m: &str) -> Option<(String, Option<String>)> {
    // Most cited text holds no path at all.
    memchr::memchr(b'/', t.as_bytes())?;
    // Plain text only: no code, comment or link in it.
    if m != t {
        return None;
    }
    let at = t.trim_end_ws().rfind([' ', '\t'])?;
    let (lead, path) = (t[..at].trim_ws(), t[at + 1..].trim_ws());
    let words = lead.split_whitespace().count();
    let path_like = is_file_path(path);
    let lead_ok = (1..=LEAD_IN_WORDS).contains(&words)
        && !lead.ends_with([',', ';', ':', '.', '—', '–', '-']);
    (path_like && lead_ok).then(|| (path.to_owned(), Some(lead.to_owned())))
}

/// The citation after an italic word that says "source":
/// `*Source*: Carter (2014)` or `_Source:_ …` cites `Carter (2014)`. Any
/// other italic text before a colon is a title (`*Deep Learning*: A
/// Survey`) and stays whole.
fn after_italic_label(t: &str, m: &str) -> Option<(String, Option<String>)> {
    let mark = *t.as_bytes().first().filter(|&&b| b == b'*' || b == b'_')?;
    if t.as_bytes().get(1) == Some(&mark) {
        return None;
    }
    let head = &m.as_bytes()[1..m.len().min(MAX_LABEL_BYTES)];
    let close = 1 + memchr::memchr(mark, head)?;
    let inner = t[1..close].trim_ws();
    let (label, after) = match inner.strip_suffix([':', '：']) {
        Some(label) => (label.trim_end_ws(), close + 1),
        None => {
            let rest = t[close + 1..].trim_start_ws();
            let rest = rest.strip_prefix([':', '：'])?;
            (inner, t.len() - rest.len())
        }
    };
    // Only a word that says "source": an italic title is written so too
    // (`*The Selfish Gene*: Dawkins`).
    if !is_source_word(label) {
        return None;
    }
    let rest = t[after..].trim_start_ws();
    if rest.is_empty() {
        return None;
    }
    let rest_m = &m[t.len() - rest.len()..];
    Some(citation_text_in(rest, rest_m, true))
}

/// The longest note that lines under a source bullet make (see
/// [`Body::say_more`]).
const MAX_SAID: usize = 64 * 1024;

/// Two parts of a note joined by `; `, or the one there is (an empty
/// first part counts as none).
fn join_notes(first: Option<&str>, second: Option<&str>) -> Box<str> {
    match (first.filter(|f| !f.is_empty()), second) {
        (Some(f), Some(s)) => format!("{f}; {s}").into_boxed_str(),
        (Some(one), None) | (None, Some(one)) => one.into(),
        (None, None) => "".into(),
    }
}

/// True when the text of a source bullet reads as the sub-heading of the
/// bullets below it: it ends with a colon (`Papers:`, `**Primary:**`) or is
/// bold or italic whole (`**Primary**`).
fn heads_sources(text: &str) -> bool {
    let t = text.trim_ws();
    let inner = ["**", "__", "*", "_"]
        .into_iter()
        .find_map(|m| t.strip_prefix(m)?.strip_suffix(m))
        .filter(|i| !i.is_empty() && !i.contains(['*', '_']));
    let t = inner.unwrap_or(t).trim_ws();
    inner.is_some() || t.ends_with([':', '：'])
}

/// True when a bold name before a colon in a source bullet is a label
/// (`Paper`, `Discovered in`) rather than the source itself (`Baker et al.
/// (2025)`, `Smith & Jones`): a few words, with no digit or the marks of
/// authors and dates.
fn is_source_label(name: &str) -> bool {
    name.split_whitespace().count() <= 3
        && !name.contains(|c: char| c.is_ascii_digit() || matches!(c, ',' | '&' | '(' | '.'))
}

/// A plain-text target, or a URL target when the text is one bare URL
/// (`- **GitHub**: https://github.com/x`): a URL names an external
/// resource, not an entity of the wiki.
fn text_target(t: String) -> Target {
    if (t.starts_with("https://") || t.starts_with("http://")) && !t.contains(char::is_whitespace) {
        Target::Url(t)
    } else {
        Target::Text(t)
    }
}

/// The note of a cited URL: `text[range]` as it reads, with the URL links
/// at `spans` (sorted, inside the range) read as their titles (`[title](url)`)
/// and bare URLs left out, trimmed of dashes and punctuation at its ends;
/// `None` when nothing is left.
fn url_note(
    text: &str,
    masked: &str,
    range: (usize, usize),
    spans: &[(usize, usize)],
) -> Option<String> {
    let (from, to) = range;
    let mut out = String::new();
    let mut at = from;
    // Where a link was left out, the text on either side is joined by one
    // space, or none before punctuation: `Smith, [Paper](url), 2020`.
    let mut gap = false;
    for &(s, e) in spans {
        // An autolink's brackets go with it: `<https://x.org>`.
        let (s, e) = if s > at && text[..s].ends_with('<') && text[e..].starts_with('>') {
            (s - 1, e + 1)
        } else {
            (s, e)
        };
        // So do parentheses around a bare URL, which leaves nothing in
        // them: `Example Docs (<https://x.org>)`.
        let (s, e) = if s > at
            && !text[s..e].starts_with('[')
            && text[..s].ends_with('(')
            && text[e..].starts_with(')')
        {
            (s - 1, e + 1)
        } else {
            (s, e)
        };
        let link = &text[s..e];
        let before = markdown::shown(&text[at..s], &masked[at..s]);
        // `URL: https://…` or `Retrieved from https://…`: the word that
        // introduces a bare URL says nothing of the source.
        let before = if link.starts_with('[') {
            &before[..]
        } else {
            without_url_introducer(&before)
        };
        join_piece(&mut out, before, gap);
        gap = true;
        if let Some(close) = link.strip_prefix('[').and_then(|l| l.rfind("](")) {
            let title = &link[1..1 + close];
            // `[https://x.org](https://x.org)` says nothing more.
            if !link[close + 3..].starts_with(title.trim_ws()) {
                join_piece(&mut out, title, true);
            }
        }
        at = e;
    }
    join_piece(
        &mut out,
        &markdown::shown(&text[at..to], &masked[at..to]),
        gap,
    );
    let note = out.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '—' | '–' | '-' | ':' | '：' | ',' | ';' | '.' | '*' | '_'
            )
    });
    // Emphasis reads as its text: `[**Title**](url)`.
    let note = crate::text::strip_emphasis(note);
    (!note.is_empty()).then_some(note)
}

/// `text` without the words that end it when they only introduce the URL
/// after it (`Smith (2020). URL:` → `Smith (2020).`), any case: words that
/// open the text or follow punctuation, not the end of a phrase (`Open
/// source:`, `Data source`).
fn without_url_introducer(text: &str) -> &str {
    const INTRODUCERS: [&str; 9] = [
        "url",
        "source",
        "link",
        "doi",
        "available at",
        "available from",
        "retrieved from",
        "accessed at",
        "online at",
    ];
    let kept = text.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    for word in INTRODUCERS {
        let Some(at) = kept.len().checked_sub(word.len()) else {
            continue;
        };
        // A whole word that opens the text or a clause: `URL` but not
        // `CURL`, `Source:` but not `Open source:`.
        if kept.is_char_boundary(at) && kept[at..].eq_ignore_ascii_case(word) {
            let before = kept[..at].trim_end_ws();
            if before.is_empty()
                || before.ends_with([
                    '.', ';', ',', '(', ')', ']', '"', '”', '—', '–', '-', '|', '·', ':', '*', '_',
                ])
            {
                return &kept[..at];
            }
        }
    }
    text
}

/// Appends `piece` to `out`, with a space between them when `gap` says
/// something stood there and neither side has one (nor does `piece` start
/// with closing punctuation).
fn join_piece(out: &mut String, piece: &str, gap: bool) {
    if piece.is_empty() {
        return;
    }
    let spaced = out.is_empty()
        || out.ends_with(char::is_whitespace)
        || piece.starts_with(|c: char| c.is_whitespace() || ",.;:!?)]".contains(c));
    if gap && !spaced {
        out.push(' ');
    }
    out.push_str(piece);
}

/// A cited name and the place in it that it points to, which is no part
/// of the source: `raw/paper.pdf §2.3` → `raw/paper.pdf` and `§2.3`,
/// `Smith 2020, p. 4` → `Smith 2020` and `p. 4`.
fn without_locator(part: &str) -> (&str, Option<&str>) {
    // Looked for at each `,` and `§` (the first byte of its UTF-8): a
    // substring search per locator, built for each part, cost more than
    // the rest of the marker.
    let b = part.as_bytes();
    let at = memchr::memchr2_iter(b',', 0xC2, b).find_map(|p| match b[p] {
        b',' if b[p..].starts_with(b", p.") || b[p..].starts_with(b", pp.") => Some(p),
        0xC2 if p > 0 && b[p - 1] == b' ' && b[p..].starts_with("§".as_bytes()) => Some(p - 1),
        _ => None,
    });
    match at {
        Some(i) if i > 0 => {
            let note = part[i..].trim_start_matches([',', ' ']);
            // `raw/paper.pdf, §2.3`: the comma is no part of the name.
            let name = part[..i].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
            (name, Some(note).filter(|n| !n.is_empty()))
        }
        _ => (part, None),
    }
}

/// Finds `[Source: …]` (any case, also `Sources:`) at or after `from`:
/// returns (start, start of the inside, end just past `]`).
fn source_marker(masked: &str, from: usize) -> Option<(usize, usize, usize)> {
    let b = masked.as_bytes();
    let mut i = from;
    while let Some(p) = memchr::memchr2(b'[', b'(', b.get(i..)?) {
        let start = i + p;
        // `[Source: x]` or `(Source: x)`: the close matches the open.
        let (open, close) = if b[start] == b'[' {
            (b'[', b']')
        } else {
            (b'(', b')')
        };
        let rest = &masked[start + 1..];
        let word = rest
            .get(..7)
            .filter(|w| w.eq_ignore_ascii_case("sources"))
            .map(|_| 7)
            .or_else(|| {
                rest.get(..6)
                    .filter(|w| w.eq_ignore_ascii_case("source"))
                    .map(|_| 6)
            });
        if let Some(w) = word
            && rest[w..].starts_with(':')
        {
            let inner_start = start + 1 + w + 1;
            let mut depth = 1usize;
            let mut j = inner_start;
            while j < b.len() {
                if b[j] == open {
                    depth += 1;
                } else if b[j] == close {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            // Unclosed: the scan stops, so that it stays linear.
            if j >= b.len() {
                return None;
            }
            // `[Source: cip108](source-cip108.md)` is a link whose text
            // reads so, not a marker.
            if open == b'[' && b.get(j + 1) == Some(&b'(') {
                i = j + 1;
                continue;
            }
            return Some((start, inner_start, j + 1));
        }
        i = start + 1;
    }
    None
}

/// Dataview fields on a masked line: (label, value start, value end).
/// Each `open` of `b` that a `close` matches, with it (nested pairs
/// counted), in the order the opens come.
fn bracket_pairs(b: &[u8], open: u8, close: u8) -> Vec<(usize, usize)> {
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    for i in memchr::memchr2_iter(open, close, b) {
        if b[i] == open {
            stack.push(i);
        } else if let Some(o) = stack.pop() {
            pairs.push((o, i));
        }
    }
    pairs.sort_unstable();
    pairs
}

fn dataview_fields(masked: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    // Bracketed inline fields anywhere on the line.
    for (open, close) in [(b'[', b']'), (b'(', b')')] {
        let mut from = 0;
        let mut pairs: Option<Vec<(usize, usize)>> = None;
        while let Some(p) = memchr::memchr(open, &masked.as_bytes()[from..]) {
            let start = from + p + 1;
            from = start;
            // A field name is short: look for `::` only nearby, so a line of
            // many brackets stays linear.
            let Some(sep) = DATAVIEW.find(bounded(masked, start, 64).as_bytes()) else {
                continue;
            };
            let key = &masked[start..start + sep];
            if key.is_empty() || key.len() > 60 || key.contains(['[', ']', '(', ')']) {
                continue;
            }
            let vstart = start + sep + 2;
            // Where the bracket that opens the field closes: every pair of
            // the line is matched once (a scan to the line's end for each
            // field that never closes took time in the square of their
            // number).
            let pairs = pairs.get_or_insert_with(|| bracket_pairs(masked.as_bytes(), open, close));
            let end = pairs
                .binary_search_by_key(&(start - 1), |&(o, _)| o)
                .ok()
                .map(|i| pairs[i].1);
            if let Some(end) = end {
                out.push((collapse_ws(key), vstart, end));
                from = end;
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    // A whole-line field: `Label:: value`, possibly as a bullet or in a
    // quote or callout (`> **up**:: [[x]]`, as metadata blocks are written).
    let mut t = masked.trim_start_ws();
    while let Some(r) = t.strip_prefix('>') {
        t = r.trim_start_ws();
    }
    let lead = masked.len() - t.len();
    // Numbered too: `1. part-of:: [[x]]` is the field `part-of`.
    let (t, lead) = match markdown::bullet_marker(t) {
        Some(m) if m < t.len() => {
            let r = t[m..].trim_start_ws();
            (r, masked.len() - r.len())
        }
        _ => (t, lead),
    };
    // A task item's box: `- [x] Label:: value`.
    let (t, lead) = match t.as_bytes() {
        [b'[', mark, b']', b' ', ..] if mark.is_ascii() && !matches!(mark, b'[' | b']') => {
            let r = t[4..].trim_start_ws();
            (r, masked.len() - r.len())
        }
        _ => (t, lead),
    };
    if let Some(sep) = t.find("::") {
        let key = t[..sep].trim_ws();
        // `std::move` and `Vec::new` in prose are paths, not fields: a
        // field's `::` ends its key and is followed by a space or nothing.
        let spaced = t[sep + 2..].chars().next().is_none_or(char::is_whitespace);
        if spaced
            && !key.is_empty()
            && key.len() <= 60
            && !key.contains(['[', ']', '(', ')', '`'])
            // `skos:related:: [[x]]` is a key; `As it says: Vec:: new` is prose.
            && !key.contains(": ")
            && key.starts_with(|c: char| c.is_alphanumeric() || c == '*' || c == '_')
        {
            out.push((
                crate::text::strip_emphasis(key),
                lead + sep + 2,
                masked.len(),
            ));
        }
    }
    out
}

/// At most `max` bytes of `s` from `from`, cut on a char boundary.
fn bounded(s: &str, from: usize, max: usize) -> &str {
    let rest = s.get(from..).unwrap_or("");
    let mut end = rest.len().min(max);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    &rest[..end]
}

/// Heading text without emphasis markers, its wikilinks read as the text
/// they show (`# [[paper review|Paper Review]]` is `Paper Review`).
fn clean_heading(text: &str) -> String {
    let text = crate::text::strip_emphasis(text);
    if memchr::memmem::find(text.as_bytes(), b"[[").is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open + 2..].find("]]") else {
            break;
        };
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        let inner = &rest[open + 2..open + 2 + close];
        let shown = inner.split_once('|').map_or(inner, |(_, display)| display);
        out.push_str(shown.trim_ws());
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
