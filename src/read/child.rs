//! External programs run as child processes under limits: a time limit, an
//! optional address-space limit, and a process group of their own, so that
//! a program that starts helpers (LibreOffice's launcher starts the office
//! process) is stopped with all of them.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// Runs `cmd` with a time limit (and an address-space limit), returning its
/// standard output; a signal, a non-zero exit or the time limit is an error.
pub fn run(mut cmd: Command, timeout: Duration, memory: Option<u64>) -> Result<String, String> {
    use std::os::unix::process::CommandExt;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    if let Some(limit) = memory {
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let rlimit = libc::rlimit {
                    rlim_cur: limit as libc::rlim_t,
                    rlim_max: limit as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &rlimit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    // Drain both pipes while waiting, so a chatty child never blocks.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let status = match child.wait_timeout(timeout).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            // The group's id is the child's: every process it started goes too.
            // SAFETY: killpg only sends a signal.
            unsafe {
                libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
            }
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer after {} s, stopped", timeout.as_secs()));
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let how = match status.signal() {
            Some(signal) => format!("killed by signal {signal}"),
            None => format!("exit status {}", status.code().unwrap_or(-1)),
        };
        let detail = last_line(&err);
        return Err(if detail.is_empty() {
            how
        } else {
            format!("{how}: {detail}")
        });
    }
    String::from_utf8(out).map_err(|_| "output is not UTF-8".to_string())
}

/// The last non-blank line a program wrote, which is where tools say why.
pub fn last_line(output: &[u8]) -> String {
    String::from_utf8_lossy(output)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Whether the program `name` is installed: a path to a file, or a file of
/// that name in a directory of `PATH`. Looked up rather than started, since
/// starting some (LibreOffice) costs seconds.
pub fn on_path(name: &str) -> bool {
    let name = Path::new(name);
    if name.components().count() > 1 {
        return name.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|dirs| std::env::split_paths(&dirs).any(|d| d.join(name).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_that_hangs_is_stopped() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let err = run(cmd, Duration::from_millis(200), None).unwrap_err();
        assert!(err.contains("no answer"), "{err}");
    }

    #[test]
    fn the_helpers_of_a_child_that_hangs_are_stopped_with_it() {
        let marker = tempfile::NamedTempFile::new().unwrap();
        let path = marker.path().display().to_string();
        // The shell starts a helper that would write after the limit.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &format!("(sleep 1; echo late > {path}) & wait")]);
        assert!(run(cmd, Duration::from_millis(200), None).is_err());
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "",
            "the helper was stopped"
        );
    }

    #[test]
    fn a_child_over_its_memory_limit_fails_alone() {
        // 50 MB of address space is not enough to start python.
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "x = bytearray(200_000_000)"]);
        assert!(run(cmd, Duration::from_secs(10), Some(50 << 20)).is_err());
    }

    #[test]
    fn programs_are_found_on_the_path() {
        assert!(on_path("sh"));
        assert!(on_path("/bin/sh"));
        assert!(!on_path("vnplan-no-such-program"));
    }
}
