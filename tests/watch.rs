//! `vnplan watch`: a drop folder whose files become plans once they settle,
//! written slowly or moved in whole, broken ones reported, and a clean stop.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use common::{fixtures, plans, vnplan};

struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(drop: &Path, data: &Path) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnplan"))
            .args(["watch", &drop.display().to_string(), "--settle", "300ms"])
            .args(["--data", &data.display().to_string()])
            .env_remove("VNPLAN_DATA")
            .stderr(Stdio::piped())
            .spawn()
            .expect("vnplan watch starts");
        let stderr = child.stderr.take().unwrap();
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Watch { child, lines }
    }

    /// Waits for a line of stderr holding `text`; panics with what came.
    fn expect(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no line with {text:?}; stderr was: {seen:#?}");
    }

    fn stop(mut self) -> std::process::ExitStatus {
        // SAFETY: kill only sends a signal to the child we started.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        self.child.wait().unwrap()
    }
}

fn seed(n: usize) -> std::path::PathBuf {
    let mut seeds: Vec<_> = std::fs::read_dir(fixtures("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    seeds[n].clone()
}

#[test]
fn dropped_files_become_plans_once_they_settle() {
    let drop = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::copy(seed(0), drop.path().join("before.txt")).unwrap();
    let watch = Watch::start(drop.path(), data.path());
    watch.expect("before.txt");
    watch.expect("1 inputs: 1 written");

    // Written in two halves with a pause longer than the settle time would
    // be read half-written by a watcher that reads at the first event.
    let text = std::fs::read(seed(1)).unwrap();
    let path = drop.path().join("slow.txt");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(&text[..text.len() / 2]).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    file.write_all(&text[text.len() / 2..]).unwrap();
    file.sync_all().unwrap();
    watch.expect("slow.txt");

    // A folder moved in whole, holding a broken file beside a plan.
    let outside = tempfile::tempdir().unwrap();
    let folder = outside.path().join("district");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(seed(2), folder.join("plan.txt")).unwrap();
    std::fs::write(folder.join("broken.txt"), [0u8, 159, 146, 150, 0, 0, 7]).unwrap();
    std::fs::rename(&folder, drop.path().join("district")).unwrap();
    let error = watch.expect("broken.txt");
    assert!(error.starts_with("error: "), "{error}");
    watch.expect("plan.txt");

    let status = watch.stop();
    assert!(status.success(), "a stopped watch exits 0: {status:?}");
    let written = plans(data.path());
    assert_eq!(written.len(), 3, "one plan per readable file");
    let slow = written
        .iter()
        .find(|p| p["source"]["path"].as_str().unwrap().ends_with("slow.txt"))
        .expect("the slowly written file is a plan");
    assert_eq!(
        slow["source"]["bytes"].as_u64(),
        Some(text.len() as u64),
        "read whole, not half-written"
    );
    let failures = vnplan(&["failures", "--data", &data.path().display().to_string()]);
    assert!(String::from_utf8_lossy(&failures.stdout).contains("broken.txt"));
}

#[test]
fn a_folder_that_does_not_exist_is_an_error_naming_it() {
    let data = tempfile::tempdir().unwrap();
    let out = vnplan(&[
        "watch",
        "/nonexistent/drop",
        "--data",
        &data.path().display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/drop"));
}
