//! `vnplan export --format ndjson [--data DIR]`: writes every passage of every
//! ingested plan to stdout as an Elasticsearch/OpenSearch `_bulk` body: an
//! action line with a stable `_id`, then the passage. With the mapping in
//! schemas/opensearch-index.json, a corpus that outgrows one machine loads
//! into a cluster unchanged.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use vnplan::index::passage::passages;

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    #[arg(long, value_enum, default_value_t = Format::Ndjson)]
    format: Format,
    /// The index name written in each action line.
    #[arg(long, default_value = "vnplan")]
    index: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Ndjson,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Format::Ndjson = args.format;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for plan in super::read_plans(&args.data.dir)? {
        for p in passages(&plan?) {
            let action = json!({"index": {"_index": args.index, "_id": p.id}});
            let mut source = serde_json::to_value(&p)?;
            source["text_folded"] = source["text"].clone();
            source["context_folded"] = source["context"].clone();
            writeln!(out, "{action}")?;
            writeln!(out, "{source}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
