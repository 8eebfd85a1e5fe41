//! Adding an image to a workspace's library and taking one out: the steps around the content
//! service that only media has — making the upload safe and storing its bytes before the
//! asset is created, and removing the bytes once no asset has them.

use entity::media_asset;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::{Format, Processed, Source, image};
use crate::content::media::{self, FileFacts, MediaInput, MediaRecord, MediaView, Upload};
use crate::content::{MediaAssets, Scope};
use crate::error::{Error, Result};
use crate::request::upload::Received;
use crate::state::AppState;

/// Checks, re-encodes and stores `received`, then creates its asset (version 1).
pub async fn upload(state: &AppState, scope: &Scope, received: Received) -> Result<MediaView> {
    let Received { filename, bytes, metadata, .. } = received;
    let processed = tokio::task::spawn_blocking(move || image::process(&bytes))
        .await
        .map_err(|error| Error::Internal(format!("reading an upload: {error}")))??;
    let file = facts(filename, &processed);
    // The asset has no id until it is created; the files are keyed by their hash alone.
    let source = source_of(scope.workspace_id, Uuid::nil(), &file);
    let input = MediaInput::for_upload(metadata, scope, Upload { file })?;
    state.media.put_original(&source, processed.bytes).await?;
    let created = state.content.create::<MediaAssets>(scope, (), input).await;
    if created.is_err() {
        forget_if_unused(state, &source).await?;
    }
    created
}

/// Deletes asset `id` at version `expected` (`409` while a treatment shows it), and its
/// bytes when no other asset of the workspace has the same image.
pub async fn delete(
    state: &AppState,
    scope: &Scope,
    (id, expected): (Uuid, i32),
    note: Option<String>,
) -> Result<()> {
    let record = media::load(&state.db, scope, id).await?;
    state.content.delete::<MediaAssets>(scope, (), (id, expected), note).await?;
    forget_if_unused(state, &source_of_record(scope.workspace_id, &record)).await
}

/// What variants of `record` are made from.
pub fn source_of_record(workspace: Uuid, record: &MediaRecord) -> Source {
    source_of(workspace, record.id, &record.file)
}

fn source_of(workspace: Uuid, asset: Uuid, file: &FileFacts) -> Source {
    Source {
        workspace,
        asset,
        hash: file.content_hash.clone(),
        format: Format::of_media_type(&file.media_type).unwrap_or(Format::Jpeg),
        width: file.width,
        height: file.height,
    }
}

fn facts(filename: String, processed: &Processed) -> FileFacts {
    FileFacts {
        filename,
        media_type: processed.format.media_type().to_owned(),
        width: processed.width,
        height: processed.height,
        byte_size: processed.bytes.len() as u64,
        content_hash: processed.content_hash.clone(),
    }
}

async fn forget_if_unused(state: &AppState, source: &Source) -> Result<()> {
    let users = media_asset::Entity::find()
        .filter(media_asset::Column::WorkspaceId.eq(source.workspace))
        .filter(media_asset::Column::ContentHash.eq(source.hash.as_str()))
        .count(&state.db)
        .await?;
    // The asset is gone whatever the store says; files left behind cost space, not safety.
    if users == 0
        && let Err(error) = state.media.store().remove(source.workspace, &source.hash).await
    {
        tracing::warn!(%error, hash = %source.hash, "removing an image's files failed");
    }
    Ok(())
}
