/// mimalloc: less fragmentation and faster small allocations than glibc's
/// malloc across the bulk loader's and the query pool's threads; counting what
/// each thread holds, for the per-query memory limit.
#[global_allocator]
static ALLOCATOR: maillage::memory::Counting = maillage::memory::Counting;

fn main() -> std::process::ExitCode {
    maillage::cli::main()
}
