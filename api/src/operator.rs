//! What the `cutis` command does for operators besides serving: each function opens the
//! database, migrates it as `serve` does (or refuses a schema that is behind, with
//! `--no-migrate`), does one thing through the same services the API uses, and reports on
//! stdout.

use std::io::Write;
use std::path::Path;

use sea_orm::DatabaseConnection;

use crate::accounts::api_keys::{self, KeyKind, NewApiKey};
use crate::accounts::invitations;
use crate::accounts::members;
use crate::accounts::users::{self, NewUser};
use crate::accounts::workspaces::{self, NewWorkspace};
use crate::auth::roles::Role;
use crate::config::{JwtSigning, Settings};
use crate::content::Content;
use crate::content::audit_log::{self, AuditFilter};
use crate::db;
use crate::delivery::follower::DeliveryFollower;
use crate::error::{Error, Result};
use crate::server::{SchemaPolicy, Server, prepare_schema};
use crate::transfer::{self, ImportOptions, Importer};
use crate::validated::Email;

/// Opens the database and brings its schema up to date, or with
/// [`SchemaPolicy::RequireCurrent`] refuses to act on one that is behind, so a first
/// `cutis workspace create` works on a new database just as `cutis serve` does.
async fn open(settings: &Settings, policy: SchemaPolicy) -> Result<DatabaseConnection> {
    let db = db::connect(settings).await?;
    prepare_schema(&db, policy).await?;
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
    policy: SchemaPolicy,
    slug: &str,
    name: &str,
    default_locale: &str,
    locales: &[String],
) -> Result<()> {
    let db = open(settings, policy).await?;
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

/// Who `cutis user create` makes, as given on the command line.
pub struct NewAccount<'a> {
    pub email: &'a str,
    /// The display name, recorded as the reviewer on approvals; the email's local part if absent.
    pub name: Option<&'a str>,
    /// Professional credentials, recorded after the name on approvals.
    pub credentials: Option<&'a str>,
    pub platform_admin: bool,
}

/// `cutis user create --email <e> [--name <n>] [--credentials <c>] --password-stdin [--workspace <slug> --role <role>]`
pub async fn create_user(
    settings: &Settings,
    policy: SchemaPolicy,
    account: NewAccount<'_>,
    password: &str,
    membership: Option<(&str, Role)>,
) -> Result<()> {
    let db = open(settings, policy).await?;
    let mut new = NewUser::parse(account.email, password, account.name, account.credentials)?;
    new.is_platform_admin = account.platform_admin;
    let workspace = match membership {
        Some((slug, role)) => Some((workspace_named(&db, slug).await?, role)),
        None => None,
    };
    let user = users::create(&db, new).await?;
    println!("created user {} \"{}\" ({})", user.email, user.reviewer_name(), user.id);
    if let Some((workspace, role)) = workspace {
        members::add(&db, workspace.id, user.id, role).await?;
        println!("{} is {} of workspace {}", user.email, role, workspace.slug);
    }
    Ok(())
}

/// `cutis invitation create --workspace <slug> --email <e> --role <role>`
pub async fn create_invitation(
    settings: &Settings,
    policy: SchemaPolicy,
    workspace: &str,
    email: &str,
    role: Role,
) -> Result<()> {
    let db = open(settings, policy).await?;
    let workspace = workspace_named(&db, workspace).await?;
    let email =
        Email::parse(email).map_err(|message| Error::BadRequest(format!("--email: {message}")))?;
    let (invitation, token) = invitations::create(&db, workspace.id, &email, role, None).await?;
    eprintln!(
        "invited {} as {} of workspace {} until {}; the token is shown once:",
        invitation.email, invitation.role, workspace.slug, invitation.expires_at
    );
    println!("{token}");
    Ok(())
}

/// `cutis key create --workspace <slug> --name <name> [--clinic <slug>] [--preview]`
pub async fn create_key(
    settings: &Settings,
    policy: SchemaPolicy,
    workspace: &str,
    name: &str,
    clinic: Option<&str>,
    preview: bool,
) -> Result<()> {
    let db = open(settings, policy).await?;
    let workspace = workspace_named(&db, workspace).await?;
    let kind = if preview { KeyKind::Preview } else { KeyKind::Delivery };
    let new = NewApiKey { workspace_id: workspace.id, name, kind, clinic, created_by: None };
    let (key, secret) = api_keys::create(&db, new).await?;
    eprintln!("created {:?} key '{}' ({}); it is shown once:", key.kind, key.name, key.prefix);
    println!("{secret}");
    Ok(())
}

/// `cutis serve [--no-migrate] [--no-demo]`: on a first run in demo mode, loads the demo and
/// prints how to use it (once) before serving.
pub async fn serve(settings: Settings, policy: SchemaPolicy) -> Result<()> {
    let generated_jwt_key = matches!(settings.jwt.signing, JwtSigning::Ephemeral);
    if generated_jwt_key && !settings.demo {
        // A key made up per process breaks sign-ins at every restart and across replicas.
        return Err(Error::BadRequest(
            "CUTIS_JWT_SECRET is not set. Outside the demo, access tokens need a lasting key: \
             set CUTIS_JWT_SECRET to 32 or more random bytes (e.g. `openssl rand -base64 48`), \
             or CUTIS_JWT_ALGORITHM with key files. To just try Cutis, leave demo mode on (no \
             --no-demo, no CUTIS_DEMO=false): it generates a key for one run."
                .to_owned(),
        ));
    }
    let server = Server::build(settings, policy).await?;
    if let Some(welcome) = server.demo() {
        print!("{}", welcome.banner(server.address(), generated_jwt_key));
    }
    server.run_until_stopped().await
}

/// `cutis export --workspace <slug> [--revisions] [--output <file>]`
pub async fn export(
    settings: &Settings,
    policy: SchemaPolicy,
    workspace: &str,
    with_revisions: bool,
    output: Option<&Path>,
) -> Result<()> {
    let db = open(settings, policy).await?;
    let text = transfer::export_workspace(&db, workspace, with_revisions).await?;
    match output {
        None => print!("{text}"),
        Some(path) => {
            std::fs::write(path, &text).map_err(|error| {
                Error::BadRequest(format!("cannot write {}: {error}", path.display()))
            })?;
            eprintln!("exported workspace {workspace} to {}", path.display());
        }
    }
    Ok(())
}

/// `cutis audit export --workspace <slug> [--since <RFC 3339>]`: one JSON object a line,
/// oldest first, read a page at a time so a long log never sits in memory whole.
pub async fn export_audit(
    settings: &Settings,
    policy: SchemaPolicy,
    workspace: &str,
    since: Option<&str>,
) -> Result<()> {
    let since = since
        .map(|raw| {
            chrono::DateTime::parse_from_rfc3339(raw)
                .map(|at| at.to_utc())
                .map_err(|_| Error::BadRequest(format!("--since {raw:?} is not an RFC 3339 time")))
        })
        .transpose()?;
    let db = open(settings, policy).await?;
    let workspace = workspace_named(&db, workspace).await?;
    let mut stdout = std::io::stdout().lock();
    let mut cursor = None;
    loop {
        let filter = AuditFilter::oldest_first(since, cursor.as_deref())?;
        let page = audit_log::list(&db, workspace.id, &filter).await?;
        for row in &page.items {
            let line = serde_json::to_string(row).map_err(|e| Error::Internal(e.to_string()))?;
            writeln!(stdout, "{line}").map_err(|e| Error::Internal(e.to_string()))?;
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// `cutis import <file> [--workspace <slug>] [--as <email>]`
pub async fn import(
    settings: &Settings,
    policy: SchemaPolicy,
    file: &Path,
    workspace: Option<&str>,
    as_user: Option<&str>,
) -> Result<()> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| Error::BadRequest(format!("cannot read {}: {error}", file.display())))?;
    let db = open(settings, policy).await?;
    let importer = match as_user {
        Some(email) => {
            let user = users::find_by_email(&db, email)
                .await?
                .ok_or_else(|| Error::NotFound(format!("no user has the email '{email}'")))?;
            Importer { user_id: user.id, name: user.display_name }
        }
        None => transfer::import_account(&db).await?,
    };
    let source = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |name| name.to_string_lossy().into_owned());
    let options = ImportOptions { workspace, source: &source, importer: &importer };
    // Other servers on the same PostgreSQL hear of the import when it commits.
    let content = Content::new(
        db.clone(),
        DeliveryFollower::replicas_only().and(crate::webhooks::WebhookFollower::follower()),
    );
    let report = transfer::import(&content, &text, options).await?;
    print!("{report}");
    if report.workspace_created {
        println!(
            "workspace {} has no members yet: cutis user create --email <e> --password-stdin \
             --workspace {} --role owner",
            report.workspace, report.workspace
        );
    }
    Ok(())
}
