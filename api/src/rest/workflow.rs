//! Workflow steps over REST: `POST .../{treatments|conditions|clinics}/{id}/{step}` with
//! `If-Match` and an optional `{"note", "publish_at"}` body; each answers the entry as it now
//! is, with its new version.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::RawBody;
use super::entry::{if_match, scope, with_etag};
use crate::auth::extract::WorkspaceMember;
use crate::content::clinics::{self, ClinicView};
use crate::content::conditions::{self, ConditionView};
use crate::content::kind::EntryKind;
use crate::content::treatments::{self, TreatmentView};
use crate::content::workflow::{self, Actor, Step, StepRequest};
use crate::error::{Error, Problem, Result};
use crate::state::AppState;

/// A workflow step, as named in the path.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    Submit,
    Approve,
    Reject,
    Publish,
    Unpublish,
    Archive,
}

/// The optional body of a step.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// Why; stored on the revision the step writes (up to 1,000 characters).
    #[schema(example = "Checked against the 2026 dermatology guidance")]
    pub note: Option<String>,
    /// With `publish`: publish at this time instead of now (RFC 3339). The entry stays
    /// approved until then.
    #[schema(example = "2026-12-01T08:00:00Z")]
    pub publish_at: Option<DateTime<Utc>>,
}

impl StepName {
    fn step(self, publish_at: Option<DateTime<Utc>>) -> Result<Step> {
        if publish_at.is_some() && !matches!(self, StepName::Publish) {
            return Err(Error::Validation(vec![crate::error::FieldError::new(
                "publish_at",
                "is only accepted by publish",
            )]));
        }
        Ok(match self {
            StepName::Submit => Step::Submit,
            StepName::Approve => Step::Approve,
            StepName::Reject => Step::Reject,
            StepName::Publish => Step::Publish { at: publish_at },
            StepName::Unpublish => Step::Unpublish,
            StepName::Archive => Step::Archive,
        })
    }
}

/// Runs the step and answers the entry in the workspace's default locale.
async fn run(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    body: &RawBody,
    kind: EntryKind,
    id: Uuid,
    name: StepName,
) -> Result<(i32, serde_json::Value)> {
    member.require(name.step(None)?.permission())?;
    let expected = if_match(request)?;
    let body: StepBody = body.optional_json()?.unwrap_or_default();
    let step = name.step(body.publish_at)?;
    let mut errors = crate::content::validation::Errors::new();
    let note = crate::content::revisions::parse_note(&mut errors, body.note.as_deref());
    let note = errors.finish(note)?;
    let scope = scope(member);
    let actor = Actor { name: &member.user.display_name };
    let request = StepRequest { kind, id, expected, step, note };
    let delivery_changed = workflow::apply(&state.db, &scope, request, actor).await?;
    if delivery_changed {
        state.delivery.responses.invalidate(scope.workspace_id);
    }
    let to_json = |view: std::result::Result<serde_json::Value, serde_json::Error>| {
        view.map_err(|error| Error::Internal(error.to_string()))
    };
    Ok(match kind {
        EntryKind::Treatment => {
            let view = treatments::get(&state.db, &scope, id, None).await?;
            (view.version, to_json(serde_json::to_value(view))?)
        }
        EntryKind::Condition => {
            let view = conditions::get(&state.db, &scope, id, None).await?;
            (view.version, to_json(serde_json::to_value(view))?)
        }
        EntryKind::Clinic => {
            let view = clinics::get(&state.db, &scope, id, None).await?;
            (view.version, to_json(serde_json::to_value(view))?)
        }
        EntryKind::Offering => return Err(Error::not_found("the workflow of an offering")),
    })
}

macro_rules! step_handler {
    ($name:ident, $kind:expr, $segment:literal, $view:ty, $tag:literal) => {
        /// Move the entry through the workflow: `submit` (editors), `approve` / `reject`
        /// (reviewers), `publish` (now or at `publish_at`), `unpublish`, `archive`.
        /// A step that does not apply to the entry's status is 409 with `current_status`.
        #[utoipa::path(
            post,
            path = concat!("/admin/v1/workspaces/{workspace}/", $segment, "/{id}/{step}"),
            tag = $tag,
            params(
                ("workspace" = String, Path, description = "The workspace's slug", example = "demo"),
                ("id" = Uuid, Path, description = "The entry's id"),
                ("step" = StepName, Path, description = "The workflow step"),
                ("If-Match" = String, Header, description = "The version being moved, quoted: \"3\""),
            ),
            request_body(content = Option<StepBody>, description = "Optional note and publish time"),
            responses(
                (status = 200, description = "The entry after the step; the version went up by one", body = $view,
                    headers(("ETag" = String, description = "The new version, quoted"))),
                (status = 409, description = "The step does not apply to the entry's status", body = Problem, content_type = "application/problem+json"),
                (status = 412, description = "Stale If-Match; `current_version` says the version now", body = Problem, content_type = "application/problem+json"),
                (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
            ),
            security(("admin_jwt" = []))
        )]
        pub async fn $name(
            state: web::Data<AppState>,
            member: WorkspaceMember,
            request: HttpRequest,
            path: web::Path<(String, Uuid, StepName)>,
            body: RawBody,
        ) -> Result<HttpResponse> {
            let (_, id, name) = path.into_inner();
            let (version, view) = run(&state, &member, &request, &body, $kind, id, name).await?;
            Ok(with_etag(StatusCode::OK, version, &view))
        }
    };
}

step_handler!(treatment_step, EntryKind::Treatment, "treatments", TreatmentView, "treatments");
step_handler!(condition_step, EntryKind::Condition, "conditions", ConditionView, "conditions");
step_handler!(clinic_step, EntryKind::Clinic, "clinics", ClinicView, "clinics");

pub fn routes(cfg: &mut web::ServiceConfig) {
    let base = "/admin/v1/workspaces/{workspace}";
    cfg.service(
        web::resource(format!("{base}/treatments/{{id}}/{{step}}"))
            .route(web::post().to(treatment_step)),
    )
    .service(
        web::resource(format!("{base}/conditions/{{id}}/{{step}}"))
            .route(web::post().to(condition_step)),
    )
    .service(
        web::resource(format!("{base}/clinics/{{id}}/{{step}}")).route(web::post().to(clinic_step)),
    );
}
