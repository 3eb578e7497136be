//! Printing reports: JSON to stdout, and aligned, coloured tables for
//! people. Everything goes through anstream, which drops the colour codes
//! when the stream is not a terminal, when `NO_COLOR` is set, or with
//! `--color never`.

use anstyle::{AnsiColor, Style};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The styles of the human reports, in one place.
pub mod style {
    use super::*;

    /// Section headings.
    pub const HEADING: Style = Style::new().bold();
    /// File paths (as ripgrep shows them).
    pub const PATH: Style = AnsiColor::Magenta.on_default();
    /// Line numbers.
    pub const LINE: Style = AnsiColor::Green.on_default();
    /// Secondary text: ids, notes, hints.
    pub const DIM: Style = Style::new().dimmed();
    /// Relation labels.
    pub const RELATION: Style = AnsiColor::Cyan.on_default();
    /// Errors and denied findings.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// Warnings and findings that do not fail.
    pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    /// Success.
    pub const GOOD: Style = AnsiColor::Green.on_default().bold();
    /// No style.
    pub const PLAIN: Style = Style::new();
}

/// A piece of text in a style. Widths are measured on the text alone, so
/// colour codes never break the alignment.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    spans: Vec<(Style, String)>,
}

impl Cell {
    /// Text in a style.
    pub fn styled(style: Style, text: impl Into<String>) -> Self {
        Cell {
            spans: vec![(style, text.into())],
        }
    }

    /// Adds text in a style after what is there.
    pub fn then(mut self, style: Style, text: impl Into<String>) -> Self {
        self.spans.push((style, text.into()));
        self
    }

    /// `path:line` in the path and line styles.
    pub fn location(path: &str, line: Option<u32>) -> Self {
        let c = Cell::styled(style::PATH, path);
        match line {
            Some(l) => c.then(style::PLAIN, ":").then(style::LINE, l.to_string()),
            None => c,
        }
    }

    /// Display width (CJK counts double).
    pub fn width(&self) -> usize {
        self.spans.iter().map(|(_, t)| t.width()).sum()
    }

    /// True when the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.spans.iter().all(|(_, t)| t.is_empty())
    }

    /// The text with its colour codes (stripped later when colour is off).
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s, true);
        s
    }

    /// Appends the text, with its colour codes when `colour` is on.
    fn render_into(&self, s: &mut String, colour: bool) {
        for (st, t) in &self.spans {
            push_span(s, *st, t, colour);
        }
    }
}

/// Appends text in a style, with its colour codes when `colour` is on;
/// nothing for empty text.
fn push_span(s: &mut String, st: Style, text: &str, colour: bool) {
    use std::fmt::Write as _;
    if text.is_empty() {
        return;
    }
    if !colour || st == Style::new() {
        s.push_str(text);
    } else {
        let _ = write!(s, "{st}{text}{st:#}");
    }
}

/// True when stdout shows colour. A report too big for a screen is built
/// without colour codes rather than built with them and stripped.
fn stdout_colour() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| anstream::stdout().current_choice() != anstream::ColorChoice::Never)
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::styled(Style::new(), s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::styled(Style::new(), s)
    }
}

/// Writes a JSON report to stdout, pretty-printed. A closed pipe is not an
/// error.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    // Buffered: stdout alone writes at every newline, and a `check` report
    // can have millions of lines.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let r = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|_| writeln!(out))
        .and_then(|_| out.flush());
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Writes pieces of a report to stdout, in order. A closed pipe is not an
/// error.
pub fn write_stdout(pieces: &[Vec<u8>]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let r = pieces.iter().try_for_each(|p| out.write_all(p));
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The widest a column is padded to: a longer cell is written whole and
/// pushes the rest of its row along. Padded to the widest cell, one title
/// of 200,000 characters made every row of a report as long.
pub const MAX_COLUMN: usize = 120;

/// Lays rows out as columns aligned by display width (up to
/// [`MAX_COLUMN`]), with `indent` spaces before each row. The last cell of
/// a row is not padded, and empty trailing cells are dropped.
pub fn layout(rows: &[Vec<Cell>], indent: usize) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width().min(MAX_COLUMN));
        }
    }
    rows.iter()
        .map(|r| {
            let used = r.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            let mut line = " ".repeat(indent);
            for (i, c) in r.iter().take(used).enumerate() {
                line.push_str(&c.render());
                if i + 1 < used {
                    line.push_str(&" ".repeat(widths[i].saturating_sub(c.width()) + 2));
                }
            }
            line
        })
        .collect()
}

/// Prints rows as aligned columns (see [`layout`]).
pub fn table(rows: &[Vec<Cell>], indent: usize) {
    let mut out = anstream::stdout().lock();
    for l in layout(rows, indent) {
        if writeln!(out, "{l}").is_err() {
            return;
        }
    }
}

/// Prints one line to stdout, ignoring a closed pipe.
pub fn line(s: impl AsRef<str>) {
    let _ = writeln!(anstream::stdout().lock(), "{}", s.as_ref());
}

/// Lines gathered for stdout.
#[derive(Default)]
pub struct Buffer(String);

impl Buffer {
    /// An empty buffer with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        Buffer(String::with_capacity(bytes))
    }

    /// Adds a line.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.0.push_str(s.as_ref());
        self.0.push('\n');
    }

    /// Adds text in a style to the line being written (with its colour
    /// codes only when stdout shows colour).
    pub fn styled(&mut self, st: Style, text: &str) {
        push_span(&mut self.0, st, text, stdout_colour());
    }

    /// Ends the line being written.
    pub fn end_line(&mut self) {
        self.0.push('\n');
    }
}

/// Writes buffers to stdout, in order, ignoring a closed pipe.
pub fn print(buffers: &[Buffer]) {
    // Colour codes are written only when stdout shows colour; escapes in
    // the wiki's own text (a title, a file name) go through anstream,
    // which strips them (its state carries from one write to the next).
    let codes = || buffers.par_iter().any(|b| b.0.contains('\x1b'));
    let write = |out: &mut dyn Write| {
        for b in buffers {
            if out.write_all(b.0.as_bytes()).is_err() {
                return;
            }
        }
    };
    if stdout_colour() || codes() {
        write(&mut anstream::stdout().lock());
    } else {
        write(&mut std::io::stdout().lock());
    }
}

/// Prints one line to stderr.
pub fn note(s: impl AsRef<str>) {
    let _ = writeln!(anstream::stderr().lock(), "{}", s.as_ref());
}

/// Text in a style, as a string (for `line` and `note`, whose streams strip
/// the codes when colour is off).
pub fn paint(st: Style, text: impl AsRef<str>) -> String {
    Cell::styled(st, text.as_ref()).render()
}

/// Text in a style for a [`Buffer`]: without codes when stdout shows no
/// colour, so that the buffer is written as it is rather than scanned for
/// codes to strip (a `check` report can be megabytes).
pub fn paint_stdout(st: Style, text: impl AsRef<str>) -> String {
    let mut s = String::new();
    Cell::styled(st, text.as_ref()).render_into(&mut s, stdout_colour());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width_ignoring_colour() {
        let rows = vec![
            vec![Cell::styled(style::PATH, "微信"), Cell::from("a")],
            vec![Cell::from("WeChat"), Cell::from("b"), Cell::default()],
        ];
        let lines = layout(&rows, 2);
        let plain: Vec<String> = lines
            .iter()
            .map(|l| {
                let mut s = String::new();
                let mut skip = false;
                for c in l.chars() {
                    match (skip, c) {
                        (_, '\x1b') => skip = true,
                        (true, 'm') => skip = false,
                        (false, c) => s.push(c),
                        _ => {}
                    }
                }
                s
            })
            .collect();
        // 微信 is four columns wide: padded to WeChat's six, plus two.
        assert_eq!(plain, ["  微信    a", "  WeChat  b"]);
        assert!(lines[0].contains('\x1b'));
    }

    #[test]
    fn a_cell_past_the_widest_column_is_not_padded_to() {
        let long = "x".repeat(MAX_COLUMN * 10);
        let rows = vec![
            vec![Cell::from(long.as_str()), Cell::from("a")],
            vec![Cell::from("short"), Cell::from("b")],
            vec![Cell::from("y".repeat(MAX_COLUMN).as_str()), Cell::from("c")],
        ];
        let lines = layout(&rows, 0);
        assert_eq!(lines[0], format!("{long}  a"));
        assert_eq!(
            lines[1],
            format!("short{}b", " ".repeat(MAX_COLUMN - 5 + 2))
        );
        assert_eq!(lines[2].len(), MAX_COLUMN + 3);
    }
}
