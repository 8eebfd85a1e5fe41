//! Invitations to a workspace (owners and admins invite; the person invited accepts).

use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::invitations::{self, Acceptor, Invitation};
use crate::accounts::workspaces;
use crate::auth::extract::{AuthUser, WorkspaceMember};
use crate::auth::roles::{Permission, Role};
use crate::error::{Error, FieldError, Problem, Result};
use crate::manage;
use crate::request::body::RawBody;
use crate::state::AppState;
use crate::validated::Email;

#[derive(Serialize, ToSchema)]
pub struct InvitationResponse {
    pub id: Uuid,
    #[schema(example = "reviewer@northshore-skin.example")]
    pub email: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<Invitation> for InvitationResponse {
    fn from(invitation: Invitation) -> Self {
        Self {
            id: invitation.id,
            email: invitation.email,
            role: invitation.role,
            expires_at: invitation.expires_at,
            created_at: invitation.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedInvitation {
    #[serde(flatten)]
    pub invitation: InvitationResponse,
    /// Shown this once: hand it to the person invited, who accepts it at
    /// `POST /v1/invitations/accept`. Works once, until `expires_at`.
    #[schema(example = "cutis_inv_Q3xv9aL0mW8cT2pY7rN4kE1sD6fH5jB9gV0uX3zA2oI")]
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationList {
    pub items: Vec<InvitationResponse>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    #[schema(example = "reviewer@northshore-skin.example")]
    pub email: String,
    pub role: Role,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The token the inviting owner or admin handed over.
    pub token: String,
    /// Without an access token only: the password of the account created now (12 to 512
    /// characters). A signed-in user keeps their own and leaves this out.
    pub password: Option<String>,
    /// Without an access token only: the new account's name (defaults to the email's local part).
    #[schema(example = "Dr. Amira Haddad")]
    pub display_name: Option<String>,
    /// Without an access token only: the new account's professional credentials, published
    /// with the name on the medical reviews it approves.
    #[schema(example = "MD, dermatologist")]
    pub credentials: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AcceptedInvitation {
    #[schema(example = "demo")]
    pub workspace: String,
    pub role: Role,
    pub user_id: Uuid,
    #[schema(example = "reviewer@northshore-skin.example")]
    pub email: String,
}

/// Invitations of the workspace that can still be accepted.
#[utoipa::path(
    get, operation_id = "listAdminInvitations", path = "/admin/v1/workspaces/{workspace}/invitations", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    responses(
        (status = 200, description = "The pending invitations, newest first", body = InvitationList),
    )
)]
pub async fn list(state: web::Data<AppState>, member: WorkspaceMember) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    let items = invitations::list_pending(&state.db, member.workspace.id).await?;
    let items = items.into_iter().map(InvitationResponse::from).collect();
    Ok(HttpResponse::Ok().json(InvitationList { items }))
}

/// Invite someone by email with a role. The answer is the same whether or not the email has
/// an account; it carries the token to hand to them. A pending invitation of the same email
/// is replaced.
#[utoipa::path(
    post, operation_id = "createAdminInvitation", path = "/admin/v1/workspaces/{workspace}/invitations", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo")),
    request_body = Invite,
    responses(
        (status = 201, description = "Invited; the token is shown this once", body = CreatedInvitation),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    body: RawBody,
) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    let (email, role) = body.json_with(|body: Invite| {
        let email = Email::parse(&body.email)
            .map_err(|message| Error::Validation(vec![FieldError::new("email", message)]))?;
        Ok((email, body.role))
    })?;
    let (invitation, token) = manage::invite(&state, &member, &email, role).await?;
    let invitation = InvitationResponse::from(invitation);
    Ok(HttpResponse::Created().json(CreatedInvitation { invitation, token }))
}

/// Revoke a pending invitation: its token stops working.
#[utoipa::path(
    delete, operation_id = "revokeAdminInvitation", path = "/admin/v1/workspaces/{workspace}/invitations/{id}", tag = "members", security(("admin_jwt" = [])),
    params(("workspace" = String, Path, description = "Workspace slug", example = "demo"), ("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such pending invitation", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn revoke(
    state: web::Data<AppState>,
    member: WorkspaceMember,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse> {
    member.require(Permission::ManageMembers)?;
    manage::revoke_invitation(&state, &member, path.into_inner().1).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Accept an invitation. Signed in (with an access token), you join with your account, which
/// must have the email invited. Without an account, give a password (and a name): the account
/// is created with them, then sign in as usual.
#[utoipa::path(
    post, operation_id = "acceptInvitation", path = "/v1/invitations/accept", tag = "members",
    security((), ("admin_jwt" = [])),
    request_body = AcceptInvitation,
    responses(
        (status = 201, description = "You are a member now", body = AcceptedInvitation),
        (status = 401, description = "Bad access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The invitation is for another email", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No invitation has this token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member, or an account exists for the email: sign in to accept", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation was used, revoked or has expired", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn accept(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: RawBody,
) -> Result<HttpResponse> {
    // A bad access token must fail, not quietly fall back to creating an account.
    let caller = match request.headers().contains_key(AUTHORIZATION) {
        true => Some(AuthUser::extract(&request).await?),
        false => None,
    };
    let body: AcceptInvitation = body.json()?;
    let acceptor = match (&caller, body.password.as_deref()) {
        (Some(caller), None) if body.display_name.is_none() && body.credentials.is_none() => {
            Acceptor::SignedIn(&caller.user)
        }
        (Some(_), _) => {
            return Err(Error::Validation(vec![FieldError::new(
                "password",
                "signed in, you join with your account as it is; leave out password, \
                 display_name and credentials (change them at PATCH /v1/me)",
            )]));
        }
        (None, Some(password)) => {
            let (display_name, credentials) =
                (body.display_name.as_deref(), body.credentials.as_deref());
            Acceptor::NewAccount { password, display_name, credentials }
        }
        (None, None) => {
            return Err(Error::Validation(vec![FieldError::new(
                "password",
                "sign in to accept with your account, or give a password to create one",
            )]));
        }
    };
    let accepted = invitations::accept(&state.db, &body.token, acceptor).await?;
    let workspace = workspaces::get(&state.db, accepted.workspace_id).await?;
    Ok(HttpResponse::Created().json(AcceptedInvitation {
        workspace: workspace.slug,
        role: accepted.role,
        user_id: accepted.user.id,
        email: accepted.user.email,
    }))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/admin/v1/workspaces/{workspace}/invitations")
            .route(web::get().to(list))
            .route(web::post().to(create)),
    )
    .service(
        web::resource("/admin/v1/workspaces/{workspace}/invitations/{id}")
            .route(web::delete().to(revoke)),
    )
    .service(web::resource("/v1/invitations/accept").route(web::post().to(accept)));
}
