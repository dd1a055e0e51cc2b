//! Child processes under limits: the external tools and workers that read
//! formats (poppler, tesseract, LibreOffice, the pdf-extract worker) run
//! here, so that a file that crashes or hangs its reader is that file's
//! error. Each runs in a process group of its own, so that a program that
//! starts helpers (LibreOffice's launcher starts the office process) is
//! stopped with all of them.
//!
//! A wall-clock limit alone stops the wrong work on a loaded machine: with
//! eight jobs on two cores a 2-second page takes 20 seconds. So work that
//! computes gets a CPU-time limit (load does not change it), and the wall
//! clock only catches children that wait on something forever.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// What one child may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub wall: Duration,
    /// CPU time (RLIMIT_CPU): the child is stopped by SIGXCPU past it.
    pub cpu: Option<Duration>,
    /// Address space in bytes (RLIMIT_AS).
    pub memory: Option<u64>,
}

impl Limits {
    pub fn wall(wall: Duration) -> Self {
        Limits {
            wall,
            cpu: None,
            memory: None,
        }
    }
}

/// Runs `cmd` under `limits`, returning its standard output; a signal, a
/// non-zero exit or a limit is an error that says which.
pub fn run(mut cmd: Command, limits: Limits) -> Result<Vec<u8>, String> {
    use std::os::unix::process::CommandExt;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    if limits.cpu.is_some() || limits.memory.is_some() {
        // One second of grace between SIGXCPU (soft) and SIGKILL (hard).
        let cpu = limits.cpu.map(|c| c.as_secs().max(1));
        let memory = limits.memory;
        // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let set = |resource, soft: u64, hard: u64| {
                    let rlimit = libc::rlimit {
                        rlim_cur: soft as libc::rlim_t,
                        rlim_max: hard as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &rlimit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                };
                if let Some(seconds) = cpu {
                    set(libc::RLIMIT_CPU, seconds, seconds + 1)?;
                }
                if let Some(bytes) = memory {
                    set(libc::RLIMIT_AS, bytes, bytes)?;
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
    let status = match child.wait_timeout(limits.wall).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            // The group's id is the child's: every process it started goes too.
            // SAFETY: killpg only sends a signal.
            unsafe {
                libc::killpg(child.id() as libc::pid_t, libc::SIGKILL);
            }
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "no answer after {} s, stopped",
                limits.wall.as_secs_f64().round()
            ));
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if status.success() {
        return Ok(out);
    }
    use std::os::unix::process::ExitStatusExt;
    let how = match (status.signal(), limits.cpu) {
        // Only RLIMIT_CPU sends SIGXCPU.
        (Some(libc::SIGXCPU), Some(cpu)) => {
            format!("over its CPU time limit of {} s", cpu.as_secs().max(1))
        }
        (Some(signal), _) => format!("killed by signal {signal}"),
        (None, _) => format!("exit status {}", status.code().unwrap_or(-1)),
    };
    let detail = last_line(&err);
    Err(if detail.is_empty() {
        how
    } else {
        format!("{how}: {detail}")
    })
}

/// Runs `cmd` as [`run`] does and reads its output as UTF-8.
pub fn run_text(cmd: Command, limits: Limits) -> Result<String, String> {
    String::from_utf8(run(cmd, limits)?).map_err(|_| "output is not UTF-8".to_string())
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
        let err = run(cmd, Limits::wall(Duration::from_millis(200))).unwrap_err();
        assert!(err.contains("no answer"), "{err}");
    }

    #[test]
    fn the_helpers_of_a_child_that_hangs_are_stopped_with_it() {
        let marker = tempfile::NamedTempFile::new().unwrap();
        let path = marker.path().display().to_string();
        // The shell starts a helper that would write after the limit.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", &format!("(sleep 1; echo late > {path}) & wait")]);
        assert!(run(cmd, Limits::wall(Duration::from_millis(200))).is_err());
        std::thread::sleep(Duration::from_millis(1500));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "",
            "the helper was stopped"
        );
    }

    #[test]
    fn programs_are_found_on_the_path() {
        assert!(on_path("sh"));
        assert!(on_path("/bin/sh"));
        assert!(!on_path("vnplan-no-such-program"));
    }

    #[test]
    fn a_child_over_its_memory_limit_fails_alone() {
        // 50 MB of address space is not enough to start python.
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "x = bytearray(200_000_000)"]);
        let limits = Limits {
            memory: Some(50 << 20),
            ..Limits::wall(Duration::from_secs(10))
        };
        assert!(run(cmd, limits).is_err());
    }

    #[test]
    fn a_child_over_its_cpu_limit_is_named() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "while :; do :; done"]);
        let limits = Limits {
            cpu: Some(Duration::from_secs(1)),
            ..Limits::wall(Duration::from_secs(60))
        };
        let err = run(cmd, limits).unwrap_err();
        assert!(err.contains("CPU time limit of 1 s"), "{err}");
    }

    #[test]
    fn output_and_failures() {
        let mut echo = Command::new("sh");
        echo.args(["-c", "printf 'Kế hoạch'"]);
        assert_eq!(
            run_text(echo, Limits::wall(Duration::from_secs(10))).unwrap(),
            "Kế hoạch"
        );
        let mut fail = Command::new("sh");
        fail.args(["-c", "echo 'Syntax Error: no xref' >&2; exit 3"]);
        let err = run(fail, Limits::wall(Duration::from_secs(10))).unwrap_err();
        assert_eq!(err, "exit status 3: Syntax Error: no xref");
    }
}
