//! `cutis import`: loads a `cutis-export/1` file into a new or existing workspace, creating or
//! updating entries by slug, in one transaction: an invalid file, or any failure on the way,
//! leaves the database as it was.

use std::collections::HashSet;

use chrono::Utc;
use entity::{condition, treatment, user};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Deserialize;
use uuid::Uuid;

use super::apply::apply;
use super::format::{Document, FORMAT};
use super::plan::plan;
use super::report::ImportReport;
use super::settings;
use crate::accounts::users::{self, NewUser};
use crate::accounts::workspaces::{self, NewWorkspace, Workspace, WorkspaceChanges};
use crate::content::events::Change;
use crate::content::lookup::{SlugColumn, ids_by_slug};
use crate::content::{Content, Scope};
use crate::error::{Error, FieldError, Result};
use crate::validated::Slug;

/// Who an import acts as: the author of its revisions and the actor of its workflow steps.
#[derive(Clone, Debug)]
pub struct Importer {
    pub user_id: Uuid,
    pub name: String,
}

/// How to import a file.
#[derive(Clone, Copy, Debug)]
pub struct ImportOptions<'a> {
    /// Import into this workspace instead of the one the file names.
    pub workspace: Option<&'a str>,
    /// What the file is called, for the note on every revision ("Imported from demo.json").
    pub source: &'a str,
    pub importer: &'a Importer,
}

/// The account `cutis import` acts as when no user is named: created on first use, disabled
/// (nobody signs in as it), so revisions say their content came from an import.
pub const IMPORT_ACCOUNT: &str = "import@cutis.invalid";

/// Imports `text` in a transaction of its own, which commits with every change it made.
pub async fn import(
    content: &Content,
    text: &str,
    options: ImportOptions<'_>,
) -> Result<ImportReport> {
    let txn = content.begin().await?;
    let mut changes = Vec::new();
    match import_in(&txn, text, options, &mut changes).await {
        Ok(report) => content.commit(txn, &changes).await.map(|()| report),
        Err(error) => crate::content::change::finish(txn, Err(error)).await,
    }
}

/// Imports `text` inside `txn`, which the caller commits with `changes` (the demo loads two
/// files and its accounts in one).
pub async fn import_in(
    txn: &DatabaseTransaction,
    text: &str,
    options: ImportOptions<'_>,
    changes: &mut Vec<Change>,
) -> Result<ImportReport> {
    let document = parse(text)?;
    let (slug, field) = match options.workspace {
        Some(slug) => (slug, "--workspace"),
        None => (document.workspace.slug.as_str(), "workspace.slug"),
    };
    Slug::parse(slug).map_err(|message| field_error(field, message))?;
    let existing = workspaces::find_by_slug(txn, slug).await?;
    let mut errors = Vec::new();
    let (default_locale, locales) = match &existing {
        Some(workspace) => (workspace.default_locale.clone(), workspace.locales.clone()),
        None => (document.workspace.default_locale.clone(), document.workspace.locales.clone()),
    };
    let new = match &existing {
        Some(_) => None,
        None => new_workspace(&document, slug, &mut errors),
    };
    let mut scope = Scope {
        workspace_id: Uuid::nil(),
        default_locale,
        locales,
        actor: Uuid::nil(),
        request_id: None,
        governance: Default::default(),
    };
    let note = format!("Imported from {}", options.source.chars().take(200).collect::<String>());
    let (plan, found) = plan(&document, &scope, &note);
    errors.extend(found);
    if let Some(workspace) = &existing {
        scope.workspace_id = workspace.id;
    }
    check_links(txn, &scope, existing.is_some(), &document, &mut errors).await?;
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    let mut report = ImportReport {
        workspace: slug.to_owned(),
        workspace_created: existing.is_none(),
        revisions_skipped: document.revisions.as_ref().map_or(0, Vec::len),
        ..ImportReport::default()
    };
    let workspace = match (existing, new) {
        (Some(workspace), _) => workspace,
        (None, Some((new, settings))) => {
            let workspace = create_workspace(txn, new, settings).await?;
            let scope = Scope::of_workspace(&workspace, options.importer.user_id);
            settings::apply_claim_rules(txn, &scope, &document.workspace.claim_rules).await?;
            workspace
        }
        (None, None) => return Err(Error::Internal("no workspace to import into".to_owned())),
    };
    let scope = Scope::of_workspace(&workspace, options.importer.user_id);
    apply(txn, &scope, &plan, &note, &mut report, changes).await?;
    Ok(report)
}

/// The file as a [`Document`]; a field that does not fit is named by its path.
fn parse(text: &str) -> Result<Document> {
    /// Read first, so a file of another format says so rather than failing on its fields.
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
    }
    let not_json = |error: serde_json::Error| {
        Error::BadRequest(format!("the file is not valid JSON: {error}"))
    };
    let head: Head = serde_json::from_str(text).map_err(not_json)?;
    if head.format.as_deref() != Some(FORMAT) {
        return Err(field_error("format", format!("must be \"{FORMAT}\"")));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        // serde's "at line 3 column 7" adds nothing to a path.
        let message =
            message.rfind(" at line ").map_or(message.clone(), |at| message[..at].to_owned());
        match message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(missing) if path == "." => field_error(missing, "is required"),
            Some(missing) => field_error(&format!("{path}.{missing}"), "is required"),
            None => field_error(&path, message),
        }
    })?;
    deserializer.end().map_err(not_json)?;
    Ok(document)
}

fn field_error(field: &str, message: impl Into<String>) -> Error {
    Error::Validation(vec![FieldError::new(field, message)])
}

/// The workspace the file describes, validated, with its CORS origins and review policy.
fn new_workspace(
    document: &Document,
    slug: &str,
    errors: &mut Vec<FieldError>,
) -> Option<(NewWorkspace, WorkspaceChanges)> {
    let file = &document.workspace;
    let under = |error: Error| match error {
        Error::Validation(found) => found
            .into_iter()
            .map(|e| FieldError::new(format!("workspace.{}", e.field), e.message))
            .collect(),
        other => vec![FieldError::new("workspace", other.to_string())],
    };
    let new = NewWorkspace::parse(slug, &file.name, &file.default_locale, &file.locales)
        .map_err(|error| errors.extend(under(error)))
        .ok();
    let cors = WorkspaceChanges::parse(None, None, None, Some(&file.cors_origins))
        .map_err(|error| errors.extend(under(error)))
        .ok();
    let governance = settings::governance_of(file.governance.as_ref())
        .map_err(|error| errors.extend(placed(error)))
        .ok();
    let settings = cors
        .zip(governance)
        .map(|(cors, governance)| WorkspaceChanges { governance: Some(governance), ..cors });
    new.zip(settings)
}

/// The field errors of `error`, which name their place in the file already.
fn placed(error: Error) -> Vec<FieldError> {
    match error {
        Error::Validation(found) => found,
        other => vec![FieldError::new("workspace", other.to_string())],
    }
}

async fn create_workspace(
    txn: &DatabaseTransaction,
    new: NewWorkspace,
    settings: WorkspaceChanges,
) -> Result<Workspace> {
    let workspace = workspaces::create(txn, new).await?;
    let cors = settings.cors_origins.as_ref().is_some_and(|origins| !origins.is_empty());
    let governance = settings.governance.as_ref().is_some_and(|g| *g != workspace.governance);
    if cors || governance {
        return workspaces::update(txn, workspace.id, settings).await;
    }
    Ok(workspace)
}

/// Every slug the file links to must be in the file or already in the workspace.
async fn check_links(
    db: &impl ConnectionTrait,
    scope: &Scope,
    workspace_exists: bool,
    document: &Document,
    errors: &mut Vec<FieldError>,
) -> Result<()> {
    let conditions: HashSet<&str> = document.conditions.iter().map(|c| c.slug.as_str()).collect();
    let treatments: HashSet<&str> = document.treatments.iter().map(|t| t.slug.as_str()).collect();
    let mut wanted_conditions = Vec::new();
    let mut wanted_treatments = Vec::new();
    for (i, doc) in document.treatments.iter().enumerate() {
        for (j, link) in doc.conditions.iter().enumerate() {
            let field = format!("treatments[{i}].conditions[{j}].condition");
            wanted_conditions.push((field, link.condition.as_str()));
        }
        for (j, link) in doc.complementary.iter().enumerate() {
            let field = format!("treatments[{i}].complementary[{j}].treatment");
            wanted_treatments.push((field, link.treatment.as_str()));
        }
    }
    for (i, doc) in document.clinics.iter().enumerate() {
        for (j, offering) in doc.offerings.iter().enumerate() {
            let field = format!("clinics[{i}].offerings[{j}].treatment");
            wanted_treatments.push((field, offering.treatment.as_str()));
        }
    }
    let known = (workspace_exists, &conditions);
    report_missing::<condition::Entity>(db, scope, known, wanted_conditions, "condition", errors)
        .await?;
    let known = (workspace_exists, &treatments);
    report_missing::<treatment::Entity>(db, scope, known, wanted_treatments, "treatment", errors)
        .await
}

/// Errors for the `wanted` slugs (by field) that are neither in the file nor, when the
/// workspace exists, stored in it.
async fn report_missing<E: SlugColumn>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    (workspace_exists, in_file): (bool, &HashSet<&str>),
    wanted: Vec<(String, &str)>,
    noun: &str,
    errors: &mut Vec<FieldError>,
) -> Result<()> {
    let outside: Vec<&str> =
        wanted.iter().map(|(_, slug)| *slug).filter(|slug| !in_file.contains(slug)).collect();
    let stored = if workspace_exists && !outside.is_empty() {
        ids_by_slug::<E>(db, scope, &outside).await?
    } else {
        Vec::new()
    };
    for (field, slug) in wanted {
        if !in_file.contains(slug) && !stored.iter().any(|(_, found)| found == slug) {
            errors.push(FieldError::new(
                field,
                format!("no {noun} '{slug}' in the file or the workspace"),
            ));
        }
    }
    Ok(())
}

/// The account imports act as when no user is named ([`IMPORT_ACCOUNT`]), created if needed.
pub async fn import_account(db: &impl ConnectionTrait) -> Result<Importer> {
    if let Some(found) = users::find_by_email(db, IMPORT_ACCOUNT).await? {
        return Ok(Importer { user_id: found.id, name: found.display_name });
    }
    // A password nobody knows, on an account that is disabled anyway.
    let password = crate::auth::tokens::generate("");
    let new = NewUser::parse(IMPORT_ACCOUNT, &password, Some("Cutis import"), None)?;
    let created = users::create(db, new).await?;
    user::Entity::update_many()
        .col_expr(user::Column::DisabledAt, Expr::value(Some(Utc::now())))
        .filter(user::Column::Id.eq(created.id))
        .exec(db)
        .await?;
    Ok(Importer { user_id: created.id, name: created.display_name })
}
