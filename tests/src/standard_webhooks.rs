//! The Standard Webhooks reference library (PyPI `standardwebhooks`, pinned below), installed
//! into a virtual environment under `~/.cache` on first use, to verify what Cutis signs with
//! someone else's code. Tests skip with a message where Python or pip is unavailable.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::json;

use crate::Received;

/// The version verified against.
const VERSION: &str = "1.1.0";

const VERIFY: &str = r#"
import json, sys
from standardwebhooks.webhooks import Webhook
message = json.load(sys.stdin)
try:
    Webhook(message["secret"]).verify(message["body"], message["headers"])
except Exception as error:
    print(f"{type(error).__name__}: {error}")
    sys.exit(1)
print("verified")
"#;

/// The Python of the virtual environment holding the library, if it could be made.
pub fn python() -> Option<PathBuf> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    PYTHON.get_or_init(install).clone()
}

fn install() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    let venv = PathBuf::from(home).join(".cache").join(format!("cutis-standardwebhooks-{VERSION}"));
    let python = venv.join("bin").join("python");
    let ready = |python: &PathBuf| {
        Command::new(python)
            .args(["-c", "import standardwebhooks"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if ready(&python) {
        return Some(python);
    }
    let made = Command::new("python3").arg("-m").arg("venv").arg(&venv).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("python3 -m venv is unavailable");
        return None;
    }
    let package = format!("standardwebhooks=={VERSION}");
    let installed = Command::new(&python).args(["-m", "pip", "install", "-q", &package]).status();
    if !installed.is_ok_and(|status| status.success()) || !ready(&python) {
        eprintln!("pip could not install {package}");
        return None;
    }
    Some(python)
}

/// Whether the library accepts `received` (headers and body as they arrived) under `secret`;
/// `Err` carries its reason. `None` when the library is unavailable.
pub fn verify(secret: &str, received: &Received) -> Option<Result<(), String>> {
    let python = python()?;
    let headers: serde_json::Map<String, serde_json::Value> =
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
            .iter()
            .map(|name| ((*name).to_owned(), json!(received.header(name))))
            .collect();
    let message = json!({"secret": secret, "body": received.body, "headers": headers});
    let mut child = Command::new(python)
        .args(["-c", VERIFY])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(message.to_string().as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    let said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Some(if output.status.success() { Ok(()) } else { Err(said) })
}
