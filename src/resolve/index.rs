//! The name indexes of a [`Resolver`](super::Resolver): pages by one kind of
//! key (path, stem, alias, title, slug) and by path suffix, built once.

use super::{PageIdx, PageNames};
use hashbrown::HashTable;
use rayon::prelude::*;
use std::hash::BuildHasher;

/// Strings back to back in one string: keys made by the hundred thousand,
/// without a string of their own each.
#[derive(Debug, Clone, Default)]
struct Texts {
    text: String,
    /// Where each string ends in `text` (it starts where the one before
    /// ends).
    ends: Vec<usize>,
}

impl Texts {
    /// Adds the string that `write` writes at the end of the text.
    fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.text);
        self.ends.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The strings, in order.
    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| &self.text[start..end])
    }
}

/// Pages by one kind of key. The distinct keys lie back to back in one
/// string, and the table's entries say where each one is and which page it
/// names: no key is a string of its own (at 100,000 pages the six indexes
/// held 600,000 of them), and a hit reads the entry, then the key's text to
/// compare it, and nothing else (a key's end and its pages, kept in lists
/// beside the table, were two more reads at random each). Most keys name
/// one page, held in the entry; the others' pages are in a list of lists.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// The distinct keys, back to back, in the order first met.
    text: String,
    /// One entry per distinct key, by the hash of the key.
    table: HashTable<Entry>,
    /// The pages of each key that names more than one.
    many: Vec<Vec<PageIdx>>,
    hasher: foldhash::fast::RandomState,
}

/// A key of an [`Index`]: where it lies in the index's text, and its pages.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    len: usize,
    hits: Hits,
}

/// The pages of a key.
#[derive(Debug, Clone, Copy)]
enum Hits {
    One(PageIdx),
    /// Position in the index's `many`.
    Many(u32),
}

impl Entry {
    /// The key, in its index's `text`.
    fn key<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.start + self.len]
    }
}

impl Index {
    /// Indexes the keys of `columns`, given in page order.
    pub(super) fn build(columns: &[Column]) -> Self {
        let count: usize = columns.iter().map(|c| c.keys.len()).sum();
        let bytes: usize = columns.iter().map(|c| c.keys.text.len()).sum();
        let hasher = foldhash::fast::RandomState::default();
        let mut text = String::with_capacity(bytes);
        let mut many: Vec<Vec<PageIdx>> = Vec::new();
        let mut table: HashTable<Entry> = HashTable::with_capacity(count);
        for (key, page) in columns.iter().flat_map(Column::iter) {
            let hash = hasher.hash_one(key);
            if let Some(entry) = table.find_mut(hash, |e| e.key(&text) == key) {
                entry.hits.add(page, &mut many);
                continue;
            }
            let entry = Entry {
                start: text.len(),
                len: key.len(),
                hits: Hits::One(page),
            };
            text.push_str(key);
            table.insert_unique(hash, entry, |e| hasher.hash_one(e.key(&text)));
        }
        text.shrink_to_fit();
        many.shrink_to_fit();
        Index {
            text,
            table,
            many,
            hasher,
        }
    }

    /// The pages of `key`, in page order.
    pub(super) fn get(&self, key: &str) -> &[PageIdx] {
        let hash = self.hasher.hash_one(key);
        self.table
            .find(hash, |e| e.key(&self.text) == key)
            .map_or(&[], |e| e.hits.pages(&self.many))
    }
}

impl Hits {
    /// Adds `page`, given in page order, to the pages of a key.
    fn add(&mut self, page: PageIdx, many: &mut Vec<Vec<PageIdx>>) {
        // Pages come in order, so a repeat is the last one.
        match *self {
            Hits::One(p) if p == page => {}
            // Each key naming several pages takes two of the keys given;
            // past u32::MAX of them (more than a wiki that fits in memory
            // has) a key would keep its first page.
            Hits::One(p) => {
                if let Ok(at) = u32::try_from(many.len()) {
                    many.push(vec![p, page]);
                    *self = Hits::Many(at);
                }
            }
            Hits::Many(at) => {
                if let Some(list) = many.get_mut(at as usize)
                    && list.last() != Some(&page)
                {
                    list.push(page);
                }
            }
        }
    }

    /// The pages, `many` being the list of lists of their index.
    fn pages<'a>(&'a self, many: &'a [Vec<PageIdx>]) -> &'a [PageIdx] {
        match self {
            Hits::One(p) => std::slice::from_ref(p),
            Hits::Many(at) => many.get(*at as usize).map_or(&[], Vec::as_slice),
        }
    }
}

/// Pages by the suffixes of their path keys that hold a `/` (`a/b/c` →
/// `b/c`; see [`suffixes`]). Each path key is kept once, and each suffix is
/// an entry that points into it: written out, the suffixes of a path of `d`
/// folders take text in `d²`, and a wiki of nested folders in `d³` (2,000
/// levels: 5 GB and 17 s). A suffix's hash is made from the hash of the
/// suffix after it, a polynomial in the bytes read from the end, so that
/// hashing every suffix of a key costs what hashing the key does.
#[derive(Debug, Clone, Default)]
pub(super) struct SuffixIndex {
    /// The path keys that have suffixes, back to back.
    text: String,
    /// One entry per distinct suffix, by [`SuffixIndex::hash`].
    table: HashTable<Entry>,
    many: Vec<Vec<PageIdx>>,
    /// The polynomial's base: odd, and new for each run, so that no wiki
    /// can be made whose suffixes all collide.
    base: u64,
}

impl SuffixIndex {
    /// Indexes the suffixes of the path keys of `columns`, given in page
    /// order.
    pub(super) fn build(columns: &[Column]) -> Self {
        let keys = || columns.iter().flat_map(Column::iter);
        let count: usize = keys().map(|(key, _)| suffixes(key).count()).sum();
        let base = foldhash::fast::RandomState::default().hash_one(0u64) | 1;
        let mut text = String::new();
        let mut table: HashTable<Entry> = HashTable::with_capacity(count);
        let mut many = Vec::new();
        for (key, page) in keys() {
            let bytes = key.as_bytes();
            // A key of one `/` or none has no suffix to index (nor text to keep).
            let (Some(first), Some(last)) =
                (memchr::memchr(b'/', bytes), memchr::memrchr(b'/', bytes))
            else {
                continue;
            };
            if first == last {
                continue;
            }
            let start = text.len();
            text.push_str(key);
            // From the end: when the hash reaches a byte that follows a
            // `/` (not the last one), it is the hash of the suffix there.
            let mut poly = 0u64;
            for at in (1..bytes.len()).rev() {
                poly = step(base, poly, bytes[at]);
                if bytes[at - 1] != b'/' || at > last {
                    continue;
                }
                let len = bytes.len() - at;
                let hash = mix(poly, len);
                let suffix = &key[at..];
                if let Some(entry) = table.find_mut(hash, |e| e.key(&text) == suffix) {
                    entry.hits.add(page, &mut many);
                } else {
                    let entry = Entry {
                        start: start + at,
                        len,
                        hits: Hits::One(page),
                    };
                    // Sized for every suffix: the table does not grow, and
                    // the hasher below is not called.
                    table.insert_unique(hash, entry, |e| hash_with(base, e.key(&text)));
                }
            }
        }
        text.shrink_to_fit();
        many.shrink_to_fit();
        SuffixIndex {
            text,
            table,
            many,
            base,
        }
    }

    /// The pages whose path key ends in `/` and `key`, in page order.
    pub(super) fn get(&self, key: &str) -> &[PageIdx] {
        let hash = hash_with(self.base, key);
        self.table
            .find(hash, |e| e.key(&self.text) == key)
            .map_or(&[], |e| e.hits.pages(&self.many))
    }
}

/// One step of the polynomial: `byte` before what `poly` hashed.
fn step(base: u64, poly: u64, byte: u8) -> u64 {
    poly.wrapping_mul(base).wrapping_add(u64::from(byte) + 1)
}

/// The hash [`SuffixIndex`] gives `key`.
fn hash_with(base: u64, key: &str) -> u64 {
    let poly = key
        .bytes()
        .rev()
        .fold(0u64, |poly, byte| step(base, poly, byte));
    mix(poly, key.len())
}

/// A polynomial's value and its length, mixed so that every bit of the
/// hash depends on every bit of both (MurmurHash3's finaliser).
fn mix(poly: u64, len: usize) -> u64 {
    let mut h = poly ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Keys of one kind for a run of pages, in page order.
#[derive(Debug, Default)]
pub(super) struct Column {
    keys: Texts,
    /// Each key's page.
    pages: Vec<PageIdx>,
}

impl Column {
    /// Adds the key that `write` writes.
    pub(super) fn key(&mut self, page: PageIdx, write: impl FnOnce(&mut String)) {
        self.keys.push_with(write);
        self.pages.push(page);
    }

    #[cfg(test)]
    fn push(&mut self, key: &str, page: PageIdx) {
        self.key(page, |text| text.push_str(key));
    }

    /// The keys with their pages, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, PageIdx)> + '_ {
        self.keys.iter().zip(self.pages.iter().copied())
    }
}

/// Pages per run whose keys are made on one thread.
const COLUMN_RUN: usize = 1024;

/// Every page's keys of one kind, in page order, made in parallel runs of
/// pages (the normalisation and case folding are the work): `keys` adds a
/// page's keys to the column of its run. Each kind is made on its own, so
/// that no serial pass sorts them into columns.
pub(super) fn column<'a, F>(pages: &[PageNames<'a>], keys: F) -> Vec<Column>
where
    F: Fn(&PageNames<'a>, PageIdx, &mut Column) + Sync + Send,
{
    pages
        .par_chunks(COLUMN_RUN)
        .enumerate()
        .map(|(run, chunk)| {
            let mut column = Column::default();
            for (j, p) in chunk.iter().enumerate() {
                keys(p, (run * COLUMN_RUN + j) as PageIdx, &mut column);
            }
            column
        })
        .collect()
}

/// The path suffixes of a path key that hold a `/` (`a/b/c` → `b/c`): only
/// a name with a `/` is looked up among suffixes, so the last segment alone
/// (most of them) would never be asked for.
pub(super) fn suffixes(path: &str) -> impl Iterator<Item = &str> + '_ {
    let last = memchr::memrchr(b'/', path.as_bytes());
    memchr::memchr_iter(b'/', path.as_bytes())
        .take_while(move |&slash| Some(slash) != last)
        .map(move |slash| &path[slash + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{Resolution, Resolver};

    proptest::proptest! {
        /// An index finds each key's pages, in order and once each, however
        /// the keys were cut into runs; a key never given finds none.
        #[test]
        fn an_index_finds_what_it_was_given(
            keys in proptest::collection::vec(("[ab/é]{0,3}", 0u32..3), 0..60),
            cuts in proptest::collection::vec(0usize..60, 0..4),
        ) {
            // Pages in order, as columns give them.
            let mut page = 0;
            let keys: Vec<(String, PageIdx)> = keys
                .into_iter()
                .map(|(k, step)| {
                    page += step;
                    (k, page)
                })
                .collect();
            let mut expected: std::collections::BTreeMap<&str, Vec<PageIdx>> = Default::default();
            for (k, p) in &keys {
                let pages = expected.entry(k.as_str()).or_default();
                if pages.last() != Some(p) {
                    pages.push(*p);
                }
            }
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c <= keys.len()).collect();
            cuts.push(0);
            cuts.push(keys.len());
            cuts.sort_unstable();
            let columns: Vec<Column> = cuts
                .windows(2)
                .map(|w| {
                    let mut column = Column::default();
                    for (k, p) in &keys[w[0]..w[1]] {
                        column.push(k, *p);
                    }
                    column
                })
                .collect();
            let index = Index::build(&columns);
            for (k, pages) in &expected {
                proptest::prop_assert_eq!(index.get(k), pages.as_slice(), "{:?}", k);
            }
            proptest::prop_assert!(index.get("never given").is_empty());
        }
    }

    #[test]
    fn suffixes_are_the_ones_a_name_with_a_slash_can_ask_for() {
        fn of(p: &str) -> Vec<&str> {
            suffixes(p).collect()
        }
        assert_eq!(of("a/b/c/d"), ["b/c/d", "c/d"]);
        assert!(of("a/b").is_empty());
        assert!(of("a").is_empty());
        // A suffix still finds its page, and the last segment alone goes to
        // the stem step.
        let r = Resolver::new(
            [PageNames {
                id: "wiki/rules/r006",
                title: None,
                aliases: &[],
            }],
            None,
        );
        assert_eq!(
            r.resolve_text("rules/r006", None),
            Some(Resolution::Page(0))
        );
        assert_eq!(r.resolve_text("R006", None), Some(Resolution::Page(0)));
    }

    proptest::proptest! {
        /// The suffix index finds what an index of every suffix, written
        /// out, finds.
        #[test]
        fn suffixes_are_found_as_if_written_out(
            paths in proptest::collection::vec("[ab]{0,2}(/[ab]{0,2}){0,5}", 0..40),
            asked in proptest::collection::vec("[ab]{0,2}(/[ab]{0,2}){0,4}", 0..20),
        ) {
            let mut path = Column::default();
            let mut written = Column::default();
            for (page, p) in (0..).zip(&paths) {
                path.push(p, page);
                suffixes(p).for_each(|s| written.push(s, page));
            }
            let index = SuffixIndex::build(&[path]);
            let written = Index::build(&[written]);
            for key in paths.iter().flat_map(|p| suffixes(p)).chain(asked.iter().map(String::as_str)) {
                proptest::prop_assert_eq!(index.get(key), written.get(key), "{:?}", key);
            }
        }
    }

    #[test]
    fn deep_paths_keep_their_text_once() {
        let path: String = (0..2000).map(|_| "a/").collect::<String>() + "page";
        let mut column = Column::default();
        column.push(&path, 0);
        let index = SuffixIndex::build(&[column]);
        assert_eq!(index.text.len(), path.len());
        assert_eq!(index.table.len(), 1999);
        assert_eq!(index.get("a/page"), [0]);
        assert_eq!(index.get(&path[2..]), [0]);
        assert!(index.get(&path).is_empty());
        assert!(index.get("page").is_empty());
    }
}
