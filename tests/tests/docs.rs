//! The documents a user reads, against the repository they describe: every
//! path README.md, CONFORMANCE.md and BENCHMARKS.md cite exists, every
//! package, bench and feature their commands name exists, every `#anchor`
//! they link to is a heading, the README's layout names files that are
//! there, and the crate's features table names runtime/Cargo.toml's
//! features. Files move; a document that still cites the old place fails
//! here instead of misleading a reader.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The documents whose citations are checked.
const DOCUMENTS: [&str; 3] = ["README.md", "CONFORMANCE.md", "BENCHMARKS.md"];

/// The README's section on a user's own project.
const GETTING_STARTED: &str = "Getting started in your own project";

/// The endings that make a token a file's name even without a folder.
const FILE_ENDINGS: [&str; 8] = [
    ".rs", ".md", ".toml", ".sh", ".json", ".txt", ".lock", ".yml",
];

/// What the build makes and git does not hold: a citation of it is not a
/// repository path.
const NOT_IN_THE_REPOSITORY: [&str; 2] = ["target", ".git"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// A markdown document split into its prose and its fenced blocks.
struct Document {
    name: &'static str,
    /// The lines outside fenced blocks, joined.
    prose: String,
    /// Each fenced block: its info string, the heading above it, its lines.
    blocks: Vec<Block>,
    /// The headings, as GitHub makes them into anchors.
    anchors: BTreeSet<String>,
}

struct Block {
    info: String,
    heading: String,
    lines: Vec<String>,
}

impl Document {
    fn read(name: &'static str) -> Document {
        let text = read(name);
        let mut prose = String::new();
        let mut blocks = Vec::new();
        let mut anchors = BTreeSet::new();
        let mut heading = String::new();
        let mut open: Option<Block> = None;
        for line in text.lines() {
            if let Some(info) = line.trim_start().strip_prefix("```") {
                match open.take() {
                    Some(block) => blocks.push(block),
                    None => {
                        open = Some(Block {
                            info: info.trim().to_owned(),
                            heading: heading.clone(),
                            lines: Vec::new(),
                        });
                    }
                }
                continue;
            }
            if let Some(block) = &mut open {
                block.lines.push(line.to_owned());
                continue;
            }
            if let Some(title) = line.strip_prefix('#') {
                let title = title.trim_start_matches('#').trim();
                heading = title.to_owned();
                anchors.insert(anchor(title));
            }
            prose.push_str(line);
            prose.push('\n');
        }
        assert!(open.is_none(), "{name}: a fenced block is never closed");
        Document {
            name,
            prose,
            blocks,
            anchors,
        }
    }

    /// The shell commands of its `sh` blocks, one a line, without comments:
    /// those run in this repository, not in the user's own project the
    /// getting-started section builds.
    fn commands(&self) -> impl Iterator<Item = &str> {
        self.blocks
            .iter()
            .filter(|block| block.info == "sh" && block.heading != GETTING_STARTED)
            .flat_map(|block| &block.lines)
            .map(|line| line.split(" #").next().unwrap_or_default())
    }
}

/// The anchor GitHub gives a heading: lower case, spaces as hyphens, and
/// nothing else but letters, digits, `-` and `_`.
fn anchor(title: &str) -> String {
    title
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The code spans of `prose`: text between runs of backticks of equal
/// length, with its line breaks as spaces, as CommonMark reads them.
fn code_spans(prose: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut rest = prose;
    while let Some(start) = rest.find('`') {
        let after = &rest[start..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let body = &after[ticks..];
        let fence = "`".repeat(ticks);
        let mut search = 0;
        let close = loop {
            let Some(found) = body[search..].find(&fence) else {
                break None;
            };
            let at = search + found;
            let run = body[at..].len() - body[at..].trim_start_matches('`').len();
            if run == ticks {
                break Some(at);
            }
            search = at + run;
        };
        let Some(close) = close else {
            rest = body;
            continue;
        };
        let span = body[..close].replace('\n', " ");
        let span = match span.strip_prefix(' ').and_then(|s| s.strip_suffix(' ')) {
            Some(inner) if !inner.trim().is_empty() => inner.to_owned(),
            _ => span,
        };
        spans.push(span);
        rest = &body[close + ticks..];
    }
    spans
}

/// The targets of `prose`'s links, `[text](target)`.
fn link_targets(prose: &str) -> Vec<&str> {
    prose
        .split("](")
        .skip(1)
        .filter_map(|after| after.split_once(')').map(|(target, _)| target))
        .collect()
}

/// Whether `token` names a place in the repository: a file's name, a
/// folder (`name/`), or a path under one of the repository's top-level
/// entries. Types, MIME types, URLs and API paths are not.
fn is_path(token: &str, top_level: &BTreeSet<String>) -> bool {
    let forbidden = |c: char| c.is_whitespace() || ":{}$=<>()`,'\"".contains(c);
    if token.is_empty()
        || token.contains(forbidden)
        || token.starts_with(['/', '-', '~', '.'].as_slice()) && !token.starts_with(".ci")
    {
        return false;
    }
    let first = token.split('/').next().unwrap_or_default();
    if NOT_IN_THE_REPOSITORY.contains(&first) {
        return false;
    }
    let looks_like_a_file = FILE_ENDINGS.iter().any(|ending| token.ends_with(ending));
    top_level.contains(first) || looks_like_a_file || (token.ends_with('/') && token.len() > 1)
}

/// The repository's top-level entries.
fn top_level() -> BTreeSet<String> {
    std::fs::read_dir(root())
        .expect("the workspace root")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| !NOT_IN_THE_REPOSITORY.contains(&name.as_str()))
        .collect()
}

/// Every path under the repository, relative to its root, with `/` between
/// components and after a folder's name.
fn every_path() -> Vec<String> {
    fn walk(folder: &Path, prefix: &str, paths: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).expect("a folder") {
            let entry = entry.expect("an entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && NOT_IN_THE_REPOSITORY.contains(&name.as_str()) {
                continue;
            }
            let path = format!("{prefix}{name}");
            if entry.file_type().expect("a file type").is_dir() {
                paths.push(format!("{path}/"));
                walk(&entry.path(), &format!("{path}/"), paths);
            } else {
                paths.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root(), "", &mut paths);
    paths
}

/// Whether `name` matches `pattern`, whose `*` stands for any run of
/// characters.
fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (index, part) in parts.iter().enumerate() {
        if index == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether the repository path `path` (relative to the root; a trailing `/`
/// for a folder, `*` for any characters, `…` for "and what follows")
/// exists.
fn exists(path: &str, every_path: &[String]) -> bool {
    let (path, open_ended) = match path.split_once('…') {
        Some((before, _)) => (before, true),
        None => (path, false),
    };
    every_path.iter().any(|there| {
        if open_ended {
            there.starts_with(path)
        } else if path.ends_with('/') {
            matches(path, there) && there.ends_with('/')
        } else {
            matches(path, there) || matches(&format!("{path}/"), there)
        }
    })
}

/// Whether a file or folder named `name` exists anywhere in the repository.
fn exists_anywhere(name: &str, every_path: &[String]) -> bool {
    let name = name.trim_end_matches('/');
    every_path.iter().any(|there| {
        let there = there.trim_end_matches('/');
        let last = there.rsplit('/').next().unwrap_or_default();
        matches(name, last)
    })
}

#[test]
fn every_path_the_documents_cite_exists() {
    let top_level = top_level();
    let every_path = every_path();
    let mut checked = 0;
    let mut missing = Vec::new();
    for name in DOCUMENTS {
        let document = Document::read(name);
        let spans = code_spans(&document.prose);
        let links = link_targets(&document.prose)
            .into_iter()
            .filter(|target| !target.contains("://") && !target.starts_with('#'))
            .map(|target| target.split('#').next().unwrap_or_default().to_owned());
        let words = document
            .commands()
            .flat_map(str::split_whitespace)
            .map(str::to_owned)
            .collect::<Vec<_>>();
        for token in spans.into_iter().chain(links).chain(words) {
            if !is_path(&token, &top_level) {
                continue;
            }
            checked += 1;
            let found = if token.trim_end_matches('/').contains('/') {
                exists(&token, &every_path)
            } else {
                exists_anywhere(&token, &every_path)
            };
            if !found {
                missing.push(format!("{name}: `{token}`"));
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} paths found: the extraction is broken"
    );
    assert!(
        missing.is_empty(),
        "the documents cite paths that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_anchor_a_document_links_to_is_a_heading() {
    let documents: Vec<Document> = DOCUMENTS.into_iter().map(Document::read).collect();
    let mut checked = 0;
    let mut missing = Vec::new();
    for document in &documents {
        for target in link_targets(&document.prose) {
            if target.contains("://") {
                continue;
            }
            let Some((file, anchor)) = target.split_once('#') else {
                continue;
            };
            let linked = if file.is_empty() {
                Some(document)
            } else {
                documents.iter().find(|other| other.name == file)
            };
            checked += 1;
            if !linked.is_some_and(|linked| linked.anchors.contains(anchor)) {
                missing.push(format!("{}: `{target}`", document.name));
            }
        }
    }
    assert!(checked > 0, "no anchor found: the extraction is broken");
    assert!(
        missing.is_empty(),
        "the documents link to headings that do not exist:\n{}",
        missing.join("\n")
    );
}

/// The workspace's packages: name and folder.
fn packages() -> Vec<(String, String)> {
    let manifest = read("Cargo.toml");
    let members = manifest
        .split_once("members = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .expect("the workspace's members")
        .0;
    members
        .split(',')
        .map(|member| member.trim().trim_matches('"'))
        .filter(|member| !member.is_empty())
        .map(|member| {
            let name = read(&format!("{member}/Cargo.toml"))
                .lines()
                .find_map(|line| line.strip_prefix("name = "))
                .expect("a package name")
                .trim_matches('"')
                .to_owned();
            (name, member.to_owned())
        })
        .collect()
}

/// The features `folder`'s manifest declares, `default` included.
fn features(folder: &str) -> Vec<String> {
    let manifest = read(&format!("{folder}/Cargo.toml"));
    let Some((_, section)) = manifest.split_once("\n[features]\n") else {
        return Vec::new();
    };
    let section = section.split("\n[").next().unwrap_or_default();
    section
        .lines()
        .filter(|line| !line.starts_with([' ', '#', ']', '"'].as_slice()))
        .filter_map(|line| line.split_once(" = ").map(|(name, _)| name.to_owned()))
        .collect()
}

#[test]
fn every_package_bench_and_feature_the_commands_name_exists() {
    let packages = packages();
    let mut checked = 0;
    let mut missing = Vec::new();
    for name in DOCUMENTS {
        let document = Document::read(name);
        let spans = code_spans(&document.prose);
        let commands = document
            .commands()
            .map(str::to_owned)
            .chain(spans.into_iter().filter(|span| span.contains("cargo ")));
        for command in commands {
            let words: Vec<&str> = command.split_whitespace().collect();
            let package = words
                .windows(2)
                .find(|pair| pair[0] == "-p")
                .map(|pair| pair[1]);
            let Some(package) = package else { continue };
            checked += 1;
            let Some((_, folder)) = packages.iter().find(|(name, _)| name == package) else {
                missing.push(format!("{name}: package `{package}` in `{command}`"));
                continue;
            };
            for pair in words.windows(2) {
                match pair[0] {
                    "--bench"
                        if !root()
                            .join(folder)
                            .join(format!("benches/{}.rs", pair[1]))
                            .exists() =>
                    {
                        missing.push(format!(
                            "{name}: bench `{}` of `{package}` in `{command}`",
                            pair[1]
                        ));
                    }
                    "--features" => {
                        let declared = features(folder);
                        for feature in pair[1].split(',') {
                            if !declared.iter().any(|declared| declared == feature) {
                                missing.push(format!(
                                    "{name}: feature `{feature}` of `{package}` in `{command}`"
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        checked > 5,
        "only {checked} commands found: the extraction is broken"
    );
    assert!(
        missing.is_empty(),
        "the documents' commands name what does not exist:\n{}",
        missing.join("\n")
    );
}

/// The README's layout: a block of lines whose unindented first word is a
/// folder or file at the root, followed by what it holds. Each name the
/// lines give (`lib.rs`, `call/`, `src/round_trip.rs`) must be under the
/// entry it is listed with.
#[test]
fn the_layout_names_what_is_there() {
    let readme = Document::read("README.md");
    let layout = readme
        .blocks
        .iter()
        .find(|block| block.heading == "Layout")
        .expect("the README has a layout block under `## Layout`");
    let every_path = every_path();
    let mut entry = String::new();
    let mut checked = 0;
    let mut missing = Vec::new();
    for line in &layout.lines {
        let mut text = line.as_str();
        if !line.starts_with(' ') {
            let (first, rest) = line.split_once(' ').unwrap_or((line, ""));
            entry = first.to_owned();
            if !exists(&entry, &every_path) {
                missing.push(format!("`{entry}`"));
            }
            text = rest;
        }
        let names = text
            .split(|c: char| !(c.is_alphanumeric() || "_-./*<>".contains(c)))
            .map(|name| name.trim_end_matches('.'))
            .filter(|name| !name.contains(['<', '>']))
            .filter(|name| {
                FILE_ENDINGS.iter().any(|ending| name.ends_with(ending)) || name.ends_with('/')
            });
        for name in names {
            checked += 1;
            let under = every_path
                .iter()
                .filter(|there| there.starts_with(entry.as_str()))
                .any(|there| {
                    let there = format!("/{there}");
                    matches(&format!("*/{name}"), &there)
                });
            if !under {
                missing.push(format!("`{name}` under `{entry}`"));
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} names found in the layout: the extraction is broken"
    );
    assert!(
        missing.is_empty(),
        "the README's layout names what is not there:\n{}",
        missing.join("\n")
    );
}

/// The features table of the crate's front page (runtime/src/lib.rs) is the
/// only one: it names every feature runtime/Cargo.toml declares, and says
/// which are default.
#[test]
fn the_features_table_names_every_feature() {
    let front_page = read("runtime/src/lib.rs");
    let table = front_page
        .split_once("//! # Features\n")
        .expect("the front page has a `# Features` section")
        .1;
    let rows: Vec<(String, String)> = table
        .lines()
        .map_while(|line| line.strip_prefix("//!"))
        .filter_map(|line| line.trim().strip_prefix("| `"))
        .map(|row| {
            let (feature, rest) = row.split_once('`').expect("a feature's name");
            let default = rest
                .trim_end_matches('|')
                .rsplit('|')
                .next()
                .unwrap_or_default();
            (feature.to_owned(), default.trim().to_owned())
        })
        .collect();
    let manifest = read("runtime/Cargo.toml");
    let defaults = manifest
        .lines()
        .find_map(|line| line.strip_prefix("default = "))
        .expect("runtime/Cargo.toml's default features");
    let declared: BTreeSet<String> = features("runtime")
        .into_iter()
        .filter(|feature| feature != "default")
        .collect();
    let documented: BTreeSet<String> = rows.iter().map(|(feature, _)| feature.clone()).collect();
    assert_eq!(
        documented, declared,
        "the front page's features table and runtime/Cargo.toml's features"
    );
    for (feature, default) in rows {
        let is_default = defaults.contains(&format!("\"{feature}\""));
        assert_eq!(
            default,
            if is_default { "on" } else { "off" },
            "the front page's default for feature `{feature}`"
        );
    }
}

/// A dependency as declared: a version, or a table of one.
#[derive(Debug, PartialEq)]
struct Dependency {
    version: Option<String>,
    path: bool,
    default_features: bool,
    optional: bool,
    features: BTreeSet<String>,
}

impl Dependency {
    fn of(spec: &toml::Value) -> Dependency {
        let table = match spec {
            toml::Value::String(version) => {
                let mut table = toml::Table::new();
                table.insert("version".to_owned(), version.clone().into());
                table
            }
            toml::Value::Table(table) => table.clone(),
            other => panic!("a dependency is a version or a table: {other}"),
        };
        let flag = |key: &str, default: bool| {
            table
                .get(key)
                .and_then(toml::Value::as_bool)
                .unwrap_or(default)
        };
        Dependency {
            version: table
                .get("version")
                .and_then(toml::Value::as_str)
                .map(|version| version.trim_start_matches('=').to_owned()),
            path: table.contains_key("path"),
            default_features: flag("default-features", true),
            optional: flag("optional", false),
            features: strings(table.get("features")).collect(),
        }
    }

    /// The same, its default features (`defaults`) named with the rest.
    fn with_defaults(mut self, defaults: &[String]) -> Dependency {
        if self.default_features {
            self.features.extend(defaults.iter().cloned());
            self.default_features = false;
        }
        self
    }

    /// A member's declaration with what it inherits from `workspace`:
    /// the workspace's version and default features, both sides' features.
    fn inherited(spec: &toml::Value, name: &str, workspace: &toml::Table) -> Dependency {
        if spec.get("workspace").and_then(toml::Value::as_bool) != Some(true) {
            return Dependency::of(spec);
        }
        let mut dependency = Dependency::of(&workspace[name]);
        let local = Dependency::of(spec);
        dependency.optional = local.optional;
        dependency.features.extend(local.features);
        dependency
    }
}

/// The default features of `name` when it is one of this workspace's
/// crates (its declaration there has a path); `None` for a registry crate.
fn workspace_crate(name: &str, workspace: &toml::Table) -> Option<Vec<String>> {
    let path = workspace.get(name)?.get("path")?.as_str()?;
    let manifest: toml::Table = read(&format!("{path}/Cargo.toml")).parse().ok()?;
    let features = manifest.get("features");
    Some(strings(features.and_then(|features| features.get("default"))).collect())
}

/// The strings of a TOML array, if `value` is one.
fn strings(value: Option<&toml::Value>) -> impl Iterator<Item = String> + '_ {
    value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .map(str::to_owned)
}

/// The README's getting-started `Cargo.toml` lines are what `examples/`
/// builds with: each registry dependency with the same default features,
/// the features it names (the example may turn on more for its own code),
/// a version the workspace's satisfies, and the contract's `mock` feature.
#[test]
fn the_getting_started_dependencies_are_what_the_examples_build_with() {
    let readme = Document::read("README.md");
    let root: toml::Table = read("Cargo.toml")
        .parse()
        .expect("the workspace's Cargo.toml");
    let inherited = root["workspace"]["dependencies"]
        .as_table()
        .expect("workspace dependencies")
        .clone();
    let blocks: Vec<&Block> = readme
        .blocks
        .iter()
        .filter(|block| block.info == "toml" && block.heading == GETTING_STARTED)
        .collect();
    assert_eq!(
        blocks.len(),
        3,
        "a Cargo.toml for the contract, the callee and the caller"
    );
    for block in blocks {
        let title = block.lines[0].trim_start_matches("# ");
        let folder = match title.split('/').next() {
            Some("contract") => "examples/contract",
            Some("callee") => "examples/invoked",
            Some("caller") => "examples/caller",
            other => panic!("a getting-started Cargo.toml of {other:?}"),
        };
        let shown: toml::Table = block
            .lines
            .join("\n")
            .parse()
            .unwrap_or_else(|error| panic!("{title}: {error}"));
        let example: toml::Table = read(&format!("{folder}/Cargo.toml"))
            .parse()
            .unwrap_or_else(|error| panic!("{folder}: {error}"));
        for section in ["dependencies", "dev-dependencies"] {
            let Some(shown) = shown.get(section).and_then(toml::Value::as_table) else {
                continue;
            };
            let built = example
                .get(section)
                .and_then(toml::Value::as_table)
                .unwrap_or_else(|| panic!("{folder} has no [{section}]"));
            for (name, spec) in shown {
                let shown = Dependency::of(spec);
                if shown.path {
                    // The user's own crates: the examples name them otherwise.
                    continue;
                }
                let spec = built
                    .get(name)
                    .unwrap_or_else(|| panic!("{title}: {folder} does not depend on {name}"));
                let resolved = Dependency::inherited(spec, name, &inherited);
                let (shown, resolved) = match workspace_crate(name, &inherited) {
                    // One of ours: what matters is the features it ends up with.
                    Some(defaults) => (
                        shown.with_defaults(&defaults),
                        resolved.with_defaults(&defaults),
                    ),
                    None => {
                        assert_eq!(
                            shown.default_features, resolved.default_features,
                            "{title}: {name}'s default features"
                        );
                        (shown, resolved)
                    }
                };
                assert_eq!(
                    shown.optional, resolved.optional,
                    "{title}: {name} optional"
                );
                assert!(
                    shown.features.is_subset(&resolved.features),
                    "{title}: {name} with {:?}, where {folder} builds with {:?}",
                    shown.features,
                    resolved.features
                );
                let (Some(wanted), Some(built)) = (&shown.version, &resolved.version) else {
                    panic!("{title}: {name} has no version")
                };
                assert!(
                    built.starts_with(wanted.as_str()),
                    "{title}: {name} {wanted}, where the workspace has {built}"
                );
            }
        }
        if let Some(features) = shown.get("features").and_then(toml::Value::as_table) {
            for (feature, enables) in features {
                assert_eq!(
                    example.get("features").and_then(|all| all.get(feature)),
                    Some(enables),
                    "{title}: feature {feature}"
                );
            }
        }
    }
}

/// What a registry page and docs.rs need of each crate this workspace
/// publishes: where it lives (so the README's relative links resolve), its
/// documentation, a README of its own that is there, keywords, categories,
/// and docs.rs building every feature with `--cfg docsrs`.
#[test]
fn every_published_crate_has_what_its_registry_page_needs() {
    let root: toml::Table = read("Cargo.toml")
        .parse()
        .expect("the workspace's Cargo.toml");
    let shared = root["workspace"]["package"]
        .as_table()
        .expect("workspace.package");
    let members = root["workspace"]["members"].as_array().expect("members");
    let mut published = Vec::new();
    for member in members.iter().filter_map(toml::Value::as_str) {
        let manifest: toml::Table = read(&format!("{member}/Cargo.toml"))
            .parse()
            .unwrap_or_else(|error| panic!("{member}: {error}"));
        let package = manifest["package"].as_table().expect("[package]");
        if package.get("publish").and_then(toml::Value::as_bool) == Some(false) {
            continue;
        }
        let name = package["name"].as_str().expect("a name").to_owned();
        let field = |key: &str| -> Option<String> {
            match package.get(key)? {
                toml::Value::String(value) => Some(value.clone()),
                toml::Value::Table(table)
                    if table.get("workspace").and_then(toml::Value::as_bool) == Some(true) =>
                {
                    shared.get(key)?.as_str().map(str::to_owned)
                }
                toml::Value::Array(values) if !values.is_empty() => Some(format!("{values:?}")),
                _ => None,
            }
        };
        for key in [
            "description",
            "license",
            "repository",
            "homepage",
            "documentation",
            "readme",
            "keywords",
            "categories",
        ] {
            assert!(field(key).is_some(), "{name} ({member}) has no {key}");
        }
        assert_eq!(
            field("documentation").as_deref(),
            Some(format!("https://docs.rs/{name}").as_str()),
            "{name}"
        );
        let readme = field("readme").expect("a readme");
        assert!(
            root_path(member).join(&readme).is_file(),
            "{name}: its readme {readme} is not there"
        );
        let docs_rs = manifest
            .get("package")
            .and_then(|package| package.get("metadata"))
            .and_then(|metadata| metadata.get("docs"))
            .and_then(|docs| docs.get("rs"))
            .unwrap_or_else(|| panic!("{name} has no [package.metadata.docs.rs]"));
        assert_eq!(
            docs_rs.get("all-features").and_then(toml::Value::as_bool),
            Some(true),
            "{name}"
        );
        published.push(name);
    }
    published.sort();
    assert_eq!(
        published,
        [
            "lambda-client",
            "lambda-client-local",
            "lambda-client-macros",
            "lambda-client-wire"
        ]
    );
    // The local Lambda's registry page is its own, not the runtime's.
    assert_ne!(read("local/README.md"), read("README.md"));
}

fn root_path(member: &str) -> PathBuf {
    root().join(member)
}
