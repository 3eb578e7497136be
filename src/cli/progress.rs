//! The progress bar: on stderr, only on a terminal, never in CI logs, and
//! only for wikis large enough that reading them takes a moment.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wikigraph::load::{LoadStats, Progress};
use wikigraph::walk::WalkError;
use wikigraph::{Options, WikiGraph};

/// Wikis with fewer pages than this load too fast for a bar to help.
pub const MIN_PAGES: usize = 2000;

/// True when a bar may be drawn: stderr is a terminal and `CI` is not set.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Loads the wiki; with `show`, draws a bar on stderr while the pages of a
/// wiki of at least [`MIN_PAGES`] are read, then clears it.
pub fn load(opts: &Options, show: bool) -> Result<(WikiGraph, LoadStats), WalkError> {
    if !show {
        return wikigraph::build_wiki(opts);
    }
    let progress = Arc::new(Progress::default());
    let mut opts = opts.clone();
    opts.progress = Some(Arc::clone(&progress));
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| watch(&progress, &done));
        let r = wikigraph::build_wiki(&opts);
        done.store(true, Ordering::Relaxed);
        r
    })
}

fn watch(p: &Progress, done: &AtomicBool) {
    let mut bar: Option<ProgressBar> = None;
    while !done.load(Ordering::Relaxed) {
        let files = p.files.load(Ordering::Relaxed);
        if bar.is_none() && files >= MIN_PAGES {
            let style = ProgressStyle::with_template(
                "{prefix:>8.cyan.bold} [{bar:30}] {pos}/{len} pages {msg}",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            let b = ProgressBar::with_draw_target(
                Some(files as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            )
            .with_style(style)
            .with_prefix("Reading");
            bar = Some(b);
        }
        if let Some(b) = &bar {
            let read = p.read.load(Ordering::Relaxed);
            b.set_position(read as u64);
            if read >= files {
                b.set_prefix("Linking");
                b.set_message("(building the graph)");
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
}
