//! `wikigraph.toml`: how a wiki's conventions are taught to wikigraph.
//!
//! Pure: [`Config::parse`] takes the file's text (and its path, for error
//! messages and relative paths) and returns typed settings; finding and
//! reading the file is the caller's job. Every error names the file, the
//! line and the column; an unknown key is an error that names the key and
//! suggests the nearest valid one.

use crate::export::Format;
use crate::graph::edit_distance;
use crate::load::Options;
use crate::text::relation_key;
use crate::vocab::RelationSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;
use toml::Spanned;

/// The configuration file's name.
pub const FILE_NAME: &str = "wikigraph.toml";

/// Every section of the file and its keys, for suggestions. A unit test
/// checks that it agrees with what the parser accepts.
pub const SCHEMA: &[(&str, &[&str])] = &[
    ("", &["wiki", "headings", "audit", "export", "relations"]),
    ("wiki", &["ignore", "mentions"]),
    (
        "headings",
        &["connections", "sources", "aliases", "builtin"],
    ),
    ("audit", &["entry_points", "builtin_entry_points"]),
    ("export", &["formats", "out", "base_iri"]),
    (
        "relations.NAME",
        &["labels", "inverse", "symmetric", "color"],
    ),
];

/// Settings read from a `wikigraph.toml`. [`Config::default`] is what
/// wikigraph does without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `[wiki]`: which files are pages and which links count.
    pub wiki: WikiSettings,
    /// `[headings]`: which headings hold connections, sources, aliases.
    pub headings: Headings,
    /// `[audit]`: entry points.
    pub audit: Audit,
    /// `[export]`: defaults for `build` and `export`.
    pub export: ExportSettings,
    /// `[relations.KEY]` tables, in key order.
    pub relations: Vec<RelationSpec>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            wiki: WikiSettings {
                ignore: Vec::new(),
                mentions: true,
            },
            headings: Headings {
                connections: Vec::new(),
                sources: Vec::new(),
                aliases: Vec::new(),
                builtin: true,
            },
            audit: Audit {
                entry_points: Vec::new(),
                builtin_entry_points: true,
            },
            export: ExportSettings {
                formats: Format::ALL.to_vec(),
                out: None,
                base_iri: None,
            },
            relations: Vec::new(),
        }
    }
}

/// `[wiki]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiSettings {
    /// Globs (gitignore syntax, relative to the wiki) to leave out.
    pub ignore: Vec<String>,
    /// Whether links in prose become `mentions` edges.
    pub mentions: bool,
}

/// `[headings]`: names added to the built-in lists (lower-cased), or used
/// alone when `builtin` is false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headings {
    /// Headings whose bullets are typed connections.
    pub connections: Vec<String>,
    /// Headings whose bullets are citations.
    pub sources: Vec<String>,
    /// Headings whose bullets are aliases.
    pub aliases: Vec<String>,
    /// Keep the built-in heading names.
    pub builtin: bool,
}

/// `[audit]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// Pages the `unreachable` audit starts from, besides the built-in ones.
    pub entry_points: Vec<EntryPoint>,
    /// Also use index, overview, README and home at the wiki root.
    pub builtin_entry_points: bool,
}

/// An entry point as written, with its line so that a name that matches no
/// page can be reported where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPoint {
    /// A node name: id, file stem, alias or title.
    pub name: String,
    /// Its line in the file.
    pub line: u32,
}

/// `[export]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSettings {
    /// The formats `build` writes.
    pub formats: Vec<Format>,
    /// The folder `build` writes into, resolved against the configuration
    /// file's folder; `None` for `exports` in the current directory.
    pub out: Option<PathBuf>,
    /// Base IRI of JSON-LD node ids.
    pub base_iri: Option<String>,
}

/// A line and column (1-based, columns in characters) in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line.
    pub line: u32,
    /// Column.
    pub column: u32,
}

/// Why a configuration file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}: {kind}", Location(file, *position))]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// Where in it, when known.
    pub position: Option<Position>,
    /// What is wrong (boxed: errors stay small on the happy path).
    pub kind: Box<ConfigErrorKind>,
}

/// What is wrong with a configuration file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigErrorKind {
    /// Not valid TOML, or a value of the wrong type.
    #[error("{0}")]
    Syntax(String),
    /// A key wikigraph does not know.
    #[error(
        "unknown key `{key}` {}{}",
        section_name(section),
        suggest(suggestion, expected)
    )]
    UnknownKey {
        /// The key as written.
        key: String,
        /// The section it is in (`wiki`, `relations.complements`; empty for
        /// the top level).
        section: String,
        /// The nearest valid key, when one is close.
        suggestion: Option<String>,
        /// The valid keys of that section.
        expected: Vec<String>,
    },
    /// A value of the right type that cannot be used.
    #[error("`{key}`: {message}")]
    Invalid {
        /// The key (dotted path).
        key: String,
        /// Why.
        message: String,
    },
}

struct Location<'a>(&'a Path, Option<Position>);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.display())?;
        if let Some(p) = self.1 {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        Ok(())
    }
}

fn section_name(section: &str) -> String {
    if section.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in [{section}]")
    }
}

fn suggest(suggestion: &Option<String>, expected: &[String]) -> String {
    let mut s = match suggestion {
        Some(k) => format!("; did you mean `{k}`?"),
        None => String::new(),
    };
    if !expected.is_empty() {
        s.push_str(&format!(" (valid keys: {})", expected.join(", ")));
    }
    s
}

// The file as serde reads it; positions kept where a value is checked after
// parsing, so that its error can point at it.

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    wiki: RawWiki,
    headings: RawHeadings,
    audit: RawAudit,
    export: RawExport,
    relations: BTreeMap<Spanned<String>, RawRelation>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawWiki {
    ignore: Vec<Spanned<String>>,
    mentions: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawHeadings {
    connections: Vec<Spanned<String>>,
    sources: Vec<Spanned<String>>,
    aliases: Vec<Spanned<String>>,
    builtin: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawAudit {
    entry_points: Vec<Spanned<String>>,
    builtin_entry_points: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawExport {
    formats: Option<Vec<Spanned<String>>>,
    out: Option<Spanned<String>>,
    base_iri: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawRelation {
    labels: Vec<Spanned<String>>,
    inverse: Option<Spanned<String>>,
    symmetric: Option<bool>,
    color: Option<Spanned<String>>,
}

/// Turns positions in one file's text into errors.
struct Checker<'a> {
    text: &'a str,
    file: &'a Path,
    /// Where each line starts, found when first asked for: the line of
    /// each of thousands of entries, counted from the top, took time in the
    /// square of their number.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl Checker<'_> {
    /// The 1-based line of byte `offset`, and where that line starts.
    fn line_and_start(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        // The lines that start at or before the offset; the first starts at 0.
        let line = starts.partition_point(|&s| s <= offset.min(self.text.len()));
        (line, starts.get(line.wrapping_sub(1)).copied().unwrap_or(0))
    }

    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.line_and_start(offset).0).unwrap_or(u32::MAX)
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let (line, start) = self.line_and_start(offset);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn error(&self, offset: Option<usize>, kind: ConfigErrorKind) -> ConfigError {
        ConfigError {
            file: self.file.to_owned(),
            position: offset.map(|o| self.position(o)),
            kind: Box::new(kind),
        }
    }

    fn invalid<T>(&self, at: &Spanned<T>, key: &str, message: impl Into<String>) -> ConfigError {
        self.error(
            Some(at.span().start),
            ConfigErrorKind::Invalid {
                key: key.to_owned(),
                message: message.into(),
            },
        )
    }

    /// The `[table]` header the text at `offset` is under.
    fn table_header(&self, offset: Option<usize>) -> Option<&str> {
        let before = self.text.get(..offset?)?;
        before
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| {
                l.trim_start_matches('[')
                    .split(']')
                    .next()
                    .unwrap_or(l)
                    .trim()
            })
    }

    /// A TOML or serde error: unknown keys get a suggestion.
    fn toml_error(&self, e: &toml::de::Error) -> ConfigError {
        let offset = e.span().map(|s| s.start);
        let kind = match unknown_field(e.message()) {
            Some((key, expected)) => {
                let section = SCHEMA
                    .iter()
                    .find(|(_, keys)| {
                        keys.len() == expected.len() && keys.iter().all(|k| expected.contains(k))
                    })
                    .map_or("", |(s, _)| *s);
                let expected: Vec<String> = match SCHEMA.iter().find(|(s, _)| *s == section) {
                    Some((_, keys)) => keys.iter().map(|k| (*k).to_owned()).collect(),
                    None => expected.iter().map(|k| (*k).to_owned()).collect(),
                };
                ConfigErrorKind::UnknownKey {
                    suggestion: nearest(&key, &expected, section),
                    key,
                    section: match section {
                        "relations.NAME" => self.table_header(offset).unwrap_or(section),
                        s => s,
                    }
                    .to_owned(),
                    expected,
                }
            }
            None => {
                let message = e
                    .message()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                match key_path(e) {
                    Some(key) => ConfigErrorKind::Invalid { key, message },
                    None => ConfigErrorKind::Syntax(message),
                }
            }
        };
        self.error(offset, kind)
    }
}

/// The dotted key a value error is about (`headings.connections`). toml
/// prints it only when it has no source text to show, so ask it that way.
fn key_path(e: &toml::de::Error) -> Option<String> {
    let mut bare = e.clone();
    bare.set_input(None);
    let text = bare.to_string();
    let path = text.lines().rev().find_map(|l| l.strip_prefix("in `"))?;
    Some(path.strip_suffix('`')?.to_owned())
}

/// Reads serde's "unknown field `k`, expected one of `a`, `b`" message: the
/// key and the valid keys.
fn unknown_field(message: &str) -> Option<(String, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|k| !k.is_empty())
        .collect();
    Some((key.to_owned(), expected))
}

/// The valid key nearest to `key`: close in spelling, or the same key in
/// another section (`entry_points` written under `[wiki]`).
fn nearest(key: &str, expected: &[String], section: &str) -> Option<String> {
    let folded = key.to_lowercase().replace('-', "_");
    let limit = (folded.chars().count() / 3).max(2);
    let close = expected
        .iter()
        .map(|k| (edit_distance(&folded, k), k))
        .filter(|(d, k)| *d <= limit || k.starts_with(&folded) || folded.starts_with(k.as_str()))
        .min()
        .map(|(_, k)| k.clone());
    close.or_else(|| {
        SCHEMA
            .iter()
            .filter(|(s, _)| *s != section && !s.is_empty())
            .find(|(_, keys)| keys.contains(&folded.as_str()))
            .map(|(s, _)| format!("{s}.{folded}"))
    })
}

/// True for a Graphviz colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, or a name.
fn is_color(s: &str) -> bool {
    match s.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit()),
        None => !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()),
    }
}

/// True for an absolute IRI: a scheme, a colon, something after it.
fn is_absolute_iri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !rest.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// A heading name as the parser compares it: lower case, single spaces,
/// without a trailing colon.
fn heading_name(s: &str) -> String {
    crate::text::collapse_ws(s.trim().trim_end_matches(':')).to_lowercase()
}

impl Config {
    /// Parses the text of a configuration file. `file` is used in error
    /// messages and to resolve `export.out`; it is not read.
    pub fn parse(text: &str, file: &Path) -> Result<Config, ConfigError> {
        let c = Checker {
            text,
            file,
            line_starts: std::cell::OnceCell::new(),
        };
        let raw: Raw = toml::from_str(text).map_err(|e| c.toml_error(&e))?;
        let defaults = Config::default();

        let mut ignore = Vec::new();
        for g in raw.wiki.ignore {
            let mut probe = ignore::overrides::OverrideBuilder::new("/");
            if let Err(e) = probe.add(&format!("!{}", g.get_ref())) {
                return Err(c.invalid(&g, "wiki.ignore", format!("bad glob: {e}")));
            }
            ignore.push(g.into_inner());
        }

        let names = |list: Vec<Spanned<String>>, key: &str| -> Result<Vec<String>, ConfigError> {
            list.into_iter()
                .map(|h| match heading_name(h.get_ref()) {
                    n if n.is_empty() => Err(c.invalid(&h, key, "empty heading name")),
                    n => Ok(n),
                })
                .collect()
        };
        let headings = Headings {
            connections: names(raw.headings.connections, "headings.connections")?,
            sources: names(raw.headings.sources, "headings.sources")?,
            aliases: names(raw.headings.aliases, "headings.aliases")?,
            builtin: raw.headings.builtin.unwrap_or(true),
        };

        let mut entry_points = Vec::new();
        for e in raw.audit.entry_points {
            if e.get_ref().trim().is_empty() {
                return Err(c.invalid(&e, "audit.entry_points", "empty page name"));
            }
            entry_points.push(EntryPoint {
                line: c.line(e.span().start),
                name: e.into_inner().trim().to_owned(),
            });
        }

        let mut export = defaults.export;
        if let Some(formats) = raw.export.formats {
            let mut list: Vec<Format> = Vec::new();
            for f in formats {
                let format: Format = f
                    .get_ref()
                    .parse()
                    .map_err(|e: String| c.invalid(&f, "export.formats", e))?;
                if !list.contains(&format) {
                    list.push(format);
                }
            }
            export.formats = list;
        }
        if let Some(out) = raw.export.out {
            if out.get_ref().trim().is_empty() {
                return Err(c.invalid(&out, "export.out", "empty folder name"));
            }
            let dir = file.parent().unwrap_or(Path::new(""));
            export.out = Some(dir.join(out.get_ref()));
        }
        if let Some(iri) = raw.export.base_iri {
            if !is_absolute_iri(iri.get_ref()) {
                return Err(c.invalid(
                    &iri,
                    "export.base_iri",
                    "not an absolute IRI (expected something like `https://example.org/wiki/`)",
                ));
            }
            export.base_iri = Some(iri.into_inner());
        }

        let mut relations = Vec::new();
        for (name, r) in raw.relations {
            let key = relation_key(name.get_ref());
            let at = format!("relations.{}", name.get_ref());
            if key.is_empty() {
                return Err(c.invalid(&name, &at, "empty relation name"));
            }
            let mut labels = Vec::new();
            for l in r.labels {
                if relation_key(l.get_ref()).is_empty() {
                    return Err(c.invalid(&l, &format!("{at}.labels"), "empty label"));
                }
                labels.push(l.into_inner());
            }
            let inverse = match r.inverse {
                Some(inv) => {
                    let k = relation_key(inv.get_ref());
                    if k.is_empty() {
                        return Err(c.invalid(&inv, &format!("{at}.inverse"), "empty name"));
                    }
                    if r.symmetric == Some(true) {
                        return Err(c.invalid(
                            &inv,
                            &format!("{at}.inverse"),
                            "a symmetric relation is its own inverse: remove `inverse` or set `symmetric = false`",
                        ));
                    }
                    if k == key {
                        return Err(c.invalid(
                            &inv,
                            &format!("{at}.inverse"),
                            "a relation that is its own inverse is `symmetric = true`",
                        ));
                    }
                    Some(k)
                }
                None => None,
            };
            let color = match r.color {
                Some(col) if !is_color(col.get_ref()) => {
                    return Err(c.invalid(
                        &col,
                        &format!("{at}.color"),
                        "not a colour (expected `#rrggbb` or a Graphviz colour name such as `darkgreen`)",
                    ));
                }
                Some(col) => Some(col.into_inner()),
                None => None,
            };
            relations.push(RelationSpec {
                key,
                labels,
                inverse,
                symmetric: r.symmetric,
                color,
            });
        }
        // Two table names may fold to one key (`[relations.flows_to]` and
        // `[relations."Flows to"]`): keep them apart in key order.
        relations.sort_by(|a, b| a.key.cmp(&b.key));

        Ok(Config {
            wiki: WikiSettings {
                ignore,
                mentions: raw.wiki.mentions.unwrap_or(true),
            },
            headings,
            audit: Audit {
                entry_points,
                builtin_entry_points: raw.audit.builtin_entry_points.unwrap_or(true),
            },
            export,
            relations,
        })
    }

    /// Applies what shapes loading: ignored globs, headings, relations.
    /// Entry points, mentions and export settings are read by the commands
    /// that use them.
    pub fn apply(&self, opts: &mut Options) {
        opts.walk.ignore.extend(self.wiki.ignore.iter().cloned());
        let p = &mut opts.parse;
        let h = &self.headings;
        if !h.builtin {
            p.connection_headings.clear();
            p.source_headings.clear();
            p.alias_headings.clear();
        }
        // Kept in order, each once (a list of thousands, each checked
        // against all before it, took time in the square of its length).
        let add = |list: &mut Vec<String>, extra: &[String]| {
            let mut seen: std::collections::HashSet<String> = list.iter().cloned().collect();
            for n in extra {
                if seen.insert(n.clone()) {
                    list.push(n.clone());
                }
            }
        };
        add(&mut p.connection_headings, &h.connections);
        add(&mut p.source_headings, &h.sources);
        add(&mut p.alias_headings, &h.aliases);
        for r in &self.relations {
            opts.vocab.configure(r);
        }
    }
}

/// The commented example `wikigraph init` writes: every key, commented out,
/// with its default value. Parsing it gives [`Config::default`].
pub const EXAMPLE: &str = r##"# wikigraph.toml: how wikigraph reads this wiki.
# wikigraph looks for this file in the wiki folder, then in its parent
# (or use --config FILE). Every key is optional: the commented values are
# the defaults. Unknown keys are an error, so typos do not go unnoticed.

[wiki]
# Files and folders to leave out, as gitignore globs relative to the wiki
# (hidden folders and .gitignore'd files are always left out).
# ignore = ["templates/", "drafts/**", "*.excalidraw.md"]

# Whether links in prose count: true makes every link outside a connection
# or source section a `mentions` edge; false keeps only typed connections
# and citations in reports, diagrams and exports.
# mentions = true

[headings]
# Headings (any level) whose bullets are typed connections, added to the
# built-in ones: connections, connected concepts (pages, notes), related,
# relationships, relations, see also, cross-references, links to, their Chinese, Japanese and Korean forms
# (相关, 关联, 参见, 関連, 관련, ...) and other languages' (siehe auch, voir
# aussi, véase también, vedi anche, zie ook, conexões, связи, powiązane, liên
# quan, ...). A heading counts when it is one of them
# or starts with one followed by a non-letter ("Related Concepts"), or, with
# the built-in ones, ends in "related" where it follows the noun ("Notas
# relacionadas", "Argomenti correlati").
# connections = ["how it fits", "ties"]

# Headings whose bullets are citations, added to: sources, source,
# references, bibliography, citations, key, primary, main, further, related
# or raw sources, 来源, 主要来源,
# 参考资料, 参考文献, 出典, 출처, quellen, fonti, fuentes, referências, литература, ...
# sources = ["further reading"]

# Headings whose bullets are aliases, added to: aliases, alias,
# also known as, 别名, 別名, 별칭.
# aliases = ["synonyms"]

# false: use only the headings listed above.
# builtin = true

[audit]
# Pages the `unreachable` audit starts from (and which are never orphans),
# by id, file stem, alias or title, added to the built-in ones.
# entry_points = ["maps/start-here"]

# Also use index, overview, README and home at the wiki root.
# builtin_entry_points = true

[export]
# What `wikigraph build` writes: json, dot, graphml, jsonld.
# formats = ["json", "dot", "graphml", "jsonld"]

# Where `wikigraph build` writes, relative to this file (default: `exports`
# in the current folder; --out wins).
# out = "exports"

# Base IRI of the JSON-LD node ids: a page `entities/WeChat` becomes
# BASE + "entities/WeChat".
# base_iri = "urn:wikigraph:"

# Relations: one table per relation key. A relation the built-in vocabulary
# does not know is defined here; one it knows is changed. Keys are folded
# like labels: "Flows to" and flows_to are the same relation.
#
# [relations.complements]
# labels = ["Compliments", "goes with"]   # spellings that mean this relation
# symmetric = true                        # A complements B => B complements A
# color = "#16a34a"                       # line colour in diagrams (DOT, Mermaid, yEd)
#
# [relations.parent_company]
# labels = ["owned by parent"]
# inverse = "subsidiary"                  # B subsidiary A
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("wiki/wikigraph.toml"))
    }

    proptest::proptest! {
        /// An offset's line and column from the lines' starts are those
        /// counted from the top of the text.
        #[test]
        fn lines_from_their_starts_are_the_counted_lines(
            text in "[a\n微]{0,30}",
            offsets in proptest::collection::vec(0usize..40, 0..10),
        ) {
            let c = Checker {
                text: &text,
                file: Path::new("x.toml"),
                line_starts: std::cell::OnceCell::new(),
            };
            for o in offsets {
                let o = o.min(text.len());
                if text.is_char_boundary(o) {
                    let before = &text[..o];
                    let line = before.matches('\n').count() + 1;
                    let start = before.rfind('\n').map_or(0, |i| i + 1);
                    let column = before[start..].chars().count() + 1;
                    proptest::prop_assert_eq!(c.line(o) as usize, line, "{}", o);
                    let p = c.position(o);
                    proptest::prop_assert_eq!((p.line as usize, p.column as usize), (line, column), "{}", o);
                }
            }
        }
    }

    #[test]
    fn empty_and_example_are_the_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
        assert_eq!(parse(EXAMPLE).unwrap(), Config::default());
    }

    #[test]
    fn example_uncommented_parses() {
        // Every commented `key = value` line of the example, uncommented,
        // must be valid: the example documents real keys.
        let text: String = EXAMPLE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest.starts_with("[relations.") => {
                    rest.to_owned()
                }
                _ => l.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse(&text).unwrap();
        assert_eq!(c.wiki.ignore.len(), 3);
        assert_eq!(c.headings.connections, ["how it fits", "ties"]);
        assert_eq!(c.audit.entry_points[0].name, "maps/start-here");
        assert_eq!(c.export.out, Some(PathBuf::from("wiki/exports")));
        assert_eq!(c.relations.len(), 2);
        assert_eq!(c.relations[1].inverse.as_deref(), Some("subsidiary"));
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            r##"
[wiki]
ignore = ["templates/"]
mentions = false
[headings]
connections = ["Ties:", "  How   It Fits "]
sources = ["Reading"]
aliases = ["AKA"]
builtin = false
[audit]
entry_points = ["start"]
builtin_entry_points = false
[export]
formats = ["dot", "JSON-LD", "dot"]
out = "../out"
base_iri = "https://example.org/w/"
[relations."Flows to"]
labels = ["feeds"]
color = "#2563eb"
[relations.complements]
labels = ["Compliments"]
"##,
        )
        .unwrap();
        assert_eq!(c.wiki.ignore, ["templates/"]);
        assert!(!c.wiki.mentions);
        assert_eq!(c.headings.connections, ["ties", "how it fits"]);
        assert_eq!(c.headings.sources, ["reading"]);
        assert_eq!(c.headings.aliases, ["aka"]);
        assert!(!c.headings.builtin);
        assert_eq!(
            c.audit.entry_points,
            [EntryPoint {
                name: "start".into(),
                line: 11
            }]
        );
        assert!(!c.audit.builtin_entry_points);
        assert_eq!(c.export.formats, [Format::Dot, Format::JsonLd]);
        assert_eq!(c.export.out, Some(PathBuf::from("wiki/../out")));
        assert_eq!(c.export.base_iri.as_deref(), Some("https://example.org/w/"));
        assert_eq!(c.relations[0].key, "complements");
        assert_eq!(c.relations[1].key, "flows_to");
        assert_eq!(c.relations[1].color.as_deref(), Some("#2563eb"));
    }

    #[test]
    fn unknown_keys_name_the_key_and_suggest() {
        let cases = [
            (
                "[wiki]\nmentons = false\n",
                "mentons",
                "wiki",
                Some("mentions"),
                2,
                1,
            ),
            (
                "[relations.complements]\ncolour = \"red\"\n",
                "colour",
                "relations.complements",
                Some("color"),
                2,
                1,
            ),
            ("[relation.x]\n", "relation", "", Some("relations"), 1, 2),
            (
                "[wiki]\nentry_points = [\"x\"]\n",
                "entry_points",
                "wiki",
                Some("audit.entry_points"),
                2,
                1,
            ),
            ("[export]\n  zzz = 1\n", "zzz", "export", None, 2, 3),
        ];
        for (text, key, section, suggestion, line, column) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.position, Some(Position { line, column }), "{text:?}: {e}");
            match e.kind.as_ref() {
                ConfigErrorKind::UnknownKey {
                    key: k,
                    section: s,
                    suggestion: sug,
                    ..
                } => {
                    assert_eq!(k, key);
                    assert_eq!(s, section);
                    assert_eq!(sug.as_deref(), suggestion, "{e}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let e = parse("[wiki]\nmentons = false\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "wiki/wikigraph.toml:2:1: unknown key `mentons` in [wiki]; did you mean `mentions`? (valid keys: ignore, mentions)"
        );
    }

    #[test]
    fn schema_matches_what_the_parser_accepts() {
        // A bogus key in each section lists that section's valid keys.
        for (section, keys) in SCHEMA {
            let text = match *section {
                "" => "bogus_key = 1\n".to_owned(),
                "relations.NAME" => "[relations.x]\nbogus_key = 1\n".to_owned(),
                s => format!("[{s}]\nbogus_key = 1\n"),
            };
            match *parse(&text).unwrap_err().kind {
                ConfigErrorKind::UnknownKey {
                    section: s,
                    expected,
                    ..
                } => {
                    assert_eq!(s, section.replace("NAME", "x"));
                    assert_eq!(expected, keys.to_vec());
                }
                other => panic!("{section}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let cases = [
            (
                "[wiki]\nmentions = \"yes\"\n",
                2,
                12,
                "`wiki.mentions`: invalid type",
            ),
            (
                "[export]\nformats = [\"json\", \"svg\"]\n",
                2,
                20,
                "unknown format `svg`",
            ),
            (
                "[export]\nbase_iri = \"example.org\"\n",
                2,
                12,
                "not an absolute IRI",
            ),
            (
                "[relations.x]\ncolor = \"not a colour\"\n",
                2,
                9,
                "not a colour",
            ),
            (
                "[relations.x]\nsymmetric = true\ninverse = \"y\"\n",
                3,
                11,
                "symmetric relation",
            ),
            ("[wiki]\nignore = [\"a/[\"]\n", 2, 11, "bad glob"),
            (
                "[headings]\nconnections = [\" : \"]\n",
                2,
                16,
                "empty heading",
            ),
            ("[wiki\nmentions = true\n", 1, 6, ""),
            (
                "[wiki]\nmentions = true\nmentions = false\n",
                3,
                1,
                "duplicate key",
            ),
        ];
        for (text, line, column, words) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!(e.position, Some(Position { line, column }), "{text:?}: {e}");
            assert!(e.to_string().contains(words), "{text:?}: {e}");
            assert!(
                e.to_string()
                    .starts_with(&format!("wiki/wikigraph.toml:{line}:{column}: ")),
                "{e}"
            );
        }
    }

    #[test]
    fn apply_changes_headings_ignore_and_vocabulary() {
        let c = parse(
            "[wiki]\nignore = [\"drafts/\"]\n[headings]\nconnections = [\"Ties\"]\n[relations.complements]\nlabels = [\"Compliments\"]\n",
        )
        .unwrap();
        let mut o = Options::new("wiki");
        c.apply(&mut o);
        assert_eq!(o.walk.ignore, ["drafts/"]);
        assert!(o.parse.connection_headings.contains(&"ties".to_owned()));
        assert!(o.parse.connection_headings.contains(&"related".to_owned()));
        assert_eq!(o.vocab.key_for("Compliments"), "complements");

        let only = parse("[headings]\nbuiltin = false\nsources = [\"Reading\"]\n").unwrap();
        let mut o = Options::new("wiki");
        only.apply(&mut o);
        assert!(o.parse.connection_headings.is_empty());
        assert_eq!(o.parse.source_headings, ["reading"]);
    }
}
