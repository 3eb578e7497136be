//! A frontmatter value: YAML's data model, as `gray_matter`'s `Pod` holds
//! it, except that numbers and booleans keep the text they are written
//! with (`arxiv_id: 2609.33620` is that id, not the number 2609.3362;
//! `aliases: [007]` is the alias `007`). Strings are borrowed from the
//! page's text wherever the fast reader ([`super::simple_yaml`]) found them
//! written as they read. Facts are read from this one type whichever parser
//! read the block, and a typical page's frontmatter is read without a
//! string copied for each value (copies were a fifth of all allocations of
//! `check` on a real wiki).

use gray_matter::Pod;
use std::borrow::Cow;
use yaml_rust2::Yaml;

/// One frontmatter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `~`, `null` or nothing.
    Null,
    /// Text.
    String(Cow<'a, str>),
    /// A whole number, as written (`007`, `0x1F`, `+12`).
    Integer(Cow<'a, str>),
    /// Any other number, as written (`2609.33620`, `1e3`, `.inf`).
    Float(Cow<'a, str>),
    /// `true` or `false`, as written (`True`, `FALSE`).
    Boolean(Cow<'a, str>),
    /// A list.
    Array(Vec<Value<'a>>),
    /// A mapping. Its keys are unique and in no particular order: readers
    /// look keys up, or sort them.
    Hash(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// A plain (unquoted) scalar, typed as yaml-rust2 types it
    /// (`Yaml::from_str`: YAML 1.2's core schema), with its text kept.
    pub fn plain(text: Cow<'a, str>) -> Self {
        if !needs_typing(&text) {
            return Value::String(text);
        }
        match Yaml::from_str(&text) {
            Yaml::Null => Value::Null,
            Yaml::Boolean(_) => Value::Boolean(text),
            Yaml::Integer(_) => Value::Integer(text),
            Yaml::Real(_) => Value::Float(text),
            _ => Value::String(text),
        }
    }

    /// The text of a scalar as written (after YAML unquoting); `None` for
    /// null, a list or a mapping.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Integer(s) | Value::Float(s) | Value::Boolean(s) => Some(s),
            Value::Null | Value::Array(_) | Value::Hash(_) => None,
        }
    }

    /// What kind of value this is, in words for a diagnostic.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::String(_) => "string",
            Value::Integer(_) | Value::Float(_) => "number",
            Value::Boolean(_) => "boolean",
            Value::Array(_) => "list",
            Value::Hash(_) => "mapping",
        }
    }

    /// The same value as `gray_matter` has it (what the property tests
    /// compare with the full YAML parser).
    #[cfg(test)]
    pub fn to_pod(&self) -> Pod {
        match self {
            Value::Null => Pod::Null,
            Value::String(s) => Pod::String(s.clone().into_owned()),
            // As `gray_matter` converts yaml-rust2's values: a float from
            // its text (0 where Rust reads none, as for `.inf`).
            Value::Integer(t) => match Yaml::from_str(t) {
                Yaml::Integer(i) => Pod::Integer(i),
                _ => Pod::Integer(t.parse().unwrap_or(0)),
            },
            Value::Float(t) => Pod::Float(t.parse().unwrap_or(0.0)),
            Value::Boolean(t) => Pod::Boolean(matches!(Yaml::from_str(t), Yaml::Boolean(true))),
            Value::Array(items) => Pod::Array(items.iter().map(Value::to_pod).collect()),
            Value::Hash(entries) => Pod::Hash(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone().into_owned(), v.to_pod()))
                    .collect(),
            ),
        }
    }
}

/// False for text that `Yaml::from_str` reads as a string whatever it
/// holds: text that starts with a letter or `_` and is not one of the words
/// YAML reads as null or a boolean (no integer starts with a letter, and
/// the only floats that do, `inf` and `nan`, are strings to yaml-rust2,
/// which reads a float only where there is a digit); and text whose
/// leading digits are followed by a `-`, as dates are (`2026-04-06`): no
/// integer or float goes on from its first digits with a `-`.
pub(super) fn needs_typing(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => matches!(
            s,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ),
        Some(c) if c.is_ascii_digit() => s.bytes().find(|b| !b.is_ascii_digit()) != Some(b'-'),
        _ => true,
    }
}

impl From<Pod> for Value<'static> {
    /// A value read by `gray_matter` (TOML or JSON), its strings owned.
    /// Their numbers are typed by the syntax and come as numbers, so their
    /// text is the number's (`1.50` is `1.5`).
    fn from(pod: Pod) -> Self {
        match pod {
            Pod::Null => Value::Null,
            Pod::String(s) => Value::String(Cow::Owned(s)),
            Pod::Integer(i) => Value::Integer(Cow::Owned(i.to_string())),
            Pod::Float(f) => Value::Float(Cow::Owned(f.to_string())),
            Pod::Boolean(b) => Value::Boolean(Cow::Borrowed(if b { "true" } else { "false" })),
            Pod::Array(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            Pod::Hash(map) => Value::Hash(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_are_typed_with_their_text() {
        let b = |s| Cow::Borrowed(s);
        for (text, value) in [
            ("2609.33620", Value::Float(b("2609.33620"))),
            ("007", Value::Integer(b("007"))),
            ("0x1F", Value::Integer(b("0x1F"))),
            ("True", Value::Boolean(b("True"))),
            ("~", Value::Null),
            ("yes", Value::String(b("yes"))),
            ("2024-01-05", Value::String(b("2024-01-05"))),
        ] {
            let read = Value::plain(b(text));
            assert_eq!(read, value, "{text}");
            assert_eq!(read.text(), (read != Value::Null).then_some(text));
        }
    }

    #[test]
    fn pods_come_and_go_unchanged() {
        let mut map = std::collections::HashMap::new();
        map.insert("target".to_owned(), Pod::String("x".into()));
        map.insert("n".to_owned(), Pod::Integer(3));
        let pod = Pod::Array(vec![
            Pod::Null,
            Pod::Float(1.5),
            Pod::Boolean(true),
            Pod::Hash(map),
        ]);
        let value = Value::from(pod.clone());
        assert_eq!(value.to_pod(), pod);
        let Value::Array(items) = &value else {
            panic!("a list stays a list: {value:?}");
        };
        assert_eq!(
            items.iter().map(Value::kind).collect::<Vec<_>>(),
            ["null", "number", "boolean", "mapping"]
        );
    }
}
