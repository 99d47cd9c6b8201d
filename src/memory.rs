//! The process's allocator: mimalloc, counting the bytes each thread holds, so that one
//! query evaluation's memory can be bounded ([`crate::store::cancel`]'s checkpoints compare
//! the evaluating thread's count with its budget).
//!
//! The count is the bytes a thread allocated minus those it freed (a block freed by another
//! thread is subtracted there): for an evaluation, which builds and drops its rows on its own
//! thread, it follows the memory the query holds. What an evaluation hands to another thread
//! (a chunk of serialized result) is subtracted when it leaves ([`moved_out`]). Allocations
//! made in C (RocksDB, through mimalloc's `override`) are not counted.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

/// mimalloc, counting (see the module documentation). Installed by the binary.
pub struct Counting;

thread_local! {
    /// Bytes this thread holds (allocated here minus freed here). Constant-initialised and
    /// without destructor, so the allocator may touch it at any time, even at thread exit.
    static HELD: Cell<isize> = const { Cell::new(0) };
}

fn add(bytes: isize) {
    let _ = HELD.try_with(|held| held.set(held.get().wrapping_add(bytes)));
}

/// Bytes the calling thread holds now (only counted with [`Counting`] installed).
pub fn held() -> isize {
    HELD.try_with(Cell::get).unwrap_or(0)
}

/// `bytes` allocated by this thread now belong to another one (which frees them).
pub fn moved_out(bytes: usize) {
    add(-(bytes as isize));
}

// SAFETY: every call is forwarded to mimalloc unchanged; the count is a thread-local `Cell`
// that allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            add(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if !p.is_null() {
            add(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        add(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            add(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// A budget of bytes for the work the calling thread does from now on.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    start: isize,
    limit: isize,
}

impl Budget {
    /// `limit` bytes more than the thread holds now.
    pub fn from_now(limit: usize) -> Self {
        Self {
            start: held(),
            limit: isize::try_from(limit).unwrap_or(isize::MAX),
        }
    }

    /// The bytes allowed.
    pub fn limit(&self) -> usize {
        self.limit as usize
    }

    /// Whether the thread now holds more than the budget allows.
    pub fn exceeded(&self) -> bool {
        held().saturating_sub(self.start) > self.limit
    }
}
