//! `/admin/v1/workspaces/{workspace}/media`: the workspace's images. An upload is sniffed,
//! checked and re-encoded without its metadata before anything is stored; the asset's
//! metadata is then edited like every entry (`PATCH` with `If-Match`, revisions, restore).

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::entry::{
    ChangeOutcomes, CreateOutcomes, DeleteOutcomes, LocaleQuery, NoteBody, NoteQuery,
    RevisionQuery, created,
};
use super::operations;
use crate::auth::extract::WorkspaceMember;
use crate::auth::roles::Permission;
use crate::content::MediaAssets;
use crate::content::media::{self, MediaBody, MediaQuery, MediaView};
use crate::content::pagination::Page;
use crate::content::revisions::{Revision, RevisionSummary};
use crate::error::Result;
use crate::request::image::{self as image_answer, VariantQuery};

use crate::request::body::RawBody;
use crate::request::upload::{UploadQuery, read_upload};
use crate::state::AppState;

pub const COLLECTION: &str = "/admin/v1/workspaces/{workspace}/media";
pub const ITEM: &str = "/admin/v1/workspaces/{workspace}/media/{id}";

/// Lists the workspace's images, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminMedia",
    path = "/admin/v1/workspaces/{workspace}/media",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        MediaQuery,
    ),
    responses((status = 200, description = "One page of images", body = Page<MediaView>)),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    query: web::Query<MediaQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let page = media::list(&state.db, &member.scope(), &query).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Uploads an image: `multipart/form-data` with a `file` part (and optionally a `metadata`
/// part holding a JSON `MediaBody`), or the image itself as the body with `?filename=`.
/// JPEG, PNG and WebP are accepted, told apart by their bytes; anything else is `415`, a file
/// over the size limit `413`, an image declaring more than 50 megapixels `422`. What is stored
/// is the image re-encoded, so its EXIF, XMP, GPS position and ICC profile are gone.
#[utoipa::path(
    post,
    operation_id = "uploadAdminMedia",
    path = "/admin/v1/workspaces/{workspace}/media",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        UploadQuery,
    ),
    request_body(
        description = "The image, as `multipart/form-data` (`file`, and optionally `metadata`) \
                       or as the raw body",
        content(
            (crate::request::upload::UploadForm = "multipart/form-data"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
            (Vec<u8> = "image/webp"),
            (Vec<u8> = "application/octet-stream"),
        )
    ),
    responses(
        (status = 201, description = "Stored; `Location` and `ETag` name it", body = MediaView,
            headers(("ETag" = String, description = "The version, quoted: \"1\""),
                    ("Location" = String, description = "The new asset's path"))),
        CreateOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    query: web::Query<UploadQuery>,
    payload: web::Payload,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let scope = member.scope();
    let limit = state.settings.media.max_bytes;
    let upload = read_upload(&request, payload, &query, limit).await?;
    let view = crate::media::library::upload(&state, &scope, upload).await?;
    let location = format!("{}/{}", request.path().trim_end_matches('/'), view.id);
    Ok(created(location, view.version, &view))
}

/// Reads one image's record in one locale.
#[utoipa::path(
    get,
    operation_id = "getAdminMedia",
    path = "/admin/v1/workspaces/{workspace}/media/{id}",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        LocaleQuery,
    ),
    responses((status = 200, description = "The asset", body = MediaView,
        headers(("ETag" = String, description = "The version, quoted")))),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn get(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<LocaleQuery>,
) -> Result<HttpResponse> {
    operations::get::<MediaAssets>(&state, &member, ((), path.1), query.locale.as_deref()).await
}

/// Changes the metadata the body carries (alt text and caption in the body's locale), if the
/// asset is still at the version `If-Match` names. The file itself never changes.
#[utoipa::path(
    patch,
    operation_id = "updateAdminMedia",
    path = "/admin/v1/workspaces/{workspace}/media/{id}",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        ("If-Match" = String, Header, description = "The version being changed, quoted: \"3\""),
    ),
    request_body(content = MediaBody, description = "Only the fields to change"),
    responses(
        (status = 200, description = "Changed; the version went up by one", body = MediaView,
            headers(("ETag" = String, description = "The new version, quoted"))),
        ChangeOutcomes,
    ),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn update(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    body: RawBody,
) -> Result<HttpResponse> {
    operations::update::<MediaAssets>(&state, &member, &request, ((), path.1), &body).await
}

/// Deletes an image no treatment shows, if it is still at the `If-Match` version; `409`
/// names the treatments that still show it.
#[utoipa::path(
    delete,
    operation_id = "deleteAdminMedia",
    path = "/admin/v1/workspaces/{workspace}/media/{id}",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        ("If-Match" = String, Header, description = "The version being deleted, quoted: \"3\""),
        NoteQuery,
    ),
    responses((status = 204, description = "Deleted"), DeleteOutcomes),
    security(("admin_jwt" = []))
)]
#[tracing::instrument(skip_all, fields(workspace = %member.workspace.slug))]
pub async fn delete(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<NoteQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::Edit)?;
    let expected = crate::request::version::if_match(&request)?;
    let note = crate::content::revisions::note(query.note.as_deref())?;
    crate::media::library::delete(&state, &member.scope(), (path.1, expected), note).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lists an image's revisions, newest first.
#[utoipa::path(
    get,
    operation_id = "listAdminMediaRevisions",
    path = "/admin/v1/workspaces/{workspace}/media/{id}/revisions",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        RevisionQuery,
    ),
    responses((status = 200, description = "One page of revisions", body = Page<RevisionSummary>)),
    security(("admin_jwt" = []))
)]
pub async fn revisions_list(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
    query: web::Query<RevisionQuery>,
) -> Result<HttpResponse> {
    operations::revisions::<MediaAssets>(&state, &member, ((), path.1), &query).await
}

/// Reads one revision of an image's record.
#[utoipa::path(
    get,
    operation_id = "getAdminMediaRevision",
    path = "/admin/v1/workspaces/{workspace}/media/{id}/revisions/{version}",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        ("version" = i32, Path, description = "The version the revision recorded", example = 2),
    ),
    responses((status = 200, description = "The revision", body = Revision)),
    security(("admin_jwt" = []))
)]
pub async fn revision(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid, i32)>,
) -> Result<HttpResponse> {
    operations::revision::<MediaAssets>(&state, &member, ((), path.1), path.2).await
}

/// Makes a new version of the image's record with the metadata of an earlier revision.
#[utoipa::path(
    post,
    operation_id = "restoreAdminMediaRevision",
    path = "/admin/v1/workspaces/{workspace}/media/{id}/revisions/{version}/restore",
    tag = "revisions",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        ("version" = i32, Path, description = "The revision to restore", example = 2),
        ("If-Match" = String, Header, description = "The asset's current version, quoted"),
    ),
    request_body(content = Option<NoteBody>, description = "Optional: a note for the new revision"),
    responses(
        (status = 200, description = "Restored as a new version", body = MediaView,
            headers(("ETag" = String, description = "The new version, quoted"))),
        ChangeOutcomes,
    ),
    security(("admin_jwt" = []))
)]
pub async fn restore(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid, i32)>,
    body: RawBody,
) -> Result<HttpResponse> {
    let (_, id, revision) = path.into_inner();
    operations::restore::<MediaAssets>(&state, &member, &request, ((), id, revision), &body).await
}

/// The image itself, for editors: any asset of the workspace, at a width from the fixed list
/// and in a format asked for or negotiated, as delivery serves published ones.
#[utoipa::path(
    get,
    operation_id = "getAdminMediaFile",
    path = "/admin/v1/workspaces/{workspace}/media/{id}/file",
    tag = "media",
    params(
        ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
        ("id" = Uuid, Path, description = "The asset's id"),
        VariantQuery,
    ),
    responses(
        (status = 200, description = "The image, without metadata",
            content(
                (Vec<u8> = "image/webp"),
                (Vec<u8> = "image/jpeg"),
                (Vec<u8> = "image/png"),
            ),
            headers(("ETag" = String, description = "The rendering's tag"))),
        (status = 304, description = "The `If-None-Match` tag is current"),
    ),
    security(("admin_jwt" = []))
)]
pub async fn file(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    request: HttpRequest,
    path: web::Path<(String, Uuid)>,
    query: web::Query<VariantQuery>,
) -> Result<HttpResponse> {
    member.require(Permission::ReadDrafts)?;
    let scope = member.scope();
    let record = media::load(&state.db, &scope, path.1).await?;
    let source = crate::media::library::source_of_record(scope.workspace_id, &record);
    image_answer::image(&state, &request, &source, &query, "private, no-cache").await
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    operations::entry_routes!(cfg, COLLECTION, ITEM);
    cfg.route(&format!("{ITEM}/file"), web::get().to(file));
}
