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
use std::sync::mpsc;
use std::thread::JoinHandle;

/// How much is written between two hand-overs to the disk. Small enough
/// that little is left for the sync that ends an export (`build` of a
/// 13,000-page wiki: 452 ms with 32 MB steps, 411 ms with 8 MB; 4 and
/// 16 MB did no better), large enough that a hand-over is rare.
const STEP: u64 = 8 << 20;

/// A writer into a regular file that hands each [`STEP`] to the disk as
/// soon as it is written (Linux; elsewhere it only writes).
///
/// The hand-overs run on a thread of their own, started with the first
/// one: starting the write-out of a step takes milliseconds in the kernel,
/// and waiting for the step before can take longer, time in which the
/// writer (what a large export waits on) now goes on copying.
pub(crate) struct Writeback<'f> {
    file: &'f File,
    step: u64,
    /// Bytes written so far.
    written: u64,
    /// Bytes handed over so far.
    handed: u64,
    /// The thread that hands written ranges to the disk, and the channel
    /// that tells it how far the file is written.
    disk: Option<(mpsc::Sender<u64>, JoinHandle<Handover>)>,
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
            handed: 0,
            disk: None,
        }
    }

    /// Hands everything written so far to the disk thread (started on first
    /// use). These are hints: when no thread can be started or the file
    /// cannot be shared with it, the file is written all the same, and the
    /// sync that ends every export reports any error.
    fn hand_over(&mut self) {
        self.handed = self.written;
        if self.disk.is_none() {
            let Ok(file) = self.file.try_clone() else {
                return;
            };
            let (tx, rx) = mpsc::channel::<u64>();
            let thread = std::thread::Builder::new()
                .name("wikigraph-writeback".into())
                .spawn(move || {
                    let mut h = Handover::new(file);
                    for written in rx {
                        h.advance(written);
                    }
                    h
                });
            match thread {
                Ok(t) => self.disk = Some((tx, t)),
                Err(_) => return,
            }
        }
        if let Some((tx, _)) = &self.disk {
            // The thread ends only when this sender is dropped.
            let _ = tx.send(self.written);
        }
    }

    /// Waits for the disk thread to be done with everything handed over.
    fn finish(&mut self) -> Option<Handover> {
        let (tx, thread) = self.disk.take()?;
        drop(tx);
        thread.join().ok()
    }
}

impl Write for Writeback<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.handed >= self.step {
            self.hand_over();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Writeback<'_> {
    /// The file is synced after its writer is dropped: the disk thread is
    /// done with it first.
    fn drop(&mut self) {
        self.finish();
    }
}

/// The disk thread's side: how far write-out has been started, and how
/// far it is done and dropped from the cache.
#[derive(Debug)]
struct Handover {
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    file: File,
    /// Write-out has been started for everything before this offset.
    started: u64,
    /// Everything before this offset is on disk and dropped from the cache.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    dropped: u64,
}

impl Handover {
    fn new(file: File) -> Self {
        Handover {
            file,
            started: 0,
            dropped: 0,
        }
    }

    /// Starts the write-out of what was written since the last call up to
    /// `written`, then waits for the range before it and drops it from the
    /// cache.
    fn advance(&mut self, written: u64) {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = self.file.as_raw_fd();
            let offset = |n: u64| libc::off64_t::try_from(n).unwrap_or(libc::off64_t::MAX);
            // SAFETY: sync_file_range and posix_fadvise take a descriptor
            // this thread owns, and plain integers; they touch no memory of
            // this process.
            unsafe {
                libc::sync_file_range(
                    fd,
                    offset(self.started),
                    offset(written.saturating_sub(self.started)),
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
        self.started = written;
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
            let h = w.finish().expect("a disk thread");
            assert!(h.started > 300_000, "{}", h.started);
            #[cfg(target_os = "linux")]
            assert!(h.dropped > 0 && h.dropped < h.started);
        }
        use std::io::Seek;
        tmp.rewind().unwrap();
        let mut back = Vec::new();
        tmp.read_to_end(&mut back).unwrap();
        assert!(back == data, "the file differs from what was written");
    }

    #[test]
    fn a_small_file_starts_no_thread() {
        let tmp = tempfile::tempfile().unwrap();
        let mut w = Writeback::with_step(&tmp, 4096);
        w.write_all(&[1; 4095]).unwrap();
        assert!(w.disk.is_none());
        w.write_all(&[2]).unwrap();
        assert!(w.disk.is_some());
    }
}
