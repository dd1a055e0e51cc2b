//! The web service's API, over a real `vnplan serve` process: every endpoint,
//! the token, escaping, traversal, limits, and uploads that survive a crash.

mod common;

use std::time::Duration;

use common::server::{get, upload, wait_for, Server, TOKEN};

const PATIENCE: Duration = Duration::from_secs(120);

/// A short plan in the documents' own words; `marker` makes its bytes unique.
fn plan_text(marker: &str) -> String {
    format!(
        "ỦY BAN NHÂN DÂN\nXÃ ĐẮK PLING\n\nSố: 12/KH-UBND\n\nĐắk Pling, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n\
Thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2024 {marker}\n\n\
I. MỤC TIÊU\n\nPhấn đấu giảm tỷ lệ hộ nghèo xuống còn 3,5% vào cuối năm 2024.\n\n\
II. TỔ CHỨC THỰC HIỆN\n\nCông chức Văn hóa - Xã hội chủ trì thực hiện Dự án 4.\n\n\
TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn An\n"
    )
}

fn ingested(inputs: &[&std::path::Path]) -> tempfile::TempDir {
    let (dir, output) = common::ingest(inputs);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

#[test]
fn plans_are_listed_paged_filtered_and_served_whole() {
    let data = ingested(&[&common::fixtures("seeds")]);
    let server = Server::start(data.path(), &[]);
    let all = get(&server.url("/api/v1/plans?per_page=100")).json();
    assert_eq!(all["total"], 5);
    let page = get(&server.url("/api/v1/plans?per_page=2&page=2")).json();
    assert_eq!(page["plans"].as_array().unwrap().len(), 2);
    assert_eq!(page["page"], 2);
    let communes = get(&server.url("/api/v1/plans?level=commune&per_page=100")).json();
    assert!(communes["plans"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["level"] == "commune"));
    let bad = get(&server.url("/api/v1/plans?per_page=1000"));
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("per_page"));

    let id = all["plans"][0]["id"].as_str().unwrap();
    let plan = get(&server.url(&format!("/api/v1/plans/{id}"))).json();
    assert_eq!(plan["id"], id);
    assert!(plan["sections"].as_array().unwrap().len() > 1);
    let source = get(&server.url(&format!("/api/v1/plans/{id}/source")));
    assert_eq!(source.status, 200);
    assert_eq!(
        blake3::hash(&source.body).to_hex().as_str(),
        plan["source"]["hash"]
    );
    assert!(source
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));

    let missing = get(&server.url("/api/v1/plans/0123456789abcdef"));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["status"], 404);
    assert_eq!(get(&server.url("/api/v1/nothing-here")).status, 404);
}

#[test]
fn search_answers_with_plans_passages_and_facets() {
    let data = ingested(&[&common::fixtures("seeds"), &common::fixtures("corpus")]);
    let server = Server::start(data.path(), &[]);
    let with =
        get(&server.url("/api/v1/search?q=D%E1%BB%B1+%C3%A1n+5&per_page=2&facets=true")).json();
    let without = get(&server.url("/api/v1/search?q=du+an+5&per_page=2")).json();
    assert!(without["facets"].is_null(), "facets are counted when asked");
    let ids = |answer: &serde_json::Value| -> Vec<String> {
        answer["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["plan_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&with).len(), 2, "{with}");
    assert_eq!(ids(&with), ids(&without), "diacritics are optional");
    assert_eq!(with["more"], true);
    let facets = &with["facets"];
    assert!(facets["plans"].as_u64().unwrap() > 2);
    assert!(facets["projects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["number"] == "5"));
    // One value per facet: the facets cut say how many values they have.
    let one = get(&server.url("/api/v1/search?q=du+an+5&facets=true&facet_values=1")).json();
    let projects = one["facets"]["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 1, "{one}");
    assert!(
        one["facets"]["values"]["projects"].as_u64().unwrap() > 1,
        "{one}"
    );
    assert_eq!(
        get(&server.url("/api/v1/search?q=x&facets=true&facet_values=0")).status,
        400
    );
    let snippet = &with["plans"][0]["passages"][0]["snippet"];
    let [start, end] = [0, 1].map(|i| snippet["highlights"][0][i].as_u64().unwrap() as usize);
    let text = snippet["text"].as_str().unwrap();
    assert!(text[start..end].to_lowercase().contains("án"), "{snippet}");

    // Narrowed by a facet: only plans of that level.
    let narrowed = get(&server.url("/api/v1/search?q=du+an+5&level=commune")).json();
    for plan in narrowed["plans"].as_array().unwrap() {
        assert_eq!(plan["level"], "commune", "{plan}");
    }
    let second = get(&server.url("/api/v1/search?q=du+an+5&per_page=2&page=2")).json();
    assert!(
        ids(&second).iter().all(|id| !ids(&with).contains(id)),
        "pages do not overlap"
    );

    let bad = get(&server.url("/api/v1/search?q=%22giam+ngheo"));
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("never closed"));
    let bad_project = get(&server.url("/api/v1/search?q=x&project=five"));
    assert_eq!(bad_project.status, 400);
}

/// Searches wait their turn for a core (a fair semaphore); many at once must
/// each get the answer it gets alone, none left waiting.
#[test]
fn many_searches_at_once_each_get_their_own_answer() {
    let data = ingested(&[&common::fixtures("seeds"), &common::fixtures("corpus")]);
    let server = Server::start(data.path(), &[]);
    let queries = [
        "du+an+5",
        "n%C6%B0%E1%BB%9Bc+s%E1%BA%A1ch",
        "h%E1%BB%99+ngh%C3%A8o",
        "tap+huan",
    ];
    // Each (query, page size) once: distinct searches, not recent answers.
    let paths: Vec<String> = queries
        .iter()
        .flat_map(|q| (1..=8).map(move |n| format!("/api/v1/search?q={q}&per_page={n}")))
        .collect();
    let alone: Vec<serde_json::Value> = paths.iter().map(|p| get(&server.url(p)).json()).collect();
    let restarted = Server::start(data.path(), &[]);
    let together: Vec<serde_json::Value> = std::thread::scope(|scope| {
        let asked: Vec<_> = paths
            .iter()
            .map(|p| scope.spawn(|| get(&restarted.url(p)).json()))
            .collect();
        asked.into_iter().map(|t| t.join().unwrap()).collect()
    });
    for ((path, alone), together) in paths.iter().zip(&alone).zip(&together) {
        assert_eq!(alone["plans"], together["plans"], "{path}");
    }
    assert!(alone
        .iter()
        .any(|a| !a["plans"].as_array().unwrap().is_empty()));
}

#[test]
fn targets_compare_and_cascade_answer_across_localities() {
    let data = ingested(&[&common::fixtures("seeds")]);
    let server = Server::start(data.path(), &[]);
    let targets = get(&server.url("/api/v1/targets?indicator=poverty_rate&per_page=100")).json();
    let rows = targets["targets"].as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r["indicator"] == "poverty_rate" && r["unit"] == "%"));
    assert_eq!(targets["total"], rows.len());

    let grid = get(&server.url("/api/v1/compare?indicator=poverty_rate")).json();
    let lines = grid["lines"].as_array().unwrap();
    assert!(lines.len() >= 2, "{grid}");
    let localities: std::collections::BTreeSet<&str> = lines
        .iter()
        .map(|l| l["locality"].as_str().unwrap())
        .collect();
    assert_eq!(localities.len(), lines.len(), "one line per locality");

    let svg = get(&server.url("/api/v1/compare/chart.svg?indicator=poverty_rate"));
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert_eq!(svg.text().matches("<g class=\"bar\">").count(), lines.len());

    let csv = get(&server.url("/api/v1/compare.csv?indicator=poverty_rate&excel_vi=true"));
    let text = csv.text();
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header.contains(';') && !header.contains(','), "{header}");
    assert!(
        text.lines().skip(1).any(|l| l
            .split(';')
            .any(|f| f.contains(',') && f.chars().any(|c| c.is_ascii_digit()))),
        "decimal commas: {text}"
    );

    let steps = get(&server.url("/api/v1/cascade")).json();
    assert!(steps.is_array());
    assert_eq!(get(&server.url("/api/v1/compare?year=soon")).status, 400);
    let poverty = get(&server.url("/api/v1/compare?indicator=poverty_rate&programme=poverty"));
    assert_eq!(
        poverty.json()["lines"],
        grid["lines"],
        "the seeds are poverty plans"
    );
    assert_eq!(
        get(&server.url("/api/v1/compare?programme=povrety")).status,
        400
    );
}

#[test]
fn a_plan_page_links_the_plans_it_implements_and_those_implementing_it() {
    let (_inputs, data) = common::linked::ingested();
    let server = Server::start(data.path(), &[]);
    let plans = get(&server.url("/api/v1/plans")).json();
    let id_of = |number: &str| {
        plans["plans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"] == number)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (district, commune) = (id_of("21/KH-UBND"), id_of("29/KH-UBND"));
    let page = get(&server.url(&format!("/plans/{commune}"))).text();
    assert!(
        page.contains(&format!("class=\"implements\" href=\"/plans/{district}\"")),
        "the commune's page links the district plan"
    );
    let page = get(&server.url(&format!("/plans/{district}"))).text();
    assert!(page.contains(&format!(
        "class=\"implemented-by\" href=\"/plans/{commune}\""
    )));
    assert!(
        page.contains("12/KH-UBND"),
        "the province plan it cites is listed, not in the data"
    );

    let steps = get(&server.url("/api/v1/cascade")).json();
    let step = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["set_by_id"] == district.as_str())
        .expect("the district sets a target for the commune");
    assert_eq!(step["own_plan_id"], commune.as_str());
    assert!(step["difference"].is_number());
}

#[test]
fn every_response_carries_the_security_headers() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    for path in ["/", "/upload", "/api/v1/plans", "/no/such/page"] {
        let r = get(&server.url(path));
        let csp = r.header("content-security-policy").expect(path);
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn no_route_walks_out_of_its_folder() {
    let data = ingested(&[&common::fixtures("seeds")]);
    let server = Server::start(data.path(), &[]);
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/plans/..%2F..%2Fmanifest.redb",
        "/api/v1/plans/..%2Fplans%2Fx",
        "/api/v1/plans/%2e%2e%2f%2e%2e%2fetc%2fpasswd/source",
        "/api/v1/uploads/..%2F..%2Fmanifest.redb",
        "/../../etc/passwd",
    ] {
        let r = get(&server.url(path));
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(!r.text().contains("root:"), "{path}");
    }
    assert_eq!(get(&server.url("/static/style.css")).status, 200);
}

#[test]
fn uploads_need_the_token_and_store_nothing_without_it() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let text = plan_text("không có mã");
    for token in [None, Some("wrong-token-0123456789")] {
        let r = upload(
            &server.url("/api/v1/uploads"),
            token,
            &[("a.txt", text.as_bytes())],
        )
        .unwrap();
        assert_eq!(r.status, 401, "{}", r.text());
        assert!(r.json()["error"]["message"].is_string());
    }
    let stored: Vec<_> = std::fs::read_dir(data.path().join("uploads"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(stored.is_empty(), "{stored:?}");
}

#[test]
fn an_upload_becomes_a_plan_and_a_broken_one_says_why() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let text = plan_text("tải lên");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let r = upload(
        &server.url("/api/v1/uploads"),
        Some(TOKEN),
        &[("ke-hoach.txt", text.as_bytes()), ("hong.bin", &garbage)],
    )
    .unwrap();
    assert_eq!(r.status, 202, "{}", r.text());
    let uploads = r.json()["uploads"].as_array().unwrap().clone();
    assert_eq!(uploads.len(), 2);
    let settled = |u: &serde_json::Value| u["state"] == "done" || u["state"] == "failed";
    let good = wait_for(
        &server.url(&format!(
            "/api/v1/uploads/{}",
            uploads[0]["id"].as_str().unwrap()
        )),
        PATIENCE,
        settled,
    );
    assert_eq!(good["state"], "done", "{good}");
    let plan_id = good["plan_id"].as_str().unwrap();
    let plan = get(&server.url(&format!("/api/v1/plans/{plan_id}"))).json();
    assert_eq!(plan["metadata"]["number"], "12/KH-UBND");
    let bad = wait_for(
        &server.url(&format!(
            "/api/v1/uploads/{}",
            uploads[1]["id"].as_str().unwrap()
        )),
        PATIENCE,
        settled,
    );
    assert_eq!(bad["state"], "failed");
    assert!(!bad["error"].as_str().unwrap().is_empty());
    // The same bytes again are the same upload.
    let again = upload(
        &server.url("/api/v1/uploads"),
        Some(TOKEN),
        &[("copy.txt", text.as_bytes())],
    )
    .unwrap()
    .json();
    assert_eq!(again["uploads"][0]["id"], uploads[0]["id"]);
}

#[test]
fn an_oversized_upload_is_refused_and_the_server_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &["--max-upload-bytes", "100000"]);
    let big = vec![b'a'; 300_000];
    match upload(
        &server.url("/api/v1/uploads"),
        Some(TOKEN),
        &[("big.txt", &big)],
    ) {
        Ok(r) => assert_eq!(r.status, 413, "{}", r.text()),
        // The server may close the connection before the client has sent
        // it all: the client then sees it reset, or its writes fail.
        Err(e) => assert!(
            ["onnection", "413", "pipe", "reset"]
                .iter()
                .any(|m| e.contains(m)),
            "{e}"
        ),
    }
    assert_eq!(get(&server.url("/api/v1/plans")).status, 200);
}

#[test]
fn a_plan_holding_a_script_shows_it_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("xss.txt");
    std::fs::write(
        &file,
        plan_text("<script>alert(1)</script> <img src=x onerror=alert(2)>"),
    )
    .unwrap();
    let data = ingested(&[&file]);
    let server = Server::start(data.path(), &[]);
    let id = get(&server.url("/api/v1/plans")).json()["plans"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = get(&server.url(&format!("/plans/{id}"))).text();
    let escaped = ["&lt;script&gt;alert(1)", "&#60;script&#62;alert(1)"];
    assert!(escaped.iter().any(|e| page.contains(e)), "{page}");
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img src=x"));
}

#[test]
fn the_openapi_document_describes_every_route() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let doc = get(&server.url("/api/v1/openapi.json")).json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/search",
        "/api/v1/targets",
        "/api/v1/compare",
        "/api/v1/compare.csv",
        "/api/v1/cascade",
        "/api/v1/plans",
        "/api/v1/plans/{id}",
        "/api/v1/plans/{id}/source",
        "/api/v1/uploads",
        "/api/v1/uploads/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let schema = get(&server.url("/api/v1/schema/plan.json")).json();
    assert!(schema["properties"]["sections"].is_object());
}

#[test]
fn a_server_killed_while_ingesting_finishes_every_upload_once_restarted() {
    let data = tempfile::tempdir().unwrap();
    let texts: Vec<String> = (0..40).map(|i| plan_text(&format!("số {i}"))).collect();
    let mut accepted = Vec::new();
    {
        let server = Server::start(data.path(), &[]);
        for (i, text) in texts.iter().enumerate() {
            let r = upload(
                &server.url("/api/v1/uploads"),
                Some(TOKEN),
                &[(&format!("plan-{i}.txt"), text.as_bytes())],
            )
            .unwrap();
            assert_eq!(r.status, 202);
            accepted.push(r.json()["uploads"][0]["id"].as_str().unwrap().to_string());
        }
        server.kill();
    }
    let server = Server::start(data.path(), &[]);
    for id in &accepted {
        let status = wait_for(
            &server.url(&format!("/api/v1/uploads/{id}")),
            PATIENCE,
            |u| u["state"] == "done",
        );
        assert!(status["plan_id"].is_string());
    }
    let plans = get(&server.url("/api/v1/plans?per_page=100")).json();
    assert_eq!(plans["total"], texts.len(), "one plan per accepted upload");
}
