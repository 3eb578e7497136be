//! Printing reports: JSON to stdout, and aligned tables for people.

use serde::Serialize;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Writes a JSON report to stdout, pretty-printed. A closed pipe is not an
/// error.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let r = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|_| writeln!(out));
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Prints rows as columns aligned by display width (CJK counts double), with
/// `indent` spaces before each row. The last column is not padded.
pub fn table(rows: &[Vec<String>], indent: usize) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for r in rows {
        let mut line = " ".repeat(indent);
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        if writeln!(out, "{}", line.trim_end()).is_err() {
            return;
        }
    }
}

/// Prints one line to stdout, ignoring a closed pipe.
pub fn line(s: impl AsRef<str>) {
    let _ = writeln!(std::io::stdout().lock(), "{}", s.as_ref());
}
