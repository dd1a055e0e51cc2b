//! `vnplan plans [--tree] [--format table|json]`: the ingested plans, and
//! with `--tree` the hierarchy their citations draw (province, district,
//! commune), each plan under the plans it implements, with the citations
//! of local plans that are not ingested. JSON gives every plan with the
//! plans it implements and those that implement it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use vnplan::compare::hierarchy::hierarchy;
use vnplan::model::Plan;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// Each plan under the plans it implements.
    #[arg(long)]
    tree: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let plans: Vec<Plan> = super::read_plans(&args.data.dir)?.collect::<Result<_>>()?;
    let hierarchy = hierarchy(&plans);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match (args.format, args.tree) {
        (Format::Json, _) => writeln!(out, "{}", serde_json::to_string_pretty(&hierarchy)?)?,
        (Format::Table, true) => write!(out, "{}", hierarchy.tree())?,
        (Format::Table, false) => {
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            table.set_header([
                "locality",
                "level",
                "plan",
                "date",
                "implements",
                "implemented by",
                "id",
            ]);
            for node in &hierarchy.nodes {
                table.add_row([
                    node.locality.clone().unwrap_or_default(),
                    node.level.clone().unwrap_or_default(),
                    node.plan.clone(),
                    node.date.clone().unwrap_or_default(),
                    node.implements.len().to_string(),
                    node.implemented_by.len().to_string(),
                    node.plan_id.clone(),
                ]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
