//! Request extractors: the only place HTTP credentials become callers.
//!
//! Admin endpoints take a JWT ([`AuthUser`], [`WorkspaceMember`]); delivery endpoints take an
//! API key ([`DeliveryKey`]). Each refuses the other kind of credential with 401.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use uuid::Uuid;

pub use super::member::WorkspaceMember;
use crate::accounts::api_keys::{self, KeyKind};
use crate::accounts::users;
use crate::accounts::workspaces::Workspace;
use crate::error::{Error, Result};
use crate::request::id::RequestId;
use crate::state::AppState;

type Extracted<T> = Pin<Box<dyn Future<Output = Result<T>>>>;

/// The bearer credential of a request, if it has one.
fn bearer(request: &HttpRequest) -> Result<String> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| {
            Error::Unauthorized("an Authorization: Bearer header is required".to_owned())
        })?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            Error::Unauthorized("the Authorization header must be Bearer <token>".to_owned())
        })?;
    Ok(token.to_owned())
}

pub(crate) fn state(request: &HttpRequest) -> Result<web::Data<AppState>> {
    request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| Error::Internal("application state is missing".to_owned()))
}

/// A signed-in, enabled user: the request carries a valid access token.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub user: users::User,
}

impl AuthUser {
    async fn from_request(request: HttpRequest) -> Result<Self> {
        let state = state(&request)?;
        let token = bearer(&request)?;
        if api_keys::looks_like_api_key(&token) {
            return Err(Error::Unauthorized(
                "API keys are for the delivery API; the admin API takes an access token".to_owned(),
            ));
        }
        let user_id = state.jwt.verify(&token)?;
        match users::get(&state.db, user_id).await? {
            Some(user) if !user.disabled => Ok(Self { user }),
            _ => Err(Error::Unauthorized("the account no longer exists or is disabled".to_owned())),
        }
    }
}

impl FromRequest for AuthUser {
    type Error = Error;
    type Future = Extracted<Self>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(Self::from_request(request.clone()))
    }
}

impl WorkspaceMember {
    async fn from_request(request: HttpRequest) -> Result<Self> {
        let AuthUser { user } = AuthUser::from_request(request.clone()).await?;
        let state = state(&request)?;
        let slug = request.match_info().get("workspace").unwrap_or_default();
        let mut member = WorkspaceMember::resolve(&state.db, user, slug).await?;
        member.request_id = RequestId::of(&request);
        Ok(member)
    }
}

impl FromRequest for WorkspaceMember {
    type Error = Error;
    type Future = Extracted<Self>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(Self::from_request(request.clone()))
    }
}

/// A delivery or preview API key: the caller is a site or app of one workspace, possibly
/// limited to one clinic.
#[derive(Clone, Debug)]
pub struct DeliveryKey {
    pub key_id: Uuid,
    pub workspace: Workspace,
    pub clinic_id: Option<Uuid>,
    pub kind: KeyKind,
}

impl DeliveryKey {
    async fn from_request(request: HttpRequest) -> Result<Self> {
        let state = state(&request)?;
        let token = bearer(&request)?;
        if !api_keys::looks_like_api_key(&token) {
            return Err(Error::Unauthorized(
                "the delivery API takes an API key (cutis_live_... or cutis_preview_...)"
                    .to_owned(),
            ));
        }
        let known =
            state.delivery.keys.resolve(&state.db, &token).await?.ok_or_else(|| {
                Error::Unauthorized("the API key is unknown or revoked".to_owned())
            })?;
        let (key, workspace) = (&known.key, known.workspace.clone());
        let origin = request.headers().get(header::ORIGIN).and_then(|value| value.to_str().ok());
        let host = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
        let allowed = |origin: &&str| {
            crate::cors::is_same_origin(origin, host)
                || crate::cors::origins_allow(&workspace.cors_origins, origin)
        };
        if let Some(origin) = origin.filter(|o| !allowed(o)) {
            return Err(Error::Forbidden(format!(
                "origin {origin} is not among this workspace's allowed CORS origins"
            )));
        }
        Ok(Self { key_id: key.id, workspace, clinic_id: key.clinic_id, kind: key.kind })
    }
}

impl FromRequest for DeliveryKey {
    type Error = Error;
    type Future = Extracted<Self>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(Self::from_request(request.clone()))
    }
}
