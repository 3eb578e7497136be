//! Symbolic links met by the walk. The walker itself never follows a link:
//! each one is looked at here, and what it leads to is read once, under one
//! path chosen the same way on every run. A folder that several links reach
//! is walked once, under the first of those links in path order; a link to a
//! folder or page of the wiki is not followed, since its pages are read
//! where they are; and a file reached twice is one page. Links are taken in
//! rounds, by the number of links between the wiki and them, so that a
//! chain or web of links costs one walk of each folder it reaches, never a
//! walk of every path through it.

use super::{PageFile, Walked, is_markdown};
use crate::diag::{DiagKind, Diagnostic, Severity};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

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

/// The links seen so far and the folders walked because of them.
pub(super) struct Links {
    follow: bool,
    /// The wiki folder, resolved, when it can be.
    real_root: Option<PathBuf>,
    /// Every folder walked (the wiki first), resolved, with the path it is
    /// walked under relative to the wiki (`""` for the wiki itself).
    walked: HashMap<PathBuf, String>,
    /// Page-named links to files outside the folders walked, by the file's
    /// resolved path; decided at the end, once every folder is known.
    files: BTreeMap<PathBuf, Vec<Symlink>>,
}

impl Links {
    /// Before the wiki folder `root` is walked.
    pub fn new(root: &Path, follow: bool) -> Self {
        let real_root = root.canonicalize().ok();
        let walked = real_root
            .iter()
            .map(|r| (r.clone(), String::new()))
            .collect();
        Links {
            follow,
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
                Target::Folder(real) => match self.folder(&link, &real) {
                    Folder::Walk => folders.entry(real).or_default().push(link),
                    Folder::Report(d) => diagnostics.push(d),
                    Folder::Skip => {}
                },
            }
        }
        // In path order, a folder comes before the folders inside it, so
        // that one link to both is walked, not two.
        let mut next = Vec::new();
        for (real, claims) in folders {
            let mut claims = claims.into_iter();
            let Some(first) = claims.next() else {
                continue;
            };
            if let Some(there) = self.walked_as(&real) {
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
            self.walked.insert(real, first.rel.clone());
            next.push(first.abs);
        }
        next
    }

    /// What to do with a link to the folder `real`.
    fn folder(&self, link: &Symlink, real: &Path) -> Folder {
        let there = self.walked_as(real);
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
            read_there(link, &there)
        })
    }

    /// The path, relative to the wiki, that `real` is walked under: it is a
    /// walked folder or inside one, and nothing hides it there.
    fn walked_as(&self, real: &Path) -> Option<String> {
        let mut rest: Vec<String> = Vec::new();
        for dir in real.ancestors() {
            if let Some(base) = self.walked.get(dir) {
                let mut rel = base.clone();
                for part in rest.iter().rev() {
                    if !rel.is_empty() {
                        rel.push('/');
                    }
                    rel.push_str(part);
                }
                return Some(rel);
            }
            match dir.components().next_back() {
                Some(Component::Normal(name)) => {
                    let name = name.to_string_lossy();
                    // The walk skips hidden entries.
                    if name.starts_with('.') {
                        return None;
                    }
                    rest.push(name.into_owned());
                }
                _ => return None,
            }
        }
        None
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
        for (real, claims) in &self.files {
            let there = real
                .parent()
                .and_then(|dir| self.walked_as(dir))
                .filter(|_| {
                    real.file_name()
                        .is_some_and(|n| is_markdown(&n.to_string_lossy()))
                });
            let mut claims = claims.iter();
            if let Some(dir) = there {
                let name = real.file_name().unwrap_or_default().to_string_lossy();
                let page = if dir.is_empty() {
                    name.into_owned()
                } else {
                    format!("{dir}/{name}")
                };
                for c in claims {
                    out.diagnostics.push(read_there(c, &page));
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
        let opts = WalkOptions {
            follow_links: follow,
            ..WalkOptions::default()
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
}
