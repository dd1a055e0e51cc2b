//! Text layers, from one of two engines: `pdftotext -layout` (poppler) or
//! the pdf-extract crate. pdf-extract can panic, overflow its stack or hang
//! on malformed files, none of which catch_unwind stops, so it runs in a
//! child process (`vnplan pdf-worker`, hidden) under a time and a memory
//! limit, as the poppler tools do.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Layer, Options};
use crate::read::child;

/// Every page's text layer, in order.
pub fn read(path: &Path, engine: Layer, options: &Options) -> Result<Vec<String>, String> {
    match engine {
        Layer::PdfExtract => {
            let mut cmd = Command::new(worker_executable());
            cmd.arg("pdf-worker").arg(path);
            let limits = child::Limits {
                memory: Some(options.memory),
                ..options.tool_limits()
            };
            let out = child::run_text(cmd, limits).map_err(|e| format!("pdf-extract: {e}"))?;
            serde_json::from_str(&out)
                .map_err(|e| format!("pdf-extract: unreadable worker output: {e}"))
        }
        Layer::Pdftotext => {
            let mut cmd = Command::new("pdftotext");
            cmd.args(["-layout", "-enc", "UTF-8"]).arg(path).arg("-");
            let out = child::run_text(cmd, options.tool_limits())
                .map_err(|e| format!("pdftotext: {e}"))?;
            let mut pages: Vec<String> = out.split('\u{c}').map(str::to_string).collect();
            if pages.last().is_some_and(|p| p.trim().is_empty()) {
                pages.pop();
            }
            Ok(pages)
        }
    }
}

/// The vnplan executable that serves `pdf-worker`: this one, or, when this is
/// a test harness, the vnplan binary built beside it.
fn worker_executable() -> PathBuf {
    if let Some(path) = std::env::var_os("VNPLAN_WORKER") {
        return path.into();
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vnplan"));
    if exe.file_stem().is_some_and(|s| s == "vnplan") {
        return exe;
    }
    let beside = |dir: Option<&Path>| dir.map(|d| d.join("vnplan")).filter(|p| p.exists());
    beside(exe.parent())
        .or_else(|| beside(exe.parent().and_then(Path::parent)))
        .unwrap_or(exe)
}

/// The body of `vnplan pdf-worker FILE`: every page's text, as a JSON array.
pub fn worker(path: &Path) -> Result<String, String> {
    let pages = pdf_extract::extract_text_by_pages(path).map_err(|e| e.to_string())?;
    serde_json::to_string(&pages).map_err(|e| e.to_string())
}
