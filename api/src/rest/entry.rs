//! What every content-entry endpoint shares: its query parameters, responses that carry the
//! entry's version as `ETag` (see [`crate::request::version`]), and the documented error
//! responses.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::error::Problem;
use crate::request::version::etag;

/// `body` with `status` and the entry's `ETag`.
pub fn with_etag<T: Serialize>(status: StatusCode, version: i32, body: &T) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, etag(version))).json(body)
}

/// `201 Created` with `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, version: i32, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// `?locale=` on reads.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LocaleQuery {
    /// The locale to read the text in; the workspace default when absent. When the entry has
    /// no text in it, the default locale's text is served and `locale` in the body says so.
    #[param(example = "fr")]
    pub locale: Option<String>,
}

/// `?note=` on deletes, which have no body.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoteQuery {
    /// Why the entry is deleted; stored on its last revision (up to 1,000 characters).
    #[param(example = "Duplicate of skin-needling")]
    pub note: Option<String>,
}

/// The optional body of a restore.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// Why; stored on the new revision (default: "Restored version N").
    #[schema(example = "Back to the reviewed wording")]
    pub note: Option<String>,
}

/// `?limit=&cursor=` of revision lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevisionQuery {
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u32>)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page: only a cursor this list returned is accepted;
    /// empty or absent is the first page.
    pub cursor: Option<String>,
}

// The errors every operation of a shape can answer (401, 403, 404, 413, 415, 422, 503…) are
// added by `openapi_errors::CommonErrors`; these are the ones particular to versioned entries.

/// Outcomes of creating an entry besides success and the common errors.
#[derive(IntoResponses)]
pub enum CreateOutcomes {
    /// The slug (or the clinic × treatment pair of an offering) is taken; nothing was written.
    #[response(status = 409, content_type = "application/problem+json", example = json!({
        "type": "urn:cutis:problem:conflict", "title": "Conflict", "status": 409,
        "code": "CONFLICT",
        "detail": "a treatment with slug 'microneedling' already exists in this workspace"
    }))]
    Conflict(Problem),
    /// Invalid fields, every one named in `errors` with its path; nothing was written.
    #[response(status = 422, content_type = "application/problem+json", example = json!({
        "type": "urn:cutis:problem:validation", "title": "Unprocessable Entity", "status": 422,
        "detail": "2 invalid field(s)", "code": "VALIDATION",
        "errors": [
            {"field": "sessions.max", "message": "must be at least min"},
            {"field": "faqs[1].question", "message": "must not be blank"}
        ]
    }))]
    Invalid(Problem),
}

/// Outcomes of changing an entry (PATCH, restore) besides success and the common errors.
#[derive(IntoResponses)]
pub enum ChangeOutcomes {
    /// The new slug is taken, or a restored revision links to an entry that is gone.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The entry has changed since the version in `If-Match`; `current_version` says where it
    /// is now. Nothing was written.
    #[response(status = 412, content_type = "application/problem+json", example = json!({
        "type": "urn:cutis:problem:version-mismatch", "title": "Precondition Failed",
        "status": 412, "code": "VERSION_MISMATCH", "current_version": 4,
        "detail": "the entry has changed since version 3; it is now at version 4"
    }))]
    Stale(Problem),
    /// `If-Match` is missing.
    #[response(status = 428, content_type = "application/problem+json")]
    PreconditionRequired(Problem),
}

/// Outcomes of deleting an entry besides success and the common errors.
#[derive(IntoResponses)]
pub enum DeleteOutcomes {
    /// A malformed `If-Match` (it must be a quoted version such as "3").
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Other entries link to this one; the detail names them. Nothing was deleted.
    #[response(status = 409, content_type = "application/problem+json", example = json!({
        "type": "urn:cutis:problem:conflict", "title": "Conflict", "status": 409,
        "code": "CONFLICT",
        "detail": "condition 'melasma' cannot be deleted: treatments 'microneedling' link to it; \
                   remove those links first"
    }))]
    Conflict(Problem),
    /// The entry has changed since the version in `If-Match`; nothing was deleted.
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
    /// `If-Match` is missing.
    #[response(status = 428, content_type = "application/problem+json")]
    PreconditionRequired(Problem),
}
