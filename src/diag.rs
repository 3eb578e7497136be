//! Diagnostics: what wikigraph could not read or had to guess, with the file,
//! line and column where it happened.

use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was read in a degraded way (a guess, a skipped fragment);
    /// the page is still in the graph.
    Warning,
    /// Some input could not be read at all.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What a diagnostic is about, as a stable machine-readable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagKind {
    /// Frontmatter that does not parse or has unexpected shapes.
    Frontmatter,
    /// Bytes that are not valid UTF-8, binary content.
    Encoding,
    /// A link that cannot be read (`[[]]`, unclosed `[[`).
    Link,
    /// A connection bullet that cannot be read as written.
    Connection,
    /// A link target that several pages match.
    AmbiguousLink,
    /// A file or folder that could not be read.
    Io,
}

impl DiagKind {
    /// The code as it appears in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagKind::Frontmatter => "frontmatter",
            DiagKind::Encoding => "encoding",
            DiagKind::Link => "link",
            DiagKind::Connection => "connection",
            DiagKind::AmbiguousLink => "ambiguous_link",
            DiagKind::Io => "io",
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    /// File the problem is in, relative to the wiki root where possible.
    pub file: Option<String>,
    /// 1-based line, when the problem has one.
    pub line: Option<u32>,
    /// 1-based column (in characters), when known.
    pub column: Option<u32>,
    /// Warning or error.
    pub severity: Severity,
    /// Machine-readable code.
    pub kind: DiagKind,
    /// Human-readable explanation.
    pub message: String,
}

impl Diagnostic {
    /// A warning at a line of the page being parsed (file filled in later).
    pub fn warning(kind: DiagKind, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            line: Some(line),
            column: None,
            severity: Severity::Warning,
            kind,
            message: message.into(),
        }
    }

    /// An error about a whole file or folder.
    pub fn file_error(kind: DiagKind, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: Some(file.into()),
            line: None,
            column: None,
            severity: Severity::Error,
            kind,
            message: message.into(),
        }
    }

    /// Sets the column.
    pub fn at_column(mut self, column: u32) -> Self {
        self.column = Some(column);
        self
    }

    /// Sets the file when it is not set yet.
    pub fn in_file(mut self, file: &str) -> Self {
        if self.file.is_none() {
            self.file = Some(file.to_owned());
        }
        self
    }
}

impl Diagnostic {
    /// Displays the diagnostic with its file shown as `file` (a path the
    /// user can open from where they stand, say) and, with `color`, ANSI
    /// styles: path, line and severity coloured the way compilers do.
    pub fn styled<'a>(&'a self, file: Option<&'a str>, color: bool) -> Styled<'a> {
        Styled {
            diag: self,
            file,
            color,
        }
    }
}

/// A diagnostic ready to display: see [`Diagnostic::styled`].
#[derive(Debug, Clone, Copy)]
pub struct Styled<'a> {
    diag: &'a Diagnostic,
    file: Option<&'a str>,
    color: bool,
}

impl fmt::Display for Styled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use anstyle::{AnsiColor, Style};
        let paint = |f: &mut fmt::Formatter<'_>, st: Style, text: &dyn fmt::Display| {
            if self.color {
                write!(f, "{st}{text}{st:#}")
            } else {
                write!(f, "{text}")
            }
        };
        let d = self.diag;
        if let Some(file) = self.file.or(d.file.as_deref()) {
            paint(f, AnsiColor::Magenta.on_default(), &file)?;
            f.write_str(":")?;
            if let Some(line) = d.line {
                paint(f, AnsiColor::Green.on_default(), &line)?;
                f.write_str(":")?;
                if let Some(col) = d.column {
                    write!(f, "{col}:")?;
                }
            }
            f.write_str(" ")?;
        }
        let sev = match d.severity {
            Severity::Warning => AnsiColor::Yellow.on_default().bold(),
            Severity::Error => AnsiColor::Red.on_default().bold(),
        };
        paint(f, sev, &d.severity)?;
        write!(f, ": {}", d.message)
    }
}

impl fmt::Display for Diagnostic {
    /// Compiler style: `path:line:col: warning: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.styled(None, false).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::warning(DiagKind::Link, 7, "empty link `[[]]`")
            .at_column(3)
            .in_file("entities/WeChat.md");
        assert_eq!(
            d.to_string(),
            "entities/WeChat.md:7:3: warning: empty link `[[]]`"
        );
        let e = Diagnostic::file_error(DiagKind::Io, "x.md", "permission denied");
        assert_eq!(e.to_string(), "x.md: error: permission denied");
        assert_eq!(
            d.styled(Some("wiki/entities/WeChat.md"), false).to_string(),
            "wiki/entities/WeChat.md:7:3: warning: empty link `[[]]`"
        );
        assert_eq!(
            e.styled(None, true).to_string(),
            "\x1b[35mx.md\x1b[0m: \x1b[1m\x1b[31merror\x1b[0m: permission denied"
        );
    }
}
