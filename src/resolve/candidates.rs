//! The pages an ambiguous name matches, in the order a link reads them.
//!
//! Pages that match a name at one lookup step are preferred by exact case,
//! then the linking page's folder, then the shortest path, then the id.
//! Only the folder depends on where the name is written. So the candidates
//! are ranked once per name without it ([`Ranked`]), and a folder's order
//! is that one list with the folder's own pages moved ahead within their
//! case class: the shared list plus the positions of the folder's pages in
//! it. A name that every folder has (`index`, `README`) then costs time and
//! memory in proportion to its pages, not to their square (10,000 folders:
//! a list of 10,000 per folder was 400 MB and most of a four-second run).

use super::PageIdx;
use foldhash::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// The pages an ambiguous name matches; [`Candidates::iter`] gives them
/// most preferred first, as seen from the folder the name was written in.
///
/// Cheap to clone: the lists are shared by every link that writes the same
/// name (the positions, by every link written in the same folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidates<T = PageIdx> {
    /// Every candidate: those that match in exact case first, each part by
    /// path length, then id.
    all: Arc<[T]>,
    /// How many of `all`, from its start, match in exact case.
    exact: u32,
    /// Positions in `all` of the candidates in the linking page's folder,
    /// ascending.
    near: Arc<[u32]>,
}

impl<T: Copy> Candidates<T> {
    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// True when there are none (a subgraph can leave out every one).
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The preferred candidate: the one a link reads the name as.
    pub fn first(&self) -> Option<T> {
        self.iter().next()
    }

    /// The candidates, most preferred first: exact case in the linking
    /// page's folder, exact case elsewhere, then the others in the folder
    /// and elsewhere; each part by path length, then id.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        let split = self.near.partition_point(|&p| p < self.exact);
        let (near_exact, near_rest) = self.near.split_at(split);
        let len = u32::try_from(self.all.len()).unwrap_or(u32::MAX);
        let at = |p: u32| self.all[p as usize];
        near_exact
            .iter()
            .map(move |&p| at(p))
            .chain(others(0..self.exact, near_exact).map(at))
            .chain(near_rest.iter().map(move |&p| at(p)))
            .chain(others(self.exact..len, near_rest).map(at))
    }

    /// True when both hold the same shared lists (links that write one
    /// name in one folder do).
    pub fn shares_lists_with(&self, other: &Candidates<T>) -> bool {
        Arc::ptr_eq(&self.all, &other.all) && Arc::ptr_eq(&self.near, &other.near)
    }

    /// The addresses of the shared lists: equal for candidates that share
    /// them (while they live), so a key for what is made of them.
    pub(crate) fn lists_key(&self) -> (usize, usize) {
        (
            Arc::as_ptr(&self.all).cast::<T>() as usize,
            Arc::as_ptr(&self.near).cast::<u32>() as usize,
        )
    }
}

/// The positions in `range` that `skip` (ascending) does not hold.
fn others(range: Range<u32>, mut skip: &[u32]) -> impl Iterator<Item = u32> {
    range.filter(move |&p| {
        while let [first, rest @ ..] = skip
            && *first < p
        {
            skip = rest;
        }
        skip.first() != Some(&p)
    })
}

/// The candidates of one name, ranked once; [`Ranked::answer`] gives the
/// reading from any folder.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    /// At least two pages, in the order of [`Candidates::all`].
    all: Arc<[PageIdx]>,
    exact: u32,
    /// Positions in `all` by folder, for the folders that hold candidates.
    by_folder: HashMap<Box<str>, Arc<[u32]>>,
    /// The positions for a folder that holds none.
    none: Arc<[u32]>,
}

impl Ranked {
    /// `all` in the order of [`Candidates::all`], at least two pages, the
    /// first `exact` of which match in exact case; `folder` gives a page's
    /// folder.
    pub(crate) fn new<'f>(
        all: Vec<PageIdx>,
        exact: usize,
        folder: impl Fn(PageIdx) -> &'f str,
    ) -> Self {
        debug_assert!(all.len() >= 2 && exact <= all.len());
        let mut by_folder: HashMap<&str, Vec<u32>> = HashMap::default();
        for (pos, &p) in (0u32..).zip(&all) {
            by_folder.entry(folder(p)).or_default().push(pos);
        }
        Ranked {
            exact: u32::try_from(exact).unwrap_or(u32::MAX),
            all: all.into(),
            by_folder: by_folder
                .into_iter()
                .map(|(f, positions)| (f.into(), positions.into()))
                .collect(),
            none: Arc::new([]),
        }
    }

    /// The reading of the name written in `folder` (none: on no page).
    pub(crate) fn answer(&self, folder: Option<&str>) -> super::Resolution {
        let near = folder
            .and_then(|f| self.by_folder.get(f))
            .unwrap_or(&self.none);
        let candidates = Candidates {
            all: Arc::clone(&self.all),
            exact: self.exact,
            near: Arc::clone(near),
        };
        // `all` holds at least two pages, so the first is there.
        let chosen = match near.first() {
            Some(&p) if p < self.exact || self.exact == 0 => self.all[p as usize],
            _ => self.all[0],
        };
        super::Resolution::Ambiguous { chosen, candidates }
    }
}

/// Candidate lists made anew through one mapping (page indexes to graph
/// nodes, nodes to a subgraph's), each shared list once: links that shared
/// a list share the one it becomes.
pub(crate) struct Remap<T, U> {
    /// By the address of a source `all`: the source, kept alive so that no
    /// other list can take its address while this lives; the new list; its
    /// number of exact-case candidates; each old position's new one.
    alls: HashMap<usize, MadeAll<T, U>>,
    /// By the addresses of a source `all` and `near`: the source `near`,
    /// kept alive likewise, and the new one.
    nears: HashMap<(usize, usize), MadeNear>,
}

/// A remapped `all`: (source, new list, new exact count, new positions).
type MadeAll<T, U> = (Arc<[T]>, Arc<[U]>, u32, Vec<Option<u32>>);

/// A remapped `near`: (source, new positions).
type MadeNear = (Arc<[u32]>, Arc<[u32]>);

impl<T: Copy, U: Copy> Remap<T, U> {
    pub(crate) fn new() -> Self {
        Remap {
            alls: HashMap::default(),
            nears: HashMap::default(),
        }
    }

    /// `c` with each candidate mapped by `f`, those it gives `None` for
    /// left out. Every call on one `Remap` must pass the same mapping.
    pub(crate) fn apply(&mut self, c: &Candidates<T>, f: impl Fn(T) -> Option<U>) -> Candidates<U> {
        let all_key = Arc::as_ptr(&c.all).cast::<T>() as usize;
        let (_, all, exact, moved) = self.alls.entry(all_key).or_insert_with(|| {
            let mut all = Vec::with_capacity(c.all.len());
            let mut exact = 0;
            let moved = (0u32..)
                .zip(c.all.iter())
                .map(|(pos, &t)| {
                    let u = f(t)?;
                    let new = u32::try_from(all.len()).ok()?;
                    all.push(u);
                    exact += u32::from(pos < c.exact);
                    Some(new)
                })
                .collect();
            (Arc::clone(&c.all), all.into(), exact, moved)
        });
        let near_key = (all_key, Arc::as_ptr(&c.near).cast::<u32>() as usize);
        let (_, near) = self.nears.entry(near_key).or_insert_with(|| {
            let near = c
                .near
                .iter()
                .filter_map(|&p| moved.get(p as usize).copied().flatten())
                .collect();
            (Arc::clone(&c.near), near)
        });
        Candidates {
            all: Arc::clone(all),
            exact: *exact,
            near: Arc::clone(near),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Resolution;
    use proptest::prelude::*;

    /// Pages as (folder, exact case?, id); the index is the page.
    fn ranked(pages: &[(&str, bool, String)]) -> Ranked {
        let mut order: Vec<(bool, usize, &str, PageIdx)> = (0u32..)
            .zip(pages)
            .map(|(p, (_, exact, id))| (!exact, id.chars().count(), id.as_str(), p))
            .collect();
        order.sort_unstable();
        let exact = order.iter().filter(|o| !o.0).count();
        Ranked::new(order.iter().map(|o| o.3).collect(), exact, |p| {
            pages[p as usize].0
        })
    }

    /// The order the resolver gave before candidates were shared: every
    /// page's rank, folder included, sorted.
    fn sorted(pages: &[(&str, bool, String)], folder: Option<&str>) -> Vec<PageIdx> {
        let mut order: Vec<(bool, bool, usize, &str, PageIdx)> = (0u32..)
            .zip(pages)
            .map(|(p, (f, exact, id))| {
                (
                    !exact,
                    Some(*f) != folder,
                    id.chars().count(),
                    id.as_str(),
                    p,
                )
            })
            .collect();
        order.sort_unstable();
        order.iter().map(|o| o.4).collect()
    }

    proptest! {
        /// From every folder (and from none), the shared list reads in the
        /// order of a sort of every candidate's whole rank.
        #[test]
        fn each_folder_reads_as_a_full_sort(
            pages in proptest::collection::vec((0usize..4, any::<bool>(), "[ab]{1,4}"), 2..24),
        ) {
            let folders = ["", "a", "b", "a/b"];
            // Ids are unique: the page number makes them so.
            let pages: Vec<(&str, bool, String)> = pages
                .iter()
                .enumerate()
                .map(|(i, (f, exact, stem))| (folders[*f], *exact, format!("{}/{stem}{i}", folders[*f])))
                .collect();
            let r = ranked(&pages);
            for folder in folders.iter().map(|f| Some(*f)).chain([Some("elsewhere"), None]) {
                let Resolution::Ambiguous { chosen, candidates } = r.answer(folder) else {
                    panic!("an answer of several pages is ambiguous");
                };
                let expected = sorted(&pages, folder);
                prop_assert_eq!(candidates.iter().collect::<Vec<_>>(), expected.clone());
                prop_assert_eq!(candidates.len(), pages.len());
                prop_assert_eq!(Some(chosen), candidates.first());
                prop_assert_eq!(chosen, expected[0]);
            }
        }

        /// Remapping keeps the order of what it keeps, and shares what was
        /// shared.
        #[test]
        fn a_remap_keeps_order_and_sharing(
            pages in proptest::collection::vec((0usize..3, any::<bool>(), "[ab]{1,3}"), 2..16),
            dropped in proptest::collection::vec(any::<bool>(), 16),
        ) {
            let folders = ["", "a", "b"];
            let pages: Vec<(&str, bool, String)> = pages
                .iter()
                .enumerate()
                .map(|(i, (f, exact, stem))| (folders[*f], *exact, format!("{stem}{i}")))
                .collect();
            let r = ranked(&pages);
            let keep = |p: PageIdx| (!dropped[p as usize]).then_some(u64::from(p) * 10);
            let mut remap = Remap::new();
            for folder in folders {
                let Resolution::Ambiguous { candidates, .. } = r.answer(Some(folder)) else {
                    panic!("an answer of several pages is ambiguous");
                };
                let made = remap.apply(&candidates, keep);
                let expected: Vec<u64> = candidates.iter().filter_map(keep).collect();
                prop_assert_eq!(made.iter().collect::<Vec<_>>(), expected);
                prop_assert!(made.shares_lists_with(&remap.apply(&candidates, keep)));
            }
        }
    }

    #[test]
    fn one_list_is_shared_by_every_folder() {
        let pages = vec![
            ("a", false, "a/Index".to_owned()),
            ("b", false, "b/Index".to_owned()),
        ];
        let r = ranked(&pages);
        let (
            Resolution::Ambiguous { candidates: a, .. },
            Resolution::Ambiguous { candidates: b, .. },
        ) = (r.answer(Some("a")), r.answer(Some("b")))
        else {
            panic!("both ambiguous");
        };
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 1]);
        assert_eq!(b.iter().collect::<Vec<_>>(), [1, 0]);
        assert!(Arc::ptr_eq(&a.all, &b.all));
        let Resolution::Ambiguous {
            candidates: again, ..
        } = r.answer(Some("a"))
        else {
            panic!("ambiguous");
        };
        assert!(a.shares_lists_with(&again));
        assert!(!a.shares_lists_with(&b));
    }
}
