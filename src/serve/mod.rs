//! The web service: `vnplan serve`. One process answers the JSON API under
//! `/api/v1/` and the pages people read in a browser, over the same data
//! directory and the same library calls as the command line, and runs one
//! background worker that ingests what is uploaded.
//!
//! Layout: [`state`] holds what every request shares, [`api`] the JSON routes
//! and their types, [`pages`] the HTML pages (templates in `templates/`),
//! [`uploads`] the upload store and its ingest worker, [`security`] the
//! token, the headers and the limits, [`openapi`] the API's description.

pub mod api;
pub mod compare;
pub mod openapi;
pub mod pages;
pub mod search;
pub mod security;
pub mod state;
pub mod uploads;
pub mod view;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::Router;

pub use security::Token;
pub use state::AppState;

/// How `vnplan serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// Writes (uploads) need it; without one, writes are refused.
    pub token: Option<Token>,
    /// Reads need the token too.
    pub private: bool,
    pub limits: security::Limits,
}

/// The application: every route with its layers, over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let routes = Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::require_read_token,
        ));
    security::protect(routes, state.config.limits).with_state(state)
}

/// Serves until SIGINT or SIGTERM, then lets the worker finish its checkpoint.
pub fn run(config: Config) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listen = config.listen;
        let state = Arc::new(AppState::open(config)?);
        let worker = uploads::Worker::start(state.clone());
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        eprintln!(
            "vnplan serve: http://{} (data {})",
            listener.local_addr()?,
            state.config.data_dir.display()
        );
        axum::serve(listener, router(state.clone()))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server stopped")?;
        eprintln!("vnplan serve: stopping; the ingest in progress finishes its checkpoint");
        tokio::task::spawn_blocking(move || worker.stop())
            .await
            .context("the ingest worker panicked")?;
        Ok(())
    })
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
