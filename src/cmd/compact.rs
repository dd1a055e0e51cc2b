//! `vnplan compact [--data DIR] [--segments N]`: merges the index's segments
//! into one per core (or N), dropping the passages of replaced plans. Run
//! once a large ingest is done: the batch leaves one segment per ~2,000
//! plans, and searches over many segments cost more
//! ([`vnplan::index::compact`]). Holds the data directory's writer lock, so
//! it waits for no ingest and none runs meanwhile; searches and a server
//! keep answering, and see the merged index when it is done.

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    /// Segments to leave: by default one per core of this machine.
    #[arg(long)]
    segments: Option<NonZeroUsize>,
    #[command(flatten)]
    data: DataDir,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = &args.data.dir;
    vnplan::batch::manifest::require_data_dir(dir)?;
    let _lock = vnplan::batch::store::lock(dir, "compact")?;
    let segments = args
        .segments
        .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN));
    let index = vnplan::index::PlanIndex::open_or_create(dir)?;
    let started = Instant::now();
    let done = vnplan::index::compact::compact(&index, segments)?;
    if done.merges == 0 {
        eprintln!(
            "{}: compact already: {} segments, {} documents",
            dir.display(),
            done.segments_after,
            done.documents
        );
    } else {
        eprintln!(
            "{}: {} segments merged into {} ({} documents, {} deleted dropped) in {:.1} s",
            dir.display(),
            done.segments_before,
            done.segments_after,
            done.documents,
            done.dropped,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
