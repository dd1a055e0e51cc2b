//! The command line as a newcomer meets it: `vnplan --help`.

mod common;

use common::vnplan;

/// Each command is listed with a description of its own, not one shared
/// text that an argument group lent to all of them.
#[test]
fn help_describes_each_command() {
    let out = vnplan(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<(&str, &str)> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.trim().split_once(' '))
        .map(|(name, about)| (name, about.trim()))
        .filter(|(name, _)| *name != "help")
        .collect();
    for name in [
        "ingest", "search", "serve", "show", "compare", "eval", "schema",
    ] {
        assert!(commands.iter().any(|(n, _)| *n == name), "{name} in {help}");
    }
    let mut abouts: Vec<&str> = commands.iter().map(|(_, a)| *a).collect();
    assert!(abouts.iter().all(|a| !a.is_empty()), "{help}");
    abouts.sort_unstable();
    abouts.dedup();
    assert_eq!(abouts.len(), commands.len(), "{help}");
}
