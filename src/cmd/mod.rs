//! Subcommands. Each file opens with what its command does.

mod eval;
mod ingest;
mod schema;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "vnplan",
    version,
    about = "Turns Vietnamese poverty-reduction plans into structured, searchable data"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Ingest(ingest::Args),
    Show(show::Args),
    Eval(eval::Args),
    Schema(schema::Args),
}

/// The data directory every command shares: `--data`/`--out`, else $VNPLAN_DATA, else ./vnplan-data.
#[derive(clap::Args, Clone)]
pub struct DataDir {
    /// Data directory (plans/, index/); defaults to $VNPLAN_DATA, else ./vnplan-data.
    #[arg(
        long = "data",
        visible_alias = "out",
        env = "VNPLAN_DATA",
        default_value = "vnplan-data"
    )]
    pub dir: PathBuf,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Show(args) => show::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Schema(args) => schema::run(args),
    }
}
