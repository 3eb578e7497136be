//! The `wikigraph` binary: parse arguments, call the library, map the
//! outcome to an exit status.

mod cli;

// A whole wiki is millions of small strings made on two or more threads:
// mimalloc's thread-local heaps allocate and free them far faster than the
// system allocator.
#[global_allocator]
static GLOBAL: wikigraph::allocator::MiMalloc = wikigraph::allocator::MiMalloc;

fn main() {
    wikigraph::process::no_huge_pages();
    let code = cli::main();
    wikigraph::process::exit(code)
}
