//! Work budgets: a deadline for one file's trip through the pipeline, checked
//! by the stages whose cost can grow faster than their input.
//!
//! Threads cannot be killed, so a file that would take hours must stop itself.
//! [`within`] sets a deadline for the closure it runs on this thread; [`check`],
//! called from the loops that can explode (table checks, clause scans, pages),
//! unwinds the stack once the deadline has passed. The unwinding uses
//! `resume_unwind`, which skips the panic hook, so nothing is printed, and
//! [`within`] turns it back into an [`Exceeded`] error naming the stage. Code
//! outside any budget (tests, one-off commands) pays one thread-local read
//! per check and never stops.

use std::cell::Cell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// The budget ran out in `stage`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("took longer than the limit of {} s (in {stage})", limit.as_secs_f64())]
pub struct Exceeded {
    pub stage: &'static str,
    pub limit: Duration,
}

#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    limit: Duration,
}

thread_local! {
    static DEADLINE: Cell<Option<Deadline>> = const { Cell::new(None) };
    /// Checks left before the clock is read again: reading it costs more than
    /// the work between most checks.
    static COUNTDOWN: Cell<u32> = const { Cell::new(0) };
}

const CHECKS_PER_CLOCK_READ: u32 = 256;

/// Runs `work` with `limit` to spend on it. Budgets nest: the inner one
/// applies inside, the outer one again after it. Other panics pass through.
pub fn within<T>(limit: Duration, work: impl FnOnce() -> T) -> Result<T, Exceeded> {
    let outer = DEADLINE.get();
    let mut at = Instant::now() + limit;
    if let Some(o) = outer {
        at = at.min(o.at);
    }
    DEADLINE.set(Some(Deadline { at, limit }));
    COUNTDOWN.set(0);
    let result = catch_unwind(AssertUnwindSafe(work));
    DEADLINE.set(outer);
    match result {
        Ok(value) => Ok(value),
        Err(payload) => match payload.downcast::<Exceeded>() {
            // An outer budget that ran out is the outer caller's to report.
            Ok(exceeded) if outer.is_none_or(|o| Instant::now() < o.at) => Err(*exceeded),
            Ok(exceeded) => resume_unwind(exceeded),
            Err(other) => resume_unwind(other),
        },
    }
}

/// Stops the current work if its budget has run out; `stage` names the work
/// in the error.
#[inline]
pub fn check(stage: &'static str) {
    let Some(deadline) = DEADLINE.get() else {
        return;
    };
    let left = COUNTDOWN.get();
    if left > 0 {
        COUNTDOWN.set(left - 1);
        return;
    }
    COUNTDOWN.set(CHECKS_PER_CLOCK_READ);
    if Instant::now() >= deadline.at {
        resume_unwind(Box::new(Exceeded {
            stage,
            limit: deadline.limit,
        }));
    }
}

/// Whether the current budget, if any, has run out (for work that stops
/// itself and returns what it has, rather than unwinding).
pub fn exhausted() -> bool {
    DEADLINE.get().is_some_and(|d| Instant::now() >= d.at)
}

/// The current thread's budget, to carry onto the threads that share its
/// work: deadlines are per thread, and a rayon pool's workers run one file's
/// pages for the thread that waits on them.
#[derive(Clone, Copy)]
pub struct Carried(Option<Deadline>);

pub fn carry() -> Carried {
    Carried(DEADLINE.get())
}

impl Carried {
    /// Time left, if there is a budget: the most a child process may be given.
    pub fn left(self) -> Option<Duration> {
        self.0
            .map(|d| d.at.saturating_duration_since(Instant::now()))
    }

    /// Runs `work` on this thread under the carried budget, stopping before
    /// and after it (as [`check`] does) once the budget has run out. Rayon
    /// re-raises a worker's unwinding in the waiting thread, whose [`within`]
    /// turns it into the error.
    pub fn enter<T>(self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let Some(deadline) = self.0 else {
            return work();
        };
        struct Restore(Option<Deadline>, u32);
        impl Drop for Restore {
            fn drop(&mut self) {
                DEADLINE.set(self.0);
                COUNTDOWN.set(self.1);
            }
        }
        let _restore = Restore(DEADLINE.replace(Some(deadline)), COUNTDOWN.replace(0));
        let stop_if_over = || {
            if Instant::now() >= deadline.at {
                resume_unwind(Box::new(Exceeded {
                    stage,
                    limit: deadline.limit,
                }));
            }
        };
        stop_if_over();
        let value = work();
        stop_if_over();
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spin(stage: &'static str) -> u64 {
        let mut n = 0u64;
        loop {
            check(stage);
            n = n.wrapping_add(1);
        }
    }

    #[test]
    fn endless_work_stops_with_its_stage() {
        let err = within(Duration::from_millis(20), || spin("tables")).unwrap_err();
        assert_eq!(err.stage, "tables");
        assert!(err.to_string().contains("0.02 s"), "{err}");
    }

    #[test]
    fn work_within_budget_returns_its_value() {
        assert_eq!(within(Duration::from_secs(5), || 7), Ok(7));
        // Outside a budget, checks never stop anything.
        for _ in 0..10_000 {
            check("none");
        }
    }

    #[test]
    fn inner_budget_ends_and_outer_applies_again() {
        let outer = within(Duration::from_secs(5), || {
            let inner = within(Duration::from_millis(10), || spin("inner"));
            assert_eq!(inner.unwrap_err().stage, "inner");
            assert!(!exhausted());
            1
        });
        assert_eq!(outer, Ok(1));
    }

    #[test]
    fn a_carried_budget_stops_work_on_other_threads() {
        use rayon::prelude::*;
        let err = within(Duration::from_millis(50), || {
            let budget = carry();
            assert!(budget
                .left()
                .is_some_and(|l| l <= Duration::from_millis(50)));
            (0..4u64)
                .into_par_iter()
                .map(|i| {
                    budget.enter("pages", || {
                        std::thread::sleep(Duration::from_millis(100));
                        i
                    })
                })
                .sum::<u64>()
        })
        .unwrap_err();
        assert_eq!(err.stage, "pages");
        // Without a budget, carried work just runs.
        assert_eq!(carry().enter("pages", || 3), 3);
        assert!(carry().left().is_none());
    }

    #[test]
    fn other_panics_pass_through() {
        let caught = catch_unwind(|| within(Duration::from_secs(5), || panic!("boom")));
        assert!(caught.is_err());
        assert!(!exhausted());
    }
}
