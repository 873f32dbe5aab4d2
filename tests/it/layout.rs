//! The code's shape, checked: the modules of `src/domain` reference each other without a
//! cycle (file by file), and no file in `src/` grows past 700 lines. Both were rules of the
//! restructure (issue 11) that nothing else would notice breaking.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 700;

type ModPath = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/domain/login/start.rs` is `domain::login::start`; a `mod.rs` is its folder's module.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: ModPath = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code without comments, string literals and the unit-test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if text[i..].starts_with("//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if text[i..].starts_with("/*") {
            i += text[i..].find("*/").map_or(bytes.len() - i, |n| n + 2);
        } else if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(bytes[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path a `use` tree names, e.g. `super::{a::B, c}` gives `super::a::B` and `super::c`.
fn expand_tree(prefix: &[String], tree: &str, out: &mut Vec<ModPath>) {
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in tree.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&tree[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tree[start..]);
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if let Some((head, rest)) = part.split_once('{') {
            let mut p = prefix.to_vec();
            p.extend(head.split("::").filter(|s| !s.is_empty()).map(String::from));
            expand_tree(&p, rest.strip_suffix('}').unwrap_or(rest), out);
        } else {
            let name = part.split(" as ").next().unwrap_or(part);
            let mut p = prefix.to_vec();
            p.extend(name.split("::").filter(|s| !s.is_empty()).map(String::from));
            out.push(p);
        }
    }
}

/// One space between words, none around `::`, braces and commas.
fn normalize(tree: &str) -> String {
    let words: Vec<&str> = tree.split_whitespace().collect();
    let mut out = words.join(" ");
    for p in ["::", "{", "}", ","] {
        out = out
            .replace(&format!(" {p}"), p)
            .replace(&format!("{p} "), p);
    }
    out
}

fn use_paths(code: &str, only_pub: bool) -> Vec<ModPath> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].trim_end();
        let starts_word = rest[..i].chars().last().is_none_or(|c| !is_ident(c));
        let is_pub = before.ends_with("pub") || before.ends_with(')');
        let end = rest[i..].find(';').map_or(rest.len(), |n| i + n);
        if starts_word && (!only_pub || is_pub) {
            let tree = normalize(&rest[i + 4..end]);
            expand_tree(&[], &tree, &mut out);
        }
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out
}

/// Paths written inline in the code, such as `super::tokens::issue(…)`.
fn inline_paths(code: &str) -> Vec<ModPath> {
    let mut out = Vec::new();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(n) = code[from..].find(root) {
            let at = from + n;
            from = at + root.len();
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| is_ident(c) || c == ':')
            {
                continue;
            }
            let tail: String = code[at..]
                .chars()
                .take_while(|&c| is_ident(c) || c == ':')
                .collect();
            out.push(
                tail.split("::")
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            );
        }
    }
    out
}

fn definitions(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let words: Vec<&str> = code
        .split(|c: char| !is_ident(c))
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if matches!(
            pair[0],
            "struct" | "enum" | "trait" | "fn" | "type" | "const" | "static" | "mod"
        ) {
            names.insert(pair[1].to_string());
        }
    }
    names
}

struct Tree {
    code: BTreeMap<ModPath, String>,
    defs: BTreeMap<ModPath, BTreeSet<String>>,
}

impl Tree {
    /// The file a path written in `from` lands in, following one module's re-exports.
    fn resolve(&self, from: &ModPath, segs: &[String], depth: u8) -> Option<ModPath> {
        let (mut base, mut rest) = match segs.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &segs[1..]),
            Some("super" | "self") => (from.clone(), segs),
            _ => return None,
        };
        while let Some(first) = rest.first().map(String::as_str) {
            match first {
                "super" => {
                    base.pop();
                }
                "self" => {}
                _ => break,
            }
            rest = &rest[1..];
        }
        let mut full = base;
        full.extend(rest.iter().cloned());
        let n = (1..=full.len())
            .rev()
            .find(|&n| self.code.contains_key(&full[..n]))?;
        let module = full[..n].to_vec();
        let Some(item) = full.get(n) else {
            return Some(module);
        };
        if depth < 4 && !self.defs[&module].contains(item) {
            for path in use_paths(&self.code[&module], true) {
                if path.last() == Some(item)
                    && let Some(target) = self.resolve(&module, &path, depth + 1)
                {
                    return Some(target);
                }
            }
        }
        Some(module)
    }
}

fn find_cycle(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Option<Vec<ModPath>> {
    fn visit(
        node: &ModPath,
        edges: &BTreeMap<ModPath, BTreeSet<ModPath>>,
        state: &mut BTreeMap<ModPath, u8>,
        stack: &mut Vec<ModPath>,
    ) -> Option<Vec<ModPath>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in &edges[node] {
            match state.get(next) {
                Some(1) => {
                    let at = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node)
            && let Some(c) = visit(node, edges, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn domain_modules_reference_each_other_without_a_cycle() {
    let src = src_dir();
    let mut files = Vec::new();
    rust_files(&src.join("domain"), &mut files);
    let mut tree = Tree {
        code: BTreeMap::new(),
        defs: BTreeMap::new(),
    };
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let module = module_of(&src, file);
        tree.defs.insert(module.clone(), definitions(&code));
        tree.code.insert(module, code);
    }
    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (module, code) in &tree.code {
        let mut targets = BTreeSet::new();
        for path in use_paths(code, false).into_iter().chain(inline_paths(code)) {
            let outside_domain = path.first().is_some_and(|s| s == "crate")
                && path.get(1).is_none_or(|s| s != "domain");
            if outside_domain {
                continue;
            }
            if let Some(target) = tree.resolve(module, &path, 0)
                && &target != module
            {
                targets.insert(target);
            }
        }
        edges.insert(module.clone(), targets);
    }
    assert!(edges.len() > 20, "found only {} domain files", edges.len());
    let total: usize = edges.values().map(BTreeSet::len).sum();
    assert!(
        total > 40,
        "found only {total} references: the parser is broken"
    );
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
        panic!("src/domain has an import cycle: {}", names.join(" -> "));
    }
}

#[test]
fn no_source_file_is_over_700_lines() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let a: ModPath = vec!["domain".into(), "a".into()];
    let b: ModPath = vec!["domain".into(), "b".into()];
    let mut edges = BTreeMap::new();
    edges.insert(a.clone(), BTreeSet::from([b.clone()]));
    edges.insert(b.clone(), BTreeSet::new());
    assert!(find_cycle(&edges).is_none());
    edges.insert(b.clone(), BTreeSet::from([a.clone()]));
    assert!(find_cycle(&edges).is_some());
}
