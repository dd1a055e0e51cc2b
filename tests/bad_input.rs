//! Bad input gets a clear message naming the file and the reason, and the
//! other inputs of the same run are still written.

mod common;

use common::{fixtures, ingest, plans};

#[test]
fn a_folder_of_mixed_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("empty.txt"), b"").unwrap();
    std::fs::write(p.join("blank.txt"), b"  \n\n  \n").unwrap();
    std::fs::write(
        p.join("image.png"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xd8, 0, 1],
    )
    .unwrap();
    std::fs::write(
        p.join("shopping.txt"),
        "Mua gạo, mắm, muối.\nGọi điện cho mẹ.\n",
    )
    .unwrap();
    std::fs::copy(
        fixtures("seeds/002_429e92981eab9d16.txt"),
        p.join("good.txt"),
    )
    .unwrap();
    std::fs::create_dir(p.join("nested")).unwrap();
    std::fs::copy(
        fixtures("seeds/003_e74546dc58b16c27.txt"),
        p.join("nested/also-good.md"),
    )
    .unwrap();

    let (data, output) = ingest(&[p]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a failed file makes the run fail: {stderr}"
    );
    for (file, reason) in [
        ("empty.txt", "empty"),
        ("blank.txt", "no text"),
        ("image.png", "binary"),
        ("shopping.txt", "not a document"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no message for {file}: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    let written = plans(data.path());
    assert_eq!(written.len(), 2, "{stderr}");
}

#[test]
fn a_missing_path_is_named_and_the_rest_is_written() {
    let good = fixtures("seeds/000_eba3d3845090eb91.txt");
    let (data, output) = ingest(&[std::path::Path::new("/no/such/plan.txt"), &good]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("/no/such/plan.txt: no such file or folder"),
        "{stderr}"
    );
    assert_eq!(plans(data.path()).len(), 1);
}

#[test]
fn a_plan_cut_short_is_written_with_a_warning() {
    const WARNING: &str = "the file may be truncated";
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read_to_string(fixtures("seeds/000_eba3d3845090eb91.txt")).unwrap();
    // Cut inside a word, as a broken upload or a lost last page would.
    let mut cut = 5000;
    while !whole.is_char_boundary(cut) || !whole[cut..].starts_with(char::is_alphabetic) {
        cut += 1;
    }
    std::fs::write(dir.path().join("cut.txt"), &whole[..cut]).unwrap();
    let (data, output) = ingest(&[dir.path()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = plans(data.path());
    let warnings = written[0]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains(WARNING)),
        "{warnings:?}"
    );
    // Whole plans, with their closing block, carry no such warning.
    let (data, _) = ingest(&[&fixtures("seeds"), &fixtures("corpus")]);
    for plan in plans(data.path()) {
        let text = plan["warnings"].to_string();
        assert!(
            !text.contains(WARNING),
            "{}: {text}",
            plan["source"]["path"]
        );
    }
}
