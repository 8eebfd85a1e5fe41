//! The first run. On a database without any workspace, `cutis serve` loads the demo library
//! (`demo/demo.json`, and `demo/glow-studio.json` as a second tenant) through the importer,
//! creates an owner with a random password and a delivery key, and prints them once, so the
//! first minutes need no setup at all.
//!
//! The files are compiled into the binary, so `cutis` serves the demo from any directory.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DatabaseTransaction};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::accounts::api_keys::{self, KeyKind, NewApiKey};
use crate::accounts::users::{self, NewUser};
use crate::accounts::{members, workspaces};
use crate::auth::roles::Role;
use crate::content::change::{self, finish};
use crate::error::{Error, Result};
use crate::transfer::{ImportOptions, ImportReport, Importer, import_in};

/// The demo library: microneedling and chemical peels in English and French, eight
/// conditions, two clinics with their offerings (workspace `demo`).
pub const LIBRARY: &str = include_str!("../../demo/demo.json");
/// A second tenant with its own microneedling, to show that workspaces never mix.
pub const SECOND_TENANT: &str = include_str!("../../demo/glow-studio.json");
/// The day the demo's review dates were written as of. Loading moves them by the time since,
/// so the demo's medical reviews are as recent on any first run as on that day, and never go
/// overdue in a demo started years later.
const REVIEWS_AS_OF: &str = "2026-11-01T00:00:00Z";
/// The demo's administrator, owner of both workspaces.
pub const OWNER_EMAIL: &str = "owner@northlight.example";

/// What the first run hands over, once: how to sign in and how to read.
pub struct Welcome {
    /// The workspace the delivery key reads (`demo`).
    pub workspace: String,
    pub email: String,
    pub password: SecretString,
    pub delivery_key: SecretString,
    pub reports: Vec<ImportReport>,
    /// How long loading took, accounts and both files together.
    pub took: Duration,
}

/// Loads the demo when the database has no workspace yet; `None` when it has one.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<Option<Welcome>> {
    if !workspaces::list_all(db).await?.is_empty() {
        return Ok(None);
    }
    match load(db).await {
        Ok(welcome) => Ok(Some(welcome)),
        // Replicas starting together on one empty database race; one loading it is enough.
        Err(error) if !workspaces::list_all(db).await?.is_empty() => {
            tracing::info!(%error, "another process loaded the demo first");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Loads the demo library and its accounts in one transaction.
pub async fn load(db: &DatabaseConnection) -> Result<Welcome> {
    let started = Instant::now();
    // 24 URL-safe characters: about 144 random bits, short enough to paste.
    let password: String = crate::auth::tokens::generate("").chars().take(24).collect();
    let txn = change::begin(db).await?;
    let result = load_in(&txn, &password).await;
    let (workspace, reports, delivery_key) = finish(txn, result).await?;
    let took = started.elapsed();
    tracing::info!(took_ms = took.as_millis() as u64, "demo library loaded");
    Ok(Welcome {
        workspace,
        email: OWNER_EMAIL.to_owned(),
        password: password.into(),
        delivery_key: delivery_key.into(),
        reports,
        took,
    })
}

async fn load_in(
    txn: &DatabaseTransaction,
    password: &str,
) -> Result<(String, Vec<ImportReport>, String)> {
    let owner =
        users::create(txn, NewUser::parse(OWNER_EMAIL, password, Some("Demo owner"), None)?)
            .await?;
    let importer = Importer { user_id: owner.id, name: owner.display_name.clone() };
    let mut reports = Vec::new();
    // The demo fills an empty database before anything is served, so no cache anywhere holds
    // what its changes would make stale: they need no follower.
    let mut changes = Vec::new();
    for (source, text) in [("demo/demo.json", LIBRARY), ("demo/glow-studio.json", SECOND_TENANT)] {
        let options = ImportOptions { workspace: None, source, importer: &importer };
        let text = reviews_dated_from(text, Utc::now())?;
        let report = import_in(txn, &text, options, &mut changes).await?;
        let workspace = workspaces::find_by_slug(txn, &report.workspace)
            .await?
            .ok_or_else(|| Error::Internal(format!("{source} made no workspace")))?;
        members::add(txn, workspace.id, owner.id, Role::Owner).await?;
        reports.push(report);
    }
    let demo = reports.first().map(|report| report.workspace.clone()).unwrap_or_default();
    let workspace = workspaces::find_by_slug(txn, &demo)
        .await?
        .ok_or_else(|| Error::Internal("the demo workspace is missing".to_owned()))?;
    let key = NewApiKey {
        workspace_id: workspace.id,
        name: "Demo website",
        kind: KeyKind::Delivery,
        clinic: None,
        created_by: Some(owner.id),
    };
    let (_, secret) = api_keys::create(txn, key).await?;
    Ok((demo, reports, secret))
}

/// `library` with every `review.reviewed_at` moved by the time from [`REVIEWS_AS_OF`] to `now`.
fn reviews_dated_from(library: &str, now: DateTime<Utc>) -> Result<String> {
    let invalid = |error: String| Error::Internal(format!("the demo library: {error}"));
    let as_of = DateTime::parse_from_rfc3339(REVIEWS_AS_OF).map_err(|e| invalid(e.to_string()))?;
    let shift = now - as_of.with_timezone(&Utc);
    let mut document: Value = serde_json::from_str(library).map_err(|e| invalid(e.to_string()))?;
    move_reviews(&mut document, shift);
    serde_json::to_string(&document).map_err(|e| invalid(e.to_string()))
}

fn move_reviews(value: &mut Value, shift: chrono::Duration) {
    match value {
        Value::Object(object) => {
            let at = object.get_mut("review").and_then(|review| review.get_mut("reviewed_at"));
            if let Some(at) = at {
                let moved = at.as_str().and_then(|raw| DateTime::parse_from_rfc3339(raw).ok());
                if let Some(moved) = moved {
                    *at = Value::String((moved.with_timezone(&Utc) + shift).to_rfc3339());
                }
            }
            object.values_mut().for_each(|child| move_reviews(child, shift));
        }
        Value::Array(items) => items.iter_mut().for_each(|child| move_reviews(child, shift)),
        _ => {}
    }
}

impl Welcome {
    /// The framed message `cutis serve` prints once, on stdout. `generated_jwt_key`: whether
    /// access tokens are signed with a key made up for this run (no `CUTIS_JWT_SECRET`).
    pub fn banner(&self, address: SocketAddr, generated_jwt_key: bool) -> String {
        let base = format!("http://{address}");
        let rule = "─".repeat(76);
        let mut text = String::new();
        let mut line = |content: String| {
            let _ = writeln!(text, "{content}");
        };
        line(rule.clone());
        line(format!(" Cutis is running at {base}, with the demo library loaded."));
        line(String::new());
        line(format!("   Swagger UI     {base}/docs/"));
        line(format!("   GraphQL        {base}/graphql   (explorer)"));
        line(format!("   Admin login    {}", self.email));
        line(format!("   Password       {}", self.password.expose_secret()));
        line(format!(
            "   Delivery key   {}   (workspace {})",
            self.delivery_key.expose_secret(),
            self.workspace
        ));
        line(String::new());
        line(" The password and key are shown this once; only their hashes are stored.".into());
        if generated_jwt_key {
            line(
                " CUTIS_JWT_SECRET is not set: access tokens are signed with a key generated"
                    .into(),
            );
            line(
                " for this run, so sign-ins end when Cutis stops. Set it for anything lasting."
                    .into(),
            );
        }
        line(
            " Next: the quick start in README.md. --no-demo (CUTIS_DEMO=false) skips this.".into(),
        );
        line(rule);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_reviews_are_as_recent_on_any_first_run() {
        let later = DateTime::parse_from_rfc3339("2029-06-01T00:00:00Z").unwrap().to_utc();
        let moved: Value =
            serde_json::from_str(&reviews_dated_from(LIBRARY, later).unwrap()).unwrap();
        let dates: Vec<DateTime<Utc>> = moved["treatments"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|treatment| treatment["review"]["reviewed_at"].as_str())
            .map(|raw| DateTime::parse_from_rfc3339(raw).unwrap().to_utc())
            .collect();
        assert!(!dates.is_empty());
        // Reviewed on 2026-10-14, 18 days before the day the dates were written as of.
        assert!(dates.iter().all(|at| (later - *at).num_days() == 18), "{dates:?}");
    }
}
