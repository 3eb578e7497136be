//! Names to pages: how a link target, a plain-text target or a command-line
//! NODE argument finds its page. Indexes are hash maps built once; each
//! lookup is a handful of hash probes.
//!
//! Order (DESIGN §1.1): exact relative path (also with the wiki folder's name
//! as a leading segment, and as a path suffix), file stem, alias, title,
//! slug. Case-insensitive after NFC; an exact-case match wins a tie, then the
//! linking page's folder, then the shortest path.

mod candidates;
mod index;

pub use candidates::Candidates;
pub(crate) use candidates::Remap;

use crate::page::{Link, LinkForm};
use crate::text::{TrimExt, name_key, name_key_into, slug_key, slug_key_into};
use candidates::Ranked;
use foldhash::HashMap;
use hashbrown::hash_map::EntryRef;
use index::{Index, SuffixIndex, column};
use rayon::prelude::*;
use std::borrow::Cow;

/// Index of a page in the resolver (and in the graph: pages come first).
pub type PageIdx = u32;

/// The names one page can be found by.
#[derive(Debug, Clone, Copy)]
pub struct PageNames<'a> {
    /// Path relative to the wiki, without `.md`, `/`-separated.
    pub id: &'a str,
    /// Display title (frontmatter title or H1), if any.
    pub title: Option<&'a str>,
    /// Aliases.
    pub aliases: &'a [String],
}

/// The outcome of resolving a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one page matched (or one was clearly preferred).
    Page(PageIdx),
    /// Several pages matched at the same step; `chosen` is the preferred one.
    Ambiguous {
        /// The page the link is read as.
        chosen: PageIdx,
        /// Every page that matched, `chosen` first (shared: every link
        /// that writes the name has the same lists).
        candidates: Candidates,
    },
    /// Nothing matched; the key and label of the missing node.
    Missing(MissingName),
}

/// How a target that names no page is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingName {
    /// Identity of the missing node: targets that would find the same page
    /// share it.
    pub key: String,
    /// The name as first written (normalised path).
    pub label: String,
    /// True when the path climbs out of the wiki (`../../x`).
    pub outside: bool,
}

/// Which lookup step matched, for the exact-case tie-break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Path,
    Stem,
    Alias,
    Title,
    Slug,
}

/// Answers of [`Resolver::resolve_link_cached`] by name as written, for
/// one thread's run of links: most wikis name each page many times.
#[derive(Debug, Default)]
pub struct LinkCache {
    /// Name → answer. Most answers are a page, kept in the slot itself; the
    /// others (missing pages) lie in `missing`. A slot is 40 bytes, not the
    /// 88 of a whole `Resolution`: lookups, at random, range over less than
    /// half the memory (2.6 MB for the 33,000 names of 10,000 pages).
    links: hashbrown::HashMap<CacheKey, Cached, foldhash::fast::RandomState>,
    /// The answers for names that find no page.
    missing: Vec<Resolution>,
    /// Plain-text names (as [`Resolver::resolve_text`] reads them) that
    /// found one page or none: unlinked targets and citations repeat across
    /// pages as much as links do, and a miss costs every lookup step.
    texts: HashMap<String, Option<PageIdx>>,
    /// Names (of links or plain text) that match several pages, ranked
    /// once: the answer, which depends on the linking page's folder, is
    /// read from the ranking. A name that every folder has (`index`,
    /// `README`) can match thousands of pages and be written as many times.
    ambiguous: HashMap<Box<str>, Ranked>,
}

/// A [`LinkCache`] answer.
#[derive(Debug, Clone, Copy)]
enum Cached {
    /// The name finds this page.
    Page(PageIdx),
    /// The name finds no page: the answer at this position of `missing`.
    Missing(u32),
    /// The name matches several pages: their ranking is in `ambiguous`.
    Ambiguous,
}

/// The bytes of a name kept inline, in a key of 32 bytes.
const INLINE: usize = 30;

/// A [`LinkCache`] key. A name of up to [`INLINE`] bytes (most link names)
/// is kept in the table's own slot, so that a hit compares bytes that came
/// with the slot rather than following a pointer to a string elsewhere: at
/// 100,000 pages that pointer missed the processor's caches on most
/// lookups, and the comparison was 8% of `check`'s time.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CacheKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl CacheKey {
    fn as_bytes(&self) -> &[u8] {
        match self {
            CacheKey::Inline { len, bytes } => &bytes[..usize::from(*len)],
            CacheKey::Heap(s) => s.as_bytes(),
        }
    }
}

impl From<&str> for CacheKey {
    fn from(s: &str) -> Self {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut bytes = [0; INLINE];
                bytes[..s.len()].copy_from_slice(s.as_bytes());
                CacheKey::Inline { len, bytes }
            }
            _ => CacheKey::Heap(s.into()),
        }
    }
}

impl std::hash::Hash for CacheKey {
    /// As the name hashes as a `str`, which is how lookups hash it. (Only a
    /// table that grows hashes its keys; the bytes came from a `str`.)
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::str::from_utf8(self.as_bytes())
            .unwrap_or_default()
            .hash(state);
    }
}

impl hashbrown::Equivalent<CacheKey> for str {
    fn equivalent(&self, key: &CacheKey) -> bool {
        self.as_bytes() == key.as_bytes()
    }
}

/// Finds pages by name.
#[derive(Debug, Clone)]
pub struct Resolver {
    ids: Vec<String>,
    titles: Vec<Option<String>>,
    aliases: Vec<Vec<String>>,
    by_path: Index,
    by_suffix: SuffixIndex,
    by_stem: Index,
    by_alias: Index,
    by_title: Index,
    by_slug: Index,
    root_name: Option<String>,
}

/// The page name of a Logseq file stem in its namespace form
/// (`Microfreak___UG___Types` → `Microfreak/UG/Types`: Logseq's default
/// file names write a namespace's `/` as `___`; its legacy ones write it
/// `%2F`, percent-encoding other characters too: `Books%2FWhat%3F` →
/// `Books/What?`), or `None` for other stems.
pub fn logseq_namespace(stem: &str) -> Option<String> {
    // Asked of every page: most stems have no `_` or `%` at all.
    let b = stem.as_bytes();
    memchr::memchr2(b'_', b'%', b)?;
    let decoded = match memchr::memchr(b'%', b) {
        Some(_) => percent_encoding::percent_decode_str(stem)
            .decode_utf8()
            .unwrap_or(std::borrow::Cow::Borrowed(stem)),
        None => std::borrow::Cow::Borrowed(stem),
    };
    let inner = decoded.trim_matches('_');
    if inner.len() == decoded.len() && inner.contains("___") {
        return Some(inner.replace("___", "/"));
    }
    (decoded != stem).then(|| decoded.into_owned())
}

/// The file stem of a page id (`entities/WeChat` → `WeChat`).
pub fn stem(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// The folder of a page id (`entities/WeChat` → `entities`, `x` → ``).
pub fn folder(id: &str) -> &str {
    id.rfind('/').map_or("", |p| &id[..p])
}

impl Resolver {
    /// Indexes pages; `root_name` is the wiki folder's own name (`wiki`).
    pub fn new<'a>(
        pages: impl IntoIterator<Item = PageNames<'a>>,
        root_name: Option<&str>,
    ) -> Self {
        let pages: Vec<PageNames<'a>> = pages.into_iter().collect();
        // Each index is made from its own column of keys, side by side.
        // Suffixes come from the path keys, which are made once.
        let path_and_suffix = || {
            let path = column(&pages, |p, i, c| c.key(i, |k| name_key_into(p.id, k)));
            rayon::join(|| Index::build(&path), || SuffixIndex::build(&path))
        };
        let stem_keys = || {
            column(&pages, |p, i, c| {
                let stem = stem(p.id);
                c.key(i, |k| name_key_into(stem, k));
                // Logseq writes the page `A/B` to the file `A___B.md`.
                if let Some(name) = logseq_namespace(stem) {
                    c.key(i, |k| name_key_into(&name, k));
                }
            })
        };
        let alias = || {
            column(&pages, |p, i, c| {
                for a in p.aliases {
                    c.key(i, |k| name_key_into(a, k));
                }
            })
        };
        let title = || {
            column(&pages, |p, i, c| {
                if let Some(t) = p.title {
                    c.key(i, |k| name_key_into(t, k));
                }
            })
        };
        let slug = || {
            column(&pages, |p, i, c| {
                c.key(i, |k| slug_key_into(p.id, k));
                c.key(i, |k| slug_key_into(stem(p.id), k));
                for a in p.aliases {
                    c.key(i, |k| slug_key_into(a, k));
                }
                if let Some(t) = p.title {
                    c.key(i, |k| slug_key_into(t, k));
                }
            })
        };
        let ((by_path, by_suffix), ((by_stem, by_alias), (by_title, by_slug))) =
            rayon::join(path_and_suffix, || {
                rayon::join(
                    || rayon::join(|| Index::build(&stem_keys()), || Index::build(&alias())),
                    || rayon::join(|| Index::build(&title()), || Index::build(&slug())),
                )
            });
        let (ids, (titles, aliases)) = rayon::join(
            || pages.par_iter().map(|p| p.id.to_owned()).collect(),
            || {
                rayon::join(
                    || {
                        pages
                            .par_iter()
                            .map(|p| p.title.map(str::to_owned))
                            .collect()
                    },
                    || pages.par_iter().map(|p| p.aliases.to_vec()).collect(),
                )
            },
        );
        Resolver {
            ids,
            titles,
            aliases,
            by_path,
            by_suffix,
            by_stem,
            by_alias,
            by_title,
            by_slug,
            root_name: root_name.map(name_key).filter(|n| !n.is_empty()),
        }
    }

    /// Number of pages indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no page is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Resolves a link written on page `from`.
    pub fn resolve_link(&self, link: &Link, from: PageIdx) -> Resolution {
        self.resolve_link_cached(&link.target, link.form, from, &mut LinkCache::default())
            .into_owned()
    }

    /// [`Resolver::resolve_link`] of a link's page part and form,
    /// remembering in `cache` the names whose answer does not depend on the
    /// linking page, for the next link that writes the same name. A
    /// remembered missing page is lent, not copied; a remembered page is
    /// its index.
    pub fn resolve_link_cached<'c>(
        &self,
        target: &str,
        form: LinkForm,
        from: PageIdx,
        cache: &'c mut LinkCache,
    ) -> Cow<'c, Resolution> {
        let from_id = self.ids.get(from as usize).map_or("", String::as_str);
        let raw = target.trim_ws();
        let no_ext = strip_md(raw);
        // Markdown links and `./`, `../` paths are relative to the page's folder.
        let relative = form.is_markdown() || raw.starts_with("./") || raw.starts_with("../");
        let rooted = no_ext.strip_prefix('/');
        if rooted.is_none() && !relative {
            // The common case: one name, looked up as written.
            let cached = match cache.links.entry_ref(no_ext) {
                EntryRef::Occupied(hit) => *hit.get(),
                EntryRef::Vacant(slot) => {
                    let cached = match self.find(no_ext, true) {
                        Some((step, found)) => match self.rank(step, found, no_ext) {
                            Choice::One(p) => Cached::Page(p),
                            // The answer depends on the linking page's
                            // folder: the ranking is kept, and read below.
                            Choice::Many(ranked) => {
                                cache.ambiguous.insert(no_ext.into(), ranked);
                                Cached::Ambiguous
                            }
                        },
                        None => {
                            let r = missing_name(no_ext);
                            // More than u32::MAX names that find nothing are
                            // answered without the cache.
                            let Ok(at) = u32::try_from(cache.missing.len()) else {
                                return Cow::Owned(r);
                            };
                            cache.missing.push(r);
                            Cached::Missing(at)
                        }
                    };
                    *slot.insert_with_key(CacheKey::from(no_ext), cached)
                }
            };
            return match cached {
                Cached::Page(p) => Cow::Owned(Resolution::Page(p)),
                Cached::Ambiguous => Cow::Owned(match cache.ambiguous.get(no_ext) {
                    Some(ranked) => ranked.answer(self.folder_of(from)),
                    // Every name marked so has its ranking; were one not,
                    // the name is looked up afresh.
                    None => self.lookup_link_name(no_ext, from),
                }),
                Cached::Missing(at) => {
                    // Every position given out is in the list; were one not,
                    // the name is looked up afresh (tests stop at the assert).
                    debug_assert!((at as usize) < cache.missing.len(), "cache position {at}");
                    match cache.missing.get(at as usize) {
                        Some(r) => Cow::Borrowed(r),
                        None => Cow::Owned(self.lookup_link_name(no_ext, from)),
                    }
                }
            };
        }
        let mut tries: Vec<String> = Vec::new();
        let mut outside = false;
        if let Some(r) = rooted {
            tries.push(r.to_owned());
        } else if relative {
            match join(folder(from_id), no_ext) {
                Some(p) => tries.push(p),
                None => outside = true,
            }
            if !no_ext.starts_with("../") && !no_ext.starts_with("./") {
                tries.push(no_ext.to_owned());
            }
        } else {
            tries.push(no_ext.to_owned());
        }
        for t in &tries {
            if let Some(r) = self.lookup(t, from, !relative || form.is_markdown()) {
                return Cow::Owned(r);
            }
        }
        let label = tries.first().cloned().unwrap_or_else(|| no_ext.to_owned());
        let label = if outside { no_ext.to_owned() } else { label };
        Cow::Owned(Resolution::Missing(MissingName {
            key: slug_key(&label),
            label,
            outside,
        }))
    }

    /// The answer for a link's name as written (not relative, not rooted):
    /// a page, or a missing page keyed by its slug.
    fn lookup_link_name(&self, name: &str, from: PageIdx) -> Resolution {
        self.lookup(name, from, true)
            .unwrap_or_else(|| missing_name(name))
    }

    /// Resolves plain text (an unlinked target, a citation slug, a NODE
    /// argument). `None` when no page matches.
    pub fn resolve_text(&self, text: &str, from: Option<PageIdx>) -> Option<Resolution> {
        let from = from.unwrap_or(PageIdx::MAX);
        let t = text_name(text);
        self.lookup(t, from, true)
            .or_else(|| self.lookup(before_anchor(t)?, from, true))
    }

    /// [`Resolver::resolve_text`] for text on page `from`, remembering in
    /// `cache` the answers that do not depend on the linking page (all but
    /// ambiguous ones).
    pub fn resolve_text_cached(
        &self,
        text: &str,
        from: PageIdx,
        cache: &mut LinkCache,
    ) -> Option<Resolution> {
        let t = text_name(text);
        // `../sources/report.md` in `sources:`: a path relative to the page,
        // as a link's is (and so not cached, its answer being the page's).
        if t.starts_with("../") || t.starts_with("./") {
            let from_id = self.ids.get(from as usize).map_or("", String::as_str);
            return join(folder(from_id), t).and_then(|p| self.lookup(&p, from, false));
        }
        if let Some(hit) = cache.texts.get(t) {
            return hit.map(Resolution::Page);
        }
        // Text is looked up as a link's name is: a name's ranking is the
        // same for both, and kept for both.
        if let Some(ranked) = cache.ambiguous.get(t) {
            return Some(ranked.answer(self.folder_of(from)));
        }
        // `source-0004#abstract` names the page `source-0004` when no page
        // has the whole name.
        let (name, hit) = match self.find(t, true) {
            Some(hit) => (t, Some(hit)),
            None => match before_anchor(t).and_then(|a| Some((a, self.find(a, true)?))) {
                Some((a, hit)) => (a, Some(hit)),
                None => (t, None),
            },
        };
        let page = match hit {
            None => None,
            Some((step, found)) => match self.rank(step, found, name) {
                Choice::One(p) => Some(p),
                Choice::Many(ranked) => {
                    let answer = ranked.answer(self.folder_of(from));
                    cache.ambiguous.insert(t.into(), ranked);
                    return Some(answer);
                }
            },
        };
        cache.texts.insert(t.to_owned(), page);
        page.map(Resolution::Page)
    }

    /// Runs the lookup steps for one normalised name and reads the pages
    /// that matched as seen from page `from`.
    fn lookup(&self, t: &str, from: PageIdx, names: bool) -> Option<Resolution> {
        let (step, found) = self.find(t, names)?;
        Some(match self.rank(step, found, t) {
            Choice::One(p) => Resolution::Page(p),
            Choice::Many(ranked) => ranked.answer(self.folder_of(from)),
        })
    }

    /// The first lookup step that matches a normalised name, and the pages
    /// it matched (at least one); names (stem, alias, title, slug) only
    /// when `names`.
    fn find(&self, t: &str, names: bool) -> Option<(Step, &[PageIdx])> {
        if t.is_empty() || t.ends_with('/') {
            return None;
        }
        let key = name_key(t);
        fn hit(step: Step, found: &[PageIdx]) -> Option<(Step, &[PageIdx])> {
            (!found.is_empty()).then_some((step, found))
        }
        if let Some(r) = hit(Step::Path, self.by_path.get(&key)) {
            return Some(r);
        }
        // `[[wiki/rules/r006]]`: the wiki folder's own name leads the path.
        let in_root = self.root_name.as_deref().and_then(|root| {
            key.strip_prefix(root)
                .and_then(|r| r.strip_prefix('/'))
                .filter(|r| !r.is_empty())
        });
        if let Some(rest) = in_root
            && let Some(r) = hit(Step::Path, self.by_path.get(rest))
        {
            return Some(r);
        }
        if key.contains('/')
            && let Some(r) = hit(Step::Path, self.by_suffix.get(&key))
        {
            return Some(r);
        }
        // Both: the folder's name, then the end of a deeper page's path.
        if let Some(rest) = in_root
            && rest.contains('/')
            && let Some(r) = hit(Step::Path, self.by_suffix.get(rest))
        {
            return Some(r);
        }
        if !names {
            return None;
        }
        hit(Step::Stem, self.by_stem.get(&key))
            .or_else(|| hit(Step::Alias, self.by_alias.get(&key)))
            .or_else(|| hit(Step::Title, self.by_title.get(&key)))
            .or_else(|| hit(Step::Slug, self.by_slug.get(&slug_key(t))))
    }

    /// Ranks pages that matched `written` at one step, wherever it is
    /// written: one page, or one that matches in exact case, is the
    /// answer; otherwise the ranking, from which each folder reads its own.
    fn rank(&self, step: Step, found: &[PageIdx], written: &str) -> Choice {
        if let [one] = found {
            return Choice::One(*one);
        }
        let suffix = format!("/{written}");
        let exact = |p: PageIdx| -> bool {
            let i = p as usize;
            match step {
                Step::Path => self.ids[i] == written || self.ids[i].ends_with(&suffix),
                Step::Stem => stem(&self.ids[i]) == written,
                Step::Alias => self.aliases[i].iter().any(|a| a == written),
                Step::Title => self.titles[i].as_deref() == Some(written),
                Step::Slug => false,
            }
        };
        // Each page's rank is made once: a name that every folder has
        // (`index`, `README`) matches thousands of pages, and a key made
        // anew at each comparison of the sort cost most of a run. Ids are
        // unique, so the order is total.
        let mut ranked: Vec<(bool, usize, &str, PageIdx)> = found
            .iter()
            .map(|&p| {
                let id = self.ids[p as usize].as_str();
                (!exact(p), id.chars().count(), id, p)
            })
            .collect();
        ranked.sort_unstable();
        let exact_count = ranked.iter().filter(|r| !r.0).count();
        if exact_count == 1 {
            return Choice::One(ranked[0].3);
        }
        Choice::Many(Ranked::new(
            ranked.iter().map(|r| r.3).collect(),
            exact_count,
            |p| folder(self.id(p)),
        ))
    }

    /// The folder of page `p`, on which the answer for an ambiguous name
    /// depends (its page is preferred); none when `p` is no page.
    fn folder_of(&self, p: PageIdx) -> Option<&str> {
        self.ids.get(p as usize).map(|id| folder(id))
    }

    /// The id of an indexed page.
    pub fn id(&self, p: PageIdx) -> &str {
        self.ids.get(p as usize).map_or("", String::as_str)
    }
}

/// What pages that matched a name at one step read as.
enum Choice {
    /// This page, wherever the name is written.
    One(PageIdx),
    /// One of several, by the folder the name is written in.
    Many(Ranked),
}

/// The missing page a link's name as written stands for.
fn missing_name(name: &str) -> Resolution {
    Resolution::Missing(MissingName {
        key: slug_key(name),
        label: name.to_owned(),
        outside: false,
    })
}

/// The name plain text is looked up by: trimmed, without `.md` (an empty
/// name finds nothing: [`Resolver::lookup`] says so).
fn text_name(text: &str) -> &str {
    strip_md(text.trim_ws())
}

/// The page name before an anchor in plain text (`source-0004` of
/// `source-0004#abstract`): one word, with text on both sides of the `#`
/// (`C#` is a name).
fn before_anchor(t: &str) -> Option<&str> {
    let (name, anchor) = t.split_once('#')?;
    (!name.is_empty() && !anchor.is_empty() && !t.contains(char::is_whitespace))
        .then(|| strip_md(name))
}

/// Strips a trailing `.md` (any case).
fn strip_md(s: &str) -> &str {
    if s.len() > 3
        && s.is_char_boundary(s.len() - 3)
        && s[s.len() - 3..].eq_ignore_ascii_case(".md")
    {
        &s[..s.len() - 3]
    } else {
        s
    }
}

/// Joins a relative path to a folder, folding `.` and `..`; `None` when it
/// climbs out of the wiki.
fn join(folder: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Names short and long, ASCII or not, are found as `str`s in a
        /// table keyed by `CacheKey`, also after it grew (and hashed its
        /// keys itself); names never put in are not.
        #[test]
        fn cache_keys_are_found_by_their_names(
            names in proptest::collection::hash_set("[a-zé微 ]{0,40}", 0..200),
            absent in "[A-Z]{1,40}",
        ) {
            let mut map: hashbrown::HashMap<CacheKey, usize, foldhash::fast::RandomState> =
                hashbrown::HashMap::default();
            for (i, n) in names.iter().enumerate() {
                match map.entry_ref(n.as_str()) {
                    EntryRef::Vacant(slot) => {
                        slot.insert_with_key(CacheKey::from(n.as_str()), i);
                    }
                    EntryRef::Occupied(_) => proptest::prop_assert!(false, "{n:?} twice"),
                }
            }
            proptest::prop_assert_eq!(map.len(), names.len());
            for (i, n) in names.iter().enumerate() {
                proptest::prop_assert_eq!(map.get(n.as_str()), Some(&i));
                let key = CacheKey::from(n.as_str());
                proptest::prop_assert_eq!(key.as_bytes(), n.as_bytes());
            }
            proptest::prop_assert_eq!(map.get(absent.as_str()), None);
        }
    }

    #[test]
    fn short_names_are_kept_inline() {
        let short = "x".repeat(INLINE);
        let long = "x".repeat(INLINE + 1);
        assert!(matches!(
            CacheKey::from(short.as_str()),
            CacheKey::Inline { .. }
        ));
        assert!(matches!(CacheKey::from(long.as_str()), CacheKey::Heap(_)));
        assert_eq!(std::mem::size_of::<CacheKey>(), 32);
    }

    fn resolver(pages: &[(&str, Option<&str>, &[&str])]) -> Resolver {
        let aliases: Vec<Vec<String>> = pages
            .iter()
            .map(|p| p.2.iter().map(|s| s.to_string()).collect())
            .collect();
        Resolver::new(
            pages.iter().zip(&aliases).map(|(p, a)| PageNames {
                id: p.0,
                title: p.1,
                aliases: a,
            }),
            Some("wiki"),
        )
    }

    fn wl(t: &str) -> Link {
        Link {
            target: t.into(),
            anchor: None,
            display: None,
            form: LinkForm::Wiki,
        }
    }

    fn md(t: &str) -> Link {
        Link {
            form: LinkForm::Markdown,
            ..wl(t)
        }
    }

    #[test]
    fn order_of_steps() {
        let r = resolver(&[
            ("entities/WeChat", Some("WeChat"), &["微信"]),
            ("guides/Quick-Start", None, &[]),
            ("rules/r006", Some("Rule Six"), &[]),
        ]);
        assert_eq!(
            r.resolve_link(&wl("entities/WeChat"), 1),
            Resolution::Page(0)
        );
        assert_eq!(r.resolve_link(&wl("wechat"), 1), Resolution::Page(0));
        assert_eq!(r.resolve_link(&wl("微信"), 1), Resolution::Page(0));
        assert_eq!(r.resolve_link(&wl("Quick Start"), 0), Resolution::Page(1));
        assert_eq!(
            r.resolve_link(&wl("wiki/rules/r006"), 0),
            Resolution::Page(2)
        );
        assert_eq!(r.resolve_link(&wl("rules/r006.md"), 0), Resolution::Page(2));
        assert_eq!(r.resolve_link(&wl("Rule Six"), 0), Resolution::Page(2));
        // The folder's name, then the end of a deeper path.
        let deep = resolver(&[("topic/rules/r006", None, &[])]);
        assert_eq!(
            deep.resolve_link(&wl("wiki/rules/r006.md"), 0),
            Resolution::Page(0)
        );
        assert!(matches!(
            deep.resolve_link(&wl("wiki/other/r006.md"), 0),
            Resolution::Missing { .. }
        ));
        assert_eq!(r.resolve_text("rule six", None), Some(Resolution::Page(2)));
    }

    #[test]
    fn relative_text_is_a_path_from_its_page() {
        let r = resolver(&[
            ("notes/deep/a", None, &[]),
            ("papers/x", None, &[]),
            ("notes/papers/x", None, &[]),
        ]);
        let mut cache = LinkCache::default();
        let text =
            |t: &str, from: PageIdx, cache: &mut LinkCache| r.resolve_text_cached(t, from, cache);
        assert_eq!(
            text("../../papers/x.md", 0, &mut cache),
            Some(Resolution::Page(1))
        );
        assert_eq!(
            text("../papers/x.md", 0, &mut cache),
            Some(Resolution::Page(2))
        );
        // From another page, the same text is another path.
        assert_eq!(
            text("../papers/x.md", 2, &mut cache),
            Some(Resolution::Page(2))
        );
        assert_eq!(text("./deep/a.md", 2, &mut cache), None);
        assert_eq!(text("../../../x.md", 0, &mut cache), None);
    }

    #[test]
    fn logseq_namespace_files_are_found_by_their_page_names() {
        let r = resolver(&[
            ("pages/Microfreak___UG___Types", None, &[]),
            ("pages/__private__", None, &[]),
            ("pages/Books%2FRust", None, &[]),
        ]);
        assert_eq!(r.resolve_link(&wl("Books/Rust"), 1), Resolution::Page(2));
        assert_eq!(
            r.resolve_link(&wl("Microfreak/UG/Types"), 1),
            Resolution::Page(0)
        );
        assert_eq!(
            r.resolve_link(&wl("microfreak/ug/types"), 1),
            Resolution::Page(0)
        );
        assert_eq!(logseq_namespace("A___B___C").as_deref(), Some("A/B/C"));
        assert_eq!(logseq_namespace("__private__"), None);
        assert_eq!(logseq_namespace("plain_name"), None);
        // Logseq's legacy file names.
        assert_eq!(
            logseq_namespace("Books%2FWhat%3F").as_deref(),
            Some("Books/What?")
        );
        assert_eq!(logseq_namespace("100%"), None);
        assert_eq!(
            logseq_namespace("Books___What%3F").as_deref(),
            Some("Books/What?")
        );
        assert_eq!(
            logseq_namespace("Sales___50% off").as_deref(),
            Some("Sales/50% off")
        );
        assert_eq!(logseq_namespace("bad%FF"), None);
    }

    #[test]
    fn nfd_and_nfc_meet() {
        let r = resolver(&[("Café", None, &[])]);
        assert_eq!(r.resolve_link(&wl("Cafe\u{301}"), 0), Resolution::Page(0));
    }

    #[test]
    fn markdown_links_are_relative() {
        let r = resolver(&[
            ("a/b/page", None, &[]),
            ("a/Other Page", None, &[]),
            ("c/x", None, &[]),
        ]);
        assert_eq!(
            r.resolve_link(&md("../Other Page.md"), 0),
            Resolution::Page(1)
        );
        assert_eq!(r.resolve_link(&md("c/x.md"), 0), Resolution::Page(2));
        let Resolution::Missing(m) = r.resolve_link(&md("../../../../etc/passwd.md"), 0) else {
            panic!("must not resolve")
        };
        assert!(m.outside);
    }

    #[test]
    fn exact_case_wins_else_ambiguous() {
        let r = resolver(&[("Foo", None, &[]), ("foo", None, &[])]);
        assert_eq!(r.resolve_link(&wl("foo"), 0), Resolution::Page(1));
        assert_eq!(r.resolve_link(&wl("Foo"), 1), Resolution::Page(0));
        assert!(matches!(
            r.resolve_link(&wl("FOO"), 0),
            Resolution::Ambiguous { .. }
        ));
    }

    #[test]
    fn same_folder_then_shortest_path() {
        let r = resolver(&[
            ("x/deep/index", None, &[]),
            ("a/index", None, &[]),
            ("b/index", None, &[]),
            ("a/page", None, &[]),
        ]);
        match r.resolve_link(&wl("index"), 3) {
            Resolution::Ambiguous { chosen, candidates } => {
                assert_eq!(chosen, 1);
                assert_eq!(candidates.iter().collect::<Vec<_>>(), [1, 2, 0]);
            }
            other => panic!("{other:?}"),
        }
    }

    /// One cache across pages answers as a fresh lookup would: ambiguous
    /// names, whose candidates are ordered by the linking page's folder,
    /// are kept by that folder (`a/index` and `a/page` share one).
    #[test]
    fn a_shared_cache_answers_as_fresh_lookups() {
        let r = resolver(&[
            ("x/deep/index", None, &[]),
            ("a/index", None, &[]),
            ("b/index", None, &[]),
            ("a/page", None, &[]),
            ("b/page", None, &[]),
            ("Foo", None, &[]),
            ("foo", None, &[]),
        ]);
        let links = [
            "index",
            "page",
            "foo",
            "Foo",
            "FOO",
            "a/index",
            "nowhere",
            "../x",
            "elsewhere",
            "Nowhere",
        ];
        let mut cache = LinkCache::default();
        for _ in 0..2 {
            for from in [3, 4, 0, 5, 1] {
                for name in links {
                    let link = wl(name);
                    assert_eq!(
                        r.resolve_link_cached(&link.target, link.form, from, &mut cache)
                            .into_owned(),
                        r.resolve_link(&link, from),
                        "{name} from {from}"
                    );
                    assert_eq!(
                        r.resolve_text_cached(name, from, &mut cache),
                        r.resolve_text(name, Some(from)),
                        "text {name} from {from}"
                    );
                }
            }
        }
        // Ambiguous answers depend on the linking page's folder, by which
        // they are kept.
        assert!(matches!(
            r.resolve_text_cached("index", 3, &mut cache),
            Some(Resolution::Ambiguous { chosen: 1, .. })
        ));
        assert!(matches!(
            r.resolve_text_cached("index", 4, &mut cache),
            Some(Resolution::Ambiguous { chosen: 2, .. })
        ));
    }

    #[test]
    fn missing_keys_fold_spelling() {
        let r = resolver(&[]);
        let a = r.resolve_link(&wl("Red Envelope"), 0);
        let b = r.resolve_link(&wl("red-envelope"), 0);
        match (a, b) {
            (Resolution::Missing(a), Resolution::Missing(b)) => {
                assert_eq!(a.key, b.key);
                assert_eq!(a.label, "Red Envelope");
            }
            _ => panic!(),
        }
    }

    #[test]
    fn folder_links_are_missing() {
        let r = resolver(&[("techniques/x", None, &[])]);
        assert!(matches!(
            r.resolve_link(&wl("techniques/"), 0),
            Resolution::Missing(_)
        ));
    }
}
