//! Search latency over a generated corpus (default 10,000 plans; set
//! VNPLAN_BENCH_PLANS to change it): the index's build time, size and the
//! process's peak memory, then the median and p99 latency of a mix of
//! queries and filters as `vnplan search` runs them (ten plans, three
//! passages each, snippets made), each run many times; facet counts, which
//! walk every match, are timed apart. Each run is computed afresh (the
//! index's recent answers forgotten), and a repeated search, answered from
//! them, is timed last. Then the server's mix of distinct queries
//! (`scripts/bench-serve.sh`): every two topics of `benches/topics.txt`
//! together, 2,500 queries of a page of twenty plans, each searched once,
//! afresh. The index is searched as an operator leaves it once an ingest is
//! done: compacted, one segment per core (`vnplan compact`), the time that
//! takes reported; VNPLAN_BENCH_COMPACT=0 searches it as the batch left it.
//! With VNPLAN_BENCH_DIR the index is
//! kept there and reused by the next run (a 100,000-plan build is long);
//! VNPLAN_BENCH_QUERY times only the queries of the mix containing it.

// The allocator of the `vnplan` binary, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use rayon::prelude::*;
use vnplan::index::search::{self, Filters, Request};
use vnplan::index::PlanIndex;

const RUNS_PER_QUERY: usize = 50;

fn main() {
    let plans: u64 = std::env::var("VNPLAN_BENCH_PLANS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let temporary = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("VNPLAN_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temporary.path().to_path_buf());
    let started = Instant::now();
    let built = PlanIndex::open(&dir).is_err();
    if built {
        build(&dir, plans);
    }
    let build = started.elapsed();
    let build_peak = peak_rss_mib();
    let compaction = (std::env::var("VNPLAN_BENCH_COMPACT").as_deref() != Ok("0")).then(|| {
        let started = Instant::now();
        let index = PlanIndex::open_or_create(&dir).unwrap();
        let cores = std::thread::available_parallelism().unwrap();
        let done = vnplan::index::compact::compact(&index, cores).unwrap();
        (done, started.elapsed())
    });
    let size: u64 = std::fs::read_dir(dir.join("index"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // Searched as `vnplan search` does: through a mapped index.
    let index = PlanIndex::open(&dir).unwrap();
    let segments = index.index.searchable_segment_metas().unwrap();
    let passages: u32 = segments.iter().map(|s| s.num_docs()).sum();
    let size_mib = size as f64 / 1048576.0;
    if built {
        println!(
            "index: {plans} plans, {passages} passages in {:.1} s, {size_mib:.1} MiB on disk, {} segments; peak RSS while building {build_peak:.0} MiB",
            build.as_secs_f64(),
            segments.len()
        );
    } else {
        println!(
            "index reused from {}: {passages} passages, {size_mib:.1} MiB on disk, {} segments",
            dir.display(),
            segments.len()
        );
    }
    if let Some((done, took)) = compaction {
        println!(
            "compacted: {} segments into {} in {:.1} s; peak RSS {:.0} MiB",
            done.segments_before,
            done.segments_after,
            took.as_secs_f64(),
            peak_rss_mib()
        );
    }

    let with = |f: fn(&mut Filters)| {
        let mut filters = Filters::default();
        f(&mut filters);
        filters
    };
    let mut queries: Vec<(&str, Filters)> = vec![
        ("Dự án 5", Filters::default()),
        ("du an 5", Filters::default()),
        ("giảm nghèo", Filters::default()),
        ("\"tỷ lệ hộ nghèo\"", Filters::default()),
        ("nhà ở hộ nghèo", with(|f| f.level = Some("commune".into()))),
        (
            "cải thiện dinh dưỡng",
            with(|f| f.years = Some((2023, 2024))),
        ),
        ("", with(|f| f.project = Some("3.1".parse().unwrap()))),
        ("tập huấn", with(|f| f.project = Some("6".parse().unwrap()))),
        ("tiểu dự án 2 dự án 3", Filters::default()),
        ("bảo hiểm y tế", with(|f| f.kind = Some("tasks".into()))),
        ("", with(|f| f.cites = Some("90/QĐ-TTg".into()))),
        (
            "Ủy ban nhân dân xã",
            with(|f| f.province = Some("Gia Lai".into())),
        ),
        ("90/QD-TTg", Filters::default()),
        ("Mục tiêu: giảm nghèo", Filters::default()),
        ("nước sạch OR nhà ở", Filters::default()),
        ("hộ nghèo NOT cận nghèo", Filters::default()),
        (
            "Dự án 5",
            with(|f| f.programme = Some("drug-prevention".into())),
        ),
    ];
    // VNPLAN_BENCH_QUERY keeps the queries containing it, and only them:
    // one query to profile.
    let only = std::env::var("VNPLAN_BENCH_QUERY").ok();
    if let Some(only) = &only {
        queries.retain(|(q, _)| q.contains(only.as_str()));
    }
    let request = |q: &str, filters: &Filters, facets: bool| Request {
        query: q.to_string(),
        filters: filters.clone(),
        facets,
        ..Request::default()
    };
    // The first search opens the reader and maps the segments: warm up once.
    for (q, filters) in &queries {
        search::plans(&index, &request(q, filters, false)).unwrap();
    }
    // Each run computed afresh: the index's recent answers forgotten first.
    let afresh = || index.forget_recent_answers();
    let mut all: Vec<Duration> = Vec::new();
    for (q, filters) in &queries {
        let r = request(q, filters, false);
        let times = timed(afresh, || {
            std::hint::black_box(search::plans(&index, &r).unwrap());
        });
        println!(
            "  {:<44} median {:>7.2} ms  p99 {:>7.2} ms",
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
    if only.is_some() {
        return;
    }
    for (q, filters) in queries.iter().take(3) {
        let r = request(q, filters, true);
        let times = timed(afresh, || {
            std::hint::black_box(search::plans(&index, &r).unwrap());
        });
        println!(
            "  with facet counts {:<26} median {:>7.2} ms  p99 {:>7.2} ms",
            format!("{q:?}"),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        );
    }
    distinct_topic_pairs(&index, afresh);
    let repeated = request("giảm nghèo", &Filters::default(), true);
    search::plans(&index, &repeated).unwrap();
    let kept = timed(
        || {},
        || {
            std::hint::black_box(search::plans(&index, &repeated).unwrap());
        },
    );
    println!(
        "  repeated, answer kept, with facet counts \"giảm nghèo\" median {:>7.2} ms  p99 {:>7.2} ms",
        ms(percentile(&kept, 0.5)),
        ms(percentile(&kept, 0.99))
    );
    println!("peak RSS {:.0} MiB", peak_rss_mib());
}

/// Topics users search for, one per line: the distinct-query mix here and
/// in `scripts/bench-serve.sh`.
const TOPICS: &str = include_str!("topics.txt");

/// Every two topics together, each query searched once as the API does (a
/// page of twenty plans), afresh: what a server meets when no question repeats.
fn distinct_topic_pairs(index: &PlanIndex, afresh: impl Fn()) {
    let topics: Vec<&str> = TOPICS.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut times = Vec::new();
    let started = Instant::now();
    for a in &topics {
        for b in &topics {
            let r = Request {
                query: format!("{a} {b}"),
                limit: 20,
                ..Request::default()
            };
            afresh();
            let t = Instant::now();
            std::hint::black_box(search::plans(index, &r).unwrap());
            times.push(t.elapsed());
        }
    }
    let total = started.elapsed();
    times.sort();
    println!(
        "distinct two-topic queries, 20 plans each: {} queries, {:.0} per second on one thread, median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms",
        times.len(),
        times.len() as f64 / total.as_secs_f64(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.9)),
        ms(percentile(&times, 0.99))
    );
}

/// An index of `plans` generated plans in `dir`, committed at the batch's
/// checkpoints so that segments and merges are those of a real `ingest`.
fn build(dir: &std::path::Path, plans: u64) {
    let index = PlanIndex::open_or_create(dir).unwrap();
    let mut writer = index.writer().unwrap();
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
}

/// `run`'s times, sorted, `before` (untimed) ahead of each run.
fn timed(mut before: impl FnMut(), mut run: impl FnMut()) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..RUNS_PER_QUERY)
        .map(|_| {
            before();
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn describe(f: &Filters) -> String {
    let mut parts = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            parts.push(format!("{name}={v}"));
        }
    };
    add("level", f.level.clone());
    add("year", f.years.map(|(a, b)| format!("{a}..{b}")));
    add("project", f.project.map(|p| p.to_string()));
    add("programme", f.programme.clone());
    add("kind", f.kind.clone());
    add("cites", f.cites.clone());
    add("province", f.province.clone());
    parts.join(" ")
}

/// The process's peak resident memory (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
