//! The `vnplan` command line: one module per subcommand under `cmd/`, each a
//! thin layer over the library.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("vnplan: {err:#}");
            ExitCode::from(2)
        }
    }
}
