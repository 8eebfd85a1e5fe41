//! What the `cutis` command does for operators besides serving: each function opens the
//! database, does one thing through the same services the API uses, and reports on stdout.

use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;

use crate::accounts::api_keys::{self, KeyKind, NewApiKey};
use crate::accounts::members;
use crate::accounts::users::{self, NewUser};
use crate::accounts::workspaces::{self, NewWorkspace};
use crate::auth::roles::Role;
use crate::config::Settings;
use crate::db;
use crate::error::{Error, Result};

/// Opens the database and refuses to act on a schema that is behind.
async fn open(settings: &Settings) -> Result<DatabaseConnection> {
    let db = db::connect(settings).await?;
    if !Migrator::get_pending_migrations(&db).await?.is_empty() {
        return Err(Error::Conflict(
            "the database schema is behind; run `cutis migrate` first".to_owned(),
        ));
    }
    Ok(db)
}

async fn workspace_named(db: &DatabaseConnection, slug: &str) -> Result<workspaces::Workspace> {
    workspaces::find_by_slug(db, slug)
        .await?
        .ok_or_else(|| Error::NotFound(format!("workspace '{slug}' was not found")))
}

/// `cutis workspace create <slug> --name <name>`
pub async fn create_workspace(
    settings: &Settings,
    slug: &str,
    name: &str,
    default_locale: &str,
    locales: &[String],
) -> Result<()> {
    let db = open(settings).await?;
    let workspace =
        workspaces::create(&db, NewWorkspace::parse(slug, name, default_locale, locales)?).await?;
    println!(
        "created workspace {} ({}) with locales {}",
        workspace.slug,
        workspace.name,
        workspace.locales.join(", ")
    );
    Ok(())
}

/// `cutis user create --email <e> --password-stdin [--workspace <slug> --role <role>]`
pub async fn create_user(
    settings: &Settings,
    email: &str,
    password: &str,
    platform_admin: bool,
    membership: Option<(&str, Role)>,
) -> Result<()> {
    let db = open(settings).await?;
    let mut new = NewUser::parse(email, password, None)?;
    new.is_platform_admin = platform_admin;
    let workspace = match membership {
        Some((slug, role)) => Some((workspace_named(&db, slug).await?, role)),
        None => None,
    };
    let user = users::create(&db, new).await?;
    println!("created user {} ({})", user.email, user.id);
    if let Some((workspace, role)) = workspace {
        members::add(&db, workspace.id, user.id, role).await?;
        println!("{} is {} of workspace {}", user.email, role, workspace.slug);
    }
    Ok(())
}

/// `cutis key create --workspace <slug> --name <name> [--clinic <slug>] [--preview]`
pub async fn create_key(
    settings: &Settings,
    workspace: &str,
    name: &str,
    clinic: Option<&str>,
    preview: bool,
) -> Result<()> {
    let db = open(settings).await?;
    let workspace = workspace_named(&db, workspace).await?;
    let kind = if preview { KeyKind::Preview } else { KeyKind::Delivery };
    let new = NewApiKey { workspace_id: workspace.id, name, kind, clinic, created_by: None };
    let (key, secret) = api_keys::create(&db, new).await?;
    eprintln!("created {:?} key '{}' ({}); it is shown once:", key.kind, key.name, key.prefix);
    println!("{secret}");
    Ok(())
}
