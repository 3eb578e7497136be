//! A page's references packed into two buffers, for the time between
//! parsing and resolution.
//!
//! A large wiki holds millions of references at once while its pages are
//! being read: as [`Reference`]s each one is a 112-byte record plus a string
//! allocation or more, several times the size of the text it came from.
//! Packed, a reference is a tag byte and a few variable-length numbers, and
//! its strings lie back to back in one string per page. Only what the graph
//! reads is kept: the relation, the target, the note and the line (a link's
//! anchor and display text and the column are facts of the page, which the
//! graph does not draw).

use super::{LinkForm, Reference, Relation, Target};

/// The references of one page, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackedRefs {
    /// Per reference: its tag byte, its line, then the byte length of each
    /// string it has (label of a typed relation, target, note), each number
    /// in LEB128.
    meta: Box<[u8]>,
    /// The strings of every reference, back to back, in that order.
    text: Box<str>,
    /// Number of references.
    len: usize,
}

/// The relation of a packed reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationRef<'a> {
    /// A labelled connection, with the label as written.
    Typed(&'a str),
    /// A link in a connection section without a label.
    Related,
    /// A citation.
    Cites,
    /// Any other link.
    Mentions,
}

impl RelationRef<'_> {
    /// The owned relation.
    pub fn to_relation(self) -> Relation {
        match self {
            RelationRef::Typed(label) => Relation::Typed {
                label: label.to_owned(),
            },
            RelationRef::Related => Relation::Related,
            RelationRef::Cites => Relation::Cites,
            RelationRef::Mentions => Relation::Mentions,
        }
    }
}

/// The target of a packed reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetRef<'a> {
    /// A link: its page part and how it was written.
    Link {
        /// The page part (`dir/Page`).
        target: &'a str,
        /// Its syntax.
        form: LinkForm,
    },
    /// Plain text naming something.
    Text(&'a str),
    /// Plain text that is a target only where it names a page.
    Name(&'a str),
    /// An external URL.
    Url(&'a str),
}

/// One packed reference, borrowed from its [`PackedRefs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefView<'a> {
    /// The relation the page states.
    pub relation: RelationRef<'a>,
    /// What it points at.
    pub target: TargetRef<'a>,
    /// The note written with it.
    pub note: Option<&'a str>,
    /// 1-based line in the file.
    pub line: u32,
}

// The tag byte: the relation in bits 0–1, the target in bits 2–4, and
// whether a note follows in bit 5.
const TYPED: u8 = 0;
const RELATED: u8 = 1;
const CITES: u8 = 2;
const MENTIONS: u8 = 3;
const WIKI: u8 = 0 << 2;
const EMBED: u8 = 1 << 2;
const MARKDOWN: u8 = 2 << 2;
const TEXT: u8 = 3 << 2;
const URL: u8 = 4 << 2;
const MARKDOWN_BARE: u8 = 5 << 2;
const NAME: u8 = 6 << 2;
const TARGET_BITS: u8 = 7 << 2;
const NOTE: u8 = 1 << 5;

fn put_number(meta: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        meta.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    meta.push(n as u8);
}

/// Reads a number written by [`put_number`] at `*at`, moving past it.
fn number(meta: &[u8], at: &mut usize) -> usize {
    let mut n = 0usize;
    let mut shift = 0;
    while let Some(&b) = meta.get(*at) {
        *at += 1;
        n |= usize::from(b & 0x7f).wrapping_shl(shift);
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

/// The strings of a reference that are kept, in their packed order: the
/// label of a typed relation, the target, the note.
fn strings(r: &Reference) -> [Option<&str>; 3] {
    let label = match &r.relation {
        Relation::Typed { label } => Some(label.as_str()),
        _ => None,
    };
    let target = match &r.target {
        Target::Link(l) => l.target.as_str(),
        Target::Text(t) | Target::Url(t) | Target::Name(t) => t.as_str(),
    };
    [label, Some(target), r.note.as_deref()]
}

impl PackedRefs {
    /// Packs references, keeping their order.
    pub fn new(refs: &[Reference]) -> Self {
        // Both buffers are made at their final size.
        let text_len = refs.iter().flat_map(strings).flatten().map(str::len).sum();
        let mut text = String::with_capacity(text_len);
        let mut meta = Vec::with_capacity(refs.len() * 4);
        for r in refs {
            let relation = match r.relation {
                Relation::Typed { .. } => TYPED,
                Relation::Related => RELATED,
                Relation::Cites => CITES,
                Relation::Mentions => MENTIONS,
            };
            let target = match &r.target {
                Target::Link(l) => match l.form {
                    LinkForm::Wiki => WIKI,
                    LinkForm::Embed => EMBED,
                    LinkForm::Markdown => MARKDOWN,
                    LinkForm::MarkdownBare => MARKDOWN_BARE,
                },
                Target::Text(_) => TEXT,
                Target::Url(_) => URL,
                Target::Name(_) => NAME,
            };
            let note = if r.note.is_some() { NOTE } else { 0 };
            meta.push(relation | target | note);
            put_number(&mut meta, r.line as usize);
            for s in strings(r).into_iter().flatten() {
                put_number(&mut meta, s.len());
                text.push_str(s);
            }
        }
        PackedRefs {
            meta: meta.into_boxed_slice(),
            text: text.into_boxed_str(),
            len: refs.len(),
        }
    }

    /// Number of references.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the page has no reference.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The references in the order written.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            refs: self,
            meta_at: 0,
            text_at: 0,
            left: self.len,
        }
    }
}

impl<'a> IntoIterator for &'a PackedRefs {
    type Item = RefView<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The references of a [`PackedRefs`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    refs: &'a PackedRefs,
    meta_at: usize,
    text_at: usize,
    left: usize,
}

impl<'a> Iter<'a> {
    /// The next string, whose length is the next number.
    fn string(&mut self) -> &'a str {
        let len = number(&self.refs.meta, &mut self.meta_at);
        let start = self.text_at;
        self.text_at += len;
        // Lengths were taken from whole strings, so the slice falls on
        // character boundaries.
        self.refs.text.get(start..self.text_at).unwrap_or("")
    }
}

impl<'a> Iterator for Iter<'a> {
    type Item = RefView<'a>;

    fn next(&mut self) -> Option<RefView<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let meta = &self.refs.meta;
        let tag = *meta.get(self.meta_at)?;
        self.meta_at += 1;
        let line = number(meta, &mut self.meta_at) as u32;
        let relation = match tag & 3 {
            TYPED => RelationRef::Typed(self.string()),
            RELATED => RelationRef::Related,
            CITES => RelationRef::Cites,
            _ => RelationRef::Mentions,
        };
        let text = self.string();
        let target = match tag & TARGET_BITS {
            WIKI => TargetRef::Link {
                target: text,
                form: LinkForm::Wiki,
            },
            EMBED => TargetRef::Link {
                target: text,
                form: LinkForm::Embed,
            },
            MARKDOWN => TargetRef::Link {
                target: text,
                form: LinkForm::Markdown,
            },
            MARKDOWN_BARE => TargetRef::Link {
                target: text,
                form: LinkForm::MarkdownBare,
            },
            TEXT => TargetRef::Text(text),
            NAME => TargetRef::Name(text),
            _ => TargetRef::Url(text),
        };
        let note = (tag & NOTE != 0).then(|| self.string());
        Some(RefView {
            relation,
            target,
            note,
            line,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Link;
    use proptest::prelude::*;

    /// What packing keeps of a reference, owned.
    fn kept(r: &Reference) -> (Relation, String, Option<LinkForm>, Option<String>, u32) {
        let (target, form) = match &r.target {
            Target::Link(l) => (l.target.clone(), Some(l.form)),
            Target::Text(t) => (format!("text:{t}"), None),
            Target::Name(t) => (format!("name:{t}"), None),
            Target::Url(u) => (format!("url:{u}"), None),
        };
        (
            r.relation.clone(),
            target,
            form,
            r.note.as_deref().map(str::to_owned),
            r.line,
        )
    }

    fn unpacked(v: RefView<'_>) -> (Relation, String, Option<LinkForm>, Option<String>, u32) {
        let (target, form) = match v.target {
            TargetRef::Link { target, form } => (target.to_owned(), Some(form)),
            TargetRef::Text(t) => (format!("text:{t}"), None),
            TargetRef::Name(t) => (format!("name:{t}"), None),
            TargetRef::Url(u) => (format!("url:{u}"), None),
        };
        (
            v.relation.to_relation(),
            target,
            form,
            v.note.map(str::to_owned),
            v.line,
        )
    }

    fn reference() -> impl Strategy<Value = Reference> {
        let relation = prop_oneof![
            "[\\PC]{0,12}".prop_map(|label| Relation::Typed { label }),
            Just(Relation::Related),
            Just(Relation::Cites),
            Just(Relation::Mentions),
        ];
        let form = prop_oneof![
            Just(LinkForm::Wiki),
            Just(LinkForm::Embed),
            Just(LinkForm::Markdown),
            Just(LinkForm::MarkdownBare)
        ];
        let target = prop_oneof![
            ("[\\PC]{0,20}", form, proptest::option::of("[a-z]{0,4}")).prop_map(
                |(target, form, anchor)| Target::Link(Link {
                    target,
                    anchor: anchor.map(Into::into),
                    display: None,
                    form,
                })
            ),
            "[\\PC]{0,20}".prop_map(Target::Text),
            "[\\PC]{0,20}".prop_map(Target::Name),
            "[\\PC]{0,20}".prop_map(Target::Url),
        ];
        // Long strings and large lines take more than one byte per number.
        let note = proptest::option::of(prop_oneof!["[\\PC]{0,8}", "[a-z]{120,300}"]);
        (relation, target, note, any::<u32>(), any::<u32>()).prop_map(
            |(relation, target, note, line, column)| Reference {
                relation,
                target,
                note: note.map(String::into_boxed_str),
                line,
                column,
            },
        )
    }

    proptest! {
        #[test]
        fn packing_keeps_what_the_graph_reads(refs in prop::collection::vec(reference(), 0..12)) {
            let packed = PackedRefs::new(&refs);
            prop_assert_eq!(packed.len(), refs.len());
            prop_assert_eq!(packed.iter().len(), refs.len());
            let back: Vec<_> = packed.iter().map(unpacked).collect();
            let want: Vec<_> = refs.iter().map(kept).collect();
            prop_assert_eq!(back, want);
        }
    }

    #[test]
    fn an_empty_page_packs_to_nothing() {
        let p = PackedRefs::new(&[]);
        assert!(p.is_empty());
        assert_eq!(p.iter().next(), None);
    }
}
