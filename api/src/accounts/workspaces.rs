//! Workspaces: the tenants. Every entry belongs to exactly one, and nothing crosses them.

use chrono::{DateTime, Utc};
use entity::workspace;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

use crate::content::governance::Governance;
use crate::error::{Error, FieldError, Result};
use crate::validated::rules::{self, FieldRules, Rule};
use crate::validated::{Locale, Slug};

/// A workspace as the rest of Cutis sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    /// Locales editors may write in; always contains `default_locale`.
    pub locales: Vec<String>,
    /// Browser origins allowed to call the delivery API (CORS).
    pub cors_origins: Vec<String>,
    /// The medical review policy and publish requirements.
    pub governance: Governance,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Workspace {
    pub fn offers_locale(&self, locale: &str) -> bool {
        self.locales.iter().any(|offered| offered == locale)
    }
}

impl From<workspace::Model> for Workspace {
    fn from(row: workspace::Model) -> Self {
        Self {
            id: row.id,
            slug: row.slug,
            name: row.name,
            default_locale: row.default_locale,
            locales: strings(&row.locales),
            cors_origins: strings(&row.cors_origins),
            governance: Governance::stored(&row.governance),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Longest workspace name.
pub const MAX_NAME: usize = 200;
/// What [`parse_origin`] accepts.
const ORIGIN_PATTERN: &str = "^(\\*|https?://[A-Za-z0-9.:\\[\\]-]+)/*$";

/// The rules [`NewWorkspace::parse`] and [`WorkspaceChanges::parse`] apply, by the schema of
/// the body they read, for the OpenAPI document.
pub fn schema_rules() -> Vec<(&'static str, Vec<FieldRules>)> {
    let name = || FieldRules::new("name", rules::required_text(MAX_NAME));
    let locales = |min: usize| {
        [
            FieldRules::new("default_locale", Locale::rules()),
            FieldRules::new("locales", [Rule::MinItems(min)]),
            FieldRules::new("locales.[]", Locale::rules()),
        ]
    };
    let mut create = vec![FieldRules::new("slug", Slug::rules()), name()];
    create.extend(locales(0));
    let mut update =
        vec![name(), FieldRules::new("cors_origins.[]", [rules::pattern(ORIGIN_PATTERN)])];
    update.extend(locales(1));
    vec![("CreateWorkspace", create), ("UpdateWorkspace", update)]
}

/// What creating a workspace takes.
#[derive(Clone, Debug)]
pub struct NewWorkspace {
    pub slug: Slug,
    pub name: String,
    pub default_locale: Locale,
    pub locales: Vec<Locale>,
}

impl NewWorkspace {
    /// Validates raw input, reporting every invalid field at once.
    pub fn parse(slug: &str, name: &str, default_locale: &str, locales: &[String]) -> Result<Self> {
        let mut errors = Vec::new();
        let slug = Slug::parse(slug).map_err(|m| errors.push(FieldError::new("slug", m))).ok();
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            errors
                .push(FieldError::new("name", format!("must be 1 to {MAX_NAME} characters long")));
        }
        let default_locale = Locale::parse(default_locale)
            .map_err(|m| errors.push(FieldError::new("default_locale", m)))
            .ok();
        let mut parsed = Vec::new();
        for (index, locale) in locales.iter().enumerate() {
            match Locale::parse(locale) {
                Ok(locale) if !parsed.contains(&locale) => parsed.push(locale),
                Ok(_) => {}
                Err(message) => errors.push(FieldError::new(format!("locales[{index}]"), message)),
            }
        }
        match (slug, default_locale, errors.is_empty()) {
            (Some(slug), Some(default_locale), true) => {
                if !parsed.contains(&default_locale) {
                    parsed.insert(0, default_locale.clone());
                }
                Ok(Self { slug, name: name.to_owned(), default_locale, locales: parsed })
            }
            _ => Err(Error::Validation(errors)),
        }
    }
}

pub async fn create(db: &impl ConnectionTrait, new: NewWorkspace) -> Result<Workspace> {
    if find_by_slug(db, new.slug.as_str()).await?.is_some() {
        return Err(Error::Conflict(format!(
            "a workspace with slug '{}' already exists",
            new.slug
        )));
    }
    let now = Utc::now();
    let locales: Vec<&str> = new.locales.iter().map(Locale::as_str).collect();
    let row = workspace::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(new.slug.into_string()),
        name: Set(new.name),
        default_locale: Set(new.default_locale.as_str().to_owned()),
        locales: Set(json!(locales)),
        cors_origins: Set(json!([])),
        governance: Set(json!(Governance::default())),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Workspace>> {
    let row = workspace::Entity::find().filter(workspace::Column::Slug.eq(slug)).one(db).await?;
    Ok(row.map(Workspace::from))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Workspace> {
    workspace::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Workspace::from)
        .ok_or_else(|| Error::not_found("the workspace"))
}

pub async fn list_all(db: &impl ConnectionTrait) -> Result<Vec<Workspace>> {
    let rows = workspace::Entity::find().order_by_asc(workspace::Column::Slug).all(db).await?;
    Ok(rows.into_iter().map(Workspace::from).collect())
}

/// A partial change to a workspace's settings, validated.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceChanges {
    pub name: Option<String>,
    pub default_locale: Option<Locale>,
    pub locales: Option<Vec<Locale>>,
    pub cors_origins: Option<Vec<String>>,
    /// The whole review policy as it is to be, already checked.
    pub governance: Option<Governance>,
}

impl WorkspaceChanges {
    pub fn parse(
        name: Option<&str>,
        default_locale: Option<&str>,
        locales: Option<&[String]>,
        cors_origins: Option<&[String]>,
    ) -> Result<Self> {
        let mut errors = Vec::new();
        let name = name.map(str::trim).map(str::to_owned);
        if name.as_ref().is_some_and(|name| name.is_empty() || name.chars().count() > MAX_NAME) {
            errors
                .push(FieldError::new("name", format!("must be 1 to {MAX_NAME} characters long")));
        }
        let default_locale = default_locale.and_then(|raw| {
            Locale::parse(raw).map_err(|m| errors.push(FieldError::new("default_locale", m))).ok()
        });
        let locales = locales.map(|raw| {
            raw.iter()
                .enumerate()
                .filter_map(|(i, locale)| {
                    Locale::parse(locale)
                        .map_err(|m| errors.push(FieldError::new(format!("locales[{i}]"), m)))
                        .ok()
                })
                .collect::<Vec<_>>()
        });
        if locales.as_ref().is_some_and(Vec::is_empty) {
            errors.push(FieldError::new("locales", "must name at least one locale"));
        }
        let cors_origins = cors_origins.map(|raw| {
            raw.iter()
                .enumerate()
                .filter_map(|(i, origin)| {
                    parse_origin(origin)
                        .map_err(|m| errors.push(FieldError::new(format!("cors_origins[{i}]"), m)))
                        .ok()
                })
                .collect::<Vec<_>>()
        });
        if errors.is_empty() {
            Ok(Self { name, default_locale, locales, cors_origins, governance: None })
        } else {
            Err(Error::Validation(errors))
        }
    }
}

/// `*`, or `scheme://host[:port]` with http or https and nothing after.
fn parse_origin(raw: &str) -> std::result::Result<String, String> {
    let origin = raw.trim().trim_end_matches('/');
    if origin == "*" {
        return Ok(origin.to_owned());
    }
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or("must be * or an origin such as https://www.clinic.example")?;
    let valid = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if valid {
        Ok(origin.to_ascii_lowercase())
    } else {
        Err("must be * or an origin such as https://www.clinic.example (no path)".to_owned())
    }
}

/// Applies `changes`; the default locale must stay among the offered locales.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    changes: WorkspaceChanges,
) -> Result<Workspace> {
    let current = get(db, id).await?;
    let default_locale =
        changes.default_locale.map(|l| l.as_str().to_owned()).unwrap_or(current.default_locale);
    let locales: Vec<String> = changes
        .locales
        .map(|locales| locales.iter().map(|l| l.as_str().to_owned()).collect())
        .unwrap_or(current.locales);
    if !locales.contains(&default_locale) {
        return Err(Error::Validation(vec![FieldError::new(
            "default_locale",
            format!("'{default_locale}' must be one of the workspace's locales"),
        )]));
    }
    let mut row: workspace::ActiveModel = workspace::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| Error::not_found("the workspace"))?
        .into();
    if let Some(name) = changes.name {
        row.name = Set(name);
    }
    row.default_locale = Set(default_locale);
    row.locales = Set(json!(locales));
    if let Some(origins) = changes.cors_origins {
        row.cors_origins = Set(json!(origins));
    }
    if let Some(governance) = changes.governance {
        row.governance = Set(json!(governance));
    }
    row.updated_at = Set(Utc::now());
    Ok(row.update(db).await?.into())
}

/// Every origin any workspace allows, for answering CORS preflights (which carry no key).
pub async fn all_cors_origins(db: &impl ConnectionTrait) -> Result<Vec<String>> {
    let mut origins: Vec<String> =
        list_all(db).await?.into_iter().flat_map(|workspace| workspace.cors_origins).collect();
    origins.sort();
    origins.dedup();
    Ok(origins)
}
