//! The relation vocabulary: relation keys, the labels that spell them, their
//! inverses and which are symmetric. Unknown labels are never dropped: their
//! key is the folded label, and the audit lists them.

use crate::text::relation_key;
use std::collections::{BTreeMap, HashMap};

/// What the vocabulary knows about one relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationInfo {
    /// The relation key (`flows_to`).
    pub key: String,
    /// The key of the inverse relation, if it has one (`flows_from`).
    pub inverse: Option<String>,
    /// True when `A rel B` implies `B rel A` (`complements`).
    pub symmetric: bool,
    /// A colour for diagrams (any Graphviz colour), if set.
    pub color: Option<String>,
}

/// A relation as a configuration file describes it: every field but the key
/// is optional and, when absent, leaves what the vocabulary already knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationSpec {
    /// The relation key (already folded: `flows_to`).
    pub key: String,
    /// Label spellings that name this relation (`Compliments`, `feeds`).
    pub labels: Vec<String>,
    /// The key of the inverse relation.
    pub inverse: Option<String>,
    /// Whether the relation holds both ways.
    pub symmetric: Option<bool>,
    /// A Graphviz colour for diagrams.
    pub color: Option<String>,
}

/// Relation keys and their properties.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    relations: BTreeMap<String, RelationInfo>,
    /// Folded label → key, for label variants that name another key.
    variants: HashMap<String, String>,
}

/// Relations every wiki of this family uses: (key, inverse).
const DIRECTED: &[(&str, &str)] = &[
    ("flows_to", "flows_from"),
    ("part_of", "contains"),
    ("depends_on", "dependency_of"),
    ("builds_on", "built_on_by"),
    ("supports", "supported_by"),
    ("cites", "cited_by"),
    ("mentions", "mentioned_by"),
    ("owned_by", "owns"),
    ("enables", "enabled_by"),
    ("requires", "required_by"),
    ("uses", "used_by"),
    ("extends", "extended_by"),
    ("implements", "implemented_by"),
    ("instance_of", "has_instance"),
    ("subtype_of", "supertype_of"),
    ("causes", "caused_by"),
    ("precedes", "follows"),
    ("mitigates", "mitigated_by"),
    ("influences", "influenced_by"),
    ("derived_from", "derives"),
    ("measured_by", "measures"),
    ("governed_by", "governs"),
    ("enforced_by", "enforces"),
    ("affects", "affected_by"),
    ("leads_to", "led_to_by"),
    ("prerequisite_for", "has_prerequisite"),
    ("defends_against", "defended_by"),
    ("addressed_by", "addresses"),
    ("replaced_by", "replaces"),
    ("parent_of", "child_of"),
    // Navigation keys of frontmatter and Dataview: `up:: [[x]]` says x is
    // above this page, `parent: [[x]]` that x is its parent.
    ("up", "down"),
    ("parent", "child"),
    ("next", "previous"),
    ("supersedes", "superseded_by"),
    ("blocks", "blocked_by"),
];

/// True when `key` (a folded relation key) is a built-in relation, one of
/// its inverses or a known variant of one.
pub fn is_builtin_key(key: &str) -> bool {
    DIRECTED.iter().any(|(k, inv)| *k == key || *inv == key)
        || SYMMETRIC.contains(&key)
        || VARIANTS.iter().any(|(v, _)| *v == key)
}

/// Relations that hold both ways.
const SYMMETRIC: &[&str] = &[
    "complements",
    "compared_to",
    "similar_to",
    "competes_with",
    "contradicts",
    "related",
    "related_to",
    "see_also",
    "cross_references",
    "combines_with",
    "integrates_with",
    "interacts_with",
    "overlaps_with",
    "distinct_from",
    "alternative_to",
    "partners_with",
    "contrasts_with",
];

/// Labels that name a relation of another key: a `- **Sources**: [[x]]`
/// bullet under Connections is a citation.
const VARIANTS: &[(&str, &str)] = &[
    ("source", "cites"),
    ("sources", "cites"),
    ("citations", "cites"),
    ("references", "cites"),
    ("refs", "cites"),
    ("来源", "cites"),
    ("來源", "cites"),
    ("出处", "cites"),
    ("参考文献", "cites"),
    ("出典", "cites"),
    ("출처", "cites"),
    ("cited_in", "cited_by"),
    ("dependency", "depends_on"),
    ("dependencies", "depends_on"),
    ("dependents", "dependency_of"),
    ("depended_on_by", "dependency_of"),
    ("depended_upon_by", "dependency_of"),
    ("prerequisite", "has_prerequisite"),
    ("prerequisites", "has_prerequisite"),
    ("parents", "parent"),
    ("children", "parent_of"),
    ("prev", "previous"),
    // `see also` and `related` as other languages write them (the headings
    // that open connection sections say the same): `**Voir aussi** : [[x]]`
    // is the relation `see_also` that `See also: [[x]]` is.
    ("siehe_auch", "see_also"),
    ("voir_aussi", "see_also"),
    ("véase_también", "see_also"),
    ("ver_también", "see_also"),
    ("ver_também", "see_also"),
    ("veja_também", "see_also"),
    ("vedi_anche", "see_also"),
    ("zie_ook", "see_also"),
    ("se_även", "see_also"),
    ("se_også", "see_also"),
    ("zobacz_też", "see_also"),
    ("zobacz_także", "see_also"),
    ("xem_thêm", "see_also"),
    ("lihat_juga", "see_also"),
    ("viz_také", "see_also"),
    ("katso_myös", "see_also"),
    ("см_также", "see_also"),
    ("смотрите_также", "see_also"),
    ("参见", "see_also"),
    ("參見", "see_also"),
    ("另见", "see_also"),
    ("같이_보기", "see_also"),
    ("relacionado", "related"),
    ("relacionados", "related"),
    ("relacionadas", "related"),
    ("relacionado_con", "related_to"),
    ("relacionado_com", "related_to"),
    ("verwandt", "related"),
    ("verwandt_mit", "related_to"),
    ("lié_à", "related_to"),
    ("liée_à", "related_to"),
    ("correlati", "related"),
    ("связанные", "related"),
    ("связано_с", "related_to"),
    ("powiązane", "related"),
    ("liên_quan", "related"),
    ("terkait", "related"),
    ("ilgili", "related"),
    ("i\u{307}lgili", "related"),
    ("相关", "related"),
    ("相關", "related"),
    ("関連", "related"),
    ("관련", "related"),
];

impl Default for Vocabulary {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Vocabulary {
    /// The built-in vocabulary.
    pub fn builtin() -> Self {
        let mut v = Vocabulary {
            relations: BTreeMap::new(),
            variants: HashMap::new(),
        };
        for (key, inv) in DIRECTED {
            v.insert(key, Some(inv), false);
            v.insert(inv, Some(key), false);
        }
        for key in SYMMETRIC {
            v.insert(key, None, true);
        }
        for (label, key) in VARIANTS {
            v.add_variant(label, key);
        }
        v
    }

    fn insert(&mut self, key: &str, inverse: Option<&str>, symmetric: bool) {
        self.relations.insert(
            key.to_owned(),
            RelationInfo {
                key: key.to_owned(),
                inverse: inverse.map(str::to_owned),
                symmetric,
                color: None,
            },
        );
    }

    /// Adds or replaces a relation.
    pub fn define(&mut self, info: RelationInfo) {
        if let Some(inv) = &info.inverse
            && !self.relations.contains_key(inv)
        {
            self.insert(inv, Some(&info.key), false);
        }
        self.relations.insert(info.key.clone(), info);
    }

    /// Makes `label` (any spelling) name the relation `key`.
    pub fn add_variant(&mut self, label: &str, key: &str) {
        self.variants.insert(relation_key(label), key.to_owned());
    }

    /// Applies a configured relation: creates it when unknown, overrides the
    /// properties the spec sets, and makes its labels name it. Setting an
    /// inverse makes the inverse point back; a symmetric relation has no
    /// inverse.
    pub fn configure(&mut self, spec: &RelationSpec) {
        let mut info = self.get(&spec.key).cloned().unwrap_or(RelationInfo {
            key: spec.key.clone(),
            inverse: None,
            symmetric: false,
            color: None,
        });
        if let Some(symmetric) = spec.symmetric {
            info.symmetric = symmetric;
            if symmetric {
                info.inverse = None;
            }
        }
        if let Some(inv) = &spec.inverse {
            info.inverse = Some(inv.clone());
            info.symmetric = false;
            let mut back = self.get(inv).cloned().unwrap_or(RelationInfo {
                key: inv.clone(),
                inverse: None,
                symmetric: false,
                color: None,
            });
            back.inverse = Some(spec.key.clone());
            back.symmetric = false;
            self.relations.insert(inv.clone(), back);
        }
        if spec.color.is_some() {
            info.color.clone_from(&spec.color);
        }
        self.relations.insert(spec.key.clone(), info);
        for label in &spec.labels {
            self.add_variant(label, &spec.key);
        }
    }

    /// The relation key for a label as written.
    pub fn key_for(&self, label: &str) -> String {
        let folded = relation_key(label);
        match self.variants.get(&folded) {
            Some(k) => k.clone(),
            None => folded,
        }
    }

    /// The relation's properties, when it is known.
    pub fn get(&self, key: &str) -> Option<&RelationInfo> {
        self.relations.get(key)
    }

    /// True when the key is in the vocabulary.
    pub fn is_known(&self, key: &str) -> bool {
        self.relations.contains_key(key)
    }

    /// True when the relation holds both ways.
    pub fn is_symmetric(&self, key: &str) -> bool {
        self.get(key).is_some_and(|r| r.symmetric)
    }

    /// Every known relation, by key.
    pub fn relations(&self) -> impl Iterator<Item = &RelationInfo> {
        self.relations.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_labels_are_citations() {
        let v = Vocabulary::builtin();
        for label in [
            "Sources",
            "source",
            "References",
            "Citations",
            "来源",
            "出典",
            "출처",
        ] {
            assert_eq!(v.key_for(label), "cites", "{label}");
        }
        assert_eq!(v.key_for("Cited in"), "cited_by");
        assert_eq!(v.key_for("Sourced from"), "sourced_from");
    }

    #[test]
    fn other_languages_say_see_also_and_related() {
        let v = Vocabulary::builtin();
        for label in [
            "Voir aussi",
            "Siehe auch",
            "Véase también",
            "См. также",
            "参见",
        ] {
            assert_eq!(v.key_for(label), "see_also", "{label}");
        }
        for label in ["Relacionados", "Связанные", "関連"] {
            assert_eq!(v.key_for(label), "related", "{label}");
        }
        assert_eq!(v.key_for("Relacionado con"), "related_to");
    }

    #[test]
    fn variants_are_written_as_keys() {
        // `is_builtin_key` compares keys with them as written.
        for (variant, key) in VARIANTS {
            assert_eq!(relation_key(variant), *variant);
            assert!(is_builtin_key(key) && is_builtin_key(variant), "{variant}");
        }
    }

    #[test]
    fn navigation_keys_are_known() {
        let v = Vocabulary::builtin();
        for (label, key, inverse) in [
            ("up", "up", "down"),
            ("Parent", "parent", "child"),
            ("Supersedes", "supersedes", "superseded_by"),
            ("Prerequisites", "has_prerequisite", "prerequisite_for"),
            ("children", "parent_of", "child_of"),
        ] {
            assert_eq!(v.key_for(label), key, "{label}");
            assert_eq!(
                v.get(key).and_then(|r| r.inverse.as_deref()),
                Some(inverse),
                "{label}"
            );
        }
    }

    #[test]
    fn builtin_knows_inverses_and_symmetry() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.get("flows_to").and_then(|r| r.inverse.as_deref()),
            Some("flows_from")
        );
        assert_eq!(
            v.get("contains").and_then(|r| r.inverse.as_deref()),
            Some("part_of")
        );
        assert!(v.is_symmetric("complements"));
        assert!(!v.is_symmetric("flows_to"));
        assert!(!v.is_known("is_used_by"));
    }

    #[test]
    fn variants_rename_labels() {
        let mut v = Vocabulary::builtin();
        assert_eq!(v.key_for("Combined With"), "combined_with");
        v.add_variant("combined with", "combines_with");
        assert_eq!(v.key_for("Combined With"), "combines_with");
        assert_eq!(v.key_for("Flows to"), "flows_to");
        // Built in: what depends on a page is its dependency's inverse (the
        // nearest spelling, `defended_by`, means something else).
        assert_eq!(v.key_for("Depended on by"), "dependency_of");
        assert_eq!(v.key_for("Dependents"), "dependency_of");
        assert_eq!(v.key_for("Dependencies"), "depends_on");
        assert_eq!(v.key_for("Dependency"), "depends_on");
    }

    #[test]
    fn configure_renames_defines_and_pairs_inverses() {
        let mut v = Vocabulary::builtin();
        v.configure(&RelationSpec {
            key: "complements".into(),
            labels: vec!["Compliments".into()],
            color: Some("#16a34a".into()),
            ..Default::default()
        });
        assert_eq!(v.key_for("compliments"), "complements");
        // What the spec leaves out stays as it was.
        assert!(v.is_symmetric("complements"));
        assert_eq!(
            v.get("complements").and_then(|r| r.color.as_deref()),
            Some("#16a34a")
        );

        v.configure(&RelationSpec {
            key: "parent_company".into(),
            inverse: Some("subsidiary".into()),
            ..Default::default()
        });
        assert!(v.is_known("parent_company"));
        assert_eq!(
            v.get("subsidiary").and_then(|r| r.inverse.as_deref()),
            Some("parent_company")
        );

        // Making a directed relation symmetric drops its inverse.
        v.configure(&RelationSpec {
            key: "uses".into(),
            symmetric: Some(true),
            ..Default::default()
        });
        assert!(v.is_symmetric("uses"));
        assert_eq!(v.get("uses").and_then(|r| r.inverse.as_deref()), None);
    }
}
