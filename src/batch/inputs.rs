//! Which files a run reads: every regular, non-hidden file under the paths
//! given, each named once by its canonical path. Symbolic links are followed;
//! a link back to a folder being walked (a cycle) is reported once and not
//! entered. Data directories (the output, and any folder holding a manifest)
//! are never inputs, so `vnplan ingest .` does not read its own output.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::manifest::FILE_NAME as MANIFEST;

/// One hash partition of the inputs: `K/N`, 1 <= K <= N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("a shard is K/N with 1 <= K <= N, not {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether `input` belongs to this shard: by a hash of its canonical
    /// path, so the partition does not depend on how the paths were typed.
    pub fn holds(&self, input: &Path) -> bool {
        let hash = blake3::hash(input.as_os_str().as_bytes());
        let n = u64::from_le_bytes(hash.as_bytes()[..8].try_into().unwrap());
        n % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// The files under some paths, and what could not be listed.
#[derive(Debug, Default)]
pub struct Listing {
    /// Canonical paths, sorted, each once.
    pub files: Vec<PathBuf>,
    /// Paths that could not be listed (missing, unreadable, a link cycle), with why.
    pub unlisted: Vec<(String, String)>,
}

/// Lists the files under `paths`, never entering `data_dir`.
pub fn list(paths: &[PathBuf], data_dir: &Path) -> Listing {
    let data_dir = data_dir.canonicalize().ok();
    let mut listing = Listing::default();
    for path in paths {
        if !path.exists() {
            listing.unlisted.push((
                path.display().to_string(),
                "no such file or folder".to_string(),
            ));
            continue;
        }
        let walk = walkdir::WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().as_bytes().starts_with(b".");
                let data = e.file_type().is_dir() && is_data_dir(e.path(), data_dir.as_deref());
                !(hidden || data)
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => match e.path().canonicalize() {
                    Ok(canonical) => listing.files.push(canonical),
                    Err(err) => listing
                        .unlisted
                        .push((e.path().display().to_string(), err.to_string())),
                },
                Ok(_) => {}
                Err(err) => {
                    let at = err
                        .path()
                        .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                    let why = match err.loop_ancestor() {
                        Some(ancestor) => format!(
                            "a symbolic link back to {}, not followed",
                            ancestor.display()
                        ),
                        None => err
                            .io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string),
                    };
                    listing.unlisted.push((at, why));
                }
            }
        }
    }
    listing.files.sort();
    listing.files.dedup();
    listing
}

fn is_data_dir(dir: &Path, data_dir: Option<&Path>) -> bool {
    dir.join(MANIFEST).is_file()
        || data_dir.is_some_and(|d| dir.canonicalize().is_ok_and(|c| c == d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn shards_partition_every_path_once() {
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        let path = |i: i32| PathBuf::from(format!("/uploads/plan-{i}.txt"));
        for i in 0..300 {
            assert_eq!(shards.iter().filter(|s| s.holds(&path(i))).count(), 1);
        }
        let counts: Vec<usize> = shards
            .iter()
            .map(|s| (0..300).filter(|&i| s.holds(&path(i))).count())
            .collect();
        assert!(counts.iter().all(|&c| c > 60), "{counts:?}");
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }

    #[test]
    fn one_file_typed_two_ways_is_one_input() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("in")).unwrap();
        std::fs::write(dir.path().join("in/a.txt"), "x").unwrap();
        let listing = list(
            &[dir.path().join("in"), dir.path().join("in/../in/a.txt")],
            &dir.path().join("out"),
        );
        assert_eq!(listing.files.len(), 1);
        assert!(listing.unlisted.is_empty());
    }

    #[test]
    fn a_link_cycle_is_reported_once_and_data_dirs_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "x").unwrap();
        symlink(&root, root.join("sub/back")).unwrap();
        std::fs::create_dir_all(root.join("old-run")).unwrap();
        std::fs::write(root.join("old-run").join(MANIFEST), "").unwrap();
        std::fs::write(root.join("old-run/b.txt"), "x").unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("out/c.txt"), "x").unwrap();
        let listing = list(std::slice::from_ref(&root), &root.join("out"));
        assert_eq!(
            listing.files,
            [root.canonicalize().unwrap().join("sub/a.txt")]
        );
        assert_eq!(listing.unlisted.len(), 1, "{:?}", listing.unlisted);
        assert!(listing.unlisted[0].1.contains("symbolic link"));
    }
}
