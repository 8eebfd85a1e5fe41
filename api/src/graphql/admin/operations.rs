//! The bodies of every admin mutation and entry query, written once over [`Entry`]: resolve
//! the caller's membership and check the permission, parse `input` with the same parser as
//! REST's body, call the content service, map the view to its GraphQL object. Each kind's
//! file keeps its own fields (and their documentation), each a line calling one of these.

use async_graphql::Context;
use serde_json::Value;
use uuid::Uuid;

use super::context::Admin;
use crate::auth::roles::Permission;
use crate::content::workflow::Step;
use crate::content::{Entry, Publishable, revisions};
use crate::request::body;

type Result<T, E = async_graphql::Error> = std::result::Result<T, E>;

/// The REST body of `K` in `input`, as REST would parse it (the same field paths in errors).
fn parsed<K: Entry>(input: &Value) -> crate::error::Result<K::Body> {
    let bytes = serde_json::to_vec(input)
        .map_err(|error| crate::error::Error::Internal(error.to_string()))?;
    body::parse(&bytes)
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
    input: &Value,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    let input = K::parse(parsed::<K>(input)?, &scope, true)?;
    Ok(admin.content.create::<K>(&scope, parent, input).await?.into())
}

pub async fn update<K: Entry, G: From<K::View>>(
    ctx: &Context<'_>,
    workspace: &str,
    (parent, id, expected): (K::Parent, Uuid, i32),
    input: &Value,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let scope = admin.scope(workspace, Permission::Edit).await?;
    let input = K::parse(parsed::<K>(input)?, &scope, false)?;
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
    step: Step,
    note: Option<&str>,
) -> Result<G> {
    let admin = Admin::of(ctx)?;
    let member = admin.member(workspace, step.permission()).await?;
    let note = revisions::note(note)?;
    let (scope, reviewer) = (member.scope(), member.user.reviewer_name());
    Ok(admin.content.step::<K>(&scope, (id, expected), step, note, &reviewer).await?.into())
}
