//! A real browser for page tests: Debian's chromium, headless, driven over
//! WebDriver by fantoccini through chromedriver. `.ci/run` installs both.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    pub async fn start() -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (Debian: apt-get install chromium chromium-driver)");
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1600",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": args, "binary": "/usr/bin/chromium" }),
        );
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() > Duration::from_secs(30) => {
                    panic!("chromedriver did not start a browser: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Waits for an element matching `css`, up to `patience`.
    pub async fn wait_for(&self, css: &str, patience: Duration) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(patience)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
    }

    /// Clicks `element` and returns once the page it leads to has replaced
    /// the current one. Waiting for an element alone is not enough: the page
    /// being left may hold one that matches too.
    pub async fn click_to_next_page(&self, element: fantoccini::elements::Element) {
        let leaving = self.client.find(Locator::Css("html")).await.unwrap();
        element.click().await.unwrap();
        let started = Instant::now();
        loop {
            match leaving.tag_name().await {
                Err(e) if e.is_stale_element_reference() => return,
                _ if started.elapsed() > Duration::from_secs(60) => {
                    panic!("the click led to no new page")
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The text of every element matching `css`, read in one script so that
    /// a page replaced meanwhile cannot leave half of them stale. SVG
    /// elements have no rendered text, only their content.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let texts = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText ?? e.textContent);",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap();
        serde_json::from_value(texts).unwrap()
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
