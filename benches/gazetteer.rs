//! Gazetteer lookups, per call: building it from the embedded data, resolving
//! a name (unique; without diacritics; shared by many communes and settled by
//! context; with its kind word in front) and finding the places of a sentence.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use vnplan::gazetteer::{self, Context, Era, Gazetteer};

fn lookups(c: &mut Criterion) {
    let g = gazetteer::get();
    let old = Context::new(Some(Era::Before2025));
    let district = g
        .resolve("Kông Chro", Some("huyện"), &old)
        .unique()
        .unwrap()
        .id;
    let within = old.clone().within(district);
    let mut group = c.benchmark_group("gazetteer");
    group.bench_function("load", |b| b.iter(|| black_box(Gazetteer::load())));
    group.bench_function("resolve", |b| {
        b.iter(|| black_box(g.resolve(black_box("Kông Chro"), Some("thị trấn"), &old)))
    });
    group.bench_function("resolve_folded", |b| {
        b.iter(|| black_box(g.resolve(black_box("dak pling"), Some("xã"), &old)))
    });
    group.bench_function("resolve_shared_name_in_context", |b| {
        b.iter(|| black_box(g.resolve(black_box("Yang Trung"), Some("xã"), &within)))
    });
    group.bench_function("resolve_ambiguous", |b| {
        b.iter(|| black_box(g.resolve(black_box("Tân Lập"), Some("xã"), &old)))
    });
    group.bench_function("resolve_phrase", |b| {
        b.iter(|| black_box(g.resolve_phrase(black_box("TP. Huế"), &old)))
    });
    let by_code = |b: &mut criterion::Bencher| {
        b.iter(|| {
            let unit = g.by_code(Era::Before2025, black_box("23824")).unwrap();
            black_box(g.place(unit.id))
        })
    };
    group.bench_function("by_code_with_parents", by_code);
    let sentence = "Phấn đấu tỷ lệ hộ nghèo ở huyện Kông Chro giảm 5%/năm, trong đó các xã \
                    Đăk Pling, Ya Ma và Chơ Long thuộc huyện Kông Chro giảm 6%/năm.";
    group.bench_function("mentions", |b| {
        b.iter(|| black_box(g.mentions(black_box(sentence), &old)))
    });
    group.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
