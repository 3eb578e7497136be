//! Whole-page tests: the seed page's structure and how sections interact.

use super::*;

fn render(page: &Page) -> Vec<String> {
    page.refs
        .iter()
        .map(|r| {
            let target = match &r.target {
                Target::Link(l) => format!("[[{}]]", l.target),
                Target::Text(t) => format!("text:{t}"),
                Target::Name(t) => format!("name:{t}"),
                Target::Url(u) => format!("url:{u}"),
            };
            let rel = match &r.relation {
                Relation::Typed { label } => format!("\"{label}\""),
                other => other.label().to_owned(),
            };
            match &r.note {
                Some(n) => format!("{} {rel} {target} | {n}", r.line),
                None => format!("{} {rel} {target}", r.line),
            }
        })
        .collect()
}

const SEED_LIKE: &str = "---
title: \"Messenger\"
type: entity
tags: []
sources: []
last_updated: 2026-04-26
---
## Aliases
- 信使
- Messenger App / 信使应用
## Overview
A messaging platform that mentions [[Alpha]] and [[Beta|the beta]].
## Key Characteristics
- **Platform type**: private (not a connection section)
## Sources
- [[some-source-page]]
## Connections
- **Complements**: [[Gamma]] (public → private), [[Delta]] (video → retention)
- **Flows to**: [[Epsilon]] via subscription → enterprise conversion
- **Compared to**: Other Thing — similar format but a different model (opt-in vs. follow)
";

#[test]
fn seed_structure() {
    let p = parse(SEED_LIKE, &ParseOptions::default());
    assert_eq!(p.title.as_deref(), Some("Messenger"));
    assert_eq!(p.page_type.as_deref(), Some("entity"));
    assert_eq!(p.last_updated.as_deref(), Some("2026-04-26"));
    assert_eq!(p.aliases, ["信使", "Messenger App / 信使应用"]);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(
        render(&p),
        [
            "12 mentions [[Alpha]]",
            "12 mentions [[Beta]]",
            "16 cites [[some-source-page]]",
            "18 \"Complements\" [[Gamma]] | public → private",
            "18 \"Complements\" [[Delta]] | video → retention",
            "19 \"Flows to\" [[Epsilon]] | subscription → enterprise conversion",
            "20 \"Compared to\" text:Other Thing | similar format but a different model (opt-in vs. follow)",
        ]
    );
}

#[test]
fn key_characteristics_bullets_are_not_connections() {
    let p = parse(
        "## Key Characteristics\n- **Type**: [[X]]\n",
        &ParseOptions::default(),
    );
    assert_eq!(render(&p), ["2 mentions [[X]]"]);
}

#[test]
fn connection_heading_variants() {
    let opts = ParseOptions::default();
    for h in [
        "## Related Concepts",
        "### See also",
        "## Connections to other wiki pages",
        "## Relationships",
        "Related\n-------",
    ] {
        let p = parse(&format!("{h}\n- **Uses**: [[X]]\n"), &opts);
        assert!(
            p.refs.iter().any(|r| r.relation
                == Relation::Typed {
                    label: "Uses".into()
                }),
            "{h} opens a connection section"
        );
    }
    let p = parse(
        "## Relationship to Measurement Theory\n- **Proportionality**: [[X]]\n",
        &opts,
    );
    assert_eq!(p.refs[0].relation, Relation::Mentions);
}

#[test]
fn section_ends_at_next_heading() {
    let p = parse(
        "## Connections\n- **Uses**: [[A]]\n## Notes\n- **Uses**: [[B]]\n",
        &ParseOptions::default(),
    );
    assert_eq!(render(&p), ["2 \"Uses\" [[A]]", "4 mentions [[B]]"]);
}

#[test]
fn code_and_comments_hold_no_links() {
    let p = parse(
        "```\n[[InFence]]\n```\n`[[InCode]]` <!-- [[InComment]] -->\n\n    [[Indented]]\n\n[[Real]]\n",
        &ParseOptions::default(),
    );
    assert_eq!(render(&p), ["8 mentions [[Real]]"]);
}

#[test]
fn sources_section_bullets() {
    let p = parse(
        "## Sources\n- [[src-a]]\n- https://example.com/report.\n- Interview with a planner, 2024\n- [Report](https://x.org/r)\n> — [[sources/bib#Book]], p. 3\n",
        &ParseOptions::default(),
    );
    assert_eq!(
        render(&p),
        [
            "2 cites [[src-a]]",
            "3 cites url:https://example.com/report",
            "4 cites text:Interview with a planner, 2024",
            "5 cites url:https://x.org/r | Report",
            "6 cites [[sources/bib]]",
        ]
    );
}

#[test]
fn inline_source_markers() {
    let p = parse(
        "Claim [Source: [[report-a]]] and [source: report-b; report-c].\n",
        &ParseOptions::default(),
    );
    assert_eq!(
        render(&p),
        [
            "1 cites [[report-a]]",
            "1 cites text:report-b",
            "1 cites text:report-c"
        ]
    );
    // Each spelling alone, on its own line and in its own page.
    for (text, want) in [
        ("A [source: report-b] B.\n", "1 cites text:report-b"),
        (
            "Intro.\n\nA [Source: report-c] B.\n",
            "3 cites text:report-c",
        ),
    ] {
        assert_eq!(render(&parse(text, &ParseOptions::default())), [want]);
    }
}

/// Markers are found only on the lines that write them: after frontmatter,
/// code, CRLF endings and lines in between, on bullets and text alike, and
/// not inside inline code.
#[test]
fn source_markers_on_their_own_lines() {
    let text = "---\r\ntitle: T\r\n---\r\n# T\r\n```\r\n[Source: in-fence]\r\n```\r\n\
                `[Source: in-code]` and [Source: after-code]\r\n\
                - [[a]] [source: on-bullet]\r\n\
                plain line\r\n\
                [Source: one] [Source: two]\r\n\
                last [source: [[report-z]]]";
    assert_eq!(
        render(&parse(text, &ParseOptions::default())),
        [
            "8 cites text:after-code",
            "9 cites text:on-bullet",
            "9 mentions [[a]]",
            "11 cites text:one",
            "11 cites text:two",
            "12 cites [[report-z]]",
        ]
    );
    // A marker at the start of a short line after many short lines.
    let text = format!("{}[Source: deep]\n", "x\n".repeat(30));
    assert_eq!(
        render(&parse(&text, &ParseOptions::default())),
        ["31 cites text:deep"]
    );
}

#[test]
fn dataview_fields() {
    let p = parse(
        "Parent company:: [[Tencent]]\n- Owner:: [[A]], [[B]]\nText [rating:: 5] and [uses:: [[C]]]\n",
        &ParseOptions::default(),
    );
    assert_eq!(
        render(&p),
        [
            "1 \"Parent company\" [[Tencent]]",
            "2 \"Owner\" [[A]]",
            "2 \"Owner\" [[B]]",
            "3 \"uses\" [[C]]",
        ]
    );
}

#[test]
fn nested_bullets_inherit_an_empty_label() {
    let p = parse(
        "## Connections\n- **Complements**:\n  - [[A]] (note a)\n  - [[B]]\n- **Empty**:\n- [[C]]\n",
        &ParseOptions::default(),
    );
    assert_eq!(
        render(&p),
        [
            "3 \"Complements\" [[A]] | note a",
            "4 \"Complements\" [[B]]",
            "6 related [[C]]"
        ]
    );
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].line, Some(5));
}

#[test]
fn notes_holding_links_make_mentions() {
    let p = parse(
        "## Connections\n- Leads to: [[A]] (via [[B]])\n",
        &ParseOptions::default(),
    );
    assert_eq!(
        render(&p),
        ["2 \"Leads to\" [[A]] | via [[B]]", "2 mentions [[B]]"]
    );
}

#[test]
fn line_endings_do_not_matter() {
    let lf = "---\ntitle: T\n---\n## Connections\n- **Uses**: [[A]]\n[[B]]\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let a = parse(lf, &ParseOptions::default());
    assert_eq!(a, parse(&crlf, &ParseOptions::default()));
    assert_eq!(a, parse(&cr, &ParseOptions::default()));
    assert_eq!(a, parse(&format!("\u{feff}{lf}"), &ParseOptions::default()));
}

#[test]
fn h1_is_the_fallback_title() {
    let p = parse("intro\n# The Title\n# Second\n", &ParseOptions::default());
    assert_eq!(p.h1.as_deref(), Some("The Title"));
    assert_eq!(p.title, None);
}

#[test]
fn broken_links_are_diagnosed_with_line_and_column() {
    let p = parse("ok\nsee [[]] here\n", &ParseOptions::default());
    assert!(p.refs.is_empty());
    assert_eq!(p.diagnostics[0].line, Some(2));
    assert_eq!(p.diagnostics[0].column, Some(5));
}

/// A page's references outlive its parse (the whole load holds them): they
/// are kept in a list of their exact length, also when plain-text targets
/// (which have no `[`) outnumber the room made for links.
#[test]
fn references_are_kept_without_spare_room() {
    let text = "## Connections\n- **Rivals**: Alpha, Beta, Gamma, Delta, Epsilon\n- [[x]]\n";
    let p = parse(text, &ParseOptions::default());
    assert_eq!(p.refs.len(), 6);
    assert_eq!(p.refs.capacity(), p.refs.len());
}

/// A large wiki holds millions of references at once, between parsing and
/// resolution: their size is a share of the peak memory, kept from growing
/// unnoticed (boxed strings for a link's anchor and display and for notes).
#[test]
fn a_reference_stays_small() {
    assert!(std::mem::size_of::<Reference>() <= 112);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Headings are read into sections as when each was cleaned and
    /// lowercased before being compared.
    #[test]
    fn sections_are_those_of_the_cleaned_lowercase_heading(
        heading in "(Connections|Related|SEE ALSO|See  also|Sources|Référence|Aliases|Σ|\\*|_|:| |\u{3000}|é|s|x|1|2\\.|3\\)|🔗|§){0,5}",
        names in proptest::collection::vec("(connections|related|see also|sources|référence|σ|Related|x|s|é)", 1..4),
    ) {
        let reference = |heading: &str, names: &[String]| {
            let h = crate::text::strip_emphasis(heading).to_lowercase();
            let h = h.trim().trim_end_matches(':');
            let named = |h: &str| names.iter().any(|n| match h.strip_prefix(n.as_str()) {
                Some("") => true,
                Some(rest) => !rest.starts_with(|c: char| c.is_alphanumeric()),
                None => false,
            });
            // Else without symbols, then a number and a space, before it.
            let chars: Vec<char> = h.chars().collect();
            let mut i = chars.iter().take_while(|c| !c.is_alphanumeric()).count();
            let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit() || **c == '.' || **c == ')').count();
            if digits > 0 && chars.get(i + digits).is_some_and(|c| c.is_whitespace()) {
                i += digits;
                i += chars[i..].iter().take_while(|c| !c.is_alphanumeric()).count();
            }
            let bare: String = chars[i..].iter().collect();
            named(h) || (!bare.is_empty() && named(&bare))
        };
        let opts = ParseOptions {
            connection_headings: names.clone(),
            source_headings: Vec::new(),
            alias_headings: Vec::new(),
        };
        let ours = opts.section(&heading) == Section::Connections;
        proptest::prop_assert_eq!(ours, reference(&heading, &names));
    }

    /// Names are tried by their first byte: a heading opens the section of
    /// the first kind (connections, then sources, then aliases) that has
    /// a name it matches, as when every name is tried in that order.
    #[test]
    fn names_found_by_first_byte_are_every_name_tried_in_order(
        heading in "(Related|Sources|Alias|related|r|s|a|关联|参考|é|x| |:|-){1,4}",
        lists in proptest::collection::vec(
            proptest::collection::vec("(related|sources|alias|r|s|a|关联|参考|é|x|rel|sou|)", 0..4),
            3,
        ),
    ) {
        let opts = ParseOptions {
            connection_headings: lists[0].clone(),
            source_headings: lists[1].clone(),
            alias_headings: lists[2].clone(),
        };
        let firsts = FirstBytes::of(&opts);
        let h = heading.to_lowercase();
        let tried = |names: &[String]| names.iter().any(|n| heading_matches(&h, n));
        let expected = if tried(&lists[0]) {
            Some(Section::Connections)
        } else if tried(&lists[1]) {
            Some(Section::Sources)
        } else if tried(&lists[2]) {
            Some(Section::Aliases)
        } else {
            None
        };
        proptest::prop_assert_eq!(firsts.section_named(&h), expected);
    }

    /// The search for `ource` finds every `[Source` and `[source` that a
    /// look at each `[` finds.
    #[test]
    fn source_marker_starts_are_each_bracket_checked(
        s in "(\\[|\\(|\\[\\[|Source|source|SOURCE|ource|[Ss]|x| |é){0,16}"
    ) {
        let b = s.as_bytes();
        let each_bracket: Vec<usize> = memchr::memchr2_iter(b'[', b'(', b)
            .filter(|&i| b[i + 1..].starts_with(b"Source") || b[i + 1..].starts_with(b"source"))
            .collect();
        // Each found from just past the one before, as lines ask for them.
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(k) = b.get(from..).and_then(source_marker_start) {
            found.push(from + k);
            from += k + 1;
        }
        proptest::prop_assert_eq!(found, each_bracket);
    }
}

#[test]
fn bold_names_without_links_in_connections() {
    let text = "## Connections
- **Complements**
  - [[Weibo]] (reach)
  - **Douyin** — video
- **Share** — content engine
- **Alone**
## Notes
- **Not here** — other section
";
    let page = parse(text, &ParseOptions::default());
    assert_eq!(
        render(&page),
        [
            "3 \"Complements\" [[Weibo]] | reach",
            "4 \"Complements\" text:Douyin | video",
            "5 related text:Share | content engine",
            "6 related text:Alone",
        ]
    );
    assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
}

#[test]
fn plain_citations_read_code_and_bold_names() {
    let text = "## Sources
- `.claude/skills/x/SKILL.md` — skill definition
- `docs/guide.md`
- **Baker et al. (2025)**: what it found
- **Baker (2026)**
- Notes on `kill` signals
- Field   notes,  2020
";
    assert_eq!(
        render(&parse(text, &ParseOptions::default())),
        [
            "2 cites text:.claude/skills/x/SKILL.md | skill definition",
            "3 cites text:docs/guide.md",
            "4 cites text:Baker et al. (2025) | what it found",
            "5 cites text:Baker (2026)",
            "6 cites text:Notes on kill signals",
            "7 cites text:Field notes, 2020",
        ]
    );
}

#[test]
fn source_markers_in_brackets_or_parentheses() {
    let text = "Shown in trials (Source: [[sources/trial]]) and [Source: Field notes, 2020].\n(see: [[x]]) (sources: a; https://e.org)\n";
    assert_eq!(
        render(&parse(text, &ParseOptions::default())),
        [
            "1 cites [[sources/trial]]",
            "1 cites text:Field notes, 2020",
            "2 cites text:a",
            "2 cites url:https://e.org",
            "2 mentions [[x]]",
        ]
    );
}

#[test]
fn heading_links_read_as_their_text() {
    let p = parse(
        "# [[paper review - Llama 3|Llama 3 review]] and ![[x]] [[y\\|Y]] [[open\n",
        &ParseOptions::default(),
    );
    assert_eq!(p.h1.as_deref(), Some("Llama 3 review and x Y [[open"));
    let p = parse("# [[A title]]\n", &ParseOptions::default());
    assert_eq!(p.h1.as_deref(), Some("A title"));
}

#[test]
fn a_short_code_span_citation_is_not_read_as_bold() {
    // Found by the line-endings property: the citation's name ends before
    // a bold label's `**…**` could, and was sliced as one.
    let p = parse("## Sources\n- `)`[[\n- `a` — b\n", &ParseOptions::default());
    assert_eq!(render(&p), ["2 cites text:) | [[", "3 cites text:a | b"]);
}

#[test]
fn a_level_one_section_heading_is_no_title() {
    let p = parse(
        "Intro.\n# Related\n- [[x]]\n# Real title\n",
        &ParseOptions::default(),
    );
    assert_eq!(p.h1.as_deref(), Some("Real title"));
    let p = parse("# Sources\n- [[s]]\n", &ParseOptions::default());
    assert_eq!(p.h1, None);
}

#[test]
fn several_labels_on_one_bullet_each_type_their_targets() {
    let text = "## Connections
- **Uses**: [[b]] (via API), [[c]] **Used by**: [[d]]; **Extends**: [[e]]
- **Part of**: [[f]] — see **Note**: [[g]] is older
- **Uses**: [[h]] | **Used by**: [[i]] (rarely)
- **Uses**: [[j]] — for caching; **Caveat**: breaks [[k]]
";
    let p = parse(text, &ParseOptions::default());
    assert_eq!(
        render(&p),
        [
            "2 \"Uses\" [[b]] | via API",
            "2 \"Uses\" [[c]]",
            "2 \"Used by\" [[d]]",
            "2 \"Extends\" [[e]]",
            // Emphasis in a note is no label.
            "3 \"Part of\" [[f]] | see **Note**: [[g]] is older",
            "3 mentions [[g]]",
            "4 \"Uses\" [[h]]",
            "4 \"Used by\" [[i]] | rarely",
            // Emphasis inside a dash note is no label either.
            "5 \"Uses\" [[j]] | for caching; **Caveat**: breaks [[k]]",
            "5 mentions [[k]]",
        ]
    );
    // Columns point at each target.
    let cols: Vec<u32> = p.refs.iter().take(4).map(|r| r.column).collect();
    let line = text.lines().nth(1).unwrap_or_default();
    let at = |s: &str| line.find(s).map_or(0, |c| c as u32 + 1);
    assert_eq!(cols, [at("[[b]]"), at("[[c]]"), at("[[d]]"), at("[[e]]")]);
}

/// Links are found on the lines of a wrapped bullet, read whole, wherever
/// the first `[` is: on its first line, on a later one, or on none.
#[test]
fn wrapped_bullets_keep_their_links() {
    let text = "## Connections\n- **Uses**: [[A]] and\n  [[B]] (note)\n- **Feeds**: nothing\n  yet, then [[C]]\n- **Plain**: none\n  at all\n";
    let page = parse(text, &ParseOptions::default());
    let targets: Vec<String> = render(&page);
    assert!(targets.iter().any(|t| t.contains("[[A]]")), "{targets:?}");
    assert!(targets.iter().any(|t| t.contains("[[B]]")), "{targets:?}");
    assert!(targets.iter().any(|t| t.contains("[[C]]")), "{targets:?}");
}
