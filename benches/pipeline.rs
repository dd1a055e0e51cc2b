//! Throughput of the text pipeline on the seed plans and on the corpus
//! (plans saved from web pages), in bytes per second:
//! - `floor` reads the bytes as UTF-8, normalises to NFC and hashes them: the least any
//!   pipeline over them must do, so the ratio of `full` to it can be
//!   compared across machines (printed after each set);
//! - `normalize`, `segment`, then `front` (normalise + segment + metadata)
//!   and `full`, the whole pipeline with every extractor (`vnplan::process`).
//!
//! `docx/read` reads the Word fixtures into markdown (bytes of the .docx
//! files), `docx/full` runs the whole pipeline on them; `html/read` reads web
//! pages (the fixtures, and the national database's page in ../shared/real
//! when it is there) into markdown.

// The allocator of the `vnplan` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn files(sub: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(sub);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

/// Reads the bytes as UTF-8 (the sets are), normalises to NFC (a quick
/// check first, as the pipeline does) and hashes the result.
fn floor(texts: &[(String, Vec<u8>)]) {
    for (_, data) in texts {
        let text = std::str::from_utf8(data).expect("the sets are UTF-8");
        let nfc = vnplan::vi::key::nfc(text);
        black_box(blake3::hash(nfc.as_bytes()));
    }
}

fn full(texts: &[(String, Vec<u8>)]) {
    for (path, data) in texts {
        black_box(vnplan::process(path, data).unwrap());
    }
}

/// Seconds per pass of `run` over the texts, timed for about a second.
fn seconds_per_pass(run: impl Fn()) -> f64 {
    let started = Instant::now();
    let mut passes = 0u32;
    while passes < 3 || started.elapsed() < Duration::from_secs(1) {
        run();
        passes += 1;
    }
    started.elapsed().as_secs_f64() / f64::from(passes)
}

fn stages(c: &mut Criterion, set: &str) {
    let texts = files(set);
    let bytes: usize = texts.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group(set);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("floor", |b| b.iter(|| floor(&texts)));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            for (_, data) in &texts {
                let source = vnplan::read::decode(data).unwrap();
                black_box(vnplan::normalize::normalize(&source));
            }
        })
    });
    let normalized: Vec<_> = texts
        .iter()
        .map(|(_, d)| vnplan::normalize::normalize(&vnplan::read::decode(d).unwrap()))
        .collect();
    group.bench_function("segment", |b| {
        b.iter(|| {
            for n in &normalized {
                black_box(vnplan::segment::segment(n.clone()));
            }
        })
    });
    group.bench_function("front", |b| {
        b.iter(|| {
            for (_, data) in &texts {
                let source = vnplan::read::decode(data).unwrap();
                let doc = vnplan::segment::segment(vnplan::normalize::normalize(&source));
                black_box(vnplan::extract::metadata::extract(&doc));
            }
        })
    });
    group.bench_function("full", |b| b.iter(|| full(&texts)));
    group.finish();
    // Criterion reports each stage alone; the ratio is what compares machines.
    let mib_per_s = |seconds: f64| bytes as f64 / seconds / (1024.0 * 1024.0);
    let (floor_s, full_s) = (
        seconds_per_pass(|| floor(&texts)),
        seconds_per_pass(|| full(&texts)),
    );
    eprintln!(
        "{set}: full pipeline {:.1} MiB/s, floor (UTF-8 + NFC + hash) {:.1} MiB/s: full = {:.3} x floor",
        mib_per_s(full_s),
        mib_per_s(floor_s),
        floor_s / full_s
    );
}

fn pipeline(c: &mut Criterion) {
    stages(c, "seeds");
    stages(c, "corpus");
}

fn docx(c: &mut Criterion) {
    let docs = files("docx");
    let bytes: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            for (_, data) in &docs {
                black_box(vnplan::read::docx::read(data, Default::default()).unwrap());
            }
        })
    });
    group.bench_function("full", |b| {
        b.iter(|| {
            for (path, data) in &docs {
                black_box(vnplan::process(path, data).unwrap());
            }
        })
    });
    group.finish();
}

fn html(c: &mut Criterion) {
    let mut pages = files("html");
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real/17_qd51-2025-ttg-tieu-chi-ntm-2026-2030.vbpl.html");
    if let Ok(bytes) = std::fs::read(&real) {
        pages.push((real.display().to_string(), bytes));
    }
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("html");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read", |b| {
        b.iter(|| {
            for (_, page) in &pages {
                black_box(vnplan::read::html::read(page).unwrap());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline, docx, html);
criterion_main!(benches);
