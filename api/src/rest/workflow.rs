//! Workflow steps over REST: `POST .../{treatments|conditions|clinics}/{id}/{step}` with
//! `If-Match` and an optional `{"note", "publish_at"}` body; each answers the entry as it now
//! is, with its new version.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::entry::with_etag;
use crate::auth::extract::WorkspaceMember;
use crate::content::clinics::ClinicView;
use crate::content::conditions::ConditionView;
use crate::content::governance::Finding;
use crate::content::treatments::TreatmentView;
use crate::content::workflow::Step;
use crate::content::{Clinics, Conditions, Publishable, Treatments, revisions};
use crate::error::{Error, Problem, Result};
use crate::request::body::RawBody;
use crate::request::version::if_match;
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
    /// approved until then, e.g. `2026-12-01T08:00:00Z`. Only `publish` takes it; any other
    /// step answers 422 on `publish_at`.
    pub publish_at: Option<DateTime<Utc>>,
    /// With `approve`: the ids of the claims-check warnings the reviewer accepts (see
    /// `GET …/checks`); each is recorded with the review. Any other step answers 422 on it.
    #[schema(example = json!(["c1f0a9e2b7d4"]))]
    pub accept_warnings: Option<Vec<String>>,
}

/// Declares the answer of a step on one kind: the entry and the claims found in it.
macro_rules! stepped {
    ($name:ident, $view:ty, $field:ident) => {
        /// The entry after the step, with the claims the claims check found in it: on
        /// `submit`, warnings for the reviewer; on `approve`, what the reviewer accepted.
        #[derive(Serialize, ToSchema)]
        pub struct $name {
            #[serde(flatten)]
            pub $field: $view,
            pub findings: Vec<Finding>,
        }
    };
}

stepped!(TreatmentStepped, TreatmentView, treatment);
stepped!(ConditionStepped, ConditionView, condition);
stepped!(ClinicStepped, ClinicView, clinic);

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

/// Runs the step on an entry of `K` and answers the entry in the workspace's default locale.
async fn run<K: Publishable>(
    state: &AppState,
    member: &WorkspaceMember,
    request: &HttpRequest,
    body: &RawBody,
    (id, name): (Uuid, StepName),
) -> Result<HttpResponse> {
    member.require(name.step(None)?.permission())?;
    let expected = if_match(request)?;
    let (step, (note, accepted)) = body.optional_json_with(|body: Option<StepBody>| {
        let body = body.unwrap_or_default();
        let accepted = accepted_warnings(name, body.accept_warnings);
        Error::both(
            name.step(body.publish_at),
            Error::both(revisions::note(body.note.as_deref()), accepted),
        )
    })?;
    let (scope, reviewer) = (member.scope(), member.user.reviewer_name());
    let asked = (step, note, accepted);
    let (view, findings) =
        state.content.step::<K>(&scope, (id, expected), asked, &reviewer).await?;
    let mut body = serde_json::to_value(&view)
        .map_err(|error| Error::Internal(format!("serializing a stepped entry: {error}")))?;
    body["findings"] = serde_json::json!(findings);
    Ok(with_etag(StatusCode::OK, K::view_version(&view), &body))
}

/// The warnings `approve` accepts; 422 when another step is given any.
fn accepted_warnings(name: StepName, ids: Option<Vec<String>>) -> Result<Vec<String>> {
    match (name, ids) {
        (_, None) => Ok(Vec::new()),
        (StepName::Approve, Some(ids)) => Ok(ids),
        (_, Some(_)) => Err(Error::Validation(vec![crate::error::FieldError::new(
            "accept_warnings",
            "is only accepted by approve",
        )])),
    }
}

macro_rules! step_handler {
    ($name:ident, $operation:literal, $kind:ty, $segment:literal, $view:ty, $tag:literal) => {
        /// Move the entry through the workflow: `submit` (editors), `approve` / `reject`
        /// (reviewers), `publish` (now or at `publish_at`), `unpublish`, `archive`.
        /// A step that does not apply to the entry's status is 409 with `current_status`.
        #[utoipa::path(
            post,
            operation_id = $operation,
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
                (status = 200, description = "The entry after the step, with the claims found in it; the version went up by one", body = $view,
                    headers(("ETag" = String, description = "The new version, quoted"))),
                (status = 409, description = "The step does not apply to the entry's status", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "Invalid body; an approval the claims check refuses (`CLAIMS`, with `findings`); a publish the checklist refuses, naming each missing item", body = Problem, content_type = "application/problem+json"),
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
            run::<$kind>(&state, &member, &request, &body, (id, name)).await
        }
    };
}

step_handler!(
    treatment_step,
    "stepAdminTreatment",
    Treatments,
    "treatments",
    TreatmentStepped,
    "treatments"
);
step_handler!(
    condition_step,
    "stepAdminCondition",
    Conditions,
    "conditions",
    ConditionStepped,
    "conditions"
);
step_handler!(clinic_step, "stepAdminClinic", Clinics, "clinics", ClinicStepped, "clinics");

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
