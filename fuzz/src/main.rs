//! `vnplan-fuzz TARGET`: runs one fuzz target under AFL++ (see fuzz/README.md);
//! `vnplan-fuzz seed DIR`: writes a starting corpus for every target, cut
//! from the fixtures.

#[path = "../targets.rs"]
mod targets;

use std::path::Path;

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
        let mut files: Vec<_> = std::fs::read_dir(fixtures.join(folder))
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("UTF-8 fixture");
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            texts.push((name, text));
        }
    }
    for (target, _) in targets::TARGETS {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).expect("seed folder");
        for (name, text) in &texts {
            for (i, piece) in pieces(text).enumerate().take(3) {
                let bytes: Vec<Vec<u8>> = if *target == "legacy" {
                    [Legacy::Tcvn3, Legacy::Vni]
                        .iter()
                        .map(|&l| from_unicode(piece, l).chars().map(|c| c as u32 as u8).collect())
                        .collect()
                } else {
                    vec![piece.as_bytes().to_vec()]
                };
                for (k, b) in bytes.iter().enumerate() {
                    std::fs::write(dir.join(format!("{name}-{i}-{k}")), b).expect("seed file");
                }
            }
        }
    }
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
