//! The pages, in a real browser: what a researcher clicks through.

mod common;

use std::time::Duration;

use common::browser::Browser;
use common::server::{Server, TOKEN};
use fantoccini::Locator;

const PATIENCE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_page_shows_its_findings_highlighted() {
    let (data, output) = common::ingest(&[&common::fixtures("seeds")]);
    assert!(output.status.success());
    let server = Server::start(data.path(), &[]);
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/")).await.unwrap();
    let first = browser.wait_for(".result h3 a", PATIENCE).await;
    browser.click_to_next_page(first).await;
    browser.wait_for("pre.plan-text", PATIENCE).await;
    let targets = browser.texts("pre.plan-text mark.target").await;
    assert!(!targets.is_empty(), "no target is highlighted");
    assert!(
        targets
            .iter()
            .any(|t| t.chars().any(|c| c.is_ascii_digit())),
        "{targets:?}"
    );
    let listed = browser.texts("table.targets tbody tr").await;
    assert!(!listed.is_empty());
    // The section tree links into the text.
    let link = c.find(Locator::Css("ol.tree a")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with("#s"), "{href}");
    c.find(Locator::Css(&format!(
        "pre.plan-text span[id='{}']",
        &href[1..]
    )))
    .await
    .expect("the linked section is in the text");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_file_becomes_a_plan_and_a_broken_one_says_why() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &[]);
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("ke-hoach-tai-len.txt");
    std::fs::write(
        &good,
        "ỦY BAN NHÂN DÂN\nXÃ ĐẮK PLING\n\nSố: 31/KH-UBND\n\nKẾ HOẠCH\nGiảm nghèo năm 2024 tải lên qua trình duyệt\n\n\
I. MỤC TIÊU\n\nGiảm tỷ lệ hộ nghèo xuống còn 4% vào cuối năm 2024.\n\nII. TỔ CHỨC THỰC HIỆN\n\nCác ngành phối hợp thực hiện.\n",
    )
    .unwrap();
    let broken = files.path().join("hong.pdf");
    std::fs::write(
        &broken,
        b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    )
    .unwrap();

    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/upload")).await.unwrap();
    c.find(Locator::Id("token"))
        .await
        .unwrap()
        .send_keys(TOKEN)
        .await
        .unwrap();
    let input = c.find(Locator::Id("files")).await.unwrap();
    input
        .send_keys(&format!("{}\n{}", good.display(), broken.display()))
        .await
        .unwrap();
    c.find(Locator::Css("form.upload button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let link = browser.wait_for("#upload-list li.done a", PATIENCE).await;
    let error = browser
        .wait_for("#upload-list li.failed .error", PATIENCE)
        .await;
    assert!(!error.text().await.unwrap().trim().is_empty());
    browser.click_to_next_page(link).await;
    let title = browser.wait_for("article.plan h1", PATIENCE).await;
    assert!(title.text().await.unwrap().contains("31/KH-UBND"));

    // And search finds it, by words only it holds, typed without diacritics.
    c.goto(&server.url("/?q=tai+len+qua+trinh+duyet"))
        .await
        .unwrap();
    let found = browser.wait_for(".result h3 a", PATIENCE).await;
    assert!(found.text().await.unwrap().contains("31/KH-UBND"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_typed_without_diacritics_is_narrowed_by_a_facet() {
    let (data, output) = common::ingest(&[&common::fixtures("seeds"), &common::fixtures("corpus")]);
    assert!(output.status.success());
    let server = Server::start(data.path(), &[]);
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/")).await.unwrap();
    let box_ = browser
        .wait_for("#search-form input[name=q]", PATIENCE)
        .await;
    box_.send_keys("du an 5").await.unwrap();
    let submit = c.find(Locator::Css("#search-form button")).await.unwrap();
    browser.click_to_next_page(submit).await;
    browser.wait_for(".result .snippet mark", PATIENCE).await;
    let url = c.current_url().await.unwrap();
    assert!(
        url.as_str().contains("q=du+an+5"),
        "the URL holds the query: {url}"
    );
    let plans = browser.texts(".result").await;
    assert!(plans.len() >= 2, "{plans:?}");
    let marks = browser.texts(".result .snippet mark").await;
    assert!(
        marks
            .iter()
            .any(|m| m.to_lowercase().contains("dự án 5") || m.to_lowercase().contains("án 5")),
        "the match is highlighted: {marks:?}"
    );

    // Narrow by the first level facet: as many plans as its count says.
    let facet = c
        .find(Locator::Css("ul[data-facet=level] li a"))
        .await
        .expect("a level facet");
    let level = facet.text().await.unwrap();
    let count: usize = c
        .find(Locator::Css("ul[data-facet=level] li .count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    browser.click_to_next_page(facet).await;
    browser
        .wait_for("ul[data-facet=level] li.active", PATIENCE)
        .await;
    let narrowed = browser.texts(".result").await;
    assert_eq!(narrowed.len(), count.min(10), "level {level}");
    let url = c.current_url().await.unwrap();
    assert!(url.as_str().contains("level="), "{url}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_compare_page_draws_one_bar_per_locality() {
    let (data, output) = common::ingest(&[&common::fixtures("seeds")]);
    assert!(output.status.success());
    let server = Server::start(data.path(), &[]);
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&server.url("/compare")).await.unwrap();
    let select = browser.wait_for("select[name=indicator]", PATIENCE).await;
    select.select_by_value("poverty_rate").await.unwrap();
    let submit = c.find(Locator::Css("form.compare button")).await.unwrap();
    browser.click_to_next_page(submit).await;
    browser.wait_for("figure.chart svg", PATIENCE).await;
    let bars = browser.texts("figure.chart g.bar").await;
    let localities = browser.texts("table.compare tbody tr td:first-child").await;
    assert!(localities.len() >= 2, "{localities:?}");
    assert_eq!(bars.len(), localities.len(), "one bar per locality");
    for locality in &localities {
        assert!(
            bars.iter().any(|b| b.starts_with(locality.trim())),
            "{locality} has a bar: {bars:?}"
        );
    }
    browser.close().await;
}
