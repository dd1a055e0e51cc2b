//! Child processes under limits: the external tools and workers that read
//! formats (poppler, tesseract, the pdf-extract worker) run here, so that a
//! file that crashes or hangs its reader is that file's error.
//!
//! A wall-clock limit alone stops the wrong work on a loaded machine: with
//! eight jobs on two cores a 2-second page takes 20 seconds. So work that
//! computes gets a CPU-time limit (load does not change it), and the wall
//! clock only catches children that wait on something forever.

use std::io::Read;
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
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if limits.cpu.is_some() || limits.memory.is_some() {
        use std::os::unix::process::CommandExt;
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
    let detail = String::from_utf8_lossy(&err);
    let detail = detail
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
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

/// Whether `name` can be started.
pub fn tool_exists(name: &str) -> bool {
    Command::new(name)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
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
