//! A frontmatter value: YAML's data model, as `gray_matter`'s `Pod` holds
//! it, with strings borrowed from the page's text wherever the fast reader
//! ([`super::simple_yaml`]) found them written as they read. Facts are read
//! from this one type whichever parser read the block, and a typical page's
//! frontmatter is read without a string copied for each value (copies were
//! a fifth of all allocations of `check` on a real wiki).

use gray_matter::Pod;
use std::borrow::Cow;

/// One frontmatter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `~`, `null` or nothing.
    Null,
    /// Text.
    String(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// Any other number.
    Float(f64),
    /// `true` or `false`.
    Boolean(bool),
    /// A list.
    Array(Vec<Value<'a>>),
    /// A mapping. Its keys are unique and in no particular order: readers
    /// look keys up, or sort them.
    Hash(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
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

    /// The value of `key` in a mapping; `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Hash(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The same value as `gray_matter` has it (what the property tests
    /// compare with the full YAML parser).
    #[cfg(test)]
    pub fn to_pod(&self) -> Pod {
        match self {
            Value::Null => Pod::Null,
            Value::String(s) => Pod::String(s.clone().into_owned()),
            Value::Integer(i) => Pod::Integer(*i),
            Value::Float(f) => Pod::Float(*f),
            Value::Boolean(b) => Pod::Boolean(*b),
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

impl From<Pod> for Value<'static> {
    /// A value read by `gray_matter` (TOML, JSON, or YAML outside the fast
    /// reader's subset), its strings owned.
    fn from(pod: Pod) -> Self {
        match pod {
            Pod::Null => Value::Null,
            Pod::String(s) => Value::String(Cow::Owned(s)),
            Pod::Integer(i) => Value::Integer(i),
            Pod::Float(f) => Value::Float(f),
            Pod::Boolean(b) => Value::Boolean(b),
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
            items[3].get("target"),
            Some(&Value::String(Cow::Borrowed("x")))
        );
        assert_eq!(items[3].get("type"), None);
        assert_eq!(items[1].get("target"), None);
        assert_eq!(
            items.iter().map(Value::kind).collect::<Vec<_>>(),
            ["null", "number", "boolean", "mapping"]
        );
    }
}
