//! Frontmatter: finding the block (`---` YAML, `+++` TOML, `{…}` JSON),
//! parsing it (YAML with [`simple_yaml`] or [`super::yaml_load`], TOML and
//! JSON with `gray_matter`'s engines), and reading the keys wikigraph
//! knows. Unknown scalar keys are kept as properties; keys whose values hold
//! wikilinks, and listed mappings that name a target (`- {id: x, rel: y}`),
//! become typed connections.

use super::connections::{self, ItemTarget};
use super::value::Value;
use super::{Link, Reference, Relation, Target};
use super::{links, simple_yaml};
use crate::diag::{DiagKind, Diagnostic};
use crate::text::{TrimExt, find_short, keep_first};
use gray_matter::engine::{Engine, JSON, TOML};
use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::{Range, RangeInclusive};

/// The frontmatter block of a page, before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a> {
    /// The text between the delimiters.
    pub text: &'a str,
    /// Line number (1-based) of the first line of `text`.
    pub first_line: u32,
    /// Which language it is written in.
    pub format: Format,
}

/// Frontmatter languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
    /// `{` … `}` or `---json`
    Json,
}

/// Splits `text` into its frontmatter block (if any) and the body, with the
/// body's first line number.
pub fn split<'a>(text: &'a str, diags: &mut Vec<Diagnostic>) -> (Option<Block<'a>>, &'a str, u32) {
    let first = text.split('\n').next().unwrap_or("").trim_end_ws();
    let (format, close): (Format, &[&str]) = match first {
        "---" | "---yaml" => (Format::Yaml, &["---", "..."]),
        "+++" | "---toml" => (Format::Toml, &["+++", "---"]),
        "{" | "---json" => (Format::Json, &["}", "---"]),
        _ => return (None, text, 1),
    };
    let Some(nl) = text.find('\n') else {
        return (None, text, 1);
    };
    let mut offset = nl + 1;
    for (line_no, line) in (2u32..).zip(crate::text::split_lines(&text[offset..])) {
        let end = offset + line.len();
        if close.contains(&line.trim_end_ws()) {
            let (start, stop) = if format == Format::Json && first == "{" {
                // JSON frontmatter keeps its braces.
                (0, end)
            } else {
                (nl + 1, offset)
            };
            let block = Block {
                text: &text[start..stop],
                first_line: if start == 0 { 1 } else { 2 },
                format,
            };
            let body_start = (end + 1).min(text.len());
            return (Some(block), &text[body_start..], line_no + 1);
        }
        offset = end + 1;
    }
    diags.push(Diagnostic::warning(
        DiagKind::Frontmatter,
        1,
        format!("frontmatter opened by `{first}` is never closed: the whole file is read as body"),
    ));
    (None, text, 1)
}

/// The facts frontmatter gives about a page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Facts {
    /// `title`
    pub title: Option<String>,
    /// `type`
    pub page_type: Option<String>,
    /// `tags`
    pub tags: Vec<String>,
    /// `aliases` / `alias`
    pub aliases: Vec<String>,
    /// `sources` / `source`, as written.
    pub sources: Vec<String>,
    /// `last_updated`, else `updated`, `date_modified`, `modified`, `date`, `created`…
    pub last_updated: Option<String>,
    /// Every other scalar (or list of scalars) key.
    pub properties: super::Properties,
    /// Typed connections from `relationships:`, link-valued keys and
    /// listed typed entries, and citations from `sources`.
    pub refs: Vec<Reference>,
}

/// Keys read as the page's date, best first.
const DATE_KEYS: &[&str] = &[
    "last_updated",
    "updated",
    "date_modified",
    "modified",
    "last_modified",
    "lastmod",
    "date",
    "created",
    "date_created",
];

/// The `YYYY-MM-DD` date of a date written as a number: Unix time in
/// milliseconds (13 digits, as Dendron writes `created` and `updated`) or
/// seconds (10 digits), in UTC, or `YYYYMMDD`. `None` for anything else.
fn numeric_date(v: &str) -> Option<String> {
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = match v.len() {
        13 | 10 => {
            let n: i64 = v.parse().ok()?;
            let secs = if v.len() == 13 { n / 1000 } else { n };
            time::OffsetDateTime::from_unix_timestamp(secs).ok()?.date()
        }
        8 => {
            let num = |r: std::ops::Range<usize>| v[r].parse::<u8>().ok();
            let month = time::Month::try_from(num(4..6)?).ok()?;
            time::Date::from_calendar_date(v[..4].parse().ok()?, month, num(6..8)?).ok()?
        }
        _ => return None,
    };
    Some(date.to_string())
}

/// Parses a frontmatter block. Problems become diagnostics; whatever can be
/// read is kept, and the links of text that cannot be read are kept as
/// mentions.
pub fn parse(block: &Block<'_>, diags: &mut Vec<Diagnostic>) -> Facts {
    let locate = Locator::new(block);
    // Mentions of the links in text that no key could be read from.
    let mut unread = Vec::new();
    // The simple frontmatter most pages have is read by the fast reader,
    // which also knows each key's line; anything else by the full readers.
    let simple = match block.format {
        Format::Yaml if !block.text.trim_ws().is_empty() => simple_yaml::parse(block.text),
        _ => None,
    };
    let entries: Vec<(Cow<'_, str>, Value<'_>, u32)> = match simple {
        Some(entries) => entries
            .into_iter()
            .map(|(key, value, at)| (Cow::Borrowed(key), value, block.first_line + at as u32))
            .collect(),
        None => {
            if let Some(line) = too_deep(block.text) {
                diags.push(Diagnostic::warning(
                    DiagKind::Frontmatter,
                    block
                        .first_line
                        .saturating_add(u32::try_from(line).unwrap_or(u32::MAX)),
                    format!(
                        "frontmatter nested deeper than {} levels: not read",
                        simple_yaml::MAX_NESTING
                    ),
                ));
                return Facts::default();
            }
            if block.format == Format::Yaml
                && let Some(line) = super::yaml_aliases::too_large(block.text)
            {
                diags.push(too_many_aliases(block.first_line, line));
                return Facts::default();
            }
            let Some(map) = parse_map(block, diags, &mut unread) else {
                return Facts {
                    refs: unread,
                    ..Facts::default()
                };
            };
            let mut entries: Vec<(Cow<'_, str>, Value<'_>, u32)> = map
                .into_iter()
                .map(|(key, value)| {
                    let line = locate.key(&key);
                    (Cow::Owned(key), value, line)
                })
                .collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            entries
        }
    };
    let mut facts = Facts::default();
    let mut date_rank = usize::MAX;
    let mut date_key: Option<&str> = None;
    // Date keys written as one value, each a property unless it is the
    // page's date (known once every key is read).
    let mut dates: Vec<(&str, Cow<'_, str>)> = Vec::new();
    // Keys in sorted order, each with the line it is written on.
    for (key, value, line) in &entries {
        let (key, value, line) = (key.as_ref(), value, *line);
        match key {
            "title" => facts.title = scalar(value, key, line, diags).map(Cow::into_owned),
            "type" => facts.page_type = scalar(value, key, line, diags).map(Cow::into_owned),
            "tags" | "tag" => {
                for t in strings(value, Split::CommasAndSpaces) {
                    let t = if t.starts_with('#') {
                        t.trim_start_matches('#').to_owned()
                    } else {
                        t
                    };
                    if !t.is_empty() {
                        facts.tags.push(t);
                    }
                }
            }
            "aliases" | "alias" => {
                facts.aliases.extend(strings(value, Split::Commas));
            }
            // Keys that mean the same: one work cited under any of them is
            // one citation node.
            "sources" | "source" | "references" | "refs" | "citations" | "related_sources"
            | "related-sources" => match value {
                // `sources: 3` counts the page's sources and names none: a
                // property, not a citation of "3" that every such page shares.
                Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => {
                    if let Some(v) = flat_value(value) {
                        facts.properties.insert(key.to_owned(), v.into_owned());
                    }
                }
                // `refs: none`, `sources: "3"` and `references: 2020-01-01`
                // name no source either.
                Value::String(v)
                    if is_placeholder(v.trim_ws()) || is_count_or_date(v.trim_ws()) =>
                {
                    facts
                        .properties
                        .insert(key.to_owned(), v.trim_ws().to_owned());
                }
                _ => sources(value, line, &locate, &mut facts, diags),
            },
            "relationships" | "relations" => {
                relationships(key, value, line, &locate, &mut facts, diags);
            }
            k if DATE_KEYS.contains(&k) => {
                let rank = DATE_KEYS.iter().position(|d| *d == k).unwrap_or(usize::MAX);
                // `created: undefined` (a template's) dates nothing: it
                // stays a property.
                if let Some(v) = scalar(value, key, line, diags)
                    && rank < date_rank
                    && !v.trim_ws().is_empty()
                    && !is_placeholder(v.trim_ws())
                {
                    date_rank = rank;
                    date_key = Some(key);
                    facts.last_updated = Some(numeric_date(&v).unwrap_or_else(|| v.into_owned()));
                }
                if let Some(v) = scalar_quiet(value) {
                    dates.push((key, numeric_date(&v).map_or(v, Cow::Owned)));
                }
            }
            _ => {
                // Mappings in a list name typed connections of their own
                // (`- {id: x, rel: y}`).
                if matches!(value, Value::Array(_)) && holds_mapping(value) {
                    mapping_items(key, value, line, &locate, &mut facts, diags);
                }
                let found = link_values(key, value);
                if !found.is_empty() {
                    // Items are in file order: search each from the last one's line.
                    let mut at = line;
                    for (raw, target, note) in found {
                        at = locate.item_after(at, raw);
                        facts.refs.push(Reference {
                            note: note.map(String::into_boxed_str),
                            ..fm_ref(
                                Relation::Typed {
                                    label: key.to_owned(),
                                },
                                target,
                                at,
                            )
                        });
                    }
                } else if let Some(v) = flat_value(value) {
                    facts.properties.insert(key.to_owned(), v.into_owned());
                }
            }
        }
    }
    // Repeated tags and aliases are dropped once, here (the first kept).
    keep_first(&mut facts.tags);
    keep_first(&mut facts.aliases);
    facts.refs.append(&mut unread);
    // Keys are read in sorted order; references keep the order of the file.
    facts.refs.sort_by_key(|r| r.line);
    // The chosen date is `last_updated`; other date keys stay properties.
    for (k, v) in dates {
        if date_key != Some(k) {
            facts.properties.insert(k.to_owned(), v.into_owned());
        }
    }
    facts
}

fn fm_ref(relation: Relation, target: Target, line: u32) -> Reference {
    Reference {
        relation,
        target,
        note: None,
        line,
        column: 1,
    }
}

/// `sources:` — citations of its entries, from the key's `line` on: each
/// string (a link, a URL, or a name), and each mapping
/// (`{title: x, url: y}`, see [`source_mapping`]).
fn sources(
    value: &Value<'_>,
    line: u32,
    locate: &Locator<'_>,
    facts: &mut Facts,
    diags: &mut Vec<Diagnostic>,
) {
    let mut at = line;
    if !holds_mapping(value) {
        for s in split_file_lists(strings(value, Split::Never)) {
            at = locate.item_after(at, &s);
            cite_source(&s, None, at, facts);
            facts.sources.push(s);
        }
        return;
    }
    let mut items = Vec::new();
    source_items(value, &mut items);
    for item in items {
        match item {
            SourceItem::Text(s) => {
                at = locate.item_after(at, &s);
                cite_source(&s, None, at, facts);
                facts.sources.push(s);
            }
            SourceItem::Map(entries) => at = source_mapping(entries, at, locate, facts, diags),
        }
    }
}

/// `raw/a.pdf, raw/b.xml`: a string of files or URLs separated by commas
/// (and a space: a URL may hold a comma) is as many sources; any other
/// text stays whole (`Smith, J. (2020)`, `J.Smith, K.Jones`). Most lists
/// have no such string and are given back as they are.
fn split_file_lists(list: Vec<String>) -> Vec<String> {
    if !list.iter().any(|s| s.contains(", ")) {
        return list;
    }
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        split_file_list(s, &mut out);
    }
    out
}

/// One string of [`split_file_lists`], its sources added to `out`.
fn split_file_list(s: String, out: &mut Vec<String>) {
    if !s.contains(", ") {
        out.push(s);
        return;
    }
    let file = |p: &str| {
        let url = links::has_scheme(p) && p.contains("://");
        // A short lowercase extension: `.pdf`, `.md`, `.html`.
        let ext = p.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (2..=4).contains(&ext.len())
                && ext
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && ext.bytes().any(|b| b.is_ascii_lowercase())
        });
        !p.is_empty() && !p.contains(char::is_whitespace) && (url || p.contains('/') || ext)
    };
    if s.split(", ").map(str::trim).all(file) {
        out.extend(s.split(", ").map(|p| p.trim().to_owned()));
    } else {
        out.push(s);
    }
}

/// Cites one `sources` entry written on `line`: its page links, each with
/// the text after it as its note (`[[report]], p. 4`), else its URL, else
/// its text. `note` (what a mapping entry says of the source) comes first
/// in each note.
fn cite_source(s: &str, note: Option<&str>, line: u32, facts: &mut Facts) {
    let found = links::scan(s);
    let mut any = false;
    // Most entries are names, with no link to read notes for.
    if !found.is_empty() {
        let mut notes = link_notes(s, &found, true);
        for (i, f) in found.into_iter().enumerate() {
            if let links::FoundKind::Page(link) = f.what {
                any = true;
                let own = notes.as_mut().and_then(|n| n[i].take());
                facts.refs.push(Reference {
                    note: join_notes(note, own),
                    ..fm_ref(Relation::Cites, Target::Link(link), line)
                });
            }
        }
    }
    if !any {
        let target = if links::has_scheme(s) && s.contains("://") {
            Target::Url(s.to_owned())
        } else if (s.starts_with("../") || s.starts_with("./"))
            && page_path(s)
            && !s.contains(char::is_whitespace)
            && let Some(links::FoundKind::Page(link)) = links::classify_destination(s, false)
        {
            // `../sources/x.md`: a path from this page to another, read
            // as a markdown link's (`../My%20Page.md` decoded), found as
            // one is (a missing one is the node its links make). Other
            // paths often name files beside the wiki (`raw/x.md`), cited
            // as text.
            Target::Link(link)
        } else {
            Target::Text(s.to_owned())
        };
        facts.refs.push(Reference {
            note: note.map(Box::from),
            ..fm_ref(Relation::Cites, target, line)
        });
    }
}

/// `first; second`, either alone, or none.
fn join_notes(first: Option<&str>, second: Option<String>) -> Option<Box<str>> {
    match (first, second) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}").into_boxed_str()),
        (Some(a), None) => Some(Box::from(a)),
        (None, b) => b.map(String::into_boxed_str),
    }
}

/// True when a value is, or its lists hold, a mapping.
fn holds_mapping(p: &Value<'_>) -> bool {
    match p {
        Value::Hash(_) => true,
        Value::Array(items) => items.iter().any(holds_mapping),
        _ => false,
    }
}

/// One entry of a `sources` value that holds mappings.
enum SourceItem<'v, 'a> {
    /// A string, as [`strings`] gives it.
    Text(String),
    /// A mapping's entries.
    Map(&'v [(Cow<'a, str>, Value<'a>)]),
}

/// The entries of a `sources` value in the order written: its strings as
/// [`strings`] reads them, and its mappings.
fn source_items<'v, 'a>(p: &'v Value<'a>, out: &mut Vec<SourceItem<'v, 'a>>) {
    match p {
        Value::Hash(entries) => out.push(SourceItem::Map(entries)),
        Value::Array(items) if unquoted_wikilink(p).is_none() => {
            items.iter().for_each(|i| source_items(i, out));
        }
        _ => {
            let mut texts = Vec::new();
            collect_strings(p, Split::Never, &mut texts);
            out.extend(texts.into_iter().map(SourceItem::Text));
        }
    }
}

/// Keys whose value says where a source is, best first: a link, a URL, a
/// path or a slug.
const LOCATOR_KEYS: [&str; 13] = [
    "url", "uri", "link", "href", "ref", "path", "file", "source", "page", "id", "slug", "target",
    "doi",
];

/// Keys that name a source which has no locator, best first.
const NAME_KEYS: [&str; 4] = ["title", "name", "citation", "label"];

/// Keys whose values describe a source, in the order its note gives them
/// (bare); other keys are given as `key: value` after them, in key order.
const DESCRIPTION_KEYS: [&str; 24] = [
    "title",
    "name",
    "citation",
    "label",
    "type",
    "kind",
    "author",
    "authors",
    "by",
    "publisher",
    "journal",
    "venue",
    "year",
    "date",
    "published",
    "edition",
    "chapter",
    "section",
    "pages",
    "note",
    "notes",
    "description",
    "summary",
    "comment",
];

/// The value of `key` in a mapping's entries, unless null: written so,
/// else in another case (`Title`; the least such key, as a mapping's keys
/// come in no order).
fn entry<'v, 'a>(
    entries: &'v [(Cow<'a, str>, Value<'a>)],
    key: &str,
) -> Option<(&'v str, &'v Value<'a>)> {
    let mut found: Option<(&'v str, &'v Value<'a>)> = None;
    for (k, v) in entries {
        if matches!(v, Value::Null) || !k.eq_ignore_ascii_case(key) {
            continue;
        }
        if k == key {
            return Some((k, v));
        }
        if found.is_none_or(|(f, _)| k.as_ref() < f) {
            found = Some((k, v));
        }
    }
    found
}

/// Cites a `sources` entry that is a mapping, found from line `at` on;
/// returns the line it was found on. The source is the value of its first
/// [`LOCATOR_KEYS`] key (read as a string entry is), else of its first
/// [`NAME_KEYS`] key, else, for a mapping of one entry
/// (`- Attention Is All You Need: https://…`), its value when that is a
/// URL or link and its key otherwise; its other fields are the note. A
/// mapping read in none of these ways is reported.
fn source_mapping(
    entries: &[(Cow<'_, str>, Value<'_>)],
    at: u32,
    locate: &Locator<'_>,
    facts: &mut Facts,
    diags: &mut Vec<Diagnostic>,
) -> u32 {
    // The source as written, as cited, and the key it is the value of.
    let mut found: Option<(String, String, Option<&str>)> = None;
    for key in LOCATOR_KEYS.iter().chain(&NAME_KEYS) {
        if let Some((k, v)) = entry(entries, key)
            && let Some(text) = target_text(v)
        {
            let cited = if *key == "doi" && !text.contains("://") {
                format!("https://doi.org/{text}")
            } else {
                text.clone()
            };
            found = Some((text, cited, Some(k)));
            break;
        }
    }
    let mut note = None;
    if found.is_none()
        && let [(k, v)] = entries
        && !DESCRIPTION_KEYS
            .iter()
            .chain(&LOCATOR_KEYS)
            .any(|d| k.eq_ignore_ascii_case(d))
    {
        // `Title: https://…` cites the URL; `Smith 2020: p. 4`, the name.
        match target_text(v) {
            Some(text)
                if (links::has_scheme(&text) && text.contains("://")) || holds_link(&text) =>
            {
                note = Some(k.trim_ws().to_owned());
                found = Some((text.clone(), text, Some(k.as_ref())));
            }
            Some(text) => {
                note = Some(text);
                found = Some((k.to_string(), k.trim_ws().to_owned(), None));
            }
            None if matches!(v, Value::Null) => {
                found = Some((k.to_string(), k.trim_ws().to_owned(), None));
            }
            None => {}
        }
    }
    let Some((written, cited, used)) = found else {
        let line = mapping_line(entries, at, locate);
        diags.push(Diagnostic::warning(
            DiagKind::Frontmatter,
            line,
            format!(
                "a `sources` entry is a mapping with no url, path, link or title (keys: {}): ignored",
                sorted_keys(entries)
            ),
        ));
        return line;
    };
    let line = locate.item_after(at, &written);
    let note = note.or_else(|| used.and_then(|used| mapping_note(entries, used)));
    cite_source(&cited, note.as_deref(), line, facts);
    facts.sources.push(cited);
    line
}

/// The line of a mapping written from line `at` on: where its keys are
/// written (the last of their first places from `at` on: no key of the
/// mapping is written after it).
fn mapping_line(entries: &[(Cow<'_, str>, Value<'_>)], at: u32, locate: &Locator<'_>) -> u32 {
    entries
        .iter()
        .map(|(k, _)| locate.item_after(at, &format!("{k}:")))
        .max()
        .unwrap_or(at)
}

/// A mapping's keys, sorted, for a diagnostic.
fn sorted_keys(entries: &[(Cow<'_, str>, Value<'_>)]) -> String {
    let mut keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
    keys.sort_unstable();
    keys.join(", ")
}

/// What a `sources` mapping says of its source besides the `used` key:
/// the [`DESCRIPTION_KEYS`] values in their order, then each other
/// key as `key: value` in key order, joined with `; `. Fields that are
/// not text or a list of it are left out.
fn mapping_note(entries: &[(Cow<'_, str>, Value<'_>)], used: &str) -> Option<String> {
    let mut parts: Vec<Cow<'_, str>> = Vec::new();
    for key in DESCRIPTION_KEYS {
        if let Some((k, v)) = entry(entries, key)
            && k != used
            && let Some(v) = flat_value(v)
        {
            parts.push(v);
        }
    }
    let mut rest: Vec<(&str, Cow<'_, str>)> = entries
        .iter()
        .filter(|(k, _)| k != used && !DESCRIPTION_KEYS.iter().any(|d| k.eq_ignore_ascii_case(d)))
        .filter_map(|(k, v)| Some((k.as_ref(), flat_value(v)?)))
        .collect();
    rest.sort_unstable();
    parts.extend(
        rest.into_iter()
            .map(|(k, v)| Cow::Owned(format!("{k}: {v}"))),
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The line (from 0) where `text` first nests deeper than
/// [`simple_yaml::MAX_NESTING`] levels, counting open brackets and braces
/// (flow collections, TOML arrays and tables, JSON) or indentation (two
/// columns a level), if it does. The full parsers nest their work as deep
/// as the text does, so such a block is refused before they see it.
fn too_deep(text: &str) -> Option<usize> {
    let max = simple_yaml::MAX_NESTING;
    let mut depth = 0usize;
    for (i, line) in text.split('\n').enumerate() {
        let rest = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - rest.len();
        if indent > 2 * max {
            return Some(i);
        }
        // `- - - x` and `? ? x` nest a level per marker on one line.
        let mut compact = 0usize;
        let mut r = rest.as_bytes();
        while let [b'-' | b'?', b' ' | b'\t', tail @ ..] = r {
            compact += 1;
            if indent / 2 + compact > max {
                return Some(i);
            }
            r = tail.trim_ascii_start();
        }
        for b in line.bytes() {
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > max {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// The warning for a YAML text whose aliases pass the limit at `line`
/// (from 0) of a text that starts at `first_line`.
fn too_many_aliases(first_line: u32, line: usize) -> Diagnostic {
    Diagnostic::warning(
        DiagKind::Frontmatter,
        first_line.saturating_add(u32::try_from(line).unwrap_or(u32::MAX)),
        format!(
            "frontmatter aliases expand to more than {} values beyond those written \
             (a long string weighs one value per {} bytes): not read",
            super::yaml_aliases::MAX_ADDED,
            super::yaml_aliases::BYTES_PER_VALUE
        ),
    )
}

/// The frontmatter's keys and values (in no order) through the full
/// readers; `None` when there are none. Problems become diagnostics, and
/// the links of text that is not read become mentions in `unread`.
fn parse_map<'a>(
    block: &Block<'a>,
    diags: &mut Vec<Diagnostic>,
    unread: &mut Vec<Reference>,
) -> Option<Vec<(String, Value<'a>)>> {
    let value = match parse_value(block) {
        Ok(p) => p,
        Err(msg) => {
            let (line, col) = error_position(&msg, block.first_line);
            let not_parsed = Diagnostic::warning(
                DiagKind::Frontmatter,
                line,
                format!("frontmatter does not parse: {}", strip_position(&msg)),
            )
            .at_column(col);
            if block.format != Format::Yaml {
                diags.push(not_parsed);
                mentions_in(block.text, block.first_line, unread);
                return None;
            }
            // Invalid YAML is read key by key; the entries that fail say
            // where the problem is more precisely than the parser's position.
            let mut salvage_diags = Vec::new();
            let salvaged = salvage_yaml(block, &mut salvage_diags, unread);
            // The parser also stops at a run of links, which is read in
            // full: no problem is left to report there.
            if salvage_diags.is_empty() && !salvaged.runs.iter().any(|r| r.contains(&line)) {
                diags.push(not_parsed);
            }
            diags.extend(salvage_diags);
            return Some(salvaged.map.into_iter().collect());
        }
    };
    match value {
        Value::Hash(map) => Some(map.into_iter().map(|(k, v)| (k.into_owned(), v)).collect()),
        Value::Null => None,
        other => {
            diags.push(Diagnostic::warning(
                DiagKind::Frontmatter,
                block.first_line,
                format!(
                    "frontmatter is a {}, not a mapping of keys: ignored",
                    other.kind()
                ),
            ));
            mentions_in(block.text, block.first_line, unread);
            None
        }
    }
}

/// The frontmatter's value, read by the full reader of its language; an
/// error as its message.
fn parse_value(block: &Block<'_>) -> Result<Value<'static>, String> {
    let text = block.text;
    if text.trim_ws().is_empty() {
        return Ok(Value::Null);
    }
    match block.format {
        Format::Yaml => super::yaml_load::load(text).map_err(|e| e.to_string()),
        Format::Toml => TOML::parse(text)
            .map(Value::from)
            .map_err(|e| e.to_string()),
        Format::Json => JSON::parse(text)
            .map(Value::from)
            .map_err(|e| e.to_string()),
    }
}

/// What [`salvage_yaml`] read.
struct Salvaged<'a> {
    /// Each key read, with its value.
    map: HashMap<String, Value<'a>>,
    /// The lines of the entries that YAML refuses only for a run of links
    /// (`related: [[a]], [[b]]`), which the fast reader reads.
    runs: Vec<RangeInclusive<u32>>,
}

/// Reads invalid YAML key by key, so that one bad value (or a duplicated
/// key) does not lose the others. The first of duplicated keys wins. The
/// links of an entry that is not read become mentions in `unread`.
fn salvage_yaml<'a>(
    block: &Block<'a>,
    diags: &mut Vec<Diagnostic>,
    unread: &mut Vec<Reference>,
) -> Salvaged<'a> {
    // Each top-level entry with the lines that continue it, as the first
    // line's number and the byte range of its text.
    let mut chunks: Vec<(u32, Range<usize>)> = Vec::new();
    let mut offset = 0;
    for (i, line) in block.text.split('\n').enumerate() {
        let top = !line.starts_with([' ', '\t', '-', '#']) && !line.trim_ws().is_empty();
        let end = offset + line.len();
        match chunks.last_mut() {
            Some((_, chunk)) if !top => chunk.end = end,
            _ => chunks.push((block.first_line + i as u32, offset..end)),
        }
        offset = end + 1;
    }
    let mut salvaged = Salvaged {
        map: HashMap::new(),
        runs: Vec::new(),
    };
    for (line, range) in chunks {
        let chunk = &block.text[range];
        // A chunk is read on its own: its aliases are counted on their own.
        if let Some(at) = super::yaml_aliases::too_large(chunk) {
            diags.push(too_many_aliases(line, at));
            continue;
        }
        let entries: Vec<(String, Value<'a>)> = match super::yaml_load::load(chunk) {
            Ok(Value::Hash(h)) => h.into_iter().map(|(k, v)| (k.into_owned(), v)).collect(),
            Ok(Value::Null) => continue,
            Ok(_) => {
                // A stray scalar or list among the keys: nothing to read.
                mentions_in(chunk, line, unread);
                continue;
            }
            // YAML refuses a run of links; the fast reader reads it, and
            // within its subset reads the rest as YAML does.
            Err(e) => match simple_yaml::parse(chunk) {
                Some(entries) => {
                    let last = line + memchr::memchr_iter(b'\n', chunk.as_bytes()).count() as u32;
                    salvaged.runs.push(line..=last);
                    entries
                        .into_iter()
                        .map(|(k, v, _)| (k.to_owned(), v))
                        .collect()
                }
                None => {
                    diags.push(Diagnostic::warning(
                        DiagKind::Frontmatter,
                        line,
                        format!(
                            "frontmatter entry skipped: {}",
                            strip_position(&e.to_string())
                        ),
                    ));
                    mentions_in(chunk, line, unread);
                    continue;
                }
            },
        };
        let mut kept = false;
        for (k, v) in entries {
            match salvaged.map.entry(k) {
                Entry::Occupied(e) => {
                    diags.push(Diagnostic::warning(
                        DiagKind::Frontmatter,
                        line,
                        format!("duplicate key `{}`: the first value is kept", e.key()),
                    ));
                }
                Entry::Vacant(e) => {
                    e.insert(v);
                    kept = true;
                }
            }
        }
        if !kept {
            // Every key a duplicate: the chunk's links are not read.
            mentions_in(chunk, line, unread);
        }
    }
    salvaged
}

/// Every page link in `text`, whose first line is `first_line`, as a
/// mention: text that cannot be read keeps its links (broken ones are
/// left to the diagnostic that says the text was not read).
fn mentions_in(text: &str, first_line: u32, out: &mut Vec<Reference>) {
    for (line, l) in (first_line..).zip(text.split('\n')) {
        for f in links::scan(l) {
            if let links::FoundKind::Page(link) = f.what {
                out.push(Reference {
                    relation: Relation::Mentions,
                    target: Target::Link(link),
                    note: None,
                    line,
                    column: u32::try_from(f.start + 1).unwrap_or(u32::MAX),
                });
            }
        }
    }
}

/// Finds `line N column M` in a YAML error message; lines are relative to
/// the block.
fn error_position(msg: &str, first_line: u32) -> (u32, u32) {
    let num_after = |word: &str| -> Option<u32> {
        let p = msg.find(word)? + word.len();
        let digits: String = msg[p..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.parse().ok()
    };
    let line = num_after(" line ").map_or(first_line, |l| first_line + l.saturating_sub(1));
    let col = num_after(" column ").unwrap_or(1);
    (line, col)
}

fn strip_position(msg: &str) -> &str {
    let msg = msg
        .strip_prefix("Error deserializing front matter: ")
        .unwrap_or(msg);
    let msg = msg.strip_prefix("Deserialize error: ").unwrap_or(msg);
    match msg.find(" at byte ") {
        Some(p) => &msg[..p],
        None => msg,
    }
}

/// A single value as written (trimmed, not empty): a number or a boolean
/// as its text (`007`, `2609.33620`, `True`), not as the value it stands
/// for.
fn scalar_quiet<'v>(p: &'v Value<'_>) -> Option<Cow<'v, str>> {
    p.text()
        .map(|s| Cow::Borrowed(s.trim_ws()))
        .filter(|s| !s.is_empty())
}

/// [`scalar_quiet`], also of a list of one, with a warning for a list or
/// mapping.
fn scalar<'v>(
    p: &'v Value<'_>,
    key: &str,
    line: u32,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cow<'v, str>> {
    match p {
        Value::Null => None,
        Value::Array(items) if items.len() == 1 => scalar(&items[0], key, line, diags),
        Value::Array(_) | Value::Hash(_) => {
            diags.push(Diagnostic::warning(
                DiagKind::Frontmatter,
                line,
                format!(
                    "`{key}` should be a single value, not a {}: ignored",
                    p.kind()
                ),
            ));
            None
        }
        _ => scalar_quiet(p),
    }
}

/// How a single string value is split into list items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Split {
    /// Tags: `"a, b c"` is three tags, as in Obsidian.
    CommasAndSpaces,
    /// Aliases: `"a, b"` is two.
    Commas,
    /// Sources: free text such as `Smith, J. (2020)` stays whole.
    Never,
}

/// Every string in a value, flattening lists.
fn strings(p: &Value<'_>, split: Split) -> Vec<String> {
    let mut out = Vec::new();
    collect_strings(p, split, &mut out);
    out
}

fn collect_strings(p: &Value<'_>, split: Split, out: &mut Vec<String>) {
    match p {
        Value::String(s) => {
            // An unquoted `[[x]]` arrives as nested lists; a quoted one is a
            // string with brackets: both are kept whole.
            if holds_link(s) {
                out.push(s.trim_ws().to_owned());
                return;
            }
            if split == Split::Never {
                if !s.trim_ws().is_empty() {
                    out.push(s.trim_ws().to_owned());
                }
                return;
            }
            split_items(s, split, out);
        }
        Value::Array(items) => {
            if let Some(inner) = unquoted_wikilink(p) {
                out.push(format!("[[{inner}]]"));
                return;
            }
            // A list's items are as written (`[functional programming]`
            // is one tag); only a string of them is split at spaces.
            let split = match split {
                Split::CommasAndSpaces => Split::Commas,
                other => other,
            };
            for item in items {
                collect_strings(item, split, out);
            }
        }
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => {
            if let Some(s) = scalar_quiet(p) {
                out.push(s.into_owned());
            }
        }
        Value::Null | Value::Hash(_) => {}
    }
}

/// The items of one string of a list key, split as `split` says (not
/// [`Split::Never`]).
fn split_items(s: &str, split: Split, out: &mut Vec<String>) {
    // Most tags and aliases are one word: nothing to split, and no
    // character need be decoded to say so.
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii() && !matches!(b, b',' | b' ' | b'\t'..=b'\r'))
    {
        out.push(s.to_owned());
        return;
    }
    for part in s.split(',') {
        if split == Split::CommasAndSpaces {
            out.extend(part.split_whitespace().map(str::to_owned));
        } else if !part.trim_ws().is_empty() {
            out.push(part.trim_ws().to_owned());
        }
    }
}

/// True when a value holds `[[`. Values are short: [`find_short`] costs
/// less than setting up a substring search (a tenth of the frontmatter's
/// instructions went to that).
fn holds_link(s: &str) -> bool {
    find_short(s.as_bytes(), b"[[").is_some()
}

/// True when `s` may hold a markdown link (`[text](dest)`).
fn holds_markdown_link(s: &str) -> bool {
    find_short(s.as_bytes(), b"](").is_some()
}

/// Adds the page links in `s` to `out`, each with the note written after
/// it when `read` says so; false when `s` links no page (a URL, a file).
fn page_links<'v>(
    s: &'v str,
    read: Read,
    out: &mut Vec<(&'v str, Target, Option<String>)>,
) -> bool {
    let found = links::scan(s);
    if !found
        .iter()
        .any(|f| matches!(f.what, links::FoundKind::Page(_)))
    {
        return false;
    }
    let mut notes = if read.notes {
        link_notes(s, &found, false)
    } else {
        None
    };
    for (i, f) in found.into_iter().enumerate() {
        if let links::FoundKind::Page(link) = f.what {
            let note = notes.as_mut().and_then(|n| n[i].take());
            out.push((&s[f.start..f.end], Target::Link(link), note));
        }
    }
    true
}

/// YAML reads an unquoted `[[x]]` as a list holding a list holding `x`
/// (a number when `x` reads as one: `[[2024]]`). Lists around a quoted
/// link (`- - "[[x]]"`) hold that link, not a link to its brackets.
fn unquoted_wikilink<'v>(p: &'v Value<'_>) -> Option<&'v str> {
    if let Value::Array(outer) = p
        && let [Value::Array(inner)] = outer.as_slice()
        && let [scalar] = inner.as_slice()
    {
        return scalar.text().filter(|t| !holds_link(t));
    }
    None
}

/// The targets of a key other than the known ones, with the raw text used
/// to find their line: wikilinks (quoted strings or unquoted nested lists)
/// and page paths (`related: [notes/x.md]`). When there is one, the other
/// strings of the value are plain-text targets, so that none is lost; with
/// none, names alone under a key that names a relation are plain-text
/// targets (`related: [a, b]`), and any other value is a property.
fn link_values<'v>(key: &str, p: &'v Value<'_>) -> Vec<(&'v str, Target, Option<String>)> {
    let mut out = Vec::new();
    let read = Read {
        // The key is only folded when the value has a path to read.
        paths: holds_page_path(p) && names_relation(key),
        texts: false,
        notes: false,
        entries: true,
    };
    // Most values hold no link: they are looked at without a copy of their
    // text, and read again with it only when they do.
    collect_links(p, read, &mut out);
    if out.is_empty() {
        // `related: [a, Some Page]`: names alone, under a key that names a
        // relation, are plain-text targets (a page when one is so named);
        // `related: a, b` is two.
        if names_relation_by_name(key) && plain_names(p) {
            plain_name_items(p, &mut out);
        }
    } else {
        out.clear();
        collect_links(
            p,
            Read {
                texts: true,
                notes: true,
                ..read
            },
            &mut out,
        );
    }
    out
}

/// True when `p` is a name or a list of names (beside typed entries,
/// which are read on their own): one-line strings with a letter in them,
/// of at most [`MAX_PLAIN_NAME`] bytes and [`MAX_PLAIN_WORDS`] words each,
/// none a placeholder (`none`, `TBD`).
/// Dates, numbers and sentences are no page names.
fn plain_names(p: &Value<'_>) -> bool {
    let name = |n: &str| {
        n.len() <= MAX_PLAIN_NAME
            && !n.bytes().any(|b| b == b'\n' || b == b'\r')
            && n.chars().any(char::is_alphabetic)
            && n.split_whitespace().count() <= MAX_PLAIN_WORDS
            && !is_placeholder(n)
    };
    match p {
        Value::String(s) => names_of(s).all(name),
        // Its typed entries (`- {id: x, rel: y}`) are read on their own.
        Value::Array(items) => {
            let mut names = 0;
            for i in items {
                match i {
                    Value::String(s) if name(s.trim_ws()) => names += 1,
                    other if is_typed_entry(other) => {}
                    _ => return false,
                }
            }
            names > 0
        }
        _ => false,
    }
}

/// The items of a [`plain_names`] value, as plain-text targets: a
/// string's names ([`names_of`]), a list's items whole.
fn plain_name_items<'v>(p: &'v Value<'_>, out: &mut Vec<(&'v str, Target, Option<String>)>) {
    match p {
        Value::String(s) => {
            for n in names_of(s) {
                out.push((n, Target::Text(n.to_owned()), None));
            }
        }
        // A list's items are names whole (`- Jones, K.`).
        Value::Array(items) => {
            for i in items {
                if let Value::String(s) = i {
                    let n = s.trim_ws();
                    out.push((n, Target::Text(n.to_owned()), None));
                }
            }
        }
        _ => {}
    }
}

/// The names a string value holds: `a, b` is two when each part is one
/// word (`pattern-a, pattern-b`); anything else is one name
/// (`Smith, J.`, `Doe, J. (2020), Some Title`).
fn names_of(s: &str) -> impl Iterator<Item = &str> {
    let s = s.trim_ws();
    let word = |n: &str| {
        let n = n.trim_ws();
        n.len() >= 2 && !n.ends_with('.') && !n.contains(char::is_whitespace)
    };
    let split = s.contains(',') && s.split(',').all(word);
    let (whole, parts) = if split {
        (None, Some(s.split(',')))
    } else {
        (Some(s), None)
    };
    whole
        .into_iter()
        .chain(parts.into_iter().flatten().map(TrimExt::trim_ws))
        .filter(|n| !n.is_empty())
}

/// True for a value that says there is nothing (`none`, `TBD`).
fn is_placeholder(s: &str) -> bool {
    PLACEHOLDERS.iter().any(|p| s.eq_ignore_ascii_case(p))
}

/// True when `s` is a count (`3`) or a date, with or without a time
/// (`2020-01-01`, `2024-05-01T10:00Z`, `2024/05/01`), which names no work.
/// A DOI, an ISBN or an arXiv id (`10.1145/3052973`, `978-0-262-03561-3`,
/// `2106.03785`) does.
fn is_count_or_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let count = !b.is_empty() && b.len() <= 6 && digits(0..b.len());
    let date = digits(0..4)
        && matches!(b.get(4), Some(b'-' | b'/'))
        && digits(5..7)
        && b.get(7) == Some(&b[4])
        && digits(8..10)
        && b.get(10).is_none_or(|c| matches!(c, b'T' | b' '));
    count || date
}

/// The longest string of a frontmatter value read as page names.
const MAX_PLAIN_NAME: usize = 120;

/// The most words of one name (as a connection's plain target has).
const MAX_PLAIN_WORDS: usize = 8;

/// Values that say there is nothing: no page is so named.
const PLACEHOLDERS: [&str; 13] = [
    "none",
    "n/a",
    "na",
    "tbd",
    "todo",
    "yes",
    "no",
    "unknown",
    "nil",
    "null",
    "undefined",
    "-",
    "?",
];

/// [`names_relation`], for names alone: of the keys that start with
/// `related`, only those that name what they list as pages
/// (`related_tags: [ml]` lists tags, `related_url` a site).
fn names_relation_by_name(key: &str) -> bool {
    let related_other = || {
        key.get(..7)
            .filter(|p| p.eq_ignore_ascii_case("related"))
            .map(|_| key[7..].trim_start_matches(['_', '-', ' ']))
            .is_some_and(|r| {
                RELATED_NON_PAGE_KEYS
                    .iter()
                    .any(|k| r.eq_ignore_ascii_case(k))
            })
    };
    names_relation(key) && !related_other()
}

/// What a `related_…` key lists when its names are no pages.
const RELATED_NON_PAGE_KEYS: [&str; 12] = [
    "tags",
    "tag",
    "keywords",
    "categories",
    "category",
    "url",
    "urls",
    "id",
    "ids",
    "date",
    "dates",
    "count",
];

/// Keys that point along the wiki's structure, besides the built-in
/// relations.
const NAVIGATION_KEYS: [&str; 12] = [
    "up", "down", "parent", "parents", "child", "children", "next", "prev", "previous", "siblings",
    "links", "see_also",
];

/// True when a frontmatter key names a relation, so that a page path in it
/// is a link: `related: [rules/r018.md]`, `up: index.md`. Other keys that
/// hold paths (`template: templates/entity.md`, `readme: README.md`) are
/// properties.
fn names_relation(key: &str) -> bool {
    thread_local! {
        /// Answers by key as written: a wiki writes a few dozen keys on
        /// thousands of pages, and folding one costs more than a lookup.
        static ANSWERS: std::cell::RefCell<foldhash::HashMap<Box<str>, bool>> =
            std::cell::RefCell::default();
    }
    let fold = || {
        let k = crate::text::relation_key(key);
        NAVIGATION_KEYS.contains(&k.as_str())
            || k.starts_with("related")
            || crate::vocab::is_builtin_key(&k)
    };
    ANSWERS.with_borrow_mut(|answers| {
        if let Some(&known) = answers.get(key) {
            return known;
        }
        let known = fold();
        // Bounded: keys are the wiki's own words, but a wiki may write
        // a new one on every page.
        if answers.len() < MAX_REMEMBERED_KEYS {
            answers.insert(key.into(), known);
        }
        known
    })
}

/// Keys whose [`names_relation`] answer a thread keeps.
const MAX_REMEMBERED_KEYS: usize = 4096;

/// What [`collect_links`] takes besides wikilinks.
#[derive(Clone, Copy)]
struct Read {
    /// Page paths (`notes/x.md`).
    paths: bool,
    /// The other items, as plain text (URLs as URLs).
    texts: bool,
    /// The notes written with links (`"[[x]] — why"`).
    notes: bool,
    /// Whether the mappings of the value's lists that name a target are
    /// left to [`typed_entry`] (not those inside a mapping, which it does
    /// not read).
    entries: bool,
}

/// True when a frontmatter string names a page file: `notes/x.md`,
/// `../My Page.md` (one line, no URL).
fn page_path(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 3
        && b[b.len() - 3..].eq_ignore_ascii_case(b".md")
        && !b.iter().any(|&c| matches!(c, b'\n' | b'\r'))
        && !s.contains("://")
}

/// True when a string of `p`, at any depth, is a [`page_path`].
fn holds_page_path(p: &Value<'_>) -> bool {
    match p {
        Value::String(s) => page_path(s.trim_ws()),
        Value::Array(items) => items.iter().any(holds_page_path),
        Value::Hash(h) => h.iter().any(|(_, v)| holds_page_path(v)),
        _ => false,
    }
}

/// Adds the targets of `p` to `out`: its links, and its other items when
/// `read` says so. Inside a mapping, only links: its other fields are its
/// own (`{name: x, path: y}`).
fn collect_links<'v>(
    p: &'v Value<'_>,
    read: Read,
    out: &mut Vec<(&'v str, Target, Option<String>)>,
) {
    if let Some(inner) = unquoted_wikilink(p) {
        if let Ok(Some(link)) = links::parse_wikilink(inner, false) {
            out.push((inner, Target::Link(link), None));
        }
        return;
    }
    match p {
        Value::String(s) if holds_link(s) => {
            page_links(s, read, out);
        }
        // `"[a](a.md)"`: a markdown link to a page, as the wiki's body writes
        // them (a string with no page link in it is read as text below).
        Value::String(s) if holds_markdown_link(s) && page_links(s, read, out) => {}
        Value::String(s) => {
            let t = s.trim_ws();
            if read.paths
                && page_path(t)
                && let Ok(Some(link)) = links::parse_wikilink(t, false)
            {
                out.push((t, Target::Link(link), None));
            } else if read.texts && links::has_scheme(t) && t.contains("://") {
                out.push((t, Target::Url(t.to_owned()), None));
            } else if read.texts && !t.is_empty() {
                out.push((t, Target::Text(t.to_owned()), None));
            }
        }
        Value::Array(items) => {
            for i in items {
                if !(read.entries && is_typed_entry(i)) {
                    collect_links(i, read, out);
                }
            }
        }
        Value::Hash(h) => {
            let mut entries: Vec<&(Cow<'_, str>, Value<'_>)> = h.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let read = Read {
                texts: false,
                entries: false,
                ..read
            };
            entries
                .into_iter()
                .for_each(|(_, v)| collect_links(v, read, out));
        }
        _ => {}
    }
}

/// The notes of the page links `found` in `s` (one for each of `found`,
/// by index), read as a connection bullet's targets are (`[[x]] (note)`,
/// `[[x]] — note`); with `join`, text after a link that reads as a target
/// of its own joins that link's note, as in a source bullet
/// (`[[report]], p. 4`). `None` when `s` holds no page link, or nothing
/// but its links and separators (most values).
fn link_notes(s: &str, found: &[links::Found], join: bool) -> Option<Vec<Option<String>>> {
    if !found
        .iter()
        .any(|f| matches!(f.what, links::FoundKind::Page(_)))
    {
        return None;
    }
    let bare = |t: &str| t.bytes().all(|b| matches!(b, b' ' | b'\t' | b',' | b';'));
    let mut from = 0;
    let mut only_links = true;
    for f in found {
        if f.start < from || !bare(&s[from..f.start]) {
            only_links = false;
            break;
        }
        from = f.end;
    }
    if only_links && bare(&s[from..]) {
        return None;
    }
    let items = connections::targets(s, s, found, 0, s.len());
    let mut notes: Vec<Option<String>> = vec![None; found.len()];
    // The link the text read last belongs to.
    let mut last: Option<usize> = None;
    for (n, item) in items.iter().enumerate() {
        match &item.target {
            ItemTarget::Link(i) => {
                if let Some(slot) = notes.get_mut(*i) {
                    slot.clone_from(&item.note);
                    last = Some(*i);
                }
            }
            ItemTarget::Text(text) if join => {
                let Some(slot) = last.and_then(|i| notes.get_mut(i)) else {
                    continue;
                };
                // As written, up to the next item.
                let end = items.get(n + 1).map_or(s.len(), |next| next.start);
                let written = s
                    .get(item.start..end.max(item.start))
                    .unwrap_or("")
                    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '+'));
                let written = if written.is_empty() {
                    text.as_str()
                } else {
                    written
                };
                match slot {
                    Some(note) => {
                        note.push_str("; ");
                        note.push_str(written);
                    }
                    None => *slot = Some(written.to_owned()),
                }
            }
            ItemTarget::Text(_) => {}
        }
    }
    Some(notes)
}

/// A property value: a scalar, or a list of scalars joined with `, `.
fn flat_value<'v>(p: &'v Value<'_>) -> Option<Cow<'v, str>> {
    match p {
        Value::Array(items) => {
            let parts: Vec<Cow<'_, str>> = items.iter().filter_map(scalar_quiet).collect();
            (!parts.is_empty() && parts.len() == items.len()).then(|| Cow::Owned(parts.join(", ")))
        }
        _ => scalar_quiet(p),
    }
}

/// `relationships:` (or `relations:`, the `key`, written on `line`) — a
/// list of `{target, type}` entries ([`typed_entry`]), or a mapping of
/// relations to their targets (`{supports: [a], complements: ["[[b]]"]}`).
fn relationships(
    key: &str,
    value: &Value<'_>,
    line: u32,
    locate: &Locator<'_>,
    facts: &mut Facts,
    diags: &mut Vec<Diagnostic>,
) {
    let key_line = line;
    let mut search_from = key_line;
    let items = match value {
        Value::Array(items) => items,
        Value::Hash(map) => {
            // In the order written: a mapping's keys come in no order.
            let mut map: Vec<_> = map.iter().map(|(k, v)| (locate.key(k), k, v)).collect();
            map.sort_by_key(|&(line, ..)| line);
            for (at, label, targets) in map {
                search_from = search_from.max(at);
                let targets = match targets {
                    Value::Array(list) => list.as_slice(),
                    Value::Null => &[],
                    one => std::slice::from_ref(one),
                };
                for t in targets {
                    match target_text(t) {
                        Some(text) => {
                            let line = locate.item_after(search_from, &text);
                            typed_target(text, label.to_string(), None, line, true, facts);
                            search_from = line;
                        }
                        None => diags.push(Diagnostic::warning(
                            DiagKind::Frontmatter,
                            search_from,
                            format!(
                                "a `{key}` target of `{label}` is not a name or a link: ignored"
                            ),
                        )),
                    }
                }
            }
            return;
        }
        _ => {
            diags.push(Diagnostic::warning(
                DiagKind::Frontmatter,
                key_line,
                format!("`{key}` should be a list of {{target, type}} entries, or a mapping of relations to targets: ignored"),
            ));
            return;
        }
    };
    for item in items {
        let Value::Hash(entries) = item else {
            diags.push(Diagnostic::warning(
                DiagKind::Frontmatter,
                key_line,
                format!("a `{key}` entry is not a {{target, type}} mapping: ignored"),
            ));
            continue;
        };
        search_from = typed_entry(key, entries, search_from, locate, facts, diags)
            .unwrap_or_else(|| no_target(key, entries, search_from, locate, diags));
    }
}

/// Typed connections from the mappings in the list `value` of a key other
/// than the known ones, written from the key's `line` on: each mapping
/// that names a target is one ([`typed_entry`]; the key is its relation
/// when it names none); one that does not, and holds no link (which the
/// key's other values read, [`link_values`]), is reported, not lost
/// without a word.
fn mapping_items(
    key: &str,
    value: &Value<'_>,
    line: u32,
    locate: &Locator<'_>,
    facts: &mut Facts,
    diags: &mut Vec<Diagnostic>,
) {
    /// The items of `list` (and of lists in it) from line `at` on;
    /// returns the line of the last mapping.
    fn walk(
        key: &str,
        list: &[Value<'_>],
        mut at: u32,
        locate: &Locator<'_>,
        facts: &mut Facts,
        diags: &mut Vec<Diagnostic>,
    ) -> u32 {
        for item in list {
            match item {
                Value::Array(inner) => at = walk(key, inner, at, locate, facts, diags),
                Value::Hash(entries) => {
                    at = match typed_entry(key, entries, at, locate, facts, diags) {
                        Some(line) => line,
                        None => {
                            let mut links = Vec::new();
                            let read = Read {
                                paths: names_relation(key),
                                texts: false,
                                notes: false,
                                entries: false,
                            };
                            collect_links(item, read, &mut links);
                            if links.is_empty() {
                                no_target(key, entries, at, locate, diags)
                            } else {
                                at
                            }
                        }
                    };
                }
                _ => {}
            }
        }
        at
    }
    if let Value::Array(list) = value {
        walk(key, list, line, locate, facts, diags);
    }
}

/// Reports a mapping under `key`, written from line `at` on, that names no
/// target; returns its line.
fn no_target(
    key: &str,
    entries: &[(Cow<'_, str>, Value<'_>)],
    at: u32,
    locate: &Locator<'_>,
    diags: &mut Vec<Diagnostic>,
) -> u32 {
    let line = mapping_line(entries, at, locate);
    diags.push(Diagnostic::warning(
        DiagKind::Frontmatter,
        line,
        format!(
            "a `{key}` entry is a mapping with no target (keys: {}; a target is `target`, `id`, `to`, `page`, `link` or `name`): ignored",
            sorted_keys(entries)
        ),
    ));
    line
}

/// Reads a mapping under `key`, written from line `from` on, that names a
/// connection (`{target: x, type: y, note: z}`, `{id: x, rel: y}`): a
/// typed connection to its first [`TARGET_KEYS`] value that is a name or
/// a link, labelled by its first [`RELATION_KEYS`] value, with its first
/// [`NOTE_KEYS`] value as its note. With no relation, the label is the key,
/// except under `relationships:`, whose entries each say their relation
/// (`related`, with a warning). Returns the line it is on; `None` when it
/// names no target.
fn typed_entry(
    key: &str,
    entries: &[(Cow<'_, str>, Value<'_>)],
    from: u32,
    locate: &Locator<'_>,
    facts: &mut Facts,
    diags: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let text = entry_target(entries)?;
    let line = locate.item_after(from, &text);
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| entry(entries, k).and_then(|(_, v)| scalar_quiet(v)))
    };
    let declared = is_relations_key(key);
    let label = match first(&RELATION_KEYS) {
        Some(l) => l.into_owned(),
        None if declared => {
            diags.push(Diagnostic::warning(
                DiagKind::Frontmatter,
                line,
                format!("the `{key}` entry for `{text}` has no `type`: read as `related`"),
            ));
            "related".to_owned()
        }
        None => key.to_owned(),
    };
    typed_target(text, label, first(&NOTE_KEYS), line, declared, facts);
    Some(line)
}

/// True for the keys that list typed connections, whose entries each name
/// their relation and whose plain names are pages.
fn is_relations_key(key: &str) -> bool {
    matches!(key, "relationships" | "relations")
}

/// The target a typed entry's mapping names: its first [`TARGET_KEYS`]
/// value that is a name or a link.
fn entry_target(entries: &[(Cow<'_, str>, Value<'_>)]) -> Option<String> {
    TARGET_KEYS
        .iter()
        .find_map(|k| entry(entries, k).and_then(|(_, v)| target_text(v)))
}

/// True for a mapping that names a target: a typed entry, read by
/// [`typed_entry`].
fn is_typed_entry(v: &Value<'_>) -> bool {
    matches!(v, Value::Hash(entries) if entry_target(entries).is_some())
}

/// The keys that name a typed entry's target, in the order they are
/// looked for (`{id: concept:x, rel: y}`, `{type: broader, targetTerm:
/// Voyage Number}`).
const TARGET_KEYS: [&str; 13] = [
    "target",
    "id",
    "to",
    "page",
    "link",
    "name",
    "targetTerm",
    "target_term",
    "object",
    "node",
    "entity",
    "concept",
    "term",
];

/// The keys that name a typed entry's relation, in the order they are
/// looked for.
const RELATION_KEYS: [&str; 7] = [
    "type",
    "rel",
    "relation",
    "relationship",
    "kind",
    "label",
    "predicate",
];

/// The keys whose value is a typed entry's note, in the order they are
/// looked for.
const NOTE_KEYS: [&str; 7] = [
    "note",
    "description",
    "why",
    "reason",
    "context",
    "comment",
    "explanation",
];

/// A relationship target as text: `[[x]]` for an unquoted wikilink (which
/// YAML reads as a nested list), else the scalar.
fn target_text(t: &Value<'_>) -> Option<String> {
    unquoted_wikilink(t)
        .map(|s| format!("[[{s}]]"))
        .or_else(|| scalar_quiet(t).map(Cow::into_owned))
}

/// Adds a typed connection from frontmatter, written on `line`, to `text`
/// (a link, or a name). A name is a page link when `pages` (under
/// `relationships:`, whose targets are pages: the missing page a name
/// finds no page for is the one `[[name]]` in the body links to), else a
/// plain-text target as the names of other keys are (a page when one is
/// so named), a URL or a page path as a link.
fn typed_target(
    text: String,
    label: String,
    note: Option<Cow<'_, str>>,
    line: u32,
    pages: bool,
    facts: &mut Facts,
) {
    let mut found = links::scan(&text);
    let first = found
        .iter()
        .position(|f| matches!(f.what, links::FoundKind::Page(_)));
    // The text written after the link is its note too (`"[[x]] (why)"`).
    let own = first.and_then(|i| link_notes(&text, &found, false)?.swap_remove(i));
    let target = match first.map(|i| found.swap_remove(i).what) {
        Some(links::FoundKind::Page(l)) => Target::Link(l),
        _ if pages || page_path(&text) => Target::Link(Link {
            target: text,
            anchor: None,
            display: None,
            form: super::LinkForm::Wiki,
        }),
        _ if links::has_scheme(&text) && text.contains("://") => Target::Url(text),
        _ => Target::Text(text),
    };
    facts.refs.push(Reference {
        relation: Relation::Typed { label },
        target,
        note: join_notes(note.as_deref(), own),
        line,
        column: 1,
    });
}

/// Finds the file line of a key or list item in the frontmatter text.
pub(super) struct Locator<'a> {
    text: &'a str,
    /// The text's lines, cut when first asked for: most frontmatter has
    /// nothing to locate beyond what the fast reader already knows.
    lines: std::cell::OnceCell<Vec<&'a str>>,
    /// Each line's key (the text before its first `:` or `=`, unquoted) and
    /// the first line that has it, made when first asked for: looking for
    /// each of thousands of keys line by line took time in the square of
    /// their number.
    keys: std::cell::OnceCell<HashMap<&'a str, u32>>,
    first_line: u32,
    /// Where the last item was found: the items of a list are searched in
    /// file order, each from the line the one before was found on.
    last: std::cell::Cell<Option<Found>>,
    /// Bytes that searches finding nothing may still read to the text's
    /// end. An item not written as it reads (`"\x70"`) is not found, and
    /// each of thousands of them read the rest of the text: time in the
    /// square of their number (80,000 entries took minutes). Once it is
    /// spent, a search looks [`Locator::WINDOW`] bytes ahead.
    miss_budget: std::cell::Cell<usize>,
}

/// An item found by [`Locator::item_after`].
#[derive(Debug, Clone, Copy)]
struct Found {
    /// Its line, and where that line starts and ends in the text.
    line: u32,
    line_start: usize,
    line_end: usize,
    /// Where its match ends: the items of a flow list (`[a, b, …]`) share a
    /// line, each after the one before.
    end: usize,
}

impl<'a> Locator<'a> {
    pub(super) fn new(block: &Block<'a>) -> Self {
        Locator {
            text: block.text,
            lines: std::cell::OnceCell::new(),
            keys: std::cell::OnceCell::new(),
            first_line: block.first_line,
            last: std::cell::Cell::new(None),
            miss_budget: std::cell::Cell::new(block.text.len().saturating_mul(16).max(1 << 20)),
        }
    }

    /// How far ahead a search looks once the budget of misses is spent:
    /// items follow each other, so the next is rarely further.
    const WINDOW: usize = 4 * 1024;

    fn lines(&self) -> &[&'a str] {
        self.lines.get_or_init(|| {
            // `split('\n')`, by the vector search that `str::split`'s
            // searcher does not use (it was 1% of `check`'s instructions on
            // the generated pages).
            let text = self.text;
            let mut lines = Vec::with_capacity(text.len() / 32 + 1);
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
                lines.push(&text[start..end]);
                start = end + 1;
            }
            lines.push(&text[start..]);
            lines
        })
    }

    /// Line of `key:` (or `key =`, `"key":`), else the first line.
    pub(super) fn key(&self, key: &str) -> u32 {
        // A key that holds no quote or separator and no space at its ends
        // is on the first line whose key, as [`Locator::keys`] cuts it, it
        // is: that line is the first the search below would find.
        let plain = !key.is_empty() && key.trim_ws() == key && !key.contains(['"', ':', '=']);
        let line = if plain {
            self.keys().get(key).map(|&i| i as usize)
        } else {
            self.lines().iter().position(|l| {
                let t = l.trim_start_ws().trim_start_matches('"');
                t.strip_prefix(key).is_some_and(|r| {
                    let r = r.trim_start_matches('"').trim_start_ws();
                    r.starts_with(':') || r.starts_with('=')
                })
            })
        };
        line.map_or(self.first_line, |i| self.first_line + i as u32)
    }

    /// Each line's key (see [`Locator::keys`]) and the first line having it.
    fn keys(&self) -> &HashMap<&'a str, u32> {
        self.keys.get_or_init(|| {
            let mut keys = HashMap::default();
            for (i, l) in (0u32..).zip(self.lines()) {
                let t = l.trim_start_ws().trim_start_matches('"');
                if let Some(d) = memchr::memchr2(b':', b'=', t.as_bytes()) {
                    let key = t[..d].trim_end_ws().trim_end_matches('"');
                    keys.entry(key).or_insert(i);
                }
            }
            keys
        })
    }

    /// Line of the first line from `from` on that holds `needle` (without
    /// its `[[`/`]]`), else `from`.
    fn item_after(&self, from: u32, needle: &str) -> u32 {
        let start = from.saturating_sub(self.first_line) as usize;
        // `trim_start_matches("[[")` and `trim_end_matches("]]")`, without
        // setting up a searcher for each.
        let mut needle = needle;
        while let Some(rest) = needle.strip_prefix("[[") {
            needle = rest;
        }
        while let Some(rest) = needle.strip_suffix("]]") {
            needle = rest;
        }
        // No line holds a line break.
        if needle.contains('\n') {
            return from;
        }
        // One search through the text from the start line rather than a
        // substring searcher set up for every line.
        let text = self.text.as_bytes();
        let last = self.last.get().filter(|l| l.line == from);
        // The start line's place: known when the last item was found on it,
        // else from the text's lines, cut once (a list of thousands of
        // links, or thousands of keys holding one each, whose every search
        // counted the line breaks from the top, took time in the square of
        // their number).
        let offset = match last {
            Some(l) => l.line_start,
            None => match self.lines().get(start) {
                // Each line is a slice of the text.
                Some(line) => line.as_ptr() as usize - self.text.as_ptr() as usize,
                None => return from,
            },
        };
        // After the last item found on this same line: found there, the
        // answer is this line, as a search from the line's start would say
        // (a needle holds no line break, so no match crosses a line's end).
        // Otherwise the search from the line's start decides.
        if let Some(l) = last
            && (offset..=l.line_end).contains(&l.end)
            && let Some(at) = find_short(&text[l.end..l.line_end], needle.as_bytes())
        {
            self.last.set(Some(Found {
                end: l.end + at + needle.len(),
                ..l
            }));
            return from;
        }
        let budget = self.miss_budget.get();
        let hay = &text[offset..];
        let hay = if budget == 0 {
            &hay[..hay.len().min(Self::WINDOW + needle.len())]
        } else {
            hay
        };
        match find_short(hay, needle.as_bytes()) {
            Some(at) => {
                let before = &text[offset..offset + at];
                let line = start + memchr::memchr_iter(b'\n', before).count();
                let line = self.first_line + line as u32;
                let line_start = memchr::memrchr(b'\n', before).map_or(offset, |i| offset + i + 1);
                let end = offset + at + needle.len();
                let line_end = memchr::memchr(b'\n', &text[end..]).map_or(text.len(), |i| end + i);
                self.last.set(Some(Found {
                    line,
                    line_start,
                    line_end,
                    end,
                }));
                line
            }
            None => {
                self.miss_budget.set(budget.saturating_sub(hay.len()));
                from
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-word shortcut splits as the general way does.
        #[test]
        fn items_split_as_written(s in "[a-z ,\t\u{b}\u{a0}é#]{0,8}", spaces in proptest::bool::ANY) {
            let split = if spaces { Split::CommasAndSpaces } else { Split::Commas };
            let mut fast = Vec::new();
            split_items(&s, split, &mut fast);
            let slow: Vec<String> = s
                .split(',')
                .flat_map(|part| match split {
                    Split::CommasAndSpaces => part.split_whitespace().map(str::to_owned).collect(),
                    _ => Some(part.trim()).filter(|p| !p.is_empty()).map(str::to_owned).into_iter().collect::<Vec<_>>(),
                })
                .collect();
            proptest::prop_assert_eq!(fast, slow);
        }

        /// Items are found on the line the line-by-line search found them.
        #[test]
        fn items_are_found_on_their_lines(
            lines in proptest::collection::vec("[ab\\[\\]: \r-]{0,6}", 0..8),
            needle in "[ab\\[\\]\n]{0,4}",
            first_line in 1u32..4,
            from in 0u32..12,
        ) {
            let text = lines.join("\n");
            let block = Block { text: &text, first_line, format: Format::Yaml };
            let locate = Locator::new(&block);
            let start = from.saturating_sub(first_line) as usize;
            let bare = needle.trim_start_matches("[[").trim_end_matches("]]");
            let by_lines = text
                .split('\n')
                .enumerate()
                .skip(start)
                .find(|(_, l)| l.contains(bare))
                .map_or(from, |(i, _)| first_line + i as u32);
            proptest::prop_assert_eq!(locate.item_after(from, &needle), by_lines);
        }

        /// Searches one after another, each from the line the one before
        /// found (as the frontmatter reader makes them), find what a fresh
        /// search from that line finds.
        #[test]
        fn searches_in_a_row_find_what_one_search_finds(
            lines in proptest::collection::vec("[ab\\[\\], ]{0,12}", 1..6),
            needles in proptest::collection::vec("[ab\\[\\]]{0,3}", 1..8),
            first_line in 1u32..4,
        ) {
            let text = lines.join("\n");
            let block = Block { text: &text, first_line, format: Format::Yaml };
            let locate = Locator::new(&block);
            let mut at = first_line;
            for needle in &needles {
                let alone = Locator::new(&block).item_after(at, needle);
                let in_a_row = locate.item_after(at, needle);
                proptest::prop_assert_eq!(in_a_row, alone, "{:?} from {}", needle, at);
                // And both find the first line from `at` on that holds it.
                let bare = needle.trim_start_matches("[[").trim_end_matches("]]");
                let by_hand = lines
                    .iter()
                    .enumerate()
                    .skip((at - first_line) as usize)
                    .find(|(_, l)| l.contains(bare))
                    .map_or(at, |(i, _)| first_line + i as u32);
                proptest::prop_assert_eq!(alone, by_hand, "{:?} from {}", needle, at);
                at = in_a_row;
            }
        }

        /// A key is found on the first line that writes it (`key:`,
        /// `"key":`, `key =`), as a search line by line finds it.
        #[test]
        fn keys_are_found_as_a_line_by_line_search_finds_them(
            lines in proptest::collection::vec("[ab\" :=]{0,10}", 1..8),
            keys in proptest::collection::vec("[ab\" :=]{0,4}", 1..8),
        ) {
            let text = lines.join("\n");
            let block = Block { text: &text, first_line: 2, format: Format::Yaml };
            let locate = Locator::new(&block);
            for key in &keys {
                let by_hand = lines
                    .iter()
                    .position(|l| {
                        let t = l.trim_start_ws().trim_start_matches('"');
                        t.strip_prefix(key.as_str()).is_some_and(|r| {
                            let r = r.trim_start_matches('"').trim_start_ws();
                            r.starts_with(':') || r.starts_with('=')
                        })
                    })
                    .map_or(2, |i| 2 + i as u32);
                proptest::prop_assert_eq!(locate.key(key), by_hand, "{:?}", key);
            }
        }
    }

    fn facts(text: &str) -> (Facts, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let (block, _, _) = split(text, &mut d);
        let f = block.map(|b| parse(&b, &mut d)).unwrap_or_default();
        (f, d)
    }

    #[test]
    fn split_finds_body_line() {
        let mut d = Vec::new();
        let (b, body, line) = split("---\ntitle: x\n---\n# H\n", &mut d);
        assert_eq!(b.map(|b| b.text), Some("title: x\n"));
        assert_eq!(body, "# H\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unterminated_is_body() {
        let mut d = Vec::new();
        let (b, body, line) = split("---\nfooter text\n", &mut d);
        assert!(b.is_none());
        assert_eq!(body, "---\nfooter text\n");
        assert_eq!(line, 1);
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn dates_written_as_numbers() {
        // Dendron: Unix time in milliseconds.
        let (f, d) = facts("---\nupdated: 1697815483547\ncreated: 1697506550946\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.last_updated.as_deref(), Some("2023-10-20"));
        assert_eq!(
            f.properties.get("created").map(String::as_str),
            Some("2023-10-17")
        );
        assert_eq!(numeric_date("1697815483").as_deref(), Some("2023-10-20"));
        assert_eq!(numeric_date("20240229").as_deref(), Some("2024-02-29"));
        // Not dates: kept as written.
        for v in [
            "20230229",
            "20231301",
            "123",
            "2023",
            "16978154835470",
            "1e12",
        ] {
            assert_eq!(numeric_date(v), None, "{v}");
        }
        let (f, _) = facts("---\ndate: 20231301\n---\n");
        assert_eq!(f.last_updated.as_deref(), Some("20231301"));
    }

    #[test]
    fn known_keys() {
        let (f, d) = facts(
            "---\ntitle: \"WeChat\"\ntype: entity\ntags: [messaging, china]\naliases: [微信]\nlast_updated: 2026-04-26\nupdated: 2025-01-01\nowner: Tencent\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.title.as_deref(), Some("WeChat"));
        assert_eq!(f.page_type.as_deref(), Some("entity"));
        assert_eq!(f.tags, ["messaging", "china"]);
        assert_eq!(f.aliases, ["微信"]);
        assert_eq!(f.last_updated.as_deref(), Some("2026-04-26"));
        assert_eq!(
            f.properties.get("owner").map(String::as_str),
            Some("Tencent")
        );
    }

    #[test]
    fn tags_as_string_and_nested() {
        let (f, _) = facts("---\ntags: \"a, b c\"\n---\n");
        assert_eq!(f.tags, ["a", "b", "c"]);
        let (f, _) = facts("---\ntags:\n  - [x, y]\n  - z\n---\n");
        assert_eq!(f.tags, ["x", "y", "z"]);
    }

    #[test]
    fn title_number_is_text() {
        let (f, _) = facts("---\ntitle: 123\n---\n");
        assert_eq!(f.title.as_deref(), Some("123"));
    }

    /// Scalars that YAML reads as numbers or booleans keep the text they
    /// are written with wherever their text is used, whichever reader
    /// reads them (a comment sends the block to the full one).
    #[test]
    fn numbers_keep_their_text() {
        let block = "arxiv_id: 2609.33620\nversion: 1.10\ncount: 007\ndraft: True\nempty: ~\n\
                     sources: [1407.3390, 0809.0822, 1e3, 0x1F, null]\n\
                     aliases: [007, 1.10]\ntags: [0.10, 2024, TRUE]\ntitle: 1.50\ntype: 2.0\nup: [[2024]]\n";
        for text in [
            format!("---\n{block}---\n"),
            format!("---\n# outside the fast reader's subset\n{block}---\n"),
        ] {
            let (f, d) = facts(&text);
            assert!(d.is_empty(), "{d:?}");
            let props: Vec<(&str, &str)> = f
                .properties
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            assert_eq!(
                props,
                [
                    ("arxiv_id", "2609.33620"),
                    ("count", "007"),
                    ("draft", "True"),
                    ("version", "1.10")
                ]
            );
            assert_eq!(f.sources, ["1407.3390", "0809.0822", "1e3", "0x1F"]);
            let cited: Vec<String> = refs(&f)
                .into_iter()
                .map(|r| r.split_once(' ').map(|(_, r)| r.to_owned()).unwrap_or(r))
                .collect();
            assert_eq!(
                cited,
                [
                    "cites text:1407.3390",
                    "cites text:0809.0822",
                    "cites text:1e3",
                    "cites text:0x1F",
                    "up [[2024]]",
                ]
            );
            assert_eq!(f.aliases, ["007", "1.10"]);
            assert_eq!(f.tags, ["0.10", "2024", "TRUE"]);
            assert_eq!(f.title.as_deref(), Some("1.50"));
            assert_eq!(f.page_type.as_deref(), Some("2.0"));
        }
        // A number of sources is a count, kept as written.
        for v in ["3", "1.50", "007"] {
            let (f, _) = facts(&format!("---\nsources: {v}\n---\n"));
            assert!(f.refs.is_empty(), "{:?}", refs(&f));
            assert_eq!(f.properties.get("sources").map(String::as_str), Some(v));
        }
    }

    #[test]
    fn unquoted_wikilinks_in_other_keys_are_typed() {
        let (f, _) = facts("---\ntitle: x\nrelated:\n  - [[pipeline-guards]]\n  - [[R002]]\n---\n");
        assert_eq!(f.refs.len(), 2);
        let Target::Link(l) = &f.refs[1].target else {
            panic!()
        };
        assert_eq!(l.target, "R002");
        assert_eq!(f.refs[1].line, 5);
        assert_eq!(
            f.refs[0].relation,
            Relation::Typed {
                label: "related".into()
            }
        );
    }

    #[test]
    fn names_alone_under_a_relation_key_are_plain_text_targets() {
        let (f, _) = facts(
            "---\nrelated: [pattern-llm-wiki, concepts/x, Some Page]\nup: index\nrefs:\n  - a\n  - b\nrelated_pages: pattern-a, pattern-b\nrelated_tools: [garak]\ndepends_on: Smith, J.\nparent:\n  - Jones, K.\n---\n",
        );
        assert_eq!(
            refs(&f),
            [
                "2 related text:pattern-llm-wiki",
                "2 related text:concepts/x",
                "2 related text:Some Page",
                "3 up text:index",
                "5 cites text:a",
                "6 cites text:b",
                "7 related_pages text:pattern-a",
                "7 related_pages text:pattern-b",
                "8 related_tools text:garak",
                "9 depends_on text:Smith, J.",
                "11 parent text:Jones, K.",
            ]
        );
        assert!(f.properties.is_empty(), "{:?}", f.properties);
        // Other keys, dates, numbers, placeholders and sentences stay
        // properties.
        let (f, _) = facts(
            "---\nstatus: draft\nnext: 2024-05-01\nrelated: 3\nparent: See the weekly meeting notes for more context on this.\nsee_also: [a, 2]\nup: none\nblocked_by: TBD\nrelated_tags: [ml, safety]\n---\n",
        );
        assert!(f.refs.is_empty(), "{:?}", refs(&f));
        let keys: Vec<&str> = f.properties.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "blocked_by",
                "next",
                "parent",
                "related",
                "related_tags",
                "see_also",
                "status",
                "up"
            ]
        );
    }

    #[test]
    fn compact_nesting_on_one_line_is_refused() {
        // Deeper than the readers may go, without a bracket or an indent.
        let deep = format!("---\na:\n  - {}x\n---\n", "- ".repeat(20_000));
        let (f, d) = facts(&deep);
        assert!(f.refs.is_empty() && f.properties.is_empty());
        assert!(
            d.iter().any(|d| d.message.contains("nested deeper")),
            "{d:?}"
        );
        // A few levels are read.
        let (f, d) = facts("---\nrelated:\n  - - - \"[[x]]\"\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.refs.len(), 1);
    }

    #[test]
    fn a_number_of_sources_is_no_citation() {
        for (v, kept) in [
            ("1", "1"),
            ("12", "12"),
            ("0.5", "0.5"),
            ("true", "true"),
            ("none", "none"),
            ("TBD", "TBD"),
            ("\"3\"", "3"),
            ("2020-01-01", "2020-01-01"),
            ("'2024-05-01T10:00Z'", "2024-05-01T10:00Z"),
        ] {
            for key in ["sources", "references"] {
                let (f, d) = facts(&format!("---\n{key}: {v}\n---\n"));
                assert!(
                    f.refs.is_empty() && f.sources.is_empty(),
                    "{v}: {:?}",
                    refs(&f)
                );
                assert_eq!(f.properties.get(key).map(String::as_str), Some(kept));
                assert!(d.is_empty(), "{d:?}");
            }
        }
        // Digits among words name a work, as do identifiers of digits.
        for v in [
            "RFC 9110",
            "ISO 8601:2019",
            "2019 report",
            "10.1145/3052973.3053009",
            "978-0-262-03561-3",
            "'2106.03785'",
        ] {
            let (f, _) = facts(&format!("---\nsources: {v}\n---\n"));
            assert_eq!(refs(&f), [format!("2 cites text:{}", v.trim_matches('\''))]);
        }
        // A name that is a number in a list is still cited.
        let (f, _) = facts("---\nsources: [2019, report]\n---\n");
        assert_eq!(refs(&f), ["2 cites text:2019", "2 cites text:report"]);
    }

    /// `relationships:` entries and the mappings listed under any other
    /// key name their target, relation and note by any of the usual keys;
    /// the key is the relation of an entry that names none, and a name
    /// under another key is a plain-text target, as its plain names are.
    /// Block mappings are the full reader's, flow ones the fast reader's.
    #[test]
    fn typed_entries_under_any_key() {
        let text = "---\nrelated:\n  - id: \"concept:derivative\"\n    rel: special-case-of\n    note: payoff depends on an event\n  - id: \"[[venue/kalshi]]\"\n    rel: instantiated-by\n  - target: option\n    type: see-also\n    why: same payoff\n  - to: https://example.com/x\n  - name: notes/y.md\n    kind: part_of\nrelationships:\n  - id: concept:derivative\n    rel: special-case-of\n    description: a kind of it\n---\n";
        let (f, d) = facts(text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            refs_and_notes(&f),
            [
                "3 special-case-of text:concept:derivative | payoff depends on an event",
                "6 instantiated-by [[venue/kalshi]]",
                "8 see-also text:option | same payoff",
                "11 related url:https://example.com/x",
                "12 part_of [[notes/y.md]]",
                "15 special-case-of [[concept:derivative]] | a kind of it",
            ]
        );
        assert!(f.properties.is_empty(), "{:?}", f.properties);
        // The same in flow mappings, beside names and links in one list.
        let (f, d) = facts(
            "---\nsee_also: [Plain Name, {page: x, relation: extends, context: why}, \"[[Linked]]\"]\ndistinctions:\n  - {targetTerm: Itinerary, explanation: the product}\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            refs_and_notes(&f),
            [
                // On one line, entries come before the other values.
                "2 extends text:x | why",
                "2 see_also text:Plain Name",
                "2 see_also [[Linked]]",
                "4 distinctions text:Itinerary | the product",
            ]
        );
    }

    /// A listed mapping that names no target is reported with its line,
    /// not dropped without a word, unless its links are read.
    #[test]
    fn mappings_without_a_target_are_reported() {
        let (f, d) = facts(
            "---\nrelated:\n  - {id: alpha}\n  - title: no target\n    year: 2020\nmetrics:\n  - {accuracy: 0.9}\nsee:\n  - {title: \"[[b]]\"}\nrelationships:\n  - rel: extends\n    title: nothing\n---\n",
        );
        assert_eq!(refs(&f), ["3 related text:alpha", "9 see [[b]]"]);
        // Keys are read in key order: the diagnostics, in line order.
        let mut got: Vec<(Option<u32>, &str)> =
            d.iter().map(|d| (d.line, d.message.as_str())).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [
                (
                    Some(5),
                    "a `related` entry is a mapping with no target (keys: title, year; a target is `target`, `id`, `to`, `page`, `link` or `name`): ignored"
                ),
                (
                    Some(7),
                    "a `metrics` entry is a mapping with no target (keys: accuracy; a target is `target`, `id`, `to`, `page`, `link` or `name`): ignored"
                ),
                (
                    Some(12),
                    "a `relationships` entry is a mapping with no target (keys: rel, title; a target is `target`, `id`, `to`, `page`, `link` or `name`): ignored"
                ),
            ]
        );
        // `sources` entries stay citations.
        let (f, d) = facts("---\nsources:\n  - {title: A Paper, url: \"https://x.org/a\"}\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            refs_and_notes(&f),
            ["3 cites url:https://x.org/a | A Paper"]
        );
    }

    #[test]
    fn relationships_list() {
        let (f, d) = facts(
            "---\nrelationships:\n  - {target: storage-replication, type: complements}\n  - target: \"[[B]]\"\n    type: part of\n  - type: x\n---\n",
        );
        assert_eq!(f.refs.len(), 2);
        assert_eq!(f.refs[0].line, 3);
        assert_eq!(f.refs[1].line, 4);
        assert_eq!(d.len(), 1, "entry without target is reported");
    }

    #[test]
    fn relationships_mapping() {
        let (f, d) = facts(
            "---\nrelationships:\n  supports: [claim-0209, \"[[C]]\"]\n  complements:\n    - \"[[D|the D]]\"\n  extends: E\n  none:\n  odd: [{a: 1}]\n---\n",
        );
        let got: Vec<(String, String, u32)> = f
            .refs
            .iter()
            .map(|r| {
                let Relation::Typed { label } = &r.relation else {
                    panic!("{r:?}")
                };
                let Target::Link(l) = &r.target else {
                    panic!("{r:?}")
                };
                (label.clone(), l.target.clone(), r.line)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("supports".into(), "claim-0209".into(), 3),
                ("supports".into(), "C".into(), 3),
                ("complements".into(), "D".into(), 5),
                ("extends".into(), "E".into(), 6),
            ]
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("of `odd` is not a name"), "{d:?}");
    }

    #[test]
    fn sources_are_citations() {
        let (f, _) = facts("---\nsources: [some-source, \"[[Page]]\", https://x.org/a]\n---\n");
        assert_eq!(f.refs.len(), 3);
        assert!(matches!(f.refs[0].target, Target::Text(_)));
        assert!(matches!(f.refs[1].target, Target::Link(_)));
        assert!(matches!(f.refs[2].target, Target::Url(_)));
        assert!(f.refs.iter().all(|r| r.relation == Relation::Cites));
    }

    /// Each reference as [`refs`] gives it, with its note.
    fn refs_and_notes(f: &Facts) -> Vec<String> {
        refs(f)
            .into_iter()
            .zip(&f.refs)
            .map(|(r, f)| match &f.note {
                Some(n) => format!("{r} | {n}"),
                None => r,
            })
            .collect()
    }

    /// Mapping entries of `sources` read alike whichever reader reads
    /// them: the fast one (flow mappings), yaml-rust2 (block mappings, and
    /// keys in any order), or key by key after a YAML error elsewhere.
    #[test]
    fn source_mappings_are_read_alike_by_every_reader() {
        let flow = "sources:\n  - {type: reviews, ref: raw/reviews/pr-2130.md}\n  - {title: \"Attention Is All You Need\", url: \"https://arxiv.org/abs/1706.03762\", year: 2017}\n  - {link: \"[[report-a]] (p. 4)\", note: the survey}\n  - {name: Field notes}\n  - {year: 2021}\n";
        let (fast, fast_d) = facts(&format!("---\n{flow}---\n"));
        assert!(
            simple_yaml::parse(flow).is_some(),
            "flow mappings are the fast reader's"
        );
        let expected = [
            "3 cites text:raw/reviews/pr-2130.md | reviews",
            "4 cites url:https://arxiv.org/abs/1706.03762 | Attention Is All You Need; 2017",
            "5 cites [[report-a]] | the survey; p. 4",
            "6 cites text:Field notes",
        ];
        assert_eq!(refs_and_notes(&fast), expected);
        assert_eq!(fast.sources.len(), 4);
        assert_eq!(fast_d.len(), 1, "{fast_d:?}");
        assert_eq!(fast_d[0].line, Some(7));
        let block = "sources:\n  - ref: raw/reviews/pr-2130.md\n    type: reviews\n  - year: 2017\n    url: \"https://arxiv.org/abs/1706.03762\"\n    title: \"Attention Is All You Need\"\n  - note: the survey\n    link: \"[[report-a]] (p. 4)\"\n  - name: Field notes\n  - year: 2021\n";
        assert!(simple_yaml::parse(block).is_none());
        let (full, full_d) = facts(&format!("---\n{block}---\n"));
        let lines = |f: &Facts| f.refs.iter().map(|r| r.line).collect::<Vec<_>>();
        assert_eq!(lines(&full), [3, 6, 9, 10]);
        let unlined = |f: &Facts| {
            refs_and_notes(f)
                .into_iter()
                .map(|r| r.split_once(' ').map(|(_, r)| r.to_owned()).unwrap_or(r))
                .collect::<Vec<_>>()
        };
        assert_eq!(unlined(&full), unlined(&fast));
        assert_eq!(full.sources, fast.sources);
        assert_eq!(full_d.len(), 1, "{full_d:?}");
        assert_eq!(full_d[0].line, Some(11));
        assert_eq!(full_d[0].message, fast_d[0].message);
        // A key YAML refuses elsewhere: the entries are salvaged alike.
        let (salvaged, d) = facts(&format!("---\nbad: [unclosed\n{flow}---\n"));
        assert_eq!(unlined(&salvaged), unlined(&fast));
        assert_eq!(d.len(), 2, "{d:?}");
    }

    /// The text written after a link in a frontmatter value is its note,
    /// read as a connection bullet's; a value of links alone has none.
    #[test]
    fn text_after_a_frontmatter_link_is_its_note() {
        let (f, d) = facts(
            "---\nprerequisites:\n  - \"[[WP - Pre-fetch]] (L3 + L3.1 — shipped)\"\n  - \"[[Plain]]\"\nrelated: \"[[a]] — the other one\"\nsee: \"[[b]] (x), [[c]] and [[e]]\"\nsources: [\"[[r]], p. 4\", \"[[s]]\"]\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            refs_and_notes(&f),
            [
                "3 prerequisites [[WP - Pre-fetch]] | L3 + L3.1 — shipped",
                "4 prerequisites [[Plain]]",
                "5 related [[a]] | the other one",
                "6 see [[b]] | x",
                "6 see [[c]]",
                "6 see [[e]]",
                "7 cites [[r]] | p. 4",
                "7 cites [[s]]",
            ]
        );
    }

    #[test]
    fn invalid_yaml_is_salvaged_and_located() {
        let (f, d) = facts("---\ntitle: ok\nbad: [unclosed\ntype: entity\n---\n");
        assert_eq!(f.title.as_deref(), Some("ok"));
        assert_eq!(f.page_type.as_deref(), Some("entity"));
        assert!(!d.is_empty());
        assert!(d.iter().any(|d| d.line == Some(3)), "{d:?}");
    }

    /// Each reference as `line relation target`, for comparison.
    fn refs(f: &Facts) -> Vec<String> {
        f.refs
            .iter()
            .map(|r| {
                let target = match &r.target {
                    Target::Link(l) => format!(
                        "[[{}{}{}]]",
                        l.target,
                        l.anchor
                            .as_deref()
                            .map_or(String::new(), |a| format!("#{a}")),
                        l.display
                            .as_deref()
                            .map_or(String::new(), |d| format!("|{d}"))
                    ),
                    Target::Text(t) => format!("text:{t}"),
                    Target::Name(t) => format!("name:{t}"),
                    Target::Url(u) => format!("url:{u}"),
                };
                format!("{} {} {target}", r.line, r.relation.label())
            })
            .collect()
    }

    /// The frontmatter Obsidian users write, with a comma between links.
    const RUNS: &str = "title: Export\n\
        related: [[design/contract]], [[tech/export|the export]], [[tech/print#Paper]]\n\
        up: [[index]]\n\
        see_also:\n  - [[alpha]], [[beta]]\n  - [[gamma]]\n\
        sources: [[s1]],[[s2]]\n";

    const RUN_REFS: [&str; 9] = [
        "3 related [[design/contract]]",
        "3 related [[tech/export|the export]]",
        "3 related [[tech/print#Paper]]",
        "4 up [[index]]",
        "6 see_also [[alpha]]",
        "6 see_also [[beta]]",
        "7 see_also [[gamma]]",
        "8 cites [[s1]]",
        "8 cites [[s2]]",
    ];

    #[test]
    fn runs_of_unquoted_links_are_read_as_lists() {
        let (f, d) = facts(&format!("---\n{RUNS}---\n"));
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(refs(&f), RUN_REFS);
        assert_eq!(f.sources, ["[[s1]]", "[[s2]]"]);
    }

    /// Frontmatter outside the fast reader's subset (here a comment) is
    /// read key by key once YAML refuses the runs: they are read the same
    /// way, and the parser's error at them is not reported.
    #[test]
    fn runs_are_read_alike_by_both_readers() {
        let (f, d) = facts(&format!("---\n{RUNS}sources: [[s3]] # again\n---\n"));
        // The first `sources` is kept; the links of the other are mentions.
        let mut expected = RUN_REFS.to_vec();
        expected.push("9 mentions [[s3]]");
        assert_eq!(refs(&f), expected);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("duplicate key `sources`"), "{d:?}");
        let (f, d) = facts(&format!("---\n# Export\n{RUNS}---\n"));
        assert!(d.is_empty(), "{d:?}");
        let shifted: Vec<String> = RUN_REFS
            .iter()
            .map(|r| {
                let (line, rest) = r.split_once(' ').unwrap_or_default();
                format!("{} {rest}", line.parse::<u32>().unwrap_or_default() + 1)
            })
            .collect();
        assert_eq!(refs(&f), shifted);
    }

    #[test]
    fn links_of_entries_not_read_are_mentions() {
        let (f, d) = facts(
            "---\ntitle: x\nrelated: [[a]] and [[b|B]]\nsee:\n  - x\n  - [[c]] # [[d]]\n  y\nup: [[e]]\nup: [[f]]\n---\n",
        );
        assert_eq!(f.title.as_deref(), Some("x"));
        assert_eq!(
            refs(&f),
            [
                "3 mentions [[a]]",
                "3 mentions [[b|B]]",
                "6 mentions [[c]]",
                "6 mentions [[d]]",
                "8 up [[e]]",
                "9 mentions [[f]]",
            ]
        );
        assert_eq!(f.refs[1].column, 20, "the link's own column");
        let lines: Vec<Option<u32>> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(9)], "{d:?}");
        assert!(d[0].message.contains("entry skipped"), "{d:?}");
        assert!(d[2].message.contains("duplicate key `up`"), "{d:?}");
    }

    #[test]
    fn links_of_frontmatter_not_read_are_mentions() {
        // TOML that does not parse.
        let (f, d) = facts("+++\ntitle = \"T\"\nrelated = [[a]], [[b]]\n+++\n");
        assert_eq!(refs(&f), ["3 mentions [[a]]", "3 mentions [[b]]"]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("does not parse"), "{d:?}");
        // A list, not a mapping.
        let (f, d) = facts("---\n- [[a]]\n- b\n---\n");
        assert_eq!(refs(&f), ["2 mentions [[a]]"]);
        assert_eq!(d.len(), 1, "{d:?}");
        // A line of text among the keys.
        let (f, d) = facts("---\ntitle: T\nsee [[a]] here\n---\n");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(refs(&f), ["3 mentions [[a]]"]);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn duplicate_keys_keep_first() {
        let (f, d) = facts("---\ntitle: a\ntitle: b\n---\n");
        assert_eq!(f.title.as_deref(), Some("a"));
        assert!(d.iter().any(|d| d.message.contains("duplicate")));
    }

    #[test]
    fn list_frontmatter_is_reported() {
        let (f, d) = facts("---\n- a\n- b\n---\n");
        assert_eq!(f, Facts::default());
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn toml_and_json() {
        let (f, _) = facts("+++\ntitle = \"T\"\ntags = [\"a\"]\n+++\nbody");
        assert_eq!(f.title.as_deref(), Some("T"));
        let (f, _) = facts("{\n  \"title\": \"J\"\n}\nbody");
        assert_eq!(f.title.as_deref(), Some("J"));
    }
}
