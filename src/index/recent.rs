//! Answers of recent searches, kept by the index generation they were
//! computed on and by what was asked. A server is asked the same things
//! again and again (the next page of a result keeps its facet counts, a
//! popular query comes back, a page is reloaded), and an answer only changes
//! when a commit makes a new generation: the next generation's key differs,
//! so nothing stale is ever served, and old entries leave by age.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

/// The generation of the searcher an answer was computed on, and the
/// request as its debug form spells it.
pub type Key = (u64, String);

/// The key of what was `asked` of `searcher`.
pub fn key(searcher: &tantivy::Searcher, asked: &impl std::fmt::Debug) -> Key {
    (searcher.generation().generation_id(), format!("{asked:?}"))
}

pub struct Recent<T> {
    entries: Mutex<LruCache<Key, T>>,
}

impl<T: Clone> Recent<T> {
    pub fn new(capacity: NonZeroUsize) -> Recent<T> {
        Recent {
            entries: Mutex::new(LruCache::new(capacity)),
        }
    }

    /// The answer kept for `key`, else `compute`'s, kept when it succeeds.
    /// The lock is not held while computing: two requests for the same new
    /// answer may both compute it, which costs time but never correctness.
    pub fn get_or_compute<E>(
        &self,
        key: Key,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(kept) = self.lock().get(&key) {
            return Ok(kept.clone());
        }
        let answer = compute()?;
        self.lock().put(key, answer.clone());
        Ok(answer)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<Key, T>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_computed_once_per_generation_and_failures_are_not_kept() {
        let recent: Recent<String> = Recent::new(NonZeroUsize::new(2).unwrap());
        let mut computed = 0;
        let mut ask = |generation: u64, what: &str| {
            recent
                .get_or_compute((generation, what.to_string()), || {
                    computed += 1;
                    Ok::<_, ()>(format!("{what}@{generation}"))
                })
                .unwrap()
        };
        assert_eq!(ask(1, "a"), "a@1");
        assert_eq!(ask(1, "a"), "a@1");
        // A commit: the same question is answered again.
        assert_eq!(ask(2, "a"), "a@2");
        assert_eq!(computed, 2);
        let failed: Result<String, &str> = recent.get_or_compute((3, "b".into()), || Err("broken"));
        assert!(failed.is_err());
        let retried = recent.get_or_compute((3, "b".into()), || Ok::<_, ()>("fine".to_string()));
        assert_eq!(retried.unwrap(), "fine");
    }

    #[test]
    fn the_oldest_answers_leave_first() {
        let recent: Recent<u32> = Recent::new(NonZeroUsize::new(2).unwrap());
        let misses = std::cell::Cell::new(0);
        let ask = |what: &str| {
            recent
                .get_or_compute((1, what.to_string()), || {
                    misses.set(misses.get() + 1);
                    Ok::<_, ()>(0)
                })
                .unwrap();
        };
        ask("a");
        ask("b");
        ask("a");
        ask("c"); // "b" leaves: "a" was asked since.
        ask("a");
        assert_eq!(misses.get(), 3);
        ask("b");
        assert_eq!(misses.get(), 4);
    }
}
