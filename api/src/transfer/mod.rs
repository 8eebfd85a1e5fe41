//! Moving a workspace's content in and out as one JSON document (`cutis-export/1`, see
//! [`format`]): `cutis export` writes it, `cutis import` loads it, and the demo library is
//! loaded through the same importer.
//!
//! The file carries content, locales, clinics and offerings, the review policy and claim
//! rules, optionally revisions, never secrets: no users, keys or webhooks. Imports go through the content service and the
//! workflow like any editor's change, so they are validated the same way and leave revisions.

mod apply;
mod bodies;
mod export;
pub mod format;
mod import;
mod kinds;
mod plan;
mod report;
mod settings;
mod walk;

use sea_orm::ConnectionTrait;

pub use export::{export, to_json};
pub use format::{Document, FORMAT};
pub use import::{IMPORT_ACCOUNT, ImportOptions, Importer, import, import_account, import_in};
pub use report::{ImportReport, Tally};

use crate::accounts::workspaces;
use crate::error::{Error, Result};

/// The export of workspace `slug` as the file holds it.
pub async fn export_workspace(
    db: &impl ConnectionTrait,
    slug: &str,
    with_revisions: bool,
) -> Result<String> {
    let workspace = workspaces::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| Error::NotFound(format!("workspace '{slug}' was not found")))?;
    to_json(&export(db, &workspace, with_revisions).await?)
}
