//! Which rustc builds the UI cases. Their `.stderr` files quote rustc's own
//! messages, whose wording and layout change between releases, so they are
//! compared only under the rustc that wrote them. Under any other, `cargo
//! test` lists the test as ignored with its reason, and CI (`CI` set) runs
//! it anyway, to fail: a CI whose UI cases were skipped would pass having
//! checked none of them.

use std::process::Command;

/// The rustc the `.stderr` files were written with. `.ci/run` reads this
/// line to select the same one, and says so by name when it cannot.
const WRITTEN_WITH: &str = "rustc 1.95.";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    // Cargo rebuilds for a compiler whose `rustc -vV` differs, not for
    // another RUSTC that answers it the same: ask again when RUSTC changes.
    println!("cargo::rerun-if-env-changed=RUSTC");
    println!("cargo::rustc-check-cfg=cfg(ui_other_rustc)");
    // Cargo names the compiler it builds with in RUSTC.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| format!("a rustc ({rustc}) that does not say its version"));
    println!("cargo::rustc-env=UI_RUSTC_VERSION={version}");
    println!("cargo::rustc-env=UI_RUSTC_WRITTEN_WITH={WRITTEN_WITH}");
    if version.starts_with(WRITTEN_WITH) {
        return;
    }
    let ci = std::env::var("CI").is_ok_and(|ci| !ci.is_empty() && ci != "false" && ci != "0");
    println!(
        "cargo::warning=the UI cases' .stderr files were written with {WRITTEN_WITH}x and this is {version}: {}",
        if ci {
            "they fail under CI"
        } else {
            "`cargo test` ignores them"
        }
    );
    if !ci {
        println!("cargo::rustc-cfg=ui_other_rustc");
    }
}
