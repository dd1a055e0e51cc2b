//! When a file dropped in a watched folder is ready to ingest. A copy over
//! the network or a scanner writing a PDF page by page sends many events
//! over seconds; ingesting at the first one would read half a file (and
//! fail, or worse, succeed on a truncated text). A file is ready once no
//! event has touched it for the settle time and its size and modification
//! time are what they were at its last event.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// What a file looked like at its last event; `None` when it could not be
/// looked at (gone, or a folder).
pub type Look = Option<(u64, SystemTime)>;

/// Files touched by events, waiting to be quiet.
#[derive(Debug)]
pub struct Settler {
    settle: Duration,
    pending: BTreeMap<PathBuf, (Instant, Look)>,
}

impl Settler {
    pub fn new(settle: Duration) -> Settler {
        Settler {
            settle,
            pending: BTreeMap::new(),
        }
    }

    /// Records an event on `path` at `now`, when it looked like `look`.
    pub fn touched(&mut self, path: &Path, now: Instant, look: Look) {
        self.pending.insert(path.to_path_buf(), (now, look));
    }

    /// Takes the files quiet since `settle` whose look, as `look_now` sees it
    /// now, is still that of their last event. A file that changed without
    /// an event (some file systems coalesce them) waits again; a file gone
    /// is dropped.
    pub fn ready(&mut self, now: Instant, look_now: impl Fn(&Path) -> Look) -> Vec<PathBuf> {
        let mut ready = Vec::new();
        let mut again = Vec::new();
        self.pending.retain(|path, (at, look)| {
            if now.duration_since(*at) < self.settle {
                return true;
            }
            let current = look_now(path);
            if current.is_none() {
                return false;
            }
            if current == *look {
                ready.push(path.clone());
                false
            } else {
                again.push((path.clone(), current));
                true
            }
        });
        for (path, look) in again {
            self.pending.insert(path, (now, look));
        }
        ready
    }

    /// How long until the next file may be ready: the time to wait for
    /// events before asking again. `None` when nothing is pending.
    pub fn next_in(&self, now: Instant) -> Option<Duration> {
        self.pending
            .values()
            .map(|(at, _)| (*at + self.settle).saturating_duration_since(now))
            .min()
    }
}

/// A file's size and modification time, if it is a file.
pub fn look(path: &Path) -> Look {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((meta.len(), meta.modified().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTLE: Duration = Duration::from_secs(2);

    fn at(size: u64) -> Look {
        Some((size, SystemTime::UNIX_EPOCH + Duration::from_secs(size)))
    }

    #[test]
    fn a_file_is_ready_once_quiet_for_the_settle_time() {
        let start = Instant::now();
        let mut settler = Settler::new(SETTLE);
        settler.touched(Path::new("a.pdf"), start, at(10));
        assert!(settler.ready(start + SETTLE / 2, |_| at(10)).is_empty());
        assert_eq!(settler.next_in(start + SETTLE / 2), Some(SETTLE / 2));
        assert_eq!(
            settler.ready(start + SETTLE, |_| at(10)),
            [PathBuf::from("a.pdf")]
        );
        assert_eq!(settler.next_in(start + SETTLE), None);
    }

    #[test]
    fn every_event_restarts_the_wait() {
        let start = Instant::now();
        let mut settler = Settler::new(SETTLE);
        settler.touched(Path::new("a.pdf"), start, at(10));
        settler.touched(Path::new("a.pdf"), start + SETTLE / 2, at(20));
        assert!(settler.ready(start + SETTLE, |_| at(20)).is_empty());
        assert_eq!(settler.ready(start + SETTLE * 2, |_| at(20)).len(), 1);
    }

    #[test]
    fn a_file_still_growing_without_events_waits_again() {
        let start = Instant::now();
        let mut settler = Settler::new(SETTLE);
        settler.touched(Path::new("a.pdf"), start, at(10));
        assert!(settler.ready(start + SETTLE, |_| at(30)).is_empty());
        assert_eq!(settler.ready(start + SETTLE * 2, |_| at(30)).len(), 1);
    }

    #[test]
    fn a_file_gone_before_it_settled_is_forgotten() {
        let start = Instant::now();
        let mut settler = Settler::new(SETTLE);
        settler.touched(Path::new("a.pdf"), start, at(10));
        assert!(settler.ready(start + SETTLE, |_| None).is_empty());
        assert_eq!(settler.next_in(start + SETTLE), None);
    }
}
