//! Settings of the running process that the pipeline's speed depends on.

/// Turns transparent huge pages off for this process (Linux; elsewhere it
/// does nothing). mimalloc asks for them (`MADV_HUGEPAGE`), and a run's
/// memory is mostly touched once: each fault then zeroes 2 MiB where 4 KiB
/// would do, and the kernel compacts memory to find them. On a 2-core VM,
/// `check` of 100,000 pages took 3.5 s instead of 4.2 s without them and
/// 150 MB less memory; at 10,000 pages they were about 5% faster (see
/// docs/performance.md). Binaries call this first; the library never does.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only how
    // the kernel backs this process's future page faults.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Ends the process with `code` once its output is flushed, skipping the C
/// library's exit handlers. Among those is mimalloc's sweep of every heap
/// it holds, page by page, on one thread: memory the kernel takes back
/// anyway when the process ends. Skipping it made `check` 2–7% faster
/// (13,008 pages of real text, 10,000 generated; interleaved `hyperfine -N`
/// runs, see docs/performance.md). Binaries call this last, after every value of theirs has
/// been dropped: no destructor runs after it. Elsewhere than on Linux the
/// process exits as usual.
pub fn exit(code: u8) -> ! {
    use std::io::Write;
    // Nothing is left to report a failed flush to.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(target_os = "linux")]
    // SAFETY: `_exit` ends the process at once; the caller has flushed and
    // dropped everything it owns, and open files are closed by the kernel.
    unsafe {
        libc::_exit(i32::from(code))
    }
    #[cfg(not(target_os = "linux"))]
    std::process::exit(i32::from(code))
}
