//! The `vnplan` command line: one module per subcommand under `cmd/`, each a
//! thin layer over the library.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

// Searching and ingesting allocate many small, short-lived buffers (postings
// blocks, tokens, snippets) from many threads, where glibc's allocator spent
// about a sixth of a loaded server's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        // A reader that stops early (`vnplan export | head`) is not an error.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("vnplan: {err:#}");
            ExitCode::from(2)
        }
    }
}
