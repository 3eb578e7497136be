//! Symbolic links met by the walk. The walker itself never follows a link:
//! each one is looked at here, and what it leads to is read once, under one
//! path chosen the same way on every run. A folder that several links reach
//! is walked once, under the first of those links in path order; a link to a
//! folder or page of the wiki is not followed, since its pages are read
//! where they are, unless the walk skips that place (it is hidden, or an
//! ignore rule matches it), and then the link is what reads it; and a file
//! reached twice is one page. Links are taken in rounds, by the number of
//! links between the wiki and them, so that a chain or web of links costs
//! one walk of each folder it reaches, never a walk of every path through
//! it.

use super::{PageFile, Walked, components_joined, is_markdown, walker};
use crate::diag::{DiagKind, Diagnostic, Severity};
use ignore::overrides::Override;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// A symbolic link the walker met.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Symlink {
    /// Path relative to the wiki, `/`-separated.
    pub rel: String,
    /// The link's own path, to open through it.
    pub abs: PathBuf,
}

impl Symlink {
    /// True when the link's name ends in `.md`, as a page's does.
    fn named_as_page(&self) -> bool {
        is_markdown(self.rel.rsplit('/').next().unwrap_or(&self.rel))
    }

    /// What the link says, for messages: its text as written.
    fn written(&self) -> String {
        std::fs::read_link(&self.abs).map_or_else(|_| "?".to_owned(), |t| t.display().to_string())
    }

    fn warning(&self, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::file_error(DiagKind::Io, self.rel.clone(), message)
        }
    }
}

/// Where a link leads, once every link on the way is followed.
#[derive(Debug)]
enum Target {
    /// Nothing, or nothing that can be looked at.
    Broken(std::io::Error),
    /// A folder, by its resolved path.
    Folder(PathBuf),
    /// Anything else (a file, a device), by its resolved path.
    File(PathBuf),
}

fn target(link: &Path) -> Target {
    match link.canonicalize() {
        Err(e) => Target::Broken(e),
        Ok(real) => match std::fs::metadata(&real) {
            Ok(m) if m.is_dir() => Target::Folder(real),
            Ok(_) => Target::File(real),
            Err(e) => Target::Broken(e),
        },
    }
}

/// A folder walked: the wiki, or one a link leads to.
struct Base {
    /// The path it is walked under, relative to the wiki (`""` for the wiki
    /// itself).
    rel: String,
    /// The path the walk starts from: the wiki folder as given, or the link.
    from: PathBuf,
}

/// The links seen so far and the folders walked because of them.
pub(super) struct Links<'a> {
    follow: bool,
    /// The wiki folder as given, and the user's `--ignore` globs: how the
    /// walker is set up.
    root: &'a Path,
    overrides: Option<&'a Override>,
    /// The wiki folder, resolved, when it can be.
    real_root: Option<PathBuf>,
    /// Every folder walked (the wiki first), by its resolved path.
    walked: HashMap<PathBuf, Base>,
    /// Page-named links to files outside the folders walked, by the file's
    /// resolved path; decided at the end, once every folder is known.
    files: BTreeMap<PathBuf, Vec<Symlink>>,
}

impl<'a> Links<'a> {
    /// Before the wiki folder `root` is walked with the `overrides` of the
    /// user's `--ignore` globs.
    pub fn new(root: &'a Path, overrides: Option<&'a Override>, follow: bool) -> Self {
        let real_root = root.canonicalize().ok();
        let walked = real_root
            .iter()
            .map(|r| {
                let base = Base {
                    rel: String::new(),
                    from: root.to_owned(),
                };
                (r.clone(), base)
            })
            .collect();
        Links {
            follow,
            root,
            overrides,
            real_root,
            walked,
            files: BTreeMap::new(),
        }
    }

    /// Every folder walked so far, resolved: a later walk does not enter
    /// them again.
    pub fn walked(&self) -> HashSet<PathBuf> {
        self.walked.keys().cloned().collect()
    }

    /// Looks at the links one walk met, reporting what is not followed, and
    /// returns the folders to walk next (each by the path of the link chosen
    /// for it).
    pub fn next_round(
        &mut self,
        mut links: Vec<Symlink>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<PathBuf> {
        links.par_sort_unstable();
        let resolved: Vec<(Symlink, Target)> = links
            .into_par_iter()
            .map(|l| {
                let t = target(&l.abs);
                (l, t)
            })
            .collect();
        let read = self.read_at(resolved.iter().filter_map(|(_, t)| match t {
            Target::Folder(real) => Some(real.as_path()),
            _ => None,
        }));
        let mut folders: BTreeMap<PathBuf, Vec<Symlink>> = BTreeMap::new();
        for (link, target) in resolved {
            match target {
                Target::Broken(e) => {
                    if link.named_as_page() {
                        diagnostics.push(self.broken(&link, &e));
                    }
                }
                Target::File(real) => {
                    if !link.named_as_page() {
                        continue;
                    }
                    if self.follow {
                        self.files.entry(real).or_default().push(link);
                    } else {
                        let msg = format!(
                            "symbolic link to `{}` not followed (use --follow-links)",
                            link.written()
                        );
                        diagnostics.push(link.warning(msg));
                    }
                }
                Target::Folder(real) => match self.folder(&link, &real, read.get(&real)) {
                    Folder::Walk => folders.entry(real).or_default().push(link),
                    Folder::Report(d) => diagnostics.push(d),
                    Folder::Skip => {}
                },
            }
        }
        // In path order, a folder comes before the folders inside it, so
        // that one link to both is walked, not two.
        let mut next = Vec::new();
        let mut fresh = HashSet::new();
        for (real, claims) in folders {
            let mut claims = claims.into_iter();
            let Some(first) = claims.next() else {
                continue;
            };
            // None of these is read by a folder walked before this round
            // (see `read`), but one taken earlier in this loop may hold it.
            let there = self
                .holder(&real)
                .filter(|(base, _)| fresh.contains(*base))
                .and_then(|_| self.read_at([real.as_path()]).remove(&real));
            if let Some(there) = there {
                for c in std::iter::once(first).chain(claims) {
                    diagnostics.push(read_there(&c, &there));
                }
                continue;
            }
            if !self.inside(&real) {
                diagnostics.push(first.warning(format!(
                    "followed a link to `{}`, outside the wiki",
                    real.display()
                )));
            }
            for c in claims {
                diagnostics.push(read_there(&c, &first.rel));
            }
            fresh.insert(real.clone());
            let base = Base {
                rel: first.rel.clone(),
                from: first.abs.clone(),
            };
            self.walked.insert(real, base);
            next.push(first.abs);
        }
        next
    }

    /// What to do with a link to the folder `real`, which the walk reads at
    /// `there` if anywhere.
    fn folder(&self, link: &Symlink, real: &Path, there: Option<&String>) -> Folder {
        if !self.follow {
            // A folder of the wiki loses nothing: its pages are read there.
            return match there {
                Some(_) => Folder::Skip,
                None => Folder::Report(link.warning(format!(
                    "symbolic link to the folder `{}` not followed (use --follow-links): its pages are not read",
                    link.written()
                ))),
            };
        }
        let Some(there) = there else {
            // A folder around one walked already is walked too: the walk
            // does not enter what was walked.
            return Folder::Walk;
        };
        let home = link.abs.parent().and_then(|p| p.canonicalize().ok());
        Folder::Report(if home.is_some_and(|h| h.starts_with(real)) {
            link.warning(format!(
                "symbolic link loop back to `{}`: not followed",
                real.display()
            ))
        } else {
            read_there(link, there)
        })
    }

    /// The walked folder nearest around `real` (or `real` itself), by its
    /// resolved path, and the path from it to `real`, when no name on the
    /// way is hidden: where the walk reads `real`, unless an ignore rule
    /// skips it.
    fn holder<'p>(&self, real: &'p Path) -> Option<(&Path, &'p Path)> {
        for dir in real.ancestors() {
            if let Some((base, _)) = self.walked.get_key_value(dir) {
                let rest = real.strip_prefix(dir).ok()?;
                return Some((base.as_path(), rest));
            }
            match dir.components().next_back() {
                // The walk skips hidden entries.
                Some(Component::Normal(name)) if !name.to_string_lossy().starts_with('.') => {}
                _ => return None,
            }
        }
        None
    }

    /// Where the walk reads each of `reals` (resolved folders or files), as
    /// a path relative to the wiki. Those it does not read are left out:
    /// outside every folder walked, hidden, or matched by an ignore rule.
    /// Only called for links, so the common wiki without any costs nothing.
    fn read_at<'p>(&self, reals: impl IntoIterator<Item = &'p Path>) -> HashMap<PathBuf, String> {
        let mut by_base: HashMap<&Path, Vec<(&'p Path, &'p Path)>> = HashMap::new();
        for real in reals {
            if let Some((base, rest)) = self.holder(real) {
                by_base.entry(base).or_default().push((real, rest));
            }
        }
        let mut out = HashMap::new();
        for (key, found) in by_base {
            let Some(base) = self.walked.get(key) else {
                continue;
            };
            let reached = self.reached(base, found.iter().map(|(_, rest)| *rest));
            for (real, rest) in found {
                if !rest.as_os_str().is_empty() && !reached.contains(rest) {
                    continue;
                }
                let rel = match (base.rel.as_str(), components_joined(rest)) {
                    ("", rest) => rest,
                    (rel, rest) if rest.is_empty() => rel.to_owned(),
                    (rel, rest) => format!("{rel}/{rest}"),
                };
                out.insert(real.to_owned(), rel);
            }
        }
        out
    }

    /// Which of `rests`, paths below the walked folder `base`, the walk of
    /// `base` reaches. The walker itself is asked, set up as for that walk
    /// and entering only the folders on the way to them, so that it agrees
    /// with the walk on every ignore rule (`.gitignore` and `.ignore` files
    /// at any depth, their `!` exceptions, `--ignore` globs) without
    /// recording anything during the walk.
    fn reached<'p>(&self, base: &Base, rests: impl Iterator<Item = &'p Path>) -> HashSet<PathBuf> {
        let mut on_way: HashSet<PathBuf> = HashSet::new();
        for rest in rests {
            for part in rest.ancestors() {
                // Met before, so its own ancestors are in already.
                if part.as_os_str().is_empty() || !on_way.insert(part.to_owned()) {
                    break;
                }
            }
        }
        if on_way.is_empty() {
            return HashSet::new();
        }
        let on_way = Arc::new(on_way);
        let from = Arc::new(base.from.clone());
        let mut builder = walker(self.root, &from, self.overrides, !base.rel.is_empty());
        // A few folders: one thread reads them.
        builder.threads(1);
        {
            let (from, on_way) = (Arc::clone(&from), Arc::clone(&on_way));
            builder.filter_entry(move |e| {
                e.path()
                    .strip_prefix(from.as_path())
                    .is_ok_and(|r| on_way.contains(r))
            });
        }
        let seen = Mutex::new(HashSet::new());
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                if let Ok(e) = entry
                    && e.depth() > 0
                    && let Ok(rel) = e.path().strip_prefix(from.as_path())
                {
                    seen.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(rel.to_owned());
                }
                ignore::WalkState::Continue
            })
        });
        seen.into_inner().unwrap_or_else(PoisonError::into_inner)
    }

    fn inside(&self, real: &Path) -> bool {
        self.real_root.as_ref().is_some_and(|r| real.starts_with(r))
    }

    fn broken(&self, link: &Symlink, e: &std::io::Error) -> Diagnostic {
        if self.follow {
            Diagnostic::file_error(
                DiagKind::Io,
                link.rel.clone(),
                format!("broken symbolic link to `{}`: {e}", link.written()),
            )
        } else {
            link.warning(format!(
                "symbolic link to `{}` not followed (use --follow-links)",
                link.written()
            ))
        }
    }

    /// Adds the files reached only through links: each once, under the first
    /// of its links in path order.
    pub fn finish(self, out: &mut Walked) {
        // The walk reads a file as a page only when it is named as one.
        let read = self.read_at(
            self.files
                .keys()
                .filter(|real| {
                    real.file_name()
                        .is_some_and(|n| is_markdown(&n.to_string_lossy()))
                })
                .map(PathBuf::as_path),
        );
        for (real, claims) in &self.files {
            let mut claims = claims.iter();
            if let Some(page) = read.get(real) {
                for c in claims {
                    out.diagnostics.push(read_there(c, page));
                }
                continue;
            }
            let Some(first) = claims.next() else {
                continue;
            };
            if !self.inside(real) {
                out.diagnostics.push(first.warning(format!(
                    "followed a link to `{}`, outside the wiki",
                    real.display()
                )));
            }
            for c in claims {
                out.diagnostics.push(read_there(c, &first.rel));
            }
            out.files.push(PageFile {
                rel: first.rel.clone(),
                abs: first.abs.clone(),
            });
        }
    }
}

/// What to do with a link to a folder.
enum Folder {
    /// Walk it (unless another link to it comes first).
    Walk,
    /// Not walked, and why.
    Report(Diagnostic),
    /// Not walked, and nothing is lost.
    Skip,
}

/// A link not followed because what it leads to is read at `there`, a path
/// relative to the wiki.
fn read_there(link: &Symlink, there: &str) -> Diagnostic {
    let there = if there.is_empty() { "." } else { there };
    link.warning(format!(
        "symbolic link to `{there}`, which is read there: not followed, so that it is read once"
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::super::{WalkOptions, Walked, walk};
    use crate::diag::Severity;
    use std::fs;
    use std::os::unix::fs::symlink;
    use std::path::Path;

    fn walked(root: &Path, follow: bool) -> Walked {
        walked_ignoring(root, follow, &[])
    }

    /// A walk with `--ignore` globs.
    fn walked_ignoring(root: &Path, follow: bool, globs: &[&str]) -> Walked {
        let opts = WalkOptions {
            follow_links: follow,
            ignore: globs.iter().map(|g| (*g).to_owned()).collect(),
        };
        walk(root, &opts).unwrap()
    }

    fn rels(w: &Walked) -> Vec<&str> {
        w.files.iter().map(|f| f.rel.as_str()).collect()
    }

    /// The message about `file`, which must be the only one.
    fn said<'a>(w: &'a Walked, file: &str) -> &'a str {
        let about: Vec<_> = w
            .diagnostics
            .iter()
            .filter(|d| d.file.as_deref() == Some(file))
            .collect();
        assert_eq!(about.len(), 1, "{file}: {:?}", w.diagnostics);
        &about[0].message
    }

    /// `outside/` beside `wiki/`, each with a page.
    fn layout() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let w = dir.path().join("wiki");
        fs::create_dir_all(w.join("2026")).unwrap();
        fs::create_dir_all(dir.path().join("outside/sub")).unwrap();
        fs::write(w.join("2026/alpha.md"), "# Alpha").unwrap();
        fs::write(dir.path().join("outside/ext.md"), "# Ext").unwrap();
        fs::write(dir.path().join("outside/sub/deep.md"), "# Deep").unwrap();
        (dir, w)
    }

    #[test]
    fn a_link_to_a_folder_of_the_wiki_is_not_read_twice() {
        let (_dir, w) = layout();
        symlink("2026", w.join("current")).unwrap();
        symlink("2026/alpha.md", w.join("alias.md")).unwrap();
        for follow in [false, true] {
            let got = walked(&w, follow);
            assert_eq!(rels(&got), ["2026/alpha.md"], "follow: {follow}");
            if follow {
                assert!(said(&got, "current").contains("`2026`, which is read there"));
                assert!(said(&got, "alias.md").contains("`2026/alpha.md`, which is read there"));
            } else {
                // Nothing is lost: the folder's pages are read where they are.
                assert!(
                    got.diagnostics
                        .iter()
                        .all(|d| d.file.as_deref() != Some("current"))
                );
                assert!(said(&got, "alias.md").contains("not followed (use --follow-links)"));
            }
        }
    }

    #[test]
    fn a_folder_outside_is_read_once_under_its_first_link() {
        let (dir, w) = layout();
        let out = dir.path().join("outside");
        symlink(&out, w.join("b-link")).unwrap();
        symlink(&out, w.join("a-link")).unwrap();
        // A link to a folder inside the other: read through the first.
        symlink(out.join("sub"), w.join("c-sub")).unwrap();
        let got = walked(&w, true);
        assert_eq!(
            rels(&got),
            ["2026/alpha.md", "a-link/ext.md", "a-link/sub/deep.md"]
        );
        assert!(said(&got, "a-link").contains("outside the wiki"));
        assert!(said(&got, "b-link").contains("`a-link`, which is read there"));
        assert!(said(&got, "c-sub").contains("`a-link/sub`, which is read there"));
        let not = walked(&w, false);
        assert_eq!(rels(&not), ["2026/alpha.md"]);
        assert!(said(&not, "a-link").contains("its pages are not read"));
    }

    #[test]
    fn a_web_of_links_is_walked_once_per_folder() {
        // Each level links twice to the next: 2^24 paths, 25 folders.
        let dir = tempfile::tempdir().unwrap();
        let ext = dir.path().join("ext");
        let levels = 24;
        for i in 0..=levels {
            fs::create_dir_all(ext.join(format!("d{i}"))).unwrap();
            fs::write(ext.join(format!("d{i}/p{i}.md")), "").unwrap();
        }
        for i in 0..levels {
            for name in ["a", "b"] {
                symlink(format!("../d{}", i + 1), ext.join(format!("d{i}/{name}"))).unwrap();
            }
        }
        let w = dir.path().join("wiki");
        fs::create_dir(&w).unwrap();
        symlink(ext.join("d0"), w.join("start")).unwrap();
        let got = walked(&w, true);
        assert_eq!(got.files.len(), levels + 1);
        let deepest = format!("start/{}p{levels}.md", "a/".repeat(levels));
        assert!(got.files.iter().any(|f| f.rel == deepest));
        // Every `b` is reported, as read through its `a`.
        let b = got
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("which is read there"))
            .count();
        assert_eq!(b, levels);
    }

    #[test]
    fn a_folder_linked_first_deep_then_whole_is_read_once() {
        let (dir, w) = layout();
        let out = dir.path().join("outside");
        // Round one reads `outside/sub`; its link back up to `outside`
        // reads the rest in round two, without entering `sub` again.
        symlink(out.join("sub"), w.join("s")).unwrap();
        symlink(&out, out.join("sub/up")).unwrap();
        let got = walked(&w, true);
        assert_eq!(rels(&got), ["2026/alpha.md", "s/deep.md", "s/up/ext.md"]);
        assert!(said(&got, "s/up").contains("outside the wiki"));
    }

    #[test]
    fn files_reached_through_links_are_one_page() {
        let (dir, w) = layout();
        let ext = dir.path().join("outside/ext.md");
        symlink(&ext, w.join("one.md")).unwrap();
        symlink(&ext, w.join("two.md")).unwrap();
        symlink("nowhere.md", w.join("broken.md")).unwrap();
        let got = walked(&w, true);
        assert_eq!(rels(&got), ["2026/alpha.md", "one.md"]);
        assert!(said(&got, "one.md").contains("outside the wiki"));
        assert!(said(&got, "two.md").contains("`one.md`, which is read there"));
        let broken = got
            .diagnostics
            .iter()
            .find(|d| d.file.as_deref() == Some("broken.md"))
            .unwrap();
        assert_eq!(broken.severity, Severity::Error);
        assert!(
            broken
                .message
                .contains("broken symbolic link to `nowhere.md`")
        );
    }

    #[test]
    fn loops_hidden_targets_and_ignore_rules() {
        let (_dir, w) = layout();
        symlink("..", w.join("2026/up")).unwrap();
        fs::create_dir_all(w.join(".private/drafts")).unwrap();
        fs::write(w.join(".private/secret.md"), "").unwrap();
        fs::write(w.join(".private/drafts/d.md"), "").unwrap();
        // A hidden folder is not read where it is: a link to it is followed,
        // and the wiki's own ignore rules apply below the link.
        symlink(".private", w.join("shown")).unwrap();
        fs::write(w.join(".gitignore"), "drafts/\n").unwrap();
        let got = walked(&w, true);
        assert_eq!(rels(&got), ["2026/alpha.md", "shown/secret.md"]);
        assert!(said(&got, "2026/up").contains("loop back"));
        // Inside the wiki: not reported as leaving it.
        assert!(
            got.diagnostics
                .iter()
                .all(|d| d.file.as_deref() != Some("shown"))
        );
    }

    /// The walk does not read what an ignore rule matches, at any depth or
    /// from `--ignore`: a link to it reads it, as a link to a hidden folder
    /// does, and without --follow-links it is reported as lost.
    #[test]
    fn a_link_to_an_ignored_folder_is_followed() {
        let (_dir, w) = layout();
        fs::create_dir_all(w.join("drafts")).unwrap();
        fs::create_dir_all(w.join("2026/old")).unwrap();
        fs::create_dir_all(w.join("archive")).unwrap();
        fs::write(w.join("drafts/d.md"), "").unwrap();
        fs::write(w.join("2026/old/o.md"), "").unwrap();
        fs::write(w.join("archive/a.md"), "").unwrap();
        fs::write(w.join(".gitignore"), "drafts/\n").unwrap();
        fs::write(w.join("2026/.ignore"), "old\n").unwrap();
        symlink("drafts", w.join("shown")).unwrap();
        symlink("2026/old", w.join("was")).unwrap();
        symlink("archive", w.join("kept")).unwrap();
        let got = walked_ignoring(&w, true, &["archive/"]);
        assert_eq!(
            rels(&got),
            ["2026/alpha.md", "kept/a.md", "shown/d.md", "was/o.md"]
        );
        // Inside the wiki, and read nowhere else: nothing to say.
        assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
        let not = walked_ignoring(&w, false, &["archive/"]);
        assert_eq!(rels(&not), ["2026/alpha.md"]);
        for link in ["shown", "was", "kept"] {
            assert!(
                said(&not, link)
                    .contains("not followed (use --follow-links): its pages are not read"),
                "{link}"
            );
        }
    }

    #[test]
    fn a_link_to_an_ignored_page_is_followed() {
        let (_dir, w) = layout();
        fs::create_dir_all(w.join("ignored")).unwrap();
        fs::write(w.join("ignored/p.md"), "").unwrap();
        fs::write(w.join("2026/beta.md"), "").unwrap();
        fs::write(w.join(".gitignore"), "ignored/\n/2026/beta.md\n").unwrap();
        symlink("ignored/p.md", w.join("alias.md")).unwrap();
        symlink("2026/beta.md", w.join("b.md")).unwrap();
        let got = walked(&w, true);
        assert_eq!(rels(&got), ["2026/alpha.md", "alias.md", "b.md"]);
        assert!(got.diagnostics.is_empty(), "{:?}", got.diagnostics);
        let not = walked(&w, false);
        assert_eq!(rels(&not), ["2026/alpha.md"]);
        assert!(said(&not, "alias.md").contains("not followed (use --follow-links)"));
    }

    /// What the ignore rules leave to the walk is still read where it is:
    /// beside an ignored folder, or let back in by a `!` rule.
    #[test]
    fn a_link_to_a_folder_the_rules_let_through_is_read_there() {
        let (_dir, w) = layout();
        fs::create_dir_all(w.join("drafts/kept")).unwrap();
        fs::create_dir_all(w.join("drafts/gone")).unwrap();
        fs::write(w.join("drafts/kept/k.md"), "").unwrap();
        fs::write(w.join("drafts/gone/g.md"), "").unwrap();
        fs::write(w.join(".gitignore"), "drafts/*\n!drafts/kept/\n").unwrap();
        symlink("2026", w.join("current")).unwrap();
        symlink("drafts/kept", w.join("k")).unwrap();
        symlink("drafts/kept/k.md", w.join("k.md")).unwrap();
        let got = walked(&w, true);
        assert_eq!(rels(&got), ["2026/alpha.md", "drafts/kept/k.md"]);
        assert!(said(&got, "current").contains("`2026`, which is read there"));
        assert!(said(&got, "k").contains("`drafts/kept`, which is read there"));
        assert!(said(&got, "k.md").contains("`drafts/kept/k.md`, which is read there"));
        let not = walked(&w, false);
        assert_eq!(rels(&not), ["2026/alpha.md", "drafts/kept/k.md"]);
        assert!(
            not.diagnostics
                .iter()
                .all(|d| !matches!(d.file.as_deref(), Some("current" | "k"))),
            "{:?}",
            not.diagnostics
        );
    }

    /// A folder that another link of the same round reads is read there
    /// only if that walk does not skip it.
    #[test]
    fn a_folder_ignored_below_another_link_is_read_through_its_own() {
        let (dir, w) = layout();
        let out = dir.path().join("outside");
        fs::write(out.join(".gitignore"), "sub/\n").unwrap();
        symlink(&out, w.join("a-link")).unwrap();
        symlink(out.join("sub"), w.join("c-sub")).unwrap();
        let got = walked(&w, true);
        assert_eq!(
            rels(&got),
            ["2026/alpha.md", "a-link/ext.md", "c-sub/deep.md"]
        );
        assert!(said(&got, "c-sub").contains("outside the wiki"));
    }
}
