//! The operator commands of the README's "The `cutis` command" run as the real binary on a
//! database nothing has touched yet: they migrate it first, as `serve` does, unless told
//! `--no-migrate`. SQLite, or PostgreSQL when `CUTIS_TEST_POSTGRES_URL` is set.

// Shared with the fault tests, which use the rest of it.
#[allow(dead_code)]
mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use support::database::Scratch;
use support::process::Served;

const PASSPHRASE: &str = "a long and unguessable passphrase";

/// Runs `cutis` with `args` on `scratch`, `stdin` on its standard input.
fn cutis(scratch: &Scratch, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cutis"))
        .args(args)
        .env("CUTIS_DATABASE_URL", scratch.url())
        .env("CUTIS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cutis");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for cutis")
}

fn succeeded(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cutis failed: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn the_readme_s_first_administrator_sequence_works_on_an_empty_database() {
    let scratch = Scratch::create().await;

    let workspace = cutis(
        &scratch,
        &["workspace", "create", "northshore", "--name", "Northshore Skin Clinics"],
        "",
    );
    let user = cutis(
        &scratch,
        &["user", "create", "--email", "owner@northshore.example", "--name", "Dr Amélie Roy"]
            .into_iter()
            .chain(["--password-stdin", "--workspace", "northshore", "--role", "owner"])
            .collect::<Vec<_>>(),
        &format!("{PASSPHRASE}\n"),
    );
    let key =
        cutis(&scratch, &["key", "create", "--workspace", "northshore", "--name", "Website"], "");

    succeeded(&workspace);
    succeeded(&user);
    let key = succeeded(&key).trim().to_owned();
    assert!(key.starts_with("cutis_live_"), "{key}");
    let served = Served::start(&scratch, &[("CUTIS_DEMO", "false")]).await;
    let delivered = served.client.get(served.url("/v1/workspace")).bearer_auth(&key).send().await;
    let delivered: Value = delivered.expect("the delivery API answers").json().await.expect("JSON");
    assert_eq!(delivered["slug"], "northshore");
    let login = json!({"email": "owner@northshore.example", "password": PASSPHRASE});
    let signed_in = served.client.post(served.url("/v1/auth/login")).json(&login).send().await;
    let signed_in = signed_in.expect("the login answers");
    assert_eq!(signed_in.status(), 200);
    let tokens: Value = signed_in.json().await.expect("JSON");
    let token = tokens["access_token"].as_str().expect("an access token");
    let me = served.client.get(served.url("/v1/me")).bearer_auth(token).send().await;
    let me: Value = me.expect("/v1/me answers").json().await.expect("JSON");
    assert_eq!(me["display_name"], "Dr Amélie Roy");
}

#[tokio::test]
async fn an_import_into_an_empty_database_loads_the_library() {
    let scratch = Scratch::create().await;
    let library = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/demo.json");

    let imported = cutis(&scratch, &["import", library], "");

    succeeded(&imported);
    let exported = succeeded(&cutis(&scratch, &["export", "--workspace", "demo"], ""));
    let exported: Value = serde_json::from_str(&exported).expect("an export document");
    assert!(exported["treatments"].as_array().is_some_and(|list| !list.is_empty()));
}

#[tokio::test]
async fn with_no_migrate_an_operator_command_refuses_an_empty_database_and_writes_nothing() {
    let scratch = Scratch::create().await;

    let refused =
        cutis(&scratch, &["workspace", "create", "northshore", "--name", "N", "--no-migrate"], "");

    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("schema is behind"), "{stderr}");
    succeeded(&cutis(&scratch, &["migrate"], ""));
    let key = cutis(&scratch, &["key", "create", "--workspace", "northshore", "--name", "W"], "");
    assert!(!key.status.success(), "the refused command created the workspace");
}

#[tokio::test]
async fn audit_export_prints_the_workspace_s_log_as_json_lines_oldest_first() {
    let scratch = Scratch::create().await;
    let library = concat!(env!("CARGO_MANIFEST_DIR"), "/../demo/demo.json");
    succeeded(&cutis(&scratch, &["import", library], ""));
    succeeded(&cutis(&scratch, &["workspace", "create", "other", "--name", "Other"], ""));

    let exported = succeeded(&cutis(&scratch, &["audit", "export", "--workspace", "demo"], ""));
    let later = cutis(
        &scratch,
        &["audit", "export", "--workspace", "demo", "--since", "2999-01-01T00:00:00Z"],
        "",
    );
    let other = succeeded(&cutis(&scratch, &["audit", "export", "--workspace", "other"], ""));
    let garbled =
        cutis(&scratch, &["audit", "export", "--workspace", "demo", "--since", "soon"], "");

    let rows: Vec<Value> =
        exported.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    assert!(rows.len() > 20, "the import's creates and workflow steps: {}", rows.len());
    let ids: std::collections::HashSet<&str> =
        rows.iter().map(|row| row["id"].as_str().expect("an id")).collect();
    assert_eq!(ids.len(), rows.len(), "each row once");
    assert!(rows.iter().any(|row| row["action"] == "treatment.create"));
    assert!(rows.iter().any(|row| row["entry"]["slug"] == "microneedling"));
    let times: Vec<&str> = rows.iter().map(|row| row["at"].as_str().expect("a time")).collect();
    let parsed: Vec<chrono::DateTime<chrono::FixedOffset>> = times
        .iter()
        .map(|at| chrono::DateTime::parse_from_rfc3339(at).expect("RFC 3339"))
        .collect();
    assert!(parsed.windows(2).all(|pair| pair[0] <= pair[1]), "oldest first");
    assert_eq!(succeeded(&later), "");
    assert_eq!(other, "", "another workspace's rows never appear");
    assert!(!garbled.status.success());
    assert!(String::from_utf8_lossy(&garbled.stderr).contains("RFC 3339"));
}
