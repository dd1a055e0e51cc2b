//! `vnplan failures [--data DIR] [--json]`: every input whose last run failed,
//! with when, the reason and the error, oldest first. Reads only. Exits 1
//! when there is any, so that a job can alert on it.

use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::Result;
use vnplan::batch::manifest::{Manifest, Status};

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// One JSON object per failure, one per line.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let manifest = Manifest::open_read_only(&args.data.dir)?;
    let mut failed: Vec<_> = manifest
        .entries()?
        .into_iter()
        .filter(|e| e.status == Status::Failed)
        .collect();
    failed.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.path.cmp(&b.path)));
    for e in &failed {
        let when = humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(e.at));
        if args.json {
            let line = serde_json::json!({
                "path": e.path,
                "at": when.to_string(),
                "reason": e.reason,
                "error": e.error,
                "hash": e.hash,
            });
            println!("{line}");
        } else {
            println!(
                "{when}  {}  {}: {}",
                e.reason.as_deref().unwrap_or("failed"),
                e.path,
                e.error.as_deref().unwrap_or_default()
            );
        }
    }
    if !args.json {
        eprintln!(
            "{} failed inputs in {}",
            failed.len(),
            args.data.dir.display()
        );
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
