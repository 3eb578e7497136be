//! Writing a large export without filling the page cache with it.
//!
//! An export is synced before it is renamed into place, so every byte goes
//! to the disk before `build` ends anyway. Left to the kernel, the write-out
//! starts late (at the sync, or when dirty pages pass a threshold) and the
//! written pages then stay cached, pushing the wiki's own pages out: a
//! million pages' 34 GB of exports do not fit in memory, and the writers
//! ended up reclaiming memory themselves. [`Writeback`] starts the write-out
//! of each step as soon as it is written, waits for the step before it and
//! drops that one from the cache, so the disk works while the exports are
//! rendered and the cache holds at most two steps of each file.

use std::fs::File;
use std::io::{self, Write};

/// How much is written between two hand-overs to the disk.
const STEP: u64 = 32 << 20;

/// A writer into a regular file that hands each [`STEP`] to the disk as
/// soon as it is written (Linux; elsewhere it only writes).
pub(crate) struct Writeback<'f> {
    file: &'f File,
    step: u64,
    /// Bytes written so far.
    written: u64,
    /// Write-out has been started for everything before this offset.
    started: u64,
    /// Everything before this offset is on disk and dropped from the cache.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    dropped: u64,
}

impl<'f> Writeback<'f> {
    /// A writer at the start of `file`, which must be a regular file
    /// opened for writing and empty.
    pub(crate) fn new(file: &'f File) -> Self {
        Self::with_step(file, STEP)
    }

    fn with_step(file: &'f File, step: u64) -> Self {
        Writeback {
            file,
            step,
            written: 0,
            started: 0,
            dropped: 0,
        }
    }

    /// Starts the write-out of what was written since the last call, then
    /// waits for the range before it and drops it from the cache. These are
    /// hints: an error here is reported by the sync that ends every export.
    fn hand_over(&mut self) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = self.file.as_raw_fd();
            let offset = |n: u64| libc::off64_t::try_from(n).unwrap_or(libc::off64_t::MAX);
            // SAFETY: sync_file_range and posix_fadvise take a descriptor
            // this writer borrows for its whole life, and plain integers;
            // they touch no memory of this process.
            unsafe {
                libc::sync_file_range(
                    fd,
                    offset(self.started),
                    offset(self.written - self.started),
                    libc::SYNC_FILE_RANGE_WRITE,
                );
                if self.started > self.dropped {
                    let (from, len) = (offset(self.dropped), offset(self.started - self.dropped));
                    libc::sync_file_range(
                        fd,
                        from,
                        len,
                        libc::SYNC_FILE_RANGE_WAIT_BEFORE
                            | libc::SYNC_FILE_RANGE_WRITE
                            | libc::SYNC_FILE_RANGE_WAIT_AFTER,
                    );
                    libc::posix_fadvise(fd, from, len, libc::POSIX_FADV_DONTNEED);
                }
            }
            self.dropped = self.started;
        }
        self.started = self.written;
    }
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= self.step {
            self.hand_over();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn what_is_written_is_in_the_file() {
        let mut tmp = tempfile::tempfile().unwrap();
        let data: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
        {
            let mut w = Writeback::with_step(&tmp, 4096);
            for piece in data.chunks(1000) {
                w.write_all(piece).unwrap();
            }
            w.flush().unwrap();
            assert_eq!(w.written, data.len() as u64);
            // Many steps were handed over, and all but the last dropped.
            assert!(w.started > 300_000, "{}", w.started);
            #[cfg(target_os = "linux")]
            assert!(w.dropped > 0 && w.dropped < w.started);
        }
        use std::io::Seek;
        tmp.rewind().unwrap();
        let mut back = Vec::new();
        tmp.read_to_end(&mut back).unwrap();
        assert!(back == data, "the file differs from what was written");
    }
}
