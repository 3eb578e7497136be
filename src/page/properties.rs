//! A page's other frontmatter keys, kept as written.

use serde::{Serialize, Serializer};

/// Frontmatter keys that wikigraph does not read itself, each with its
/// value as text (a list of scalars joined with `, `), sorted by key, each
/// key once. A sorted list rather than a `BTreeMap`: most pages have one to
/// three, and a map's first node alone is 544 bytes (5 MB of a 13,000-page
/// wiki's memory went to them). Keys arrive sorted from the frontmatter,
/// so adding one is a push at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties(Vec<(String, String)>);

impl Properties {
    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        // Most keys come in order: the last place is looked at first.
        if self.0.last().is_none_or(|(last, _)| *last < key) {
            self.0.push((key, value));
            return None;
        }
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&key)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The keys and values, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Serialize for Properties {
    /// A map, keys in order: as a `BTreeMap` of the same keys is written.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    proptest::proptest! {
        /// Whatever the order keys come in, the properties hold what a
        /// `BTreeMap` would, in its order, and are written as it is.
        #[test]
        fn properties_are_a_sorted_map(
            pairs in proptest::collection::vec(("[a-d]{0,2}", "[x-z]{0,2}"), 0..20),
        ) {
            let mut props = Properties::default();
            let mut map = BTreeMap::new();
            for (k, v) in &pairs {
                proptest::prop_assert_eq!(
                    props.insert(k.clone(), v.clone()),
                    map.insert(k.clone(), v.clone())
                );
            }
            proptest::prop_assert_eq!(props.iter().collect::<Vec<_>>(), map.iter().collect::<Vec<_>>());
            proptest::prop_assert_eq!(props.len(), map.len());
            for k in ["", "a", "ab", "dd", "e"] {
                proptest::prop_assert_eq!(props.get(k), map.get(k));
            }
            proptest::prop_assert_eq!(
                serde_json::to_string(&props).unwrap(),
                serde_json::to_string(&map).unwrap()
            );
        }
    }
}
