//! Finding entries of the scope's workspace by slug and by id, for links between entries.

use entity::{clinic, condition, treatment};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::Scope;
use super::change::Versioned;
use crate::error::{Error, Result};

/// Entries addressed by a slug.
pub trait SlugColumn: Versioned {
    const SLUG: Self::Column;
}

impl SlugColumn for treatment::Entity {
    const SLUG: treatment::Column = treatment::Column::Slug;
}

impl SlugColumn for condition::Entity {
    const SLUG: condition::Column = condition::Column::Slug;
}

impl SlugColumn for clinic::Entity {
    const SLUG: clinic::Column = clinic::Column::Slug;
}

/// The id found for `slug` in the result of [`ids_by_slug`].
pub fn lookup(found: &[(Uuid, String)], slug: &str) -> Option<Uuid> {
    found.iter().find(|(_, found)| found == slug).map(|(id, _)| *id)
}

/// (id, slug) of the entries of `E` in the scope's workspace with one of `slugs`.
pub async fn ids_by_slug<E>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    slugs: &[&str],
) -> Result<Vec<(Uuid, String)>>
where
    E: SlugColumn,
{
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(E::find()
        .select_only()
        .column(E::ID)
        .column(E::SLUG)
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .filter(E::SLUG.is_in(slugs.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// (id, slug) of the entries of `E` in the scope's workspace among `ids`.
pub async fn slugs_by_id<E>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    ids: impl Iterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String)>>
where
    E: SlugColumn,
{
    let ids: Vec<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(E::find()
        .select_only()
        .column(E::ID)
        .column(E::SLUG)
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .filter(E::ID.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// `409` when another entry of `E` in the workspace (not `id`) has `slug`.
pub async fn ensure_slug_free<E: SlugColumn>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    slug: &str,
    id: Uuid,
) -> Result<()> {
    let taken = E::find()
        .select_only()
        .column(E::ID)
        .filter(E::WORKSPACE.eq(scope.workspace_id))
        .filter(E::SLUG.eq(slug))
        .filter(E::ID.ne(id))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    match taken {
        Some(_) => Err(Error::Conflict(format!(
            "a {} with slug '{slug}' already exists in this workspace",
            E::KIND.noun()
        ))),
        None => Ok(()),
    }
}

/// `'a', 'b'`
pub(crate) fn quoted(slugs: &[String]) -> String {
    slugs.iter().map(|slug| format!("'{slug}'")).collect::<Vec<_>>().join(", ")
}
