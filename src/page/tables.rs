//! Tables under a connection heading: a row holding links gives edges to
//! them, typed by the row's relation cell when the header names one.
//!
//! ```markdown
//! ## Related
//! | Page | Relation | Note |
//! |---|---|---|
//! | [[Weibo]] | complements | public discourse |
//! ```
//!
//! Only the cutting of rows into cells and the reading of the header are
//! here; the page reader keeps which table it is in.

use super::links::Found;
use crate::text::TrimExt;

/// Header names of the column that holds a row's relation. (Not *Type*:
/// in a table of pages it is the type of the page, `library`, `paper`.)
const RELATION_HEADERS: [&str; 13] = [
    "relation",
    "relations",
    "relationship",
    "relationships",
    "relation type",
    "relationship type",
    "link type",
    "connection",
    "关系",
    "关系类型",
    "关联类型",
    "関係",
    "관계",
];

/// Header names of the column that holds a row's note.
const NOTE_HEADERS: [&str; 17] = [
    "note",
    "notes",
    "description",
    "why",
    "how",
    "context",
    "details",
    "comment",
    "comments",
    "rationale",
    "explanation",
    "说明",
    "备注",
    "描述",
    "説明",
    "備考",
    "설명",
];

/// The columns of a table's header that say how its rows read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    /// The column whose cell is the row's relation label.
    pub relation: Option<usize>,
    /// The column whose cell is the row's note.
    pub note: Option<usize>,
}

impl Columns {
    /// Reads the header row's cell texts.
    pub fn of_header<'a>(cells: impl IntoIterator<Item = &'a str>) -> Columns {
        let mut cols = Columns::default();
        for (i, cell) in cells.into_iter().enumerate() {
            let name = crate::text::strip_emphasis(cell.trim_ws()).to_lowercase();
            if cols.relation.is_none() && RELATION_HEADERS.contains(&name.as_str()) {
                cols.relation = Some(i);
            } else if cols.note.is_none() && NOTE_HEADERS.contains(&name.as_str()) {
                cols.note = Some(i);
            }
        }
        cols
    }
}

/// True when `masked` (a line's text with code masked) is a table row: it
/// starts with `|` after indentation.
pub fn is_row(masked: &str) -> bool {
    masked.trim_start_ws().starts_with('|')
}

/// The cells of a table row, as byte ranges of the line, without the outer
/// pipes. A pipe inside a link (`[[x\|Alias]]`) or escaped (`\|`) does not
/// cut; `found` are the line's links, sorted by start.
pub fn cells(masked: &str, found: &[Found]) -> Vec<(usize, usize)> {
    let b = masked.as_bytes();
    let lead = masked.len() - masked.trim_start_ws().len();
    // Past the opening pipe.
    let mut start = lead + 1;
    let mut out = Vec::new();
    let mut links = found.iter().peekable();
    let mut i = start;
    while i < b.len() {
        while links.peek().is_some_and(|f| f.end <= i) {
            links.next();
        }
        if let Some(f) = links.peek()
            && f.start <= i
        {
            i = f.end;
            continue;
        }
        match b[i] {
            b'\\' => i += 1,
            b'|' => {
                out.push((start, i));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    // A row need not end with a pipe.
    if !masked[start.min(b.len())..].trim_ws().is_empty() {
        out.push((start, b.len()));
    }
    out
}

/// True when every cell is a delimiter (`---`, `:--`, `:-:`): the row under
/// a table's header.
pub fn is_delimiter(masked: &str, cells: &[(usize, usize)]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|&(s, e)| {
            let c = masked[s..e].trim_ws();
            let inner = c.strip_prefix(':').unwrap_or(c);
            let inner = inner.strip_suffix(':').unwrap_or(inner);
            !inner.is_empty() && inner.bytes().all(|b| b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::links::scan;

    fn texts(line: &str) -> Vec<&str> {
        let found = scan(line);
        cells(line, &found)
            .into_iter()
            .map(|(s, e)| line[s..e].trim())
            .collect()
    }

    #[test]
    fn cells_are_cut_at_pipes_outside_links() {
        assert_eq!(
            texts("| [[a\\|A]] | part of | x \\| y |"),
            ["[[a\\|A]]", "part of", "x \\| y"]
        );
        assert_eq!(texts("  |[[a|b]]|c"), ["[[a|b]]", "c"]);
        assert_eq!(texts("| a | |"), ["a", ""]);
    }

    #[test]
    fn delimiter_rows_and_headers() {
        let row = "|---|:--:| --- |";
        assert!(is_delimiter(row, &cells(row, &[])));
        let row = "| a | --- |";
        assert!(!is_delimiter(row, &cells(row, &[])));
        assert_eq!(
            Columns::of_header(["Page", "**Relation**", "Notes"]),
            Columns {
                relation: Some(1),
                note: Some(2)
            }
        );
        assert_eq!(Columns::of_header(["Page", "Score"]), Columns::default());
    }
}
