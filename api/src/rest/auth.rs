//! Sessions for the admin API: log in, refresh, log out, and who am I.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::accounts::users::{self, ProfileChange, User};
use crate::accounts::{members, sessions, workspaces};
use crate::auth::extract::AuthUser;
use crate::auth::roles::Role;
use crate::content::validation::{Patch, nullable};
use crate::error::{Problem, Result};
use crate::request::body::RawBody;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "editor@northshore-skin.example")]
    pub email: String,
    #[schema(example = "a long and unguessable passphrase")]
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh; each one works once.
    pub refresh_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT for `Authorization: Bearer` on the admin API.
    pub access_token: String,
    /// Opaque, single-use; exchange it at `/v1/auth/refresh` before the access token expires.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u64,
}

impl From<sessions::TokenPair> for TokenResponse {
    fn from(pair: sessions::TokenPair) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer",
            expires_in: pair.expires_in,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: Uuid,
    #[schema(example = "editor@northshore-skin.example")]
    pub email: String,
    /// The name an approval records as the medical reviewer, with `credentials`.
    #[schema(example = "Dr. Lea Martin")]
    pub display_name: String,
    /// Professional credentials, published after the name: "Dr. Lea Martin, MD, dermatologist".
    #[schema(example = "MD, dermatologist")]
    pub credentials: Option<String>,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
    /// Every workspace the user belongs to, with their role there.
    pub workspaces: Vec<MyWorkspace>,
}

/// A change to how the signed-in person is named. Absent fields stay as they are; `null`
/// clears the credentials.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    /// 1 to 200 characters, no control characters; it cannot be removed.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = String, example = "Dr. Lea Martin")]
    pub display_name: Patch<String>,
    /// Up to 200 characters, no control characters; `null` or `""` removes them.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, example = "MD, dermatologist")]
    pub credentials: Patch<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MyWorkspace {
    #[schema(example = "demo")]
    pub slug: String,
    pub name: String,
    pub role: Role,
}

/// Exchange an email and password for an access token and a refresh token.
#[utoipa::path(
    post,
    operation_id = "login",
    path = "/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is not answering (UNAVAILABLE), or too many sign-ins are hashing at once (BUSY, with Retry-After); retry shortly", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: RawBody,
) -> Result<HttpResponse> {
    let body: LoginRequest = body.json()?;
    let ip = request.peer_addr().map(|address| address.ip());
    state.login_limiter.check(ip, &body.email)?;
    let pair =
        sessions::login(&state.db, &state.jwt, &state.password_gate, &body.email, &body.password)
            .await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(pair)))
}

/// Exchange an unused refresh token for a new pair. Presenting a token twice revokes the
/// session it belongs to.
#[utoipa::path(
    post,
    operation_id = "refreshSession",
    path = "/v1/auth/refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown, used, expired or revoked refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn refresh(state: web::Data<AppState>, body: RawBody) -> Result<HttpResponse> {
    let body: RefreshRequest = body.json()?;
    let pair = sessions::refresh(&state.db, &state.jwt, &body.refresh_token).await?;
    Ok(HttpResponse::Ok().json(TokenResponse::from(pair)))
}

/// End the session of a refresh token. Access tokens already issued expire on their own.
#[utoipa::path(
    post,
    operation_id = "logout",
    path = "/v1/auth/logout",
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out"))
)]
#[tracing::instrument(skip_all)]
pub async fn logout(state: web::Data<AppState>, body: RawBody) -> Result<HttpResponse> {
    let body: RefreshRequest = body.json()?;
    sessions::logout(&state.db, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user and their workspaces.
#[utoipa::path(
    get,
    operation_id = "getMe",
    path = "/v1/me",
    tag = "auth",
    security(("admin_jwt" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = MeResponse),
        (status = 401, description = "No or bad access token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn me(state: web::Data<AppState>, caller: AuthUser) -> Result<HttpResponse> {
    me_response(&state, caller.user).await
}

/// Change the signed-in person's name or credentials. Approvals made from now on record them
/// as the medical reviewer ("Dr. Lea Martin, MD, dermatologist"); past approvals keep the
/// name they were made under.
#[utoipa::path(
    patch,
    operation_id = "updateMe",
    path = "/v1/me",
    tag = "auth",
    security(("admin_jwt" = [])),
    request_body = UpdateMe,
    responses(
        (status = 200, description = "The signed-in user after the change", body = MeResponse),
        (status = 401, description = "No or bad access token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field breaks a rule; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: AuthUser,
    body: RawBody,
) -> Result<HttpResponse> {
    let change = body.json_with(|body: UpdateMe| {
        ProfileChange::parse(
            body.display_name.as_ref().map(Option::as_deref),
            body.credentials.as_ref().map(Option::as_deref),
        )
    })?;
    let user = users::update_profile(&state.db, caller.user.id, change).await?;
    me_response(&state, user).await
}

async fn me_response(state: &AppState, user: User) -> Result<HttpResponse> {
    let mut mine = Vec::new();
    for (workspace_id, role) in members::memberships_of(&state.db, user.id).await? {
        let workspace = workspaces::get(&state.db, workspace_id).await?;
        mine.push(MyWorkspace { slug: workspace.slug, name: workspace.name, role });
    }
    mine.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(HttpResponse::Ok().json(MeResponse {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        credentials: user.credentials,
        is_platform_admin: user.is_platform_admin,
        created_at: user.created_at,
        workspaces: mine,
    }))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/v1/auth/login").route(web::post().to(login)))
        .service(web::resource("/v1/auth/refresh").route(web::post().to(refresh)))
        .service(web::resource("/v1/auth/logout").route(web::post().to(logout)))
        .service(
            web::resource("/v1/me").route(web::get().to(me)).route(web::patch().to(update_me)),
        );
}
