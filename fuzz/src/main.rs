//! `vnplan-fuzz TARGET`: runs one fuzz target under AFL++ (see fuzz/README.md);
//! `vnplan-fuzz seed DIR`: writes a starting corpus for every target, cut
//! from the fixtures.

#[path = "../targets.rs"]
mod targets;

use std::io::Read;
use std::path::{Path, PathBuf};

use vnplan::read::legacy::{from_unicode, Legacy};

/// AFL works best on small inputs: each fixture gives pieces of this size.
const PIECE_BYTES: usize = 4096;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("seed") if args.len() == 3 => seed(Path::new(&args[2])),
        Some(name) => match targets::TARGETS.iter().find(|(n, _)| *n == name) {
            Some(&(_, entry)) => afl::fuzz!(|data: &[u8]| entry(data)),
            None => usage(),
        },
        None => usage(),
    }
}

fn usage() -> ! {
    let names: Vec<&str> = targets::TARGETS.iter().map(|(n, _)| *n).collect();
    eprintln!("usage: vnplan-fuzz TARGET | seed DIR; targets: {}", names.join(", "));
    std::process::exit(2);
}

fn seed(out: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut texts = Vec::new();
    for folder in ["seeds", "corpus"] {
        for file in files(&fixtures.join(folder)) {
            let text = std::fs::read_to_string(&file).expect("UTF-8 fixture");
            texts.push((stem(&file), text));
        }
    }
    for (target, _) in targets::TARGETS {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).expect("seed folder");
        let seeds = match *target {
            "docx" => whole_files(&fixtures.join("docx")),
            "docx-body" => document_parts(&fixtures.join("docx")),
            "html" => whole_files(&fixtures.join("html")),
            "query" => queries(&fixtures.join("queries/fixtures.json")),
            _ => text_pieces(target, &texts),
        };
        for (name, bytes) in seeds {
            std::fs::write(dir.join(name), bytes).expect("seed file");
        }
    }
}

/// The files of `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Three pieces of each text, in the legacy encodings for `legacy`.
fn text_pieces(target: &str, texts: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for (name, text) in texts {
        for (i, piece) in pieces(text).enumerate().take(3) {
            let bytes: Vec<Vec<u8>> = if target == "legacy" {
                [Legacy::Tcvn3, Legacy::Vni]
                    .iter()
                    .map(|&l| from_unicode(piece, l).chars().map(|c| c as u32 as u8).collect())
                    .collect()
            } else {
                vec![piece.as_bytes().to_vec()]
            };
            for (k, b) in bytes.into_iter().enumerate() {
                seeds.push((format!("{name}-{i}-{k}"), b));
            }
        }
    }
    seeds
}

fn whole_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| (stem(&f), std::fs::read(&f).expect("fixture")))
        .collect()
}

/// The document part of each DOCX fixture, as `docx-body` takes it.
fn document_parts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).expect("fixture");
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
            let mut part = Vec::new();
            archive
                .by_name(targets::DOCUMENT_PART)
                .expect("document part")
                .read_to_end(&mut part)
                .expect("document part");
            (stem(&f), part)
        })
        .collect()
}

/// Every query of the search fixtures.
fn queries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("query fixtures")).expect("JSON");
    json["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .enumerate()
        .filter_map(|(i, q)| Some((format!("query-{i}"), q["query"].as_str()?.as_bytes().to_vec())))
        .collect()
}

/// `text` in pieces of about [`PIECE_BYTES`], cut at line ends.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(PIECE_BYTES);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if end < rest.len() {
            end = rest[..end].rfind('\n').map_or(end, |n| n + 1);
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}
