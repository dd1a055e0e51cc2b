//! Search latency over a generated corpus (default 10,000 plans; set
//! VNPLAN_BENCH_PLANS to change it): index build time and size, then the
//! median and p99 latency of a mix of queries and filters, each run many times.

use std::time::{Duration, Instant};

use rayon::prelude::*;
use vnplan::index::search::{search, Filters};
use vnplan::index::PlanIndex;
use vnplan::model::ProjectKey;

const RUNS_PER_QUERY: usize = 50;

fn main() {
    let plans: u64 = std::env::var("VNPLAN_BENCH_PLANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let index = PlanIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    // Committed at the batch's checkpoints, so segments and merges are those
    // of a real `ingest`.
    let checkpoint = vnplan::batch::Options::default().checkpoint as u64;
    for first in (0..plans).step_by(checkpoint as usize) {
        (first..(first + checkpoint).min(plans))
            .into_par_iter()
            .for_each(|n| {
                let (name, text) = vnplan::synth::plan(n);
                let plan = vnplan::process(&name, text.as_bytes()).unwrap();
                writer.put(&plan).unwrap();
            });
        writer.commit().unwrap();
    }
    writer.finish().unwrap();
    let build = started.elapsed();
    let size: u64 = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // Searched as `vnplan search` does: through a mapped index.
    let index = PlanIndex::open(dir.path()).unwrap();
    let segments = index.index.searchable_segment_metas().unwrap().len();
    println!(
        "index: {plans} plans in {:.1} s, {:.1} MiB, {segments} segments",
        build.as_secs_f64(),
        size as f64 / 1048576.0
    );

    let project = |p, s| Filters {
        project: Some(ProjectKey {
            programme: "poverty-2021-2025".into(),
            project: p,
            subproject: s,
        }),
        ..Filters::default()
    };
    let queries: Vec<(&str, Filters)> = vec![
        ("Dự án 5", Filters::default()),
        ("du an 5", Filters::default()),
        ("giảm nghèo", Filters::default()),
        ("\"tỷ lệ hộ nghèo\"", Filters::default()),
        (
            "nhà ở hộ nghèo",
            Filters {
                level: Some("commune".into()),
                ..Filters::default()
            },
        ),
        (
            "cải thiện dinh dưỡng",
            Filters {
                years: Some((2023, 2024)),
                ..Filters::default()
            },
        ),
        ("", project(3, Some(1))),
        ("tập huấn", project(6, None)),
        ("tiểu dự án 2 dự án 3", Filters::default()),
        (
            "bảo hiểm y tế",
            Filters {
                kind: Some("tasks".into()),
                ..Filters::default()
            },
        ),
        (
            "",
            Filters {
                cites: Some("90/QĐ-TTg".into()),
                ..Filters::default()
            },
        ),
        (
            "Ủy ban nhân dân xã",
            Filters {
                province: Some("Gia Lai".into()),
                ..Filters::default()
            },
        ),
    ];
    let mut all: Vec<Duration> = Vec::new();
    // The first search opens the reader and maps the segments: warm up once.
    for (q, filters) in &queries {
        search(&index, q, filters, 20).unwrap();
    }
    for (q, filters) in &queries {
        let mut times: Vec<Duration> = (0..RUNS_PER_QUERY)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(search(&index, q, filters, 20).unwrap());
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "  {:<32} median {:>7.2} ms  p99 {:>7.2} ms",
            format!("{q:?} {}", describe(filters)),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "all queries: median {:.2} ms, p99 {:.2} ms ({} runs)",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        all.len()
    );
}

fn describe(f: &Filters) -> String {
    let mut parts = Vec::new();
    if let Some(l) = &f.level {
        parts.push(format!("level={l}"))
    }
    if let Some((a, b)) = f.years {
        parts.push(format!("year={a}..{b}"))
    }
    if let Some(p) = &f.project {
        parts.push(format!(
            "project={}{}",
            p.project,
            p.subproject.map_or(String::new(), |s| format!(".{s}"))
        ))
    }
    if let Some(k) = &f.kind {
        parts.push(format!("kind={k}"))
    }
    if let Some(c) = &f.cites {
        parts.push(format!("cites={c}"))
    }
    if let Some(p) = &f.province {
        parts.push(format!("province={p}"))
    }
    parts.join(" ")
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
