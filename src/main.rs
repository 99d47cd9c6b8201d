/// mimalloc: less fragmentation and faster small allocations than glibc's
/// malloc across the bulk loader's and the query pool's threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    maillage::cli::main()
}
