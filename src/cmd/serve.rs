//! `vnplan serve [--data DIR] [--listen 127.0.0.1:8080] [--token-file F]`: the
//! web application and its JSON API over a data directory, with a background
//! worker that ingests uploads. Writes need the token (`--token-file`, or
//! `$VNPLAN_TOKEN`); reads are open unless `--private`. Listens on loopback
//! unless told otherwise.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use vnplan::serve::{self, security::Limits, Config, Token};

use super::DataDir;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: DataDir,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// A file holding the token that uploads need.
    #[arg(long, conflicts_with = "token_env")]
    token_file: Option<PathBuf>,
    /// The token itself, from the environment.
    #[arg(
        long = "token-env",
        env = "VNPLAN_TOKEN",
        hide_env_values = true,
        hide = true
    )]
    token_env: Option<String>,
    /// Reads need the token too.
    #[arg(long)]
    private: bool,
    /// Largest upload request, in bytes.
    #[arg(long, default_value_t = Limits::default().max_upload_bytes)]
    max_upload_bytes: usize,
    /// Most files in one upload request.
    #[arg(long, default_value_t = Limits::default().max_upload_files)]
    max_upload_files: usize,
    /// Seconds to answer a request.
    #[arg(long, default_value_t = Limits::default().request_timeout.as_secs())]
    request_timeout: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let token = match (&args.token_file, &args.token_env) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the token file {}", path.display()))?;
            Some(Token::new(&text).map_err(anyhow::Error::msg)?)
        }
        (None, Some(text)) => Some(Token::new(text).map_err(anyhow::Error::msg)?),
        (None, None) => None,
    };
    if args.private && token.is_none() {
        bail!("--private needs a token (--token-file or VNPLAN_TOKEN)");
    }
    if token.is_none() {
        eprintln!("vnplan serve: no token given: uploads are refused (see --token-file)");
    }
    serve::run(Config {
        data_dir: args.data.dir,
        listen: args.listen,
        token,
        private: args.private,
        limits: Limits {
            max_upload_bytes: args.max_upload_bytes,
            max_upload_files: args.max_upload_files,
            request_timeout: Duration::from_secs(args.request_timeout),
        },
    })?;
    Ok(ExitCode::SUCCESS)
}
