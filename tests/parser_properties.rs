//! Property tests of the page parser: it never panics, it never loses a
//! link, it does not care about line endings, and connection bullets written
//! from random parts parse back to those parts.

use proptest::prelude::*;
use wikigraph::page::{Page, ParseOptions, Relation, Target, parse};

/// Fragments that stress the markdown scanner when strung together.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[[".to_owned()),
        Just("]]".to_owned()),
        Just("[".to_owned()),
        Just("](".to_owned()),
        Just(")".to_owned()),
        Just("|".to_owned()),
        Just("\\|".to_owned()),
        Just("#".to_owned()),
        Just("#^".to_owned()),
        Just("`".to_owned()),
        Just("```".to_owned()),
        Just("~~~".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("\n".to_owned()),
        Just("\n- ".to_owned()),
        Just("\n1. ".to_owned()),
        Just("\n    ".to_owned()),
        Just("\n## Connections\n".to_owned()),
        Just("\n## Sources\n".to_owned()),
        Just("\n## Aliases\n".to_owned()),
        Just("---\n".to_owned()),
        Just("**".to_owned()),
        Just("__".to_owned()),
        Just(": ".to_owned()),
        Just("::".to_owned()),
        Just("(".to_owned()),
        Just(", ".to_owned()),
        Just("; ".to_owned()),
        Just(" + ".to_owned()),
        Just(" — ".to_owned()),
        Just(" via ".to_owned()),
        Just("[Source: ".to_owned()),
        Just(".md".to_owned()),
        Just("https://x.org/a".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("\r".to_owned()),
        Just("\t".to_owned()),
        "[a-zA-Z0-9 ]{1,8}",
        "[\u{4e00}-\u{4e20}\u{0300}\u{200f}é]{1,3}",
    ]
}

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..60).prop_map(|t| t.concat())
}

fn name() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{1,6}( [A-Z][a-z]{1,5})?"
}

fn words() -> impl Strategy<Value = String> {
    "[a-z]{2,7}( [a-z]{2,7}){0,3}"
}

fn opts() -> ParseOptions {
    ParseOptions::default()
}

fn link_targets(p: &Page) -> Vec<String> {
    p.refs
        .iter()
        .filter_map(|r| match &r.target {
            Target::Link(l) => Some(l.target.clone()),
            _ => None,
        })
        .collect()
}

/// 2000 cases, or as many as `PROPTEST_CASES` asks for.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    // PROPTEST_CASES runs more for a longer hunt; CI runs 2000.
    #![proptest_config(ProptestConfig { cases: cases(), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let p = parse(&text, &opts());
        for r in &p.refs {
            prop_assert!(r.line >= 1);
        }
    }

    #[test]
    fn markdownish_text_never_panics(text in markdownish()) {
        let p = parse(&text, &opts());
        let lines = text.split(['\n', '\r']).count() as u32 + 1;
        for r in &p.refs {
            prop_assert!(r.line >= 1 && r.line <= lines, "line {} of {}", r.line, lines);
        }
        for d in &p.diagnostics {
            prop_assert!(d.line.is_none_or(|l| l >= 1 && l <= lines));
        }
    }

    #[test]
    fn line_endings_do_not_matter(text in markdownish()) {
        let text = text.replace('\r', "");
        let lf = parse(&text, &opts());
        prop_assert_eq!(&lf, &parse(&text.replace('\n', "\r\n"), &opts()));
        prop_assert_eq!(&lf, &parse(&text.replace('\n', "\r"), &opts()));
    }

    /// Every `[[x]]` written outside code becomes a reference to `x`; the ones
    /// inside code, inline code and comments do not.
    #[test]
    fn every_link_outside_code_is_kept(
        parts in prop::collection::vec((name(), 0u8..5, words()), 1..20)
    ) {
        let mut text = String::from("---\ntitle: T\n---\n");
        let mut expected = Vec::new();
        for (target, place, prose) in &parts {
            match place {
                0 => { text.push_str(&format!("{prose} [[{target}]] {prose}\n")); expected.push(target.clone()); }
                1 => { text.push_str(&format!("- {prose} [[{target}|{prose}]]\n")); expected.push(target.clone()); }
                2 => text.push_str(&format!("```\n[[{target}]]\n```\n")),
                3 => text.push_str(&format!("{prose} `[[{target}]]` <!-- [[{target}]] -->\n")),
                _ => { text.push_str(&format!("## Connections\n- **{prose}**: [[{target}]] ({prose})\n## Notes\n")); expected.push(target.clone()); }
            }
        }
        let p = parse(&text, &opts());
        prop_assert_eq!(link_targets(&p), expected);
    }

    /// `- **Label**: [[A]] (note), [[B]] (note) via x` and its other spellings
    /// parse back to the label, targets and notes they were written from.
    #[test]
    fn connection_bullets_round_trip(
        label in "[A-Z][a-z]{2,8}( [a-z]{2,6}){0,2}",
        targets in prop::collection::vec((name(), prop::option::of(words())), 1..6),
        style in 0u8..4,
        sep in prop::sample::select(vec![", ", "; ", " + "]),
        via in prop::option::of(words()),
    ) {
        let head = match style {
            0 => format!("**{label}**:"),
            1 => format!("**{label}:**"),
            2 => format!("__{label}__:"),
            _ => format!("{label}:"),
        };
        let items: Vec<String> = targets
            .iter()
            .map(|(t, n)| match n {
                Some(n) => format!("[[{t}]] ({n})"),
                None => format!("[[{t}]]"),
            })
            .collect();
        let mut line = format!("- {head} {}", items.join(sep));
        if let Some(v) = &via {
            line.push_str(&format!(" via {v}"));
        }
        let text = format!("## Connections\n{line}\n");
        let p = parse(&text, &opts());
        prop_assert_eq!(p.refs.len(), targets.len(), "{}", text);
        // A trailing note after bare targets is about all of them; once an
        // earlier target has a note of its own, it is the last one's.
        let bare = targets[..targets.len() - 1].iter().all(|(_, n)| n.is_none());
        for (i, (r, (t, n))) in p.refs.iter().zip(&targets).enumerate() {
            prop_assert_eq!(&r.relation, &Relation::Typed { label: label.clone() });
            let Target::Link(l) = &r.target else { panic!("link expected") };
            prop_assert_eq!(&l.target, t);
            let mut want: Vec<String> = n.iter().cloned().collect();
            if (bare || i + 1 == targets.len()) && let Some(v) = &via {
                want.push(v.clone());
            }
            let want = (!want.is_empty()).then(|| want.join("; "));
            prop_assert_eq!(r.note.as_deref(), want.as_deref(), "{}", text);
        }
    }
}
