//! The bodies of every admin mutation and entry query, written once over [`Entry`]: resolve
//! the caller's membership and check the permission, turn the typed `input` into the kind's
//! REST body and validate it with the kind's own parser, call the content service, map the
//! view to its GraphQL object. Each kind's file keeps its own fields (and their
//! documentation), each a line calling one of these.

use async_graphql::Context;
use uuid::Uuid;

use super::context::Admin;
use crate::auth::roles::Permission;
use crate::content::validation::{NUL_MESSAGE, nul_path};
use crate::content::workflow::Step;
use crate::content::{Entry, Publishable, revisions};
use crate::error::{Error, FieldError};

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// REST refuses a NUL character anywhere in a body before anything reads it (PostgreSQL
/// cannot store one); the field's `input` is refused the same way, naming the same path.
fn refuse_nul(ctx: &Context<'_>) -> Result<()> {
    let arguments = ctx.field().arguments().map_err(|error| Error::Internal(error.message))?;
    let Some((_, input)) = arguments.into_iter().find(|(name, _)| name.as_str() == "input") else {
        return Ok(());
    };
    let input = input.into_json().map_err(|error| Error::Internal(error.to_string()))?;
    match nul_path(&input) {
        Some(path) => Err(Error::Validation(vec![FieldError::new(path, NUL_MESSAGE)]).into()),
        None => Ok(()),
    }
}

pub async fn get<K: Entry, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    (parent, id): (K::Parent, Uuid),
    locale: Option<&str>,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::ReadDrafts).await?;
    Ok(admin.content.get::<K>(&scope, parent, id, locale).await?.into())
}

pub async fn create<K: Entry, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    parent: K::Parent,
    input: impl Into<K::Body>,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    refuse_nul(ctx)?;
    let input = K::parse(input.into(), &scope, true)?;
    Ok(admin.content.create::<K>(&scope, parent, input).await?.into())
}

pub async fn update<K: Entry, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    (parent, id, expected): (K::Parent, Uuid, i32),
    input: impl Into<K::Body>,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    refuse_nul(ctx)?;
    let input = K::parse(input.into(), &scope, false)?;
    Ok(admin.content.update::<K>(&scope, parent, (id, expected), input).await?.into())
}

/// Deletes the entry; answers its id.
pub async fn delete<K: Entry>(
    ctx: &Context<'_>,
    workspace: &str,
    (parent, id, expected): (K::Parent, Uuid, i32),
    note: Option<&str>,
) -> Result<Uuid> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    let note = revisions::note(note)?;
    admin.content.delete::<K>(&scope, parent, (id, expected), note).await?;
    Ok(id)
}

pub async fn restore<K: Entry, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    (parent, id, expected): (K::Parent, Uuid, i32),
    (revision, note): (i32, Option<&str>),
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    let note = revisions::note(note)?;
    let view = admin.content.restore::<K>(&scope, parent, (id, expected), revision, note);
    Ok(view.await?.into())
}

/// Takes a workflow step, with the permission the step itself names.
pub async fn step<K: Publishable, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    (id, expected): (Uuid, i32),
    (step, note, accepted): (Step, Option<&str>, Vec<String>),
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let member = admin.member(workspace, step.permission()).await?;
    let note = revisions::note(note)?;
    let (scope, reviewer) = (member.scope(), member.user.reviewer_name());
    let asked = (step, note, accepted);
    let (view, _findings) =
        admin.content.step::<K>(&scope, (id, expected), asked, &reviewer).await?;
    Ok(view.into())
}
