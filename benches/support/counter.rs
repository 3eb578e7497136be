//! A writer that only counts bytes, for timing exports without the disk.
//! Shared by `benches/stages.rs` and `examples/stages.rs`.

/// Counts the bytes written to it.
pub struct Counter(pub usize);

impl std::io::Write for Counter {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
