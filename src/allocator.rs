//! The memory allocator the binaries install: mimalloc, asked for a plain
//! block wherever a plain block is aligned enough.
//!
//! `mimalloc::MiMalloc` asks for every block through `mi_malloc_aligned`,
//! whose fast path only serves blocks of up to 1 KiB; a larger string or
//! list, even one of bytes, goes through its generic path, which
//! over-allocates and aligns by hand. On the 2,000 generated pages that cost
//! about 3% of `check`'s instructions (see docs/performance.md). Every
//! block of mimalloc's is aligned to a machine word (its sizes are whole
//! words, from a page start aligned to 16 bytes), so a layout that needs no
//! more than that is served by `mi_malloc`. (mimalloc's guarded pages, a
//! debugging aid this build does not compile in, would place blocks with
//! no alignment: a build with them would need the aligned calls always.)

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as ffi;

/// The largest alignment every block of mimalloc's has: one machine word.
const WORD: usize = core::mem::size_of::<usize>();

/// mimalloc, through its plain entry points when the alignment allows.
#[derive(Debug, Default, Clone, Copy)]
pub struct MiMalloc;

// SAFETY: each method hands the layout's size (and, beyond a word, its
// alignment) to mimalloc, which returns a block of at least that size and
// alignment, or null; blocks are freed and resized by mimalloc, which finds
// their size itself.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { new_block(layout, ffi::mi_malloc, ffi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe { new_block(layout, ffi::mi_zalloc, ffi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator (the caller's contract).
        unsafe { ffi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe {
            if layout.align() <= WORD {
                ffi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

/// A new block for `layout` from `plain` when a word's alignment is
/// enough, else from `aligned`.
///
/// # Safety
/// As `GlobalAlloc::alloc`: `layout` has a nonzero size.
#[inline(always)]
unsafe fn new_block(
    layout: Layout,
    plain: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: both are mimalloc's allocation calls, given a size (and an
    // alignment, a power of two as every `Layout`'s is).
    unsafe {
        if layout.align() <= WORD {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class up to a few pages, for every alignment a
    /// Rust type can ask for here, come back aligned, hold what was
    /// written, and keep it through a resize.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = MiMalloc;
        let sizes = (1..=300).chain((301..70_000).step_by(997));
        for size in sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a nonzero layout; each block is freed once, with
                // the layout it has.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xa5, size);
                    let grown = size * 3 + 1;
                    let q = a.realloc(p, layout, grown);
                    assert_eq!(q as usize % align, 0, "resized {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xa5));
                    a.dealloc(q, Layout::from_size_align_unchecked(grown, align));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed {size} align {align}");
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
