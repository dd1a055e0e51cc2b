//! Throughput of the text pipeline on the seed plans, in bytes per second:
//! `front` is normalise + segment + metadata (the core issue's measure),
//! `full` adds every extractor (citations, targets, projects, tables).
//! `docx/read` reads the Word fixtures into markdown (bytes of the .docx
//! files), `docx/full` runs the whole pipeline on them; `html/read` reads web
//! pages (the fixtures, and the national database's page in ../shared/real
//! when it is there) into markdown.

use std::path::PathBuf;

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

fn pipeline(c: &mut Criterion) {
    let seeds = files("seeds");
    let bytes: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            for (_, data) in &seeds {
                let source = vnplan::read::decode(data).unwrap();
                black_box(vnplan::normalize::normalize(&source));
            }
        })
    });
    let normalized: Vec<_> = seeds
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
            for (_, data) in &seeds {
                let source = vnplan::read::decode(data).unwrap();
                let doc = vnplan::segment::segment(vnplan::normalize::normalize(&source));
                black_box(vnplan::extract::metadata::extract(&doc));
            }
        })
    });
    group.bench_function("full", |b| {
        b.iter(|| {
            for (path, data) in &seeds {
                black_box(vnplan::process(path, data).unwrap());
            }
        })
    });
    group.finish();
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
