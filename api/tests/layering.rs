//! The architecture, kept by a test: the domain knows no HTTP, and neither face reaches into
//! the other. Each rule names the folders it governs and the paths their code may not use.

use std::path::{Path, PathBuf};

/// (folders under `api/src`, what their code may not name)
const RULES: &[(&[&str], &[&str])] = &[
    (
        &["content", "accounts", "transfer", "webhooks", "search"],
        &[
            "actix",
            "async_graphql",
            "crate::rest",
            "crate::graphql",
            "crate::request",
            "crate::state",
        ],
    ),
    (&["graphql"], &["crate::rest"]),
    (&["rest"], &["crate::graphql"]),
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn the_domain_knows_no_http_and_neither_face_imports_the_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (folders, forbidden) in RULES {
        for folder in *folders {
            let mut files = Vec::new();
            rust_files(&src.join(folder), &mut files);
            assert!(!files.is_empty(), "no Rust files under {folder}");
            for file in files {
                let text = std::fs::read_to_string(&file).expect("read a source file");
                for (number, line) in text.lines().enumerate() {
                    let code = line.split("//").next().unwrap_or_default();
                    for name in *forbidden {
                        if code.contains(name) {
                            broken.push(format!("{}:{}: {name}", file.display(), number + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}
