fn main() -> std::process::ExitCode {
    maillage::cli::main()
}
