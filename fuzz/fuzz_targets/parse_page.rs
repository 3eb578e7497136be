//! Fuzz target: the page parser must accept any bytes without panicking,
//! and the lines it reports must exist in the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wikigraph::page::{ParseOptions, parse};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let page = parse(&text, &ParseOptions::default());
    let lines = text.split(['\n', '\r']).count() as u32 + 1;
    for r in &page.refs {
        assert!(r.line >= 1 && r.line <= lines);
    }
});
