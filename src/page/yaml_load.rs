//! The full YAML reader, for the frontmatter outside the fast reader's
//! subset ([`super::simple_yaml`]): yaml-rust2's parser, its events made
//! into [`Value`]s as yaml-rust2's own loader (`YamlLoader`, which
//! `gray_matter` calls) makes its values, except that a number or a
//! boolean keeps the text it is written with. The loader's values keep
//! only the number (`2609.33620` came out as `2609.3362`, `007` as `7`),
//! and a page means the text: an id, a version, an alias.
//!
//! Mapping keys are their text as written (`007: x` is the key `007`); a
//! key that is a list or a mapping is left out, as `gray_matter` leaves it.
//! A key repeated as written is an error, as yaml-rust2's is.

use super::value::Value;
use foldhash::fast::FixedState;
use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::BuildHasher;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

/// The first YAML document in `text` (null when there is none). An error
/// anywhere in the text, later documents included, is an error, as it is
/// to yaml-rust2's loader.
pub fn load(text: &str) -> Result<Value<'static>, ScanError> {
    let mut loader = Loader::default();
    Parser::new_from_str(text).load(&mut loader, true)?;
    match loader.error {
        Some(e) => Err(e),
        None => Ok(loader.doc.unwrap_or(Value::Null)),
    }
}

/// A node as yaml-rust2's loader has it: a value, or a value it could not
/// type (`!!int x`, an alias to no anchor), which `gray_matter` reads as
/// null and leaves out as a key.
type Node = Option<Value<'static>>;

/// The state of one YAML text being read.
#[derive(Default)]
struct Loader {
    /// The collections open, innermost last, each with its anchor (0: none).
    open: Vec<(Open, usize)>,
    /// Each anchored node, by anchor (anchors count from 1; a document's
    /// anchors are its own, and later ones are only read for errors).
    anchors: Vec<Node>,
    /// The first document's value, once read.
    doc: Option<Value<'static>>,
    /// Set once a document is done: the later ones are read only for their
    /// errors.
    done: bool,
    error: Option<ScanError>,
}

/// A collection being read.
enum Open {
    List(Vec<Value<'static>>),
    Map {
        entries: Vec<(Cow<'static, str>, Value<'static>)>,
        /// The key read, waiting for its value: `Some(None)` for a key that
        /// is left out (a list, a mapping, a value not typed).
        key: Option<Option<Cow<'static, str>>>,
        /// The entries by key, once there are more than [`FEW_KEYS`]: a
        /// hostile mapping of thousands of keys, each looked for among the
        /// others, took time in the square of their number.
        index: Option<KeyIndex>,
    },
}

/// Keys of a mapping looked for one by one.
const FEW_KEYS: usize = 16;

/// A mapping's entries by key: their places, hashed by key.
struct KeyIndex {
    table: HashTable<usize>,
    hasher: FixedState,
}

impl MarkedEventReceiver for Loader {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.event(ev, mark) {
            self.error = Some(e);
        }
    }
}

impl Loader {
    fn event(&mut self, ev: Event, mark: Marker) -> Result<(), ScanError> {
        match ev {
            Event::SequenceStart(anchor, _) => self.open.push((Open::List(Vec::new()), anchor)),
            Event::MappingStart(anchor, _) => self.open.push((
                Open::Map {
                    entries: Vec::new(),
                    key: None,
                    index: None,
                },
                anchor,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((open, anchor)) = self.open.pop() {
                    let value = match open {
                        Open::List(items) => Value::Array(items),
                        Open::Map { entries, .. } => Value::Hash(entries),
                    };
                    self.node(Some(value), anchor, mark)?;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.node(scalar(text, style, tag.as_ref()), anchor, mark)?;
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(anchor).cloned().flatten();
                self.node(node, 0, mark)?;
            }
            Event::DocumentEnd => {
                self.done = true;
                self.anchors.clear();
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart => {}
        }
        Ok(())
    }

    /// Puts a node done where it goes: into the collection open, else as
    /// the document's value.
    fn node(&mut self, node: Node, anchor: usize, mark: Marker) -> Result<(), ScanError> {
        if self.done {
            return Ok(());
        }
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor].clone_from(&node);
        }
        let Some((open, _)) = self.open.last_mut() else {
            self.doc = Some(node.unwrap_or(Value::Null));
            return Ok(());
        };
        match open {
            Open::List(items) => items.push(node.unwrap_or(Value::Null)),
            Open::Map {
                entries,
                key,
                index,
            } => match key.take() {
                None => *key = Some(node.and_then(key_text)),
                Some(None) => {}
                Some(Some(k)) => {
                    if !add_key(entries, index, &k) {
                        return Err(ScanError::new_string(
                            mark,
                            format!("{k:?}: duplicated key in mapping"),
                        ));
                    }
                    entries.push((k, node.unwrap_or(Value::Null)));
                }
            },
        }
        Ok(())
    }
}

/// Makes room in `index` for `key`, about to be pushed onto `entries`;
/// false when `entries` already has it.
fn add_key(
    entries: &[(Cow<'static, str>, Value<'static>)],
    index: &mut Option<KeyIndex>,
    key: &str,
) -> bool {
    if index.is_none() && entries.len() < FEW_KEYS {
        return !entries.iter().any(|(k, _)| k == key);
    }
    let KeyIndex { table, hasher } = index.get_or_insert_with(|| {
        let hasher = FixedState::default();
        let mut table = HashTable::with_capacity(2 * entries.len());
        for (i, (k, _)) in entries.iter().enumerate() {
            table.insert_unique(hasher.hash_one(&**k), i, |&j| {
                hasher.hash_one(&*entries[j].0)
            });
        }
        KeyIndex { table, hasher }
    });
    let hash = hasher.hash_one(key);
    if table.find(hash, |&i| entries[i].0 == key).is_some() {
        return false;
    }
    table.insert_unique(hash, entries.len(), |&j| hasher.hash_one(&*entries[j].0));
    true
}

/// The text a key node stands for; `None` for a list or a mapping.
fn key_text(node: Value<'static>) -> Option<Cow<'static, str>> {
    match node {
        Value::String(s) | Value::Integer(s) | Value::Float(s) | Value::Boolean(s) => Some(s),
        // `null: x`, `~: x`: the key as `gray_matter` names it.
        Value::Null => Some(Cow::Borrowed("null")),
        Value::Array(_) | Value::Hash(_) => None,
    }
}

/// A scalar as yaml-rust2's loader types it: quoted and block scalars are
/// strings; a plain one is typed by its tag, if it has one of YAML's own,
/// else by its text ([`Value::plain`]). `None` for text its tag refuses.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Node {
    if style != TScalarStyle::Plain {
        return Some(Value::String(Cow::Owned(text)));
    }
    let Some(tag) = tag else {
        return Some(Value::plain(Cow::Owned(text)));
    };
    if tag.handle != "tag:yaml.org,2002:" {
        return Some(Value::String(Cow::Owned(text)));
    }
    let t = Cow::Owned;
    match tag.suffix.as_str() {
        "bool" => matches!(
            text.as_str(),
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
        .then(|| Value::Boolean(t(text))),
        "int" => text.parse::<i64>().is_ok().then(|| Value::Integer(t(text))),
        "float" => is_float(&text).then(|| Value::Float(t(text))),
        "null" => matches!(text.as_str(), "~" | "null").then_some(Value::Null),
        _ => Some(Value::String(t(text))),
    }
}

/// yaml-rust2's test of a `!!float` scalar: YAML's infinities and NaN, or
/// text with a digit that Rust reads as a float.
fn is_float(v: &str) -> bool {
    matches!(
        v,
        ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
            | ".nan"
            | ".NaN"
            | ".NAN"
    ) || (v.bytes().any(|b| b.is_ascii_digit()) && v.parse::<f64>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `text` as `key: value` lines, with each scalar as
    /// `kind:text`, for comparison.
    fn read(text: &str) -> Vec<String> {
        fn show(v: &Value<'_>) -> String {
            match v {
                Value::Array(items) => {
                    format!(
                        "[{}]",
                        items.iter().map(show).collect::<Vec<_>>().join(", ")
                    )
                }
                Value::Hash(entries) => format!(
                    "{{{}}}",
                    entries
                        .iter()
                        .map(|(k, v)| format!("{k}: {}", show(v)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Value::Null => "null".into(),
                other => format!("{}:{}", other.kind(), other.text().unwrap_or_default()),
            }
        }
        match load(text) {
            Ok(Value::Hash(entries)) => entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_text() {
        let got = read(
            "arxiv_id: 2609.33620\nids: [1407.3390, 0809.0822, 007, 0x1F, 1e3, +12, .inf]\n\
             flags: [True, FALSE, yes, ~, null, '']\nquoted: \"1.50\"\nblock: |\n  1.50\n",
        );
        assert_eq!(
            got,
            [
                "arxiv_id: number:2609.33620",
                "ids: [number:1407.3390, number:0809.0822, number:007, number:0x1F, number:1e3, number:+12, number:.inf]",
                "flags: [boolean:True, boolean:FALSE, string:yes, null, null, string:]",
                "quoted: string:1.50",
                "block: string:1.50\n",
            ]
        );
    }

    #[test]
    fn tags_type_as_yaml_rust2_types_them() {
        let got = read(
            "a: !!int 007\nb: !!str 3\nc: !!float 1\nd: !!int x\ne: !!bool True\nf: !!null ~\ng: !custom 5\nh: !!float 0x1F\n",
        );
        assert_eq!(
            got,
            [
                "a: number:007",
                "b: string:3",
                "c: number:1",
                "d: null",
                "e: boolean:True",
                "f: null",
                "g: string:5",
                "h: null",
            ]
        );
    }

    #[test]
    fn keys_are_their_text() {
        let got = read("007: a\n1.10: b\nTrue: c\n~: d\n? [x, y]\n: e\nf: g\n");
        assert_eq!(
            got,
            [
                "007: string:a",
                "1.10: string:b",
                "True: string:c",
                "null: string:d",
                "f: string:g"
            ]
        );
    }

    #[test]
    fn aliases_stand_for_their_nodes() {
        let got = read("a: &v 1.50\nb: *v\nc: &l [x, 0.10]\nd: *l\n");
        assert_eq!(
            got,
            [
                "a: number:1.50",
                "b: number:1.50",
                "c: [string:x, number:0.10]",
                "d: [string:x, number:0.10]",
            ]
        );
    }

    #[test]
    fn the_first_document_is_read_and_every_one_checked() {
        assert_eq!(read("a: 1\n---\nb: 2\n"), ["a: number:1"]);
        assert!(load("a: 1\n---\nb: [\n").is_err());
        assert_eq!(load(""), Ok(Value::Null));
        assert_eq!(load("# nothing\n"), Ok(Value::Null));
        assert_eq!(
            load("- 1.0\n- x\n"),
            Ok(Value::Array(vec![
                Value::Float(Cow::Borrowed("1.0")),
                Value::String(Cow::Borrowed("x"))
            ]))
        );
    }

    /// A repeated key is an error where it is, as to yaml-rust2, also in a
    /// mapping of many keys; `"1"` and `1` are one key written twice.
    #[test]
    fn repeated_keys_are_errors() {
        let err = load("a: 1\nb: 2\na: 3\n").expect_err("a repeated key");
        assert_eq!(err.marker().line(), 3);
        assert!(err.info().contains("duplicated key"), "{err}");
        assert!(load("\"1\": a\n1: b\n").is_err());
        let many: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(load(&many).is_ok());
        let err = load(&format!("{many}k42: again\n")).expect_err("a repeated key");
        assert_eq!(err.marker().line(), 101);
        // Thousands of keys are read at once.
        let lots: String = (0..50_000).map(|i| format!("k{i}: {i}\n")).collect();
        let Ok(Value::Hash(entries)) = load(&lots) else {
            panic!("a mapping");
        };
        assert_eq!(entries.len(), 50_000);
    }
}
