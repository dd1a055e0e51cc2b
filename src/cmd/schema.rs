//! `vnplan schema`: prints the JSON Schema of the plan JSON (schemas/plan.schema.json).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> Result<ExitCode> {
    // writeln, not println: a closed pipe is an error to end on, not a panic.
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&vnplan::write::plan_schema())?
    )?;
    Ok(ExitCode::SUCCESS)
}
