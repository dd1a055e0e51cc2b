//! Search over the bundled plans (seeds and corpus), through the CLI and the
//! library call, one test per promise of `vnplan search`; and the target
//! comparison.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use common::{fixtures, ingest, vnplan};
use serde_json::Value;
use vnplan::index::hits::PlanHit;
use vnplan::index::passage::passages;
use vnplan::index::search::{self, Filters, ProjectNumber, Request};
use vnplan::index::PlanIndex;
use vnplan::model::Plan;

/// One ingest of the seeds and the corpus shared by every test here.
fn data() -> &'static str {
    static DATA: OnceLock<tempfile::TempDir> = OnceLock::new();
    DATA.get_or_init(|| {
        let (dir, output) = ingest(&[&fixtures("seeds"), &fixtures("corpus")]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
    .path()
    .to_str()
    .unwrap()
}

/// The ingested plans, each validated against the schema.
fn plans() -> Vec<Plan> {
    common::plans(std::path::Path::new(data()))
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect()
}

/// The first three characters of a source file's name: "000", "06_".
fn short(path: &str) -> String {
    path.rsplit('/').next().unwrap()[..3].to_string()
}

/// Passages found, as "file#part", by `vnplan search ... --format ndjson`.
fn found(args: &[&str]) -> BTreeSet<String> {
    hits(args)
        .iter()
        .map(|hit| {
            format!(
                "{}#{}",
                short(hit["source_path"].as_str().unwrap()),
                hit["part"].as_str().unwrap()
            )
        })
        .collect()
}

/// Hits of `vnplan search ... --format ndjson`, best first.
fn hits(args: &[&str]) -> Vec<Value> {
    let mut full = vec!["search"];
    full.extend_from_slice(args);
    full.extend(["--data", data(), "--format", "ndjson", "--limit", "500"]);
    let output = vnplan(&full);
    if output.status.code() == Some(1) {
        assert!(output.stdout.is_empty());
        return Vec::new();
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn plans_of(passages: &BTreeSet<String>) -> BTreeSet<String> {
    passages.iter().map(|p| p[..3].to_string()).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn queries_people_type_or_paste() {
    let words = found(&["Dự án 5"]);
    assert!(!words.is_empty());
    assert_eq!(
        found(&["\"Dự án 5\""]),
        words,
        "a quoted project is the project"
    );
    assert_eq!(found(&["“Dự án 5”"]), words, "curly quotes too");
    assert_eq!(found(&["\"du an 5\""]), words, "and without diacritics");
    // A heading pasted whole, colon and list marker included.
    let heading = found(&["Mục tiêu: giảm nghèo"]);
    assert!(heading.contains("003#s2.1"), "{heading:?}");
    assert!(!found(&["a) Mục tiêu cụ thể"]).is_empty());
    assert!(!found(&["[Dự án 5] / (Tiểu dự án 2)"]).is_empty());
    // Operators: NOT leaves out what it names.
    let all = found(&["hộ nghèo"]);
    let without = found(&["hộ nghèo NOT “cận nghèo”"]);
    assert!(!without.is_empty() && without.len() < all.len());
    assert!(without.is_subset(&all));
    let either = found(&["nhà ở OR dinh dưỡng"]);
    assert!(found(&["nhà ở"]).is_subset(&either));
    // Errors in plain words, where they are, never the query's insides.
    for (query, message) in [
        (
            "\"giảm nghèo",
            "this quote is never closed (at character 1)",
        ),
        (
            "(nhà ở OR nước",
            "this '(' is never closed (at character 1)",
        ),
        ("nhà ở OR", "'OR' needs words after it (at character 7)"),
    ] {
        let out = vnplan(&["search", query, "--data", data()]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{stderr}");
        assert!(stderr.contains(&format!("  {query}\n")), "{stderr}");
        for leak in [
            "Syntax Error",
            "Field does not exist",
            "projects:",
            "text_folded",
        ] {
            assert!(!stderr.contains(leak), "{stderr}");
        }
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn everything_a_plan_says_is_searchable() {
    for plan in plans() {
        let all = passages(&plan);
        // The parts cover the text: no letter falls between two of them.
        let mut covered = 0;
        for span in all.iter().filter_map(|p| p.span) {
            assert!(
                !plan.text[covered..span.start]
                    .chars()
                    .any(char::is_alphanumeric),
                "{}: text between {covered} and {} is in no passage",
                plan.source.path,
                span.start
            );
            covered = span.end;
        }
        assert!(!plan.text[covered..].chars().any(char::is_alphanumeric));
        let texts: Vec<&str> = all.iter().map(|p| p.text.as_str()).collect();
        for note in &plan.footnotes {
            assert!(
                texts.iter().any(|t| t.contains(&note.text)),
                "{}",
                note.text
            );
        }
        for table in &plan.tables {
            for cell in table.rows.iter().flat_map(|r| &r.cells) {
                assert!(texts.iter().any(|t| t.contains(cell.as_str())), "{cell}");
            }
        }
    }
    // The closing, the annex and its table, a footnote, a table cell, the metadata.
    assert!(found(&["Nguyễn Văn Tuấn"]).contains("000#closing"));
    let annex = found(&["TỔNG HỢP BIỂU MẪU CHỈ TIÊU ĐĂNG KÝ GIẢM NGHÈO"]);
    assert!(
        annex.contains("000#annex") && annex.contains("000#table-1"),
        "{annex:?}"
    );
    assert!(found(&["2871/KH-UBND"]).contains("001#preamble"));
    assert!(found(&["\"TDP 2\""]).contains("000#table-1"));
    assert!(found(&["29/KH-UBND"]).contains("003#title"));
    let issuer = hits(&["Ủy ban nhân dân xã Trà Lâm"]);
    assert_eq!(short(issuer[0]["source_path"].as_str().unwrap()), "003");
}

#[test]
fn a_line_after_the_signature_is_found_in_every_plan() {
    // Generated plans, each ending with its own line after the signature.
    let dir = tempfile::tempdir().unwrap();
    let count = 40;
    for n in 0..count {
        let (name, text) = vnplan::synth::plan(n);
        let text = format!("{text}\n\nPHỤ LỤC\nDanh sách kèm theo số PL{n:04}X\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (data, output) = ingest(&[dir.path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index = PlanIndex::open(data.path()).unwrap();
    for n in 0..count {
        let request = Request {
            query: format!("PL{n:04}X"),
            ..Request::default()
        };
        let found = search::plans(&index, &request).unwrap();
        assert_eq!(found.plans.len(), 1, "PL{n:04}X");
        assert!(found.plans[0]
            .source_path
            .contains(&format!("synthetic-{n:06}")));
    }
}

#[test]
fn the_first_look_finds_plans_holding_typed_neighbours_apart() {
    // Enough plans for the plans' first look to run (it names 22 plans of
    // 200 for a page of ten), whose records are ranked by the pair the two
    // words typed side by side make: four plans hold them together, the
    // rest only apart. All are found, those holding the pair first (as the
    // passages of every plan searched directly rank them).
    let dir = tempfile::tempdir().unwrap();
    for n in 0..200u64 {
        let (name, text) = vnplan::synth::plan(n);
        let words = if (101..105).contains(&n) {
            "zorbax quxaly"
        } else {
            "zorbax và quxaly"
        };
        let text = format!("{text}\n\nPHỤ LỤC\nGhi chú {words} số {n}\n");
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (data, output) = ingest(&[dir.path()]);
    assert!(output.status.success(), "{output:?}");
    let index = PlanIndex::open(data.path()).unwrap();
    let page = |offset: usize| {
        let request = Request {
            query: "zorbax quxaly".into(),
            offset,
            limit: 10,
            ..Request::default()
        };
        search::plans(&index, &request).unwrap()
    };
    let first = page(0);
    let paths: Vec<&str> = first.plans.iter().map(|p| p.source_path.as_str()).collect();
    assert_eq!(paths.len(), 10, "{paths:?}");
    for n in 101..105 {
        let name = format!("synthetic-{n:06}");
        assert!(
            paths[..4].iter().any(|p| p.contains(&name)),
            "{name} holds the pair: {paths:?}"
        );
    }
    assert!(first.more);
    assert_eq!(page(10).plans.len(), 10);
}

#[test]
fn the_first_look_answers_every_filter_from_the_plans_records() {
    // Over 200 plans a page of ten is found by the first look, which reads
    // each filter from the plans' records: every filter must name there the
    // plans its passages hold, or the page comes back short of what the
    // passages searched directly give.
    let dir = tempfile::tempdir().unwrap();
    for n in 0..200u64 {
        let (name, text) = vnplan::synth::plan(n);
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (data, output) = ingest(&[dir.path()]);
    assert!(output.status.success(), "{output:?}");
    let index = PlanIndex::open(data.path()).unwrap();
    let first_plans = |filters: Filters, limit: usize| {
        let request = Request {
            query: "giảm nghèo".into(),
            filters,
            limit,
            ..Request::default()
        };
        search::plans(&index, &request).unwrap().plans
    };
    // Ten plans are looked for first among the records; two hundred, among
    // every passage.
    let page = |filters: Filters| first_plans(filters, 10);
    let first = page(Filters::default()).remove(0);
    let locality = first.locality.unwrap();
    let level = first.level.unwrap();
    let doc_type = first.doc_type.unwrap();
    // Communes name only themselves; a district's plan names its province.
    let province = page(Filters {
        level: Some("district".into()),
        ..Filters::default()
    })
    .into_iter()
    .find_map(|p| p.province)
    .unwrap();
    type Check = Box<dyn Fn(&PlanHit) -> bool>;
    // The plan's metadata field `of` holds `value`.
    let holding = |of: fn(&PlanHit) -> &Option<String>, value: String| -> Check {
        Box::new(move |p| of(p).as_ref() == Some(&value))
    };
    let cases: Vec<(Filters, Check)> = vec![
        (
            Filters {
                province: Some(province.to_uppercase()),
                ..Filters::default()
            },
            holding(|p| &p.province, province),
        ),
        (
            Filters {
                locality: Some(locality.clone()),
                ..Filters::default()
            },
            holding(|p| &p.locality, locality),
        ),
        (
            Filters {
                level: Some(level.clone()),
                ..Filters::default()
            },
            holding(|p| &p.level, level),
        ),
        (
            Filters {
                doc_type: Some(doc_type.clone()),
                ..Filters::default()
            },
            holding(|p| &p.doc_type, doc_type),
        ),
        (
            Filters {
                kind: Some("tasks".into()),
                ..Filters::default()
            },
            // A passage's kinds are its own and its sections'; the hit shows
            // the first: the page's length is the check.
            Box::new(|_| true),
        ),
        (
            Filters {
                programme: Some("poverty-2021-2025".into()),
                ..Filters::default()
            },
            Box::new(|p| {
                p.passages
                    .iter()
                    .all(|h| h.programmes.iter().any(|c| c == "poverty-2021-2025"))
            }),
        ),
    ];
    for (filters, holds) in cases {
        let plans = page(filters.clone());
        let every = first_plans(filters.clone(), 200).len();
        assert_eq!(plans.len(), every.min(10), "{filters:?}");
        assert!(plans.iter().all(&holds), "{filters:?}");
    }
}

#[test]
fn project_facets_come_from_every_mention() {
    // The four plans that assign sub-project 2 of project 3, through a
    // heading, a footnote on one, or a sentence naming it.
    assert_eq!(
        plans_of(&found(&["--project", "3.2"])),
        set(&["000", "001", "002", "004"])
    );
    let five = found(&["--project", "5"]);
    assert_eq!(plans_of(&five), set(&["000", "003", "004"]));
    // "Sở Xây dựng … hướng dẫn tổ chức thực hiện Dự án 5".
    assert!(five.contains("004#s3.2.6"), "{five:?}");
    assert!(found(&["--project", "3"]).is_superset(&found(&["--project", "3.2"])));
    // Printed as users write them, with their programme.
    let out = vnplan(&[
        "search",
        "--project",
        "3.2",
        "--data",
        data(),
        "--format",
        "json",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("\\u0000"), "no facet keys leak");
    let plans: Vec<Value> = serde_json::from_str(&text).unwrap();
    let projects: BTreeSet<String> = plans
        .iter()
        .flat_map(|p| p["passages"].as_array().unwrap())
        .flat_map(|h| h["projects"].as_array().unwrap().clone())
        .map(|p| {
            format!(
                "{} {}",
                p["programme"].as_str().unwrap(),
                p["number"].as_str().unwrap()
            )
        })
        .collect();
    assert!(projects.contains("poverty-2021-2025 3.2"), "{projects:?}");
    let bad = vnplan(&["search", "--project", "3.x", "--data", data()]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn programmes_keep_projects_apart() {
    let by_file = |prefix: &str| {
        plans()
            .into_iter()
            .find(|p| short(&p.source.path) == prefix)
            .unwrap()
    };
    let belongs = |plan: &Plan| -> Vec<String> {
        plan.programmes
            .iter()
            .filter(|p| p.belongs)
            .map(|p| p.code.clone())
            .collect()
    };
    assert_eq!(belongs(&by_file("06_")), ["drug-prevention-2025-2030"]);
    assert_eq!(belongs(&by_file("000")), ["poverty-2021-2025"]);
    assert!(belongs(&by_file("07_")).is_empty());
    // "Dự án 5" is the poverty programme's, unless another is asked for.
    assert!(!plans_of(&found(&["Dự án 5"])).contains("06_"));
    let drug = hits(&["Dự án 5", "--programme", "drug-prevention"]);
    assert!(!drug.is_empty());
    for hit in &drug {
        assert_eq!(short(hit["source_path"].as_str().unwrap()), "06_");
        assert!(hit["programmes"]
            .as_array()
            .unwrap()
            .contains(&Value::from("drug-prevention-2025-2030")));
    }
    assert!(drug.iter().any(|h| h["projects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["number"] == "5")));
    assert_eq!(
        plans_of(&found(&[
            "--project",
            "5",
            "--programme",
            "drug-prevention"
        ])),
        set(&["06_"])
    );
    assert_eq!(
        plans_of(&found(&["--programme", "poverty-2021-2025"])),
        set(&["000", "001", "002", "003", "004"])
    );
    let unknown = vnplan(&["search", "x", "--programme", "sports", "--data", data()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("known: "));
}

#[test]
fn relevance_meets_its_thresholds() {
    let out = vnplan(&[
        "eval-search",
        "--queries",
        common::root().join("fixtures/queries").to_str().unwrap(),
        "--data",
        data(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let unmatched: Vec<&Value> = report["queries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !q["unmatched"].as_array().unwrap().is_empty())
        .collect();
    assert!(unmatched.is_empty(), "judgements to check: {unmatched:?}");
    for level in ["passages", "plans"] {
        let s = &report[level];
        let (recall, ndcg) = (
            s["recall_at_10"].as_f64().unwrap(),
            s["ndcg_at_10"].as_f64().unwrap(),
        );
        assert!(recall >= 0.95, "{level} recall@10 {recall}");
        assert!(ndcg >= 0.9, "{level} nDCG@10 {ndcg}");
    }
}

#[test]
fn output_follows_ripgreps_conventions() {
    // Nothing found: exit 1, the message on stderr, JSON still JSON.
    let none = vnplan(&["search", "xyzzyq", "--data", data()]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty(), "results only on stdout");
    assert_eq!(
        String::from_utf8_lossy(&none.stderr).trim().lines().count(),
        1
    );
    let json = vnplan(&["search", "xyzzyq", "--data", data(), "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let parsed: Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(parsed, serde_json::json!([]));
    // Colour only for a terminal that wants it.
    let plain = vnplan(&["search", "Dự án 5", "--data", data()]);
    assert!(plain.status.success());
    assert!(
        !plain.stdout.contains(&0x1b),
        "no escape codes off a terminal"
    );
    let colored = vnplan(&["search", "Dự án 5", "--data", data(), "--color", "always"]);
    assert!(colored.stdout.contains(&0x1b));
    let no_color = Command::new(env!("CARGO_BIN_EXE_vnplan"))
        .args(["search", "Dự án 5", "--data", data()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b));
    // A reader that stops early ends the output quietly.
    let seed = fixtures("seeds").join("000_eba3d3845090eb91.txt");
    for args in [
        vec![
            "search",
            "giảm nghèo",
            "--data",
            data(),
            "--limit",
            "200",
            "--format",
            "json",
        ],
        vec!["show", seed.to_str().unwrap()],
        vec!["schema"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert_ne!(status.code(), Some(101), "{args:?} panicked: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn scores_and_snippets_hold_for_every_query_form() {
    let scored = |q: &str| -> Vec<(String, String)> {
        hits(&[q])
            .iter()
            .map(|h| {
                (
                    h["passage_id"].as_str().unwrap().to_string(),
                    format!("{:.4}", h["score"].as_f64().unwrap()),
                )
            })
            .collect()
    };
    assert_eq!(
        scored("Dự án 5"),
        scored("du an 5"),
        "same passages, same scores"
    );
    assert_eq!(scored("Kông Chro"), scored("kong chro"));
    // Every snippet chosen for a match in the passage holds it, marked.
    for q in [
        "dinh dưỡng",
        "nuoc sach",
        "Sở Xây dựng",
        "90/QD-TTg",
        "Tiểu dự án 2 dự án 3",
    ] {
        for hit in hits(&[q]) {
            let snippet = &hit["snippet"];
            if snippet["from"] == "start" {
                continue;
            }
            let text = snippet["text"].as_str().unwrap();
            let marks = snippet["highlights"].as_array().unwrap();
            assert!(!marks.is_empty(), "{q}: {text}");
            for m in marks {
                let (s, e) = (
                    m[0].as_u64().unwrap() as usize,
                    m[1].as_u64().unwrap() as usize,
                );
                assert!(s < e && e <= text.len(), "{q}: {text}");
            }
        }
    }
}

#[test]
fn filters_narrow() {
    let everything = plans_of(&found(&["giảm nghèo"]));
    assert_eq!(everything, set(&["000", "001", "002", "003", "004"]));
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--level", "district"])),
        set(&["001"])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--level", "province"])),
        set(&["004"])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--year", "2023"])),
        set(&["001", "002"])
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--year", "2022..2023"])).len(),
        3
    );
    assert_eq!(
        plans_of(&found(&["giảm nghèo", "--locality", "kong chro"])),
        set(&["000"])
    );
    let organization = found(&["giảm nghèo", "--kind", "organization"]);
    assert!(!organization.is_empty() && organization.len() < found(&["giảm nghèo"]).len());
    assert_eq!(
        plans_of(&found(&[
            "--doc-type",
            "ke hoach",
            "--province",
            "Đồng Nai"
        ])),
        set(&["06_"])
    );
    let bad = vnplan(&["search", "x", "--year", "2025..2023", "--data", data()]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn plans_narrowed_to_a_kind_or_project_are_those_with_a_passage_in_it() {
    // The plans' first look reads, for a section kind or a project, the
    // words in it in each plan; it must name every plan with a matching
    // passage in it, whether the words are in the passage or in the
    // headings above.
    let index = PlanIndex::open(std::path::Path::new(data())).unwrap();
    let queries = [
        "giảm nghèo",
        "hộ nghèo",
        "du an 5",
        "\"tỷ lệ hộ nghèo\"",
        "kinh phí thực hiện",
        "Ủy ban nhân dân",
        "bảo hiểm y tế",
        "nước sạch OR nhà ở",
        "tập huấn",
        "hộ nghèo NOT cận nghèo",
    ];
    let kinds = [
        None,
        Some("purpose"),
        Some("objectives"),
        Some("tasks"),
        Some("organization"),
        Some("preamble"),
        Some("closing"),
        Some("annex"),
        Some("table"),
    ];
    let project = |project, subproject| {
        Some(ProjectNumber {
            project,
            subproject,
        })
    };
    let projects = [
        None,
        project(1, None),
        project(3, Some(2)),
        project(5, None),
        project(6, None),
    ];
    let mut narrower = 0;
    for query in queries {
        let everywhere = Request {
            query: query.to_string(),
            limit: 1000,
            ..Request::default()
        };
        let all = search::plans(&index, &everywhere).unwrap().plans.len();
        for kind in kinds {
            for project in projects {
                let request = Request {
                    filters: Filters {
                        kind: kind.map(str::to_string),
                        project,
                        ..Filters::default()
                    },
                    ..everywhere.clone()
                };
                let asked = format!("{query} --kind {kind:?} --project {project:?}");
                let plans: BTreeSet<String> = search::plans(&index, &request)
                    .unwrap()
                    .plans
                    .into_iter()
                    .map(|p| p.document)
                    .collect();
                let hits = search::passages(&index, &request).unwrap().hits;
                assert!(hits.len() < 1000, "{asked}: more passages than asked");
                let of_passages: BTreeSet<String> = hits.into_iter().map(|h| h.document).collect();
                assert_eq!(plans, of_passages, "{asked}");
                narrower += usize::from(!plans.is_empty() && plans.len() < all);
            }
        }
    }
    assert!(narrower >= 20, "only {narrower} scopes narrowed a search");
}

#[test]
fn facet_counts_count_plans() {
    let index = PlanIndex::open(std::path::Path::new(data())).unwrap();
    let request = Request {
        query: String::new(),
        filters: Filters::default(),
        facets: true,
        ..Request::default()
    };
    let facets = search::plans(&index, &request).unwrap().facets.unwrap();
    assert_eq!(facets.plans, 8);
    let count = |list: &[vnplan::index::facets::Count], value: &str| {
        list.iter().find(|c| c.value == value).map(|c| c.plans)
    };
    assert_eq!(count(&facets.levels, "commune"), Some(3));
    assert_eq!(count(&facets.programmes, "poverty-2021-2025"), Some(5));
    assert!(facets
        .projects
        .iter()
        .any(|p| p.number == "3.2" && p.plans == 4));
    let narrowed = Request {
        query: "giảm nghèo".into(),
        filters: Filters {
            level: Some("commune".into()),
            ..Filters::default()
        },
        facets: true,
        ..Request::default()
    };
    let facets = search::plans(&index, &narrowed).unwrap().facets.unwrap();
    assert_eq!(facets.plans, 3);
    assert_eq!(facets.levels.len(), 1);
}

#[test]
fn citation_filter_returns_exactly_the_citing_plans() {
    let citing = plans_of(&found(&["--cites", "90/QĐ-TTg"]));
    assert_eq!(citing, set(&["000", "002", "003"]));
    assert_eq!(
        plans_of(&found(&["--cites", "90/QÐ-TTg"])),
        citing,
        "OCR's Ð is Đ"
    );
}

#[test]
fn exact_diacritics_rank_first() {
    // The same sentence in a plan with its diacritics, and in one whose OCR lost them,
    // padded so that BM25 alone would prefer the OCR'd one (a shorter passage).
    let dir = tempfile::tempdir().unwrap();
    let plan = |body: &str| {
        format!("KẾ HOẠCH\n\nGiảm nghèo năm 2024\n\nI. MỤC TIÊU\n\n{body}\n\nII. TỔ CHỨC THỰC HIỆN\n\nCác đơn vị thực hiện.\n")
    };
    let padding = "Các ban, ngành phối hợp thực hiện các nhiệm vụ được giao trong năm. ".repeat(12);
    std::fs::write(
        dir.path().join("exact.txt"),
        plan(&format!("Hỗ trợ cán bộ giảm nghèo cấp xã. {padding}")),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ocr.txt"),
        plan("Ho tro can bo giam ngheo cap xa."),
    )
    .unwrap();
    let (data, output) = ingest(&[dir.path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let data = data.path().to_str().unwrap();
    let search = |q: &str| -> Vec<(String, bool)> {
        let out = vnplan(&["search", q, "--data", data, "--format", "ndjson"]);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let hit: Value = serde_json::from_str(l).unwrap();
                (
                    hit["source_path"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string(),
                    hit["exact"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        search("cán bộ"),
        [
            ("exact.txt".to_string(), true),
            ("ocr.txt".to_string(), false)
        ],
        "both match, the exact spelling first"
    );
    assert_eq!(
        search("can bo").len(),
        2,
        "a query without diacritics finds both"
    );
}

#[test]
fn export_is_a_bulk_body_with_stable_ids() {
    let output = vnplan(&["export", "--format", "ndjson", "--data", data()]);
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 100 && lines.len().is_multiple_of(2));
    let mapping: Value = serde_json::from_slice(
        &std::fs::read(common::root().join("schemas/opensearch-index.json")).unwrap(),
    )
    .unwrap();
    let properties = mapping["mappings"]["properties"].as_object().unwrap();
    let mut ids = BTreeSet::new();
    for pair in lines.chunks(2) {
        let id = pair[0]["index"]["_id"].as_str().unwrap();
        assert_eq!(pair[1]["id"], id);
        assert!(ids.insert(id.to_string()), "duplicate _id {id}");
        for field in pair[1].as_object().unwrap().keys() {
            assert!(
                properties.contains_key(field),
                "{field} is not in the mapping (dynamic: strict)"
            );
        }
    }
    let again = vnplan(&["export", "--data", data()]);
    assert_eq!(again.stdout, output.stdout, "ids and order are stable");
}

#[test]
fn poverty_rate_targets_and_their_csv() {
    let table = vnplan(&["targets", "--indicator", "poverty_rate", "--data", data()]);
    assert!(
        table.status.success(),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let json = vnplan(&[
        "targets",
        "--indicator",
        "poverty_rate",
        "--format",
        "json",
        "--data",
        data(),
    ]);
    let rows: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    let values: BTreeSet<String> = rows
        .iter()
        .map(|r| format!("{}:{}", r["locality"].as_str().unwrap(), r["value"]))
        .collect();
    // A target's locality is the unit it is for, with its kind word.
    assert!(values.contains("thị trấn Kông Chro:20.28"), "{values:?}");
    assert!(values.contains("huyện Kon Rẫy:10.28"), "{values:?}");
    let from_table: Vec<&Value> = rows.iter().filter(|r| r["origin"] == "table").collect();
    assert_eq!(
        from_table.len(),
        7,
        "seed 000's annex gives a 2024 rate per residential group"
    );
    assert!(from_table
        .iter()
        .any(|r| r["locality"] == "DP 1" && r["value"] == 4.39 && r["parent"] == "Kông Chro"));
    let sorted: Vec<f64> = rows.iter().map(|r| r["value"].as_f64().unwrap()).collect();
    assert!(
        sorted.windows(2).all(|w| w[0] <= w[1]),
        "sorted by value for comparison"
    );
    let csv_out = vnplan(&[
        "targets",
        "--indicator",
        "poverty_rate",
        "--format",
        "csv",
        "--data",
        data(),
    ]);
    assert!(
        csv_out.stdout.starts_with("\u{feff}".as_bytes()),
        "CSV starts with a BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[3..]);
    let parsed: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(parsed.len(), rows.len());
    let headers = reader.headers().unwrap().clone();
    let quote_col = headers.iter().position(|h| h == "quote").unwrap();
    for (record, row) in parsed.iter().zip(&rows) {
        assert_eq!(
            &record[quote_col],
            row["quote"].as_str().unwrap(),
            "cells round-trip"
        );
    }
}

#[test]
fn facet_counts_follow_the_commits_of_a_later_ingest() {
    let inputs = tempfile::tempdir().unwrap();
    let write = |range: std::ops::Range<u64>| {
        for n in range {
            let (name, text) = vnplan::synth::plan(n);
            std::fs::write(inputs.path().join(name), text).unwrap();
        }
    };
    write(0..3);
    let data = tempfile::tempdir().unwrap();
    let run = || {
        let output = vnplan(&[
            "ingest",
            inputs.path().to_str().unwrap(),
            "--out",
            data.path().to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{output:?}");
    };
    run();
    let index = PlanIndex::open_following(data.path()).unwrap();
    let request = Request {
        query: "kế hoạch".into(),
        facets: true,
        ..Request::default()
    };
    let plans = || {
        let found = search::plans(&index, &request).unwrap();
        found.facets.unwrap().plans
    };
    assert_eq!(plans(), 3);
    // Asked again, the same counts (kept, not counted again).
    assert_eq!(plans(), 3);
    write(3..7);
    run();
    let started = std::time::Instant::now();
    while plans() != 7 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the counts never saw the new plans"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
