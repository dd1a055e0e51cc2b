//! A `vnplan serve` process for tests: started on a free port of loopback
//! over a data directory, killed when dropped; and a small HTTP client.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const TOKEN: &str = "test-token-0123456789";

pub struct Server {
    pub base: String,
    child: Child,
}

impl Server {
    /// Starts a server with the write token [`TOKEN`] and `extra` arguments.
    pub fn start(data: &Path, extra: &[&str]) -> Server {
        let token_file = data.with_extension("token");
        std::fs::write(&token_file, TOKEN).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .arg("--token-file")
            .arg(&token_file)
            .args(extra)
            .env_remove("VNPLAN_DATA")
            .env_remove("VNPLAN_TOKEN")
            .stderr(Stdio::piped())
            .spawn()
            .expect("vnplan serve starts");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            if let Some(rest) = line.strip_prefix("vnplan serve: http://") {
                break format!("http://{}", rest.split_whitespace().next().unwrap());
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { base, child }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Kills the process at once, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn reply(response: ureq::http::Response<ureq::Body>) -> Reply {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let body = response
        .into_body()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

pub fn get(url: &str) -> Reply {
    reply(agent().get(url).call().expect("the server answers"))
}

/// Posts `files` (name, bytes) as multipart/form-data, with `token` if given.
pub fn upload(url: &str, token: Option<&str>, files: &[(&str, &[u8])]) -> Result<Reply, String> {
    let boundary = "vnplan-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut request = agent().post(url).header(
        "Content-Type",
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    request
        .send(&body[..])
        .map(reply)
        .map_err(|e| e.to_string())
}

/// Polls `url` until `done` holds of its JSON, or panics after `patience`.
pub fn wait_for(
    url: &str,
    patience: Duration,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let started = Instant::now();
    loop {
        let r = get(url);
        if r.status == 200 {
            let value = r.json();
            if done(&value) {
                return value;
            }
        }
        assert!(
            started.elapsed() < patience,
            "{url} did not settle: {}",
            r.text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
